# pair/fencing: a Primary that loses its peer calls fence-peer.
#   resource-only: beta drops the connection; alpha's fence-peer handler
#   (with the resource and the peer's name in its environment) asks beta
#   to outdate itself and exits 4.  Beta is Outdated and refuses primary;
#   alpha records the peer as outdated.  When beta reconnects it resyncs
#   and is UpToDate again, and alpha runs unfence-peer.
#   resource-and-stonith: while the handler runs (3 s, exit 7), new writes
#   on alpha wait ('s' in /proc/blkrep) and go on once it answered.
#   A stonith handler that fails (exit 1): the write stays frozen, as the
#   peer might be alive and Primary, until `resume-io`; `status` says so.
#   `disconnect` on alpha (Primary) asks beta to outdate itself over the
#   wire and runs no handler.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
cat >/tmp/fence-peer.sh <<'SH'
#!/bin/sh
env | grep '^BLKREP_' | sort >/tmp/fence.env
echo called >>/tmp/fence.calls
echo outdate | timeout 10 busybox nc 192.0.2.2 9001
sleep "${FENCE_DELAY:-1}"
exit "${FENCE_EXIT:-4}"
SH
chmod +x /tmp/fence-peer.sh
conf() {	# conf FENCING DELAY EXIT
	pair_conf "disk { fencing $1; } net { connect-int 2; }
	handlers { fence-peer \"FENCE_DELAY=$2 FENCE_EXIT=$3 /tmp/fence-peer.sh\";
		   unfence-peer \"echo unfence \$BLKREP_PEER >>/tmp/unfence.log\"; }"
}
conf resource-only 1 4
pair_up
pair_skip_sync
if [ "$me" = beta ]; then
	# Outdate on request from alpha's fence-peer handler.
	( while :; do
		[ "$(timeout 600 busybox nc -l -p 9001)" = outdate ] &&
			blkrepadm outdate r0 >>/tmp/outdate.log 2>&1
	  done ) &
	responder=$!
	hear >/dev/null		# alpha is Primary
	check "beta drops the connection" blkrepadm disconnect r0
	check "beta was outdated by alpha's handler" wait_for $((30 * SLOW)) dstate_is Outdated/DUnknown
	check_fails_with "an Outdated disk refuses primary" 1 "Outdated" blkrepadm primary r0
	tell "outdated"
	hear >/dev/null		# alpha wrote
	check "reconnect" blkrepadm connect r0
	check "resync done" blkrepadm wait-sync --timeout $((120 * SLOW)) r0
	check_eq "UpToDate again" UpToDate/UpToDate "$(blkrepadm dstate r0)"
	tell "synced"
	hear >/dev/null		# stonith round: alpha configured
	conf resource-and-stonith 3 7
	check "disconnect again" blkrepadm disconnect r0
	tell "gone"
	hear >/dev/null		# alpha measured
	check "connect for the failing-handler round" blkrepadm connect r0
	check "resync done" blkrepadm wait-sync --timeout $((120 * SLOW)) r0
	tell "back"
	hear >/dev/null		# alpha configured a failing handler
	conf resource-and-stonith 1 1
	check "disconnect a third time" blkrepadm disconnect r0
	tell "gone"
	hear >/dev/null		# alpha resumed
	kill "$responder" 2>/dev/null
else
	must "primary on alpha" blkrepadm primary r0
	tell "primary"
	hear >/dev/null		# beta is outdated
	check "fence-peer reported the peer fenced" wait_for $((20 * SLOW)) sh -c 'dmesg | grep -q "fence-peer: the peer cannot be promoted (exit 4)"'
	check_output "the handler saw the resource" "BLKREP_RESOURCE=r0" cat /tmp/fence.env
	check_output "the handler saw the peer's name" "BLKREP_PEER=beta" cat /tmp/fence.env
	check_output "the handler saw the peer's address" "BLKREP_PEER_ADDRESS=192.0.2.2" cat /tmp/fence.env
	check "writes go on (resource-only)" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=4 seek=30 oflag=direct status=none
	tell "written"
	hear >/dev/null		# beta synced
	check "unfence-peer ran after the resync" wait_for $((20 * SLOW)) grep -q "unfence beta" /tmp/unfence.log
	conf resource-and-stonith 3 7
	calls=$(wc -l </tmp/fence.calls)
	check "disconnect" blkrepadm disconnect r0
	check "the Primary's disconnect outdated beta over the wire" sh -c 'dmesg | grep -q "disconnect: the peer outdated itself"'
	check_eq "and ran no fence-peer" "$calls" "$(wc -l </tmp/fence.calls)"
	check "connect with resource-and-stonith" blkrepadm connect r0
	check "connected" blkrepadm wait-connect --timeout $((60 * SLOW)) r0
	check "beta UpToDate again" wait_for $((60 * SLOW)) dstate_is UpToDate/UpToDate
	tell "configured"
	hear >/dev/null		# beta is gone: the handler runs now
	t0=$(date +%s%N)
	check "a write during fencing completes" dd if=/dev/urandom of=/dev/blkrep0 bs=4k count=1 seek=100 oflag=direct status=none
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	note "the write took $ms ms"
	check "I/O was frozen while fence-peer ran" sh -c 'dmesg | grep -q "I/O frozen until the peer is fenced"'
	check "I/O resumed after it answered" wait_for $((20 * SLOW)) sh -c 'dmesg | grep -q "I/O resumed"'
	check "stonith exit 7 counts as fenced" wait_for $((20 * SLOW)) sh -c 'dmesg | grep -q "fence-peer: the peer cannot be promoted (exit 7)"'
	check_fails_with "resume-io refused: nothing frozen" 1 "not frozen" blkrepadm resume-io r0
	tell "measured"
	hear >/dev/null		# beta is back
	conf resource-and-stonith 1 1
	check "disconnect" blkrepadm disconnect r0
	check "connect with a failing stonith handler" blkrepadm connect r0
	check "connected" blkrepadm wait-connect --timeout $((60 * SLOW)) r0
	tell "configured"
	hear >/dev/null		# beta is gone
	check "the failed fence is logged" wait_for $((20 * SLOW)) sh -c 'dmesg | grep -q "fence-peer did not fence the peer (exit 1): I/O stays frozen"'
	dd if=/dev/urandom of=/dev/blkrep0 bs=4k count=1 seek=200 oflag=direct status=none &
	writer=$!
	sleep $((3 * SLOW))
	check "the write is still frozen after 3 s" kill -0 "$writer"
	check "/proc/blkrep shows the freeze (s)" grep -q " s-----" /proc/blkrep
	check_output "status says why I/O is frozen" "io:frozen fence-failed: fence-peer did not confirm the peer fenced; once it is down for sure: blkrepadm resume-io r0" blkrepadm status r0
	check_output "and so does status --json" '"io_frozen": ["fence-failed"]' blkrepadm status --json r0
	check "resume-io" blkrepadm resume-io r0
	wait_for $((20 * SLOW)) sh -c "! kill -0 $writer 2>/dev/null"
	wait "$writer"
	check_eq "the write completes after resume-io" 0 "$?"
	check "status: no io line once I/O flows" sh -c '! blkrepadm status r0 | grep -q io:'
	tell "resumed"
fi
pair_down
finish
