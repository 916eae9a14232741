# bad-config: wrong input gets the documented exit code and a useful message,
# against the real module.  A syntax error is exit 3 with FILE:LINE; an
# unknown command is exit 2; up of an unknown resource is exit 3; primary of
# a resource that is not up is exit 1 with the kernel's message; and with
# the module not loaded, blkrepadm says so with exit 4.
. "$BLKREP_REPO/tests/vm/guest-lib.sh"

fresh_disks
write_conf internal
cat >/tmp/bad.conf <<'CONF'
resource r0 {
	on alpha {
		device /dev/blkrep0;
		diks /dev/vdb;
		meta-disk internal;
	}
}
CONF
check_fails_with "module not loaded: up is exit 4" 4 "blkrepadm:" blkrepadm up r0
check_fails_with "module not loaded: status is exit 4" 4 "blkrepadm:" blkrepadm status
must "insmod blkrep.ko" load_module
check_fails_with "syntax error is exit 3 with file:line" 3 "/tmp/bad.conf:4:" blkrepadm -c /tmp/bad.conf up r0
cp "$_err" /tmp/bad.err
check "syntax error names the token" grep -q "diks" /tmp/bad.err
check_fails_with "unknown command is exit 2" 2 "blkrepadm:" blkrepadm frobnicate r0
check_fails_with "unknown resource is exit 3" 3 "r9" blkrepadm up r9
check_fails_with "primary of a resource not up is exit 1" 1 "blkrepadm: r0:" blkrepadm primary r0
check_fails_with "no on-section for this host is exit 3" 3 "blkrepadm:" env BLKREP_HOSTNAME=gamma blkrepadm up r0
check "nothing was created by the failures" sh -c '! test -e /dev/blkrep0'
check "rmmod" unload_module
finish
