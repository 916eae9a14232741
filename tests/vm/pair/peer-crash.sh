# pair/peer-crash: the Secondary loses power while connected (the host
# kills beta's qemu in the middle of alpha's writes).  Alpha, Primary,
# notices within seconds and keeps serving writes, marking them out of
# sync.  Beta boots again, comes up from its metadata (no create-md), and
# the resync moves only what alpha wrote meanwhile; both devices end
# identical.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
pair_conf
if [ "$me" = beta ] && [ "$BLKREP_BOOT" -gt 1 ]; then
	must "insmod blkrep.ko after the power cut" load_module
	hear >/dev/null		# alpha has written alone and counted
	must "up r0 from the metadata left by the crash" blkrepadm up r0
	check "resync done" blkrepadm wait-sync --timeout $((120 * SLOW)) r0
	nr=$(proc_field nr)
	note "beta received $nr KiB since it came back"
	check "the resync moved at least the 8 MiB written while beta was down" test "$nr" -ge 8192
	check "the resync moved less than 20 MiB (not the 256 MiB device)" test "$nr" -lt 20480
	tell "synced"
	pair_compare peer-crash alpha
	pair_down
	finish
fi
pair_up
pair_skip_sync
if [ "$me" = beta ]; then
	tell "ready"
	hear >/dev/null		# alpha is writing: the power cut comes now
	host_crash restart 2
fi
must "primary on alpha" blkrepadm primary r0
hear >/dev/null			# beta is ready
tell "writing"
# Writes in flight while beta dies: 1 MiB every 0.2 s over one region.
t0=$(date +%s)
for i in $(seq 1 30); do
	dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=1 seek=$((100 + i % 8)) oflag=direct status=none || break
	sleep 0.2
done
check "every write completed" test "$i" = 30
check "the Primary noticed the lost peer within 30 s" wait_for $((30 * SLOW)) sh -c '! blkrepadm cstate r0 | grep -qx Connected'
note "writes and detection took $(($(date +%s) - t0)) s"
t1=$(date +%s)
must "write 8 MiB while alone" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=8 seek=150 oflag=direct status=none
check "writes without the peer are not held up (< 10 s)" test $(($(date +%s) - t1)) -lt $((10 * SLOW))
oos=$(proc_field oos)
note "alpha: oos=$oos KiB"
check "at least the 8 MiB written alone are out of sync" test "$oos" -ge 8192
tell "come back"		# beta waits for this before it comes up
hear >/dev/null			# beta came back and synced
check_eq "nothing out of sync after the resync" 0 "$(proc_field oos)"
pair_compare peer-crash alpha
pair_down
finish
