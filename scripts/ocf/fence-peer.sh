#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# fence-peer.sh: blkrep's fence-peer handler for Pacemaker clusters.
# unfence-peer.sh (the same code, run with --unfence) takes it back.
# Installed as /usr/lib/blkrep/fence-peer.sh and /usr/lib/blkrep/unfence-peer.sh;
# in blkrep.conf:
#
#     disk     { fencing resource-only; }
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
#   BLKREP_MINOR, BLKREP_PEER_ADDRESS, BLKREP_PEER_AF, BLKREP_CONF
#                    set; not used
# fence-peer is run on a Primary that has lost its peer while the peer's
# disk was UpToDate (`fencing resource-only` or `resource-and-stonith`), so
# the peer could be promoted with data this node is about to make stale.
# With resource-and-stonith the module freezes application I/O until the
# handler returns.  unfence-peer is run once the peer has caught up (after
# its resync), while both disks are UpToDate.  The module discards stdout
# and stderr (they are for a human running it by hand); what the scripts
# did is also sent to syslog (tag blkrep-fence) when logger exists.  Each
# call finishes within about a minute: every cibadmin call runs under
# `timeout ${BLKREP_CIB_TIMEOUT:-30}`.
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
# be promoted: it records the peer's disk as Outdated in its metadata.
# Any other status is logged; writes go on (with resource-and-stonith once
# the handler has returned) and the peer still counts as possibly
# UpToDate.  This script never exits 3 or 7.
# fence-peer.sh:
#   4  peer outdated: the constraint is in the CIB (placed now or already
#      there), so the peer cannot be promoted
#   5  the peer is down or unreachable, and fenced: as for 4, and the
#      cluster does not list the peer as an active member, so it is not
#      writing
#   6  refused: the cluster reports the peer Promoted; this node must not
#      take the role away from it (nothing was changed); not a fencing
#      verdict, so the module does not outdate the peer
#   1  failed: no constraint was placed (no cluster or CIB access, clone
#      not found, this node's disk is not UpToDate, a constraint from the
#      other side already forbids this node); the peer is not outdated
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

log() {
	echo "$prog: ${res:-?}: $*" >&2
	if command -v logger >/dev/null 2>&1; then
		logger -t blkrep-fence -- "$prog: ${res:-?}: $*" 2>/dev/null
	fi
	return 0
}

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

# XML ids cannot hold '+'.
cid=blkrep-fence-$(printf '%s' "$res" | tr '+' '_')

cib() {
	timeout "${BLKREP_CIB_TIMEOUT:-30}" cibadmin "$@"
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
	flock -w 60 9 || log "could not lock $lk_dir/blkrep-fence-$res.lock; going on"
	return 0
}

local_node=$(crm_node -n 2>/dev/null)
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
		ds=$(blkrepadm dstate "$res" 2>&1)
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
ds=$(blkrepadm dstate "$res" 2>&1)
case $ds in
UpToDate/*) ;;
*)	log "this node's disk is not UpToDate ('$ds'): not fencing $peer"
	exit 1 ;;
esac

# member | lost | ... ; empty when the cluster does not say
peer_state() {
	crm_node -l 2>/dev/null | awk -v n="$peer" '$2 == n { print $3; exit }'
}
fenced_exit() {
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
if crm_resource --locate --resource "$clone" 2>/dev/null |
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
log "placed $cid: only $local_node may be promoted; $peer is fenced"
fenced_exit
