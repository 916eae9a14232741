# pair/protocols: protocol A and protocol B with crc32c data integrity.
# For each: connect, sync, write 16 MiB of random data on alpha with
# direct I/O plus fsync, fail over to beta, and compare checksums.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
for proto in A B; do
	pair_conf "protocol $proto; net { data-integrity-alg crc32c; }"
	pair_up
	pair_sync_initial
	check_output "protocol $proto in /proc" " $proto ------" cat /proc/blkrep
	[ "$me" = alpha ] &&
		must "write 16 MiB ($proto)" dd if=/dev/urandom of=/dev/blkrep0 bs=64k count=256 seek=50 oflag=direct conv=fsync status=none
	pair_compare "protocol $proto" alpha
	pair_down
done
finish
