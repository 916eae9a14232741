#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest-side runner, PID 1 of a test guest after switch_root (see init.sh).
# Kernel command line (brt.*): host=NAME ip=ADDR/PREFIX results=DIR
# repo=DIR scenarios=a,b,c plant=1 (harness self-test: plant a WARNING: line).
# Sets the guest up, runs each scenario with a time limit, writes the
# PASS/FAIL lines to DIR/results.txt and each scenario's log to DIR/NAME.log,
# cleans up between scenarios and powers off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LANG=C.UTF-8

# PID 1 must not exit (the kernel would panic): wait with bash builtins
# only, since the root file system may already be gone while powering off.
poweroff_now() {
	sync
	echo o >/proc/sysrq-trigger
	while :; do read -r -t 3600 _ <>/run/hold; done
}
trap poweroff_now EXIT

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /dev/pts /dev/shm /run
mount -t devpts devpts /dev/pts
# devtmpfs lacks what udev would add: bash process substitution needs /dev/fd.
ln -sfn /proc/self/fd /dev/fd
ln -sfn /proc/self/fd/0 /dev/stdin
ln -sfn /proc/self/fd/1 /dev/stdout
ln -sfn /proc/self/fd/2 /dev/stderr
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tmpfs -o mode=755 tmpfs /run
mkfifo /run/hold
# No tmpfs on /tmp: the repo (and the results share) may live under /tmp on
# the host; the overlay root keeps guest writes in memory anyway.
mount -t debugfs none /sys/kernel/debug 2>/dev/null
mount -t configfs none /sys/kernel/config 2>/dev/null
# From here on every kernel message reaches the console (the host scans it).
echo 8 >/proc/sys/kernel/printk

declare -A P
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	brt.*=*) k=${arg%%=*}; P[${k#brt.}]=${arg#*=} ;;
	esac
done
RES=${P[results]:-/tmp/results}
export BLKREP_REPO=${P[repo]:-}
export BLKREP_RESULTS=$RES/results.txt
# blkrepadm and blkrep.ko: the run's snapshot (brt.bin), else the work tree.
export BLKREP_BIN=${P[bin]:-}
# 1, or N > 1 when the host booted this guest again after killing it
# (host_crash in guest-lib.sh); scenarios pick up where they were.
export BLKREP_BOOT=${P[boot]:-1}
mkdir -p "$RES"
kver=$(uname -r)

con() { echo "blkrep-harness: $*" >/dev/kmsg; }

if [ -n "$BLKREP_BIN" ]; then PATH=$BLKREP_BIN:$PATH; else PATH=$BLKREP_REPO/user:$PATH; fi

hostname "${P[host]:-guest}"
echo "${P[host]:-guest}" >/etc/hostname
ip link set lo up
if [ -n "${P[ip]:-}" ] && ip link show eth0 >/dev/null 2>&1; then
	ip addr add "${P[ip]}" dev eth0
	ip link set eth0 up
fi
# File systems the scenarios use, loaded now rather than on demand.
for m in ext4 xfs; do
	grep -qw "$m" /proc/filesystems || modprobe "$m" || con "modprobe $m failed"
done
# depmod output for the running kernel lives on the (read-only) host root;
# modprobe of in-tree modules (xfs, ...) works from there.
echo "$kver" >"$RES/kernel"
echo "booted $kver as $(hostname)" >"$RES/boot"

if [ "${P[plant]:-0}" = 1 ]; then
	con "planting a test line as the harness self-test asks"
	echo "WARNING: planted by the harness self-test (not a real problem)" >/dev/kmsg
fi

# Best effort: leave no resource, mount or module behind for the next one.
cleanup_between() {
	local m
	for m in $(awk '$1 ~ /^\/dev\/blkrep/ {print $2}' /proc/mounts | sort -r); do
		timeout 30 umount "$m" || timeout 10 umount -l "$m"
	done
	if [ -e /proc/blkrep ] || grep -q '^blkrep ' /proc/modules; then
		timeout 30 blkrepadm down all >/dev/null 2>&1
		timeout 30 rmmod blkrep 2>/dev/null
	fi
	grep -q '^blkrep ' /proc/modules && con "blkrep still loaded after cleanup"
	rm -f /etc/blkrep.conf
}

# Two guests running several pair scenarios in one boot meet before each
# but the first, so one never starts a scenario while the other is still
# finishing the last.  Alpha calls until beta listens; both give up after
# the scenario time limit (the other one is then stuck or dead).
pair_barrier() {
	local lim=${P[stimeout]:-600} i
	case "$(hostname)" in
	alpha)
		for i in $(seq 1 "$lim"); do
			echo "$1" | timeout 5 busybox nc 192.0.2.2 9009 2>/dev/null && return 0
			sleep 1
		done ;;
	beta) [ "$(timeout "$lim" busybox nc -l -p 9009)" = "$1" ] && return 0 ;;
	esac
	return 1
}

IFS=, read -r -a scen <<<"${P[scenarios]:-}"
n=0
for s in "${scen[@]}"; do
	[ -n "$s" ] || continue
	n=$((n + 1))
	case "$s" in
	pair/*) if [ "$n" -gt 1 ] && ! pair_barrier "$s"; then
			echo "FAIL: vm-$kver/$s/$(hostname)/barrier: the other guest did not reach $s" >>"$BLKREP_RESULTS"
		fi ;;
	esac
	# "name" is tests/vm/scenarios/name.sh, "dir/name" is tests/vm/dir/name.sh
	case "$s" in
	*/*) f=$BLKREP_REPO/tests/vm/$s.sh ;;
	*) f=$BLKREP_REPO/tests/vm/scenarios/$s.sh ;;
	esac
	logname=${s//\//_}
	con "scenario $s: start"
	t_scen=$(date +%s)
	before=$(grep -c "^FAIL: vm-$kver/$s/" "$BLKREP_RESULTS" 2>/dev/null)
	if [ ! -f "$f" ]; then
		echo "FAIL: vm-$kver/$s: no such scenario ($f)" >>"$BLKREP_RESULTS"
		rc=2
	else
		# timeout leads a process group of its own: whatever the
		# scenario left running (a writer, a listener) dies with it.
		SCENARIO=$s timeout -k 10 "${P[stimeout]:-600}" bash "$f" </dev/null >"$RES/$logname.log" 2>&1 &
		spid=$!
		wait "$spid"
		rc=$?
		kill -9 -- "-$spid" 2>/dev/null
	fi
	after=$(grep -c "^FAIL: vm-$kver/$s/" "$BLKREP_RESULTS" 2>/dev/null)
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		echo "FAIL: vm-$kver/$s/finished: timed out after ${P[stimeout]:-600}s" >>"$BLKREP_RESULTS"
	elif [ "$rc" != 0 ] && [ "${after:-0}" = "${before:-0}" ]; then
		echo "FAIL: vm-$kver/$s/finished: scenario exited with status $rc" >>"$BLKREP_RESULTS"
	fi
	cleanup_between
	# Each scenario reads only its own kernel messages; the console keeps
	# them all, dmesg.txt too.
	dmesg -c >>"$RES/dmesg.txt" 2>&1
	con "scenario $s: end (exit $rc)"
	# NAME STATUS SECONDS (the host prints the seconds in its time table)
	echo "$s $rc $(( $(date +%s) - t_scen ))" >>"$RES/done"
done
dmesg >>"$RES/dmesg.txt" 2>&1
con "all scenarios done"
echo "finished" >>"$RES/done"
