#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench/run.sh [--out DIR] [--no-build]: the blkrep benchmark (`make bench`).
#
# Boots alpha and beta on the stock 6.1 kernel (TCG, the UDP wire of
# tests/vm/lib.sh) with 520 MiB data disks, runs bench/guest.sh in both, and
# prints one table: the raw wire and disk, DRBD 8.4 from the stock kernel,
# blkrep, and blkrep's ratios to DRBD and to the limit.  The table is also
# written to bench/results/<date>.txt.  See Documentation/benchmarks.md.
#
# Environment: BENCH_FIO_TIME (seconds per fio job, default 12),
# BENCH_RESYNC_LIMIT (seconds a resync may take, default 420),
# BENCH_DISK (data disk size, default 520M).
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../tests/vm/lib.sh"

out= build=1
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=$2; shift ;;
	--no-build) build=0 ;;
	-h|--help) sed -n '3,15p' "$0"; exit 0 ;;
	*) echo "bench/run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }

# ---- packages ----------------------------------------------------------------
missing=()
for p in fio:fio iperf3:iperf3 sockperf:sockperf drbdadm:drbd-utils \
	 qemu-system-x86_64:qemu-system-x86 jq:jq bc:bc; do
	command -v "${p%%:*}" >/dev/null || missing+=("${p#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
	[ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}): run as root or install them"
	say "installing ${missing[*]}"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
		die "apt-get install ${missing[*]} failed"
fi

kver=$(resolve_kver 6.1)
[ -n "$kver" ] || die "the stock 6.1 kernel is not installed (linux-image-amd64, linux-headers-amd64)"
[ -f "/lib/modules/$kver/kernel/drivers/block/drbd/drbd.ko" ] ||
	ls /lib/modules/"$kver"/kernel/drivers/block/drbd/drbd.ko* >/dev/null 2>&1 ||
	die "$kver has no drbd.ko"

# ---- build --------------------------------------------------------------------
if [ "$build" = 1 ]; then
	say "building blkrepadm and blkrep.ko for $kver"
	make -s -C "$REPO/user" >&2 || die "make -C user failed"
	make -s -C "$REPO" module KVER="$kver" >&2 || die "make module KVER=$kver failed"
fi
stamp=$(date +%Y%m%d-%H%M%S)
[ -n "$out" ] || out=$REPO/tests/out/bench-$stamp
mkdir -p "$out"; out=$(cd "$out" && pwd)
vm_setup "$out"
vm_snapshot "$kver" "$out/bin"
[ -x "$VM_BIN/blkrepadm" ] && [ -f "$VM_BIN/blkrep.ko" ] || die "no blkrepadm or blkrep.ko to run"

# ---- guests ---------------------------------------------------------------------
# bench_start NAME IDX: vm_start with a data disk of BENCH_DISK and
# bench/guest.sh as the only scenario (the guest runner resolves "dir/name"
# under tests/vm/, hence the ../../).  The guest's environment comes from
# PID 1, not from here: the knobs travel in a file on the results share.
bench_start() {
	local name=$1 idx=$2 dir=$VM_RUN/$1
	mkdir -p "$dir"
	rm -rf "$dir/bench"
	printf 'BENCH_FIO_TIME=%s\nBENCH_RESYNC_LIMIT=%s\n' "${BENCH_FIO_TIME:-12}" \
		"${BENCH_RESYNC_LIMIT:-420}" >"$dir/bench.env"
	VM_DISKS="vda:16M vdb:${BENCH_DISK:-520M} vdc:16M" \
		vm_start "$name" "$kver" "$idx" ../../bench/guest brt.stimeout=2400
}

say "booting alpha and beta on $kver (logs in $out)"
t0=$(date +%s)
bench_start alpha 1 || die "cannot start alpha"
bench_start beta 2 || die "cannot start beta"
vm_wait alpha 2700 || say "alpha had to be killed after $(($(date +%s) - t0)) s"
vm_wait beta 120 || say "beta had to be killed"
say "guests done after $(($(date +%s) - t0)) s"
problems=$(vm_scan_console "$out"/alpha/alpha.console "$out"/beta/beta.console)
R=$out/alpha/bench
[ -d "$R" ] || die "no results from alpha (see $out/alpha/alpha.console)"

# ---- the table --------------------------------------------------------------------
num() { [ -n "$1" ] && [ "$1" != null ]; }
fio_get() {	# SYS JOB iops|lat_us|mbps
	local f=$R/$1-$2.json
	[ -s "$f" ] || return 0
	case "$3" in
	iops) jq -r '.jobs[0].write.iops' "$f" ;;
	lat_us) jq -r '.jobs[0].write.lat_ns.mean / 1000' "$f" ;;
	mbps) jq -r '.jobs[0].write.bw_bytes / 1000000' "$f" ;;
	esac 2>/dev/null
}
resync_get() {	# SYS secs|mbps|complete
	local f=$R/$1-resync.txt s b c t
	[ -s "$f" ] || return 0
	read -r s b c t <"$f"
	case "$2" in
	secs) echo "${t:-$s}" ;;	# until both disks were UpToDate
	mbps) awk -v s="$s" -v b="$b" 'BEGIN { if (s > 0) print b / s / 1000000 }' ;;
	complete) echo "$c" ;;
	esac
}
calc() { awk "BEGIN { printf \"%.6f\", $* }" 2>/dev/null; }
fmt() {	# VALUE DECIMALS
	num "$1" || { echo "-"; return; }
	awk -v v="$1" -v d="$2" 'BEGIN { printf "%.*f", d, v }'
}
ratio() {	# A B: A/B with 2 decimals, "-" if either is missing
	num "$1" && num "$2" || { echo "-"; return; }
	awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.2f", a / b }'
}

wire_mbps=$([ -s "$R/iperf3.json" ] && jq -r '.end.sum_received.bits_per_second / 8000000' "$R/iperf3.json" 2>/dev/null)
# sockperf 3.7 prints avg-latency as half the round trip.
half=$(sed -n 's/.*avg-lat[a-z]*= *\([0-9.]*\).*/\1/p' "$R/sockperf.txt" 2>/dev/null | tail -n 1)
rtt_us=$(num "$half" && calc "2 * $half")
half=$(sed -n 's/.*percentile 50.000 = *\([0-9.]*\).*/\1/p' "$R/sockperf.txt" 2>/dev/null | tail -n 1)
rtt_med=$(num "$half" && calc "2 * $half")
raw_qd1_lat=$(fio_get raw qd1 lat_us)
lim_qd1_lat=$(num "$rtt_us" && num "$raw_qd1_lat" && calc "$rtt_us + $raw_qd1_lat")
lim_qd1_iops=$(num "$lim_qd1_lat" && calc "1000000 / $lim_qd1_lat")

row() {	# NAME DEC LIMIT DRBD BLKREP TARGET LOWER_IS_BETTER
	local name=$1 d=$2 lim=$3 dr=$4 bl=$5 target=$6 low=$7 vs_d vs_l ok=
	vs_d=$(ratio "$bl" "$dr")
	vs_l=$(ratio "$bl" "$lim")
	if num "$bl" && num "$dr"; then
		if [ "$low" = 1 ]; then
			awk -v a="$bl" -v b="$dr" 'BEGIN { exit !(a <= b) }' || ok="BELOW DRBD"
		else
			awk -v a="$bl" -v b="$dr" 'BEGIN { exit !(a >= b) }' || ok="BELOW DRBD"
		fi
	fi
	if [ -n "$target" ] && [ "$vs_l" != - ]; then
		case "$target" in
		"<="*) awk -v r="$vs_l" -v t="${target#<=}" 'BEGIN { exit !(r <= t) }' ;;
		">="*) awk -v r="$vs_l" -v t="${target#>=}" 'BEGIN { exit !(r >= t) }' ;;
		esac || ok="${ok:+$ok, }misses target"
	fi
	[ -n "$target" ] || target=-
	printf '%-30s %10s %10s %10s %8s %8s %7s  %s\n' "$name" "$(fmt "$lim" "$d")" \
		"$(fmt "$dr" "$d")" "$(fmt "$bl" "$d")" "$vs_d" "$vs_l" "$target" "${ok:-ok}"
}

table() {
	echo "blkrep benchmark, $(date '+%Y-%m-%d %H:%M'), blkrep $(cat "$REPO/VERSION" 2>/dev/null) ($(git -C "$REPO" rev-parse --short HEAD 2>/dev/null))"
	echo "two guests, stock $kver, 1 vCPU and $VM_MEM MiB each, QEMU TCG, UDP wire on the host's loopback"
	echo "host load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
	echo
	echo "The wire and the disk (alpha; beta is the peer)"
	printf '  %-40s %s\n' "iperf3 bulk TCP, 10 s (MB/s)" "$(fmt "$wire_mbps" 1)"
	printf '  %-40s %s\n' "sockperf 4 KiB TCP ping-pong RTT (us)" "$(fmt "$rtt_us" 0) (median $(fmt "$rtt_med" 0))"
	printf '  %-40s %s\n' "raw disk 4k randwrite qd1 (us, IOPS)" "$(fmt "$raw_qd1_lat" 0), $(fmt "$(fio_get raw qd1 iops)" 0)"
	printf '  %-40s %s\n' "raw disk 4k randwrite qd32 (IOPS)" "$(fmt "$(fio_get raw qd32 iops)" 0)"
	printf '  %-40s %s\n' "raw disk 1M seq write qd8 (MB/s)" "$(fmt "$(fio_get raw seq mbps)" 1)"
	echo
	printf '%-30s %10s %10s %10s %8s %8s %7s  %s\n' figure raw/limit DRBD blkrep blk/DRBD blk/lim target verdict
	row "4k randwrite qd1 latency (us)" 0 "$lim_qd1_lat" "$(fio_get drbd qd1 lat_us)" "$(fio_get blkrep qd1 lat_us)" "<=1.5" 1
	row "4k randwrite qd1 (IOPS)" 0 "$lim_qd1_iops" "$(fio_get drbd qd1 iops)" "$(fio_get blkrep qd1 iops)" "" 0
	row "4k randwrite qd32 (IOPS)" 0 "$(fio_get raw qd32 iops)" "$(fio_get drbd qd32 iops)" "$(fio_get blkrep qd32 iops)" "" 0
	row "1M seq write qd8 (MB/s)" 1 "$wire_mbps" "$(fio_get drbd seq mbps)" "$(fio_get blkrep seq mbps)" ">=0.9" 0
	row "full resync (MB/s)" 1 "$wire_mbps" "$(resync_get drbd mbps)" "$(resync_get blkrep mbps)" ">=0.9" 0
	row "full resync (s)" 1 "" "$(resync_get drbd secs)" "$(resync_get blkrep secs)" "" 1
	echo
	echo "Limits: qd1 latency = 4 KiB ping-pong RTT + raw 4k qd1 write; seq and resync = iperf3;"
	echo "qd32 = the raw disk (no target).  blk/DRBD above 1 is better for rates, below 1 for times."
	local s
	for s in drbd blkrep; do
		[ -s "$R/$s-resync.txt" ] && [ "$(resync_get $s complete)" != 1 ] &&
			echo "NOTE: the $s resync took longer than BENCH_RESYNC_LIMIT: its MB/s is over what it synced by then, its (s) the whole time"
	done
	[ -s "$R/notes.txt" ] && sed 's/^/NOTE: /' "$R/notes.txt"
	[ -f "$R/done" ] || echo "NOTE: alpha did not finish every phase"
	[ -n "$problems" ] && { echo "NOTE: kernel problems on a console:"; echo "$problems" | sed 's/^/  /'; }
	echo "logs: $out"
}
mkdir -p "$here/results"
table | tee "$here/results/$stamp.txt"
