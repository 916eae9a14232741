// SPDX-License-Identifier: GPL-2.0
/*
 * Automatic split-brain recovery.  Each "rule N" below is row N of the
 * table in Documentation/generation-uuids.rst ("Split brain"), tried in
 * the table's order; the first row that matches decides.
 *
 * Every rule string names the row and is the same on both nodes: it says
 * which node loses in terms of the inputs (the Secondary, the node with
 * fewer changes, ...), and the outcome says whether that is this node.
 */
#include "splitbrain.h"

static const char *const br_sb_outcomes[] = {
	[BR_SB_OUT_DISCONNECT]		= "disconnect",
	[BR_SB_OUT_DISCARD_ME]		= "discard this node's data",
	[BR_SB_OUT_DISCARD_PEER]	= "discard the peer's data",
};

const char *br_sb_outcome_name(enum br_sb_outcome o)
{
	return (unsigned int)o <= BR_SB_OUT_DISCARD_PEER ?
	       br_sb_outcomes[o] : "?";
}

static void br_sb_set(struct br_sb_verdict *v, enum br_sb_outcome o,
		      const char *rule)
{
	v->outcome = o;
	v->rule = rule;
}

/* The outcome that discards this node if @me_loses, else the peer. */
static enum br_sb_outcome br_sb_loser(bool me_loses)
{
	return me_loses ? BR_SB_OUT_DISCARD_ME : BR_SB_OUT_DISCARD_PEER;
}

/* Rules 1-3: --discard-my-data on either node. */
static bool br_sb_manual(const struct br_sb_side *me,
			 const struct br_sb_side *peer,
			 struct br_sb_verdict *v)
{
	if (me->discard_my_data && peer->discard_my_data) {
		br_sb_set(v, BR_SB_OUT_DISCONNECT,
			  "rule 1, discard-my-data: both nodes asked to discard their data; reconnect one of them without it");
		return true;
	}
	if (!me->discard_my_data && !peer->discard_my_data)
		return false;
	if (me->discard_my_data ? me->primary : peer->primary) {
		br_sb_set(v, BR_SB_OUT_DISCONNECT,
			  "rule 2, discard-my-data: the node that asked to discard its data is Primary; a Primary is never resynced over: make it Secondary first, then reconnect");
		return true;
	}
	br_sb_set(v, br_sb_loser(me->discard_my_data),
		  "rule 3, discard-my-data: the node that asked to discard its data is discarded");
	return true;
}

/*
 * Rules 4-16: after-sb-0pri.  Also the verdict that the after-sb-1pri and
 * -2pri policies consensus and call-pri-lost-after-sb consult, so a side
 * may be Primary here (rule 10).
 */
static void br_sb_0pri(const struct br_sb_side *me,
		       const struct br_sb_side *peer, u8 policy,
		       bool tie_break, struct br_sb_verdict *v)
{
	u64 mt = me->gen_time, pt = peer->gen_time;
	u64 mc = me->changes, pc = peer->changes;

	switch (policy) {
	case BLKREP_SB_DISCONNECT:
		br_sb_set(v, BR_SB_OUT_DISCONNECT,
			  "rule 4, after-sb-0pri disconnect");
		return;
	case BLKREP_SB_DISCARD_YOUNGER_PRI:
		if (!mt || !pt || mt == pt) {
			br_sb_set(v, BR_SB_OUT_DISCONNECT,
				  "rule 5, after-sb-0pri discard-younger-primary: a generation's start time is unknown, or both are equal");
			return;
		}
		br_sb_set(v, br_sb_loser(mt > pt),
			  "rule 6, after-sb-0pri discard-younger-primary: the node whose generation started later is discarded");
		return;
	case BLKREP_SB_DISCARD_OLDER_PRI:
		if (!mt || !pt || mt == pt) {
			br_sb_set(v, BR_SB_OUT_DISCONNECT,
				  "rule 7, after-sb-0pri discard-older-primary: a generation's start time is unknown, or both are equal");
			return;
		}
		br_sb_set(v, br_sb_loser(mt < pt),
			  "rule 8, after-sb-0pri discard-older-primary: the node whose generation started earlier is discarded");
		return;
	case BLKREP_SB_DISCARD_ZERO_CHANGES:
		if (!mc != !pc) {
			br_sb_set(v, br_sb_loser(!mc),
				  "rule 9, after-sb-0pri discard-zero-changes: the node that changed nothing is discarded");
			return;
		}
		if (!mc && me->primary != peer->primary) {
			br_sb_set(v, br_sb_loser(!me->primary),
				  "rule 10, after-sb-0pri discard-zero-changes: neither node changed anything; the Secondary is discarded");
			return;
		}
		if (!mc) {
			br_sb_set(v, br_sb_loser(!tie_break),
				  "rule 11, after-sb-0pri discard-zero-changes: neither node changed anything, so discarding either is harmless; the node without the tie-break is discarded");
			return;
		}
		br_sb_set(v, BR_SB_OUT_DISCONNECT,
			  "rule 12, after-sb-0pri discard-zero-changes: both nodes changed data");
		return;
	case BLKREP_SB_DISCARD_LEAST_CHANGES:
		if (mc != pc) {
			br_sb_set(v, br_sb_loser(mc < pc),
				  "rule 13, after-sb-0pri discard-least-changes: the node that changed fewer blocks is discarded");
			return;
		}
		br_sb_set(v, BR_SB_OUT_DISCONNECT,
			  "rule 14, after-sb-0pri discard-least-changes: both nodes changed as many blocks");
		return;
	case BLKREP_SB_DISCARD_LOCAL:
	case BLKREP_SB_DISCARD_REMOTE:
		br_sb_set(v, br_sb_loser(policy == BLKREP_SB_DISCARD_LOCAL),
			  "rule 15, after-sb-0pri discard-node-NAME: the named node is discarded");
		return;
	default:
		br_sb_set(v, BR_SB_OUT_DISCONNECT,
			  "rule 16, after-sb-0pri: not a policy for no Primary");
		return;
	}
}

/* Whether verdict @o discards the Secondary of a me/peer pair. */
static bool br_sb_hits_secondary(const struct br_sb_side *me,
				 const struct br_sb_side *peer,
				 enum br_sb_outcome o)
{
	return (o == BR_SB_OUT_DISCARD_ME && !me->primary) ||
	       (o == BR_SB_OUT_DISCARD_PEER && !peer->primary);
}

/* Rules 17-24: after-sb-1pri; exactly one of the two is Primary. */
static void br_sb_1pri(const struct br_sb_side *me,
		       const struct br_sb_side *peer,
		       const struct br_sb_policy *pol, bool tie_break,
		       struct br_sb_verdict *v)
{
	struct br_sb_verdict v0 = { 0 };

	switch (pol->after_sb_1pri) {
	case BLKREP_SB_DISCONNECT:
		br_sb_set(v, BR_SB_OUT_DISCONNECT,
			  "rule 17, after-sb-1pri disconnect");
		return;
	case BLKREP_SB_CONSENSUS:
		br_sb_0pri(me, peer, pol->after_sb_0pri, tie_break, &v0);
		v->rule_0pri = v0.rule;
		if (br_sb_hits_secondary(me, peer, v0.outcome)) {
			br_sb_set(v, v0.outcome,
				  "rule 18, after-sb-1pri consensus: the after-sb-0pri verdict discards the Secondary");
			return;
		}
		br_sb_set(v, BR_SB_OUT_DISCONNECT,
			  "rule 19, after-sb-1pri consensus: the after-sb-0pri verdict does not discard the Secondary");
		return;
	case BLKREP_SB_DISCARD_SECONDARY:
		br_sb_set(v, br_sb_loser(!me->primary),
			  "rule 20, after-sb-1pri discard-secondary: the Secondary is discarded");
		return;
	case BLKREP_SB_CALL_PRI_LOST_AFTER_SB:
		br_sb_0pri(me, peer, pol->after_sb_0pri, tie_break, &v0);
		v->rule_0pri = v0.rule;
		if (br_sb_hits_secondary(me, peer, v0.outcome)) {
			br_sb_set(v, v0.outcome,
				  "rule 21, after-sb-1pri call-pri-lost-after-sb: the after-sb-0pri verdict discards the Secondary");
			return;
		}
		if (v0.outcome != BR_SB_OUT_DISCONNECT) {
			/* It names the Primary, which is not resynced over. */
			v->call_pri_lost_after_sb = me->primary;
			br_sb_set(v, BR_SB_OUT_DISCONNECT,
				  "rule 22, after-sb-1pri call-pri-lost-after-sb: the after-sb-0pri verdict discards the Primary, which runs the pri-lost-after-sb handler");
			return;
		}
		br_sb_set(v, BR_SB_OUT_DISCONNECT,
			  "rule 23, after-sb-1pri call-pri-lost-after-sb: the after-sb-0pri verdict is disconnect");
		return;
	default:
		br_sb_set(v, BR_SB_OUT_DISCONNECT,
			  "rule 24, after-sb-1pri: not a policy for one Primary");
		return;
	}
}

/* Rules 25-28: after-sb-2pri; both are Primary, neither is resynced over. */
static void br_sb_2pri(const struct br_sb_side *me,
		       const struct br_sb_side *peer,
		       const struct br_sb_policy *pol, bool tie_break,
		       struct br_sb_verdict *v)
{
	struct br_sb_verdict v0 = { 0 };

	switch (pol->after_sb_2pri) {
	case BLKREP_SB_DISCONNECT:
		br_sb_set(v, BR_SB_OUT_DISCONNECT,
			  "rule 25, after-sb-2pri disconnect");
		return;
	case BLKREP_SB_CALL_PRI_LOST_AFTER_SB:
		br_sb_0pri(me, peer, pol->after_sb_0pri, tie_break, &v0);
		v->rule_0pri = v0.rule;
		if (v0.outcome != BR_SB_OUT_DISCONNECT) {
			v->call_pri_lost_after_sb =
				v0.outcome == BR_SB_OUT_DISCARD_ME;
			br_sb_set(v, BR_SB_OUT_DISCONNECT,
				  "rule 26, after-sb-2pri call-pri-lost-after-sb: the Primary that the after-sb-0pri verdict discards runs the pri-lost-after-sb handler");
			return;
		}
		br_sb_set(v, BR_SB_OUT_DISCONNECT,
			  "rule 27, after-sb-2pri call-pri-lost-after-sb: the after-sb-0pri verdict is disconnect");
		return;
	default:
		br_sb_set(v, BR_SB_OUT_DISCONNECT,
			  "rule 28, after-sb-2pri: not a policy for two Primaries");
		return;
	}
}

void br_sb_decide(const struct br_sb_side *me, const struct br_sb_side *peer,
		  const struct br_sb_policy *pol, bool tie_break,
		  struct br_sb_verdict *v)
{
	v->outcome = BR_SB_OUT_DISCONNECT;
	v->call_pri_lost_after_sb = false;
	v->rule = NULL;
	v->rule_0pri = NULL;

	if (br_sb_manual(me, peer, v))
		return;
	switch ((int)me->primary + (int)peer->primary) {
	case 0:
		br_sb_0pri(me, peer, pol->after_sb_0pri, tie_break, v);
		break;
	case 1:
		br_sb_1pri(me, peer, pol, tie_break, v);
		break;
	default:
		br_sb_2pri(me, peer, pol, tie_break, v);
		break;
	}
}

static bool br_sb_policy_alike(u8 mine, u8 peers)
{
	if (mine == BLKREP_SB_DISCARD_LOCAL)
		return peers == BLKREP_SB_DISCARD_REMOTE;
	if (mine == BLKREP_SB_DISCARD_REMOTE)
		return peers == BLKREP_SB_DISCARD_LOCAL;
	return mine == peers;
}

bool br_sb_policies_alike(const struct br_sb_policy *mine,
			  const struct br_sb_policy *peers)
{
	return br_sb_policy_alike(mine->after_sb_0pri, peers->after_sb_0pri) &&
	       br_sb_policy_alike(mine->after_sb_1pri, peers->after_sb_1pri) &&
	       br_sb_policy_alike(mine->after_sb_2pri, peers->after_sb_2pri);
}
