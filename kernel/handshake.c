// SPDX-License-Identifier: GPL-2.0
/*
 * The handshake, run by the receiver thread on a fresh connection before
 * anything else may pass:
 *
 *   1. P_HELLO both ways: wire versions overlap, features, whether a secret
 *      is configured (both or neither).
 *   2. With a shared secret: P_AUTH_CHALLENGE both ways (32 random bytes),
 *      then P_AUTH_RESPONSE = HMAC(secret, peer's challenge || initiator
 *      byte).  The initiator byte differs on the two sides, so a reflected
 *      challenge yields a response that does not verify.
 *   3. P_PARAMS both ways: sizes, UUIDs, role, disk state, protocol.
 *   4. Each side decides (uuid.c) and checks sizes; the decisions are
 *      mirror images, so both agree without another round trip.
 */
#include <linux/random.h>
#include <crypto/hash.h>
#include <crypto/algapi.h>
#include <net/sock.h>
#include "blkrep.h"
#include "splitbrain.h"

/*
 * The next handshake packet, of @type and @len bytes.  The whole handshake
 * has one deadline (c->rx_deadline, set by br_handshake()): a peer that
 * trickles bytes or stays silent is cut off at it.
 */
static int br_hs_recv(struct br_conn *c, u16 type, void *buf, u32 len)
{
	struct br_rx_head h;
	int ret;

	do {
		ret = br_recv_packet_head(c, &h, buf, len);
	} while (ret == -EAGAIN && !kthread_should_stop() &&
		 time_before(jiffies, c->rx_deadline));
	if (ret == -EAGAIN || ret == -ETIMEDOUT)
		br_err(c->res, "handshake: the peer did not complete it in time; disconnecting\n");
	if (ret)
		return ret;
	if (h.type != type || h.fixed_len != len || h.data_len) {
		br_err(c->res, "handshake: expected packet type %u, got %u; disconnecting\n",
		       type, h.type);
		return -EPROTO;
	}
	return 0;
}

static int br_hs_hello(struct br_conn *c)
{
	struct br_p_hello me = {
		.version_min = cpu_to_be32(BR_WIRE_VERSION_MIN),
		.version_max = cpu_to_be32(BR_WIRE_VERSION_MAX),
		.features = cpu_to_be64(c->conf.integrity ? BR_FEAT_INTEGRITY : 0),
		.auth = cpu_to_be32(c->conf.secret_len ? 1 : 0),
	}, peer;
	int ret;

	ret = br_send_now(c, BR_P_HELLO, 0, &me, sizeof(me));
	if (!ret)
		ret = br_hs_recv(c, BR_P_HELLO, &peer, sizeof(peer));
	if (ret)
		return ret;
	if (be32_to_cpu(peer.version_max) < BR_WIRE_VERSION_MIN ||
	    be32_to_cpu(peer.version_min) > BR_WIRE_VERSION_MAX) {
		br_err(c->res, "the peer speaks wire versions %u-%u, we %u-%u\n",
		       be32_to_cpu(peer.version_min),
		       be32_to_cpu(peer.version_max), BR_WIRE_VERSION_MIN,
		       BR_WIRE_VERSION_MAX);
		return -EPROTO;
	}
	c->wire_version = min_t(u32, be32_to_cpu(peer.version_max),
				BR_WIRE_VERSION_MAX);
	if (!!be32_to_cpu(peer.auth) != !!c->conf.secret_len) {
		br_err(c->res, "authentication refused: %s\n",
		       c->conf.secret_len ?
		       "the peer has no shared secret configured" :
		       "the peer has a shared secret, this node has none");
		return -EACCES;
	}
	if (!!(be64_to_cpu(peer.features) & BR_FEAT_INTEGRITY) !=
	    c->conf.integrity) {
		br_err(c->res, "data-integrity-alg differs between the nodes\n");
		return -EPROTO;
	}
	return 0;
}

static int br_hmac(struct br_conn *c, const u8 *challenge, u8 who, u8 *out,
		   unsigned int *out_len)
{
	char alg[BLKREP_ALG_MAX + 8];
	struct crypto_shash *tfm;
	u8 msg[BR_CHALLENGE_LEN + 1];
	int ret;

	snprintf(alg, sizeof(alg), "hmac(%s)", c->conf.hmac_alg);
	tfm = crypto_alloc_shash(alg, 0, 0);
	if (IS_ERR(tfm)) {
		br_err(c->res, "cram-hmac-alg %s is not available\n", alg);
		return PTR_ERR(tfm);
	}
	*out_len = crypto_shash_digestsize(tfm);
	ret = *out_len > BR_HMAC_MAX ? -EINVAL :
	      crypto_shash_setkey(tfm, c->conf.secret, c->conf.secret_len);
	if (!ret) {
		memcpy(msg, challenge, BR_CHALLENGE_LEN);
		msg[BR_CHALLENGE_LEN] = who;
		ret = crypto_shash_tfm_digest(tfm, msg, sizeof(msg), out);
	}
	crypto_free_shash(tfm);
	return ret;
}

static int br_hs_auth(struct br_conn *c)
{
	struct br_p_auth mine = {}, theirs, resp, expect = {};
	unsigned int len;
	int ret;

	get_random_bytes(mine.bytes, BR_CHALLENGE_LEN);
	ret = br_send_now(c, BR_P_AUTH_CHALLENGE, 0, &mine, sizeof(mine));
	if (!ret)
		ret = br_hs_recv(c, BR_P_AUTH_CHALLENGE, &theirs, sizeof(theirs));
	if (!ret) {
		memset(&resp, 0, sizeof(resp));
		ret = br_hmac(c, theirs.bytes, c->initiator, resp.bytes, &len);
	}
	if (!ret)
		ret = br_send_now(c, BR_P_AUTH_RESPONSE, 0, &resp, sizeof(resp));
	if (!ret)
		ret = br_hs_recv(c, BR_P_AUTH_RESPONSE, &theirs, sizeof(theirs));
	if (!ret)
		ret = br_hmac(c, mine.bytes, !c->initiator, expect.bytes, &len);
	if (ret)
		return ret;
	if (crypto_memneq(theirs.bytes, expect.bytes, sizeof(expect.bytes))) {
		br_err(c->res, "authentication failed: the peer does not know the shared secret; refused\n");
		return -EACCES;
	}
	br_info(c->res, "peer authenticated\n");
	return 0;
}

static void br_hs_my_params(struct br_conn *c, struct br_p_params *p)
{
	struct br_resource *res = c->res;
	struct br_ldev *ldev;
	u32 flags = 0;
	int i;

	memset(p, 0, sizeof(*p));
	mutex_lock(&res->state_lock);
	ldev = res->ldev;
	if (ldev) {
		p->data_bytes = cpu_to_be64(ldev->md.layout.data_bytes);
		for (i = 0; i < BR_UUID_COUNT; i++)
			p->uuid[i] = cpu_to_be64(ldev->md.uuid[i]);
		p->bm_weight = cpu_to_be64(atomic64_read(&ldev->bm.weight));
		if (ldev->md.flags & BLKREP_MDF_CRASHED_PRIMARY)
			flags |= BR_PF_CRASHED_PRIMARY;
	}
	if (res->role == BLKREP_ROLE_PRIMARY)
		p->cur_bytes = cpu_to_be64(get_capacity(res->disk) << SECTOR_SHIFT);
	if (c->conf.discard_my_data)
		flags |= BR_PF_DISCARD_MY_DATA;
	p->role = cpu_to_be32(res->role);
	p->disk_state = cpu_to_be32(res->disk_state);
	p->protocol = cpu_to_be32(c->conf.protocol);
	p->flags = cpu_to_be32(flags);
	if (ldev)
		p->gen_time = cpu_to_be64(ldev->md.gen_time);
	memcpy(p->after_sb, c->conf.after_sb, sizeof(p->after_sb));
	p->rr_conflict = c->conf.rr_conflict;
	mutex_unlock(&res->state_lock);
}

static void br_side(struct br_sync_side *s, const struct br_p_params *p)
{
	int i;

	for (i = 0; i < BR_UUID_COUNT; i++)
		s->uuid[i] = be64_to_cpu(p->uuid[i]);
	s->bm_weight = be64_to_cpu(p->bm_weight);
	s->primary = be32_to_cpu(p->role) == BLKREP_ROLE_PRIMARY;
	s->crashed_primary = be32_to_cpu(p->flags) & BR_PF_CRASHED_PRIMARY;
	s->inconsistent = be32_to_cpu(p->disk_state) <= BLKREP_DS_INCONSISTENT;
	s->outdated = be32_to_cpu(p->disk_state) == BLKREP_DS_OUTDATED;
}

/* Refusals that no reconnect can fix: go StandAlone. */
static int br_hs_refuse(struct br_conn *c, const char *why)
{
	br_err(c->res, "refusing the connection: %s; going StandAlone\n", why);
	c->give_up = true;
	return -EPERM;
}

static void br_sb_side_of(struct br_sb_side *s, const struct br_p_params *p)
{
	s->primary = be32_to_cpu(p->role) == BLKREP_ROLE_PRIMARY;
	s->discard_my_data = be32_to_cpu(p->flags) & BR_PF_DISCARD_MY_DATA;
	s->changes = be64_to_cpu(p->bm_weight);
	s->gen_time = be64_to_cpu(p->gen_time);
}

/*
 * Split brain: the operator (--discard-my-data) or the after-sb policies
 * may name the node whose changes are thrown away (splitbrain.c); it
 * becomes the target of a resync of the blocks either node changed (all
 * blocks when the two histories only meet further back).  Otherwise both
 * refuse and the split-brain handler runs.
 */
static int br_hs_split_brain(struct br_conn *c, const struct br_p_params *mine,
			     const struct br_p_params *peer,
			     const struct br_sync_side *me_uuids,
			     const struct br_sync_side *peer_uuids,
			     enum br_sync_decision *d)
{
	struct br_resource *res = c->res;
	struct br_sb_policy pol = { c->conf.after_sb[0], c->conf.after_sb[1],
				    c->conf.after_sb[2] };
	struct br_sb_policy theirs = { peer->after_sb[0], peer->after_sb[1],
				       peer->after_sb[2] };
	bool bitmaps = me_uuids->uuid[BR_UUID_BITMAP] &&
		       me_uuids->uuid[BR_UUID_BITMAP] ==
		       peer_uuids->uuid[BR_UUID_BITMAP];
	struct br_sb_side me, them;
	struct br_sb_verdict v;

	br_sb_side_of(&me, mine);
	br_sb_side_of(&them, peer);
	if (!br_sb_policies_alike(&pol, &theirs)) {
		br_handler_start(res, "split-brain");
		return br_hs_refuse(c, "split brain, and the two nodes' after-sb policies differ");
	}
	br_sb_decide(&me, &them, &pol, c->initiator, &v);
	br_warn(res, "split brain: %s (%s%s%s); blocks changed here %llu, on the peer %llu\n",
		br_sb_outcome_name(v.outcome), v.rule,
		v.rule_0pri ? "; " : "", v.rule_0pri ? v.rule_0pri : "",
		me.changes, them.changes);
	if (v.call_pri_lost_after_sb)
		br_handler_start(res, "pri-lost-after-sb");
	switch (v.outcome) {
	case BR_SB_OUT_DISCARD_ME:
		*d = bitmaps ? BR_SYNC_TARGET : BR_SYNC_TARGET_FULL;
		br_warn(res, "split brain resolved: this node's changes are discarded\n");
		return 0;
	case BR_SB_OUT_DISCARD_PEER:
		*d = bitmaps ? BR_SYNC_SOURCE : BR_SYNC_SOURCE_FULL;
		br_warn(res, "split brain resolved: the peer's changes are discarded\n");
		return 0;
	default:
		br_handler_start(res, "split-brain");
		return br_hs_refuse(c, "split brain detected");
	}
}

static int br_hs_decide(struct br_conn *c, const struct br_p_params *mine,
			const struct br_p_params *peer)
{
	struct br_resource *res = c->res;
	struct br_sync_side me, them;
	enum br_sync_decision d;
	const char *rule;
	u64 my_bytes = be64_to_cpu(mine->data_bytes);
	u64 peer_bytes = be64_to_cpu(peer->data_bytes);
	u64 agreed = min(my_bytes, peer_bytes);

	if (be32_to_cpu(peer->role) >= __BLKREP_ROLE_MAX ||
	    be32_to_cpu(peer->disk_state) >= __BLKREP_DS_MAX ||
	    be32_to_cpu(peer->flags) & ~(BR_PF_DISCARD_MY_DATA |
					 BR_PF_CRASHED_PRIMARY)) {
		br_err(res, "protocol error from the peer: bad role, disk state or flags in its parameters; disconnecting\n");
		return -EPROTO;
	}
	if (be32_to_cpu(peer->protocol) != c->conf.protocol)
		return br_hs_refuse(c, "the nodes are configured with different protocols");
	if (!my_bytes || !peer_bytes)
		return br_hs_refuse(c, "a node has no disk attached");
	if (be64_to_cpu(mine->cur_bytes) > agreed)
		return br_hs_refuse(c, "the peer's disk is too small for this Primary's data");
	if (be64_to_cpu(peer->cur_bytes) > agreed)
		return br_hs_refuse(c, "this disk is too small for the Primary's data");
	br_side(&me, mine);
	br_side(&them, peer);
	d = br_sync_decide(&me, &them, c->initiator, &rule);
	br_info(res, "UUIDs here %016llx:%016llx:%016llx:%016llx, peer %016llx:%016llx:%016llx:%016llx\n",
		me.uuid[0], me.uuid[1], me.uuid[2], me.uuid[3],
		them.uuid[0], them.uuid[1], them.uuid[2], them.uuid[3]);
	br_info(res, "sync decision: %s (rule: %s)\n",
		br_sync_decision_name(d), rule);
	/* Two Primaries that parted are a split brain (after-sb-2pri). */
	if (d == BR_SYNC_SPLIT_BRAIN &&
	    br_hs_split_brain(c, mine, peer, &me, &them, &d))
		return -EPERM;
	if (me.primary && them.primary)
		return br_hs_refuse(c, "both nodes are Primary");
	if (d == BR_SYNC_UNRELATED)
		return br_hs_refuse(c, "the peer has unrelated data");
	if ((d == BR_SYNC_TARGET || d == BR_SYNC_TARGET_FULL) && me.primary) {
		if (c->conf.rr_conflict == BLKREP_RR_CALL_PRI_LOST)
			br_handler_start(res, "pri-lost");
		return br_hs_refuse(c, "this Primary would have to receive a resync");
	}
	/* --discard-my-data counts for one handshake, as the man page says. */
	c->conf.discard_my_data = false;

	c->decision = d;
	c->agreed_bytes = agreed;
	WRITE_ONCE(c->peer_role, be32_to_cpu(peer->role));
	WRITE_ONCE(c->peer_disk, be32_to_cpu(peer->disk_state));
	memcpy(c->peer_uuid, them.uuid, sizeof(c->peer_uuid));
	c->peer_data_bytes = peer_bytes;
	return 0;
}

/* How long the whole handshake may take: the dead-peer time, 2 s at least. */
static unsigned long br_hs_time(struct br_conn *c)
{
	return max(br_dead_time(c), 2UL * HZ);
}

int br_handshake(struct br_conn *c)
{
	struct br_p_params mine, peer;
	int ret;

	br_conn_set_state(c, BLKREP_CS_WFREPORTPARAMS);
	c->sock->sk->sk_rcvtimeo = HZ / 2;
	c->rx_deadline = jiffies + br_hs_time(c);
	ret = br_hs_hello(c);
	if (!ret && c->conf.secret_len)
		ret = br_hs_auth(c);
	if (ret)
		return ret;
	br_hs_my_params(c, &mine);
	ret = br_send_now(c, BR_P_PARAMS, 0, &mine, sizeof(mine));
	if (!ret)
		ret = br_hs_recv(c, BR_P_PARAMS, &peer, sizeof(peer));
	c->rx_deadline = 0;
	if (!ret)
		ret = br_hs_decide(c, &mine, &peer);
	return ret;
}
