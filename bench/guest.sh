# SPDX-License-Identifier: GPL-2.0
# bench/guest.sh: the guest side of the benchmark (see bench/run.sh and
# Documentation/benchmarks.md).  Both guests run this same script; the
# host name says which part each plays.  Alpha drives every measurement,
# beta is the server of the wire tests and the peer (Secondary) of DRBD and
# blkrep.  The two meet between phases with tell/hear over the wire.
#
# Everything alpha measures lands in $RES_DIR/bench/ (the results share):
#   iperf3.json sockperf.txt         the raw wire
#   <sys>-<job>.json                 fio, sys = raw|drbd|blkrep,
#                                    job = qd1|qd32|seq
#   <sys>-resync.txt                 "seconds bytes complete(0|1) total"
#   notes.txt                        anything odd, one line each
# and bench/done when alpha is through.  Every wait is bounded.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
set +e

OUT=$RES_DIR/bench
[ -f "$RES_DIR/bench.env" ] && . "$RES_DIR/bench.env"
mkdir -p "$OUT"
FIO_TIME=${BENCH_FIO_TIME:-12}
RESYNC_LIMIT=${BENCH_RESYNC_LIMIT:-420}

log() { echo "## $(date +%T) $me: $*"; }
oddity() { log "ODD: $*"; [ "$me" = alpha ] && echo "$*" >>"$OUT/notes.txt"; }
now() { date +%s.%N; }

# barrier NAME: both guests get here before either goes on.  Alpha speaks
# first and then listens; beta listens first and then answers.
barrier() {
	local got
	log "barrier $1"
	if [ "$me" = alpha ]; then
		tell "$1" || oddity "barrier $1: beta did not listen"
		got=$(hear)
	else
		got=$(hear)
		tell "$1" || oddity "barrier $1: alpha did not listen"
	fi
	[ "$got" = "$1" ] || oddity "barrier $1: heard '$got'"
}

# fio_job DEV SYS JOB: one of the three write jobs, json into $OUT.
fio_job() {
	local dev=$1 sys=$2 job=$3 args
	case "$job" in
	qd1) args="--rw=randwrite --bs=4k --iodepth=1" ;;
	qd32) args="--rw=randwrite --bs=4k --iodepth=32" ;;
	seq) args="--rw=write --bs=1M --iodepth=8" ;;
	esac
	log "fio $sys $job on $dev"
	# shellcheck disable=SC2086
	timeout -k 5 $((FIO_TIME + 90)) fio --name="$sys-$job" --filename="$dev" \
		$args --ioengine=libaio --direct=1 --time_based \
		--ramp_time=2 --runtime="$FIO_TIME" --randrepeat=0 \
		--output-format=json --output="$OUT/$sys-$job.json" ||
		oddity "fio $sys $job on $dev failed (exit $?)"
}
fio_all() { fio_job "$1" "$2" qd1; fio_job "$1" "$2" qd32; fio_job "$1" "$2" seq; }

# wait_for SECONDS CMD...: poll CMD every 0.2 s; 1 on timeout.
wait_for() {
	local limit=$1 t0
	shift
	t0=$(date +%s)
	until "$@"; do
		[ $(($(date +%s) - t0)) -ge "$limit" ] && return 1
		sleep 0.2
	done
}

# resync_record SYNCED OOS DEV SYS: after `primary --force` at $t0, wait
# for SYNCED; write "seconds bytes complete" to $OUT/SYS-resync.txt.  When
# it takes longer than RESYNC_LIMIT, the bytes are those synced so far (the
# device size less OOS KiB), and the wait goes on so that
# fio does not run next to a resync (for up to 900 s more).
resync_record() {
	local synced=$1 oos=$2 dev=$3 sys=$4 t1 t2 size bytes done_=1 left
	size=$(blockdev --getsize64 "$dev")
	bytes=$size
	if ! wait_for "$RESYNC_LIMIT" "$synced"; then
		done_=0
		left=$($oos)
		bytes=$((size - ${left:-0} * 1024))
		oddity "$sys resync not done after ${RESYNC_LIMIT}s, ${left:-?} KiB left; the rate is over what was synced by then"
	fi
	t1=$(now) t2=
	if [ "$done_" = 0 ]; then
		wait_for 900 "$synced" && t2=$(now) || oddity "$sys resync still not done; fio runs next to it"
	fi
	t2=${t2:-$t1}
	# seconds bytes complete(0|1) seconds-until-done
	echo "$(awk "BEGIN { printf \"%.2f %d %d %.2f\", $t1 - $t0, $bytes, $done_, $t2 - $t0 }")" >"$OUT/$sys-resync.txt"
	log "$sys resync: $(cat "$OUT/$sys-resync.txt")"
}
drbd_oos() { drbd_state >/dev/null; sed -n 's/.*oos:\([0-9]*\).*/\1/p' /proc/drbd | head -n 1; }
blkrep_oos() { proc_field oos; }
blkrep_synced() { blkrepadm wait-sync --timeout 1 r0 >/dev/null 2>&1; }

wipe_disk() {	# both ends of /dev/vdb: DRBD's internal metadata is at the end
	local mb
	mb=$(($(blockdev --getsize64 /dev/vdb) / 1048576))
	dd if=/dev/zero of=/dev/vdb bs=1M count=16 oflag=direct status=none
	dd if=/dev/zero of=/dev/vdb bs=1M seek=$((mb - 16)) count=16 oflag=direct status=none
}

log "start, kernel $KVER, fio runtime ${FIO_TIME}s"

# ---- phase 1: the raw wire -------------------------------------------------
if [ "$me" = beta ]; then
	timeout 120 iperf3 -s -1 -B 192.0.2.2 >/dev/null 2>&1 &
	timeout 120 sockperf server --tcp -i 192.0.2.2 -p 11111 >/dev/null 2>&1 &
	sleep 1
fi
barrier wire-ready
if [ "$me" = alpha ]; then
	log "iperf3"
	timeout 60 iperf3 -c 192.0.2.2 -t 10 -J >"$OUT/iperf3.json" ||
		oddity "iperf3 failed (exit $?)"
	log "sockperf ping-pong 4096 bytes, tcp"
	timeout 60 sockperf ping-pong --tcp -i 192.0.2.2 -p 11111 -m 4096 -t 10 \
		>"$OUT/sockperf.txt" 2>&1 || oddity "sockperf failed (exit $?)"
	grep -a 'avg-lat' "$OUT/sockperf.txt"
fi
barrier wire-done
[ "$me" = beta ] && { pkill -x iperf3; pkill -x sockperf; }

# ---- phase 2: the raw disk -------------------------------------------------
[ "$me" = alpha ] && fio_all /dev/vdb raw
barrier raw-done
wipe_disk

# ---- phase 3: DRBD 8.4 from the stock kernel --------------------------------
drbd_ok=1
if ! timeout 60 modprobe drbd; then
	oddity "modprobe drbd failed"; drbd_ok=0
fi
. "$BLKREP_REPO/tests/vm/drbd-lib.sh"
drbd_conf
if [ "$drbd_ok" = 1 ]; then
	cat /proc/drbd
	yes yes | timeout 60 drbdadm create-md --force r0 || { oddity "drbdadm create-md failed"; drbd_ok=0; }
fi
[ "$drbd_ok" = 1 ] && { timeout 60 drbdadm up r0 || { oddity "drbdadm up failed"; drbd_ok=0; }; }
if [ "$drbd_ok" = 1 ] && ! wait_for 60 drbd_connected; then
	oddity "DRBD not connected after 60 s: $(drbd_state)"
fi
cat /proc/drbd
barrier drbd-up
if [ "$me" = alpha ] && [ "$drbd_ok" = 1 ]; then
	t0=$(now)
	timeout 60 drbdadm primary --force r0 || oddity "drbdadm primary --force failed"
	resync_record drbd_synced drbd_oos /dev/drbd0 drbd
	cat /proc/drbd
elif [ "$drbd_ok" = 1 ]; then
	wait_for $((RESYNC_LIMIT + 960)) drbd_synced
fi
barrier drbd-synced
[ "$me" = alpha ] && [ "$drbd_ok" = 1 ] && fio_all /dev/drbd0 drbd
[ "$me" = alpha ] && cat /proc/drbd
barrier drbd-measured
[ "$me" = alpha ] && timeout 60 drbdadm secondary r0
timeout 60 drbdadm down r0 || oddity "drbdadm down failed"
timeout 60 rmmod drbd || oddity "rmmod drbd failed"
wipe_disk
barrier drbd-gone

# ---- phase 4: blkrep ---------------------------------------------------------
pair_conf
blkrep_ok=1
load_module || { oddity "insmod blkrep.ko failed"; blkrep_ok=0; }
[ "$blkrep_ok" = 1 ] && { timeout 60 blkrepadm create-md --force r0 || { oddity "blkrepadm create-md failed"; blkrep_ok=0; }; }
[ "$blkrep_ok" = 1 ] && { timeout 60 blkrepadm up r0 || { oddity "blkrepadm up failed"; blkrep_ok=0; }; }
[ "$blkrep_ok" = 1 ] && { blkrepadm wait-connect --timeout 60 r0 || oddity "blkrep not connected after 60 s"; }
cat /proc/blkrep
barrier blkrep-up
if [ "$me" = alpha ] && [ "$blkrep_ok" = 1 ]; then
	t0=$(now)
	timeout 60 blkrepadm primary --force r0 || oddity "blkrepadm primary --force failed"
	resync_record blkrep_synced blkrep_oos /dev/blkrep0 blkrep
	blkrepadm status r0
elif [ "$blkrep_ok" = 1 ]; then
	blkrepadm wait-sync --timeout $((RESYNC_LIMIT + 960)) r0
fi
barrier blkrep-synced
[ "$me" = alpha ] && [ "$blkrep_ok" = 1 ] && fio_all /dev/blkrep0 blkrep
cat /proc/blkrep
barrier blkrep-measured
[ "$me" = alpha ] && timeout 60 blkrepadm secondary r0
timeout 60 blkrepadm down r0 || oddity "blkrepadm down failed"
unload_module || oddity "rmmod blkrep failed"

log "all phases done"
[ "$me" = alpha ] && date >"$OUT/done"
exit 0
