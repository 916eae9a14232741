# pair/cluster: blkrep under a real Pacemaker + Corosync cluster.
# Alpha and beta run Corosync 3 (knet over the wire, two_node quorum, a
# 10 s token) and Pacemaker (no systemd: started in the background by the
# scenario).  The resources are made with the pcs commands of the admin
# guide ("The resources, with pcs"), read from Documentation/admin-guide.rst
# and run as they are: a promotable clone of ocf:blkrep:blkrep
# (scripts/ocf/blkrep) for r0, and a group of Filesystem (/dev/blkrep0 on
# /var/lib/mysql, ext4) and MariaDB (ocf:heartbeat:mysql) colocated with
# the Promoted instance and started after the promotion.  Test-only
# additions: no STONITH, Pacemaker's load throttle lifted, and alpha
# preferred for the Promoted role.
# Checked: the agent's promotion scores reach the cluster's node
# attributes; alpha becomes Primary with the file system and the database
# running; a row is committed there.  Then the host kills alpha's qemu
# (a power cut, alpha stays down) and beta, alone, must notice, promote
# its side, mount, start MariaDB, and still have the row.  Beta then stops
# the cluster, which stops every resource and takes r0 down.
# time-limit: 900
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
. "$BLKREP_REPO/tests/vm/cluster-lib.sh"
pair_conf
install_agent
mariadb_prepare
db_cluster_up

# The admin guide's pcs commands, one a line (continuations joined).
guide_pcs() {
	sed -n '/^    pcs cluster cib \/root\/db.xml$/,/^    pcs cluster cib-push \/root\/db.xml --config$/p' \
		"$BLKREP_REPO/Documentation/admin-guide.rst" |
		sed -e 's/^    //' -e ':a' -e '/\\$/N; s/\\\n *//; ta' | grep '^pcs '
}

if [ "$me" = alpha ]; then
	# A busy emulated guest looks "high load" to Pacemaker, which then
	# runs one action at a time: lift the throttle.
	check "load-threshold 1000%" crm_attribute -t crm_config -n load-threshold -v 1000%
	check "node-action-limit 4" crm_attribute -t crm_config -n node-action-limit -v 4
	must "stonith-enabled=false" crm_attribute -t crm_config -n stonith-enabled -v false
	must "no-quorum-policy=ignore" crm_attribute -t crm_config -n no-quorum-policy -v ignore
	check "resource-stickiness 100" crm_attribute -t rsc_defaults -n resource-stickiness -v 100
	mapfile -t guide < <(guide_pcs)
	check_eq "the admin guide gives 7 pcs commands" 7 "${#guide[@]}"
	n=0
	for cmd in "${guide[@]}"; do
		n=$((n + 1))
		case $cmd in
		"pcs cluster cib-push "*)
			# Before the push: alpha preferred for the Promoted role.
			must "alpha preferred (test only)" pcs -f /root/db.xml constraint location r0-clone rule role=Promoted score=50 '#uname' eq alpha ;;
		esac
		must "admin guide pcs command $n" sh -c "$cmd"
	done
fi

mariadb_gone() { ! sql "SELECT 1"; }
# master-r0: the name Pacemaker 2.1 gives the promotion score of r0.
score_of() { crm_attribute -N "$1" -l reboot -n master-r0 -G -q 2>/dev/null; }

if [ "$me" = alpha ]; then
	check "Pacemaker promotes alpha" wait_for $((120 * SLOW)) promoted_on alpha
	check "r0 is Primary on alpha" wait_for $((60 * SLOW)) sh -c 'blkrepadm role r0 | grep -q ^Primary/'
	check "/dev/blkrep0 mounted on alpha" wait_for $((90 * SLOW)) sh -c "grep -q '^/dev/blkrep0 $DATADIR ' /proc/mounts"
	check "MariaDB answers on alpha" wait_for $((150 * SLOW)) sql "SELECT 1"
	note "$(crm_mon -1 -A 2>&1)"
	check_eq "promotion score of alpha (UpToDate) in the CIB" 1000 "$(score_of alpha)"
	check_eq "promotion score of beta (UpToDate) in the CIB" 1000 "$(score_of beta)"
	check_output "crm_mon shows the promotion scores" "master-r0" crm_mon -1 -A
	must "a table and a committed row on alpha" sql \
		"CREATE DATABASE t; CREATE TABLE t.x (id INT PRIMARY KEY, v VARCHAR(40)) ENGINE=InnoDB; INSERT INTO t.x VALUES (42, 'written on alpha');"
	check_eq "the row reads back on alpha" "written on alpha" "$(sql "SELECT v FROM t.x WHERE id=42")"
	check "beta is Secondary and in sync" wait_for $((30 * SLOW)) sh -c '[ "$(blkrepadm role r0)" = Primary/Secondary ] && [ "$(blkrepadm dstate r0)" = UpToDate/UpToDate ]'
	cluster_logs
	tell "row written"
	hear >/dev/null		# beta saw it all; the power cut comes now
	host_crash down
fi

# beta
hear >/dev/null
check "beta is the Unpromoted one" sh -c '[ "$(blkrepadm role r0)" = Secondary/Primary ]'
tell "pull the plug"
t0=$(date +%s)
check "Pacemaker on beta sees alpha gone" wait_for $((90 * SLOW)) cluster_peer_gone
note "alpha seen gone after $(($(date +%s) - t0)) s"
check "r0 is Primary on beta" wait_for $((180 * SLOW)) sh -c 'blkrepadm role r0 | grep -q ^Primary/'
check "/dev/blkrep0 mounted on beta" wait_for $((120 * SLOW)) sh -c "grep -q '^/dev/blkrep0 $DATADIR ' /proc/mounts"
check "MariaDB answers on beta" wait_for $((180 * SLOW)) sql "SELECT 1"
note "database back $(($(date +%s) - t0)) s after the power cut"
check_eq "the row committed on alpha is on beta" "written on alpha" "$(sql "SELECT v FROM t.x WHERE id=42")"
check "Pacemaker shows beta Promoted" promoted_on beta
check_output "pcs status shows beta Promoted" "Promoted: [ beta ]" pcs status
note "$(crm_mon -1 -A 2>&1)"
check "a write on beta" sql "INSERT INTO t.x VALUES (43, 'written on beta')"
# A clean stop of the cluster stops MariaDB, unmounts, demotes and stops r0.
check "pacemakerd and corosync stop" cluster_stop
cluster_logs
check "MariaDB stopped with the cluster" mariadb_gone
check "nothing mounted from /dev/blkrep0" sh -c "! grep -q '^/dev/blkrep0 ' /proc/mounts"
check "r0 is down after the cluster stop" sh -c '! blkrepadm role r0'
check "rmmod" unload_module
finish
