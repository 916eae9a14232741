# pair/heartbeat: blkrep under Heartbeat v1, configured as the admin guide
# says ("With Heartbeat v1"): its ha.cf, authkeys and haresources are read
# from Documentation/admin-guide.rst and installed as they are, with
# scripts/heartbeat/blkrepdisk in /etc/ha.d/resource.d/.  Heartbeat runs
# without systemd (its init script starts the daemon); the group is the
# service address 192.0.2.10, blkrepdisk::r0, the ext4 file system and
# MariaDB's init script.
# Checked: alpha takes the group; a client on beta commits one row at a
# time through the service address, logging each acknowledged commit.
# The host then kills alpha's qemu (a power cut) and boots it again.
# Beta declares alpha dead, takes the address, becomes Primary, mounts and
# starts MariaDB; the client's commits go on through the same address and
# every commit it saw acknowledged is in the table.  Alpha comes back,
# its Heartbeat joins, and (auto_failback off) it stays Secondary and
# resyncs from beta; no split brain.  Both stop Heartbeat, the standby
# first, so that nothing moves.
# time-limit: 900
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
. "$BLKREP_REPO/tests/vm/cluster-lib.sh"

VIP=192.0.2.10
guide=$BLKREP_REPO/Documentation/admin-guide.rst

# guide_block FIRSTLINE: the admin guide's literal block that starts with
# FIRSTLINE, unindented.
guide_block() {
	awk -v first="    $1" '$0 == first { on = 1 } on && /^[^ \t]/ { exit }
		on { sub(/^    /, ""); print }' "$guide"
}

# The node's configuration (the guest's /etc is a tmpfs overlay: again
# after the reboot).
hb_configure() {
	pair_conf
	mariadb_prepare
	install_agent
	guide_block "# /etc/ha.d/ha.cf" >/etc/ha.d/ha.cf
	guide_block "# /etc/ha.d/authkeys" >/etc/ha.d/authkeys
	chmod 600 /etc/ha.d/authkeys
	guide_block "# /etc/ha.d/haresources" >/etc/ha.d/haresources
	install -m 755 "$BLKREP_REPO/scripts/heartbeat/blkrepdisk" /etc/ha.d/resource.d/blkrepdisk
	check_output "ha.cf from the admin guide" "auto_failback off" cat /etc/ha.d/ha.cf
	check_output "haresources from the admin guide" "blkrepdisk::r0" cat /etc/ha.d/haresources
}

hb_start() { timeout $((120 * SLOW)) /etc/init.d/heartbeat start; }
hb_stop() { timeout $((300 * SLOW)) /etc/init.d/heartbeat stop; }
hb_logs() {
	cluster_logs
	[ -f /var/log/ha-log ] && cp /var/log/ha-log "$RES_DIR/$me-ha-log"
	return 0
}
rsc_is() { [ "$(cl_status rscstatus 2>/dev/null)" = "$1" ]; }
# Heartbeat's resource status is out of "transition" (what it then says
# is noted: local, foreign, all or none).
rsc_settled() {
	case $(cl_status rscstatus 2>/dev/null) in
	local|foreign|all|none) return 0 ;;
	esac
	return 1
}
node_is() { [ "$(cl_status nodestatus "$1" 2>/dev/null)" = "$2" ]; }
vip_here() { ip -o addr show dev eth0 | grep -q " $VIP/"; }
mounted() { grep -q "^/dev/blkrep0 $DATADIR " /proc/mounts; }
primary_here() { blkrepadm role r0 | grep -q ^Primary/; }
vip_gone() { ! vip_here; }
unmounted() { ! mounted; }
mariadb_gone() { ! sql "SELECT 1"; }
no_split_brain() { ! dmesg | grep -q "split brain"; }

# The client: rows 1, 2, ... into t.rows through the service address, one
# transaction each, "ID SECONDS" logged per acknowledged commit (LOG is on
# the results share: it survives anything).  A failed commit is retried
# with the same id (INSERT IGNORE: it may have committed unacknowledged)
# until /run/client-stop appears.
vip_client() {
	rm -f "$1" /run/client-stop
	(
		i=1
		while [ ! -e /run/client-stop ]; do
			if timeout 20 mariadb -h "$VIP" -u app -papp-secret --connect-timeout=3 -N -B \
				-e "INSERT IGNORE INTO t.rows VALUES ($i)" 2>/dev/null; then
				echo "$i $(date +%s.%N)" >>"$1"
				i=$((i + 1))
			else
				sleep 0.2
			fi
		done
	) &
	client_pid=$!
}
acked() { tail -n 1 "$1" 2>/dev/null | cut -d' ' -f1; }
acked_past() { [ "$(acked "$1")" -ge "$2" ] 2>/dev/null; }

log=$RES_DIR/acked

if [ "$me" = alpha ] && [ "$BLKREP_BOOT" -gt 1 ]; then
	# Back from the power cut: what blkrep.service and Heartbeat's init
	# script would do at boot.
	hb_configure
	must "insmod blkrep.ko after the power cut" load_module
	# Up only once beta has taken over (see pair/primary-crash).
	check_eq "beta has taken over" "taken over" "$(hear)"
	must "up r0 (what blkrep.service does at boot)" blkrepadm up r0
	must "heartbeat starts" hb_start
	check "alpha's Heartbeat sees beta active" wait_for $((60 * SLOW)) node_is beta active
	check "resync from beta done" blkrepadm wait-sync --timeout $((180 * SLOW)) r0
	check "alpha's Heartbeat holds nothing (auto_failback off)" wait_for $((60 * SLOW)) rsc_is none
	check_eq "alpha is Secondary, beta Primary" Secondary/Primary "$(blkrepadm role r0)"
	check_eq "both UpToDate" UpToDate/UpToDate "$(blkrepadm dstate r0)"
	check "the service address is not on alpha" vip_gone
	check "nothing mounted on alpha" unmounted
	check "no split brain on alpha" no_split_brain
	# The standby stops first: the group stays on beta.
	check "heartbeat stops on alpha" hb_stop
	hb_logs
	tell "alpha stopped"
	hear >/dev/null
	pair_down
	finish
fi

hb_configure
pair_up
pair_skip_sync
# The client's table and user, over TCP from anywhere.
[ "$me" = alpha ] && db_files_on_alpha \
	"CREATE DATABASE t; CREATE TABLE t.rows (id INT PRIMARY KEY) ENGINE=InnoDB; CREATE USER app@'%' IDENTIFIED BY 'app-secret'; GRANT ALL ON t.* TO app@'%';"
pair_met "setup done"
must "UpToDate on both before Heartbeat starts" wait_for $((60 * SLOW)) dstate_is UpToDate/UpToDate
t0=$(date +%s)
must "heartbeat starts" hb_start
if [ "$me" = alpha ]; then
	check "the service address on alpha" wait_for $((120 * SLOW)) vip_here
	check "r0 is Primary on alpha" wait_for $((60 * SLOW)) primary_here
	check "/dev/blkrep0 mounted on alpha" wait_for $((60 * SLOW)) mounted
	check "MariaDB answers on alpha" wait_for $((120 * SLOW)) sql "SELECT 1"
	check "alpha's Heartbeat resources settled" wait_for $((60 * SLOW)) rsc_settled
	note "cl_status rscstatus on alpha: $(cl_status rscstatus 2>&1)"
	note "group up on alpha $(($(date +%s) - t0)) s after Heartbeat started"
	hb_logs
	tell "alpha active"
	hear >/dev/null		# beta's client is committing; the power cut comes now
	host_crash restart
fi

# beta
hear >/dev/null
check "beta's Heartbeat resources settled" wait_for $((30 * SLOW)) rsc_settled
note "cl_status rscstatus on beta: $(cl_status rscstatus 2>&1)"
check "the service address is not on beta" vip_gone
check "nothing mounted on beta" unmounted
check_eq "beta is Secondary" Secondary/Primary "$(blkrepadm role r0)"
vip_client "$log"
check "the client commits 20 rows through $VIP" wait_for $((60 * SLOW)) acked_past "$log" 20
cut=$(acked "$log")
tell "pull the plug"
check "Heartbeat on beta declares alpha dead" wait_for $((90 * SLOW)) node_is alpha dead
check "the service address moves to beta" wait_for $((90 * SLOW)) vip_here
check "r0 is Primary on beta" wait_for $((60 * SLOW)) primary_here
check "/dev/blkrep0 mounted on beta" wait_for $((90 * SLOW)) mounted
check "MariaDB answers on beta" wait_for $((120 * SLOW)) sql "SELECT 1"
check "the client commits through $VIP again" wait_for $((120 * SLOW)) acked_past "$log" $((cut + 20))
touch /run/client-stop
check "the client stops" wait_for $((60 * SLOW)) sh -c "! kill -0 $client_pid 2>/dev/null"
last=$(acked "$log")
check_eq "every acknowledged commit (1..$last) is on beta" "$last" \
	"$(sql "SELECT COUNT(*) FROM t.rows WHERE id <= $last")"
# The longest pause between two acknowledged commits: the power cut.
gap=$(awk 'NR > 1 && $2 - t > g { g = $2 - t } { t = $2 } END { printf "%.1f", g }' "$log")
note "the client saw no commit for $gap s (power cut to MariaDB answering through $VIP on beta)"
check "beta's Heartbeat holds the group" wait_for $((60 * SLOW)) rsc_is all
note "cl_status rscstatus on beta: $(cl_status rscstatus 2>&1)"
hb_logs
tell "taken over"
hear >/dev/null		# alpha rejoined, resynced and stopped its Heartbeat
check_eq "beta is Primary, alpha Secondary" Primary/Secondary "$(blkrepadm role r0)"
check_eq "both UpToDate" UpToDate/UpToDate "$(blkrepadm dstate r0)"
check "no split brain on beta" no_split_brain
check "heartbeat stops on beta" hb_stop
hb_logs
check "MariaDB stopped with Heartbeat" mariadb_gone
check "nothing mounted after the stop" unmounted
check_eq "beta Secondary after the stop" Secondary/Secondary "$(blkrepadm role r0)"
tell "beta stopped"
pair_down
finish
