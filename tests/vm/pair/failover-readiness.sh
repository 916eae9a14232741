# pair/failover-readiness: how soon after the Primary's node dies can the
# survivor be promoted, DRBD 8.4 (the stock kernel's drbd.ko, stock
# settings) against blkrep (its defaults)?  Each round: both nodes up and
# in sync, alpha Primary and idle, alpha tells beta "cut" and asks the host
# to kill its qemu (a power cut: no FIN, no RST); beta, as a cluster
# manager would, runs the promotion every 0.2 s until it succeeds and
# notes the seconds since it heard "cut" (the host kills the guest within
# half a second of the request, so both figures include up to that).
# Round 1 is DRBD; alpha boots again for round 2, blkrep, and stays off.
# A measurement, not a timed test: the checks are that each promotion
# succeeds within a minute.
# on-demand: a measurement of DRBD against blkrep (run it with --scenario failover-readiness)
# time-limit: 600
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
pair_conf

. "$BLKREP_REPO/tests/vm/drbd-lib.sh"

# promote_timed NAME CMD...: CMD every 0.2 s until it succeeds (at most a
# minute); note the seconds since "cut" was heard.
promote_timed() {
	local name=$1 t0 i
	shift
	hear >/dev/null
	t0=${EPOCHREALTIME/./}
	for i in $(seq 1 300); do
		"$@" >/dev/null 2>&1 && break
		sleep 0.2
	done
	check "$name: the survivor is promoted within a minute" "$@"
	t0=$(( (${EPOCHREALTIME/./} - t0) / 100000 ))
	note "$name: beta promotable $((t0 / 10)).$((t0 % 10)) s after the power cut"
}

if [ "$BLKREP_BOOT" = 1 ] && ! command -v drbdadm >/dev/null; then
	skip "DRBD 8.4 round" "drbdadm is not installed (apt-get install drbd-utils)"
elif [ "$BLKREP_BOOT" = 1 ]; then
	fresh_disks
	drbd_conf
	must "modprobe drbd" modprobe drbd
	must "drbdadm create-md" sh -c 'yes yes | drbdadm create-md --force r0'
	must "drbdadm up" drbdadm up r0
	must "DRBD connected" wait_for $((60 * SLOW)) sh -c 'grep -q "cs:Connected" /proc/drbd'
	[ "$me" = alpha ] && must "DRBD: skip the initial sync" drbdadm new-current-uuid --clear-bitmap r0
	must "DRBD UpToDate on both" wait_for $((60 * SLOW)) drbd_synced
	pair_met drbd-synced
	if [ "$me" = alpha ]; then
		must "drbdadm primary on alpha" drbdadm primary r0
		tell "cut"
		host_crash restart
	fi
	promote_timed "DRBD 8.4" drbdadm primary r0
	check "drbdadm secondary" drbdadm secondary r0
	check "drbdadm down" drbdadm down r0
	check "rmmod drbd" rmmod drbd
fi
# Round 2: blkrep.  Alpha is in its second boot now.
if [ "$me" = beta ]; then
	tell "drbd done"
else
	hear >/dev/null
fi
pair_up
pair_skip_sync
if [ "$me" = alpha ]; then
	must "primary on alpha" blkrepadm primary r0
	tell "cut"
	host_crash down
fi
promote_timed "blkrep" blkrepadm primary r0
check "secondary on beta" blkrepadm secondary r0
pair_down
finish
