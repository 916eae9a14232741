#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Golden-output tests of blkrepadm: each case runs some command lines and
# compares stdout, stderr and the exit code with the expected files.
#
#   tests/golden/run.sh              run every case (PASS:/FAIL:/SKIP: lines)
#   tests/golden/run.sh NAME...      run only these cases
#   tests/golden/run.sh --update     rewrite the expected files from what the
#                                    tool prints now; review with `git diff`
#   tests/golden/run.sh --valgrind   run the tool under valgrind; any memory
#                                    error or leak changes the exit code
#   BLKREPADM=/path/to/blkrepadm     the binary to test (default user/blkrepadm)
#
# A case is a directory cases/NAME holding:
#   cmd        bash lines; `blkrepadm` runs the tool.  They run in a scratch
#              directory that holds a copy of conf/* (and the case's own
#              blkrep.conf, if any), with BLKREP_HOSTNAME=alpha and no other
#              BLKREP_* variable of the caller (the handler cases print
#              them).  Commands use --dry-run, except those that need no
#              module: dump, create-md and dump-md on image files, and
#              handler, whose
#              commands run for real (with the outcome also sent to syslog).
#   setup      optional bash lines run first in the scratch directory
#              (e.g. `truncate -s 64M disk.img`); their output is ignored
#   requires   optional: programs the case needs, one per line; SKIP if absent
#   stdout, stderr, rc   what is expected (rc: the exit code of the last line)
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=${BLKREPADM:-$here/../../user/blkrepadm}
update=0 valgrind=0
names=()
for a in "$@"; do
	case $a in
	--update) update=1 ;;
	--valgrind) valgrind=1 ;;
	*) names+=("$a") ;;
	esac
done
[ ${#names[@]} -gt 0 ] || names=($(ls "$here/cases"))

if [ ! -x "$bin" ]; then
	echo "FAIL: golden/build: $bin not found (make -C user)"
	exit 1
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

missing_requirement() {	# missing_requirement CASE_DIR: print what is absent
	local p
	[ -f "$1/requires" ] || return 1
	while read -r p; do
		[ -z "$p" ] || command -v "$p" >/dev/null 2>&1 || { echo "$p"; return 0; }
	done <"$1/requires"
	return 1
}

run_case() {	# run_case NAME: run one case, print its result line
	local name=$1 dir=$here/cases/$1 tmp rc why miss
	if miss=$(missing_requirement "$dir"); then
		echo "SKIP: golden/$name: $miss not installed"
		return 0
	fi
	tmp=$(mktemp -d /tmp/blkrep-golden.XXXXXX)
	cp "$here"/conf/* "$tmp"/
	[ -f "$dir/blkrep.conf" ] && cp "$dir/blkrep.conf" "$tmp/"
	# `blkrepadm` in the case's commands is this wrapper, first in PATH.
	mkdir "$tmp/.bin"
	if [ $valgrind = 1 ]; then
		printf '#!/bin/sh\nexec valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99 "%s" "$@"\n' "$bin"
	else
		printf '#!/bin/sh\nexec "%s" "$@"\n' "$bin"
	fi >"$tmp/.bin/blkrepadm"
	chmod +x "$tmp/.bin/blkrepadm"
	(
		cd "$tmp" || exit 99
		unset BLKREP_RESOURCE BLKREP_MINOR BLKREP_PEER_ADDRESS BLKREP_FENCING \
		      BLKREP_PEER_AF BLKREP_PEER BLKREP_CONF
		export BLKREP_HOSTNAME=alpha LC_ALL=C PATH=$tmp/.bin:$PATH
		[ -f "$dir/setup" ] && bash "$dir/setup" >/dev/null 2>&1
		bash "$dir/cmd" >"$tmp/.stdout" 2>"$tmp/.stderr"
		echo $? >"$tmp/.rc"
	)
	if [ $update = 1 ]; then
		cp "$tmp/.stdout" "$dir/stdout"
		cp "$tmp/.stderr" "$dir/stderr"
		cp "$tmp/.rc" "$dir/rc"
		echo "PASS: golden/$name"
		rm -rf "$tmp"
		return 0
	fi
	why=
	if ! cmp -s "$tmp/.rc" "$dir/rc"; then
		why="exit code $(cat "$tmp/.rc"), expected $(cat "$dir/rc")"
	elif ! cmp -s "$tmp/.stdout" "$dir/stdout"; then
		why="stdout differs: $(diff "$dir/stdout" "$tmp/.stdout" | sed -n '2p')"
	elif ! cmp -s "$tmp/.stderr" "$dir/stderr"; then
		why="stderr differs: $(diff "$dir/stderr" "$tmp/.stderr" | sed -n '2p')"
	fi
	if [ -n "$why" ]; then
		echo "FAIL: golden/$name: $why"
		rm -rf "$tmp"
		return 1
	fi
	echo "PASS: golden/$name"
	rm -rf "$tmp"
}

status=0
for n in "${names[@]}"; do
	run_case "$n" || status=1
done
exit $status
