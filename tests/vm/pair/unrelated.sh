# pair/unrelated: two disks that never shared a generation (each node made
# its own data the good copy while apart) meet: the handshake finds no
# common generation, refuses, and both go StandAlone with nothing written.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
pair_conf
fresh_disks
must "insmod blkrep.ko" load_module
must "create-md r0" blkrepadm create-md r0
must "up r0" blkrepadm up r0
check "disconnect before the peer is there" blkrepadm disconnect r0
must "primary --force alone" blkrepadm primary --force r0
must "write 1 MiB" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=1 seek=5 oflag=direct status=none
check "secondary" blkrepadm secondary r0
dw0=$(proc_field dw)
if [ "$me" = alpha ]; then hear >/dev/null; else tell "ready"; fi
check "connect" blkrepadm connect r0
check "refused: StandAlone" wait_for $((60 * SLOW)) cstate_is StandAlone
check "the reason is logged" sh -c 'dmesg | grep -q "the peer has unrelated data"'
check_eq "nothing written by the peer" "$dw0" "$(proc_field dw)"
check_eq "still UpToDate, peer unknown" UpToDate/DUnknown "$(blkrepadm dstate r0)"
pair_down
finish
