# SPDX-License-Identifier: GPL-2.0
# Sourced (after tests/vm/pair/lib.sh) by the pair scenarios that run a
# database or a cluster stack in the guests: pair/cluster, pair/database,
# pair/partition and pair/partition-nofence.
# Not in tests/vm/pair/, so run-pair.sh --all does not take it for a
# scenario.  Every host package is usable in the guests (the host root is
# shared read-only); what is written here lands in the guest's tmpfs
# overlay only.
#
#   mariadb_prepare       /run/mysqld, a log directory, MariaDB listening
#                         on the wire (192.0.2.x:3306)
#   mariadb_init_datadir  mariadb-install-db into /var/lib/mysql
#   mariadb_start / mariadb_stop   run mariadbd directly (no cluster)
#   sql STMT              run STMT as root over the local socket
#   install_agent         scripts/ocf/blkrep as ocf:blkrep:blkrep, and
#                         blkrepadm in /usr/sbin (agents get a plain PATH)
#   cluster_start         corosync + pacemakerd, in the background
#   cluster_stop          pacemakerd and corosync stopped (bounded)
#   cib_db_resources MON  CIB XML: the promotable clone of ocf:blkrep:blkrep
#                         for r0 and the group Filesystem + MariaDB, their
#                         monitors with timeout MON (e.g. 60s)
#   cib_db_constraints    CIB XML: the group with and after the Promoted
#                         instance; alpha preferred for the Promoted role
#   db_files_on_alpha [SQL]  alpha: ext4 and MariaDB's files (and SQL run
#                         once) on r0, left unmounted and Secondary
#   db_cluster_up         r0 up and in sync (no resync), ext4 and MariaDB's
#                         files made on alpha, both Secondary; then the
#                         cluster started on both and both online
#   promoted_on NODE      crm_mon shows NODE as the Promoted instance
#   client TABLE LOG      commit rows 1, 2, ... into t.TABLE one per
#                         transaction, each acknowledged id logged to LOG
#   acked_at_least LOG N  the client logged commit N or a later one

DATADIR=/var/lib/mysql
MYSOCK=/run/mysqld/mysqld.sock

mariadb_prepare() {
	mkdir -p /run/mysqld /var/log/mysql "$DATADIR"
	chown mysql:mysql /run/mysqld /var/log/mysql
	cat >/etc/mysql/mariadb.conf.d/99-blkrep-test.cnf <<EOF
# tests/vm/cluster-lib.sh: reachable from the peer guest, small and quick
[mariadbd]
bind-address = 0.0.0.0
skip-name-resolve
innodb_buffer_pool_size = 16M
innodb_log_file_size = 16M
innodb_flush_log_at_trx_commit = 1
sync_binlog = 1
log_error = /var/log/mysql/error.log
EOF
}

mariadb_init_datadir() {
	chown mysql:mysql "$DATADIR" &&
	timeout $((180 * SLOW)) mariadb-install-db --user=mysql --datadir="$DATADIR" \
		--skip-test-db --auth-root-authentication-method=socket >/dev/null
}

# mariadbd straight, as the mysql user, in its own session.
mariadb_start() {
	setsid /usr/sbin/mariadbd --user=mysql --datadir="$DATADIR" \
		--pid-file=/run/mysqld/mysqld.pid --socket="$MYSOCK" \
		</dev/null >>/var/log/mysql/stdout.log 2>&1 &
	MARIADB_PID=$!
	wait_for $((120 * SLOW)) sql "SELECT 1"
}

mariadb_stop() {
	[ -n "${MARIADB_PID:-}" ] || return 0
	kill -TERM "$MARIADB_PID" 2>/dev/null
	wait_for $((120 * SLOW)) sh -c "! kill -0 $MARIADB_PID 2>/dev/null"
}

sql() { timeout 60 mariadb --socket="$MYSOCK" -N -B -e "$1" 2>/dev/null; }

install_agent() {
	mkdir -p /usr/lib/ocf/resource.d/blkrep
	install -m 755 "$BLKREP_REPO/scripts/ocf/blkrep" /usr/lib/ocf/resource.d/blkrep/blkrep
	ln -sf "$(command -v blkrepadm)" /usr/sbin/blkrepadm
}

# Corosync 3 over knet on the wire, both nodes listed, no crypto (the wire
# is a private loopback socket pair); two_node quorum; a long token for
# slow emulated guests.
cluster_start() {
	cat >/etc/corosync/corosync.conf <<EOF
# tests/vm/cluster-lib.sh
totem {
	version: 2
	cluster_name: blkrep-test
	transport: knet
	token: 10000
	crypto_cipher: none
	crypto_hash: none
}
nodelist {
	node {
		ring0_addr: 192.0.2.1
		name: alpha
		nodeid: 1
	}
	node {
		ring0_addr: 192.0.2.2
		name: beta
		nodeid: 2
	}
}
quorum {
	provider: corosync_votequorum
	two_node: 1
}
logging {
	to_logfile: yes
	logfile: /var/log/corosync.log
	to_stderr: no
	to_syslog: no
	timestamp: on
}
EOF
	mkdir -p /var/log/pacemaker /var/lib/corosync
	setsid corosync -f </dev/null >/var/log/corosync.out 2>&1 &
	COROSYNC_PID=$!
	wait_for $((30 * SLOW)) corosync-cfgtool -s >/dev/null 2>&1 || return 1
	PCMK_logfile=/var/log/pacemaker/pacemaker.log setsid pacemakerd \
		</dev/null >/var/log/pacemaker/pacemakerd.out 2>&1 &
	PACEMAKERD_PID=$!
	return 0
}

# Both nodes online in Pacemaker's view.
cluster_online() { crm_mon -1 2>/dev/null | grep -q 'Online: \[ alpha beta \]'; }
# The survivor's view once the peer is gone.
cluster_peer_gone() { crm_mon -1 2>/dev/null | grep -qE 'OFFLINE: \[ (alpha|beta) \]'; }

cluster_stop() {
	if [ -n "${PACEMAKERD_PID:-}" ]; then
		kill -TERM "$PACEMAKERD_PID" 2>/dev/null
		wait_for $((180 * SLOW)) sh -c "! kill -0 $PACEMAKERD_PID 2>/dev/null" || return 1
	fi
	if [ -n "${COROSYNC_PID:-}" ]; then
		kill -TERM "$COROSYNC_PID" 2>/dev/null
		wait_for $((60 * SLOW)) sh -c "! kill -0 $COROSYNC_PID 2>/dev/null" || return 1
	fi
	return 0
}

# cluster_logs: keep the guest's cluster and database logs in the results.
cluster_logs() {
	local f
	for f in /var/log/corosync.log /var/log/pacemaker/pacemaker.log \
		 /var/log/mysql/error.log /var/log/mysql/stdout.log; do
		[ -f "$f" ] && cp "$f" "$RES_DIR/$me-$(basename "$f")"
	done
	return 0
}

cib_db_resources() {
	cat <<EOF
  <clone id="r0-clone">
    <meta_attributes id="r0-clone-meta">
      <nvpair id="r0-clone-promotable" name="promotable" value="true"/>
      <nvpair id="r0-clone-promoted-max" name="promoted-max" value="1"/>
      <nvpair id="r0-clone-promoted-node-max" name="promoted-node-max" value="1"/>
      <nvpair id="r0-clone-clone-max" name="clone-max" value="2"/>
      <nvpair id="r0-clone-clone-node-max" name="clone-node-max" value="1"/>
      <nvpair id="r0-clone-notify" name="notify" value="false"/>
    </meta_attributes>
    <primitive id="r0" class="ocf" provider="blkrep" type="blkrep">
      <instance_attributes id="r0-params">
        <nvpair id="r0-params-res" name="blkrep_resource" value="r0"/>
        <nvpair id="r0-params-wait" name="wait_connect" value="20"/>
      </instance_attributes>
      <operations>
        <op id="r0-start" name="start" interval="0s" timeout="90s"/>
        <op id="r0-stop" name="stop" interval="0s" timeout="60s"/>
        <op id="r0-promote" name="promote" interval="0s" timeout="60s"/>
        <op id="r0-demote" name="demote" interval="0s" timeout="60s"/>
        <op id="r0-mon-promoted" name="monitor" interval="15s" timeout="$1" role="Promoted"/>
        <op id="r0-mon-unpromoted" name="monitor" interval="16s" timeout="$1" role="Unpromoted"/>
      </operations>
    </primitive>
  </clone>
  <group id="dbgroup">
    <primitive id="fs" class="ocf" provider="heartbeat" type="Filesystem">
      <instance_attributes id="fs-params">
        <nvpair id="fs-params-device" name="device" value="/dev/blkrep0"/>
        <nvpair id="fs-params-dir" name="directory" value="/var/lib/mysql"/>
        <nvpair id="fs-params-fstype" name="fstype" value="ext4"/>
      </instance_attributes>
      <operations>
        <op id="fs-start" name="start" interval="0s" timeout="90s"/>
        <op id="fs-stop" name="stop" interval="0s" timeout="90s"/>
        <op id="fs-mon" name="monitor" interval="30s" timeout="$1"/>
      </operations>
    </primitive>
    <primitive id="mariadb" class="ocf" provider="heartbeat" type="mysql">
      <instance_attributes id="mariadb-params">
        <nvpair id="mariadb-params-binary" name="binary" value="/usr/sbin/mariadbd"/>
        <nvpair id="mariadb-params-user" name="user" value="mysql"/>
        <nvpair id="mariadb-params-group" name="group" value="mysql"/>
        <nvpair id="mariadb-params-datadir" name="datadir" value="/var/lib/mysql"/>
        <nvpair id="mariadb-params-config" name="config" value="/etc/mysql/my.cnf"/>
        <nvpair id="mariadb-params-pid" name="pid" value="/run/mysqld/mysqld.pid"/>
        <nvpair id="mariadb-params-socket" name="socket" value="/run/mysqld/mysqld.sock"/>
        <nvpair id="mariadb-params-log" name="log" value="/var/log/mysql/error.log"/>
      </instance_attributes>
      <operations>
        <op id="mariadb-start" name="start" interval="0s" timeout="180s"/>
        <op id="mariadb-stop" name="stop" interval="0s" timeout="120s"/>
        <op id="mariadb-mon" name="monitor" interval="30s" timeout="$1"/>
      </operations>
    </primitive>
  </group>
EOF
}

cib_db_constraints() {
	cat <<'EOF'
  <rsc_colocation id="db-with-promoted" rsc="dbgroup" with-rsc="r0-clone" with-rsc-role="Promoted" score="INFINITY"/>
  <rsc_order id="promote-then-db" first="r0-clone" first-action="promote" then="dbgroup" then-action="start" kind="Mandatory"/>
  <rsc_location id="promoted-prefers-alpha" rsc="r0-clone" role="Promoted" node="alpha" score="50"/>
EOF
}

# db_files_on_alpha [SQL]: alpha only.  ext4 on /dev/blkrep0 and MariaDB's
# files in it, made once (with SQL run in a MariaDB started for it), so
# that a cluster only has to mount and start; alpha is Secondary again.
db_files_on_alpha() {
	must "primary on alpha (setup)" blkrepadm primary r0
	must "mkfs.ext4 on /dev/blkrep0" mkfs.ext4 -q -F /dev/blkrep0
	must "mount on $DATADIR" mount /dev/blkrep0 "$DATADIR"
	must "mariadb-install-db" mariadb_init_datadir
	if [ -n "${1:-}" ]; then
		must "mariadbd started (setup)" mariadb_start
		must "setup SQL" sql "$1"
		must "mariadbd stopped (setup)" mariadb_stop
	fi
	must "umount" umount "$DATADIR"
	must "secondary on alpha (setup)" blkrepadm secondary r0
}

db_cluster_up() {
	pair_up
	pair_skip_sync
	if [ "$me" = alpha ]; then
		db_files_on_alpha
		tell "setup done"
	else
		hear >/dev/null
	fi
	# Both Secondary and UpToDate: the cluster finds r0 running
	# (Unpromoted).
	must "UpToDate on both before the cluster starts" wait_for $((60 * SLOW)) dstate_is UpToDate/UpToDate
	must "corosync and pacemakerd started" cluster_start
	must "both nodes online in Pacemaker" wait_for $((120 * SLOW)) cluster_online
}

promoted_on() { crm_mon -1 2>/dev/null | grep -qE "Promoted: \[ $1 \]|Masters: \[ $1 \]"; }

# The client runs in the background (its pid in client_pid) until an
# INSERT fails; LOG is on the host's results share, which is not cached,
# so what it logged survives a power cut of the guest.
client() {
	rm -f "$2"
	(
		i=1
		while timeout 300 mariadb --socket="$MYSOCK" -N -B -e "INSERT INTO t.$1 VALUES ($i)" 2>/dev/null; do
			echo "$i" >>"$2"
			i=$((i + 1))
		done
	) &
	client_pid=$!
}
acked_at_least() { [ "$(tail -n 1 "$1" 2>/dev/null)" -ge "$2" ] 2>/dev/null; }
