// SPDX-License-Identifier: GPL-2.0
/*
 * Split-brain recovery (kernel/splitbrain.c): every row of the table in
 * Documentation/generation-uuids.rst ("Split brain"); over a grid of
 * inputs, that the two nodes reach mirror-image verdicts when their
 * policies are alike, that no verdict discards a Primary, and that every
 * row can be reached; and br_sb_policies_alike().
 */
#include <stdlib.h>
#include "unit.h"
#include "splitbrain.h"

#define ME	BR_SB_OUT_DISCARD_ME
#define PEER	BR_SB_OUT_DISCARD_PEER
#define DISC	BR_SB_OUT_DISCONNECT

#define NROWS 28

static struct br_sb_side sec(u64 changes, u64 gen_time)
{
	struct br_sb_side s = { .changes = changes, .gen_time = gen_time };
	return s;
}

static struct br_sb_side pri(u64 changes, u64 gen_time)
{
	struct br_sb_side s = sec(changes, gen_time);

	s.primary = true;
	return s;
}

static struct br_sb_policy policy(u8 p0, u8 p1, u8 p2)
{
	struct br_sb_policy p = { p0, p1, p2 };
	return p;
}

/* The number N of "rule N, ...", or -1. */
static int rule_no(const char *rule)
{
	char *end;
	long n;

	if (!rule || strncmp(rule, "rule ", 5))
		return -1;
	n = strtol(rule + 5, &end, 10);
	return *end == ',' && n >= 1 && n <= NROWS ? (int)n : -1;
}

static u8 mirror_policy(u8 p)
{
	if (p == BLKREP_SB_DISCARD_LOCAL)
		return BLKREP_SB_DISCARD_REMOTE;
	if (p == BLKREP_SB_DISCARD_REMOTE)
		return BLKREP_SB_DISCARD_LOCAL;
	return p;
}

/* The peer's configuration when it is alike @p. */
static struct br_sb_policy peer_policy(const struct br_sb_policy *p)
{
	return policy(mirror_policy(p->after_sb_0pri),
		      mirror_policy(p->after_sb_1pri),
		      mirror_policy(p->after_sb_2pri));
}

static enum br_sb_outcome mirror(enum br_sb_outcome o)
{
	return o == ME ? PEER : o == PEER ? ME : o;
}

/* Whether two verdicts, one from each node, are mirror images. */
static int verdicts_mirror(const struct br_sb_verdict *a,
			   const struct br_sb_verdict *b)
{
	return b->outcome == mirror(a->outcome) && a->rule && a->rule == b->rule &&
	       a->rule_0pri == b->rule_0pri &&
	       !(a->call_pri_lost_after_sb && b->call_pri_lost_after_sb);
}

/* Whether verdict @v, made by @me, discards a Primary. */
static int discards_primary(const struct br_sb_side *me,
			    const struct br_sb_side *peer,
			    const struct br_sb_verdict *v)
{
	return (v->outcome == ME && me->primary) ||
	       (v->outcome == PEER && peer->primary);
}

/*
 * Decide on alpha (tie_break true) with @pol, and on beta with the alike
 * policy; check that the two agree and that neither discards a Primary.
 * *@v is alpha's verdict; *@vb beta's.
 */
static int decide2(const struct br_sb_side *a, const struct br_sb_side *b,
		   const struct br_sb_policy *pol, struct br_sb_verdict *v,
		   struct br_sb_verdict *vb)
{
	struct br_sb_policy pb = peer_policy(pol);

	br_sb_decide(a, b, pol, true, v);
	br_sb_decide(b, a, &pb, false, vb);
	return verdicts_mirror(v, vb) && !discards_primary(a, b, v) &&
	       !discards_primary(b, a, vb);
}

/*
 * Check alpha's verdict: outcome @out, row @row, the consulted 0pri row
 * @row0 (0: none), and whether alpha (@ca) and beta (@cb) run the
 * pri-lost-after-sb handler.
 */
#define VERDICT(a, b, pol, out, row, row0, ca, cb) do { \
	struct br_sb_verdict _v, _vb; \
	struct br_sb_policy _p = (pol); \
	CHECK(decide2(&(a), &(b), &_p, &_v, &_vb)); \
	CHECK_EQ(_v.outcome, (out)); \
	CHECK_EQ(rule_no(_v.rule), (row)); \
	if (row0) \
		CHECK_EQ(rule_no(_v.rule_0pri), (row0)); \
	else \
		CHECK(!_v.rule_0pri); \
	CHECK_EQ(_v.call_pri_lost_after_sb, (ca)); \
	CHECK_EQ(_vb.call_pri_lost_after_sb, (cb)); \
} while (0)

#define P(x) BLKREP_SB_##x
/* A policy with only one field set; the others disconnect. */
#define POL0(x) policy(P(x), P(DISCONNECT), P(DISCONNECT))
#define POL1(x0, x1) policy(P(x0), P(x1), P(DISCONNECT))
#define POL2(x0, x2) policy(P(x0), P(DISCONNECT), P(x2))

/* Policies that would recover on their own, to show rules 1-3 come first. */
#define POL_EAGER policy(P(DISCARD_LOCAL), P(DISCARD_SECONDARY), \
			 P(CALL_PRI_LOST_AFTER_SB))

static void test_row1_both_discard_my_data(void)
{
	struct br_sb_side a = sec(5, 10), b = sec(1, 20);
	struct br_sb_verdict v;
	struct br_sb_policy p = POL_EAGER;

	a.discard_my_data = b.discard_my_data = true;
	VERDICT(a, b, POL_EAGER, DISC, 1, 0, false, false);
	br_sb_decide(&a, &b, &p, true, &v);
	CHECK(strstr(v.rule, "both nodes asked to discard their data"));
	a.primary = true;
	VERDICT(a, b, POL_EAGER, DISC, 1, 0, false, false);
}

static void test_row2_discard_my_data_on_primary(void)
{
	struct br_sb_side a = pri(5, 10), b = sec(1, 20);
	struct br_sb_verdict v;
	struct br_sb_policy p = POL_EAGER;

	a.discard_my_data = true;
	VERDICT(a, b, POL_EAGER, DISC, 2, 0, false, false);
	VERDICT(b, a, POL_EAGER, DISC, 2, 0, false, false);
	br_sb_decide(&a, &b, &p, true, &v);
	CHECK(strstr(v.rule, "make it Secondary first"));
	b.primary = true;
	VERDICT(a, b, POL_EAGER, DISC, 2, 0, false, false);
}

static void test_row3_discard_my_data(void)
{
	struct br_sb_side a = sec(500, 10), b = sec(1, 20);

	a.discard_my_data = true;
	/* Whatever the policy and the changes say. */
	VERDICT(a, b, policy(P(DISCARD_REMOTE), P(DISCONNECT), P(DISCONNECT)),
		ME, 3, 0, false, false);
	VERDICT(b, a, POL0(DISCARD_ZERO_CHANGES), PEER, 3, 0, false, false);
	/* Whatever the roles, as long as the discarded node is Secondary. */
	b.primary = true;
	VERDICT(a, b, POL_EAGER, ME, 3, 0, false, false);
	VERDICT(b, a, POL1(DISCONNECT, DISCONNECT), PEER, 3, 0, false, false);
}

static void test_row4_0pri_disconnect(void)
{
	struct br_sb_side a = sec(0, 10), b = sec(7, 20);

	VERDICT(a, b, POL0(DISCONNECT), DISC, 4, 0, false, false);
}

static void test_rows5_6_discard_younger_primary(void)
{
	struct br_sb_side a = sec(3, 10), b = sec(3, 20);

	VERDICT(a, b, POL0(DISCARD_YOUNGER_PRI), PEER, 6, 0, false, false);
	VERDICT(b, a, POL0(DISCARD_YOUNGER_PRI), ME, 6, 0, false, false);
	b.gen_time = 10;
	VERDICT(a, b, POL0(DISCARD_YOUNGER_PRI), DISC, 5, 0, false, false);
	b.gen_time = 0;		/* unknown */
	VERDICT(a, b, POL0(DISCARD_YOUNGER_PRI), DISC, 5, 0, false, false);
	VERDICT(b, a, POL0(DISCARD_YOUNGER_PRI), DISC, 5, 0, false, false);
}

static void test_rows7_8_discard_older_primary(void)
{
	struct br_sb_side a = sec(3, 10), b = sec(3, 20);

	VERDICT(a, b, POL0(DISCARD_OLDER_PRI), ME, 8, 0, false, false);
	VERDICT(b, a, POL0(DISCARD_OLDER_PRI), PEER, 8, 0, false, false);
	a.gen_time = 20;
	VERDICT(a, b, POL0(DISCARD_OLDER_PRI), DISC, 7, 0, false, false);
	a.gen_time = 0;
	VERDICT(a, b, POL0(DISCARD_OLDER_PRI), DISC, 7, 0, false, false);
}

static void test_rows9_12_discard_zero_changes(void)
{
	struct br_sb_side a = sec(0, 10), b = sec(5, 20);

	/* 9: the node that changed nothing. */
	VERDICT(a, b, POL0(DISCARD_ZERO_CHANGES), ME, 9, 0, false, false);
	VERDICT(b, a, POL0(DISCARD_ZERO_CHANGES), PEER, 9, 0, false, false);
	/* 11: neither changed anything: the node without the tie-break. */
	b.changes = 0;
	VERDICT(a, b, POL0(DISCARD_ZERO_CHANGES), PEER, 11, 0, false, false);
	VERDICT(b, a, POL0(DISCARD_ZERO_CHANGES), PEER, 11, 0, false, false);
	/* 10: ... but the Secondary when one is Primary (via consensus). */
	b.primary = true;
	VERDICT(a, b, POL1(DISCARD_ZERO_CHANGES, CONSENSUS), ME, 18, 10,
		false, false);
	VERDICT(b, a, POL1(DISCARD_ZERO_CHANGES, CONSENSUS), PEER, 18, 10,
		false, false);
	/* 12: both changed data. */
	b.primary = false;
	a.changes = 1;
	b.changes = 1;
	VERDICT(a, b, POL0(DISCARD_ZERO_CHANGES), DISC, 12, 0, false, false);
}

static void test_row10_not_left_to_the_tie_break(void)
{
	/*
	 * Nothing differs and alpha is Primary: whichever node holds the
	 * tie-break, the Secondary loses and the Primary runs no handler.
	 */
	struct br_sb_side a = pri(0, 10), b = sec(0, 20);
	struct br_sb_policy p = POL1(DISCARD_ZERO_CHANGES,
				     CALL_PRI_LOST_AFTER_SB);
	struct br_sb_verdict v;
	int t;

	for (t = 0; t < 2; t++) {
		br_sb_decide(&a, &b, &p, t, &v);
		CHECK_EQ(v.outcome, PEER);
		CHECK_EQ(rule_no(v.rule), 21);
		CHECK_EQ(rule_no(v.rule_0pri), 10);
		CHECK(!v.call_pri_lost_after_sb);
	}
}

static void test_rows13_14_discard_least_changes(void)
{
	struct br_sb_side a = sec(12, 10), b = sec(340, 20);

	VERDICT(a, b, POL0(DISCARD_LEAST_CHANGES), ME, 13, 0, false, false);
	VERDICT(b, a, POL0(DISCARD_LEAST_CHANGES), PEER, 13, 0, false, false);
	a.changes = 0;
	VERDICT(a, b, POL0(DISCARD_LEAST_CHANGES), ME, 13, 0, false, false);
	a.changes = 340;
	VERDICT(a, b, POL0(DISCARD_LEAST_CHANGES), DISC, 14, 0, false, false);
}

static void test_row15_discard_node(void)
{
	struct br_sb_side a = sec(500, 10), b = sec(0, 20);

	/* discard-node-alpha: LOCAL on alpha, REMOTE on beta (decide2). */
	VERDICT(a, b, POL0(DISCARD_LOCAL), ME, 15, 0, false, false);
	/* discard-node-beta. */
	VERDICT(a, b, POL0(DISCARD_REMOTE), PEER, 15, 0, false, false);
	VERDICT(b, a, POL0(DISCARD_LOCAL), ME, 15, 0, false, false);
}

static void test_row16_0pri_other_values(void)
{
	struct br_sb_side a = sec(0, 10), b = sec(5, 20);
	static const u8 bad[] = { P(CONSENSUS), P(DISCARD_SECONDARY),
				  P(CALL_PRI_LOST_AFTER_SB), __BLKREP_SB_MAX,
				  200, 255 };
	unsigned int i;

	for (i = 0; i < sizeof(bad); i++)
		VERDICT(a, b, policy(bad[i], P(DISCONNECT), P(DISCONNECT)),
			DISC, 16, 0, false, false);
}

static void test_row17_1pri_disconnect(void)
{
	struct br_sb_side a = pri(5, 10), b = sec(0, 20);

	VERDICT(a, b, POL1(DISCARD_ZERO_CHANGES, DISCONNECT), DISC, 17, 0,
		false, false);
}

static void test_rows18_19_consensus(void)
{
	struct br_sb_side a = pri(5, 10), b = sec(0, 20);

	/* 18: the 0pri verdict discards the Secondary (beta). */
	VERDICT(a, b, POL1(DISCARD_ZERO_CHANGES, CONSENSUS), PEER, 18, 9,
		false, false);
	VERDICT(b, a, POL1(DISCARD_ZERO_CHANGES, CONSENSUS), ME, 18, 9,
		false, false);
	VERDICT(a, b, POL1(DISCARD_REMOTE, CONSENSUS), PEER, 18, 15,
		false, false);
	/* 19: it would discard the Primary ... */
	VERDICT(a, b, POL1(DISCARD_LOCAL, CONSENSUS), DISC, 19, 15,
		false, false);
	VERDICT(a, b, POL1(DISCARD_OLDER_PRI, CONSENSUS), DISC, 19, 8,
		false, false);
	VERDICT(a, b, POL1(DISCARD_YOUNGER_PRI, CONSENSUS), PEER, 18, 6,
		false, false);
	/* ... or it is disconnect. */
	VERDICT(a, b, POL1(DISCONNECT, CONSENSUS), DISC, 19, 4, false, false);
	VERDICT(a, b, POL1(DISCARD_SECONDARY, CONSENSUS), DISC, 19, 16,
		false, false);
}

static void test_row20_discard_secondary(void)
{
	struct br_sb_side a = pri(0, 10), b = sec(500, 20);

	VERDICT(a, b, POL1(DISCARD_LOCAL, DISCARD_SECONDARY), PEER, 20, 0,
		false, false);
	VERDICT(b, a, POL1(DISCONNECT, DISCARD_SECONDARY), ME, 20, 0,
		false, false);
}

static void test_rows21_23_1pri_call_pri_lost_after_sb(void)
{
	struct br_sb_side a = pri(5, 10), b = sec(1, 20);

	/* 21: the 0pri verdict discards the Secondary (fewer changes). */
	VERDICT(a, b, POL1(DISCARD_LEAST_CHANGES, CALL_PRI_LOST_AFTER_SB),
		PEER, 21, 13, false, false);
	/* 22: it discards the Primary, which runs the handler. */
	b.changes = 50;
	VERDICT(a, b, POL1(DISCARD_LEAST_CHANGES, CALL_PRI_LOST_AFTER_SB),
		DISC, 22, 13, true, false);
	VERDICT(b, a, POL1(DISCARD_LEAST_CHANGES, CALL_PRI_LOST_AFTER_SB),
		DISC, 22, 13, false, true);
	/* 23: it is disconnect. */
	b.changes = 5;
	VERDICT(a, b, POL1(DISCARD_LEAST_CHANGES, CALL_PRI_LOST_AFTER_SB),
		DISC, 23, 14, false, false);
}

static void test_row24_1pri_other_values(void)
{
	struct br_sb_side a = pri(5, 10), b = sec(0, 20);
	static const u8 bad[] = { P(DISCARD_YOUNGER_PRI), P(DISCARD_OLDER_PRI),
				  P(DISCARD_ZERO_CHANGES),
				  P(DISCARD_LEAST_CHANGES), P(DISCARD_LOCAL),
				  P(DISCARD_REMOTE), __BLKREP_SB_MAX, 255 };
	unsigned int i;

	for (i = 0; i < sizeof(bad); i++)
		VERDICT(a, b, policy(P(DISCARD_ZERO_CHANGES), bad[i],
				     P(DISCONNECT)), DISC, 24, 0, false, false);
}

static void test_row25_2pri_disconnect(void)
{
	struct br_sb_side a = pri(5, 10), b = pri(0, 20);

	VERDICT(a, b, POL2(DISCARD_ZERO_CHANGES, DISCONNECT), DISC, 25, 0,
		false, false);
}

static void test_rows26_27_2pri_call_pri_lost_after_sb(void)
{
	struct br_sb_side a = pri(5, 10), b = pri(0, 20);

	/* 26: beta changed nothing: it runs the handler; no resync. */
	VERDICT(a, b, POL2(DISCARD_ZERO_CHANGES, CALL_PRI_LOST_AFTER_SB),
		DISC, 26, 9, false, true);
	VERDICT(b, a, POL2(DISCARD_ZERO_CHANGES, CALL_PRI_LOST_AFTER_SB),
		DISC, 26, 9, true, false);
	VERDICT(a, b, POL2(DISCARD_OLDER_PRI, CALL_PRI_LOST_AFTER_SB),
		DISC, 26, 8, true, false);
	/* Neither changed anything: the node without the tie-break. */
	a.changes = 0;
	VERDICT(a, b, POL2(DISCARD_ZERO_CHANGES, CALL_PRI_LOST_AFTER_SB),
		DISC, 26, 11, false, true);
	VERDICT(b, a, POL2(DISCARD_ZERO_CHANGES, CALL_PRI_LOST_AFTER_SB),
		DISC, 26, 11, false, true);
	/* 27: the 0pri verdict is disconnect. */
	VERDICT(a, b, POL2(DISCONNECT, CALL_PRI_LOST_AFTER_SB), DISC, 27, 4,
		false, false);
	a.gen_time = 20;
	VERDICT(a, b, POL2(DISCARD_OLDER_PRI, CALL_PRI_LOST_AFTER_SB),
		DISC, 27, 7, false, false);
}

static void test_row28_2pri_other_values(void)
{
	struct br_sb_side a = pri(5, 10), b = pri(0, 20);
	static const u8 bad[] = { P(DISCARD_YOUNGER_PRI), P(DISCARD_OLDER_PRI),
				  P(DISCARD_ZERO_CHANGES),
				  P(DISCARD_LEAST_CHANGES), P(DISCARD_LOCAL),
				  P(DISCARD_REMOTE), P(CONSENSUS),
				  P(DISCARD_SECONDARY), __BLKREP_SB_MAX, 255 };
	unsigned int i;

	for (i = 0; i < sizeof(bad); i++)
		VERDICT(a, b, policy(P(DISCARD_ZERO_CHANGES), P(DISCONNECT),
				     bad[i]), DISC, 28, 0, false, false);
}

/*
 * The grid: every side (role, discard-my-data, changes in {0,1,5},
 * gen_time in {0,10,20}) against every side, every policy value in each
 * field (the valid ones and some invalid ones), both tie-breaks.
 */
static const u8 grid_pol[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
			       __BLKREP_SB_MAX, 200, 255 };
#define NPOL sizeof(grid_pol)
#define NSIDES 36

static struct br_sb_side grid_side(unsigned int i)
{
	static const u64 changes[] = { 0, 1, 5 }, gen_time[] = { 0, 10, 20 };
	struct br_sb_side s = {
		.primary = i & 1,
		.discard_my_data = (i >> 1) & 1,
		.changes = changes[(i >> 2) % 3],
		.gen_time = gen_time[(i >> 2) / 3],
	};
	return s;
}

/* Grid case @n: the two sides, alpha's policy and alpha's tie-break. */
#define GRID_N (2UL * NSIDES * NSIDES * NPOL * NPOL * NPOL)
static bool grid_case(unsigned long n, struct br_sb_side *a,
		      struct br_sb_side *b, struct br_sb_policy *pa)
{
	bool tie_break = n % 2;

	n /= 2;
	*a = grid_side(n % NSIDES);
	n /= NSIDES;
	*b = grid_side(n % NSIDES);
	n /= NSIDES;
	pa->after_sb_0pri = grid_pol[n % NPOL];
	n /= NPOL;
	pa->after_sb_1pri = grid_pol[n % NPOL];
	n /= NPOL;
	pa->after_sb_2pri = grid_pol[n % NPOL];
	return tie_break;
}

static unsigned long grid_decisions;
static unsigned long grid_rows[NROWS + 1];

static void test_grid_mirror(void)
{
	unsigned long n;

	grid_decisions = 0;
	for (n = 0; n < GRID_N; n++) {
		struct br_sb_side a, b;
		struct br_sb_policy pa, pb;
		struct br_sb_verdict va, vb;
		bool t = grid_case(n, &a, &b, &pa);

		pb = peer_policy(&pa);
		CHECK(br_sb_policies_alike(&pa, &pb));
		CHECK(br_sb_policies_alike(&pb, &pa));
		br_sb_decide(&a, &b, &pa, t, &va);
		br_sb_decide(&b, &a, &pb, !t, &vb);
		CHECK(verdicts_mirror(&va, &vb));
		CHECK(rule_no(va.rule) > 0);
		CHECK(!va.rule_0pri || rule_no(va.rule_0pri) > 0);
		/* The handler runs only on a Primary, which is kept. */
		CHECK(!va.call_pri_lost_after_sb ||
		      (a.primary && va.outcome == DISC));
		grid_rows[rule_no(va.rule)]++;
		if (va.rule_0pri)
			grid_rows[rule_no(va.rule_0pri)]++;
		grid_decisions += 2;
	}
}

static void test_grid_never_discards_primary(void)
{
	unsigned long n;

	/* Any policy here, alike or not: each node on its own. */
	for (n = 0; n < GRID_N; n++) {
		struct br_sb_side a, b;
		struct br_sb_policy pa;
		struct br_sb_verdict v;
		bool t = grid_case(n, &a, &b, &pa);

		br_sb_decide(&a, &b, &pa, t, &v);
		CHECK(!discards_primary(&a, &b, &v));
		CHECK(v.outcome != ME || !a.primary);
		CHECK(v.outcome != PEER || !b.primary);
	}
}

/* Over the grid of test_grid_mirror, which runs first. */
static void test_grid_reaches_every_row(void)
{
	int r;

	CHECK_EQ(grid_decisions, 2 * GRID_N);
	for (r = 1; r <= NROWS; r++)
		CHECK(grid_rows[r] > 0);
}

static void test_grid_tie_break_only_in_row11(void)
{
	unsigned long n;

	for (n = 0; n < GRID_N; n += 2) {
		struct br_sb_side a, b;
		struct br_sb_policy pa;
		struct br_sb_verdict v0, v1;

		grid_case(n, &a, &b, &pa);
		br_sb_decide(&a, &b, &pa, false, &v0);
		br_sb_decide(&a, &b, &pa, true, &v1);
		if (v0.outcome == v1.outcome && v0.rule == v1.rule &&
		    v0.call_pri_lost_after_sb == v1.call_pri_lost_after_sb)
			continue;
		CHECK(rule_no(v0.rule) == 11 || rule_no(v0.rule_0pri) == 11);
	}
}

static void test_policies_alike(void)
{
	struct br_sb_policy a = POL_EAGER, b = a;

	/* discard-node-NAME: LOCAL on one node, REMOTE on the other. */
	b.after_sb_0pri = P(DISCARD_REMOTE);
	CHECK(br_sb_policies_alike(&a, &b));
	CHECK(br_sb_policies_alike(&b, &a));
	/* Both name themselves, or both name the other. */
	CHECK(!br_sb_policies_alike(&a, &a));
	CHECK(!br_sb_policies_alike(&b, &b));
	/* Identical policies. */
	a = POL1(DISCARD_LEAST_CHANGES, CONSENSUS);
	b = a;
	CHECK(br_sb_policies_alike(&a, &b));
	/* Each field counts. */
	b.after_sb_0pri = P(DISCARD_ZERO_CHANGES);
	CHECK(!br_sb_policies_alike(&a, &b));
	b = a;
	b.after_sb_1pri = P(DISCARD_SECONDARY);
	CHECK(!br_sb_policies_alike(&a, &b));
	b = a;
	b.after_sb_2pri = P(CALL_PRI_LOST_AFTER_SB);
	CHECK(!br_sb_policies_alike(&a, &b));
	/* discard-node-NAME against a policy that is not. */
	a.after_sb_0pri = P(DISCARD_LOCAL);
	b = a;
	b.after_sb_0pri = P(DISCONNECT);
	CHECK(!br_sb_policies_alike(&a, &b));
	CHECK(!br_sb_policies_alike(&b, &a));
	/* Values out of range: alike only when identical (both disconnect). */
	a = policy(200, 255, __BLKREP_SB_MAX);
	b = a;
	CHECK(br_sb_policies_alike(&a, &b));
	b.after_sb_1pri = 254;
	CHECK(!br_sb_policies_alike(&a, &b));
}

static void test_unlike_policies_disagree(void)
{
	/* Why the handshake refuses them: both would discard themselves. */
	struct br_sb_side a = sec(5, 10), b = sec(1, 20);
	struct br_sb_policy p = POL0(DISCARD_LOCAL);
	struct br_sb_verdict va, vb;

	br_sb_decide(&a, &b, &p, true, &va);
	br_sb_decide(&b, &a, &p, false, &vb);
	CHECK_EQ(va.outcome, ME);
	CHECK_EQ(vb.outcome, ME);
	CHECK(!verdicts_mirror(&va, &vb));
}

static void test_outcome_names(void)
{
	CHECK_STR(br_sb_outcome_name(DISC), "disconnect");
	CHECK_STR(br_sb_outcome_name(ME), "discard this node's data");
	CHECK_STR(br_sb_outcome_name(PEER), "discard the peer's data");
	CHECK_STR(br_sb_outcome_name((enum br_sb_outcome)7), "?");
}

int main(void)
{
	RUN("splitbrain", test_row1_both_discard_my_data);
	RUN("splitbrain", test_row2_discard_my_data_on_primary);
	RUN("splitbrain", test_row3_discard_my_data);
	RUN("splitbrain", test_row4_0pri_disconnect);
	RUN("splitbrain", test_rows5_6_discard_younger_primary);
	RUN("splitbrain", test_rows7_8_discard_older_primary);
	RUN("splitbrain", test_rows9_12_discard_zero_changes);
	RUN("splitbrain", test_row10_not_left_to_the_tie_break);
	RUN("splitbrain", test_rows13_14_discard_least_changes);
	RUN("splitbrain", test_row15_discard_node);
	RUN("splitbrain", test_row16_0pri_other_values);
	RUN("splitbrain", test_row17_1pri_disconnect);
	RUN("splitbrain", test_rows18_19_consensus);
	RUN("splitbrain", test_row20_discard_secondary);
	RUN("splitbrain", test_rows21_23_1pri_call_pri_lost_after_sb);
	RUN("splitbrain", test_row24_1pri_other_values);
	RUN("splitbrain", test_row25_2pri_disconnect);
	RUN("splitbrain", test_rows26_27_2pri_call_pri_lost_after_sb);
	RUN("splitbrain", test_row28_2pri_other_values);
	RUN("splitbrain", test_grid_mirror);
	RUN("splitbrain", test_grid_never_discards_primary);
	RUN("splitbrain", test_grid_reaches_every_row);
	RUN("splitbrain", test_grid_tie_break_only_in_row11);
	RUN("splitbrain", test_policies_alike);
	RUN("splitbrain", test_unlike_policies_disagree);
	RUN("splitbrain", test_outcome_names);
	return unit_done();
}
