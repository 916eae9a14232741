# pair/small-peer: beta's disk is smaller.  Fresh, the two agree on the
# smaller size.  A Primary already using its whole (larger) disk refuses the
# small peer, and the peer's disk is left untouched.
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
