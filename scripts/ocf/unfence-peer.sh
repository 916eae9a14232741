#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# unfence-peer.sh: blkrep's unfence-peer handler for Pacemaker clusters.
# Removes the location constraint that fence-peer.sh placed for
# $BLKREP_RESOURCE, once both disks are UpToDate again.  The contract
# (environment, exit status 0 / 1 / 2, options) is described at the top of
# fence-peer.sh, which does the work; it must be installed beside this one.
exec "$(dirname "$0")/fence-peer.sh" --unfence "$@"
