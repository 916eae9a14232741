# pair/small-peer: beta's disk is smaller.  Fresh, the two agree on the
# smaller size, and everything works at that size: the initial full sync
# from the larger disk, a bitmap resync of blocks at the device's end,
# invalidate, a failover; both devices hold the same bytes.  Then a
# Primary already using its whole (larger) disk refuses the small peer,
# and the peer's disk is left untouched.
# disks beta: vda:16M vdb:192M vdc:192M
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
pair_conf
pair_up
size=$(dev_bytes)
if [ "$me" = beta ]; then
	tell "$size"
	hear >/dev/null
else
	want=$(hear)
	check_eq "alpha's device has beta's (smaller) size" "$want" "$size"
	tell "compared"
fi
# The initial sync from the larger disk: it used to mark and send blocks
# past the smaller one and never end.
[ "$me" = alpha ] && must "primary --force r0 on alpha" blkrepadm primary --force r0
must "initial sync done" blkrepadm wait-sync --timeout $((240 * SLOW)) r0
check "both UpToDate after the initial sync" wait_for $((30 * SLOW)) dstate_is UpToDate/UpToDate
pair_met synced
# Blocks at the end of the device, written while beta is away: a bitmap
# resync of them.
if [ "$me" = alpha ]; then
	hear >/dev/null		# beta disconnected
	must "primary on alpha" blkrepadm primary r0
	must "4 MiB at the end of the device, beta away" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=4 seek=$((size / 1048576 - 4)) oflag=direct status=none
	must "secondary on alpha" blkrepadm secondary r0
	tell "written"
else
	must "disconnect beta" blkrepadm disconnect r0
	tell "away"
	hear >/dev/null
	must "connect beta" blkrepadm connect r0
fi
check "bitmap resync done" sh -c "blkrepadm wait-connect --timeout $((60 * SLOW)) r0 && blkrepadm wait-sync --timeout $((120 * SLOW)) r0"
check_eq "both UpToDate after the bitmap resync" UpToDate/UpToDate "$(blkrepadm dstate r0)"
pair_met "resynced"
if [ "$me" = beta ]; then
	check "invalidate on beta (the smaller disk)" blkrepadm invalidate r0
fi
check "full resync after invalidate done" wait_for $((120 * SLOW)) sh -c "blkrepadm wait-sync --timeout 5 r0 && [ \"\$(blkrepadm dstate r0)\" = UpToDate/UpToDate ]"
pair_met "invalidated"
pair_compare "unequal disks" alpha
must "down r0" blkrepadm down r0
if [ "$me" = alpha ]; then
	must "create-md again" blkrepadm create-md --force r0
	must "up r0, alone" blkrepadm up r0
	must "primary --force alone" blkrepadm primary --force r0
	big=$(dev_bytes)
	check "alone, the device is larger than beta's" test "$big" -gt "$size"
	tell "primary"
	hear >/dev/null		# beta tried
	check "still Primary" sh -c 'blkrepadm role r0 | grep -q ^Primary/'
	check_eq "device size unchanged" "$big" "$(dev_bytes)"
	check "the refusal is logged" sh -c 'dmesg | grep -q "too small for this Primary"'
else
	must "create-md again" blkrepadm create-md --force r0
	hear >/dev/null		# alpha is Primary
	must "up r0" blkrepadm up r0
	check "refused: StandAlone within 60 s" wait_for $((60 * SLOW)) cstate_is StandAlone
	check "the refusal is logged" sh -c 'dmesg | grep -q "too small for the Primary"'
	check_eq "beta's disk untouched: still Inconsistent" Inconsistent/DUnknown "$(blkrepadm dstate r0)"
	check_eq "nothing written to beta's disk" 0 "$(proc_field dw)"
	tell "tried"
fi
pair_down
finish
