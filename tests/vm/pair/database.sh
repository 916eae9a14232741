# pair/database: a database on blkrep survives a power cut of the Primary
# (no cluster manager: the failover is done by hand, as an administrator
# would, see Documentation/admin-guide.rst).
# Alpha, Primary, has ext4 on /dev/blkrep0 at /var/lib/mysql and runs
# MariaDB (InnoDB, flush at every commit).  Beta runs the load as a
# client of alpha's MariaDB over the wire: one connection, autocommit
# INSERTs of numbered rows, each followed by a SELECT of that number; the
# client prints the number only once the INSERT has committed, and beta
# keeps those numbers in a local file, so the list of committed
# transactions survives alpha's crash.  In the middle of the load the host
# kills alpha's qemu.  Beta: primary, e2fsck (journal replay), mount,
# MariaDB (InnoDB crash recovery): every number the client saw committed
# must be in the table.  Alpha boots again, comes up from its metadata and
# resyncs from beta as Secondary; then the service fails back: beta stops
# MariaDB, unmounts, goes Secondary; alpha goes Primary, mounts, starts
# MariaDB and finds every committed row and the row beta added.
# time-limit: 720
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
. "$BLKREP_REPO/tests/vm/cluster-lib.sh"
pair_conf
mariadb_prepare
COMMITTED=/root/committed	# on beta

# count_missing: committed numbers (beta's list) not in the table.
count_missing() {
	sql "SELECT id FROM t.x" | sort >/root/present || return 1
	sort "$COMMITTED" | comm -23 - /root/present | wc -l
}

if [ "$me" = alpha ] && [ "$BLKREP_BOOT" -gt 1 ]; then
	must "insmod blkrep.ko after the power cut" load_module
	hear >/dev/null		# beta runs the database now
	must "up r0 from the metadata left by the crash" blkrepadm up r0
	check "resync from beta done" blkrepadm wait-sync --timeout $((180 * SLOW)) r0
	check_eq "alpha came back Secondary" Secondary/Primary "$(blkrepadm role r0)"
	note "alpha received $(proc_field nr) KiB in the resync"
	tell "synced"
	want=$(hear)		# beta stopped the database: fail back
	must "primary on alpha (fail back)" blkrepadm primary r0
	must "mount on alpha" mount /dev/blkrep0 "$DATADIR"
	must "MariaDB starts on alpha" mariadb_start
	check_eq "alpha holds every row beta had" "$want" "$(sql "SELECT COUNT(*), MAX(id) FROM t.x WHERE id < 1000000000" | tr '\t' ' ')"
	check_eq "the row beta added is on alpha" "written on beta" "$(sql "SELECT v FROM t.x WHERE id=1000000000")"
	check "MariaDB stops on alpha" mariadb_stop
	check "umount on alpha" umount "$DATADIR"
	check "secondary on alpha" blkrepadm secondary r0
	cluster_logs
	tell "done"
	pair_down
	finish
fi

pair_up
pair_skip_sync

if [ "$me" = alpha ]; then
	must "primary on alpha" blkrepadm primary r0
	must "mkfs.ext4 on /dev/blkrep0" mkfs.ext4 -q -F /dev/blkrep0
	must "mount on $DATADIR" mount /dev/blkrep0 "$DATADIR"
	must "mariadb-install-db" mariadb_init_datadir
	must "MariaDB starts on alpha" mariadb_start
	must "schema and a user for the client on beta" sql \
		"CREATE DATABASE t; CREATE TABLE t.x (id BIGINT PRIMARY KEY, v VARCHAR(255)) ENGINE=InnoDB;
		 CREATE USER 'load'@'192.0.2.%' IDENTIFIED BY 'loadpw'; GRANT ALL ON t.* TO 'load'@'192.0.2.%';"
	tell "ready"
	hear >/dev/null		# beta's client has committed a few dozen rows
	cluster_logs
	host_crash restart 5
fi

# beta: the client.  Each INSERT commits on its own (autocommit); the
# SELECT after it prints the number only when the INSERT succeeded.
hear >/dev/null
rm -f "$COMMITTED"
setsid bash -c "seq 1 1000000 |
	sed 's/.*/INSERT INTO x VALUES (&, REPEAT(\"x\", 200)); SELECT &;/' |
	mariadb -h 192.0.2.1 -u load -ploadpw --connect-timeout=20 -N -B --unbuffered t" \
	</dev/null >"$COMMITTED" 2>/root/client.err &
client=$!
check "the client commits 40 rows on alpha" wait_for $((120 * SLOW)) sh -c "[ \$(wc -l <$COMMITTED) -ge 40 ]"
tell "crash now"
t0=$(date +%s)
# Alpha is dead once it stops answering pings (it boots again only seconds
# later, and then leaves r0 down until told): only after that does a lost
# connection mean the crash, not some earlier hiccup of the link.
check "alpha stops answering" wait_for $((60 * SLOW)) sh -c '! busybox ping -c 1 -W 1 192.0.2.1 >/dev/null 2>&1'
check "beta notices the dead Primary" wait_for $((60 * SLOW)) sh -c '[ "$(blkrepadm role r0)" = Secondary/Unknown ]'
note "connection lost $(($(date +%s) - t0)) s after the crash request"
kill -- -"$client" 2>/dev/null
wait "$client" 2>/dev/null
n=$(wc -l <"$COMMITTED")
note "the client saw $n commits, the last $(tail -n 1 "$COMMITTED"); client stderr: $(tail -n 2 /root/client.err | tr '\n' ' ')"
check "the client went on committing after the first 40" test "$n" -gt 40
# Connection losses during the load (the link itself never fails here).
note "connection losses before the crash: $(dmesg | grep -c 'connection failed') ($(dmesg | grep -o 'protocol error.*' | sort | uniq -c | tr '\n' ' '))"
check_eq "no protocol error on the link during the load" 0 "$(dmesg | grep -c 'protocol error')"
check_eq "beta's disk is UpToDate" UpToDate "$(blkrepadm dstate r0 | cut -d/ -f1)"
must "primary on beta (failover)" blkrepadm primary r0
_run e2fsck -p /dev/blkrep0
check "e2fsck replays the journal (exit 0 or 1)" test "$_rc" -le 1
must "mount on beta" mount /dev/blkrep0 "$DATADIR"
must "MariaDB recovers and starts on beta" mariadb_start
note "database back on beta $(($(date +%s) - t0)) s after the crash request"
check_eq "every row the client saw committed is on beta" 0 "$(count_missing)"
check "a write on beta" sql "INSERT INTO t.x VALUES (1000000000, 'written on beta')"
tell "beta runs the database"
hear >/dev/null		# alpha is back and in sync
check_eq "nothing out of sync" 0 "$(proc_field oos)"
want=$(sql "SELECT COUNT(*), MAX(id) FROM t.x WHERE id < 1000000000" | tr '\t' ' ')
note "rows on beta: $want"
check "MariaDB stops on beta" mariadb_stop
check "umount on beta" umount "$DATADIR"
check "secondary on beta" blkrepadm secondary r0
cluster_logs
tell "$want"
hear >/dev/null		# alpha checked and is Secondary
pair_down
finish
