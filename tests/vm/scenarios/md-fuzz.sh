# md-fuzz: corrupt metadata (tests/vm/md-fuzz.py).  r0's metadata is saved
# twice: as a crashed Primary left it (attached, Primary, writes in the
# activity log) and as a clean detach left it.  Then, many times: one of
# the two is written back with 1-3 random mutations of superblock fields,
# activity-log transactions and entries, bitmap bytes or raw bytes (the
# checksums mostly fixed up, so the deeper checks see them), and r0 is
# attached.  The attach must either refuse with a message or succeed; a
# disk it took must then read at both ends, go Primary and detach again.
# Nothing may hang (each step is bounded), and the console must stay clean
# (KASAN on the debug kernel).  The seed is printed; MD_FUZZ_SEED=N repeats.
. "$BLKREP_REPO/tests/vm/guest-lib.sh"

md() { timeout -k 5 120 python3 "$BLKREP_REPO/tests/vm/md-fuzz.py" "$@"; }
seed=${MD_FUZZ_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
rounds=$((24 / SLOW))
fresh_disks
write_conf internal
must "insmod blkrep.ko" load_module
must "create-md r0" blkrepadm create-md r0
must "up r0" blkrepadm up r0
must "disconnect r0 (no peer here)" blkrepadm disconnect r0
must "primary --force r0" blkrepadm primary --force r0
for off in 0 9 30 77 140 200; do
	must "a write at $off MiB" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=1 seek=$off oflag=direct status=none
done
must "snapshot: a crashed Primary's metadata" md snapshot /dev/vdb /tmp/md-primary
must "secondary r0" blkrepadm secondary r0
must "detach r0" blkrepadm detach r0
must "snapshot: after a clean detach" md snapshot /dev/vdb /tmp/md-clean

note "seed $seed, $rounds rounds (MD_FUZZ_SEED=$seed repeats them)"
took=0 refused=0 silent=0 hung=0
for i in $(seq 1 "$rounds"); do
	if [ $((i % 2)) = 0 ]; then snap=/tmp/md-primary; else snap=/tmp/md-clean; fi
	what=$(md mutate /dev/vdb "$snap" $((seed * 1000 + i))) || { hung=$((hung + 1)); note "round $i: mutate failed"; continue; }
	timeout -k 5 $((60 * SLOW)) blkrepadm attach r0 >/tmp/attach.out 2>&1
	rc=$?
	case $rc in
	0)
		took=$((took + 1))
		# What it took must work: both ends read, Primary, detach.
		timeout $((60 * SLOW)) blkrepadm primary --force r0 >/dev/null 2>&1
		timeout $((60 * SLOW)) dd if=/dev/blkrep0 of=/dev/null bs=1M count=1 iflag=direct status=none 2>/dev/null
		timeout $((60 * SLOW)) dd if=/dev/blkrep0 of=/dev/null bs=4k count=1 iflag=direct status=none \
			skip=$(($(blockdev --getsize64 /dev/blkrep0 2>/dev/null || echo 4096) / 4096 - 1)) 2>/dev/null
		timeout $((60 * SLOW)) blkrepadm secondary r0 >/dev/null 2>&1
		if ! timeout $((60 * SLOW)) blkrepadm detach r0 >/tmp/detach.out 2>&1; then
			hung=$((hung + 1))
			note "round $i ($what): attached, but detach failed: $(cat /tmp/detach.out)"
		fi ;;
	124|137)
		hung=$((hung + 1))
		note "round $i ($what): attach hung" ;;
	*)
		refused=$((refused + 1))
		grep -q "r0: ..*" /tmp/attach.out || { silent=$((silent + 1)); note "round $i ($what): refused without a message: $(cat /tmp/attach.out)"; } ;;
	esac
done
note "attach took $took, refused $refused of $rounds corrupted metadata sets"
check_eq "no attach or detach hung or failed to clean up" 0 "$hung"
check_eq "every refusal came with a message" 0 "$silent"
check "some corruptions were refused" test "$refused" -gt 0
must "the clean metadata back" md restore /dev/vdb /tmp/md-clean
check "blkrepadm status still answers" blkrepadm status
check "down r0" blkrepadm down r0
check "rmmod" unload_module
