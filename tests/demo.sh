#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: two guests, alpha and beta, joined by a private wire; r0
# replicates between them: alpha Primary with a file system, then a
# failover to beta, which reads alpha's file.
# As root on a fresh Debian 12 machine: installs what is missing, builds,
# boots, narrates.  Every wait is bounded; the guests are always killed at
# the end.  Logs: tests/out/demo/.
set -u
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo" || exit 1
. tests/vm/lib.sh
kernel=${KVER:-6.1}
say() { echo; echo ">>> $*"; }

say "Installing missing packages (tests/deps.sh)"
bash tests/deps.sh || exit 1
kver=$(resolve_kver "$kernel")
[ -n "$kver" ] || { echo "demo: kernel $kernel is not installed" >&2; exit 1; }

say "Building blkrepadm and blkrep.ko for $kver"
make -C user >tests/out/demo-build.log 2>&1 || { tail -n 20 tests/out/demo-build.log; exit 1; }
make module KVER="$kver" >>tests/out/demo-build.log 2>&1 || { tail -n 20 tests/out/demo-build.log; exit 1; }
echo "built: user/blkrepadm, build/$kver/blkrep.ko"

rm -rf tests/out/demo
vm_setup "$repo/tests/out/demo"
vm_snapshot "$kver" "$repo/tests/out/demo/bin"
say "Booting two QEMU guests (software emulation, ~15 s): alpha 192.0.2.1 and beta 192.0.2.2,"
echo "    joined by a UDP wire on the host's loopback; each has a 256 MiB /dev/vdb."
vm_start alpha "$kver" 1 demo/node || exit 1
vm_start beta "$kver" 2 demo/node || exit 1

say "alpha: (live output of the guest)"
if ! vm_wait_file alpha demo_node.log 180; then
	echo "alpha did not start its script; console:"; vm_console_tail alpha 30; exit 1
fi
timeout 900 tail -n +1 -f --pid="${VM_PID[alpha]}" "${VM_RES[alpha]}/demo_node.log"
vm_wait alpha 60 || echo "(alpha did not power off in time: killed)"

say "beta: (it took over after alpha stepped down)"
vm_wait beta 300 || echo "(beta did not power off in time: killed)"
cat "${VM_RES[beta]}/demo_node.log" 2>/dev/null || { echo "beta produced no output; console:"; vm_console_tail beta 30; }

say "That was replication and a failover: alpha wrote, beta read the same file."

rc=0
for g in alpha beta; do
	hits=$(vm_scan_console "${VM_CON[$g]}" "${VM_RES[$g]}/dmesg.txt")
	if [ -n "$hits" ]; then
		echo "!!! kernel problems in $g's console:"; echo "$hits" | head -n 20; rc=1
	fi
	grep -q '^FAIL: ' "${VM_RES[$g]}/results.txt" 2>/dev/null && { echo "!!! a step failed on $g"; rc=1; }
done
say "Logs and consoles: tests/out/demo/{alpha,beta}/"
exit $rc
