#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of the cluster-integration scripts in scripts/: the OCF agent
# (scripts/ocf/blkrep), the fence/unfence handlers, the Heartbeat v1
# script, the systemd unit and the bash completion.  No module, no VM:
# blkrepadm, crm_attribute, cibadmin, crm_node, crm_resource, crm_mon and
# modprobe are the fakes in tests/scripts/stubs/ (put first on PATH), whose
# answers come from files and variables each test sets.
#
#   tests/scripts/run.sh          every test
#   tests/scripts/run.sh -v       also show the output of failed tests
#
# One line per test, `PASS: scripts/NAME`, `FAIL: scripts/NAME: why` or
# `SKIP: scripts/NAME: why`, then `N passed, N failed, N skipped`; exit 1
# when anything failed.
#
# Wants (Debian): resource-agents (ocf-shellfuncs, ra-api-1.dtd,
# ocf-tester), libxml2-utils (xmllint), dash; optional: pacemaker-common
# (CIB schemas), shellcheck, devscripts (checkbashisms), systemd
# (systemd-analyze).  What is missing is a SKIP with the reason.
set -u
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo" || exit 1
verbose=0
[ "${1:-}" = -v ] && verbose=1

AGENT=$repo/scripts/ocf/blkrep
FENCE=$repo/scripts/ocf/fence-peer.sh
UNFENCE=$repo/scripts/ocf/unfence-peer.sh
HBDISK=$repo/scripts/heartbeat/blkrepdisk
UNIT=$repo/scripts/systemd/blkrep.service
COMPL=$repo/scripts/bash-completion/blkrepadm
STUBS=$repo/tests/scripts/stubs

tmp=$(mktemp -d "${TMPDIR:-/tmp}/blkrep-scripts.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
npass=0 nfail=0 nskip=0

pass() { echo "PASS: scripts/$1"; npass=$((npass + 1)); }
skip() { echo "SKIP: scripts/$1: $2"; nskip=$((nskip + 1)); }
fail() {
	echo "FAIL: scripts/$1: $2"
	nfail=$((nfail + 1))
	if [ "$verbose" = 1 ] && [ -n "${STUB_DIR:-}" ]; then
		for f in out err calls; do
			[ -s "$STUB_DIR/$f" ] && sed "s/^/    | $f: /" "$STUB_DIR/$f"
		done
	fi
}
# result NAME: PASS when no check of this test added a reason to $why
why=
result() {
	if [ -z "$why" ]; then pass "$1"; else fail "$1" "${why# ; }"; fi
	why=
}
want() { why="$why ; $*"; }	# record a reason for failing
want_rc() { [ "$rc" = "$1" ] || want "exit status $rc, expected $1"; }
called() { grep -qE -- "$1" "$STUB_DIR/calls" || want "no call matching '$1'"; }
not_called() { ! grep -qE -- "$1" "$STUB_DIR/calls" || want "unexpected call matching '$1'"; }

# A fresh fake world: no module loaded, nothing up, an empty config file.
new_stub() {
	STUB_DIR=$(mktemp -d "$tmp/t.XXXXXX")
	export STUB_DIR
	: >"$STUB_DIR/calls"
	: >"$STUB_DIR/blkrep.conf"
}
# res_up RES ROLE DSTATE [CSTATE]: the module is loaded and has RES
res_up() {
	: >"$STUB_DIR/module"
	mkdir -p "$STUB_DIR/up/$1"
	echo "$2" >"$STUB_DIR/up/$1/role"
	echo "$3" >"$STUB_DIR/up/$1/dstate"
	echo "${4:-Connected}" >"$STUB_DIR/up/$1/cstate"
}
role_of() { cat "$STUB_DIR/up/$1/role" 2>/dev/null; }

SH=sh
command -v dash >/dev/null && SH=dash
export PATH="$STUBS:$PATH"

# ---------------------------------------------------------------- lint
for f in "$AGENT" "$FENCE" "$UNFENCE" "$HBDISK"; do
	n=${f#"$repo"/scripts/}
	if command -v dash >/dev/null; then
		if out=$(dash -n "$f" 2>&1); then pass "lint/dash-n/$n"; else fail "lint/dash-n/$n" "$out"; fi
	else
		skip "lint/dash-n/$n" "dash is not installed"
	fi
	if command -v checkbashisms >/dev/null; then
		if out=$(checkbashisms "$f" 2>&1); then pass "lint/checkbashisms/$n"
		else fail "lint/checkbashisms/$n" "$(echo "$out" | head -n 3 | tr '\n' ' ')"; fi
	else
		skip "lint/checkbashisms/$n" "checkbashisms is not installed (devscripts)"
	fi
	if command -v shellcheck >/dev/null; then
		if out=$(shellcheck -s sh "$f" 2>&1); then pass "lint/shellcheck/$n"
		else fail "lint/shellcheck/$n" "$(echo "$out" | grep -m 3 SC | tr '\n' ' ')"; fi
	else
		skip "lint/shellcheck/$n" "shellcheck is not installed"
	fi
done
if out=$(bash -n "$COMPL" 2>&1); then pass "lint/bash-n/bash-completion/blkrepadm"; else fail "lint/bash-n/bash-completion/blkrepadm" "$out"; fi
if command -v shellcheck >/dev/null; then
	if out=$(shellcheck -s bash "$COMPL" 2>&1); then pass "lint/shellcheck/bash-completion/blkrepadm"
	else fail "lint/shellcheck/bash-completion/blkrepadm" "$(echo "$out" | grep -m 3 SC | tr '\n' ' ')"; fi
else
	skip "lint/shellcheck/bash-completion/blkrepadm" "shellcheck is not installed"
fi
for f in "$AGENT" "$FENCE" "$UNFENCE" "$HBDISK"; do
	[ -x "$f" ] || { fail "lint/executable" "${f#"$repo"/} is not executable"; continue; }
done
[ "$(head -n 1 "$AGENT")" = "#!/bin/sh" ] && [ "$(head -n 1 "$HBDISK")" = "#!/bin/sh" ] &&
	[ "$(head -n 1 "$FENCE")" = "#!/bin/sh" ] && pass "lint/shebang-sh" ||
	fail "lint/shebang-sh" "the scripts must start with #!/bin/sh"

# ---------------------------------------------------------------- OCF agent
OCF_ROOT=${OCF_ROOT:-/usr/lib/ocf}
have_ocf=1
[ -f "$OCF_ROOT/lib/heartbeat/ocf-shellfuncs" ] || have_ocf=0
ocf_skip="no $OCF_ROOT/lib/heartbeat/ocf-shellfuncs (apt-get install resource-agents)"

# agent ACTION [VAR=VALUE...]: run the agent the way Pacemaker would,
# under dash; sets rc.  Defaults: resource r0, the stub's config, no wait
# for the peer, a recurring (not probe) monitor.
agent() {
	local action=$1
	shift
	env OCF_ROOT="$OCF_ROOT" OCF_RA_VERSION_MAJOR=1 OCF_RA_VERSION_MINOR=1 \
	    OCF_RESOURCE_INSTANCE=p_r0 OCF_RESOURCE_TYPE=blkrep \
	    OCF_RESKEY_blkrep_resource=r0 OCF_RESKEY_config="$STUB_DIR/blkrep.conf" \
	    OCF_RESKEY_wait_connect=0 OCF_RESKEY_CRM_meta_interval=10000 \
	    OCF_RESKEY_crm_feature_set=3.16.2 HA_LOGFACILITY=none HA_LOGFILE= \
	    HA_DEBUGLOG= "$@" \
	    $SH "$AGENT" "$action" >"$STUB_DIR/out" 2>"$STUB_DIR/err" </dev/null
	rc=$?
}
# The last promotion-score call: "v N" or "D" (or nothing).
last_score() {
	[ -f "$STUB_DIR/crm_attribute.log" ] || return 0
	tail -n 1 "$STUB_DIR/crm_attribute.log" |
		awk '{ for (i = 1; i <= NF; i++) { if ($i == "-v") print "v", $(i + 1); if ($i == "-D") print "D" } }'
}

dtd=
for d in /usr/share/resource-agents/ra-api-1.dtd /usr/share/pacemaker/ra-api-1.dtd \
	 /usr/share/cluster-glue/ra-api-1.dtd "$OCF_ROOT/ra-api-1.dtd"; do
	[ -f "$d" ] && { dtd=$d; break; }
done

ocf_tests() {
	new_stub
	agent meta-data
	want_rc 0
	printf '%s\n' "$(cat "$STUB_DIR/out")" >"$tmp/meta.xml"
	result ocf/meta-data/exit-0

	if [ -z "$dtd" ]; then
		skip ocf/meta-data/dtd-valid "no ra-api-1.dtd (apt-get install resource-agents)"
	elif ! command -v xmllint >/dev/null; then
		skip ocf/meta-data/dtd-valid "xmllint is not installed (apt-get install libxml2-utils)"
	# From the DTD's directory and on stdin, so that the DOCTYPE's
	# relative "ra-api-1.dtd" resolves to it (as ocf-tester does).
	elif out=$(cd "$(dirname "$dtd")" && xmllint --noout --dtdvalid "$dtd" - <"$tmp/meta.xml" 2>&1) &&
	     out2=$(cd "$(dirname "$dtd")" && xmllint --noout --valid - <"$tmp/meta.xml" 2>&1) &&
	     [ -z "$out$out2" ]; then
		pass ocf/meta-data/dtd-valid
	else
		fail ocf/meta-data/dtd-valid "$(printf '%s\n' "$out" "${out2:-}" | head -n 3 | tr '\n' ' ')"
	fi

	m=$tmp/meta.xml
	grep -qx '<!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">' "$m" || want "no DOCTYPE line"
	grep -q '<version>1.1</version>' "$m" || want "OCF version is not 1.1"
	grep -q '<resource-agent name="blkrep" version="[0-9.]*">' "$m" || want "no agent version"
	grep -q '<parameter name="blkrep_resource" unique="1" required="1">' "$m" || want "blkrep_resource not required+unique"
	grep -q 'content type="string" default="/etc/blkrep.conf"' "$m" || want "config default is not /etc/blkrep.conf"
	for a in start stop promote demote notify reload validate-all meta-data; do
		grep -q "<action name=\"$a\"" "$m" || want "action $a not advertised"
	done
	grep -q '<action name="monitor"[^>]*role="Promoted"' "$m" || want "no monitor for Promoted"
	grep -q '<action name="monitor"[^>]*role="Unpromoted"' "$m" || want "no monitor for Unpromoted"
	grep -qE 'Master|Slave' "$m" && want "uses pre-1.1 role names"
	result ocf/meta-data/content

	# ---- validate-all
	new_stub
	agent validate-all
	want_rc 0; called '^blkrepadm -c .*/blkrep.conf -n up r0$'
	result ocf/validate-all/ok

	new_stub
	agent validate-all OCF_RESKEY_blkrep_resource=
	want_rc 6
	result ocf/validate-all/parameter-missing

	new_stub
	agent validate-all STUB_RESOURCES="r1 r2"
	want_rc 6
	result ocf/validate-all/resource-not-in-config

	new_stub
	agent validate-all OCF_RESKEY_config="$STUB_DIR/nonexistent.conf"
	want_rc 5
	result ocf/validate-all/config-file-missing

	new_stub
	mkdir -p "$STUB_DIR/bin"
	for p in crm_attribute modprobe; do ln -s "$STUBS/recorder" "$STUB_DIR/bin/$p"; done
	if PATH="$STUB_DIR/bin:/usr/bin:/bin:/sbin:/usr/sbin:/usr/local/sbin" command -v blkrepadm >/dev/null; then
		skip ocf/validate-all/blkrepadm-missing "a blkrepadm is installed on this host"
	else
		agent validate-all PATH="$STUB_DIR/bin:/usr/bin:/bin"
		want_rc 5
		result ocf/validate-all/blkrepadm-missing
		agent monitor PATH="$STUB_DIR/bin:/usr/bin:/bin" OCF_RESKEY_CRM_meta_interval=0
		want_rc 7
		result ocf/monitor/probe-without-blkrepadm
	fi

	new_stub
	agent validate-all OCF_RESKEY_CRM_meta_promoted_max=2
	want_rc 6
	result ocf/validate-all/promoted-max-2

	new_stub
	agent validate-all OCF_RESKEY_wait_connect=soon
	want_rc 6
	result ocf/validate-all/bad-wait-connect

	# ---- monitor
	new_stub
	if [ -d /sys/module/blkrep ]; then
		skip ocf/monitor/module-not-loaded "the blkrep module is loaded on this host"
	else
		agent monitor
		want_rc 7; [ "$(last_score)" = D ] || want "score not removed"
		result ocf/monitor/module-not-loaded
	fi

	new_stub
	: >"$STUB_DIR/module"
	agent monitor
	want_rc 7; called '^blkrepadm status$'
	result ocf/monitor/resource-not-up

	new_stub
	res_up r0 Secondary/Primary UpToDate/UpToDate
	agent monitor
	want_rc 0
	result ocf/monitor/secondary-is-unpromoted

	new_stub
	res_up r0 Primary/Secondary UpToDate/UpToDate
	agent monitor
	want_rc 8
	result ocf/monitor/primary-is-promoted

	new_stub
	res_up r0 Primary/Secondary Diskless/UpToDate
	agent monitor
	want_rc 9
	result ocf/monitor/primary-without-disk-is-failed-promoted

	new_stub
	res_up r0 Secondary/Secondary UpToDate/UpToDate
	agent monitor STUB_FAIL_role=1
	want_rc 1
	result ocf/monitor/state-unreadable-is-error

	new_stub
	res_up r0 Secondary/Secondary UpToDate/UpToDate
	agent monitor STUB_FAIL_dstate=1
	want_rc 1
	result ocf/monitor/dstate-unreadable-is-error

	new_stub
	res_up r0 Secondary/Secondary UpToDate/UpToDate
	agent monitor OCF_RESKEY_CRM_meta_interval=0
	want_rc 0
	result ocf/monitor/probe-running

	# ---- promotion scores
	declare -A score
	for ds in UpToDate Consistent Outdated Inconsistent Diskless Failed Attaching DUnknown; do
		new_stub
		res_up r0 Secondary/Unknown "$ds/DUnknown" WFConnection
		agent monitor
		score[$ds]=$(last_score)
		grep -q -- '--promotion' "$STUB_DIR/crm_attribute.log" 2>/dev/null || want "$ds: crm_attribute without --promotion"
		not_called '^crm_master'
	done
	[[ ${score[UpToDate]} == "v "* ]] || want "UpToDate: no score (${score[UpToDate]})"
	[[ ${score[Consistent]} == "v "* ]] || want "Consistent: no score (${score[Consistent]})"
	[[ ${score[Outdated]} == "v "* ]] || want "Outdated: no score (${score[Outdated]})"
	if [ -z "$why" ]; then
		u=${score[UpToDate]#v } c=${score[Consistent]#v } o=${score[Outdated]#v }
		[ "$u" -gt "$c" ] && [ "$c" -gt "$o" ] && [ "$o" -gt 0 ] ||
			want "scores not UpToDate > Consistent > Outdated > 0 ($u, $c, $o)"
	fi
	for ds in Inconsistent Diskless Failed Attaching DUnknown; do
		[ "${score[$ds]}" = D ] || want "$ds: score not removed (${score[$ds]})"
	done
	result ocf/score/by-disk-state

	new_stub
	res_up r0 Secondary/Unknown UpToDate/DUnknown
	agent monitor
	grep -qE -- '(^| )--promotion( |$)' "$STUB_DIR/crm_attribute.log" || want "not --promotion"
	grep -qE -- '-l reboot' "$STUB_DIR/crm_attribute.log" || want "not lifetime reboot"
	result ocf/score/crm_attribute-arguments

	# ---- promote / demote
	new_stub
	res_up r0 Secondary/Secondary UpToDate/UpToDate
	agent promote
	want_rc 0; [ "$(role_of r0)" = Primary/Secondary ] || want "role is $(role_of r0)"
	called '^blkrepadm -c .* primary r0$'; not_called 'primary.*--force|--force.*primary'
	result ocf/promote/uptodate

	new_stub
	res_up r0 Secondary/Unknown Consistent/DUnknown WFConnection
	agent promote
	want_rc 0
	result ocf/promote/consistent

	new_stub
	res_up r0 Secondary/Primary UpToDate/UpToDate
	agent promote
	want_rc 1; not_called ' primary r0'
	result ocf/promote/refused-when-peer-primary

	new_stub
	res_up r0 Secondary/Primary Inconsistent/UpToDate SyncTarget
	agent promote
	want_rc 1; not_called ' primary '
	result ocf/promote/refused-when-inconsistent

	new_stub
	res_up r0 Secondary/Unknown Inconsistent/DUnknown StandAlone
	agent promote
	want_rc 1; not_called ' primary '
	result ocf/promote/never-inconsistent-even-alone

	new_stub
	res_up r0 Secondary/Unknown Diskless/DUnknown StandAlone
	agent promote
	want_rc 1; not_called ' primary '
	result ocf/promote/refused-when-diskless

	new_stub
	res_up r0 Secondary/Unknown Outdated/DUnknown WFConnection
	agent promote
	want_rc 1; not_called '--force'
	result ocf/promote/outdated-not-forced

	new_stub
	res_up r0 Primary/Secondary UpToDate/UpToDate
	agent promote
	want_rc 0; not_called ' primary '
	result ocf/promote/already-primary

	new_stub
	: >"$STUB_DIR/module"
	agent promote
	want_rc 1
	result ocf/promote/not-running

	new_stub
	res_up r0 Secondary/Secondary UpToDate/UpToDate
	agent promote STUB_FAIL_primary=1
	want_rc 1
	result ocf/promote/blkrepadm-refuses

	new_stub
	res_up r0 Primary/Secondary UpToDate/UpToDate
	agent demote
	want_rc 0; [ "$(role_of r0)" = Secondary/Secondary ] || want "role is $(role_of r0)"
	result ocf/demote/primary

	new_stub
	res_up r0 Secondary/Secondary UpToDate/UpToDate
	agent demote
	want_rc 0; not_called ' secondary '
	result ocf/demote/already-secondary

	new_stub
	res_up r0 Primary/Secondary UpToDate/UpToDate
	agent demote STUB_FAIL_secondary=1
	want_rc 1
	result ocf/demote/device-in-use

	# ---- start / stop
	new_stub
	if [ -d /sys/module/blkrep ]; then
		skip ocf/start/loads-module-and-ups "the blkrep module is loaded on this host"
	else
		agent start
		want_rc 0; called '^modprobe blkrep$'; called '^blkrepadm -c .* up r0$'
		[ "$(role_of r0)" = Secondary/Unknown ] || want "role is $(role_of r0)"
		not_called 'wait-connect'
		[ "$(last_score)" = "v 100" ] || want "score after start: $(last_score)"
		result ocf/start/loads-module-and-ups
	fi

	new_stub
	: >"$STUB_DIR/module"
	agent start OCF_RESKEY_wait_connect=7 STUB_CONNECTED_DSTATE=UpToDate/UpToDate
	want_rc 0; called 'wait-connect --timeout 7 r0'
	[ "$(last_score)" = "v 1000" ] || want "score after connecting: $(last_score)"
	result ocf/start/waits-for-peer

	new_stub
	: >"$STUB_DIR/module"
	agent start OCF_RESKEY_wait_connect=1
	want_rc 0; called 'wait-connect --timeout 1 r0'
	result ocf/start/peer-absent-still-starts

	new_stub
	: >"$STUB_DIR/module"
	agent start OCF_RESKEY_wait_connect=5 STUB_UP_CSTATE=StandAlone
	want_rc 0; not_called 'wait-connect'
	result ocf/start/no-wait-without-peer

	new_stub
	res_up r0 Secondary/Secondary UpToDate/UpToDate
	agent start
	want_rc 0; not_called 'conf up r0$'
	result ocf/start/already-running

	new_stub
	res_up r0 Primary/Secondary UpToDate/UpToDate
	agent start
	want_rc 0; [ "$(role_of r0)" = Secondary/Secondary ] || want "role is $(role_of r0)"
	result ocf/start/ends-secondary

	new_stub
	: >"$STUB_DIR/module"
	agent start STUB_FAIL_up=5
	want_rc 1
	result ocf/start/up-fails

	new_stub
	: >"$STUB_DIR/module"
	agent start STUB_RESOURCES=r9
	want_rc 6; not_called 'conf up r0$'
	result ocf/start/not-configured

	new_stub
	res_up r0 Primary/Secondary UpToDate/UpToDate
	agent stop
	want_rc 0; called ' secondary r0$'; called ' down r0$'
	[ -d "$STUB_DIR/up/r0" ] && want "still up"
	[ "$(last_score)" = D ] || want "score not removed"
	result ocf/stop/primary

	new_stub
	res_up r0 Secondary/Secondary UpToDate/UpToDate
	agent stop
	want_rc 0; not_called ' secondary '; called ' down r0$'
	result ocf/stop/secondary

	new_stub
	agent stop
	want_rc 0
	result ocf/stop/already-stopped

	new_stub
	: >"$STUB_DIR/module"
	agent stop
	want_rc 0; not_called ' down '
	result ocf/stop/module-loaded-resource-down

	new_stub
	res_up r0 Secondary/Secondary UpToDate/UpToDate
	agent stop STUB_FAIL_down=1
	want_rc 1
	result ocf/stop/down-fails

	# ---- the rest
	new_stub
	res_up r0 Secondary/Secondary UpToDate/UpToDate
	agent notify OCF_RESKEY_CRM_meta_notify_type=pre OCF_RESKEY_CRM_meta_notify_operation=promote
	want_rc 0
	agent notify
	want_rc 0
	result ocf/notify

	new_stub
	agent reload
	want_rc 0
	result ocf/reload

	new_stub
	agent migrate_to
	want_rc 3
	result ocf/unimplemented-action

	new_stub
	res_up r0 Secondary/Secondary UpToDate/UpToDate
	agent monitor OCF_RESKEY_blkrep_resource=
	want_rc 6
	result ocf/monitor/parameter-missing

	if command -v ocf-tester >/dev/null; then
		new_stub
		if out=$(OCF_ROOT=$OCF_ROOT ocf-tester -n p_r0 -o blkrep_resource=r0 \
			 -o config="$STUB_DIR/blkrep.conf" -o wait_connect=0 "$AGENT" 2>&1); then
			pass ocf/ocf-tester
		else
			fail ocf/ocf-tester "$(printf '%s\n' "$out" | grep '^\*' | head -n 3 | tr '\n' ' ')"
		fi
	else
		skip ocf/ocf-tester "ocf-tester is not installed (resource-agents)"
	fi
}
if [ "$have_ocf" = 1 ]; then
	ocf_tests
else
	skip ocf "$ocf_skip"
fi

# ---------------------------------------------------------------- fence
cat >"$tmp/cib-resources.xml" <<'EOF'
<resources>
  <primitive id="ip" class="ocf" provider="heartbeat" type="IPaddr2">
    <instance_attributes id="ip-ia">
      <nvpair id="ip-ia-res" name="blkrep_resource" value="r0"/>
    </instance_attributes>
  </primitive>
  <clone id="r1-clone">
    <primitive id="p_r1" class="ocf" provider="blkrep" type="blkrep">
      <instance_attributes id="p_r1-ia">
        <nvpair id="p_r1-ia-res" name="blkrep_resource" value="r1"/>
      </instance_attributes>
    </primitive>
  </clone>
  <clone id="r0-clone">
    <meta_attributes id="r0-clone-meta">
      <nvpair id="r0-clone-promotable" name="promotable" value="true"/>
    </meta_attributes>
    <primitive id="p_r0" class="ocf" provider="blkrep" type="blkrep">
      <instance_attributes id="p_r0-ia">
        <nvpair id="p_r0-ia-res" name="blkrep_resource" value="r0"/>
      </instance_attributes>
      <operations>
        <op id="p_r0-mon-p" name="monitor" interval="10s" role="Promoted"/>
      </operations>
    </primitive>
  </clone>
</resources>
EOF
# fence [VAR=VALUE...] [-- ARGS]: run fence-peer.sh as the module would,
# on alpha, for r0 whose peer is beta (both cluster members); sets rc.
fence() {
	local script=$FENCE
	[ "${1:-}" = unfence ] && { script=$UNFENCE; shift; }
	local -a vars=() args=()
	while [ $# -gt 0 ]; do
		[ "$1" = -- ] && { shift; args=("$@"); break; }
		vars+=("$1"); shift
	done
	env BLKREP_RESOURCE=r0 BLKREP_PEER=beta BLKREP_LOCK_DIR="$STUB_DIR" \
	    STUB_OUT_cibadmin="$tmp/cib-resources.xml" STUB_OUT_crm_node__n=alpha \
	    STUB_OUT_crm_node__l="$(printf '1 alpha member\n2 beta member')" \
	    "${vars[@]}" $SH "$script" "${args[@]}" >"$STUB_DIR/out" 2>"$STUB_DIR/err" </dev/null
	rc=$?
}
created() { grep -- '--create' "$STUB_DIR/cibadmin.log" 2>/dev/null | tail -n 1 | sed 's/.*--xml-text //'; }

new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
fence
want_rc 4
x=$(created)
[ -n "$x" ] || want "no constraint created"
case $x in *'rsc_location id="blkrep-fence-r0" rsc="r0-clone"'*) ;; *) want "not on r0-clone: $x" ;; esac
case $x in *'role="Promoted" score="-INFINITY"'*) ;; *) want "not -INFINITY for Promoted" ;; esac
case $x in *'attribute="#uname" operation="ne" value="alpha"'*) ;; *) want "not '#uname ne alpha'" ;; esac
[ -e "$STUB_DIR/cib-has-blkrep-fence-r0" ] || want "constraint not in the fake CIB"
result fence/places-constraint
printf '%s\n' "$x" >"$tmp/constraint.xml"

rng=$(ls /usr/share/pacemaker/pacemaker-[0-9]*.rng 2>/dev/null | sort -V | tail -n 1)
if [ -z "$rng" ] || ! command -v xmllint >/dev/null; then
	skip fence/constraint-valid-cib "no Pacemaker CIB schema or xmllint (apt-get install pacemaker-common libxml2-utils)"
else
	v=$(basename "$rng" .rng)
	{
		echo "<cib validate-with=\"$v\" admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\"><configuration><crm_config/><nodes/>"
		cat "$tmp/cib-resources.xml"
		echo "<constraints>"; cat "$tmp/constraint.xml"; echo "</constraints></configuration><status/></cib>"
	} >"$tmp/cib.xml"
	if out=$(xmllint --noout --relaxng "$rng" "$tmp/cib.xml" 2>&1); then
		pass "fence/constraint-valid-cib"
	else
		fail fence/constraint-valid-cib "$v: $(printf '%s\n' "$out" | head -n 2 | tr '\n' ' ')"
	fi
fi

fence
want_rc 4
[ "$(grep -c -- '--create' "$STUB_DIR/cibadmin.log")" = 1 ] || want "created twice"
result fence/already-fenced

new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
fence STUB_OUT_crm_node__l="$(printf '1 alpha member\n2 beta lost')"
want_rc 5; not_called '^crm_mon'
result fence/peer-not-member

new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
fence STUB_OUT_crm_resource="resource r0-clone is running on: beta Promoted"
want_rc 6; not_called '--create'
result fence/refuses-promoted-peer

new_stub
res_up r0 Secondary/Unknown Consistent/DUnknown WFConnection
fence
want_rc 1; not_called '--create'
result fence/refuses-without-uptodate-disk

new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
fence BLKREP_RESOURCE=r7
want_rc 1; not_called '--create'
result fence/no-clone-in-cib

new_stub
res_up r7 Primary/Unknown UpToDate/DUnknown WFConnection
fence BLKREP_RESOURCE=r7 -- --clone ms_r7
want_rc 4
case $(created) in *'rsc="ms_r7"'*) ;; *) want "not on ms_r7" ;; esac
not_called '--scope resources'
result fence/clone-option

new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
fence STUB_CIB_OLD_SCHEMA=1
want_rc 4
case $(created) in *'role="Master"'*) ;; *) want "no retry with role=Master" ;; esac
result fence/old-schema-master-role

new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
fence STUB_RC_cibadmin_create=1
want_rc 1
result fence/cibadmin-fails

new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
fence STUB_RC_crm_node__n=1 STUB_OUT_crm_node__n=
want_rc 1
result fence/not-in-a-cluster

new_stub
fence BLKREP_PEER=
want_rc 2
fence BLKREP_RESOURCE=
want_rc 2
fence 'BLKREP_RESOURCE=r0"]'
want_rc 2
fence BLKREP_PEER=alpha
want_rc 2
result fence/bad-environment

new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
echo '--create --scope constraints --xml-text <rsc_location id="blkrep-fence-r0" rsc="r0-clone"><rule id="blkrep-fence-r0-rule" role="Promoted" score="-INFINITY"><expression id="blkrep-fence-r0-expr" attribute="#uname" operation="ne" value="beta"/></rule></rsc_location>' \
	>"$STUB_DIR/cib-has-blkrep-fence-r0"
fence
want_rc 1; not_called '--create'
result fence/constraint-of-other-side

# ---- resource-and-stonith: wait for the cluster to confirm the fence
# mon_xml ONLINE UNCLEAN: what crm_mon --output-as=xml (Pacemaker 2.1.5)
# prints with alpha online and beta as given; the <node> elements outside
# the node list (one with online/unclean attributes as a decoy) must not
# count.
mon_xml() {
	cat <<XML
<pacemaker-result api-version="2.25" request="crm_mon --one-shot --output-as=xml">
  <summary>
    <current_dc present="true" version="2.1.5" name="alpha" id="1" with_quorum="true" mixed_version="false"/>
    <nodes_configured number="2"/>
    <cluster_options stonith-enabled="true" symmetric-cluster="true" no-quorum-policy="stop"/>
  </summary>
  <node_attributes>
    <node name="beta" online="false" unclean="false">
      <attribute name="master-r0" value="1000"/>
    </node>
  </node_attributes>
  <nodes>
    <node name="alpha" id="1" online="true" standby="false" standby_onfail="false" maintenance="false" pending="false" unclean="false" health="green" shutdown="false" expected_up="true" is_dc="true" resources_running="1" type="member"/>
    <node name="beta" id="2" online="$1" standby="false" standby_onfail="false" maintenance="false" pending="false" unclean="$2" health="green" shutdown="false" expected_up="true" is_dc="false" resources_running="0" type="member"/>
  </nodes>
  <resources>
    <clone id="r0-clone" multi_state="true" unique="false" managed="true" disabled="false" failed="false" failure_ignored="false">
      <resource id="p_r0" resource_agent="ocf:blkrep:blkrep" role="Promoted" active="true" orphaned="false" blocked="false" managed="true" failed="false" failure_ignored="false" nodes_running_on="1">
        <node name="alpha" id="1" cached="true"/>
      </resource>
    </clone>
  </resources>
  <status code="0" message="OK"/>
</pacemaker-result>
XML
}
# answers FILE BLOCK...: a STUB_SEQ_ file, one block per call
answers() {
	local f=$1 sep=
	shift
	: >"$f"
	for b in "$@"; do
		[ -n "$sep" ] && echo -- >>"$f"
		printf '%s\n' "$b" >>"$f"
		sep=1
	done
}
members=$(printf '1 alpha member\n2 beta member')
lost=$(printf '1 alpha member\n2 beta lost')
unclean=$(mon_xml false true)
clean=$(mon_xml false false)
online=$(mon_xml true false)
# stonith [VAR=VALUE...]: fence with resource-and-stonith (and short waits
# unless the test sets them); sets rc and secs
stonith() {
	local t0=$SECONDS
	fence BLKREP_FENCING=resource-and-stonith BLKREP_FENCE_SETTLE=2 \
	      BLKREP_FENCE_TIMEOUT=2 "$@"
	secs=$((SECONDS - t0))
}
# in_err TEXT: the handler said TEXT
in_err() { grep -qF -- "$1" "$STUB_DIR/err" || want "did not say '$1'"; }
ncalls() { grep -c -- "^$1" "$STUB_DIR/calls"; }
# placed_before PATTERN: the constraint was created before the first call
# matching PATTERN
placed_before() {
	local c p
	c=$(grep -n -m 1 -- '--create' "$STUB_DIR/calls" | cut -d: -f1)
	p=$(grep -n -m 1 -E -- "$1" "$STUB_DIR/calls" | cut -d: -f1)
	[ -n "$c" ] && [ -n "$p" ] && [ "$c" -lt "$p" ] ||
		want "constraint not created before '$1' (lines ${c:-none}, ${p:-none})"
}

# A partition: corosync lost beta; the cluster fences it, then crm_mon
# shows it offline and clean.
new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
answers "$STUB_DIR/mon" "$online" "$unclean" "$clean"
stonith STUB_OUT_crm_node__l="$lost" STUB_SEQ_crm_mon="$STUB_DIR/mon" \
	BLKREP_FENCE_SETTLE=1 BLKREP_FENCE_TIMEOUT=10
want_rc 7
[ -e "$STUB_DIR/cib-has-blkrep-fence-r0" ] || want "constraint not in the fake CIB"
placed_before '^crm_mon'
called '^crm_attribute --type crm_config --name stonith-enabled --query'
called '^crm_mon --one-shot --output-as=xml$'
[ "$(ncalls crm_mon)" = 3 ] || want "$(ncalls crm_mon) crm_mon calls, expected 3"
in_err "confirms that beta is down"
result stonith/partition-fenced

# Never confirmed (a decoy outside crm_mon's node list says clean): I/O
# must stay frozen, exit 1 after BLKREP_FENCE_TIMEOUT.
new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
stonith STUB_OUT_crm_node__l="$lost" STUB_OUT_crm_mon="$unclean" BLKREP_FENCE_TIMEOUT=1
want_rc 1
[ "$secs" -ge 1 ] && [ "$secs" -le 6 ] || want "took ${secs}s with BLKREP_FENCE_TIMEOUT=1"
[ "$(ncalls crm_mon)" -ge 2 ] || want "crm_mon called $(ncalls crm_mon) times"
[ -e "$STUB_DIR/cib-has-blkrep-fence-r0" ] || want "constraint not in the fake CIB"
in_err "fencing of beta was not confirmed within 1s"
in_err "resume-io r0"
result stonith/partition-not-confirmed

# crm_mon fails (no answer, or an error document): not a confirmation.
new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
stonith STUB_OUT_crm_node__l="$lost" STUB_OUT_crm_mon="$clean" STUB_RC_crm_mon=102 \
	BLKREP_FENCE_TIMEOUT=0
want_rc 1; called '^crm_mon'
new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
stonith STUB_OUT_crm_node__l="$lost" BLKREP_FENCE_TIMEOUT=0 \
	STUB_OUT_crm_mon='<pacemaker-result><status code="102" message="Not connected"/></pacemaker-result>'
want_rc 1
in_err "no node beta in crm_mon's node list"
result stonith/crm_mon-unusable

# The replication link failed, the cluster still sees beta: it has the
# constraint once the membership stayed stable for the settle window.
new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
stonith BLKREP_FENCE_SETTLE=1
want_rc 4
[ "$secs" -ge 1 ] && [ "$secs" -le 6 ] || want "took ${secs}s with BLKREP_FENCE_SETTLE=1"
[ "$(ncalls 'crm_node -l')" -ge 2 ] || want "crm_node -l called $(ncalls 'crm_node -l') times"
not_called '^crm_mon'
result stonith/peer-stays-member

# Unset, the settle window follows corosync: a 10 s token and 12 s
# consensus take up to 22 s to notice a partition, so 24 s (not 10).
new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
answers "$STUB_DIR/cmap" "runtime.config.totem.token (u32) = 10000" \
	"runtime.config.totem.consensus (u32) = 12000"
answers "$STUB_DIR/nodes" "$members" "$lost"
stonith BLKREP_FENCE_SETTLE= STUB_SEQ_corosync_cmapctl__g="$STUB_DIR/cmap" \
	STUB_SEQ_crm_node__l="$STUB_DIR/nodes" STUB_OUT_crm_mon="$clean"
want_rc 7
in_err "waiting 24s for the membership to settle"
called '^corosync-cmapctl -g runtime.config.totem.consensus'
result stonith/settle-follows-corosync

# corosync notices the partition during the settle window.
new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
answers "$STUB_DIR/nodes" "$members" "$lost"
answers "$STUB_DIR/mon" "$unclean" "$clean"
stonith STUB_SEQ_crm_node__l="$STUB_DIR/nodes" STUB_SEQ_crm_mon="$STUB_DIR/mon" \
	BLKREP_FENCE_SETTLE=3 BLKREP_FENCE_TIMEOUT=10
want_rc 7
[ "$(ncalls crm_mon)" = 2 ] || want "$(ncalls crm_mon) crm_mon calls, expected 2"
placed_before '^crm_node -l'
result stonith/member-then-lost-then-fenced

# beta was lost and comes back without being fenced: a stable member
# again (at once with BLKREP_FENCE_SETTLE=0), so it has the constraint.
new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
answers "$STUB_DIR/nodes" "$lost" "$members"
stonith STUB_SEQ_crm_node__l="$STUB_DIR/nodes" STUB_OUT_crm_mon="$unclean" \
	BLKREP_FENCE_SETTLE=0 BLKREP_FENCE_TIMEOUT=10
want_rc 4
[ "$(ncalls crm_mon)" = 1 ] || want "$(ncalls crm_mon) crm_mon calls, expected 1"
in_err "member again"
result stonith/lost-then-rejoined

# Our constraint is there already (an earlier call): the same wait.
new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
fence
stonith STUB_OUT_crm_node__l="$lost" STUB_OUT_crm_mon="$clean"
want_rc 7
[ "$(grep -c -- '--create' "$STUB_DIR/cibadmin.log")" = 1 ] || want "created twice"
result stonith/already-placed

# STUB_OUT_crm_attribute___type answers the stonith-enabled query.
new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
for v in false FALSE off no n 0; do
	stonith STUB_OUT_crm_node__l="$lost" STUB_OUT_crm_attribute___type="$v"
	[ "$rc" = 5 ] || want "stonith-enabled=$v: exit $rc, expected 5"
done
in_err "WARNING"; in_err "stonith-enabled=false"; in_err "acknowledged"
not_called '^crm_mon'
stonith STUB_OUT_crm_attribute___type=false
want_rc 4
result stonith/stonith-disabled

new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
for v in true yes 1 on; do
	stonith STUB_OUT_crm_node__l="$lost" STUB_OUT_crm_attribute___type="$v" \
		STUB_OUT_crm_mon="$unclean" BLKREP_FENCE_TIMEOUT=0
	[ "$rc" = 1 ] || want "stonith-enabled=$v: exit $rc, expected 1"
done
# unset: crm_attribute fails (105, "No such device or address")
stonith STUB_OUT_crm_node__l="$lost" STUB_RC_crm_attribute=105 \
	STUB_OUT_crm_mon="$unclean" BLKREP_FENCE_TIMEOUT=0
want_rc 1
[ "$(ncalls crm_mon)" = 5 ] || want "$(ncalls crm_mon) crm_mon calls, expected 5"
grep -qF WARNING "$STUB_DIR/err" && want "warned with STONITH on"
result stonith/stonith-enabled-by-default

# resource-only (and no BLKREP_FENCING: an older blkrepadm) as before:
# no waiting, no STONITH question.
new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
fence BLKREP_FENCING=resource-only STUB_OUT_crm_node__l="$lost" STUB_OUT_crm_mon="$unclean"
want_rc 5
fence BLKREP_FENCING=resource-only STUB_OUT_crm_mon="$unclean" BLKREP_FENCE_SETTLE=100
want_rc 4
fence BLKREP_FENCING=dont-care STUB_OUT_crm_node__l="$lost"
want_rc 5
not_called '^crm_mon'; not_called '^crm_attribute'
grep -qF WARNING "$STUB_DIR/err" && want "warned"
result stonith/resource-only-unchanged

new_stub
res_up r0 Primary/Unknown UpToDate/DUnknown WFConnection
stonith BLKREP_FENCE_TIMEOUT=abc
want_rc 2
in_err "BLKREP_FENCE_TIMEOUT must be a number of seconds"
for v in BLKREP_FENCE_TIMEOUT=-1 BLKREP_FENCE_TIMEOUT=1.5 \
	 BLKREP_FENCE_TIMEOUT=' 5' BLKREP_FENCE_TIMEOUT=1234567 BLKREP_FENCE_SETTLE=x \
	 BLKREP_CIB_TIMEOUT=0 BLKREP_FENCING=stonith; do
	stonith "$v"
	[ "$rc" = 2 ] || want "$v: exit $rc, expected 2"
done
not_called '--create'; not_called '^crm_mon'
# leading zeros are decimal, not octal
stonith BLKREP_FENCE_SETTLE=00 BLKREP_FENCE_TIMEOUT=09
want_rc 4
result stonith/bad-environment

# ---- unfence
new_stub
res_up r0 Primary/Secondary UpToDate/DUnknown WFConnection
fence
want_rc 4
echo UpToDate/UpToDate >"$STUB_DIR/up/r0/dstate"
fence unfence
want_rc 0; called '--delete'
[ -e "$STUB_DIR/cib-has-blkrep-fence-r0" ] && want "constraint still there"
result unfence/removes-constraint

fence unfence
want_rc 0
result unfence/nothing-to-remove

new_stub
res_up r0 Primary/Secondary UpToDate/DUnknown WFConnection
fence
echo UpToDate/Inconsistent >"$STUB_DIR/up/r0/dstate"
fence unfence
want_rc 1; not_called '--delete'
[ -e "$STUB_DIR/cib-has-blkrep-fence-r0" ] || want "constraint removed"
result unfence/keeps-while-peer-behind

fence unfence -- --force
want_rc 0
[ -e "$STUB_DIR/cib-has-blkrep-fence-r0" ] && want "constraint still there"
result unfence/force

new_stub
res_up r0 Primary/Secondary UpToDate/DUnknown WFConnection
fence
echo UpToDate/UpToDate >"$STUB_DIR/up/r0/dstate"
fence unfence STUB_RC_cibadmin_delete=1
want_rc 1
result unfence/cibadmin-fails

# ---------------------------------------------------------------- heartbeat
hb() {	# hb ARGS... [-- VAR=VALUE...]: run blkrepdisk; sets rc and out
	local -a args=() vars=()
	while [ $# -gt 0 ]; do
		[ "$1" = -- ] && { shift; vars=("$@"); break; }
		args+=("$1"); shift
	done
	env BLKREP_CONFIG="$STUB_DIR/blkrep.conf" BLKREPDISK_TRIES=2 "${vars[@]}" \
	    $SH "$HBDISK" "${args[@]}" >"$STUB_DIR/out" 2>"$STUB_DIR/err" </dev/null
	rc=$?
	out=$(cat "$STUB_DIR/out")
}

new_stub
hb r0 status
want_rc 3; [ "$out" = stopped ] || want "printed '$out'"
result heartbeat/status-not-up

new_stub
res_up r0 Secondary/Primary UpToDate/UpToDate
hb r0 status
want_rc 3; [ "$out" = stopped ] || want "printed '$out'"
result heartbeat/status-secondary

new_stub
res_up r0 Secondary/Secondary UpToDate/UpToDate
hb r0 start
want_rc 0; [ "$(role_of r0)" = Primary/Secondary ] || want "role is $(role_of r0)"
not_called ' up r0'; not_called '--force'
hb r0 status
want_rc 0; [ "$out" = running ] || want "status printed '$out'"
result heartbeat/start-and-status-running

new_stub
res_up r0 Primary/Secondary UpToDate/UpToDate
hb r0 start
want_rc 0; not_called ' primary '
result heartbeat/start-already-primary

new_stub
: >"$STUB_DIR/module"
hb r0 start -- STUB_UP_DSTATE=UpToDate/DUnknown
want_rc 0; called ' up r0$'; [ "$(role_of r0)" = Primary/Unknown ] || want "role is $(role_of r0)"
result heartbeat/start-brings-up

new_stub
res_up r0 Secondary/Primary UpToDate/UpToDate
hb r0 start
want_rc 1
[ "$(grep -c ' primary r0' "$STUB_DIR/calls")" = 2 ] || want "not tried BLKREPDISK_TRIES=2 times"
result heartbeat/start-peer-primary-fails-after-retries

new_stub
res_up r0 Secondary/Unknown Inconsistent/DUnknown
hb r0 start -- BLKREPDISK_TRIES=1
want_rc 1; not_called '--force'
result heartbeat/start-inconsistent-not-forced

new_stub
res_up r0 Primary/Secondary UpToDate/UpToDate
hb r0 stop
want_rc 0; [ "$(role_of r0)" = Secondary/Secondary ] || want "role is $(role_of r0)"
[ -d "$STUB_DIR/up/r0" ] || want "stop took the resource down"
result heartbeat/stop

new_stub
hb r0 stop
want_rc 0
res_up r0 Secondary/Primary UpToDate/UpToDate
hb r0 stop
want_rc 0; not_called ' secondary '
result heartbeat/stop-when-not-primary

new_stub
res_up r0 Primary/Secondary UpToDate/UpToDate
hb r0 stop -- STUB_FAIL_secondary=1
want_rc 1
result heartbeat/stop-fails

new_stub
hb r0
want_rc 2
hb start
want_rc 2
hb r0 restart
want_rc 2
result heartbeat/usage

# ---------------------------------------------------------------- systemd
u=$UNIT
grep -qx 'Type=oneshot' "$u" || want "not Type=oneshot"
grep -qx 'RemainAfterExit=yes' "$u" || want "no RemainAfterExit=yes"
grep -qE '^ExecStart=-?/usr/sbin/blkrepadm up all$' "$u" || want "ExecStart is not blkrepadm up all"
grep -qE '^ExecStop=-?/usr/sbin/blkrepadm down all$' "$u" || want "ExecStop is not blkrepadm down all"
grep -qE '^After=.*network-online\.target' "$u" || want "not After=network-online.target"
grep -qE '^Wants=.*network-online\.target' "$u" || want "not Wants=network-online.target"
grep -qE '^After=.*local-fs\.target' "$u" || want "not After=local-fs.target"
grep -qiE '^#.*disable.*' "$u" && grep -qi 'pacemaker' "$u" && grep -qi 'heartbeat' "$u" ||
	want "no comment about disabling it under Pacemaker/Heartbeat"
result systemd/content
if command -v systemd-analyze >/dev/null; then
	# verify wants the binaries to exist: point them at the stub
	mkdir -p "$tmp/unit"
	sed "s|/usr/sbin/blkrepadm|$STUBS/blkrepadm|g" "$u" >"$tmp/unit/blkrep.service"
	# --man=no: the man pages are not installed on a build host
	if out=$(systemd-analyze verify --man=no "$tmp/unit/blkrep.service" 2>&1) && [ -z "$out" ]; then
		pass systemd/verify
	else
		fail systemd/verify "$(printf '%s\n' "$out" | head -n 3 | tr '\n' ' ')"
	fi
else
	skip systemd/verify "systemd-analyze is not installed"
fi

# ---------------------------------------------------------------- completion
# complete WORD...: the candidates for the last word, one line, sorted
complete_words() {
	bash -c '
		source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
		_blkrepadm
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " " | sed "s/ $//"
	' _ "$COMPL" "$@" 2>&1
}
expect_completion() {	# expect_completion NAME "EXPECTED" WORD...
	local name=$1 exp=$2 got
	shift 2
	got=$(complete_words "$@")
	if [ "$got" = "$exp" ]; then pass "completion/$name"; else fail "completion/$name" "'$*' gave '$got', expected '$exp'"; fi
}
new_stub
printf 'resource r0 {}\n' >"$STUB_DIR/my.conf"
export STUB_RESOURCES="r0 r1 web"
if ! complete -p >/dev/null 2>&1 && ! bash -c "source '$COMPL' && complete -p blkrepadm" >/dev/null 2>&1; then
	fail completion/registered "sourcing it does not register a completion for blkrepadm"
else
	pass completion/registered
fi
got=$(complete_words blkrepadm '')
for c in create-md up down primary secondary status role dump help invalidate new-current-uuid; do
	[[ " $got " == *" $c "* ]] || want "no '$c' in '$got'"
done
result completion/commands-from-help
expect_completion command-prefix "primary" blkrepadm pri
expect_completion new-command-prefix "invalidate" blkrepadm inv
expect_completion global-options "-- --config --dry-run --help --version -V -c -h -n" blkrepadm -
expect_completion options-primary "--force" blkrepadm primary -
expect_completion options-status "--json" blkrepadm status -
expect_completion options-wait-connect "--timeout" blkrepadm wait-connect r0 -
expect_completion options-new-command "--clear-bitmap" blkrepadm new-current-uuid -
expect_completion options-none "" blkrepadm up -
expect_completion timeout-value "" blkrepadm wait-connect --timeout ''
expect_completion resources "all r0 r1 web" blkrepadm -c "$STUB_DIR/my.conf" primary ''
expect_completion resources-config-equals "all r0 r1 web" blkrepadm --config = "$STUB_DIR/my.conf" up ''
expect_completion resources-prefix "r0 r1" blkrepadm -c "$STUB_DIR/my.conf" -n down r
expect_completion resources-dump-no-all "r0 r1 web" blkrepadm -c "$STUB_DIR/my.conf" dump ''
expect_completion one-resource-only "" blkrepadm -c "$STUB_DIR/my.conf" up r0 ''
expect_completion no-args-for-help "" blkrepadm help ''
expect_completion pass-through-options "--clear-bitmap --discard-my-data --force --json --timeout" blkrepadm -- -
expect_completion pass-through-command "primary" blkrepadm -- --force pri
expect_completion config-file "$STUB_DIR/my.conf" blkrepadm -c "$STUB_DIR/my"
expect_completion handler-events "after-resync-target fence-peer local-io-error pri-lost pri-lost-after-sb split-brain unfence-peer" blkrepadm handler ''
expect_completion handler-event-prefix "pri-lost pri-lost-after-sb" blkrepadm handler pri
expect_completion handler-resources-no-all "r0 r1 web" blkrepadm -c "$STUB_DIR/my.conf" handler fence-peer ''
expect_completion handler-complete "" blkrepadm -c "$STUB_DIR/my.conf" handler fence-peer r0 ''
got=$(PATH=/usr/bin:/bin complete_words blkrepadm w)
[ "$got" = "wait-connect wait-sync" ] || want "gave '$got'"
result completion/static-list-without-blkrepadm
unset STUB_RESOURCES
if [ -x "$repo/user/blkrepadm" ]; then
	got=$(complete_words "$repo/user/blkrepadm" '')
	for c in up down primary secondary status dump help; do
		[[ " $got " == *" $c "* ]] || want "no '$c' in '$got'"
	done
	got=$(complete_words "$repo/user/blkrepadm" -c tests/golden/conf/two-node.conf role '')
	[[ " $got " == *" r0 "* && " $got " == *" all "* ]] || want "resources of two-node.conf: '$got'"
	got=$(complete_words "$repo/user/blkrepadm" handler fence)
	[ "$got" = fence-peer ] || want "handler events: '$got'"
	got=$(complete_words "$repo/user/blkrepadm" -c tests/golden/conf/two-node.conf handler split-brain '')
	[[ " $got " == *" r0 "* && " $got " != *" all "* ]] || want "handler resources of two-node.conf: '$got'"
	result completion/real-blkrepadm
else
	skip completion/real-blkrepadm "user/blkrepadm is not built"
fi

echo "$npass passed, $nfail failed, $nskip skipped"
[ "$nfail" = 0 ]
