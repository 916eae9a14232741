# SPDX-License-Identifier: GPL-2.0
# Sourced.  Which installed kernels the tests boot.  A kernel counts as
# installed when both its image (/boot/vmlinuz-V) and its modules
# (/lib/modules/V) are there; each function prints the newest such version
# of its kind, or nothing.

_kernels_installed() {	# glob on the version
	local v f
	for f in /boot/vmlinuz-$1; do
		[ -f "$f" ] || continue
		v=${f#/boot/vmlinuz-}
		[ -d "/lib/modules/$v" ] && echo "$v"
	done | sort -V
}

kver_stock61() { _kernels_installed '6.1.*-amd64' | tail -n 1; }
kver_612()     { _kernels_installed '6.12.*-amd64' | tail -n 1; }
kver_debug()   { _kernels_installed '6.1.*-blkrep-debug' | tail -n 1; }

# resolve_kver 6.1|6.12|debug|<full version>: print the full version.
resolve_kver() {
	case "$1" in
	6.1|stock|"") kver_stock61 ;;
	6.12) kver_612 ;;
	debug) kver_debug ;;
	*) [ -f "/boot/vmlinuz-$1" ] && echo "$1" ;;
	esac
}

# is_debug_kver V: the debug kernel has everything built in.
is_debug_kver() { case "$1" in *-blkrep-debug) return 0 ;; esac; return 1; }
