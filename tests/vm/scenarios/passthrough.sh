# passthrough: what the application asks of the device reaches the disk.
# Synchronous and direct writes (flush/FUA) work, blkdiscard and blkdiscard
# -z (write zeroes) succeed and read back as zeros, and fio writes 4k random
# blocks with crc32c verification for about ten seconds without a mismatch.
# With al-extents 7 a discard wider than the activity log completes.
. "$BLKREP_REPO/tests/vm/guest-lib.sh"

fresh_disks
write_conf internal
must "insmod blkrep.ko" load_module
must "create-md" blkrepadm create-md r0
must "up" blkrepadm up r0
must "primary --force" blkrepadm primary --force r0
check "dd with oflag=direct,sync (FUA/flush)" \
	dd if=/dev/urandom of=/dev/blkrep0 bs=64k count=64 oflag=direct,sync status=none
check "fsync flush of the whole device" sh -c 'dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=4 conv=fsync status=none'

zeros() {	# zeros OFFSET_MIB LEN_MIB: that range reads back as zeros
	cmp -n $(($2 << 20)) <(dd if=/dev/blkrep0 bs=1M skip="$1" count="$2" iflag=direct status=none) /dev/zero
}
check "device advertises discard" sh -c 'test "$(cat /sys/block/blkrep0/queue/discard_max_bytes)" -gt 0'
check "write data before discard" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=8 oflag=direct status=none
check "blkdiscard -z (write zeroes) of 4 MiB" blkdiscard -z -o 0 -l $((4 << 20)) /dev/blkrep0
check "zeroed range reads zeros" zeros 0 4
# cmp exits 1 when the data differs from zeros (2 on trouble).
check_fails_with "data after the zeroed range untouched" 1 "differ" \
	bash -c 'cmp -n 1048576 <(dd if=/dev/blkrep0 bs=1M skip=5 count=1 iflag=direct status=none) /dev/zero >&2'
check "blkdiscard of the whole device" blkdiscard /dev/blkrep0
# A discard may leave the old data (it is a hint), so only write zeroes is
# asserted to read zeros; the discarded range is read only to see it work.
check "discarded range reads back" dd if=/dev/blkrep0 of=/dev/null bs=1M count=8 iflag=direct status=none

if command -v fio >/dev/null; then
	check "fio 4k randwrite with crc32c verify (~10 s)" \
		fio --name=verify --filename=/dev/blkrep0 --direct=1 --ioengine=psync \
		--rw=randwrite --bs=4k --size=64M --time_based --runtime=10 \
		--verify=crc32c --verify_fatal=1 --do_verify=1 --verify_backlog=64 \
		--output=/tmp/fio.out
	check "fio read-back verify" \
		fio --name=verify --filename=/dev/blkrep0 --direct=1 --ioengine=psync \
		--rw=randwrite --bs=4k --size=8M --verify=crc32c --verify_fatal=1 \
		--do_verify=1 --output=/tmp/fio2.out
	cat /tmp/fio.out /tmp/fio2.out 2>/dev/null | grep -E 'IOPS|err=' 
else
	skip "fio verify" "fio not installed in the guest root"
fi
check "down" blkrepadm down r0
# The smallest activity log (al-extents 7) and a discard (one request: the
# disk takes discards of GiBs) over ten of its 4 MiB extents: more than
# the log holds at once.  It used to wait for ever; the bitmap covers it
# now.
# (al-extents is written by create-md.)
sed -i 's/^resource r0 {$/resource r0 {\n\tdisk { al-extents 7; }/' /etc/blkrep.conf
fresh_disks
must "create-md with al-extents 7" blkrepadm create-md r0
must "up with al-extents 7" blkrepadm up r0
must "primary --force" blkrepadm primary --force r0
check "discard over 10 extents with al-extents 7" timeout $((60 * SLOW)) blkdiscard -o $((4 << 20)) -l $((40 << 20)) /dev/blkrep0
check "the range reads back" dd if=/dev/blkrep0 of=/dev/null bs=1M skip=4 count=40 iflag=direct status=none
check "down (al-extents 7)" blkrepadm down r0
check "rmmod" unload_module
finish
