# pair/rogue-peer: a hostile peer (tests/vm/rogue-peer.py) at alpha's
# address against beta, a Primary holding 16 MiB of data that alpha also
# has (so beta's bitmap is clean and the rogue, claiming beta's UUIDs, gets
# a connection with nothing to resync).  One connection per misdeed:
# garbage and bad lengths before the handshake, a skipped, reflected or
# wrongly keyed authentication, a handshake trickled one byte at a time or
# never sent, parameters out of range, and once connected: writes to the
# Primary, zero-length writes, resync data nobody asked for, bad states,
# acks and bitmaps, a handshake packet, an unknown type, a flood of PINGs
# while reading nothing; during a resync it sources (the rogue claims an
# Inconsistent disk): acks and RS_DONE for nothing, a second SYNC_START or
# bitmap, and one resync done right before an unknown packet; then random
# packets from a printed seed.  Beta
# must drop each link with a reason in its log, keep its data byte for
# byte and answer blkrepadm throughout.  Then beta is Secondary: writes
# past its end and wrapping around; and its disk fails a write from the
# rogue (fault injection, on-io-error detach), so it goes Diskless while
# connected, and it is asked to be a resync target.  Last, the real alpha comes back; both hold the same
# data.  ping-int 2: the handshake deadline and the backlog limit (the
# dead-peer time) pass in 2.5 s.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
pair_conf 'net { cram-hmac-alg sha256; shared-secret "rogue-test"; ping-int 2; ping-timeout 5; }
	disk { on-io-error detach; }'
rogue() {
	python3 "$BLKREP_REPO/tests/vm/rogue-peer.py" --bind 192.0.2.1 \
		--peer 192.0.2.2:7789 --secret rogue-test --wait $((20 * SLOW)) "$@"
}
cases="bad-magic unknown-type huge-length params-first bad-version skip-auth
reflect-auth wrong-secret trickle silent params-bad-role params-bad-disk
params-bad-flags write-to-primary write-zero-size resync-data-unasked bad-state ack-for-nothing bitmap-outside
bitmap-when-connected hello-when-connected unknown-when-connected ping-flood
rs-ack-for-nothing rs-done-to-source sync-start-in-resync bitmap-in-resync
rs-honest-then-unknown"
seed=${ROGUE_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}

# Both nodes for real first: beta's 16 MiB reach alpha, so beta's bitmap
# is clean and the rogue, with beta's UUIDs, gets a connection with no
# resync to do.
pair_up
pair_skip_sync
if [ "$me" = alpha ]; then
	hear >/dev/null		# beta is Primary with its data, on both disks
	must "down r0 (the rogue takes alpha's address)" blkrepadm down r0
	must "rmmod" unload_module
	hear >/dev/null		# beta lost alpha
	# shellcheck disable=SC2086
	rogue $cases >"$RES_DIR/rogue.out" 2>&1
	rc=$?
	note "$(cat "$RES_DIR/rogue.out")"
	check_eq "every misdeed ended with beta dropping the link" 0 "$rc"
	check_eq "$(echo $cases | wc -w) cases ran" "$(echo $cases | wc -w)" "$(grep -c '^case .*: ok' "$RES_DIR/rogue.out")"
	note "random packets: seed $seed (ROGUE_SEED=$seed repeats them)"
	check "connections of random packets" rogue --random "$seed:$((9 / SLOW))"
	# A random NEG_ACK marks blocks out of sync before it is found to
	# answer nothing; one honest resync clears them, so that the cases
	# below meet a victim with nothing to resync.
	check "an honest resync after the random packets" rogue rs-honest-then-unknown
	tell "rogue done"
	hear >/dev/null		# beta is Secondary: writes reach the range checks
	check "writes past the end, and wrapping around: dropped" rogue write-outside write-wrapping
	tell "ranges done"
	hear >/dev/null		# beta's disk fails every write
	check "SYNC_START to a node that lost its disk: dropped" rogue sync-start-diskless
	tell "diskless done"
	hear >/dev/null		# beta has its disk back
	# The real alpha again, with the disk it left.
	must "insmod blkrep.ko" load_module
	must "up r0" blkrepadm up r0
	check "connected to beta" blkrepadm wait-connect --timeout $((90 * SLOW)) r0
	check "in sync with beta" blkrepadm wait-sync --timeout $((180 * SLOW)) r0
	# Secondary: read the backing disk (internal metadata is at its end).
	check_eq "alpha's disk holds beta's data" "$(hear)" \
		"$(dd if=/dev/vdb bs=1M count=16 iflag=direct status=none | sha256sum | cut -d' ' -f1)"
	tell "compared"
	pair_down
	finish
fi

# beta, the victim
must "primary r0" blkrepadm primary r0
must "16 MiB of data" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=16 oflag=direct status=none
before=$(dev_region 0 16)
tell "written"
check "alpha gone" wait_for $((60 * SLOW)) sh -c '! blkrepadm cstate r0 | grep -qx Connected'
check_eq "nothing out of sync (no resync for the rogue)" 0 "$(proc_field oos)"
# blkrepadm must answer while the rogue works.
(
	while [ ! -e /run/rogue-done ]; do
		timeout 20 blkrepadm status r0 >/dev/null 2>&1 || echo "$(date +%T) no answer" >>/run/adm-fails
		sleep 1
	done
) &
watch=$!
tell "victim ready"
hear >/dev/null
touch /run/rogue-done
wait "$watch"
check_eq "blkrepadm status answered throughout" "" "$(cat /run/adm-fails 2>/dev/null)"
log=$(dmesg)
for reason in "bad magic" "unknown packet type" "bad packet length" \
	"packet not allowed now" "wire versions" "authentication failed" \
	"did not complete it in time" "bad role, disk state or flags" \
	"a write from the peer, but this node is Primary" "malformed write" \
	"resync data while not SyncTarget" \
	"bad state" "ack for no request in flight" "bitmap chunk outside" \
	"bitmap outside the bitmap exchange" \
	"the peer does not read what we send" \
	"resync ack for no resync data in flight" \
	"resync done, but this node is not SyncTarget" \
	"resync start during a resync" "resync done as source"; do
	check "beta's log: $reason" grep -qF -- "$reason" <<<"$log"
done
check_eq "beta's data unchanged" "$before" "$(dev_region 0 16)"
check_eq "still Primary" Primary "$(blkrepadm role r0 | cut -d/ -f1)"
must "secondary r0" blkrepadm secondary r0
tell "secondary"
hear >/dev/null
check "beta's log: write outside the device" sh -c 'dmesg | grep -qF "write outside the device"'
check_eq "beta's data unchanged by them" "$before" "$(dd if=/dev/vdb bs=1M count=16 iflag=direct status=none | sha256sum | cut -d' ' -f1)"
fi=/sys/module/blkrep/parameters/fi_fail_write_pct
must "primary r0 (for the disk failure)" blkrepadm primary r0
must "fault injection: every write to beta's disk fails" sh -c "echo 100 >$fi"
tell "faulty"
check "the rogue is connected" wait_for $((60 * SLOW)) cstate_is Connected
check "a write at 128 MiB: the disk fails it, the peer has it" \
	dd if=/dev/urandom of=/dev/blkrep0 bs=4k count=1 seek=32768 oflag=direct status=none
check "beta Diskless" wait_for $((60 * SLOW)) sh -c '[ "$(blkrepadm dstate r0 | cut -d/ -f1)" = Diskless ]'
must "fault injection off" sh -c "echo 0 >$fi"
check "secondary r0 (Diskless)" blkrepadm secondary r0
hear >/dev/null
check "beta's log: detached after the failed write" sh -c 'dmesg | grep -qF "detaching it (on-io-error detach)"'
check "beta's log: no disk for a resync" sh -c 'dmesg | grep -qF "resync start, but this node has no disk"'
# A disk joins only while no connection is configured (for now).
must "disconnect r0" blkrepadm disconnect r0
check "attach r0 again" blkrepadm attach r0
must "connect r0" blkrepadm connect r0
note "beta's disk after the attach: $(blkrepadm dstate r0)"
tell "attached"
check "the real alpha connects" blkrepadm wait-connect --timeout $((90 * SLOW)) r0
check "in sync with alpha" blkrepadm wait-sync --timeout $((180 * SLOW)) r0
must "primary r0" blkrepadm primary r0
check_eq "beta's data still unchanged" "$before" "$(dev_region 0 16)"
tell "$before"
hear >/dev/null
pair_down
finish
