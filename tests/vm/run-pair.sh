#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run two-node scenarios (tests/vm/pair/*.sh): for each, boot alpha and beta
# joined by the wire, run the scenario on both, and report both guests'
# PASS/FAIL lines plus a console scan of each.
#
#   tests/vm/run-pair.sh [--kernel 6.1|6.12|debug|VERSION] [--all]
#                        [--scenario NAME[,NAME]] [--timeout SECONDS]
#
# Logs: tests/out/pair-<kver>/<scenario>/{alpha,beta}/.  Exit 1 on failure.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

kernel=6.1 scen=() limit=
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift ;;
	--scenario) IFS=, read -r -a more <<<"$2"; scen+=("${more[@]}"); shift ;;
	--all) for f in "$here"/pair/*.sh; do f=$(basename "$f" .sh); [ "$f" = lib ] || scen+=("$f"); done ;;
	--timeout) limit=$2; shift ;;
	-h|--help) sed -n '3,11p' "$0"; exit 0 ;;
	*) echo "run-pair.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
[ ${#scen[@]} -gt 0 ] || { echo "run-pair.sh: no scenario given" >&2; exit 2; }

kver=$(resolve_kver "$kernel")
if [ -z "$kver" ]; then
	echo "SKIP: pair-$kernel: kernel $kernel is not installed (run tests/deps.sh as root)"
	exit 0
fi
if [ ! -f "$REPO/build/$kver/blkrep.ko" ]; then
	echo "FAIL: pair-$kver: build/$kver/blkrep.ko is missing (make module KVER=$kver)"
	exit 1
fi
if is_debug_kver "$kver"; then boot=240 per=1500; else boot=60 per=420; fi
[ -n "$limit" ] || limit=$((boot + per))

rc=0
base=$REPO/tests/out/pair-$kver
rm -rf "$base"
for s in "${scen[@]}"; do
	vm_setup "$base/$s"
	vm_snapshot "$kver" "$base/$s/bin"
	vm_start alpha "$kver" 1 "pair/$s"
	vm_start beta "$kver" 2 "pair/$s"
	vm_wait alpha "$limit" || echo "FAIL: vm-$kver/pair/$s/alpha: did not finish within $limit s (console: ${VM_CON[alpha]#$REPO/})"
	vm_wait beta 120 || echo "FAIL: vm-$kver/pair/$s/beta: did not finish in time (console: ${VM_CON[beta]#$REPO/})"
	for g in alpha beta; do
		res=${VM_RES[$g]}/results.txt
		if [ ! -s "$res" ]; then
			echo "FAIL: vm-$kver/pair/$s/$g: no results (console: ${VM_CON[$g]#$REPO/})"
			rc=1
			continue
		fi
		grep -E '^(PASS|FAIL|SKIP): ' "$res"
		grep -q '^FAIL: ' "$res" && rc=1
		hits=$(vm_scan_console "${VM_CON[$g]}" "${VM_RES[$g]}/dmesg.txt" | head -n 3)
		if [ -n "$hits" ]; then
			echo "FAIL: vm-$kver/pair/$s/$g/console: kernel problem: $(echo "$hits" | head -n 1 | cut -c1-200)"
			rc=1
		else
			echo "PASS: vm-$kver/pair/$s/$g/console-clean"
		fi
	done
	vm_teardown
done
exit $rc
