# pair/invalidate: the operator forces a full resync in either direction.
# invalidate on beta throws beta's data away and pulls every block from
# alpha; invalidate-remote on alpha pushes every block to beta again.
# Both are refused where they would hurt a Primary, and without a peer.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
pair_conf
pair_up
pair_skip_sync
full_kib=$(( $(dev_bytes) / 1024 ))
if [ "$me" = alpha ]; then
	must "primary on alpha" blkrepadm primary r0
	must "write 16 MiB on alpha" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=16 seek=10 oflag=direct status=none
	check_fails_with "invalidate refused on the Primary" 1 "Primary" blkrepadm invalidate r0
	ns0=$(proc_field ns)
	tell "primary"
	hear >/dev/null		# beta invalidated itself and is UpToDate again
	check "alpha sent the whole device for invalidate" test $(( $(proc_field ns) - ns0 )) -ge "$full_kib"
	sum=$(dev_sum)
	check "secondary on alpha" blkrepadm secondary r0
	ns0=$(proc_field ns)
	check "invalidate-remote on alpha" blkrepadm invalidate-remote r0
	check "resync after invalidate-remote done" blkrepadm wait-sync --timeout $((240 * SLOW)) r0
	check "alpha sent the whole device again" test $(( $(proc_field ns) - ns0 )) -ge "$full_kib"
	tell "$sum"
	hear >/dev/null		# beta compared
else
	hear >/dev/null		# alpha is Primary
	check_fails_with "invalidate-remote refused while the peer is Primary" 1 "Primary" blkrepadm invalidate-remote r0
	check "invalidate on beta" blkrepadm invalidate r0
	check "beta Inconsistent or already resyncing" sh -c 'blkrepadm dstate r0 | grep -q "^Inconsistent/UpToDate"'
	check "resync after invalidate done" blkrepadm wait-sync --timeout $((240 * SLOW)) r0
	check_eq "beta UpToDate again" UpToDate/UpToDate "$(blkrepadm dstate r0)"
	tell "synced"
	want=$(hear)		# alpha Secondary, invalidate-remote done
	check "resync after invalidate-remote done on beta" blkrepadm wait-sync --timeout $((60 * SLOW)) r0
	must "primary on beta" blkrepadm primary r0
	check_eq "both devices hold the same bytes" "$want" "$(dev_sum)"
	check "secondary on beta" blkrepadm secondary r0
	tell "compared"
fi

# Racing commands: both operators at the same moment.  invalidate-remote
# on alpha and invalidate on beta ask for the same resync: both commands
# succeed (or one finds the other's resync running) and the link stays
# up.  Then a disconnect on alpha races an invalidate on beta: the pair
# comes back in sync, and a later invalidate is not refused as if a
# resync still ran.
race() {	# race CMD: run CMD the moment both nodes are here; its verdict
	local err
	if [ "$me" = alpha ]; then tell go; else hear >/dev/null; fi
	err=$(timeout $((60 * SLOW)) blkrepadm "$@" r0 2>&1) && { echo ok; return; }
	case "$err" in
	*"resync is running"*|*"not connected"*|*"went down"*) echo refused ;;
	*) echo "failed: $err" ;;
	esac
}
settled() {	# the pair is Connected, in sync, both UpToDate
	blkrepadm wait-connect --timeout $((60 * SLOW)) r0 >/dev/null 2>&1 &&
		blkrepadm wait-sync --timeout $((120 * SLOW)) r0 >/dev/null 2>&1 &&
		dstate_is UpToDate/UpToDate
}
must "connected and in sync before the races" wait_for $((60 * SLOW)) settled
fails0=$(dmesg | grep -c "connection failed")
verdicts=
for r in 1 2; do
	if [ "$me" = alpha ]; then v=$(race invalidate-remote); else v=$(race invalidate); fi
	verdicts="$verdicts $v"
	check "race $r: in sync again" wait_for $((120 * SLOW)) settled
done
note "invalidate-remote / invalidate at once:$verdicts"
check_eq "every racing command succeeded or found the resync running" "" "$(echo "$verdicts" | tr ' ' '\n' | grep -v '^ok$\|^refused$\|^$')"
check_eq "the link stayed up through the races" "$fails0" "$(dmesg | grep -c "connection failed")"
if [ "$me" = alpha ]; then
	tell go
	check "disconnect and connect during beta's invalidate" sh -c 'blkrepadm disconnect r0 && blkrepadm connect r0'
	check "in sync again after the disconnect race" wait_for $((120 * SLOW)) settled
	hear >/dev/null
else
	hear >/dev/null
	v=$(timeout $((60 * SLOW)) blkrepadm invalidate r0 2>&1)
	note "invalidate during alpha's disconnect: ${v:-ok}"
	check "in sync again after the disconnect race" wait_for $((120 * SLOW)) settled
	check "invalidate works afterwards (no resync left running)" blkrepadm invalidate r0
	check "and its resync ends" wait_for $((120 * SLOW)) settled
	tell "done"
fi
pair_compare "after the races" alpha
if [ "$me" = alpha ]; then
	check "disconnect alpha" blkrepadm disconnect r0
	check_fails_with "invalidate refused without a connection" 1 "not connected" blkrepadm invalidate r0
	check_fails_with "invalidate-remote refused without a connection" 1 "not connected" blkrepadm invalidate-remote r0
fi
pair_down
finish
