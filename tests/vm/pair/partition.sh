# pair/partition: a network partition under Pacemaker with STONITH, while
# a client commits rows on the Promoted node.
# Alpha and beta run Corosync and Pacemaker as in pair/cluster, but with
# stonith-enabled=true and a fence device per node (fence_blkrep_test:
# the host kills the other guest's qemu and boots it again); blkrep has
# `fencing resource-and-stonith` and the fence-peer / unfence-peer handlers
# of scripts/ocf/, as the admin guide configures them.  A client on alpha
# (Promoted: file system and MariaDB there) commits one row at a time and
# logs each acknowledged commit to the host.  Then the host pulls both
# wires at once: both guests stay up, each loses the other.  Beta's fence
# device acts at once, alpha's after 25 s (pcmk_delay_base), so beta fences
# alpha.  Alpha's blkrep must keep its I/O frozen meanwhile (its handler
# waits for the cluster to confirm the fence, which never comes), so no
# commit is acknowledged that beta lacks.  Checked: beta fenced alpha
# (exactly once, and nobody fenced beta), beta is Primary with the file
# system and MariaDB, every commit alpha acknowledged is there; alpha boots
# again, the wire is plugged back, alpha rejoins as Secondary and resyncs
# from beta; no split brain anywhere, nothing discarded.
# time-limit: 900
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
. "$BLKREP_REPO/tests/vm/cluster-lib.sh"
pair_conf "disk { fencing resource-and-stonith; }
	handlers { fence-peer \"/usr/lib/blkrep/fence-peer.sh\";
		   unfence-peer \"/usr/lib/blkrep/unfence-peer.sh\"; }"
install_agent
fence_agent_install
mkdir -p /usr/lib/blkrep
install -m 755 "$BLKREP_REPO/scripts/ocf/fence-peer.sh" "$BLKREP_REPO/scripts/ocf/unfence-peer.sh" /usr/lib/blkrep/
mariadb_prepare
acked=$RES_DIR/acked-commits
promoted_on() { crm_mon -1 2>/dev/null | grep -qE "Promoted: \[ $1 \]|Masters: \[ $1 \]"; }
no_split_brain() { ! dmesg | grep -qi "split brain"; }
mariadb_gone() { ! sql "SELECT 1"; }

# ---- alpha, booted again after beta fenced it
if [ "$me" = alpha ] && [ "$BLKREP_BOOT" -gt 1 ]; then
	last=$(tail -n 1 "$acked" 2>/dev/null)
	cut=$(cat "$RES_DIR/cut-at" 2>/dev/null)
	note "alpha acknowledged commits 1..${last:-0}; ${cut:-?} before the cut"
	check "alpha acknowledged commits before the cut" test "${cut:-0}" -ge 5
	# One commit may complete on an acknowledgement that crossed the wire
	# just before it was pulled; a thawed Primary acknowledges dozens.
	check "at most one commit acknowledged after the cut (I/O stayed frozen)" test "${last:-0}" -le $(( ${cut:-0} + 1 ))
	must "insmod blkrep.ko after the fence" load_module
	check_eq "beta plugged the wire back in" healed "$(hear)"
	tell "${last:-0}"
	must "corosync and pacemakerd started" cluster_start
	check "alpha rejoins: both nodes online" wait_for $((180 * SLOW)) cluster_online
	check "alpha runs r0 as Secondary" wait_for $((120 * SLOW)) sh -c 'blkrepadm role r0 | grep -q ^Secondary/Primary'
	check "alpha resynced from beta" wait_for $((180 * SLOW)) dstate_is UpToDate/UpToDate
	check "no split brain on alpha" no_split_brain
	check "alpha was the resync target" sh -c 'dmesg | grep -q "resync starts as target"'
	check "nobody fenced beta from alpha" test ! -e "$RES_DIR/fenced"
	tell "alpha in sync"
	hear >/dev/null		# beta checked and stops the cluster after us
	check "pacemakerd and corosync stop on alpha" cluster_stop
	cluster_logs
	tell "alpha stopped"
	check "rmmod" unload_module
	finish
fi

pair_up
pair_skip_sync
if [ "$me" = alpha ]; then
	must "primary on alpha (setup)" blkrepadm primary r0
	must "mkfs.ext4 on /dev/blkrep0" mkfs.ext4 -q -F /dev/blkrep0
	must "mount on $DATADIR" mount /dev/blkrep0 "$DATADIR"
	must "mariadb-install-db" mariadb_init_datadir
	must "umount" umount "$DATADIR"
	must "secondary on alpha (setup)" blkrepadm secondary r0
	tell "setup done"
else
	hear >/dev/null
fi
must "UpToDate on both before the cluster starts" wait_for $((60 * SLOW)) dstate_is UpToDate/UpToDate
must "corosync and pacemakerd started" cluster_start
must "both nodes online in Pacemaker" wait_for $((120 * SLOW)) cluster_online

if [ "$me" = alpha ]; then
	# Beta's device fences alpha at once, alpha's waits 25 s first.
	cat >/root/cib-resources.xml <<EOF
<resources>
  <primitive id="fence-alpha" class="stonith" type="fence_blkrep_test">
    <instance_attributes id="fence-alpha-params">
      <nvpair id="fence-alpha-hosts" name="pcmk_host_list" value="alpha"/>
      <nvpair id="fence-alpha-check" name="pcmk_host_check" value="static-list"/>
    </instance_attributes>
    <operations>
      <op id="fence-alpha-mon" name="monitor" interval="120s" timeout="30s"/>
    </operations>
  </primitive>
  <primitive id="fence-beta" class="stonith" type="fence_blkrep_test">
    <instance_attributes id="fence-beta-params">
      <nvpair id="fence-beta-hosts" name="pcmk_host_list" value="beta"/>
      <nvpair id="fence-beta-check" name="pcmk_host_check" value="static-list"/>
      <nvpair id="fence-beta-delay" name="pcmk_delay_base" value="25s"/>
    </instance_attributes>
    <operations>
      <op id="fence-beta-mon" name="monitor" interval="120s" timeout="30s"/>
    </operations>
  </primitive>
$(cib_db_resources 150s)
</resources>
EOF
	cat >/root/cib-constraints.xml <<EOF
<constraints>
  <rsc_location id="fence-alpha-not-on-alpha" rsc="fence-alpha" node="alpha" score="-INFINITY"/>
  <rsc_location id="fence-beta-not-on-beta" rsc="fence-beta" node="beta" score="-INFINITY"/>
$(cib_db_constraints)
</constraints>
EOF
	check "load-threshold 1000%" crm_attribute -t crm_config -n load-threshold -v 1000%
	check "node-action-limit 4" crm_attribute -t crm_config -n node-action-limit -v 4
	check "resource-stickiness 100" crm_attribute -t rsc_defaults -n resource-stickiness -v 100
	must "cibadmin: resources" cibadmin --replace -o resources --xml-file /root/cib-resources.xml
	must "cibadmin: constraints" cibadmin --replace -o constraints --xml-file /root/cib-constraints.xml
	must "stonith-enabled=true" crm_attribute -t crm_config -n stonith-enabled -v true

	check "Pacemaker promotes alpha" wait_for $((150 * SLOW)) promoted_on alpha
	check "/dev/blkrep0 mounted on alpha" wait_for $((90 * SLOW)) sh -c "grep -q '^/dev/blkrep0 $DATADIR ' /proc/mounts"
	must "MariaDB answers on alpha" wait_for $((150 * SLOW)) sql "SELECT 1"
	must "a table on alpha" sql "CREATE DATABASE t; CREATE TABLE t.x (id INT PRIMARY KEY) ENGINE=InnoDB"
	check "beta is Secondary and in sync" wait_for $((30 * SLOW)) sh -c '[ "$(blkrepadm role r0)" = Primary/Secondary ] && [ "$(blkrepadm dstate r0)" = UpToDate/UpToDate ]'
	# The client: one row per transaction, each acknowledged id logged
	# to the host at once (the results share is not cached).
	rm -f "$acked"
	(
		i=1
		while timeout 300 mariadb --socket="$MYSOCK" -N -B -e "INSERT INTO t.x VALUES ($i)" 2>/dev/null; do
			echo "$i" >>"$acked"
			i=$((i + 1))
		done
	) &
	check "the client commits" wait_for $((60 * SLOW)) sh -c "[ \"\$(tail -n 1 $acked 2>/dev/null)\" -ge 5 ]"
	cluster_logs
	tell "cutting"
	must "the host pulls both wires" host_link cut
	tail -n 1 "$acked" >"$RES_DIR/cut-at"
	note "wire cut after commit $(cat "$RES_DIR/cut-at")"
	sync -f "$BLKREP_RESULTS"
	# Beta fences us now: this guest is killed and booted again.
	sleep $((600 * SLOW))
	fail "beta fenced alpha" "alpha still up 600 s after the cut"
	finish
fi

# ---- beta
hear >/dev/null			# alpha is cutting the wire now
t0=$(date +%s)
check "beta fences alpha" wait_for $((120 * SLOW)) test -s "$RES_DIR/fenced"
note "alpha fenced $(($(date +%s) - t0)) s after the cut"
check "beta is promoted" wait_for $((180 * SLOW)) promoted_on beta
check "r0 is Primary on beta" wait_for $((60 * SLOW)) sh -c 'blkrepadm role r0 | grep -q ^Primary/'
check "/dev/blkrep0 mounted on beta" wait_for $((120 * SLOW)) sh -c "grep -q '^/dev/blkrep0 $DATADIR ' /proc/mounts"
check "MariaDB answers on beta" wait_for $((180 * SLOW)) sql "SELECT 1"
note "MariaDB answers on beta $(($(date +%s) - t0)) s after the cut"
note "$(crm_mon -1 2>&1)"
cluster_logs
check "the wire plugged back in" host_link heal
tell "healed"
last=$(hear)			# the last commit alpha saw acknowledged
note "alpha saw commits 1..$last acknowledged"
check_eq "every commit alpha saw acknowledged is on beta" "$last" "$(sql "SELECT COUNT(*) FROM t.x WHERE id <= $last")"
check "a write on beta" sql "INSERT INTO t.x VALUES (1000000)"
hear >/dev/null			# alpha rejoined and is in sync
check_eq "alpha fenced exactly once" 1 "$(wc -l <"$RES_DIR/fenced")"
check "both UpToDate" dstate_is UpToDate/UpToDate
check "no split brain on beta" no_split_brain
check "Pacemaker keeps beta Promoted" promoted_on beta
tell "checked"
hear >/dev/null			# alpha left the cluster
check "pacemakerd and corosync stop on beta" cluster_stop
cluster_logs
check "MariaDB stopped with the cluster" mariadb_gone
check "r0 is down after the cluster stop" sh -c '! blkrepadm role r0'
check "rmmod" unload_module
finish
