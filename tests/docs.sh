#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/docs.sh: the documentation renders without errors: every
# Documentation/*.rst through docutils, every man page through groff with
# warnings on.  PASS:/FAIL:/SKIP: lines; exit 1 on a failure.
set -u
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rc=0
if python3 -c 'import docutils' 2>/dev/null; then
	for f in "$repo"/Documentation/*.rst; do
		name=docs/$(basename "$f")
		out=$(python3 -m docutils --report=2 --halt=5 "$f" /dev/null 2>&1)
		if [ -z "$out" ]; then echo "PASS: $name"
		else echo "FAIL: $name: $(echo "$out" | head -n 1)"; rc=1; fi
	done
else
	echo "SKIP: docs/rst: python3-docutils is not installed"
fi
if command -v groff >/dev/null; then
	for f in "$repo"/Documentation/man/*.[0-9]; do
		name=docs/$(basename "$f")
		out=$(groff -man -ww -z "$f" 2>&1)
		if [ -z "$out" ]; then echo "PASS: $name"
		else echo "FAIL: $name: $(echo "$out" | head -n 1)"; rc=1; fi
	done
else
	echo "SKIP: docs/man: groff is not installed"
fi
exit $rc
