# pair/io-error-dm: a real failing disk under a file system.  Alpha's
# backing disk is a device-mapper device; while ext4 on /dev/blkrep0 is
# mounted and in use on the Primary, its table is swapped for the "error"
# target, so every read and write of the disk (data, activity log,
# bitmap) fails.  With on-io-error detach alpha goes Diskless and the file
# system never sees an error: files written before and after the failure
# read back through beta.  After a failover beta's copy passes fsck and
# holds every file.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
pair_conf "disk { on-io-error detach; }"
sed -i 's|disk /dev/vdb;|disk /dev/mapper/r0disk;|' /etc/blkrep.conf
export DM_DISABLE_UDEV=1
must "device-mapper loaded" modprobe dm-mod
sz=$(blockdev --getsz /dev/vdb)
must "a linear dm device over vdb" dmsetup create r0disk --table "0 $sz linear /dev/vdb 0"
pair_up
pair_skip_sync
files() {	# files DIR N: N files of 1 MiB of random data, then sync
	mkdir -p "$1" && for i in $(seq 1 "$2"); do
		head -c 1048576 /dev/urandom >"$1/f$i" || return 1
	done && sync -f "$1"
}
if [ "$me" = alpha ]; then
	must "primary on alpha" blkrepadm primary r0
	must "mkfs.ext4" mkfs.ext4 -q /dev/blkrep0
	must "mount" mount /dev/blkrep0 /mnt
	must "write 8 files with a healthy disk" files /mnt/before 8
	must "the disk dies: every I/O fails" sh -c "dmsetup suspend r0disk &&
		dmsetup load r0disk --table '0 $sz error' && dmsetup resume r0disk"
	check "write 8 files on the dead disk" files /mnt/after 8
	check "alpha detached its disk: Diskless/UpToDate" wait_for $((30 * SLOW)) dstate_is Diskless/UpToDate
	check "write 8 more files while Diskless" files /mnt/diskless 8
	echo 3 >/proc/sys/vm/drop_caches
	sums=$(cd /mnt && find . -type f | sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
	check_eq "24 files read back through beta" 24 "$(find /mnt -type f -name 'f*' | wc -l)"
	check "ext4 saw no I/O error" sh -c '! dmesg | grep -E "EXT4-fs (error|warning)|Buffer I/O error on dev blkrep0"'
	check "umount" umount /mnt
	check "secondary on alpha (Diskless)" blkrepadm secondary r0
	tell "$sums"
	hear >/dev/null
else
	sums=$(hear)
	must "primary on beta (failover)" blkrepadm primary r0
	check "fsck finds beta's copy clean" e2fsck -fn /dev/blkrep0
	must "mount on beta" mount /dev/blkrep0 /mnt
	check_eq "beta holds every file alpha wrote" "$sums" \
		"$(cd /mnt && find . -type f | sort | xargs sha256sum | sha256sum | cut -d' ' -f1)"
	check "umount" umount /mnt
	check "secondary on beta" blkrepadm secondary r0
	tell "compared"
fi
pair_down
dmsetup remove r0disk 2>/dev/null
finish
