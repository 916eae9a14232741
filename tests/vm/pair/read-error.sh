# pair/read-error: alpha's disk fails reads under the Primary (fault
# injection: every local read reports an error) with on-io-error detach.
# The read that hit the error is asked of beta and returns the right data,
# alpha detaches its disk, and later reads are served by beta too.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
pair_conf "disk { on-io-error detach; }"
pair_up
pair_skip_sync
fi=/sys/module/blkrep/parameters/fi_fail_read_pct
if [ "$me" = alpha ]; then
	must "primary on alpha" blkrepadm primary r0
	dd if=/dev/urandom of=/tmp/a.bin bs=1M count=4 status=none
	want=$(sha256sum </tmp/a.bin | cut -d' ' -f1)
	must "write a region with a healthy disk" dd if=/tmp/a.bin of=/dev/blkrep0 bs=1M seek=40 oflag=direct status=none
	must "fault injection: every local read fails" sh -c "echo 100 >$fi"
	check_eq "the region reads back right although the local disk fails" "$want" "$(dev_region 40 4)"
	check "alpha detached its disk: Diskless/UpToDate" wait_for $((30 * SLOW)) dstate_is Diskless/UpToDate
	check "fault injection off" sh -c "echo 0 >$fi"
	check "the read error is logged" sh -c 'dmesg | grep -q "I/O error on the backing disk: detaching it"'
	check_eq "read again while Diskless (from beta)" "$want" "$(dev_region 40 4)"
	check "secondary on alpha (Diskless)" blkrepadm secondary r0
	tell "$want"
	hear >/dev/null
else
	want=$(hear)
	must "primary on beta (failover)" blkrepadm primary r0
	check_eq "beta holds the region" "$want" "$(dev_region 40 4)"
	check "secondary on beta" blkrepadm secondary r0
	tell "compared"
fi
pair_down
finish
