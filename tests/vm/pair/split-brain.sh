# pair/split-brain: both nodes are Primary while apart and both write.
# On reconnect each round checks one way out:
#   detect     default policies: split brain is detected, the split-brain
#              handler runs, both go StandAlone and nothing is written;
#              then the manual recovery: beta connects with
#              --discard-my-data, alpha connects, beta resyncs only the
#              blocks either side changed and ends with alpha's data
#   least      after-sb-0pri discard-least-changes: beta wrote less, loses
#   younger    after-sb-0pri discard-younger-primary: beta became Primary
#              later, loses
#   secondary  after-sb-1pri discard-secondary: alpha is still Primary when
#              they meet, beta loses
#   twopri     two Primaries meet: refused (after-sb-2pri disconnect)
# Each round ends with both devices checked against each other.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
hlog=/tmp/handlers.log
conf() {	# conf NET-OPTIONS
	pair_conf "net { connect-int 2; $1 }
	handlers { split-brain \"echo split-brain \$BLKREP_RESOURCE \$BLKREP_PEER >>$hlog\"; }"
}
conf ""
pair_up
pair_skip_sync

sync_point() {	# both sides wait for each other
	if [ "$me" = alpha ]; then hear >/dev/null; tell "$1"; else tell "$1"; hear >/dev/null; fi
}

# split R MIB [stay-primary] [delay]: disconnect, become Primary (after
# DELAY seconds), write MIB MiB of random data, both write 1 MiB at 8M.
split() {
	local r=$1 mib=$2 stay=${3:-} delay=${4:-0}
	check "$r: disconnect" blkrepadm disconnect r0
	sync_point "$r: apart"
	sleep "$delay"
	must "$r: primary while apart" blkrepadm primary r0
	if [ "$me" = alpha ]; then seek=40; else seek=120; fi
	must "$r: write $mib MiB while apart" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count="$mib" seek="$seek" oflag=direct status=none
	must "$r: write 1 MiB both sides write" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=1 seek=8 oflag=direct status=none
	[ -n "$stay" ] || check "$r: secondary" blkrepadm secondary r0
	sync_point "$r: written"
}

# same R WINNER: the loser resynced from the winner; compare devices.
same() {
	check "$1: resync done" blkrepadm wait-sync --timeout $((120 * SLOW)) r0
	pair_compare "$1" "$2"
}

# --- detect, then manual recovery
split detect 4
check "detect: connect" blkrepadm connect r0
check "detect: split brain refused: StandAlone" wait_for $((60 * SLOW)) cstate_is StandAlone
check "detect: logged" sh -c 'dmesg | grep -q "split brain detected"'
check "detect: the split-brain handler ran with resource and peer" wait_for $((20 * SLOW)) grep -q "split-brain r0 " "$hlog"
check_eq "detect: nothing out of sync was resolved" 0 "$(dmesg | grep -c 'split brain resolved')"
sync_point "detect: refused"
if [ "$me" = beta ]; then
	nr0=$(proc_field nr)
	check "detect: beta connects with --discard-my-data" blkrepadm -- --discard-my-data connect r0
	tell "victim connecting"
else
	hear >/dev/null
	check "detect: alpha connects" blkrepadm connect r0
fi
check "detect: resync after --discard-my-data done" blkrepadm wait-sync --timeout $((120 * SLOW)) r0
if [ "$me" = beta ]; then
	moved=$(( $(proc_field nr) - nr0 ))
	note "beta received $moved KiB"
	check "detect: only the changed blocks moved (>= 9 MiB, < 16 MiB)" sh -c "[ $moved -ge 9216 ] && [ $moved -lt 16384 ]"
fi
same detect alpha

# --- after-sb-0pri discard-least-changes
if [ "$me" = alpha ]; then n=8; else n=2; fi
split least "$n"
conf "after-sb-0pri discard-least-changes;"
check "least: connect" blkrepadm connect r0
[ "$me" = beta ] && check "least: beta logs that its changes are discarded" wait_for $((60 * SLOW)) sh -c 'dmesg | grep -q "this node.s changes are discarded"'
same least alpha

# --- after-sb-0pri discard-younger-primary (beta is Primary 3 s later)
if [ "$me" = alpha ]; then split younger 2 "" 0; else split younger 6 "" 3; fi
conf "after-sb-0pri discard-younger-primary;"
check "younger: connect" blkrepadm connect r0
same younger alpha

# --- after-sb-1pri discard-secondary: alpha stays Primary
if [ "$me" = alpha ]; then split secondary 2 stay; else split secondary 6; fi
conf "after-sb-1pri discard-secondary;"
check "secondary: connect" blkrepadm connect r0
[ "$me" = alpha ] && check "secondary: alpha still Primary" sh -c 'blkrepadm role r0 | grep -q ^Primary/'
same secondary alpha

# --- two Primaries meet: refused
split twopri 1 stay
conf ""
check "twopri: connect" blkrepadm connect r0
check "twopri: refused: StandAlone" wait_for $((60 * SLOW)) cstate_is StandAlone
check "twopri: still Primary" sh -c 'blkrepadm role r0 | grep -q ^Primary/'
check "twopri: secondary" blkrepadm secondary r0
pair_down
finish
