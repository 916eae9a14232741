#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run VM scenarios in one guest boot and report PASS/FAIL/SKIP lines.
#
#   tests/vm/run.sh [--kernel 6.1|6.12|debug|VERSION] [--scenario NAME[,NAME]]...
#                   [--list FILE] [--all] [--out DIR] [--timeout SECONDS]
#                   [--selftest]
#
# --all runs every tests/vm/scenarios/*.sh; --list runs the names in FILE
# (one a line, # comments); --selftest boots a guest that checks the harness
# itself (results share, kernel version, console scan catching a planted
# WARNING: line).  Logs: tests/out/<run>/alpha/{alpha.console,NAME.log,
# results.txt,dmesg.txt}.  Exit status 1 when anything failed.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

kernel=6.1 scen=() out= limit= selftest=0
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift ;;
	--scenario) IFS=, read -r -a more <<<"$2"; scen+=("${more[@]}"); shift ;;
	--list) while read -r l; do l=${l%%#*}; l=${l//[[:space:]]/}; [ -n "$l" ] && scen+=("$l"); done <"$2"; shift ;;
	--all) for f in "$here"/scenarios/*.sh; do scen+=("$(basename "$f" .sh)"); done ;;
	--out) out=$2; shift ;;
	--timeout) limit=$2; shift ;;
	--selftest) selftest=1 ;;
	-h|--help) sed -n '3,16p' "$0"; exit 0 ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
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
T=	# the boot/console lines of the self-test get a name of their own
[ "$selftest" = 1 ] && scen=(selftest) T=/selftest
[ ${#scen[@]} -gt 0 ] || { echo "run.sh: no scenario given (--scenario, --list, --all)" >&2; exit 2; }

# The module and the tool are built by check.sh (make module KVER=..., make -C user).
if [ "$selftest" = 0 ] && [ ! -f "$REPO/build/$kver/blkrep.ko" ]; then
	for s in "${scen[@]}"; do
		echo "FAIL: $S/$s: build/$kver/blkrep.ko is missing (make module KVER=$kver failed or was not run)"
	done
	exit 1
fi

if is_debug_kver "$kver"; then boot=300 per=900; else boot=90 per=240; fi
[ -n "$limit" ] || limit=$((boot + per * ${#scen[@]}))
[ -n "$out" ] || out=$REPO/tests/out/vm-$kver-$(date +%H%M%S)-$$
mkdir -p "$out"; out=$(cd "$out" && pwd)
vm_setup "$out"
list=$(IFS=,; echo "${scen[*]}")
extra="brt.stimeout=$per"
[ "$selftest" = 1 ] && extra="$extra brt.plant=1"

echo "== $S: booting alpha for: $list (limit ${limit}s, logs in ${out#$REPO/})"
t0=$(date +%s)
vm_start alpha "$kver" 1 "$list" $extra || { echo "FAIL: $S/boot: cannot prepare the guest (initramfs)"; exit 1; }
dir=${VM_RES[alpha]} con=${VM_CON[alpha]}
timed_out=0
# The guest kills a scenario after $per s and cleans up within ~2 min.
vm_wait_progress alpha $((boot + per + 150)) $((per + 150)) "$limit" || timed_out=1
echo "== $S: guest ran $(( $(date +%s) - t0 ))s"

fails=0
report() { echo "$1"; case "$1" in FAIL:*) fails=$((fails + 1)) ;; esac; }

if [ ! -f "$dir/boot" ]; then
	report "FAIL: $S${T}/boot: the guest did not boot (console: ${con#$REPO/})"
	vm_console_tail alpha 40
else
	report "PASS: $S${T}/boot"
fi
if [ "$timed_out" = 1 ]; then
	report "FAIL: $S${T}/run: the guest stopped making progress and was killed after ${VM_KILLED_AFTER}s (console: ${con#$REPO/})"
	vm_console_tail alpha 30
fi

if [ "$selftest" = 1 ]; then
	if [ "$(cat "$dir/kernel" 2>/dev/null)" = "$kver" ]; then
		report "PASS: $S/selftest/kernel-version"
	else
		report "FAIL: $S/selftest/kernel-version: guest reports '$(cat "$dir/kernel" 2>/dev/null)'"
	fi
fi
[ -f "$dir/results.txt" ] && while IFS= read -r l; do report "$l"; done < <(grep -aE '^(PASS|FAIL|SKIP): ' "$dir/results.txt")
for s in "${scen[@]}"; do
	grep -q "^$s " "$dir/done" 2>/dev/null ||
		report "FAIL: $S/$s: did not finish (guest crashed or timed out; console: ${con#$REPO/}, log: ${out#$REPO/}/alpha/${s//\//_}.log)"
done

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
	first=$(echo "$hits" | head -n 1)
	fline=$(echo "$first" | cut -d: -f2)
	ffile=$(echo "$first" | cut -d: -f1)
	during=$(head -n "$fline" "$ffile" | grep -a 'blkrep-harness: scenario' | tail -n 1 | sed 's/.*scenario \([^:]*\):.*/\1/')
	report "FAIL: $S${T}/console: kernel problem in ${ffile#$REPO/}${during:+ during scenario $during}: $(echo "$first" | cut -d: -f3- | tr -d '\r' | sed 's/^\[[ 0-9.]*\] //' | cut -c1-160)"
	echo "$hits" | head -n 40 | tr -d '\r' | sed "s|$REPO/||; s/^/    | /"
else
	report "PASS: $S${T}/console-clean"
fi
[ "$fails" = 0 ]
