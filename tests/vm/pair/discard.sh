# pair/discard: discard and write-zeroes are replicated.  After the initial
# sync alpha makes a file system (mkfs discards the whole device at once:
# the connection must survive the ack of such a large discard), fills 16 MiB with random data, then zeroes 4 MiB of it with
# blkdiscard -z (write zeroes) and discards another 4 MiB; beta, after
# failover, reads zeros in both ranges and the same bytes everywhere.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
pair_conf
pair_up
pair_sync_initial
if [ "$me" = alpha ]; then
	# mkfs discards the whole device in one go: far more than one packet.
	must "mkfs.ext4 (discards the whole device)" mkfs.ext4 -q -F /dev/blkrep0
	check_output "still connected after mkfs" "Connected" blkrepadm cstate r0
	must "fill 16 MiB" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=16 seek=32 oflag=direct status=none
	check "write zeroes over 4 MiB" blkdiscard -z -o $((32 << 20)) -l $((4 << 20)) /dev/blkrep0
	check "discard 4 MiB" blkdiscard -o $((40 << 20)) -l $((4 << 20)) /dev/blkrep0
	sum=$(dev_sum)
	check "secondary" blkrepadm secondary r0
	tell "$sum"
	hear >/dev/null
else
	want=$(hear)
	must "primary on beta" blkrepadm primary r0
	check "zeroed range reads zeros on beta" sh -c "dd if=/dev/blkrep0 bs=1M skip=32 count=4 status=none | cmp -s - /dev/zero -n $((4 << 20))"
	check "discarded range reads zeros on beta" sh -c "dd if=/dev/blkrep0 bs=1M skip=40 count=4 status=none | cmp -s - /dev/zero -n $((4 << 20))"
	check_eq "beta holds alpha's bytes" "$want" "$(dev_sum)"
	tell "ok"
fi
pair_down
finish
