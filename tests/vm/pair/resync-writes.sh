# pair/resync-writes: the Primary keeps writing while a resync runs, in
# both directions.  The resync is slowed down (resync-rate 1M) so that the
# application's writes (fio, random 4 KiB, verified) overlap it; at the end
# both devices hold the same bytes.
#   round 1: alpha Primary, beta disconnected while alpha wrote, beta pulls
#   round 2: beta Primary, alpha disconnected while beta wrote, alpha pulls
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
pair_conf "disk { resync-rate 1M; c-max-rate 1M; }"
pair_up
pair_skip_sync

fio_during_resync() {	# on the Primary, while the peer resyncs
	timeout $((300 * SLOW)) fio --name=during-resync --filename=/dev/blkrep0 \
		--rw=randwrite --bs=4k --size=48M --io_size=8M --offset=0 \
		--ioengine=psync --direct=1 --verify=crc32c --verify_fatal=1 \
		--output=/tmp/fio.out
}

# round NAME WRITER PULLER
round() {
	local r=$1 writer=$2 puller=$3 want sum
	if [ "$me" = "$puller" ]; then
		check "$r: disconnect $me" blkrepadm disconnect r0
		tell "$r: disconnected"
		hear >/dev/null		# the writer wrote 24 MiB
		check "$r: connect $me" blkrepadm connect r0
		check "$r: resync started" wait_for $((60 * SLOW)) sh -c 'blkrepadm cstate r0 | grep -q ^SyncTarget'
		tell "$r: resyncing"
		hear >/dev/null		# the writer's fio finished
		note "$r: $(blkrepadm cstate r0) when the writer's fio finished"
		check "$r: resync done" blkrepadm wait-sync --timeout $((300 * SLOW)) r0
		tell "$r: synced"
		want=$(hear)
		must "$r: primary on $me" blkrepadm primary r0
		check_eq "$r: both devices hold the same bytes" "$want" "$(dev_sum)"
		check "$r: secondary on $me" blkrepadm secondary r0
		tell "$r: compared"
	else
		must "$r: primary on $me" blkrepadm primary r0
		hear >/dev/null		# peer disconnected
		must "$r: write 24 MiB alone" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=24 seek=8 oflag=direct status=none
		tell "$r: written"
		hear >/dev/null		# the peer is SyncTarget
		check "$r: fio writes and verifies during the resync" fio_during_resync
		note "$(grep -E 'IOPS|issued rwts' /tmp/fio.out | head -n 3)"
		tell "$r: fio done"
		hear >/dev/null		# the peer synced
		check_eq "$r: nothing out of sync" 0 "$(proc_field oos)"
		sum=$(dev_sum)
		check "$r: secondary on $me" blkrepadm secondary r0
		tell "$sum"
		hear >/dev/null
	fi
}
round round1 alpha beta
round round2 beta alpha
pair_down
finish
