# pair/io-error: alpha's disk fails under the Primary (fault injection:
# every local write reports an error) with on-io-error detach.  The write
# that hit the error still succeeds (beta has it), alpha detaches its disk
# and goes on Diskless: it reads what it wrote before and after through
# beta, and writes go to beta only.  Beta starts a new generation.  After
# a failover beta holds every byte alpha wrote.  Then alpha, Secondary
# with its disk back, has a disk that fails beta's writes: it detaches
# too, beta goes on alone, and alpha's repaired disk resyncs.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
pair_conf "disk { on-io-error detach; }"
pair_up
pair_skip_sync
fi=/sys/module/blkrep/parameters/fi_fail_write_pct
if [ "$me" = alpha ]; then
	must "primary on alpha" blkrepadm primary r0
	for f in a b c; do dd if=/dev/urandom of=/tmp/$f.bin bs=1M count=4 status=none; done
	must "write region a with a healthy disk" dd if=/tmp/a.bin of=/dev/blkrep0 bs=1M seek=10 oflag=direct status=none
	must "fault injection: every local write fails" sh -c "echo 100 >$fi"
	check "a write the local disk fails succeeds (the peer has it)" dd if=/tmp/b.bin of=/dev/blkrep0 bs=1M seek=30 oflag=direct status=none
	check "alpha detached its disk: Diskless/UpToDate" wait_for $((30 * SLOW)) dstate_is Diskless/UpToDate
	check "fault injection off" sh -c "echo 0 >$fi"
	check "the detach is logged" sh -c 'dmesg | grep -q "I/O error on the backing disk: detaching it"'
	check "a write while Diskless succeeds" dd if=/tmp/c.bin of=/dev/blkrep0 bs=1M seek=50 oflag=direct status=none
	# The repaired disk may not come back under the live connection: it
	# lacks region c and would serve its old contents.
	check_fails_with "attach while Primary and connected is refused" 1 "disconnect first" blkrepadm attach r0
	check "still Diskless/UpToDate after the refused attach" dstate_is Diskless/UpToDate
	check_eq "region a reads back through the peer" "$(sha256sum </tmp/a.bin | cut -d' ' -f1)" "$(dev_region 10 4)"
	check_eq "region b reads back through the peer" "$(sha256sum </tmp/b.bin | cut -d' ' -f1)" "$(dev_region 30 4)"
	check_eq "region c reads back through the peer" "$(sha256sum </tmp/c.bin | cut -d' ' -f1)" "$(dev_region 50 4)"
	sums="$(dev_region 10 4) $(dev_region 30 4) $(dev_region 50 4)"
	check "secondary on alpha (Diskless)" blkrepadm secondary r0
	tell "$sums"
	hear >/dev/null
else
	sums=$(hear)
	check "beta started a new generation" sh -c 'dmesg | grep -q "the peer lost its disk"'
	must "primary on beta (failover)" blkrepadm primary r0
	check_eq "beta holds every byte alpha wrote" "$sums" "$(dev_region 10 4) $(dev_region 30 4) $(dev_region 50 4)"
	tell "compared"
fi

# Now the Secondary's disk fails a write from the Primary: it detaches
# too (it used to answer negative acks, and its resync retried the
# failing blocks for ever).  Beta, Primary, goes on alone; alpha comes
# back with its repaired disk through a resync.
if [ "$me" = alpha ]; then
	must "down r0 (Diskless)" blkrepadm down r0
	must "up r0: the repaired disk comes back" blkrepadm up r0
	check "resynced from beta" sh -c "blkrepadm wait-connect --timeout $((60 * SLOW)) r0 && blkrepadm wait-sync --timeout $((120 * SLOW)) r0"
	check_eq "alpha UpToDate again" UpToDate/UpToDate "$(blkrepadm dstate r0)"
	must "fault injection: every write to alpha's disk fails" sh -c "echo 100 >$fi"
	tell "failing"
	check "alpha, Secondary, detached its disk" wait_for $((30 * SLOW)) sh -c '[ "$(blkrepadm dstate r0 | cut -d/ -f1)" = Diskless ]'
	check "alpha's log: detached after the peer's write failed" sh -c 'dmesg | grep -q "I/O error on the backing disk: detaching it"'
	check "fault injection off" sh -c "echo 0 >$fi"
	hear >/dev/null		# beta wrote on alone
	must "down r0" blkrepadm down r0
	must "up r0 with the repaired disk" blkrepadm up r0
	tell "up"
	check "resynced from beta again" sh -c "blkrepadm wait-connect --timeout $((60 * SLOW)) r0 && blkrepadm wait-sync --timeout $((120 * SLOW)) r0"
	check_eq "alpha UpToDate" UpToDate/UpToDate "$(blkrepadm dstate r0)"
	tell "synced"
else
	hear >/dev/null		# alpha's disk fails now
	check "a write alpha's disk fails succeeds on beta" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=2 seek=70 oflag=direct status=none
	check "beta goes on without alpha's disk" wait_for $((30 * SLOW)) sh -c '! blkrepadm dstate r0 | grep -q "/UpToDate$"'
	check "a write without alpha succeeds" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=2 seek=90 oflag=direct status=none
	tell "written"
	# A Diskless node cannot connect (the handshake wants two disks).
	check "beta StandAlone after the Diskless peer's try" wait_for $((30 * SLOW)) cstate_is StandAlone
	hear >/dev/null		# alpha is up with its repaired disk
	must "connect r0 again" blkrepadm connect r0
	hear >/dev/null		# alpha resynced
fi
pair_compare "after the Secondary's disk came back" beta
pair_down
finish
