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
# Then the other direction, with a broken fence device: both guests'
# fence devices fail (fence_blkrep_test with /run/fence-fails), a client
# commits on beta (now Promoted) and the wire is cut again.  Nobody can be
# fenced: beta's I/O must stay frozen (no commit acknowledged, `status`
# says why), alpha must not be promoted although its fencing of beta was
# tried and failed.  Then the operator acts: repairs beta's device and
# fences alpha by hand (`stonith_admin --fence alpha`, powered off).
# Beta's handler sees the fence confirmed (exit 7), its I/O resumes by
# itself and the client commits on; beta stays Promoted throughout.
# time-limit: 900
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
. "$BLKREP_REPO/tests/vm/cluster-lib.sh"
# The broken-fence round keeps the fence unconfirmed for about a minute:
# a fence timeout well above that, so that the repaired device, not the
# operator's resume-io, lets the I/O go on.
pair_conf "disk { fencing resource-and-stonith; }
	handlers { fence-peer \"BLKREP_FENCE_TIMEOUT=240 /usr/lib/blkrep/fence-peer.sh\";
		   unfence-peer \"/usr/lib/blkrep/unfence-peer.sh\"; }"
install_agent
fence_agent_install
mkdir -p /usr/lib/blkrep
install -m 755 "$BLKREP_REPO/scripts/ocf/fence-peer.sh" "$BLKREP_REPO/scripts/ocf/unfence-peer.sh" /usr/lib/blkrep/
mariadb_prepare
acked=$RES_DIR/acked-commits
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
	# ---- the broken fence: beta cuts the wire once both devices fail
	hear >/dev/null		# beta checked
	touch /run/fence-fails
	tell "alpha's fence device is broken"
	check "alpha tried to fence beta, and its device failed" wait_for $((180 * SLOW)) test -s "$RES_DIR/fence-failed"
	note "alpha's fence attempts: $(tr '\n' ';' <"$RES_DIR/fence-failed")"
	check "alpha is not promoted while nobody is fenced" sh -c '! crm_mon -1 2>/dev/null | grep -qE "Promoted: \[ alpha \]|Masters: \[ alpha \]"'
	check "r0 stays Secondary on alpha" sh -c 'blkrepadm role r0 | grep -q ^Secondary/'
	check "no file system mounted on alpha" sh -c "! grep -q '^/dev/blkrep0 ' /proc/mounts"
	note "$(crm_mon -1 2>&1)"
	cluster_logs
	sync -f "$BLKREP_RESULTS"
	host_relay "alpha checked"
	# The operator on beta fences this guest by hand: it is powered off.
	sleep $((600 * SLOW))
	fail "the operator fenced alpha" "alpha still up 600 s after its checks"
	finish
fi

db_cluster_up

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
	# A broken device: the cluster gives up after two tries, until the
	# operator acts.
	check "stonith-max-attempts 2" crm_attribute -t crm_config -n stonith-max-attempts -v 2

	check "Pacemaker promotes alpha" wait_for $((150 * SLOW)) promoted_on alpha
	check "/dev/blkrep0 mounted on alpha" wait_for $((90 * SLOW)) sh -c "grep -q '^/dev/blkrep0 $DATADIR ' /proc/mounts"
	must "MariaDB answers on alpha" wait_for $((150 * SLOW)) sql "SELECT 1"
	must "a table on alpha" sql "CREATE DATABASE t; CREATE TABLE t.x (id INT PRIMARY KEY) ENGINE=InnoDB"
	check "beta is Secondary and in sync" wait_for $((30 * SLOW)) sh -c '[ "$(blkrepadm role r0)" = Primary/Secondary ] && [ "$(blkrepadm dstate r0)" = UpToDate/UpToDate ]'
	client x "$acked"
	check "the client commits" wait_for $((60 * SLOW)) acked_at_least "$acked" 5
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

# ---- the broken fence, the other way round: beta (Promoted) loses alpha
acked2=$RES_DIR/acked-commits
tell "checked"
hear >/dev/null			# alpha's fence device is broken
touch /run/fence-fails
must "a second table on beta" sql "CREATE TABLE t.y (id INT PRIMARY KEY) ENGINE=InnoDB"
client y "$acked2"
check "the client commits on beta" wait_for $((60 * SLOW)) acked_at_least "$acked2" 5
must "the host pulls both wires again" host_link cut
cut2=$(tail -n 1 "$acked2")
t0=$(date +%s)
note "wire cut again after commit $cut2 on beta"
check "beta's fence-peer waits, and status says so" wait_for $((60 * SLOW)) sh -c 'blkrepadm status r0 | grep -q "io:frozen fence-peer"'
check "beta's fence device fails" wait_for $((120 * SLOW)) test -s "$RES_DIR/fence-failed"
check "alpha's checks: its fence failed, it is not promoted" wait_for $((240 * SLOW)) host_relayed "alpha checked"
note "beta's fence attempts: $(tr '\n' ';' <"$RES_DIR/fence-failed")"
last2=$(tail -n 1 "$acked2")
note "$(($(date +%s) - t0)) s after the cut nobody is fenced; commits 1..$last2 acknowledged on beta"
check "no commit acknowledged while the peer is not fenced" test "$last2" -le $((cut2 + 1))
check_output "I/O still frozen: fence-peer still waits" "io:frozen fence-peer" blkrepadm status r0
check "beta stays Promoted" promoted_on beta
check_eq "alpha was fenced once (by the partition before)" 1 "$(wc -l <"$RES_DIR/fenced")"
# The operator repairs the fence device and fences alpha by hand.
rm -f /run/fence-fails
check "stonith_admin --fence alpha" timeout $((120 * SLOW)) stonith_admin --fence alpha --timeout $((60 * SLOW))
check_eq "alpha fenced a second time" 2 "$(wc -l <"$RES_DIR/fenced")"
check "fence-peer sees the fence confirmed (exit 7)" wait_for $((60 * SLOW)) sh -c 'dmesg | grep -q "fence-peer: the peer cannot be promoted (exit 7)"'
check "the client commits again" wait_for $((60 * SLOW)) acked_at_least "$acked2" $((last2 + 5))
note "commits flow again $(($(date +%s) - t0)) s after the cut"
kill "$client_pid" 2>/dev/null
wait "$client_pid" 2>/dev/null
last2=$(tail -n 1 "$acked2")
check_eq "every commit acknowledged on beta is there" "$last2" "$(sql "SELECT COUNT(*) FROM t.y WHERE id <= $last2")"
check "status: no io line once I/O flows" sh -c '! blkrepadm status r0 | grep -q io:'
check "beta was Promoted throughout" promoted_on beta
check "no split brain on beta" no_split_brain
note "$(crm_mon -1 2>&1)"
check "pacemakerd and corosync stop on beta" cluster_stop
cluster_logs
check "MariaDB stopped with the cluster" mariadb_gone
check "r0 is down after the cluster stop" sh -c '! blkrepadm role r0'
check "rmmod" unload_module
finish
