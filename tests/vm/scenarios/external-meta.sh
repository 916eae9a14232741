# external-meta: metadata on a separate disk, in both forms.  With
# "meta-disk /dev/vdc" (flexible: the whole meta-disk) and with
# "meta-disk /dev/vdc [0]" (indexed slot 0), the whole of /dev/vdb is data
# (at most 4 KiB lost to alignment), and files written there survive down/up.
. "$BLKREP_REPO/tests/vm/guest-lib.sh"

mkdir -p /mnt/r0
must "insmod blkrep.ko" load_module
for variant in flexible indexed; do
	fresh_disks
	if [ $variant = flexible ]; then write_conf "/dev/vdc"; else write_conf "/dev/vdc [0]"; fi
	check "$variant: create-md" blkrepadm create-md r0 || continue
	check "$variant: up r0" blkrepadm up r0 || continue
	check "$variant: primary --force" blkrepadm primary --force r0
	bdev=$(size_of /dev/vdb) dev=$(size_of /dev/blkrep0)
	note "$variant: vdb $bdev bytes, blkrep0 $dev bytes"
	check "$variant: device is all of vdb but 4K alignment" \
		test "${dev:-0}" -le "$bdev" -a "${dev:-0}" -gt $((bdev - 4096))
	check "$variant: status and dump-md work" sh -c 'blkrepadm status r0; blkrepadm dump-md r0' 
	check "$variant: mkfs.ext4" mkfs.ext4 -q -F /dev/blkrep0
	check "$variant: mount" mount /dev/blkrep0 /mnt/r0
	check "$variant: write files" make_files /mnt/r0 3
	check "$variant: umount" umount /mnt/r0
	check "$variant: down" blkrepadm down r0
	check "$variant: up again" blkrepadm up r0
	check "$variant: primary without --force" blkrepadm primary r0
	check "$variant: mount again" mount /dev/blkrep0 /mnt/r0
	check "$variant: files intact" verify_files /mnt/r0
	check "$variant: umount again" umount /mnt/r0
	check "$variant: down at the end" blkrepadm down r0
done
check "rmmod blkrep" unload_module
finish
