# create-md-refuses: create-md must not destroy a file system by accident.
# On a disk holding ext4 it exits 5 and names ext4; with --force it
# overwrites, and the resource then comes up.
. "$BLKREP_REPO/tests/vm/guest-lib.sh"

fresh_disks
write_conf internal
must "mkfs.ext4 on vdb" mkfs.ext4 -q -F /dev/vdb
check_fails_with "create-md refuses a disk with ext4" 5 "ext4" blkrepadm create-md r0
check "ext4 still there after refusal" sh -c 'blkid -p /dev/vdb | grep -q ext4'
check "create-md --force succeeds" blkrepadm create-md --force r0
check "dump-md after forced create-md" blkrepadm dump-md r0
check_fails_with "create-md refuses existing metadata" 5 "" blkrepadm create-md r0
must "insmod blkrep.ko" load_module
check "up after forced create-md" blkrepadm up r0
check "down" blkrepadm down r0
check "rmmod" unload_module
finish
