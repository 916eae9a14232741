#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what the test harness needs, on Debian 12, as root.
#
# Only missing packages are installed; when nothing is missing, no apt-get
# update is done, so a second run takes well under a second.  Packages with
# daemons (mariadb-server, pacemaker, corosync, heartbeat: the guests run them; pcs, whose pcsd nothing runs) are
# installed under a policy-rc.d that keeps them from starting on the host.  The debug
# kernel (KASAN/lockdep/UBSAN) comes as two .deb files from
# ${BLKREP_SHARED:-<repo>/../shared}/kernels and is installed with dpkg -i
# when present.  Not root: print what is missing and carry on; the tests
# that need it SKIP with a reason.  Log: tests/out/deps.log.
set -u

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${BLKREP_SHARED:-$repo/../shared}
mkdir -p "$repo/tests/out" 2>/dev/null
log=$repo/tests/out/deps.log
: 2>/dev/null >"$log" || { log=${TMPDIR:-/tmp}/blkrep-deps.$(id -u).log; : >"$log"; }
export DEBIAN_FRONTEND=noninteractive

pkgs="gcc make pkg-config libnl-3-dev libnl-genl-3-dev libblkid-dev
qemu-system-x86 busybox-static cpio kmod iproute2 util-linux e2fsprogs
xfsprogs fio dkms sparse linux-image-amd64 linux-headers-amd64
linux-image-6.12-amd64 linux-headers-6.12-amd64 valgrind xz-utils zstd
resource-agents libxml2-utils pacemaker-common shellcheck dash
bash-completion python3-docutils groff-base mariadb-server sysbench
pacemaker pacemaker-cli-utils corosync dmsetup pcs heartbeat"

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=
for p in $pkgs; do
	installed "$p" || missing="$missing $p"
done

# Debug kernel debs: image + headers, installed when present and not yet in.
debs=
for d in "$shared"/kernels/linux-image-*blkrep-debug*.deb \
	 "$shared"/kernels/linux-headers-*blkrep-debug*.deb; do
	[ -f "$d" ] || continue
	name=$(dpkg-deb -f "$d" Package 2>/dev/null) || continue
	installed "$name" || debs="$debs $d"
done

if [ -z "$missing" ] && [ -z "$debs" ]; then
	echo "deps: everything present" | tee -a "$log"
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	[ -n "$missing" ] && echo "deps: not root; missing packages:$missing" | tee -a "$log"
	[ -n "$debs" ] && echo "deps: not root; debug kernel not installed:$debs" | tee -a "$log"
	exit 0
fi

rc=0
if [ -n "$missing" ]; then
	echo "deps: installing:$missing (log: $log)"
	# Some hosts have third-party sources that fail to update; the Debian
	# ones are what we need, so an update error alone is not fatal.
	timeout 900 apt-get -q update >>"$log" 2>&1 || echo "deps: apt-get update had errors (see $log)"
	# No daemon may start on the host: a policy-rc.d that says 101
	# ("action forbidden") while installing, removed after only if ours.
	prc=/usr/sbin/policy-rc.d made_prc=
	if [ ! -e "$prc" ]; then
		printf '#!/bin/sh\n# tests/deps.sh: no daemons during install\nexit 101\n' >"$prc" &&
			chmod 755 "$prc" && made_prc=1
	fi
	# shellcheck disable=SC2086
	if ! timeout 1800 apt-get -q -y -o Dpkg::Options::=--force-confdef \
		-o Dpkg::Options::=--force-confold install --no-install-recommends \
		$missing >>"$log" 2>&1; then
		echo "deps: apt-get install failed (see $log)"
		rc=1
	fi
	[ -n "$made_prc" ] && rm -f "$prc"
fi
if [ -n "$debs" ]; then
	echo "deps: installing debug kernel:$debs"
	# shellcheck disable=SC2086
	if ! timeout 600 dpkg -i $debs >>"$log" 2>&1; then
		timeout 900 apt-get -q -y -f install >>"$log" 2>&1 || true
		# shellcheck disable=SC2086
		timeout 600 dpkg -i $debs >>"$log" 2>&1 || { echo "deps: dpkg -i failed (see $log)"; rc=1; }
	fi
fi
still=
for p in $missing; do installed "$p" || still="$still $p"; done
[ -n "$still" ] && echo "deps: still missing:$still"
exit $rc
