# pair/peer-disk-error: the Secondary's disk fails the Primary's writes
# (fault injection on beta: every write to its disk reports an error).
# Alpha's writes still succeed (its own disk has them), but beta must not
# go on calling itself UpToDate: alpha drops the connection, and on the
# reconnect beta is a SyncTarget, Inconsistent, and refuses primary for
# as long as its disk cannot take the blocks.  Once the disk works again
# the resync completes and both devices hold the same bytes.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
pair_conf "net { connect-int 2; }"
pair_up
pair_skip_sync
fi=/sys/module/blkrep/parameters/fi_fail_write_pct
if [ "$me" = alpha ]; then
	must "primary on alpha" blkrepadm primary r0
	hear >/dev/null		# beta's disk fails its writes now
	check "a write beta's disk fails succeeds on alpha" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=2 seek=20 oflag=direct status=none
	check "alpha drops the connection and says why" wait_for $((30 * SLOW)) sh -c 'dmesg | grep -q "the peer.s disk failed a write"'
	check "alpha sees beta Inconsistent, never UpToDate again" wait_for $((60 * SLOW)) dstate_is UpToDate/Inconsistent
	tell "inconsistent"
	hear >/dev/null		# beta's disk works again
	check "the resync completes" blkrepadm wait-sync --timeout $((120 * SLOW)) r0
	check_eq "alpha sees beta UpToDate" UpToDate/UpToDate "$(blkrepadm dstate r0)"
	pair_compare "after the resync" alpha
else
	must "fault injection: every write to beta's disk fails" sh -c "echo 100 >$fi"
	tell "failing"
	check "beta logs the failed write" wait_for $((30 * SLOW)) sh -c 'dmesg | grep -q "writing the peer.s replicated data at sector"'
	hear >/dev/null		# alpha saw us Inconsistent
	check_eq "beta is Inconsistent" Inconsistent "$(blkrepadm dstate r0 | cut -d/ -f1)"
	check_fails_with "beta refuses primary" 1 "blkrepadm: r0:" blkrepadm primary r0
	check "fault injection off" sh -c "echo 0 >$fi"
	tell "healed"
	check "the resync completes" blkrepadm wait-sync --timeout $((120 * SLOW)) r0
	pair_compare "after the resync" alpha
fi
pair_down
finish
