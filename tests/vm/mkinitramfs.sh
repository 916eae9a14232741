#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh KVER OUT: a busybox-static initramfs for booting the host's
# root file system (over 9p, read-only, with a tmpfs overlay on top) in a
# QEMU guest.  For the stock Debian kernels it carries the few modules that
# are needed before the root is reachable (decompressed, in the dependency
# order modprobe reports); the debug kernel has them built in.  /init is
# tests/vm/init.sh.
set -eu
kver=$1 out=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mods="virtio_pci 9pnet_virtio 9p overlay virtio_blk virtio_net"

bb=$(command -v busybox) || { echo "mkinitramfs: busybox (busybox-static) not installed" >&2; exit 1; }
file -L "$bb" 2>/dev/null | grep -q "statically linked" ||
	{ [ -x /bin/busybox ] && bb=/bin/busybox; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{bin,dev,proc,sys,newroot,lower,rw,lib/modules}
cp "$bb" "$tmp/bin/busybox"
ln -s busybox "$tmp/bin/sh"
cp "$here/init.sh" "$tmp/init"
chmod 755 "$tmp/init"

: >"$tmp/lib/modules/order"
if [ -d "/lib/modules/$kver" ]; then
	seen=" "
	for m in $mods; do
		deps=$(modprobe -S "$kver" --show-depends "$m" 2>/dev/null) || {
			echo "mkinitramfs: $m not found for $kver (assuming built in)" >&2; continue; }
		while read -r kind path _; do
			[ "$kind" = insmod ] || continue
			base=$(basename "$path"); base=${base%.xz}; base=${base%.zst}; base=${base%.gz}
			case "$seen" in *" $base "*) continue ;; esac
			seen="$seen$base "
			case "$path" in
			*.xz) xz -dc "$path" >"$tmp/lib/modules/$base" ;;
			*.zst) zstd -qdc "$path" >"$tmp/lib/modules/$base" ;;
			*.gz) gzip -dc "$path" >"$tmp/lib/modules/$base" ;;
			*) cp "$path" "$tmp/lib/modules/$base" ;;
			esac
			echo "$base" >>"$tmp/lib/modules/order"
		done <<<"$deps"
	done
fi
mkdir -p "$(dirname "$out")"
(cd "$tmp" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 >"$out.tmp.$$"
mv "$out.tmp.$$" "$out"
