# nl-fuzz: random generic netlink requests to the blkrep family
# (tests/vm/nl-fuzz.py): random commands, attribute types, sizes, nesting,
# orders and contents (1500 requests, 500 on the debug kernel), 60% of
# them well-formed for their command (known resource names, real block
# devices, socket addresses).  A resource r0 is
# up (disk attached, connecting to a peer that is not there) for them to
# hit.  As root every request must be answered; as an unprivileged user
# every known command but GET_RESOURCE must be refused with EPERM, and
# root without CAP_SYS_ADMIN cannot attach a disk.  Then
# the module, with whatever resources the fuzzer left, must unload.  The
# seed is printed (NL_FUZZ_SEED=N repeats a run).
. "$BLKREP_REPO/tests/vm/guest-lib.sh"

fuzz() { timeout -k 5 $((600 * SLOW)) python3 "$BLKREP_REPO/tests/vm/nl-fuzz.py" "$@"; }
seed=${NL_FUZZ_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
fresh_disks
write_conf internal
must "insmod blkrep.ko" load_module
must "create-md r0" blkrepadm create-md r0
must "up r0" blkrepadm up r0
# Root without CAP_SYS_ADMIN (CAP_NET_ADMIN kept): status yes, opening a
# block device (attach) no.
nosys() { setpriv --bounding-set=-sys_admin --inh-caps=-sys_admin "$@"; }
must "disconnect r0" blkrepadm disconnect r0
must "detach r0" blkrepadm detach r0
check "without CAP_SYS_ADMIN: status answers" nosys blkrepadm status r0
check_fails_with "without CAP_SYS_ADMIN: attach refused, and why" 4 "needs CAP_SYS_ADMIN" nosys blkrepadm attach r0
check_eq "still Diskless after the refusal" Diskless "$(blkrepadm dstate r0 | cut -d/ -f1)"
must "attach r0 as root" blkrepadm attach r0
must "connect r0" blkrepadm connect r0
note "seed $seed (NL_FUZZ_SEED=$seed repeats this run)"
check "root: random requests, each answered" fuzz --seed "$seed" --count $((1500 / SLOW))
check "unprivileged: EPERM for every command but GET_RESOURCE" \
	fuzz --seed "$seed" --count 300 --unprivileged 65534
check "blkrepadm status still answers" blkrepadm status
check "rmmod with what the fuzzer left" unload_module
