# pair/protocols: protocol A and protocol B with crc32c data integrity.
# For each: connect, sync, write 16 MiB of random data on alpha with
# direct I/O plus fsync, fail over to beta, and compare checksums.
# Also 4 MiB direct writes from huge pages: their bios carry multi-page
# bvecs and exceed one packet's data (1 MiB) unless the device splits them
# (a database's buffer pool on huge pages does this).
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
for proto in A B; do
	pair_conf "protocol $proto; net { data-integrity-alg crc32c; }"
	pair_up
	pair_sync_initial
	check_output "protocol $proto in /proc" " $proto ------" cat /proc/blkrep
	[ "$me" = alpha ] &&
		must "write 16 MiB ($proto)" dd if=/dev/urandom of=/dev/blkrep0 bs=64k count=256 seek=50 oflag=direct conv=fsync status=none
	if [ "$me" = alpha ]; then
		echo 16 >/proc/sys/vm/nr_hugepages
		must "4 MiB writes from huge pages ($proto)" fio --name=huge --filename=/dev/blkrep0 \
			--rw=write --bs=4M --size=16M --offset=100M --direct=1 --ioengine=libaio \
			--iodepth=2 --iomem=shmhuge --refill_buffers --output=/dev/null
		check_eq "still connected after the big writes ($proto)" Connected "$(blkrepadm cstate r0)"
	fi
	pair_compare "protocol $proto" alpha
	check "no protocol error ($proto)" sh -c '! dmesg | grep "protocol error"'
	pair_down
done
finish
