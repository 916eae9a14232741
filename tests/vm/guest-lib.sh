# SPDX-License-Identifier: GPL-2.0
# Sourced by every scenario (in the guest, run by guest-run.sh).
#
# Assertions print `PASS: vm-<kver>/<scenario>/<step>` or `FAIL: ...: reason`
# to stdout (the scenario log) and append them to $BLKREP_RESULTS; <step> is
# the description made into a name (lower case, [a-z0-9.-]).
#
#   check "desc" CMD...                    CMD exits 0
#   check_fails "desc" CMD...              CMD exits non-zero (not a timeout)
#   check_fails_with "desc" RC "text" CMD... CMD exits RC, stderr holds text
#                                          (case-insensitive)
#   check_output "desc" "text" CMD...      CMD exits 0, stdout holds text
#   check_eq "desc" EXPECTED ACTUAL
#   must ...                               like check, but ends the scenario
#                                          on failure (a prerequisite)
#   skip "desc" "reason"
#   finish                                 last line of a scenario
#   host_crash [restart [SECONDS]|down]    the host kills this guest's qemu
#                                          (a power cut) and, unless "down",
#                                          boots it again SECONDS later with
#                                          the same disks; the scenario then
#                                          runs from the top with
#                                          BLKREP_BOOT=2 (3, ...)
# Every command runs under `timeout $STEP_TIMEOUT` (default 120 s), so a
# hang is reported as a failure of that step, not a stuck run.
set -u
: "${BLKREP_REPO:?}" "${SCENARIO:?}"
KVER=$(uname -r)
SUITE="vm-$KVER/$SCENARIO"
BLKREP_RESULTS=${BLKREP_RESULTS:-/tmp/results.txt}
RES_DIR=$(dirname "$BLKREP_RESULTS")
# The run's snapshot of the binaries (see vm_snapshot), else the work tree.
if [ -n "${BLKREP_BIN:-}" ]; then
	export PATH="$BLKREP_BIN:$PATH"
	BLKREP_KO=$BLKREP_BIN/blkrep.ko
else
	export PATH="$BLKREP_REPO/user:$PATH"
	BLKREP_KO=$BLKREP_REPO/build/$KVER/blkrep.ko
fi
STEP_TIMEOUT=${STEP_TIMEOUT:-120}
# Scale for slow kernels (debug: KASAN makes I/O a few times slower).
case "$KVER" in *-debug) SLOW=3 ;; *) SLOW=1 ;; esac
STEP_TIMEOUT=$((STEP_TIMEOUT * SLOW))
_fails=0
_out=$(mktemp) _err=$(mktemp)

# Steps are many and a process costs a lot in a TCG guest (a fifth of a
# second on the debug kernel), so the bookkeeping around a step runs in
# the shell: _name sets _n, and _run starts no sed for an empty output.
shopt -s extglob
_name() { _n=${1,,}; _n=${_n//+([^a-z0-9.])/-}; _n=${_n#-}; _n=${_n%-}; }
_emit() { echo "$1"; echo "$1" >>"$BLKREP_RESULTS"; }
pass() { _name "$1"; _emit "PASS: $SUITE/$_n"; }
fail() { _name "$1"; _emit "FAIL: $SUITE/$_n: $2"; _fails=$((_fails + 1)); }
skip() { _name "$1"; _emit "SKIP: $SUITE/$_n: $2"; }
note() { echo "## $*"; }

# _run CMD...: run with a time limit, stdout in $_out, stderr in $_err;
# sets _rc.  Shell functions run directly (they use timeouts inside).
_run() {
	local t0=${EPOCHREALTIME/./} dt
	echo "+ $*"
	if [ "$(type -t "$1")" = function ]; then
		"$@" >"$_out" 2>"$_err"
	else
		timeout -k 5 "$STEP_TIMEOUT" "$@" >"$_out" 2>"$_err"
	fi
	_rc=$?
	dt=$(( (${EPOCHREALTIME/./} - t0) / 100000 ))
	[ -s "$_out" ] && sed 's/^/  out| /' "$_out" | head -n 50
	[ -s "$_err" ] && sed 's/^/  err| /' "$_err" | head -n 50
	echo "  rc=$_rc ($((dt / 10)).$((dt % 10)) s)"
}
_last_err() { tail -n 1 "$_err" | cut -c1-200; }

check() {
	local d=$1; shift
	_run "$@"
	if [ "$_rc" = 0 ]; then pass "$d"; return 0; fi
	if [ "$_rc" = 124 ]; then fail "$d" "timed out after ${STEP_TIMEOUT}s: $*"
	else fail "$d" "exit $_rc from '$*': $(_last_err)"; fi
	return 1
}

must() { check "$@" || { echo "## prerequisite failed, ending scenario"; finish; }; }

check_fails() {
	local d=$1; shift
	_run "$@"
	case "$_rc" in
	0) fail "$d" "'$*' succeeded, expected a failure"; return 1 ;;
	124|137) fail "$d" "'$*' hung (timed out after ${STEP_TIMEOUT}s), expected a clear failure"; return 1 ;;
	esac
	pass "$d"
}

check_fails_with() {
	local d=$1 want=$2 text=$3; shift 3
	_run "$@"
	if [ "$_rc" != "$want" ]; then
		fail "$d" "exit $_rc (expected $want) from '$*': $(_last_err)"; return 1
	fi
	if [ -n "$text" ] && ! grep -qiF -- "$text" "$_err"; then
		fail "$d" "stderr lacks '$text': $(_last_err)"; return 1
	fi
	pass "$d"
}

check_output() {
	local d=$1 text=$2; shift 2
	_run "$@"
	if [ "$_rc" != 0 ]; then fail "$d" "exit $_rc from '$*': $(_last_err)"; return 1; fi
	if ! grep -qF -- "$text" "$_out"; then
		fail "$d" "output of '$*' lacks '$text': $(head -c 200 "$_out" | tr '\n' ' ')"; return 1
	fi
	pass "$d"
}

check_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; return 0; fi
	fail "$1" "expected '$2', got '$3'"; return 1
}

finish() {
	rm -f "$_out" "$_err"
	[ "$_fails" = 0 ] && exit 0
	exit 1
}

host_crash() {
	# Only the results share is synced: the blkrep disks must see a
	# power cut, not a clean flush.
	sync -f "$BLKREP_RESULTS" 2>/dev/null
	echo "${*:-restart}" >"$RES_DIR/crash-request.tmp" &&
		mv "$RES_DIR/crash-request.tmp" "$RES_DIR/crash-request"
	sleep $((300 * SLOW))
	fail "host killed this guest" "no kill within $((300 * SLOW)) s of the request"
	finish
}
BLKREP_BOOT=${BLKREP_BOOT:-1}

# host_link cut|heal: ask the host to pull (or plug) both guests' wires at
# once, a partition in which both stay up; returns once it is done.
host_link() {
	local i
	rm -f "$RES_DIR/link-done"
	echo "$1" >"$RES_DIR/link-request.tmp" &&
		mv "$RES_DIR/link-request.tmp" "$RES_DIR/link-request"
	for i in $(seq 1 $((150 * SLOW))); do
		[ -e "$RES_DIR/link-done" ] && return 0
		sleep 0.2
	done
	return 1
}

# host_relay MSG: pass MSG to the other guest through the host, for when
# the wire is cut; host_relayed MSG: the other guest relayed MSG to this
# one.  (The other guest's results directory is no use for that: this
# guest sees it through the cached read-only root.)
host_relay() {
	local i
	for i in $(seq 1 $((300 * SLOW))); do	# the host takes one at a time
		[ -e "$RES_DIR/relay-request" ] || break
		sleep 0.2
	done
	echo "$1" >"$RES_DIR/relay-request.tmp" &&
		mv "$RES_DIR/relay-request.tmp" "$RES_DIR/relay-request"
}
host_relayed() { grep -qxF -- "$1" "$RES_DIR/relayed" 2>/dev/null; }

# fence_agent_install: tests/vm/fence_blkrep_test as a fence agent
# (/usr/sbin, where Pacemaker's fencer looks); it powers the other guest
# off through the host (run-pair.sh), like an IPMI or hypervisor agent.
fence_agent_install() {
	install -m 755 "$BLKREP_REPO/tests/vm/fence_blkrep_test" /usr/sbin/fence_blkrep_test
}

# ---- blkrep helpers ---------------------------------------------------------

# write_conf [META]: /etc/blkrep.conf with resource r0 = /dev/blkrep0 on
# /dev/vdb for alpha and beta; META is "internal" (default), "/dev/vdc"
# (flexible) or "/dev/vdc [0]" (indexed).  The guest root is a tmpfs overlay,
# so this never touches the host.
write_conf() {
	local meta=${1:-internal}
	cat >/etc/blkrep.conf <<CONF
# written by tests/vm/guest-lib.sh for scenario $SCENARIO
resource r0 {
	on alpha {
		device /dev/blkrep0;
		disk /dev/vdb;
		meta-disk $meta;
		address 192.0.2.1:7789;
	}
	on beta {
		device /dev/blkrep0;
		disk /dev/vdb;
		meta-disk $meta;
		address 192.0.2.2:7789;
	}
}
CONF
}

# fresh_disks: make vdb and vdc look never used (no file system, no metadata).
fresh_disks() {
	local d
	for d in /dev/vdb /dev/vdc; do
		timeout 60 blkdiscard "$d" 2>/dev/null ||
			timeout 120 dd if=/dev/zero of="$d" bs=1M oflag=direct status=none 2>/dev/null
	done
	return 0
}

# The module runs handlers through this very blkrepadm.
load_module() { timeout -k 5 $((60 * SLOW)) insmod "$BLKREP_KO" usermode_helper="$(command -v blkrepadm)"; }
module_loaded() { grep -q '^blkrep ' /proc/modules; }
unload_module() { timeout -k 5 $((60 * SLOW)) rmmod blkrep; }

# proc_line MINOR: the state line of /dev/blkrep<MINOR> from /proc/blkrep.
proc_line() { grep -E "^ *$1: " /proc/blkrep; }
proc_has() {	# proc_has MINOR TEXT
	proc_line "$1" | grep -qF -- "$2"
}

size_of() { blockdev --getsize64 "$1"; }

# make_files DIR N: N files of random data and DIR/SHA256SUMS.
make_files() {
	local dir=$1 n=$2 i
	for i in $(seq 1 "$n"); do
		dd if=/dev/urandom of="$dir/file$i" bs=64k count=$((i * 3)) status=none || return 1
	done
	(cd "$dir" && sha256sum file* >/root/SHA256SUMS.$SCENARIO)
}
verify_files() { (cd "$1" && sha256sum --quiet -c "/root/SHA256SUMS.$SCENARIO"); }

# Leave nothing behind (the runner does this too, between scenarios).
cleanup_blkrep() {
	local m
	for m in $(awk '$1 ~ /^\/dev\/blkrep/ {print $2}' /proc/mounts | sort -r); do
		timeout 60 umount "$m"
	done
	module_loaded && { timeout 60 blkrepadm down all >/dev/null 2>&1; unload_module; }
	return 0
}
