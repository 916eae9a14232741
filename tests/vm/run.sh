#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run VM scenarios in QEMU guests and report PASS/FAIL/SKIP lines.
#
#   tests/vm/run.sh [--kernel 6.1|6.12|debug|VERSION] [--scenario NAME[,NAME]]...
#                   [--list FILE] [--all] [--out DIR] [--timeout SECONDS]
#                   [--one-boot | --boot-each | --share] [-j JOBS] [--selftest]
#
# --all runs every tests/vm/scenarios/*.sh but the self-test; --list runs
# the names in FILE (one a line, # comments); --selftest boots a guest that
# checks the harness itself (results share, kernel version, the console scan
# catching a planted WARNING: line).
# --share (the default on stock kernels) boots JOBS guests (default 2: one
# per core) and deals the scenarios out among them; each guest runs its
# share one after the other, cleaning up in between (a boot costs ~10 s of
# a core).  --boot-each boots a fresh guest for every scenario, JOBS at a
# time, so a kernel crash in one cannot take others down (use it to chase
# one); --one-boot (the default on the debug kernel, which takes ~20 s to
# boot) runs them all in one guest.
# Logs: <out>/[<scenario>|<a+b+...>/]alpha/{alpha.console,NAME.log,results.txt,dmesg.txt}
# (default out: tests/out/vm-<kernel>-<time>).  Exit status 1 when anything
# failed.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

kernel=6.1 scen=() out= limit= selftest=0 mode= jobs=${VM_JOBS:-2}
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift ;;
	--scenario) IFS=, read -r -a more <<<"$2"; scen+=("${more[@]}"); shift ;;
	--list) while read -r l; do l=${l%%#*}; l=${l//[[:space:]]/}; [ -n "$l" ] && scen+=("$l"); done <"$2"; shift ;;
	--all) for f in "$here"/scenarios/*.sh; do f=$(basename "$f" .sh); [ "$f" = selftest ] || scen+=("$f"); done ;;
	--out) out=$2; shift ;;
	--timeout) limit=$2; shift ;;
	--one-boot) mode=one ;;
	--boot-each) mode=each ;;
	--share) mode=share ;;
	-j) jobs=$2; shift ;;
	--selftest) selftest=1 ;;
	-h|--help) sed -n '3,22p' "$0"; exit 0 ;;
	*) echo "run.sh: unknown argument $1 (--help)" >&2; exit 2 ;;
	esac
	shift
done

kver=$(resolve_kver "$kernel")
if [ -z "$kver" ]; then
	echo "SKIP: vm-$kernel: kernel $kernel is not installed (run tests/deps.sh as root)"
	exit 0
fi
S=vm-$kver
if ! command -v qemu-system-x86_64 >/dev/null; then
	echo "SKIP: $S: qemu-system-x86_64 not installed (run tests/deps.sh as root)"
	exit 0
fi
[ "$selftest" = 1 ] && scen=(selftest) mode=one
[ ${#scen[@]} -gt 0 ] || { echo "run.sh: no scenario given (--scenario, --list, --all)" >&2; exit 2; }

# The module and the tool are built by check.sh (make module KVER=..., make -C user).
if [ "$selftest" = 0 ] && [ ! -f "$REPO/build/$kver/blkrep.ko" ]; then
	for s in "${scen[@]}"; do
		echo "FAIL: $S/$s: build/$kver/blkrep.ko is missing (make module KVER=$kver failed or was not run)"
	done
	exit 1
fi

if is_debug_kver "$kver"; then
	boot=300 per=900; [ -n "$mode" ] || mode=one
else
	boot=90 per=240; [ -n "$mode" ] || mode=share
fi
[ -n "$out" ] || out=$REPO/tests/out/vm-$kver-$(date +%H%M%S)-$$
mkdir -p "$out"; out=$(cd "$out" && pwd)
rm -rf "$out/bin"
# A rebuild may be under way in the work tree: give it a little time.
for i in $(seq 1 30); do
	[ -f "$REPO/user/blkrepadm" ] && [ -f "$REPO/build/$kver/blkrep.ko" ] && break
	sleep 1
done
vm_snapshot "$kver" "$out/bin"
if [ "$selftest" = 0 ] && [ ! -x "$out/bin/blkrepadm" ]; then
	for s in "${scen[@]}"; do echo "FAIL: $S/$s: user/blkrepadm is missing (make -C user failed or was not run)"; done
	exit 1
fi
# Build (or refresh) the cached initramfs once, before guests start in parallel.
vm_initramfs "$kver" >/dev/null || { echo "FAIL: $S/initramfs: tests/vm/mkinitramfs.sh $kver failed"; exit 1; }

# boot_and_report RUNDIR TAG SCENARIO...: one guest for these scenarios;
# its result lines go to RUNDIR/report.txt.  Runs in a subshell of its own.
boot_and_report() {
	local run=$1 T=$2; shift 2
	local sc=("$@") list extra dir con timed_out=0 t0 hits first fline ffile during s lim
	: >"$run/report.txt.tmp" 2>/dev/null || mkdir -p "$run"
	: >"$run/report.txt.tmp"
	report() { echo "$1" >>"$run/report.txt.tmp"; }
	vm_setup "$run"
	list=$(IFS=,; echo "${sc[*]}")
	extra="brt.stimeout=$per"
	[ "$selftest" = 1 ] && extra="$extra brt.plant=1"
	lim=${limit:-$((boot + (per + 150) * ${#sc[@]}))}
	echo "== $S: booting a guest for: $list (logs in ${run#$REPO/})"
	t0=$(date +%s)
	if ! vm_start alpha "$kver" 1 "$list" $extra; then
		report "FAIL: $S$T/boot: cannot prepare the guest (initramfs)"
		mv "$run/report.txt.tmp" "$run/report.txt"
		return
	fi
	dir=${VM_RES[alpha]} con=${VM_CON[alpha]}
	# The guest kills a scenario after $per s and cleans up within ~2 min.
	vm_wait_progress alpha $((boot + per + 150)) $((per + 150)) "$lim" || timed_out=1
	echo "== $S: guest for $list ran $(( $(date +%s) - t0 ))s"

	if [ ! -f "$dir/boot" ]; then
		report "FAIL: $S$T/boot: the guest did not boot (console: ${con#$REPO/})"
		vm_console_tail alpha 40
	else
		report "PASS: $S$T/boot"
	fi
	if [ "$timed_out" = 1 ]; then
		report "FAIL: $S$T/run: the guest stopped making progress and was killed after ${VM_KILLED_AFTER:-?}s (console: ${con#$REPO/})"
		vm_console_tail alpha 30
	fi
	if [ "$selftest" = 1 ]; then
		if [ "$(cat "$dir/kernel" 2>/dev/null)" = "$kver" ]; then
			report "PASS: $S/selftest/kernel-version"
		else
			report "FAIL: $S/selftest/kernel-version: guest reports '$(cat "$dir/kernel" 2>/dev/null)'"
		fi
	fi
	[ -f "$dir/results.txt" ] && grep -aE '^(PASS|FAIL|SKIP): ' "$dir/results.txt" >>"$run/report.txt.tmp"
	for s in "${sc[@]}"; do
		grep -q "^$s " "$dir/done" 2>/dev/null ||
			report "FAIL: $S/$s: did not finish (guest crashed or timed out; console: ${con#$REPO/}, log: ${dir#$REPO/}/${s//\//_}.log)"
	done
	# For the time table (check.sh): each scenario, then the whole guest.
	awk -v S="$S" 'NF == 3 { print "TIME: scenario " S "/" $1 " " $3 }' "$dir/done" 2>/dev/null >>"$run/report.txt.tmp"
	report "TIME: guest $S${T:-/$list} $(( $(date +%s) - t0 ))"

	# Kernel problems anywhere in the console or the final dmesg.
	hits=$(vm_scan_console "$con" "$dir/dmesg.txt")
	if [ "$selftest" = 1 ]; then
		if echo "$hits" | grep -q 'planted by the harness self-test'; then
			report "PASS: $S/selftest/console-scan-catches-planted-warning"
		else
			report "FAIL: $S/selftest/console-scan-catches-planted-warning: not found in ${con#$REPO/}"
		fi
		hits=$(echo "$hits" | grep -v 'planted by the harness self-test')
	fi
	if [ -n "$hits" ]; then
		# Name the scenario that was running when the first problem showed.
		first=$(echo "$hits" | grep -vE 'cut here|Call Trace' | head -n 1)
		[ -n "$first" ] || first=$(echo "$hits" | head -n 1)
		ffile=$(echo "$first" | cut -d: -f1)
		fline=$(echo "$first" | cut -d: -f2)
		during=$(head -n "$fline" "$ffile" | grep -a 'blkrep-harness: scenario' | tail -n 1 | sed 's/.*scenario \([^:]*\):.*/\1/')
		report "FAIL: $S$T/console: kernel problem in ${ffile#$REPO/}${during:+ during scenario $during}: $(echo "$first" | cut -d: -f3- | tr -d '\r' | sed 's/^\[[ 0-9.]*\] //' | cut -c1-160)"
		echo "    kernel problem lines (${ffile#$REPO/}):"
		echo "$hits" | head -n 20 | tr -d '\r' | sed "s|$REPO/||; s/^/    | /"
	else
		report "PASS: $S$T/console-clean"
	fi
	vm_teardown
	mv "$run/report.txt.tmp" "$run/report.txt"
}

runs=()
if [ "$mode" = one ]; then
	T=; [ "$selftest" = 1 ] && T=/selftest
	runs=("$out")
	boot_and_report "$out" "$T" "${scen[@]}"
else
	# The guests, each a "+"-joined list of scenarios: one per scenario
	# (each), or the scenarios dealt out to JOBS guests (share).
	guests=()
	if [ "$mode" = share ]; then
		[ "$jobs" -gt ${#scen[@]} ] && jobs=${#scen[@]}
		for i in "${!scen[@]}"; do
			g=$((i % jobs))
			guests[$g]=${guests[$g]:+${guests[$g]}+}${scen[$i]}
		done
	else
		guests=("${scen[@]}")
	fi
	children=()
	trap 'kill "${children[@]}" 2>/dev/null; exit 130' INT TERM
	for name in "${guests[@]}"; do
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
		mkdir -p "$out/$name"
		runs+=("$out/$name")
		IFS=+ read -r -a share <<<"$name"
		( boot_and_report "$out/$name" "/$name" "${share[@]}" ) &
		children+=($!)
	done
	wait
fi

fails=0
for r in "${runs[@]}"; do
	if [ -f "$r/report.txt" ]; then
		cat "$r/report.txt"
		fails=$((fails + $(grep -c '^FAIL: ' "$r/report.txt")))
	else
		echo "FAIL: $S/${r#$out/}: the guest runner died without a report"
		fails=$((fails + 1))
	fi
done
[ "$fails" = 0 ]
