# pair/protocols: protocol A and protocol B with crc32c data integrity.
# For each: connect, sync, write 16 MiB of random data on alpha with
# direct I/O plus fsync, fail over to beta, and compare checksums.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
for proto in A B; do
	pair_conf "protocol $proto; net { data-integrity-alg crc32c; }"
	pair_up
	pair_sync_initial
	check_output "protocol $proto in /proc" " $proto ------" cat /proc/blkrep
	if [ "$me" = alpha ]; then
		must "write 16 MiB ($proto)" dd if=/dev/urandom of=/dev/blkrep0 bs=64k count=256 seek=50 oflag=direct conv=fsync status=none
		sum=$(dev_sum)
		check "secondary ($proto)" blkrepadm secondary r0
		tell "$sum"
		hear >/dev/null
	else
		want=$(hear)
		must "primary on beta ($proto)" blkrepadm primary r0
		check_eq "beta holds alpha's bytes (protocol $proto)" "$want" "$(dev_sum)"
		check "secondary on beta ($proto)" blkrepadm secondary r0
		tell "ok"
	fi
	pair_down
done
finish
