# pair/resync-bitmap: after a disconnect only the written blocks move.
# Alpha and beta sync up, then beta disconnects.  Alpha (Primary) writes
# 8 MiB while alone: the bitmap marks exactly those 8 MiB out of sync.  Beta
# reconnects; the resync sends only them (beta's nr counter grows by about
# 8 MiB, not by the 256 MiB device), and afterwards both devices hold the
# same bytes.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
pair_conf
pair_up
pair_sync_initial
if [ "$me" = beta ]; then
	check "disconnect beta" blkrepadm disconnect r0
	tell "disconnected"
	hear >/dev/null		# alpha wrote
	nr0=$(proc_field nr)
	check "connect again" blkrepadm connect r0
	check "resync done" blkrepadm wait-sync --timeout $((120 * SLOW)) r0
	nr1=$(proc_field nr)
	note "beta received $((nr1 - nr0)) KiB in the resync"
	check "resync moved at least the 8 MiB written" test $((nr1 - nr0)) -ge 8192
	check "resync moved less than 9 MiB (not the whole device)" test $((nr1 - nr0)) -lt 9216
	tell "synced"
	want=$(hear)		# alpha's checksum, sent once it is Secondary
	must "primary on beta" blkrepadm primary r0
	check_eq "both devices hold the same bytes" "$want" "$(dev_sum)"
else
	hear >/dev/null		# beta disconnected
	check "alpha sees the connection gone" wait_for $((30 * SLOW)) sh -c '! blkrepadm cstate r0 | grep -qx Connected'
	must "write 8 MiB while alone" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=8 seek=100 oflag=direct status=none
	oos=$(proc_field oos)
	note "alpha: oos=$oos KiB"
	check_eq "exactly the 8 MiB written are out of sync" 8192 "$oos"
	tell "written"
	hear >/dev/null		# beta synced
	check_eq "nothing out of sync after the resync" 0 "$(proc_field oos)"
	sum=$(dev_sum)
	check "secondary on alpha" blkrepadm secondary r0
	tell "$sum"
fi
pair_down
finish
