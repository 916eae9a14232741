# pair/integrity: with data-integrity-alg crc32c, a data packet damaged on
# the way (fault injection: fi_corrupt flips its checksum) is caught by the
# receiver, which logs it and drops the connection without writing the
# data.  The Primary's write still completes, is marked out of sync, and
# after the automatic reconnect the resync makes both devices identical.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
pair_conf "net { data-integrity-alg crc32c; connect-int 2; }"
pair_up
pair_skip_sync
fi=/sys/module/blkrep/parameters/fi_corrupt
if [ "$me" = alpha ]; then
	must "primary on alpha" blkrepadm primary r0
	must "write 4 MiB, replicated cleanly" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=4 seek=20 oflag=direct status=none
	drops=$(dmesg | grep -c 'connection: Connected -> ')
	must "fault injection: corrupt P_DATA (type 7)" sh -c "echo $((1 << 7)) >$fi"
	check "a write whose packet is damaged still completes" dd if=/dev/urandom of=/dev/blkrep0 bs=64k count=1 seek=1000 oflag=direct status=none
	check "the connection dropped" wait_for $((30 * SLOW)) sh -c "[ \$(dmesg | grep -c 'connection: Connected -> ') -gt $drops ]"
	check "fault injection off" sh -c "echo 0 >$fi"
	check "reconnected and resynced" blkrepadm wait-sync --timeout $((120 * SLOW)) r0
	check "the damaged 64 KiB were marked and resynced" sh -c 'dmesg | grep -q "resync starts as source: 64 KiB out of sync"'
	check_eq "nothing out of sync" 0 "$(proc_field oos)"
else
	check "the mismatch was caught and logged" wait_for $((30 * SLOW)) sh -c 'dmesg | grep -q "data integrity check failed"'
	check "resync done on beta" blkrepadm wait-sync --timeout $((120 * SLOW)) r0
fi
pair_compare integrity alpha
pair_down
finish
