# basic: the life of one resource on internal metadata.  Load the module,
# write fresh metadata to /dev/vdb, bring r0 up and force it Primary (fresh
# metadata is Inconsistent, so the first promotion needs --force), put an
# ext4 file system with known files on /dev/blkrep0, take it down and up
# again, promote without --force (the metadata is Consistent now), and find
# every file intact.  The device is the backing disk minus the metadata.
. "$BLKREP_REPO/tests/vm/guest-lib.sh"

fresh_disks
write_conf internal
must "insmod blkrep.ko" load_module
check "proc/blkrep exists after insmod" test -r /proc/blkrep
must "create-md r0 on vdb" blkrepadm create-md r0
check_output "dump-md r0 works" "" blkrepadm dump-md r0
must "up r0" blkrepadm up r0
check "blkrep0 appears" test -b /dev/blkrep0
check "proc shows r0 Secondary after up" proc_has 0 "ro:Secondary"
must "primary --force r0" blkrepadm primary --force r0
check "proc shows Primary" proc_has 0 "ro:Primary"
check "proc shows UpToDate" proc_has 0 "ds:UpToDate"
check_output "role r0 says Primary" "Primary" blkrepadm role r0
check_output "dstate r0 says UpToDate" "UpToDate" blkrepadm dstate r0

bdev=$(size_of /dev/vdb) dev=$(size_of /dev/blkrep0)
note "vdb $bdev bytes, blkrep0 $dev bytes"
check "device size is positive" test "${dev:-0}" -gt 0
check "device is smaller than vdb (metadata inside)" test "${dev:-0}" -lt "$bdev"
check "device keeps most of vdb" test "${dev:-0}" -gt $((bdev - 16 * 1024 * 1024))

must "mkfs.ext4 on blkrep0" mkfs.ext4 -q -F /dev/blkrep0
mkdir -p /mnt/r0
must "mount blkrep0" mount /dev/blkrep0 /mnt/r0
check "write files with known checksums" make_files /mnt/r0 5
check "umount" umount /mnt/r0
check "down r0" blkrepadm down r0
check "blkrep0 gone after down" test ! -e /dev/blkrep0
must "up r0 again" blkrepadm up r0
check "primary r0 without --force (metadata consistent)" blkrepadm primary r0
check "proc shows UpToDate after up" proc_has 0 "ds:UpToDate"
must "mount again" mount /dev/blkrep0 /mnt/r0
check "checksums intact after down and up" verify_files /mnt/r0
check "umount again" umount /mnt/r0
check "dump-md r0 works after use" blkrepadm dump-md r0
check "down r0 at the end" blkrepadm down r0
check "rmmod blkrep" unload_module
check "module is gone" sh -c '! grep -q "^blkrep " /proc/modules'
finish
