// SPDX-License-Identifier: GPL-2.0
/*
 * Generation UUID rules (kernel/uuid.c): every rule of the table in
 * Documentation/generation-uuids.rst, and that the two nodes always reach
 * mirror-image decisions.
 */
#include "unit.h"
#include "uuid.h"

#define G  0x1000ULL	/* an old generation both nodes shared */
#define A1 0xa001ULL	/* generations started by alpha */
#define B1 0xb001ULL	/* ... and by beta */
#define FRESH BR_UUID_JUST_CREATED

static struct br_sync_side side(u64 cur, u64 bm, u64 h0, u64 h1)
{
	struct br_sync_side s = { .uuid = { cur, bm, h0, h1 } };
	return s;
}

static enum br_sync_decision mirror(enum br_sync_decision d)
{
	switch (d) {
	case BR_SYNC_SOURCE:		return BR_SYNC_TARGET;
	case BR_SYNC_TARGET:		return BR_SYNC_SOURCE;
	case BR_SYNC_SOURCE_FULL:	return BR_SYNC_TARGET_FULL;
	case BR_SYNC_TARGET_FULL:	return BR_SYNC_SOURCE_FULL;
	default:			return d;
	}
}

/* Decide on both nodes; they must agree. */
static enum br_sync_decision decide(struct br_sync_side *me,
				    struct br_sync_side *peer,
				    const char **rule)
{
	const char *r2;
	enum br_sync_decision d = br_sync_decide(me, peer, true, rule);
	enum br_sync_decision p = br_sync_decide(peer, me, false, &r2);

	return p == mirror(d) ? d : (enum br_sync_decision)-1;
}

static void test_both_fresh(void)
{
	struct br_sync_side a = side(FRESH, 0, 0, 0), b = a;
	const char *rule;

	CHECK_EQ(decide(&a, &b, &rule), BR_SYNC_NONE);
	CHECK_STR(rule, "both disks fresh from create-md");
}

static void test_fresh_peer_gets_full_sync(void)
{
	struct br_sync_side a = side(A1, 0, 0, 0), b = side(FRESH, 0, 0, 0);
	const char *rule;

	CHECK_EQ(decide(&a, &b, &rule), BR_SYNC_SOURCE_FULL);
	CHECK_EQ(decide(&b, &a, &rule), BR_SYNC_TARGET_FULL);
}

static void test_same_generation_clean(void)
{
	struct br_sync_side a = side(G, 0, 0, 0), b = side(G, 0, 0, 0);
	const char *rule;

	CHECK_EQ(decide(&a, &b, &rule), BR_SYNC_NONE);
}

static void test_same_generation_primary_sends(void)
{
	struct br_sync_side a = side(G, 0, 0, 0), b = side(G, 0, 0, 0);
	const char *rule;

	a.bm_weight = 10;
	b.primary = true;
	CHECK_EQ(decide(&a, &b, &rule), BR_SYNC_TARGET);
	b.primary = false;
	a.crashed_primary = true;
	CHECK_EQ(decide(&a, &b, &rule), BR_SYNC_SOURCE);
	a.crashed_primary = false;
	CHECK_EQ(decide(&a, &b, &rule), BR_SYNC_SOURCE);	/* more bits */
	b.bm_weight = 10;
	CHECK_EQ(decide(&a, &b, &rule), BR_SYNC_SOURCE);	/* tie: initiator */
}

static void test_same_generation_inconsistent_receives(void)
{
	struct br_sync_side a = side(G, 0, 0, 0), b = side(G, 0, 0, 0);
	const char *rule;

	b.inconsistent = true;
	CHECK_EQ(decide(&a, &b, &rule), BR_SYNC_SOURCE);
}

static void test_same_generation_outdated_receives(void)
{
	struct br_sync_side a = side(G, 0, 0, 0), b = side(G, 0, 0, 0);
	const char *rule;

	/* Outdated loses even against more changed blocks of its own. */
	a.outdated = true;
	a.bm_weight = 50;
	CHECK_EQ(decide(&a, &b, &rule), BR_SYNC_TARGET);
	CHECK_EQ(decide(&b, &a, &rule), BR_SYNC_SOURCE);
	/* Inconsistent is worse than Outdated. */
	b.inconsistent = true;
	CHECK_EQ(decide(&a, &b, &rule), BR_SYNC_SOURCE);
}

static void test_primary_moved_on(void)
{
	/* alpha was Primary, lost beta, started A1 tracking changes since G */
	struct br_sync_side a = side(A1, G, 0, 0), b = side(G, 0, 0, 0);
	const char *rule;

	CHECK_EQ(decide(&a, &b, &rule), BR_SYNC_SOURCE);
	CHECK_STR(rule, "this node moved on from the peer's generation");
	CHECK_EQ(decide(&b, &a, &rule), BR_SYNC_TARGET);
}

static void test_split_brain(void)
{
	struct br_sync_side a = side(A1, G, 0, 0), b = side(B1, G, 0, 0);
	const char *rule;

	CHECK_EQ(decide(&a, &b, &rule), BR_SYNC_SPLIT_BRAIN);
	CHECK_STR(rule, "both moved on from the same generation");
}

static void test_history_full_sync(void)
{
	/* beta is two generations behind: only a full sync is safe */
	struct br_sync_side a = side(A1, 0, 0xa000, G), b = side(G, 0, 0, 0);
	const char *rule;

	CHECK_EQ(decide(&a, &b, &rule), BR_SYNC_SOURCE_FULL);
	CHECK_EQ(decide(&b, &a, &rule), BR_SYNC_TARGET_FULL);
}

static void test_histories_meet(void)
{
	struct br_sync_side a = side(A1, 0xa000, 0, 0);
	struct br_sync_side b = side(B1, 0xb000, 0xa000, 0);
	const char *rule;

	CHECK_EQ(decide(&a, &b, &rule), BR_SYNC_SPLIT_BRAIN);
	CHECK_STR(rule, "the two histories meet in an older generation");
}

static void test_unrelated(void)
{
	struct br_sync_side a = side(A1, 0, 0, 0), b = side(B1, 0, 0, 0);
	const char *rule;

	CHECK_EQ(decide(&a, &b, &rule), BR_SYNC_UNRELATED);
}

static void test_new_current_keeps_bitmap_base(void)
{
	u64 u[BR_UUID_COUNT] = { G, 0, 0, 0 };

	br_uuid_new_current(u, A1);
	CHECK_EQ(u[BR_UUID_CURRENT], A1);
	CHECK_EQ(u[BR_UUID_BITMAP], G);
	br_uuid_new_current(u, 0xa002);		/* still disconnected */
	CHECK_EQ(u[BR_UUID_BITMAP], G);		/* the bitmap still counts from G */
	br_uuid_sync_done_source(u);
	CHECK_EQ(u[BR_UUID_BITMAP], 0);
	CHECK_EQ(u[BR_UUID_HISTORY0], G);
}

static void test_decision_names(void)
{
	CHECK_STR(br_sync_decision_name(BR_SYNC_SPLIT_BRAIN), "split brain");
	CHECK_STR(br_sync_decision_name((enum br_sync_decision)99), "?");
}

int main(void)
{
	RUN("uuid", test_both_fresh);
	RUN("uuid", test_fresh_peer_gets_full_sync);
	RUN("uuid", test_same_generation_clean);
	RUN("uuid", test_same_generation_primary_sends);
	RUN("uuid", test_same_generation_inconsistent_receives);
	RUN("uuid", test_same_generation_outdated_receives);
	RUN("uuid", test_primary_moved_on);
	RUN("uuid", test_split_brain);
	RUN("uuid", test_history_full_sync);
	RUN("uuid", test_histories_meet);
	RUN("uuid", test_unrelated);
	RUN("uuid", test_new_current_keeps_bitmap_base);
	RUN("uuid", test_decision_names);
	return unit_done();
}
