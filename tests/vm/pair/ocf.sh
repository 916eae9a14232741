# pair/ocf: the OCF agent (scripts/ocf/blkrep) against a real module and a
# real peer, outside a cluster.  Alpha installs the agent as
# /usr/lib/ocf/resource.d/blkrep/blkrep (the guest root is a tmpfs overlay)
# and runs
#   - ocf-tester (resource-agents): meta-data against the DTD, probes,
#     start/stop/promote/demote twice over, as Pacemaker would;
#   - ocft with tests/ocft/blkrep: wrong resource name -> 6
#     (OCF_ERR_CONFIGURED), missing config file -> 5 (OCF_ERR_INSTALLED),
#     promote then monitor -> 8 (OCF_RUNNING_PROMOTED), double start/stop,
#     promote of a stopped resource, an unknown action -> 3;
#   - ocft with tests/ocft/blkrep-peer once beta made itself Primary:
#     promote -> 1 (OCF_ERR_GENERIC), the node stays a running Secondary.
# Beta keeps r0 up and Secondary meanwhile, so every start connects.
# crm_attribute is installed but there is no cluster: setting the
# promotion score fails and is only logged, as the agent intends.
# time-limit: 600
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
pair_conf
AGENT=/usr/lib/ocf/resource.d/blkrep/blkrep
mkdir -p "${AGENT%/*}" /run/resource-agents
install -m 755 "$BLKREP_REPO/scripts/ocf/blkrep" "$AGENT"
# Pacemaker (and ocft) run agents with a plain PATH: blkrepadm in /usr/sbin.
ln -sf "$(command -v blkrepadm)" /usr/sbin/blkrepadm
pair_up
pair_skip_sync

if [ "$me" = beta ]; then
	hear >/dev/null			# alpha is done with the one-node tests
	must "beta in sync before its promotion" blkrepadm wait-sync --timeout $((120 * SLOW)) r0
	must "primary on beta" blkrepadm primary r0
	tell "primary"
	hear >/dev/null			# alpha tried to promote and stopped
	check "secondary on beta" blkrepadm secondary r0
	pair_down
	finish
fi

# ocft_run NAME: make and run the cases of tests/ocft/NAME; fails when a
# case failed (ocft prints FAILED and exits non-zero).
ocft_run() {
	local log=$RES_DIR/ocft-$1.log
	ocft make -d "$BLKREP_REPO/tests/ocft" "$1" >"$log" 2>&1 || return 1
	ocft test "$1" >>"$log" 2>&1
	local rc=$?
	sed 's/\x1b\[[0-9;]*m//g' "$log"
	[ "$rc" = 0 ] && ! grep -q FAILED "$log"
}

STEP_TIMEOUT=$((600 * SLOW))
check_output "ocf-tester passes" "passed all tests" \
	ocf-tester -n r0 -o blkrep_resource=r0 "$AGENT"
check "ocft: one-node cases" ocft_run blkrep
check "r0 is stopped after the ocft cases" sh -c "! blkrepadm role r0"
# Connected and in sync before beta becomes Primary: alpha's refusal must
# come from the peer's role, not from a disk left behind.
must "up r0 again" blkrepadm up r0
must "in sync again" blkrepadm wait-sync --timeout $((120 * SLOW)) r0
tell "promote"
hear >/dev/null				# beta is Primary
check "ocft: promote while the peer is Primary fails" ocft_run blkrep-peer
check "r0 is stopped again" sh -c "! blkrepadm role r0"
tell "done"
check "rmmod" unload_module
finish
