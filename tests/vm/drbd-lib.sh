# SPDX-License-Identifier: GPL-2.0
# DRBD 8.4 (the stock kernel's drbd.ko, drbd-utils) in a guest, for the
# comparisons: bench/guest.sh and tests/vm/pair/failover-readiness.sh.
#
#   drbd_conf      /etc/drbd.conf: resource r0 on /dev/vdb, stock settings
#                  but protocol C, alpha and beta at port 7788
#   drbd_state     r0's line of /proc/drbd
#   drbd_connected, drbd_synced   tests on it

drbd_conf() {
	# drbdmeta locks /var/lock/drbd-147-MINOR; /var/lock is a link to
	# /run/lock, and /run is an empty tmpfs in the guest.
	mkdir -p /run/lock /var/lock /var/lib/drbd /run/drbd /etc/drbd.d
	cat >/etc/drbd.conf <<'CONF'
# written by blkrep's tests/vm/drbd-lib.sh: stock settings, protocol C
global { usage-count no; }
resource r0 {
	net { protocol C; }
	device /dev/drbd0;
	disk /dev/vdb;
	meta-disk internal;
	on alpha { address 192.0.2.1:7788; }
	on beta { address 192.0.2.2:7788; }
}
CONF
}
drbd_state() { grep -E '^ *0:' /proc/drbd; }
drbd_connected() { drbd_state | grep -qE 'cs:(Connected|SyncSource|SyncTarget|WFBitMap)'; }
drbd_synced() { drbd_state | grep -q 'cs:Connected.*ds:UpToDate/UpToDate'; }
