# Harness self-test: the guest booted the requested kernel, the results
# share is writable, the host's tools and the repo are visible through the
# overlay root, and writes to the root stay inside the guest.
. "$BLKREP_REPO/tests/vm/guest-lib.sh"

check "results share is writable" sh -c 'echo ok >"$RES_DIR/selftest.tmp" && grep -q ok "$RES_DIR/selftest.tmp"'
check "repo is visible" test -f "$BLKREP_REPO/tests/vm/guest-lib.sh"
check "root overlay is writable" sh -c 'echo x >/etc/blkrep-selftest && rm /etc/blkrep-selftest'
check "hostname is alpha" test "$(hostname)" = alpha
check "disks vdb and vdc exist" test -b /dev/vdb -a -b /dev/vdc
check "eth0 has its address" sh -c 'ip -4 addr show eth0 | grep -q 192.0.2.1/24'
check "mkfs.ext4 is usable" sh -c 'mkfs.ext4 -q -F /dev/vda && mount /dev/vda /mnt && umount /mnt'
check_fails_with "check_fails_with sees exit code and message" 3 "boom" sh -c 'echo "boom here" >&2; exit 3'
finish
