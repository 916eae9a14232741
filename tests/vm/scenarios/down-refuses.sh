# down-refuses: a mounted device cannot be pulled away.  While /dev/blkrep0
# is mounted, "down r0" and "detach r0" are refused (exit 1, the message
# says it is open/mounted); after umount both work.  The module unloads
# cleanly, loads again, and the data is still there after up.
. "$BLKREP_REPO/tests/vm/guest-lib.sh"

fresh_disks
write_conf internal
mkdir -p /mnt/r0
must "insmod blkrep.ko" load_module
must "create-md" blkrepadm create-md r0
must "up" blkrepadm up r0
must "primary --force" blkrepadm primary --force r0
must "mkfs.ext4" mkfs.ext4 -q -F /dev/blkrep0
must "mount" mount /dev/blkrep0 /mnt/r0
check "write files" make_files /mnt/r0 4
check_fails_with "down while mounted is refused" 1 "open" blkrepadm down r0
check_fails_with "detach while mounted is refused" 1 "open" blkrepadm detach r0
check "still mounted and Primary" sh -c 'grep -q "^/dev/blkrep0 " /proc/mounts && grep -q "ro:Primary" /proc/blkrep'
check "files readable while refused" verify_files /mnt/r0
check "umount" umount /mnt/r0
check "detach after umount" blkrepadm detach r0
check "Diskless after detach" proc_has 0 "ds:Diskless"
check "down after detach" blkrepadm down r0
check "rmmod" unload_module
check "module gone" sh -c '! grep -q "^blkrep " /proc/modules'
must "insmod again" load_module
must "up again" blkrepadm up r0
check "primary without --force" blkrepadm primary r0
check "mount again" mount /dev/blkrep0 /mnt/r0
check "files intact after reload" verify_files /mnt/r0
check "umount at the end" umount /mnt/r0
check "down at the end" blkrepadm down r0
check "rmmod at the end" unload_module
finish
