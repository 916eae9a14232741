#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run two-node scenarios (tests/vm/pair/*.sh): boot alpha and beta joined
# by the wire, run the scenarios on both, and report both guests' PASS/FAIL
# lines plus a console scan of each.
#
#   tests/vm/run-pair.sh [--kernel 6.1|6.12|debug|VERSION] [--all]
#                        [--scenario NAME[,NAME]] [--skip NAME[,NAME]]
#                        [--timeout SECONDS] [--out DIR]
#
# A boot costs ~30 s (two guests on two cores), so up to five (PAIR_GROUP)
# scenarios share one pair of guests, one after the other; the guests meet
# at a barrier before each (guest-run.sh).  A scenario boots alone when it
# asks the host for a power cut (host_crash), a cut wire (host_link) or
# fencing (fence_agent_install), or sizes its own disks.
#
# Logs: tests/out/pair-<kver>/<boot>/{alpha,beta}/ (or DIR/<boot>/...),
# where <boot> joins the names of the scenarios it ran with "+"; two runs
# at once need two DIRs.  --skip leaves scenarios out (of --all).  Exit 1
# on failure.
# A scenario with a line "# pending: REASON" (known to fail for a reason
# outside the test) or "# on-demand: REASON" (run by hand, e.g. a negative
# control) is left out of --all (a SKIP line says why) but runs when named
# with --scenario.  One with a line
# "# time-limit: SECONDS" gets that long instead of 420 s (three times that
# on the debug kernel), unless --timeout is given.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"

kernel=6.1 scen=() limit= pending=() skip=() outdir=
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift ;;
	--scenario) IFS=, read -r -a more <<<"$2"; scen+=("${more[@]}"); shift ;;
	--all)
		for f in "$here"/pair/*.sh; do
			n=$(basename "$f" .sh)
			[ "$n" = lib ] && continue
			# "# pending: REASON" or "# on-demand: REASON": --all
			# reports it as SKIP, --scenario runs it.
			why=$(sed -n 's/^# \(pending\|on-demand\): //p' "$f" | head -n 1)
			if [ -n "$why" ]; then pending+=("SKIP: pair/$n: $(sed -n 's/^# \(pending\|on-demand\): .*/\1/p' "$f" | head -n 1): $why"); continue; fi
			scen+=("$n")
		done ;;
	--skip) IFS=, read -r -a more <<<"$2"; skip+=("${more[@]}"); shift ;;
	--timeout) limit=$2; shift ;;
	--out) outdir=$2; shift ;;
	-h|--help) sed -n '3,27p' "$0"; exit 0 ;;
	*) echo "run-pair.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
for p in "${pending[@]}"; do echo "$p"; done
if [ ${#skip[@]} -gt 0 ]; then
	kept=()
	for s in "${scen[@]}"; do
		[[ " ${skip[*]} " == *" $s "* ]] || kept+=("$s")
	done
	scen=("${kept[@]}")
fi
[ ${#scen[@]} -gt 0 ] || { [ ${#pending[@]} -gt 0 ] && exit 0; echo "run-pair.sh: no scenario given" >&2; exit 2; }

kver=$(resolve_kver "$kernel")
if [ -z "$kver" ]; then
	echo "SKIP: pair-$kernel: kernel $kernel is not installed (run tests/deps.sh as root)"
	exit 0
fi
if [ ! -f "$REPO/build/$kver/blkrep.ko" ]; then
	echo "FAIL: pair-$kver: build/$kver/blkrep.ko is missing (make module KVER=$kver)"
	exit 1
fi
if is_debug_kver "$kver"; then boot=240 per=1500 slow=3; else boot=60 per=420 slow=1; fi

# pair_wait BOOT LIMIT LIST STIMEOUT: wait for both guests to power off,
# serving what they ask the host for (guest-lib.sh), each a file in the
# guest's results directory:
#   crash-request  (host_crash) "restart [DELAY]" or "down": kill -9 this
#                  guest's qemu at once, and boot it again with the same
#                  disks after DELAY seconds unless it asked to stay down
#   fence-request  (fence_blkrep_test) "TARGET off|reboot": the
#                  same for the other guest, then "TARGET off" in
#                  fence-done once its qemu is gone
#   link-request   (host_link) "cut" or "heal": pull or plug both guests'
#                  wires (a partition: both stay up), then link-done
#   relay-request  (host_relay) a line for the other guest: appended to
#                  relayed in its results directory
# 1 if the guests had to be killed at LIMIT.
pair_wait() {
	local s=$1 limit=$2 list=$3 slim=$4 t0 g req delay alive what target
	declare -A idx=([alpha]=1 [beta]=2) boot=([alpha]=1 [beta]=1)
	# power_cut GUEST HOW [DELAY]: kill its qemu; boot it again unless
	# HOW is down or off
	power_cut() {
		kill -9 "${VM_PID[$1]}" 2>/dev/null
		wait "${VM_PID[$1]}" 2>/dev/null
		case $2 in down|off) return ;; esac
		sleep "${3:-0}"
		boot[$1]=$((boot[$1] + 1))
		VM_BOOT=${boot[$1]} vm_start "$1" "$kver" "${idx[$1]}" "$list" brt.stimeout="$slim"
	}
	t0=$(date +%s)
	while :; do
		alive=0
		for g in alpha beta; do
			req=${VM_RES[$g]}/crash-request
			if [ -e "$req" ]; then
				read -r what delay <"$req"
				rm -f "$req"
				echo "## pair/$s: killed $g's qemu as the scenario asked ($what${delay:+ $delay})"
				power_cut "$g" "$what" "$delay"
			fi
			req=${VM_RES[$g]}/fence-request
			if [ -e "$req" ]; then
				read -r target what <"$req"
				rm -f "$req"
				case "$target" in alpha|beta) ;; *) target= ;; esac
				if [ -n "$target" ] && [ "$target" != "$g" ]; then
					echo "## pair/$s: $g fenced $target ($what): killed its qemu"
					power_cut "$target" "$what"
					echo "$target off" >"${VM_RES[$g]}/fence-done"
				else
					echo "## pair/$s: $g asked to fence '$target': refused"
					echo "refused" >"${VM_RES[$g]}/fence-done"
				fi
			fi
			req=${VM_RES[$g]}/relay-request
			if [ -e "$req" ]; then
				if [ "$g" = alpha ]; then target=beta; else target=alpha; fi
				cat "$req" >>"${VM_RES[$target]}/relayed"
				rm -f "$req"
			fi
			req=${VM_RES[$g]}/link-request
			if [ -e "$req" ]; then
				read -r what <"$req"
				rm -f "$req"
				if [ "$what" = cut ]; then what=off; else what=on; fi
				vm_link alpha "$what"; vm_link beta "$what"
				echo "## pair/$s: $g asked for the wire $what: done"
				echo "$what" >"${VM_RES[$g]}/link-done"
			fi
		kill -0 "${VM_PID[$g]}" 2>/dev/null && alive=1
		done
		[ "$alive" = 0 ] && return 0
		if [ $(($(date +%s) - t0)) -ge "$limit" ]; then
			for g in alpha beta; do
				kill -0 "${VM_PID[$g]}" 2>/dev/null &&
					echo "FAIL: vm-$kver/pair/$s/$g: did not finish within $limit s (console: ${VM_CON[$g]#$REPO/})"
			done
			vm_teardown
			return 1
		fi
		sleep 0.5
	done
}

# scen_limit NAME: the scenario's own time limit in seconds, boot excluded.
scen_limit() {
	local own
	[ -n "$limit" ] && { echo "$limit"; return; }
	own=$(sed -n 's/^# time-limit: \([0-9][0-9]*\)$/\1/p' "$here/pair/$1.sh" | head -n 1)
	if [ -n "$own" ]; then echo $((own * slow)); else echo "$per"; fi
}
# alone NAME: true when the scenario needs a boot of its own (it cuts the
# power or the wire, fences, or sizes its own disks).
alone() { grep -qE '^[^#]*(host_crash|host_link|fence_agent_install)|^# disks ' "$here/pair/$1.sh"; }

# The boots, each a "+"-joined list of scenarios.
boots=() group=()
flush() { [ ${#group[@]} -gt 0 ] && boots+=("$(IFS=+; echo "${group[*]}")"); group=(); }
for s in "${scen[@]}"; do
	if alone "$s"; then boots+=("$s"); continue; fi
	group+=("$s")
	[ ${#group[@]} -ge "${PAIR_GROUP:-5}" ] && flush
done
flush

rc=0
base=${outdir:-$REPO/tests/out/pair-$kver}
rm -rf "$base"
for b in "${boots[@]}"; do
	IFS=+ read -r -a members <<<"$b"
	list= lim=0 slim=0 first=${members[0]}
	for s in "${members[@]}"; do
		list=${list:+$list,}pair/$s
		l=$(scen_limit "$s")
		lim=$((lim + l))
		[ "$l" -gt "$slim" ] && slim=$l
	done
	lim=$((lim + boot))
	vm_setup "$base/$b"
	vm_snapshot "$kver" "$base/$b/bin"
	# A scenario may size a guest's disks: "# disks beta: vdb:200M ..."
	VM_DISKS=$(sed -n 's/^# disks alpha: //p' "$here/pair/$first.sh") \
		vm_start alpha "$kver" 1 "$list" brt.stimeout="$slim"
	VM_DISKS=$(sed -n 's/^# disks beta: //p' "$here/pair/$first.sh") \
		vm_start beta "$kver" 2 "$list" brt.stimeout="$slim"
	t0=$(date +%s)
	pair_wait "$b" "$lim" "$list" "$slim" || rc=1
	# For the time table (check.sh): each scenario (the slower guest),
	# then the whole boot.
	cat "$base/$b"/{alpha,beta}/done 2>/dev/null | awk -v K="vm-$kver" '
		NF == 3 { if (!($1 in t) || $3 > t[$1]) t[$1] = $3; if (!($1 in o)) o[$1] = n++ }
		END { for (s in t) print o[s], "TIME: scenario " K "/" s " " t[s] }' | sort -n | cut -d" " -f2-
	echo "TIME: guest vm-$kver/pair/$b $(( $(date +%s) - t0 ))"
	for g in alpha beta; do
		res=${VM_RES[$g]}/results.txt
		if [ ! -s "$res" ]; then
			echo "FAIL: vm-$kver/pair/$b/$g: no results (console: ${VM_CON[$g]#$REPO/})"
			rc=1
			continue
		fi
		grep -E '^(PASS|FAIL|SKIP): ' "$res"
		grep -q '^FAIL: ' "$res" && rc=1
		hits=$(vm_scan_console "${VM_RES[$g]}/$g".console* "${VM_RES[$g]}/dmesg.txt" | head -n 3)
		if [ -n "$hits" ]; then
			echo "FAIL: vm-$kver/pair/$b/$g/console: kernel problem: $(echo "$hits" | head -n 1 | cut -c1-200)"
			rc=1
		else
			echo "PASS: vm-$kver/pair/$b/$g/console-clean"
		fi
	done
	vm_teardown
done
exit $rc
