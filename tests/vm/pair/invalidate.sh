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
	check "disconnect alpha" blkrepadm disconnect r0
	check_fails_with "invalidate refused without a connection" 1 "not connected" blkrepadm invalidate r0
	check_fails_with "invalidate-remote refused without a connection" 1 "not connected" blkrepadm invalidate-remote r0
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
pair_down
finish
