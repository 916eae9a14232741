# SPDX-License-Identifier: GPL-2.0
# Sourced.  Host side of the VM tests: boot guests under QEMU (TCG), wait
# for them with a bound, scan their console logs, tear everything down.
#
#   vm_setup RUNDIR            per-run state; installs the teardown trap
#   vm_start NAME KVER IDX SCENARIOS [extra brt.* args]
#                              boot guest NAME (IDX 1 -> alpha/192.0.2.1 ...);
#                              VM_DISKS="vda:16M vdb:256M vdc:192M" sizes
#                              its disks; VM_BOOT=N (N > 1) boots it again
#                              after a crash: same disks, results kept,
#                              console in NAME.console.N, brt.boot=N
#   vm_wait NAME SECONDS       wait for NAME to power off; 1 on timeout
#   vm_link NAME on|off        plug or pull NAME's wire (QEMU monitor)
#   vm_results NAME            print the guest's PASS/FAIL lines
#   vm_scan_console FILE...    print the kernel-problem lines found
#   vm_teardown                kill every guest still running

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$VM_DIR/../.." && pwd)
. "$VM_DIR/kernels.sh"

VM_MEM=${VM_MEM:-1024}
VM_PATTERN='kernel BUG|cut here|KASAN|UBSAN|BUG:|WARNING:|Oops|possible circular locking|inconsistent lock state|possible recursive locking|general protection fault|Call Trace|Kernel panic|blocked for more than|soft lockup'
declare -A VM_PID VM_RES VM_CON VM_IDX

vm_teardown() {
	local n p
	for n in "${!VM_PID[@]}"; do
		p=${VM_PID[$n]}
		if kill -0 "$p" 2>/dev/null; then
			kill "$p" 2>/dev/null
			sleep 0.5
			kill -9 "$p" 2>/dev/null
		fi
		wait "$p" 2>/dev/null
		unset "VM_PID[$n]"
	done
}

vm_setup() {
	VM_RUN=$1
	mkdir -p "$VM_RUN"
	# Ports for the UDP wire, distinct per run.
	VM_PORT=$((20000 + (BASHPID % 4000) * 10))
	trap 'vm_teardown' EXIT
	trap 'vm_teardown; exit 130' INT TERM
}

vm_initramfs() {	# KVER -> path of the cached initramfs, built if stale
	local kver=$1 out=$REPO/tests/out/initramfs-$1.cpio.gz
	if [ ! -s "$out" ] || [ "$VM_DIR/init.sh" -nt "$out" ] ||
	   [ "$VM_DIR/mkinitramfs.sh" -nt "$out" ]; then
		"$VM_DIR/mkinitramfs.sh" "$kver" "$out" >&2 || return 1
	fi
	echo "$out"
}

# vm_snapshot KVER DIR: copy user/blkrepadm and build/KVER/blkrep.ko to
# DIR and use them in the guests started after this (VM_BIN).  Builds that
# happen in the work tree while guests run cannot pull the rug from under
# them, and every scenario of a run tests the same binaries.
vm_snapshot() {
	local kver=$1 dir=$2
	mkdir -p "$dir"
	[ -f "$REPO/user/blkrepadm" ] && cp "$REPO/user/blkrepadm" "$dir/"
	[ -f "$REPO/build/$kver/blkrep.ko" ] && cp "$REPO/build/$kver/blkrep.ko" "$dir/"
	VM_BIN=$(cd "$dir" && pwd)
}

# vm_start NAME KVER IDX SCENARIOS [brt.k=v ...]
vm_start() {
	local name=$1 kver=$2 idx=$3 scen=$4
	shift 4
	local dir=$VM_RUN/$name initrd peer mac lport rport boot=${VM_BOOT:-1}
	mkdir -p "$dir/disks"
	initrd=$(vm_initramfs "$kver") || return 1
	local d
	if [ "$boot" = 1 ]; then
		rm -f "$dir"/results.txt "$dir"/done "$dir"/*.log "$dir"/dmesg.txt "$dir"/crash-request
		# Fresh sparse disks for every run: vda scratch, vdb data, vdc
		# meta (vdc holds one indexed 128 MiB metadata slot).
		for d in ${VM_DISKS:-vda:16M vdb:256M vdc:192M}; do
			rm -f "$dir/disks/${d%%:*}.img"
			truncate -s "${d#*:}" "$dir/disks/${d%%:*}.img"
		done
	fi
	# The wire: guest 1 and guest 2 face each other on loopback UDP ports.
	if [ "$idx" = 1 ]; then lport=$VM_PORT rport=$((VM_PORT + 1)); else lport=$((VM_PORT + 1)) rport=$VM_PORT; fi
	mac=52:54:00:12:34:$(printf %02x "$idx")
	VM_CON[$name]=$dir/$name.console
	[ "$boot" = 1 ] || VM_CON[$name]=$dir/$name.console.$boot
	VM_RES[$name]=$dir
	VM_IDX[$name]=$idx
	# qemu64, a plain x86-64 CPU: under TCG every instruction is emulated,
	# and with "max" the guest kernel picks AVX2/AVX-512 paths (memcpy,
	# crc32c, crypto) that TCG emulates slowly: pair/failover took 45 s
	# with max, 40 s with qemu64.  It also has no 5-level paging, with
	# which the KASAN kernel reported a wild-memory-access during
	# identify_boot_cpu on about one boot in five.  VM_CPU=... overrides.
	# pci=noacpi: PCI interrupts routed from the BIOS's PIRQ table, not
	# by running ACPI's AML.  On the KASAN kernel every AML object the
	# interpreter allocates and frees records a stack trace, and routing
	# the six virtio devices took ~60 s of each boot (a guest reached the
	# scenarios after ~80 s; now ~18 s).  Stock kernels save ~1 s.
	local args=(
		-accel tcg -cpu "${VM_CPU:-qemu64}" -smp 1 -m "$VM_MEM" -nographic -no-reboot
		-name "blkrep-$name"
		-kernel "/boot/vmlinuz-$kver" -initrd "$initrd"
		-append "console=ttyS0 quiet panic=-1 pci=noacpi rdinit=/init brt.runner=$REPO/tests/vm/guest-run.sh brt.repo=$REPO brt.results=$dir brt.host=$name brt.ip=192.0.2.$idx/24 brt.scenarios=$scen brt.boot=$boot ${VM_BIN:+brt.bin=$VM_BIN} ${VM_APPEND:-} $*"
		-fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap"
		-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
		-fsdev "local,id=results,path=$dir,security_model=none,multidevs=remap"
		-device virtio-9p-pci,fsdev=results,mount_tag=results
		-netdev "socket,id=wire,udp=127.0.0.1:$rport,localaddr=127.0.0.1:$lport"
		-device "virtio-net-pci,netdev=wire,mac=$mac"
		-monitor "tcp:127.0.0.1:$((VM_PORT + 2 + idx)),server=on,wait=off"
	)
	for d in vda vdb vdc; do
		args+=(-drive "file=$dir/disks/$d.img,if=virtio,format=raw,cache=unsafe,discard=unmap")
	done
	qemu-system-x86_64 "${args[@]}" </dev/null >"${VM_CON[$name]}" 2>&1 &
	VM_PID[$name]=$!
}

# vm_link NAME on|off: plug or pull the guest's wire (its NIC loses its
# carrier; what either side sends is dropped), through its monitor.
vm_link() {
	local port=$((VM_PORT + 2 + ${VM_IDX[$1]})) fd
	exec {fd}<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null || return 1
	# "info network" answers only once set_link has run
	printf 'set_link wire %s\ninfo network\n' "$2" >&"$fd"
	timeout 5 grep -a -q -m 1 ' wire: index=' <&"$fd"
	local rc=$?
	exec {fd}>&-
	return $rc
}

# vm_wait NAME SECONDS: 0 when the guest powered off by itself in time.
vm_wait() {
	local name=$1 limit=$2 p=${VM_PID[$1]} t=0
	while kill -0 "$p" 2>/dev/null; do
		if [ "$t" -ge "$limit" ]; then
			kill -9 "$p" 2>/dev/null
			wait "$p" 2>/dev/null
			return 1
		fi
		sleep 1
		t=$((t + 1))
	done
	wait "$p" 2>/dev/null
	return 0
}

# vm_wait_file NAME FILE SECONDS: wait until the guest wrote FILE (or died).
vm_wait_file() {
	local name=$1 f=${VM_RES[$1]}/$2 limit=$3 t=0
	while [ ! -e "$f" ]; do
		kill -0 "${VM_PID[$name]}" 2>/dev/null || return 1
		[ "$t" -ge "$limit" ] && return 1
		sleep 1
		t=$((t + 1))
	done
}

# vm_wait_progress NAME FIRST NEXT TOTAL: wait for NAME to power off while
# it makes progress: FIRST seconds for the boot and the first scenario, NEXT
# seconds for each further one (a line in its "done" file), TOTAL overall;
# 90 s without progress once its console shows a kernel problem.  1 when
# the guest had to be killed.
vm_wait_progress() {
	local name=$1 first=$2 next=$3 total=$4 p=${VM_PID[$1]}
	local t0 last n ndone=0 now allowed
	t0=$(date +%s) last=$t0
	while kill -0 "$p" 2>/dev/null; do
		now=$(date +%s)
		n=$(cat "${VM_RES[$name]}/done" 2>/dev/null | wc -l)
		[ "$n" != "$ndone" ] && ndone=$n last=$now
		if [ "$ndone" = 0 ]; then allowed=$first; else allowed=$next; fi
		if [ $((now - last)) -gt 90 ] && grep -aqE 'BUG:|kernel BUG|Oops|general protection fault|Kernel panic' "${VM_CON[$name]}" 2>/dev/null; then
			allowed=90
		fi
		if [ $((now - last)) -gt "$allowed" ] || [ $((now - t0)) -gt "$total" ]; then
			VM_KILLED_AFTER=$((now - t0))
			kill -9 "$p" 2>/dev/null
			wait "$p" 2>/dev/null
			return 1
		fi
		sleep 2
	done
	wait "$p" 2>/dev/null
	return 0
}

vm_scan_console() {	# FILE...: the matching lines, with file:line
	grep -a -n -E "$VM_PATTERN" "$@" 2>/dev/null || true
}

vm_scan_planted() { grep -a -q 'WARNING: planted by the harness self-test' "$@" 2>/dev/null; }

vm_console_tail() {	# NAME [LINES]
	tail -n "${2:-30}" "${VM_CON[$1]}" 2>/dev/null | tr -d '\r' | sed 's/^/    | /'
}
