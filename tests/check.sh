#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: install what is missing, build, and run every test suite.
#
#   tests/check.sh            VM scenarios on the stock 6.1 kernel
#   KVER=6.12 tests/check.sh  ... on 6.12 instead (make check KVER=6.12)
#
# Phases: deps, build (tool; module for 6.1, 6.12 and the debug kernel),
# unit, golden, dkms (6.1 and 6.12), VM harness self-test, VM scenarios (all
# of tests/vm/scenarios and tests/vm/pair on the chosen stock kernel, two
# pair scenarios on 6.12 too; on the debug kernel tests/vm/focused.list and
# three pair scenarios, in the background while the rest runs).  Every suite
# prints PASS:/FAIL:/SKIP: lines; they are echoed and collected in
# tests/out/results.txt, and the last line is `N passed, N failed[, N
# skipped]`.  Exit status 1 when anything failed.  Every phase has a time
# limit, so a hung guest or build cannot hang the run.
set -u
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo" || exit 1
. tests/vm/kernels.sh
out=$repo/tests/out
mkdir -p "$out"
results=$out/results.txt timing=$out/timing.txt
: >"$results"
: >"$timing"
vm_kernel=${KVER:-6.1}
unset KVER	# not for the sub-makes: they get it explicitly
# ONLY=a,b (make check ONLY=pair/failover,basic): the quick loop.  Build the
# tool and the module for the chosen kernel, run just these: single-node
# scenario names, pair/NAME, and the host suites unit, docs, scripts, golden.
only=${ONLY:-}
unset ONLY
only_single= only_pair=
want() {	# want SUITE: true when the whole run or ONLY asks for SUITE
	[ -z "$only" ] && return 0
	case ",$only," in *",$1,"*) return 0 ;; esac
	return 1
}
if [ -n "$only" ]; then
	IFS=, read -r -a _o <<<"$only"
	for n in "${_o[@]}"; do
		case "$n" in
		unit|docs|scripts|golden|"") ;;
		pair/*) only_pair=${only_pair:+$only_pair,}${n#pair/} ;;
		*) only_single=${only_single:+$only_single,}$n ;;
		esac
	done
fi
t_start=$(date +%s)

record() {	# record LINE: echo, and keep it when it is a result or time line
	case "$1" in
	PASS:\ *|FAIL:\ *|SKIP:\ *) echo "$1"; echo "$1" >>"$results" ;;
	TIME:\ *) echo "${1#TIME: }" >>"$timing" ;;
	*) echo "$1" ;;
	esac
}

# suite NAME LIMIT CMD...: run CMD with a time limit, echo its output as it
# comes, collect its result lines.  A suite that fails without saying why
# (or times out) gets a FAIL line of its own.
suite() {
	local name=$1 limit=$2 rc nfail0 nfail1 line
	shift 2
	nfail0=$(grep -c '^FAIL: ' "$results")
	rm -f "$out/.rc"
	while IFS= read -r line; do record "$line"; done < <(
		timeout -k 10 "$limit" "$@" 2>&1 </dev/null; echo $? >"$out/.rc")
	rc=$(cat "$out/.rc" 2>/dev/null || echo 1)
	nfail1=$(grep -c '^FAIL: ' "$results")
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		record "FAIL: $name: timed out after ${limit}s"
	elif [ "$rc" != 0 ] && [ "$nfail0" = "$nfail1" ]; then
		record "FAIL: $name: exited with status $rc and no FAIL line"
	fi
	return 0
}
phase_t0=
phase() {	# phase NAME: start timing a phase (and end the one before)
	local now
	now=$(date +%s)
	[ -n "$phase_t0" ] && echo "phase $phase_name $((now - phase_t0))" >>"$timing"
	phase_name=$1 phase_t0=$now
	[ "$1" = end ] || echo "===== $1 ====="
}

# ---------------------------------------------------------------- deps
phase deps
if bash tests/deps.sh; then record "PASS: deps"; else record "FAIL: deps: see tests/out/deps.log"; fi
root=0; [ "$(id -u)" = 0 ] && root=1

# ---------------------------------------------------------------- build
phase build
build_step() {	# build_step NAME LOG CMD...: FAIL on error or any warning
	local name=$1 log=$2; shift 2
	if ! timeout -k 10 900 "$@" >"$log" 2>&1; then
		record "FAIL: $name: build failed (log: ${log#$repo/})"
		grep -E 'error|Error' "$log" | head -n 10 | sed 's/^/    | /'
		return 1
	fi
	if grep -q 'warning:' "$log"; then
		record "FAIL: $name: compiler warnings (log: ${log#$repo/})"
		grep 'warning:' "$log" | head -n 10 | sed 's/^/    | /'
		return 1
	fi
	record "PASS: $name"
}
build_step build/user "$out/build-user.log" make -C user
k61=$(kver_stock61) k612=$(kver_612) kdbg=$(kver_debug)
kbuild="$k61 $k612 $kdbg"
[ -n "$only" ] && kbuild=$(resolve_kver "$vm_kernel")
for k in $kbuild; do
	[ -n "$k" ] || continue
	if [ ! -d "/lib/modules/$k/build" ]; then
		record "SKIP: build/module-$k: no headers in /lib/modules/$k/build"
		continue
	fi
	build_step "build/module-$k" "$out/build-module-$k.log" make module KVER="$k"
done
[ -n "$k61" ] || record "FAIL: build/module-6.1: no stock 6.1 kernel installed (tests/deps.sh as root installs it)"
[ -n "$k612" ] || record "FAIL: build/module-6.12: no 6.12 kernel installed (tests/deps.sh as root installs it)"

# The background: scenarios on other kernels than the chosen one run from
# now on beside the host suites and the stock-kernel guests (which leave
# part of the two cores idle while they wait), and are collected at the
# end.  The debug kernel (~20 s boot, KASAN, lockdep): tests/vm/focused.list
# in one guest (with the netlink and metadata fuzzers), then two nodes for
# the failover story, a disk that dies under a mounted file system
# (detach, diskless I/O, reads retried on the peer) and the rogue peer.
# Then, when 6.1 is the chosen kernel, two nodes on 6.12: the Primary's
# power cut, failover and crash recovery (the most timing-sensitive), and these
# stock 6.1 pair scenarios (in their own log directory): pair/cluster and
# pair/heartbeat, which mostly wait for the cluster's timers, pair/database
# and pair/rogue-peer; without them the stock pair phase, the longest
# path, would end long after the background.
bg_suite() {	# bg_suite NAME CMD...: as suite, for the background
	local name=$1 rc
	shift
	timeout -k 10 2400 "$@" 2>&1
	rc=$?
	[ "$rc" = 124 ] || [ "$rc" = 137 ] && echo "FAIL: $name: timed out after 2400s"
	return 0
}
background_suites() {
	local t0
	t0=$(date +%s)
	if [ -n "$kdbg" ]; then
		bg_suite vm-debug tests/vm/run.sh --kernel debug --list tests/vm/focused.list --out "$out/vm-debug"
		bg_suite pair-debug tests/vm/run-pair.sh --kernel debug --scenario failover,io-error-dm,rogue-peer
	else
		echo "SKIP: vm-debug: the debug kernel is not installed (its debs are not in ${BLKREP_SHARED:-../shared}/kernels, or not root)"
	fi
	if [ "$vm_kernel" = 6.1 ] && [ -n "$k612" ]; then
		bg_suite pair-6.12 tests/vm/run-pair.sh --kernel 6.12 --scenario primary-crash
	fi
	if [ -n "$bg_stock" ]; then
		bg_suite pair-6.1-bg tests/vm/run-pair.sh --kernel 6.1 --scenario "$bg_stock" --out "$out/pair-$k61-bg"
	fi
	echo "TIME: phase background(debug,6.12,6.1-clusters) $(( $(date +%s) - t0 ))"
}
dbg_log=$out/background.out dbg_pid= bg_stock=
[ -z "$only" ] && [ "$vm_kernel" = 6.1 ] && bg_stock=cluster,heartbeat,database
if [ -n "$only" ]; then
	: >"$dbg_log"
else
	background_suites </dev/null >"$dbg_log" 2>&1 &
	dbg_pid=$!
	# On exit, stop it: its timeout(1) passes the signal on to the runner,
	# whose trap kills the guests.
	trap '[ -n "$dbg_pid" ] && kill $(pgrep -P "$dbg_pid") "$dbg_pid" 2>/dev/null' EXIT
fi

# ---------------------------------------------------------------- unit, golden
phase unit
if ! want unit; then :
elif [ -f tests/unit/Makefile ]; then
	suite unit 900 make -C tests/unit run
else
	record "FAIL: unit: tests/unit/Makefile is missing"
fi
phase docs
want docs && suite docs 120 tests/docs.sh
phase scripts
want scripts && suite scripts 300 tests/scripts/run.sh
phase golden
if ! want golden; then :
elif [ -x tests/golden/run.sh ]; then
	suite golden 900 tests/golden/run.sh
elif [ -f tests/golden/run.sh ]; then
	suite golden 900 bash tests/golden/run.sh
else
	record "FAIL: golden: tests/golden/run.sh is missing"
fi

# ---------------------------------------------------------------- dkms
phase dkms
dkms_test() {
	local ver src k
	ver=$(cat VERSION)
	if [ "$root" != 1 ]; then record "SKIP: dkms: needs root"; return; fi
	if ! command -v dkms >/dev/null; then record "FAIL: dkms: dkms is not installed"; return; fi
	if [ ! -f dkms.conf ]; then record "FAIL: dkms: dkms.conf is missing at the top of the repo"; return; fi
	src=/usr/src/blkrep-$ver
	dkms remove -m blkrep -v "$ver" --all >/dev/null 2>&1
	rm -rf "$src"
	mkdir -p "$src"
	tar -C "$repo" --exclude=.git --exclude=./build --exclude=./tests/out -cf - . | tar -C "$src" -xf -
	make -C "$src" clean >/dev/null 2>&1
	rm -rf "$src/build"
	if ! timeout 120 dkms add -m blkrep -v "$ver" >"$out/dkms-add.log" 2>&1; then
		record "FAIL: dkms/add: dkms add failed (log: tests/out/dkms-add.log)"
		rm -rf "$src"
		return
	fi
	record "PASS: dkms/add"
	for k in "$k61" "$k612"; do
		[ -n "$k" ] || continue
		log=$out/dkms-$k.log
		if timeout 900 dkms build -m blkrep -v "$ver" -k "$k" >"$log" 2>&1 &&
		   timeout 300 dkms install -m blkrep -v "$ver" -k "$k" >>"$log" 2>&1; then
			if find "/lib/modules/$k/updates" "/lib/modules/$k/extra" -name 'blkrep.ko*' 2>/dev/null | grep -q .; then
				record "PASS: dkms/$k"
			else
				record "FAIL: dkms/$k: dkms install left no blkrep.ko under /lib/modules/$k (log: ${log#$repo/})"
			fi
		else
			record "FAIL: dkms/$k: dkms build/install failed (log: ${log#$repo/})"
			tail -n 5 "$log" | sed 's/^/    | /'
			f=$(ls -t /var/lib/dkms/blkrep/"$ver"/build/make.log 2>/dev/null | head -n 1)
			[ -n "$f" ] && cp "$f" "$out/dkms-$k-make.log"
		fi
	done
	if timeout 300 dkms remove -m blkrep -v "$ver" --all >"$out/dkms-remove.log" 2>&1; then
		record "PASS: dkms/remove"
	else
		record "FAIL: dkms/remove: dkms remove --all failed (log: tests/out/dkms-remove.log)"
	fi
	rm -rf "$src"
}
[ -z "$only" ] && dkms_test

# ---------------------------------------------------------------- VM
phase vm-selftest
[ -z "$only" ] && suite vm-selftest 600 tests/vm/run.sh --kernel "$vm_kernel" --selftest --out "$out/vm-selftest"
phase vm
scen=$(for f in tests/vm/scenarios/*.sh; do n=$(basename "$f" .sh); [ "$n" = selftest ] || echo "$n"; done | paste -sd,)
[ -n "$only" ] && scen=$only_single
[ -n "$scen" ] && suite "vm-$vm_kernel" 3600 tests/vm/run.sh --kernel "$vm_kernel" --scenario "$scen" --out "$out/vm-$vm_kernel"
phase vm-pair
if [ -z "$only" ]; then
	suite "pair-$vm_kernel" 3900 tests/vm/run-pair.sh --kernel "$vm_kernel" --all ${bg_stock:+--skip "$bg_stock"}
elif [ -n "$only_pair" ]; then
	suite "pair-$vm_kernel" 3900 tests/vm/run-pair.sh --kernel "$vm_kernel" --scenario "$only_pair"
fi

phase background-wait
if [ -n "$dbg_pid" ]; then
	echo "(waiting for the background guests; each of their runs has a time limit)"
	wait "$dbg_pid"
	dbg_pid=
fi
while IFS= read -r line; do record "$line"; done <"$dbg_log"
phase end

echo "phase total $(( $(date +%s) - t_start ))" >>"$timing"
# The time table: phases in order, then every scenario and every guest
# boot (the whole guest: boot, its scenarios, power-off), slowest first.
echo "===== timing (seconds; tests/out/timing.txt) ====="
awk '$1 == "phase" { printf "%6d  phase     %s\n", $3, $2 }' "$timing"
awk '$1 == "scenario" { printf "%6d  scenario  %s\n", $3, $2 }' "$timing" | sort -rn
awk '$1 == "guest" { printf "%6d  guest     %s\n", $3, $2 }' "$timing" | sort -rn
p=$(grep -c '^PASS: ' "$results") f=$(grep -c '^FAIL: ' "$results") s=$(grep -c '^SKIP: ' "$results")
summary="$p passed, $f failed"
[ "$s" -gt 0 ] && summary="$summary, $s skipped"
echo "$summary"
[ "$f" = 0 ]
