/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generation UUIDs: who has the good data when two nodes meet.
 * Pure logic, compiled in the module and in the host unit tests.
 * The rules are tabulated in Documentation/generation-uuids.rst.
 */
#ifndef BLKREP_UUID_H
#define BLKREP_UUID_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include "host_kernel_types.h"
#endif
#include "md_format.h"

enum br_sync_decision {
	BR_SYNC_NONE,		/* same data: nothing to do */
	BR_SYNC_SOURCE,		/* bitmap-based resync, we send */
	BR_SYNC_TARGET,		/* bitmap-based resync, we receive */
	BR_SYNC_SOURCE_FULL,	/* full resync, we send */
	BR_SYNC_TARGET_FULL,	/* full resync, we receive */
	BR_SYNC_SPLIT_BRAIN,	/* both changed the data since they parted */
	BR_SYNC_UNRELATED,	/* no common history: refuse to connect */
};

/* What one node tells the other about its data. */
struct br_sync_side {
	u64 uuid[BR_UUID_COUNT];
	u64 bm_weight;		/* bits set in its bitmap */
	bool primary;
	bool crashed_primary;
	bool inconsistent;	/* disk state Inconsistent */
	bool outdated;		/* disk state Outdated */
};

/*
 * Decide what @me does when meeting @peer.  @tie_break is true on exactly
 * one of the two nodes (the connection's initiator); the decision on the
 * peer is always the mirror image.  *@rule names the rule that fired.
 */
enum br_sync_decision br_sync_decide(const struct br_sync_side *me,
				     const struct br_sync_side *peer,
				     bool tie_break, const char **rule);

const char *br_sync_decision_name(enum br_sync_decision d);

/*
 * Start a new data generation (becoming Primary without the peer, or
 * losing the peer as Primary): the bitmap UUID remembers where the bitmap
 * started, unless it already does; @fresh becomes the current UUID.
 */
void br_uuid_new_current(u64 *uuid, u64 fresh);

/* A finished resync on the source: the bitmap's base goes to history. */
void br_uuid_sync_done_source(u64 *uuid);

#endif
