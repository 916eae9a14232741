/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Automatic split-brain recovery: which node, if any, gives up its changes
 * once the handshake has found split brain (kernel/uuid.c).
 *
 * Pure logic, compiled in the module and in the host unit tests
 * (tests/unit/test_splitbrain.c).  The rules are the numbered table in
 * Documentation/generation-uuids.rst ("Split brain"); br_sb_decide() tries
 * them in the table's order.
 *
 * Both nodes run br_sb_decide() on the same two sides (each as "me" on its
 * own), with tie_break true on exactly one of them (the handshake passes
 * the connection's initiator, as for br_sync_decide()).  If their policies
 * are alike (br_sb_policies_alike()), the two verdicts are mirror images:
 * DISCARD_ME on one node exactly when DISCARD_PEER on the other, DISCONNECT
 * on both otherwise, and both carry the same rule string.  A verdict never
 * discards a Primary.
 */
#ifndef BLKREP_SPLITBRAIN_H
#define BLKREP_SPLITBRAIN_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include "host_kernel_types.h"
#endif
#include "../include/uapi/linux/blkrep.h"	/* enum blkrep_sb_policy */

/* One node's side of the split brain, as both nodes know it. */
struct br_sb_side {
	bool primary;		/* role now */
	bool discard_my_data;	/* connected with --discard-my-data */
	/*
	 * Bits set in its bitmap: the blocks it changed since the split
	 * (plus any that were out of sync before).
	 */
	u64 changes;
	/*
	 * Wall-clock seconds when its current generation started (it became
	 * Primary without the peer); 0 = unknown.
	 */
	u64 gen_time;
};

/* This node's configuration: enum blkrep_sb_policy values. */
struct br_sb_policy {
	u8 after_sb_0pri, after_sb_1pri, after_sb_2pri;
};

enum br_sb_outcome {
	BR_SB_OUT_DISCONNECT,	/* no automatic recovery: both go StandAlone */
	BR_SB_OUT_DISCARD_ME,	/* this node becomes the resync target */
	BR_SB_OUT_DISCARD_PEER,	/* the peer becomes the resync target */
};

struct br_sb_verdict {
	enum br_sb_outcome outcome;
	/*
	 * Run the pri-lost-after-sb handler on this node: it is a Primary
	 * that the policy chose to lose (rows 22 and 26).  Never true on
	 * both nodes; the outcome is then DISCONNECT.
	 */
	bool call_pri_lost_after_sb;
	/* The row that decided (a static string, "rule N, ...": log it). */
	const char *rule;
	/*
	 * The after-sb-0pri row that an after-sb-1pri or -2pri policy
	 * consulted (consensus, call-pri-lost-after-sb), else NULL.
	 */
	const char *rule_0pri;
};

/*
 * Decide what happens after split brain between @me and @peer, with this
 * node's policy @pol.  @tie_break is true on exactly one of the two nodes.
 * Fills in all of *@v.
 */
void br_sb_decide(const struct br_sb_side *me, const struct br_sb_side *peer,
		  const struct br_sb_policy *pol, bool tie_break,
		  struct br_sb_verdict *v);

/*
 * Whether this node's policy @mine and the peer's @peers are configured
 * alike: each field identical, except that discard-node-NAME reads
 * DISCARD_LOCAL on one node and DISCARD_REMOTE on the other (and then must:
 * LOCAL on both, or REMOTE on both, is not alike).  The handshake refuses
 * a peer whose policy is not alike; only then are the verdicts mirrors.
 */
bool br_sb_policies_alike(const struct br_sb_policy *mine,
			  const struct br_sb_policy *peers);

const char *br_sb_outcome_name(enum br_sb_outcome o);

#endif
