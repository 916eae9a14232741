# The guest half of `make demo` (tests/demo.sh): the same script runs on
# alpha and on beta.  Both load the module, write metadata and bring r0 up;
# alpha then becomes Primary, makes a file system and writes a file, beta
# stays Secondary.  Narration lines start with "###".
. "$BLKREP_REPO/tests/vm/guest-lib.sh"
me=$(hostname)
say() { echo; echo "### [$me] $*"; }
show() { echo "\$ $*"; "$@" 2>&1; }

fresh_disks
write_conf internal
say "this is $me ($(ip -4 -o addr show eth0 | awk '{print $4}')), kernel $KVER"
say "the configuration, /etc/blkrep.conf"
show cat /etc/blkrep.conf
say "load the module"
must "insmod blkrep.ko" load_module
say "write fresh metadata to /dev/vdb (internal: at the end of the disk)"
must "create-md r0" blkrepadm create-md r0
show blkrepadm dump-md r0
say "bring r0 up: /dev/blkrep0 appears, Secondary"
must "up r0" blkrepadm up r0
show cat /proc/blkrep
if [ "$me" = alpha ]; then
	say "make alpha Primary (--force: fresh metadata is Inconsistent)"
	must "primary --force r0" blkrepadm primary --force r0
	say "a file system on /dev/blkrep0, mounted at /mnt/r0"
	must "mkfs.ext4" mkfs.ext4 -q -F /dev/blkrep0
	mkdir -p /mnt/r0
	must "mount" mount /dev/blkrep0 /mnt/r0
	echo "hello from alpha, $(date -u)" >/mnt/r0/hello.txt
	sync
	show cat /mnt/r0/hello.txt
	show cat /proc/blkrep
	show df -h /mnt/r0
	show blkrepadm status r0
	show blkrepadm role r0
	show blkrepadm dstate r0
	show blkrepadm cstate r0
	say "clean up: umount, down, rmmod"
	check "umount" umount /mnt/r0
else
	say "beta stays Secondary"
	show cat /proc/blkrep
	show blkrepadm status r0
	show blkrepadm role r0
fi
check "down r0" blkrepadm down r0
check "rmmod" unload_module
finish
