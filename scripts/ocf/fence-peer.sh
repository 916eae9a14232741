#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# fence-peer.sh: blkrep's fence-peer handler for Pacemaker clusters.
# unfence-peer.sh (the same code, run with --unfence) takes it back.
# Installed as /usr/lib/blkrep/fence-peer.sh and /usr/lib/blkrep/unfence-peer.sh;
# in blkrep.conf:
#
#     disk     { fencing resource-and-stonith; }   # or resource-only
#     handlers { fence-peer   "/usr/lib/blkrep/fence-peer.sh";
#                unfence-peer "/usr/lib/blkrep/unfence-peer.sh"; }
#
# Fencing here means: a location constraint in the CIB that forbids the
# Promoted role of the resource's promotable clone on every node but this
# one, so the cluster cannot promote the peer while its data may be behind.
# Unfencing removes that constraint again.
#
#     <rsc_location id="blkrep-fence-r0" rsc="CLONE">
#       <rule id="blkrep-fence-r0-rule" role="Promoted" score="-INFINITY">
#         <expression id="blkrep-fence-r0-expr" attribute="#uname"
#                     operation="ne" value="THIS-NODE"/>
#       </rule>
#     </rsc_location>
#
# (role="Master" instead when the CIB's schema predates "Promoted".)
#
# ---- The contract with the blkrep module -----------------------------------
#
# (include/uapi/linux/blkrep.h, "Handlers" and enum blkrep_fencing.)  The
# module runs `blkrepadm handler fence-peer RES` (or unfence-peer), which
# runs the handler's command line with /bin/sh -c, as root, and passes its
# exit status back; the module waits for fence-peer and acts on its exit
# status, and only logs unfence-peer's.  `blkrepadm handler fence-peer r0`
# runs it by hand the same way.
# Environment:
#   BLKREP_RESOURCE  the resource's name as in blkrep.conf (required)
#   BLKREP_PEER      the peer's host name, i.e. the name of the resource's
#                    other `on` section, set by blkrepadm (required by
#                    fence-peer; only reported by unfence-peer)
#   BLKREP_FENCING   the resource's `fencing` policy: dont-care,
#                    resource-only or resource-and-stonith; the module
#                    passes the policy of the live connection (blkrepadm
#                    takes blkrep.conf's when run by hand).  Unset (an older blkrepadm) and
#                    dont-care (a run by hand) act as resource-only;
#                    anything else is a usage error.
#   BLKREP_MINOR, BLKREP_PEER_ADDRESS, BLKREP_PEER_AF, BLKREP_CONF
#                    set; not used
# Knobs, in seconds (decimal integers; set them on the handler's command
# line in blkrep.conf, e.g. fence-peer "BLKREP_FENCE_TIMEOUT=120
# /usr/lib/blkrep/fence-peer.sh"):
#   BLKREP_CIB_TIMEOUT    limit of each call of a cluster tool (cibadmin,
#                         crm_node, crm_resource, crm_attribute, crm_mon)
#                         and of blkrepadm (default 30; at least 1)
#   BLKREP_FENCE_SETTLE   resource-and-stonith: how long the peer must stay
#                         a cluster member before it counts as having the
#                         constraint; keep it above corosync's token +
#                         consensus timeouts, the time corosync takes to
#                         notice a partition (default: those two as
#                         corosync-cmapctl reports them, plus 2 s, and at
#                         least 10)
#   BLKREP_FENCE_TIMEOUT  resource-and-stonith: how long to wait for the
#                         cluster to confirm that a lost peer was fenced
#                         (default 90)
#
# fence-peer is run on a Primary that has lost its peer while the peer's
# disk was UpToDate (`fencing resource-only` or `resource-and-stonith`), so
# the peer could be promoted with data this node is about to make stale.
# With resource-and-stonith the module freezes application I/O until the
# handler returns, and keeps it frozen unless the handler says the peer is
# fenced (3, 4, 5 or 7).  unfence-peer is run once the peer has caught up
# (after its resync), while both disks are UpToDate.  The module discards
# stdout and stderr (they are for a human running it by hand); what the
# scripts did is also sent to syslog (tag blkrep-fence) when logger exists.
# Every external command runs under `timeout $BLKREP_CIB_TIMEOUT`, so with
# resource-only (and for unfence-peer) a call ends within a few of those
# timeouts (about a minute; more only while it waits for the lock of
# another call for the same resource); with resource-and-stonith the wait
# below adds about BLKREP_FENCE_SETTLE + BLKREP_FENCE_TIMEOUT at most (100 s
# by default; a second or two more for the clock's whole seconds and the
# calls under way when time runs out).
#
# ---- resource-and-stonith ---------------------------------------------------
#
# A location constraint only binds a peer whose CIB has it.  When both
# nodes are alive and the cluster's links and the replication link fail
# together (a partition), each side sees the other leave the membership
# before anything has been fenced; the peer's side may fence this node and
# promote the peer, and its CIB never got the constraint.  Any write this
# node acknowledged meanwhile would be lost.  So once the constraint is
# in place (placed now, or already there from this node):
#   - stonith-enabled is false in the cluster: a loud warning (a partition
#     can lose acknowledged writes), then as resource-only (4 or 5).
#   - the peer is a cluster member (`crm_node -l`): wait until it has been
#     one for BLKREP_FENCE_SETTLE s in a row, checking once a second; then
#     the constraint was in the CIB across a stable membership: exit 4.
#   - the peer is not a member: wait up to BLKREP_FENCE_TIMEOUT s (from
#     the first time it was seen gone) for `crm_mon --output-as=xml` to
#     show the node offline and not unclean: Pacemaker keeps a lost node
#     unclean until its fencing is confirmed (or it left cleanly): exit 7.
#     A peer that becomes a member again is treated as above (exit 4 once
#     it stayed one for BLKREP_FENCE_SETTLE s).
#   - no verdict in time: exit 1; the module keeps I/O frozen until the
#     peer reconnects, or the operator makes sure the peer is down and
#     runs `blkrepadm resume-io RES`.
#
# Pacemaker node names are assumed to be what `crm_node -n` prints on
# each node; the clone is found in the CIB as the clone (or master) that
# holds an ocf:blkrep:blkrep primitive with blkrep_resource=$BLKREP_RESOURCE,
# unless --clone ID names it.  Calls for one resource are serialized with
# flock(1) when it exists, so a fence that races an unfence ends fenced.
#
# ---- Exit status ----------------------------------------------------------
#
# The module takes 3 (the peer's disk is already not UpToDate), 4 (the
# peer was outdated) and 5 (the peer is down or unreachable, and fenced),
# and 7 (STONITH) with resource-and-stonith, to mean that the peer cannot
# be promoted: it records the peer's disk as Outdated in its metadata and
# lets frozen I/O go on.  Any other status is logged and the peer still
# counts as possibly UpToDate; with resource-only writes go on, with
# resource-and-stonith I/O stays frozen until the peer reconnects or
# `blkrepadm resume-io`.  This script never exits 3.
# fence-peer.sh:
#   4  peer outdated: the constraint is in the CIB (placed now or already
#      there), so the peer cannot be promoted; with resource-and-stonith
#      (and STONITH enabled) only once the peer stayed a cluster member for
#      BLKREP_FENCE_SETTLE s
#   5  the peer is down or unreachable, and fenced: as for 4, and the
#      cluster does not list the peer as an active member, so it is not
#      writing; not with resource-and-stonith unless stonith-enabled is
#      false in the cluster
#   7  resource-and-stonith: the constraint is in the CIB, and the cluster
#      confirmed that the peer is down: crm_mon shows it offline and not
#      unclean (fenced, or it left the cluster cleanly)
#   6  refused: the cluster reports the peer Promoted; this node must not
#      take the role away from it (nothing was changed); not a fencing
#      verdict, so the module does not outdate the peer
#   1  failed: no constraint was placed (no cluster or CIB access, clone
#      not found, this node's disk is not UpToDate, a constraint from the
#      other side already forbids this node); or, with
#      resource-and-stonith, the constraint is placed but the cluster did
#      not confirm within BLKREP_FENCE_TIMEOUT s that the lost peer was
#      fenced; the peer is not outdated
#   2  usage: missing or malformed environment or arguments (as 1)
# unfence-peer.sh:
#   0  the constraint is gone (removed now, or there was none)
#   1  failed: it is still there (cibadmin failed, or the disks are not
#      both UpToDate and --force was not given)
#   2  usage, as above
#
# Options:
#   --clone ID   the Pacemaker id of the promotable clone (skip the lookup)
#   --unfence    act as unfence-peer.sh
#   --force      unfence even when the disks are not both UpToDate (for an
#                administrator clearing a stale constraint by hand)
#
# POSIX sh (dash).

PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"
export PATH

prog=${0##*/}
mode=fence
case $prog in unfence*) mode=unfence ;; esac
clone='' force=0
while [ $# -gt 0 ]; do
	case $1 in
	--clone)	[ $# -ge 2 ] || { echo "$prog: --clone needs an id" >&2; exit 2; }
			clone=$2; shift ;;
	--clone=*)	clone=${1#*=} ;;
	--unfence)	mode=unfence ;;
	--force)	force=1 ;;
	-h|--help)	sed -n '2,/^# POSIX sh/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*)		echo "$prog: unknown argument '$1'" >&2; exit 2 ;;
	esac
	shift
done

res=${BLKREP_RESOURCE:-}
peer=${BLKREP_PEER:-}

# log MESSAGE, warn MESSAGE: to stderr and to syslog
log_at() {
	echo "$prog: ${res:-?}: $2" >&2
	if command -v logger >/dev/null 2>&1; then
		logger -t blkrep-fence -p "user.$1" -- "$prog: ${res:-?}: $2" 2>/dev/null
	fi
	return 0
}
log() { log_at notice "$*"; }
warn() { log_at warning "WARNING: $*"; }

# Names end up inside XML and XPath: allow only what blkrep.conf allows
# for resources, and host-name characters for nodes and ids.
case $res in
''|*[!A-Za-z0-9_.+-]*)
	log "BLKREP_RESOURCE is missing or not a resource name ('$res')"
	exit 2 ;;
esac
if [ "$mode" = fence ]; then
	case $peer in
	''|*[!A-Za-z0-9_.-]*)
		log "BLKREP_PEER is missing or not a host name ('$peer')"
		exit 2 ;;
	esac
fi
case $clone in
*[!A-Za-z0-9_.-]*)
	log "--clone '$clone' is not a valid id"
	exit 2 ;;
esac
fencing=${BLKREP_FENCING:-}
case $fencing in
''|dont-care|resource-only|resource-and-stonith) ;;
*)	log "BLKREP_FENCING is not a fencing policy ('$fencing')"
	exit 2 ;;
esac

# seconds VAR DEFAULT MIN: set VAR's value to a plain decimal number of
# seconds (DEFAULT when unset or empty), or exit 2 when it is not one of at
# least MIN.
seconds() {
	eval "sv=\${$1:-$2}"
	case $sv in
	''|*[!0-9]*)
		log "$1 must be a number of seconds, not '$sv'"
		exit 2 ;;
	esac
	# no leading zeros: the shell would read them as octal
	sv=${sv#"${sv%%[!0]*}"}
	sv=${sv:-0}
	if [ ${#sv} -gt 6 ] || [ "$sv" -lt "$3" ]; then
		log "$1 must be a number of seconds from $3 to 999999, not '$sv'"
		exit 2
	fi
	eval "$1=\$sv"
}
# The time corosync takes to notice a partition, in whole seconds: its
# token plus consensus timeouts as it runs (milliseconds in cmap), rounded
# up, plus 2; 0 when corosync does not say.
corosync_notice() {
	cn_sum=0
	for cn_key in token consensus; do
		cn_ms=$(timeout "$BLKREP_CIB_TIMEOUT" corosync-cmapctl -g "runtime.config.totem.$cn_key" 2>/dev/null |
			sed -n 's/.*= *\([0-9][0-9]*\)$/\1/p')
		case $cn_ms in ''|*[!0-9]*) echo 0; return ;; esac
		[ ${#cn_ms} -le 9 ] || { echo 0; return; }
		cn_sum=$((cn_sum + cn_ms))
	done
	echo $(( (cn_sum + 999) / 1000 + 2 ))
}
seconds BLKREP_CIB_TIMEOUT 30 1
# Unset: 10 s, or longer when corosync is configured to take longer.
if [ -z "${BLKREP_FENCE_SETTLE:-}" ] && [ "$mode" = fence ] &&
   [ "${BLKREP_FENCING:-}" = resource-and-stonith ]; then
	BLKREP_FENCE_SETTLE=$(corosync_notice)
	[ "$BLKREP_FENCE_SETTLE" -ge 10 ] || BLKREP_FENCE_SETTLE=10
fi
seconds BLKREP_FENCE_SETTLE 10 0
seconds BLKREP_FENCE_TIMEOUT 90 0
cib_to=$BLKREP_CIB_TIMEOUT
settle=$BLKREP_FENCE_SETTLE
fence_to=$BLKREP_FENCE_TIMEOUT

# XML ids cannot hold '+'.
cid=blkrep-fence-$(printf '%s' "$res" | tr '+' '_')

# Every external command that could hang runs under timeout(1).
run() {
	timeout "$cib_to" "$@"
}
cib() {
	run cibadmin "$@"
}

# constraint_node: print the node our constraint (if any) leaves promotable;
# returns 1 when there is no such constraint.
constraint_node() {
	cn_xml=$(cib --query --xpath "//rsc_location[@id='$cid']" 2>/dev/null) || return 1
	[ -n "$cn_xml" ] || return 1
	printf '%s\n' "$cn_xml" | tr '\n' ' ' |
		sed -n 's/.*<expression[^>]*[ 	]value="\([^"]*\)".*/\1/p'
	return 0
}

# find_clone: print the id of the clone that runs ocf:blkrep:blkrep for
# this resource, from the CIB's resources section.
find_clone() {
	fc_cib=$(cib --query --scope resources 2>/dev/null) || return 1
	printf '%s\n' "$fc_cib" | awk -v res="$res" '
		BEGIN { RS = "<" }
		function attr(rec, name) {
			if (match(rec, "[ \t\r\n]" name "=\"[^\"]*\""))
				return substr(rec, RSTART + length(name) + 3,
					      RLENGTH - length(name) - 4)
			return ""
		}
		/^(clone|master)[ \t\r\n>]/ { clone = attr($0, "id"); next }
		/^\/(clone|master)[ \t\r\n>]/ { clone = ""; next }
		/^primitive[ \t\r\n]/ {
			ours = attr($0, "class") == "ocf" &&
			       attr($0, "provider") == "blkrep" &&
			       attr($0, "type") == "blkrep"
			if ($0 ~ /\/>[ \t\r\n]*$/)
				ours = 0
			next
		}
		/^\/primitive[ \t\r\n>]/ { ours = 0; next }
		/^nvpair[ \t\r\n]/ {
			if (ours && clone != "" &&
			    attr($0, "name") == "blkrep_resource" &&
			    attr($0, "value") == res) {
				print clone
				exit
			}
		}'
}

lock() {
	command -v flock >/dev/null 2>&1 || return 0
	lk_dir=${BLKREP_LOCK_DIR:-/run/lock}
	[ -d "$lk_dir" ] && [ -w "$lk_dir" ] || lk_dir=${TMPDIR:-/tmp}
	exec 9>"$lk_dir/blkrep-fence-$res.lock" || return 0
	# long enough for a fence-peer that waits for the cluster (below)
	lk_wait=$((settle + fence_to + 4 * cib_to + 60))
	flock -w "$lk_wait" 9 ||
		log "could not lock $lk_dir/blkrep-fence-$res.lock in ${lk_wait}s; going on"
	return 0
}

local_node=$(run crm_node -n 2>/dev/null)
if [ -z "$local_node" ]; then
	log "crm_node -n failed: is this node in a running Pacemaker cluster?"
	exit 1
fi
lock

# ---------------------------------------------------------------- unfence
if [ "$mode" = unfence ]; then
	if ! constraint_node >/dev/null; then
		log "no fencing constraint $cid; nothing to do"
		exit 0
	fi
	if [ "$force" != 1 ]; then
		ds=$(run blkrepadm dstate "$res" 2>&1)
		if [ "$ds" != UpToDate/UpToDate ]; then
			log "disks are '$ds', not UpToDate/UpToDate: leaving $cid in place (--force overrides)"
			exit 1
		fi
	fi
	if ! out=$(cib --delete --scope constraints --xml-text "<rsc_location id=\"$cid\"/>" 2>&1); then
		if constraint_node >/dev/null; then
			log "removing $cid failed: $out"
			exit 1
		fi
	fi
	if constraint_node >/dev/null; then
		log "$cid is still in the CIB after removing it"
		exit 1
	fi
	log "removed $cid: ${peer:-the peer} may be promoted again"
	exit 0
fi

# ---------------------------------------------------------------- fence
if [ "$peer" = "$local_node" ]; then
	log "BLKREP_PEER is this node ($local_node)"
	exit 2
fi

# Only a node with good data may shut the other out.
ds=$(run blkrepadm dstate "$res" 2>&1)
case $ds in
UpToDate/*) ;;
*)	log "this node's disk is not UpToDate ('$ds'): not fencing $peer"
	exit 1 ;;
esac

# member | lost | ... ; empty when the cluster does not say
peer_state() {
	run crm_node -l 2>/dev/null | awk -v n="$peer" '$2 == n { print $3; exit }'
}

# stonith_enabled: false only when the cluster says stonith-enabled is
# false; unset, unreadable or anything else is Pacemaker's default, true.
stonith_enabled() {
	se=$(run crm_attribute --type crm_config --name stonith-enabled \
		--query --quiet 2>/dev/null) || return 0
	se=$(printf '%s\n' "$se" | head -n 1 | tr -d '[:space:]' |
		tr '[:upper:]' '[:lower:]')
	case $se in
	false|no|off|0|n) return 1 ;;
	esac
	return 0
}

# peer_down: crm_mon shows the peer offline and not unclean, which
# Pacemaker reports for a lost node only once its fencing is confirmed
# (or when it left the cluster cleanly).  Sets pd_state to what it saw.
peer_down() {
	if ! pd_xml=$(run crm_mon --one-shot --output-as=xml 2>/dev/null); then
		pd_state="no answer from crm_mon"
		return 1
	fi
	pd=$(printf '%s\n' "$pd_xml" | awk -v n="$peer" '
		BEGIN { RS = "<" }
		function attr(rec, name) {
			if (match(rec, "[ \t\r\n]" name "=\"[^\"]*\""))
				return substr(rec, RSTART + length(name) + 3,
					      RLENGTH - length(name) - 4)
			return "?"
		}
		# the node list, not the <node> elements under resources
		/^nodes[ \t\r\n]*>/ { in_nodes = 1; next }
		/^\/nodes[ \t\r\n>]/ { in_nodes = 0; next }
		in_nodes && /^node[ \t\r\n]/ && attr($0, "name") == n {
			print "online=" attr($0, "online") " unclean=" attr($0, "unclean")
			exit
		}')
	pd_state=${pd:-"no node $peer in crm_mon's node list"}
	[ "$pd" = "online=false unclean=false" ]
}

now() {
	date +%s
}

# elapsed_since T N: N seconds have passed since T (read with now) for
# sure, i.e. more than N whole seconds of the clock; N = 0: at once.
elapsed_since() {
	[ "$2" = 0 ] || [ $(($(now) - $1)) -gt "$2" ]
}

# wait_fenced: resource-and-stonith with STONITH on; the constraint is in
# the CIB.  Exits 4, 7 or 1 (see the top of this file).
wait_fenced() {
	case $(now) in
	''|*[!0-9]*)
		log "date +%s does not print the time: cannot time the wait for $peer's fencing"
		exit 1 ;;
	esac
	member_since='' lost_at='' seen='' pd_state='not asked'
	while :; do
		st=$(peer_state)
		if [ "$st" = member ]; then
			[ -n "$member_since" ] || member_since=$(now)
			if elapsed_since "$member_since" "$settle"; then
				if [ -z "$lost_at" ]; then
					log "$peer stayed an active cluster member for ${settle}s: its CIB has $cid"
				else
					log "$peer is an active cluster member again (not fenced) and stayed one for ${settle}s: its CIB has $cid"
				fi
				exit 4
			fi
			if [ "$seen" != member ]; then
				seen=member
				log "$peer is an active cluster member: waiting ${settle}s for the membership to settle before calling it outdated (application I/O stays frozen)"
			fi
		else
			member_since=''
			if [ -z "$lost_at" ]; then
				lost_at=$(now)
				log "$peer is not an active cluster member (${st:-not listed}): waiting up to ${fence_to}s for the cluster to confirm that it was fenced (application I/O stays frozen)"
			fi
			if peer_down; then
				log "the cluster confirms that $peer is down (crm_mon: $pd_state): it was fenced or left cleanly"
				exit 7
			fi
			if [ "$seen" != "$pd_state" ]; then
				seen=$pd_state
				log "not confirmed yet: crm_mon shows $peer with $pd_state"
			fi
		fi
		if [ -n "$lost_at" ] && elapsed_since "$lost_at" "$fence_to"; then
			if [ "$st" = member ]; then
				log "$peer rejoined the cluster, but its membership did not settle within ${fence_to}s"
			else
				log "fencing of $peer was not confirmed within ${fence_to}s (last seen: ${st:-not listed}, crm_mon: $pd_state)"
			fi
			log "application I/O on $res stays frozen, and $peer is not outdated; it resumes when $peer reconnects.  Otherwise make sure $peer is powered off (e.g. 'stonith_admin --fence $peer'), then run 'blkrepadm resume-io $res'"
			exit 1
		fi
		sleep 1
	done
}

# The constraint is in the CIB: report the verdict.
fenced_exit() {
	if [ "$fencing" = resource-and-stonith ]; then
		if stonith_enabled; then
			wait_fenced
		fi
		warn "fencing resource-and-stonith, but stonith-enabled=false in the cluster: $peer cannot be fenced, and a network partition can lose writes acknowledged here (the other side may promote $peer without this constraint).  Enable STONITH."
	fi
	if [ "$(peer_state)" = member ]; then
		exit 4
	fi
	log "$peer is not an active cluster member"
	exit 5
}

if holder=$(constraint_node); then
	if [ "$holder" = "$local_node" ]; then
		log "$cid already keeps $peer from being promoted"
		fenced_exit
	fi
	log "$cid already keeps this node from being promoted (only '$holder' may be); refusing to fence $peer"
	exit 1
fi

if [ -z "$clone" ]; then
	clone=$(find_clone)
	if [ -z "$clone" ]; then
		log "no clone of ocf:blkrep:blkrep with blkrep_resource=$res in the CIB (give --clone ID)"
		exit 1
	fi
fi

# The cluster's own view wins over ours: never demote its Promoted peer.
if run crm_resource --locate --resource "$clone" 2>/dev/null |
   awk -v n="$peer" '/running on:/ && $(NF-1) == n && ($NF == "Promoted" || $NF == "Master") { f = 1 } END { exit !f }'; then
	log "the cluster has $clone Promoted on $peer: refusing to fence it"
	exit 6
fi

constraint() {	# constraint ROLE-NAME
	printf '<rsc_location id="%s" rsc="%s"><rule id="%s-rule" role="%s" score="-INFINITY"><expression id="%s-expr" attribute="#uname" operation="ne" value="%s"/></rule></rsc_location>' \
		"$cid" "$clone" "$cid" "$1" "$cid" "$local_node"
}
if ! out=$(cib --create --scope constraints --xml-text "$(constraint Promoted)" 2>&1); then
	# A CIB whose schema predates Pacemaker 2.1 knows only "Master".
	if ! out2=$(cib --create --scope constraints --xml-text "$(constraint Master)" 2>&1); then
		log "placing $cid failed: $out / $out2"
		exit 1
	fi
fi
log "placed $cid: only $local_node may be promoted"
fenced_exit
