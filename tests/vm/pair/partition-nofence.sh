# pair/partition-nofence: the negative control of pair/partition.  The
# same cluster, client and cut wire, but with fencing off in both layers:
# blkrep's `fencing dont-care` (no handler) and Pacemaker's
# stonith-enabled=false (no-quorum-policy=ignore).  What the test shows is
# the loss that fencing prevents, so its checks pass when the loss happens:
# after the cut (host_link) alpha stays Primary and goes on acknowledging
# commits while beta promotes itself and starts MariaDB on its own copy;
# the commits alpha acknowledged after the cut are not on beta.  Once
# both clusters are stopped and the wire is back, blkrep on both nodes
# finds the split brain and refuses to connect (StandAlone), as it must:
# it keeps both data sets for the operator.
# on-demand: a negative control, it demonstrates the write loss without fencing (run it with --scenario partition-nofence)
# time-limit: 900
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
. "$BLKREP_REPO/tests/vm/cluster-lib.sh"
pair_conf
install_agent
mariadb_prepare
acked=$RES_DIR/acked-commits
db_cluster_up

if [ "$me" = alpha ]; then
	cat >/root/cib-resources.xml <<EOF
<resources>
$(cib_db_resources 150s)
</resources>
EOF
	cat >/root/cib-constraints.xml <<EOF
<constraints>
$(cib_db_constraints)
</constraints>
EOF
	check "load-threshold 1000%" crm_attribute -t crm_config -n load-threshold -v 1000%
	check "node-action-limit 4" crm_attribute -t crm_config -n node-action-limit -v 4
	must "stonith-enabled=false" crm_attribute -t crm_config -n stonith-enabled -v false
	must "no-quorum-policy=ignore" crm_attribute -t crm_config -n no-quorum-policy -v ignore
	check "resource-stickiness 100" crm_attribute -t rsc_defaults -n resource-stickiness -v 100
	must "cibadmin: resources" cibadmin --replace -o resources --xml-file /root/cib-resources.xml
	must "cibadmin: constraints" cibadmin --replace -o constraints --xml-file /root/cib-constraints.xml
	check "Pacemaker promotes alpha" wait_for $((150 * SLOW)) promoted_on alpha
	must "MariaDB answers on alpha" wait_for $((150 * SLOW)) sql "SELECT 1"
	must "a table on alpha" sql "CREATE DATABASE t; CREATE TABLE t.x (id INT PRIMARY KEY) ENGINE=InnoDB"
	check "beta is Secondary and in sync" wait_for $((30 * SLOW)) sh -c '[ "$(blkrepadm role r0)" = Primary/Secondary ] && [ "$(blkrepadm dstate r0)" = UpToDate/UpToDate ]'
	client x "$acked"
	check "the client commits" wait_for $((60 * SLOW)) acked_at_least "$acked" 5
	tell "cutting"
	must "the host pulls both wires" host_link cut
	cut=$(tail -n 1 "$acked")
	note "wire cut after commit $cut"
	# The wire is gone: the guests talk through the host now.
	check "beta promoted itself and runs MariaDB" wait_for $((240 * SLOW)) host_relayed promoted
	check "alpha is still Primary: two Primaries" sh -c 'blkrepadm role r0 | grep -q ^Primary/'
	check "alpha goes on acknowledging commits" wait_for $((60 * SLOW)) acked_at_least "$acked" $((cut + 10))
	kill "$client_pid" 2>/dev/null
	wait "$client_pid" 2>/dev/null
	last=$(tail -n 1 "$acked")
	note "alpha acknowledged commits 1..$last, $((last - cut)) after the cut"
	host_relay "acked $cut $last"
else
	hear >/dev/null		# alpha cuts the wire now
	t0=$(date +%s)
	check "beta is promoted without fencing" wait_for $((180 * SLOW)) promoted_on beta
	check "MariaDB answers on beta" wait_for $((180 * SLOW)) sql "SELECT 1"
	note "beta promoted itself; MariaDB answers $(($(date +%s) - t0)) s after the cut"
	host_relay promoted
	check "alpha stopped its client" wait_for $((240 * SLOW)) grep -q "^acked " "$RES_DIR/relayed"
	read -r _ cut last <<<"$(grep "^acked " "$RES_DIR/relayed")"
	have=$(sql "SELECT COUNT(*) FROM t.x WHERE id <= $last")
	note "alpha acknowledged commits 1..$last (cut after $cut); beta has $have of them"
	check "commits alpha acknowledged after the cut are missing on beta (lost)" test "${have:-0}" -lt "$last"
	check "beta has what alpha acknowledged before the cut" test "${have:-0}" -ge "$cut"
fi
check "pacemakerd and corosync stop on $me" cluster_stop
cluster_logs
check "r0 is down after the cluster stop" sh -c '! blkrepadm role r0'
host_relay "$me stopped"
if [ "$me" = alpha ]; then other=beta; else other=alpha; fi
check "the other node stopped its cluster" wait_for $((180 * SLOW)) host_relayed "$other stopped"
[ "$me" = beta ] && must "the wire plugged back in" host_link heal
check "up r0 again (Secondary)" blkrepadm up r0
check "blkrep finds the split brain and refuses to connect" wait_for $((60 * SLOW)) sh -c 'dmesg | grep -qi "split brain"'
check "StandAlone: both data sets kept" wait_for $((30 * SLOW)) cstate_is StandAlone
check "down r0" blkrepadm down r0
check "rmmod" unload_module
finish
