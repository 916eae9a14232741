# pair/failover: replication end to end, on alpha and beta at once.
# Both write metadata and come up; alpha is forced Primary, which starts a
# full initial sync to beta.  Alpha then writes 32 MiB of random data with
# direct I/O, takes the checksum of the whole device and becomes Secondary;
# it sends the checksum to beta over the wire.  Beta becomes Primary and
# must read exactly the same bytes.  Finally the counters prove the data
# went over the network, and both sides go down cleanly.
. "$BLKREP_REPO/tests/vm/guest-lib.sh"
me=$(hostname)
nc_port=9000

fresh_disks
write_conf internal
must "insmod blkrep.ko" load_module
must "create-md r0" blkrepadm create-md r0
must "up r0" blkrepadm up r0
check "connected within 60 s" blkrepadm wait-connect --timeout 60 r0

if [ "$me" = alpha ]; then
	must "primary --force r0 (initial full sync to beta)" blkrepadm primary --force r0
	check "initial sync done within 180 s" blkrepadm wait-sync --timeout 180 r0
	check_output "proc shows Connected, peer UpToDate" "ds:UpToDate/UpToDate" cat /proc/blkrep
	must "write 32 MiB of random data" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=32 seek=8 oflag=direct status=none
	sum=$(timeout 120 sha256sum /dev/blkrep0 | cut -d' ' -f1)
	note "alpha's checksum: $sum"
	check "secondary r0" blkrepadm secondary r0
	check "tell beta the checksum" sh -c "echo $sum | timeout 60 busybox nc 192.0.2.2 $nc_port"
	# Beta takes over; wait until it is Primary before going down.
	for i in $(seq 1 120); do grep -q 'ro:Secondary/Primary' /proc/blkrep && break; sleep 1; done
	check_output "beta became Primary" "ro:Secondary/Primary" cat /proc/blkrep
	# beta listens once it has compared (its checksum takes a while)
	check "tell beta it was seen Primary" sh -c "for i in \$(seq 1 120); do echo seen | timeout 5 busybox nc 192.0.2.2 $nc_port && exit 0; sleep 1; done; exit 1"
else
	check "initial sync done within 180 s" blkrepadm wait-sync --timeout 180 r0
	want=$(timeout 300 busybox nc -l -p $nc_port)
	note "alpha says: $want"
	must "primary r0 on beta" blkrepadm primary r0
	got=$(timeout 120 sha256sum /dev/blkrep0 | cut -d' ' -f1)
	check_eq "beta reads exactly alpha's data" "$want" "$got"
	nr=$(sed -n 's/.* nr:\([0-9]*\) .*/\1/p' /proc/blkrep)
	note "beta received nr=${nr:-0} KiB"
	check "received over the network (nr > 32 MiB)" test "${nr:-0}" -gt 32768
	timeout 120 busybox nc -l -p $nc_port >/dev/null	# alpha saw beta Primary
	check "secondary r0 on beta" blkrepadm secondary r0
fi
cat /proc/blkrep
check "down r0" blkrepadm down r0
check "rmmod" unload_module
finish
