# The guest half of `make demo` (tests/demo.sh): the same script runs on
# alpha and on beta.  Both load the module, write metadata and bring r0 up;
# they connect.  Alpha becomes Primary, which syncs beta fully, puts a file
# system on /dev/blkrep0 and writes a file.  Then the failover: alpha
# unmounts and steps down, beta becomes Primary, mounts and reads alpha's
# file.  Narration lines start with "###".
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
say() { echo; echo "### [$me] $*"; }
show() { echo "\$ $*"; "$@" 2>&1; }

fresh_disks
write_conf internal
say "this is $me ($(ip -4 -o addr show eth0 | awk '{print $4}')), kernel $KVER"
say "the configuration, /etc/blkrep.conf"
show cat /etc/blkrep.conf
say "load the module, write fresh metadata to /dev/vdb, bring r0 up"
must "insmod blkrep.ko" load_module
must "create-md r0" blkrepadm create-md r0
must "up r0" blkrepadm up r0
say "wait for the peer"
must "wait-connect" blkrepadm wait-connect --timeout $((60 * SLOW)) r0
show cat /proc/blkrep
mkdir -p /mnt/r0
if [ "$me" = alpha ]; then
	say "make alpha Primary (--force: fresh metadata); beta receives a full sync"
	must "primary --force r0" blkrepadm primary --force r0
	sleep 2
	show blkrepadm status r0
	must "wait-sync" blkrepadm wait-sync --timeout $((240 * SLOW)) r0
	show cat /proc/blkrep
	say "a file system on /dev/blkrep0, a file on it; every write goes to both disks"
	must "mkfs.ext4" mkfs.ext4 -q -F /dev/blkrep0
	must "mount" mount /dev/blkrep0 /mnt/r0
	echo "hello from alpha, written $(date -u)" >/mnt/r0/hello.txt
	sync
	show cat /mnt/r0/hello.txt
	show df -h /mnt/r0
	show blkrepadm status r0
	say "failover: alpha unmounts and steps down to Secondary"
	check "umount" umount /mnt/r0
	check "secondary r0" blkrepadm secondary r0
	check "tell beta" tell "take over"
	hear >/dev/null
	show cat /proc/blkrep
else
	hear >/dev/null
	say "alpha stepped down: beta becomes Primary and mounts the same data"
	must "primary r0" blkrepadm primary r0
	must "mount" mount /dev/blkrep0 /mnt/r0
	show cat /mnt/r0/hello.txt
	check_output "beta reads alpha's file" "hello from alpha" cat /mnt/r0/hello.txt
	show cat /proc/blkrep
	show blkrepadm status r0
	check "umount" umount /mnt/r0
	check "secondary r0" blkrepadm secondary r0
	check "tell alpha" tell "done"
fi
check "down r0" blkrepadm down r0
check "rmmod" unload_module
finish
