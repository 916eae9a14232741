// SPDX-License-Identifier: GPL-2.0
/*
 * Generation UUID rules.  Each rule is one test, tried in order; the first
 * that matches decides.  Documentation/generation-uuids.rst has the table.
 */
#include "uuid.h"

static const char *const br_decisions[] = {
	[BR_SYNC_NONE]		= "no sync",
	[BR_SYNC_SOURCE]	= "bitmap-based resync, this node is source",
	[BR_SYNC_TARGET]	= "bitmap-based resync, this node is target",
	[BR_SYNC_SOURCE_FULL]	= "full resync, this node is source",
	[BR_SYNC_TARGET_FULL]	= "full resync, this node is target",
	[BR_SYNC_SPLIT_BRAIN]	= "split brain",
	[BR_SYNC_UNRELATED]	= "unrelated data",
};

const char *br_sync_decision_name(enum br_sync_decision d)
{
	return (unsigned int)d <= BR_SYNC_UNRELATED ? br_decisions[d] : "?";
}

static bool br_in_history(const struct br_sync_side *s, u64 u)
{
	return u && (s->uuid[BR_UUID_BITMAP] == u ||
		     s->uuid[BR_UUID_HISTORY0] == u ||
		     s->uuid[BR_UUID_HISTORY1] == u);
}

/* Same generation: whoever wrote more recently sends its bitmap's blocks. */
static enum br_sync_decision br_same_generation(const struct br_sync_side *me,
						const struct br_sync_side *peer,
						bool tie_break,
						const char **rule)
{
	if (me->inconsistent != peer->inconsistent) {
		*rule = "same generation, one side Inconsistent";
		return me->inconsistent ? BR_SYNC_TARGET : BR_SYNC_SOURCE;
	}
	if (me->outdated != peer->outdated) {
		*rule = "same generation, one side Outdated";
		return me->outdated ? BR_SYNC_TARGET : BR_SYNC_SOURCE;
	}
	if (!me->bm_weight && !peer->bm_weight) {
		*rule = "same generation, nothing out of sync";
		return BR_SYNC_NONE;
	}
	*rule = "same generation, blocks out of sync";
	if (me->primary != peer->primary)
		return me->primary ? BR_SYNC_SOURCE : BR_SYNC_TARGET;
	if (me->crashed_primary != peer->crashed_primary)
		return me->crashed_primary ? BR_SYNC_SOURCE : BR_SYNC_TARGET;
	if (me->bm_weight != peer->bm_weight)
		return me->bm_weight > peer->bm_weight ?
		       BR_SYNC_SOURCE : BR_SYNC_TARGET;
	return tie_break ? BR_SYNC_SOURCE : BR_SYNC_TARGET;
}

enum br_sync_decision br_sync_decide(const struct br_sync_side *me,
				     const struct br_sync_side *peer,
				     bool tie_break, const char **rule)
{
	u64 mc = me->uuid[BR_UUID_CURRENT], pc = peer->uuid[BR_UUID_CURRENT];
	u64 mb = me->uuid[BR_UUID_BITMAP], pb = peer->uuid[BR_UUID_BITMAP];

	if (mc == BR_UUID_JUST_CREATED && pc == BR_UUID_JUST_CREATED) {
		*rule = "both disks fresh from create-md";
		return BR_SYNC_NONE;
	}
	if (mc == BR_UUID_JUST_CREATED) {
		*rule = "this disk is fresh from create-md";
		return BR_SYNC_TARGET_FULL;
	}
	if (pc == BR_UUID_JUST_CREATED) {
		*rule = "the peer's disk is fresh from create-md";
		return BR_SYNC_SOURCE_FULL;
	}
	if (mc == pc)
		return br_same_generation(me, peer, tie_break, rule);
	if (pb && pb == mc) {
		*rule = "the peer moved on from this node's generation";
		return BR_SYNC_TARGET;
	}
	if (mb && mb == pc) {
		*rule = "this node moved on from the peer's generation";
		return BR_SYNC_SOURCE;
	}
	if (mb && mb == pb) {
		*rule = "both moved on from the same generation";
		return BR_SYNC_SPLIT_BRAIN;
	}
	if (br_in_history(peer, mc)) {
		*rule = "the peer's history holds this node's generation";
		return BR_SYNC_TARGET_FULL;
	}
	if (br_in_history(me, pc)) {
		*rule = "this node's history holds the peer's generation";
		return BR_SYNC_SOURCE_FULL;
	}
	if (br_in_history(me, pb) || br_in_history(peer, mb)) {
		*rule = "the two histories meet in an older generation";
		return BR_SYNC_SPLIT_BRAIN;
	}
	*rule = "no generation in common";
	return BR_SYNC_UNRELATED;
}

void br_uuid_new_current(u64 *uuid, u64 fresh)
{
	if (!uuid[BR_UUID_BITMAP])
		uuid[BR_UUID_BITMAP] = uuid[BR_UUID_CURRENT];
	uuid[BR_UUID_CURRENT] = fresh;
}

void br_uuid_sync_done_source(u64 *uuid)
{
	if (!uuid[BR_UUID_BITMAP])
		return;
	uuid[BR_UUID_HISTORY1] = uuid[BR_UUID_HISTORY0];
	uuid[BR_UUID_HISTORY0] = uuid[BR_UUID_BITMAP];
	uuid[BR_UUID_BITMAP] = 0;
}
