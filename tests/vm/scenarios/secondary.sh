# secondary: a Secondary refuses writers.  After up, r0 is Secondary:
# writing to /dev/blkrep0 and mounting it read-write must fail quickly and
# clearly (never hang); whatever reads do, they must not hang either.  Once
# Primary and mounted, "secondary r0" is refused (exit 1, with the kernel's
# message); after umount it works.
. "$BLKREP_REPO/tests/vm/guest-lib.sh"

fresh_disks
write_conf internal
mkdir -p /mnt/r0
must "insmod blkrep.ko" load_module
must "create-md" blkrepadm create-md r0
must "up r0" blkrepadm up r0
check "proc shows Secondary" proc_has 0 "ro:Secondary"
STEP_TIMEOUT=$((30 * SLOW))
check_fails "direct write to a fresh Secondary fails" \
	dd if=/dev/zero of=/dev/blkrep0 bs=4k count=1 oflag=direct status=none
STEP_TIMEOUT=$((120 * SLOW))

# Give it a file system as Primary, then demote it (not mounted: allowed).
must "primary --force" blkrepadm primary --force r0
must "mkfs.ext4 as Primary" mkfs.ext4 -q -F /dev/blkrep0
must "secondary while not mounted" blkrepadm secondary r0
check "proc shows Secondary after demotion" proc_has 0 "ro:Secondary"
STEP_TIMEOUT=$((30 * SLOW))
check_fails "direct write to a Secondary fails" \
	dd if=/dev/zero of=/dev/blkrep0 bs=4k count=1 oflag=direct status=none
check_fails "buffered write with fsync to a Secondary fails" \
	dd if=/dev/zero of=/dev/blkrep0 bs=4k count=1 conv=fsync status=none
check_fails "mount -w of a Secondary fails" mount -w /dev/blkrep0 /mnt/r0
grep -q "^/dev/blkrep0 " /proc/mounts && umount /mnt/r0
# Reads: the role may allow them or refuse them; either way, no hang.
_run dd if=/dev/blkrep0 of=/dev/null bs=4k count=1 iflag=direct status=none
case $_rc in
124|137) fail "read from a Secondary ends (allowed or refused)" "read hung" ;;
*) pass "read from a Secondary ends (allowed or refused)"; note "read from Secondary: exit $_rc" ;;
esac
STEP_TIMEOUT=$((120 * SLOW))

must "primary again (no --force: UpToDate)" blkrepadm primary r0
must "mount" mount /dev/blkrep0 /mnt/r0
check_fails_with "secondary while mounted is refused" 1 "blkrepadm: r0:" blkrepadm secondary r0
check "still Primary after refusal" proc_has 0 "ro:Primary"
check "umount" umount /mnt/r0
check "secondary after umount works" blkrepadm secondary r0
check "proc shows Secondary again" proc_has 0 "ro:Secondary"
check_fails "write after demotion fails" \
	dd if=/dev/zero of=/dev/blkrep0 bs=4k count=1 oflag=direct status=none
check "down" blkrepadm down r0
check "rmmod" unload_module
finish
