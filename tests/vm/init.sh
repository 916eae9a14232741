#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the test initramfs (busybox sh).  Loads the modules the stock
# kernels need, mounts the host root read-only over 9p (tag hostroot) with a
# tmpfs overlay on top, mounts the writable results share (tag results) at
# the path given by brt.results=, and switches root into the overlay to run
# the guest runner brt.runner= (tests/vm/guest-run.sh of the repo).
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

die() {
	echo "blkrep-init: $*" >/dev/console
	echo o >/proc/sysrq-trigger
	sleep 60
}

while read -r m; do
	[ -n "$m" ] && { insmod "/lib/modules/$m" || echo "blkrep-init: insmod $m failed"; }
done </lib/modules/order

runner= results=
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	brt.runner=*) runner=${arg#brt.runner=} ;;
	brt.results=*) results=${arg#brt.results=} ;;
	esac
done

p9="trans=virtio,version=9p2000.L,msize=262144"
# The host root does not change during a run: cache it (much faster exec
# and lookups, above all on the debug kernel).  Results stay uncached.
mount -t 9p -o "$p9,ro,cache=loose" hostroot /lower || die "cannot mount the host root over 9p"
mount -t tmpfs -o mode=755 tmpfs /rw
mkdir -p /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work /newroot ||
	die "cannot mount the overlay root"
if [ -n "$results" ]; then
	mkdir -p "/newroot$results"
	mount -t 9p -o "$p9" results "/newroot$results" || die "cannot mount the results share"
fi
mount --move /dev /newroot/dev
umount /proc /sys 2>/dev/null
[ -n "$runner" ] || runner=/bin/sh
exec switch_root /newroot /bin/bash "$runner"
