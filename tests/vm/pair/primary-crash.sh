# pair/primary-crash: the Primary loses power in the middle of writes.
# Alpha writes numbered 4 KiB blocks one after another (protocol C: each
# completes only when both disks have it) and logs every completed number
# to the host's results share, while fio writes randomly elsewhere; then
# the host kills alpha's qemu.  Beta is promoted at once, as a cluster
# manager would (the promotion pings the silent peer instead of waiting
# for the ping timer), and writes on.
# Alpha boots again: its activity log marks only the few extents it was
# writing (not the whole device), it resyncs from beta as target, and in
# the end every block alpha saw completed is on beta and both devices
# hold the same bytes.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
pair_conf
acked=$RES_DIR/acked-blocks
if [ "$me" = alpha ] && [ "$BLKREP_BOOT" -gt 1 ]; then
	must "insmod blkrep.ko after the power cut" load_module
	# Connect only once beta has taken over: rebooted before beta's ping
	# timer declared the old connection dead, alpha would meet a
	# Secondary and the crashed-Primary rule would make beta the target.
	msg=$(hear)
	check_eq "beta has taken over" "beta is Primary" "${msg% at *}"
	# Both guest clocks come from the host's: good to a fraction of a second.
	note "beta was Primary $(awk -v a="$(cat "$RES_DIR/power-cut-at" 2>/dev/null)" -v b="${msg##* at }" 'BEGIN { printf "%.1f", b - a }') s after the power cut"
	must "up r0 from the metadata left by the crash" blkrepadm up r0
	line=$(dmesg | grep -o "crashed Primary: [0-9]* active extent" | tail -n 1)
	note "$line"
	n=$(echo "$line" | grep -o "[0-9]*" | head -n 1)
	check "the activity log names the extents alpha was writing" test "${n:-0}" -ge 2
	check "only a few extents, not the whole device (<= 12)" test "${n:-99}" -le 12
	check "resync from beta done" blkrepadm wait-sync --timeout $((180 * SLOW)) r0
	nr=$(proc_field nr)
	note "alpha received $nr KiB"
	check "the resync moved less than 64 MiB (not the 256 MiB device)" test "$nr" -lt 65536
	last=$(tail -n 1 "$acked" 2>/dev/null)
	note "last block alpha saw completed: ${last:-none}"
	check "alpha completed numbered blocks before the crash" test "${last:-0}" -ge 10
	tell "${last:-0}"
	want=$(hear)		# beta checked the blocks and is Secondary
	must "primary on alpha" blkrepadm primary r0
	check_eq "both devices hold the same bytes" "$want" "$(dev_sum)"
	check "secondary on alpha" blkrepadm secondary r0
	tell "compared"
	pair_down
	finish
fi
pair_up
pair_skip_sync
if [ "$me" = alpha ]; then
	must "primary on alpha" blkrepadm primary r0
	rm -f "$acked"
	fio --name=load --filename=/dev/blkrep0 --rw=randwrite --bs=4k \
		--offset=64M --size=24M --ioengine=libaio --iodepth=8 --direct=1 \
		--time_based --runtime=300 >/dev/null 2>&1 &
	(
		i=1
		while :; do
			printf 'block %08d\n' "$i" | dd of=/dev/blkrep0 bs=4k count=1 \
				seek=$((2048 + i)) conv=sync oflag=direct status=none || break
			echo "$i" >>"$acked"
			i=$((i + 1))
		done
	) &
	# Cut the power only once both writers are under way: at least ten
	# numbered blocks completed and 2 MiB of fio's writes on the disk (dw
	# counts KiB), so the log holds fio's extents too.  On a loaded host
	# fio can take long to start.
	both_writing() {
		local last
		last=$(tail -n 1 "$acked" 2>/dev/null)
		[ "${last:-0}" -ge 10 ] && [ "$(proc_field dw)" -ge $((4 * last + 2048)) ]
	}
	check "both writers under way" wait_for $((60 * SLOW)) both_writing
	date +%s.%N >"$RES_DIR/power-cut-at"
	tell "power cut"
	host_crash restart
fi
# beta
# What a cluster manager does: promote at once, retrying.  The promotion
# pings the peer that still looks Primary and goes on when it stays
# silent, instead of waiting for the ping timer (ping-int).
hear >/dev/null
check_eq "beta's disk is UpToDate" UpToDate "$(blkrepadm dstate r0 | cut -d/ -f1)"
must "primary on beta (failover), retried once a second" wait_for $((60 * SLOW)) blkrepadm primary r0
gone_at=$(date +%s.%N)
check "beta's log: the dead Primary found by the promotion" sh -c 'dmesg | grep -qF "did not answer a ping when this node was to be promoted"'
must "beta writes 4 MiB as the new Primary" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=4 seek=200 oflag=direct status=none
check "tell alpha beta is Primary" tell "beta is Primary at $gone_at"
last=$(hear)			# alpha is back and synced
bad=0
for i in $(seq 1 "$last"); do
	got=$(dd if=/dev/blkrep0 bs=4k count=1 skip=$((2048 + i)) status=none | head -c 14)
	[ "$got" = "$(printf 'block %08d' "$i")" ] || { bad=$((bad + 1)); note "block $i: '$got'"; }
done
check_eq "every block alpha saw completed (1..$last) is on beta" 0 "$bad"
sum=$(dev_sum)
check "secondary on beta" blkrepadm secondary r0
tell "$sum"
hear >/dev/null
pair_down
finish
