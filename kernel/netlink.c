// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "blkrep": policy, commands, answers.
 * The contract is the comment at the top of include/uapi/linux/blkrep.h.
 *
 * The family is not parallel_ops: the genl core runs one command at a time,
 * which is what serialises attach/detach/role changes across resources.
 */
#include <linux/ctype.h>
#include <net/genetlink.h>
#include <crypto/hash.h>
#include "blkrep.h"

static struct netlink_range_validation br_minor_range = {
	.min = 0,
	.max = BLKREP_MAX_MINOR,
};

static struct netlink_range_validation br_index_range = {
	.min = 0,
	.max = 1024,
};

static struct netlink_range_validation br_rate_range = {
	.min = 0,
	.max = 10U << 20,		/* 10 GiB/s */
};

static const struct nla_policy br_net_policy[BLKREP_NET_MAX + 1] = {
	[BLKREP_NET_PROTOCOL]	   = NLA_POLICY_RANGE(NLA_U8, BLKREP_PROTO_A,
						      BLKREP_PROTO_C),
	[BLKREP_NET_SHARED_SECRET] = { .type = NLA_BINARY,
				       .len = BLKREP_SECRET_MAX },
	[BLKREP_NET_CRAM_HMAC_ALG] = { .type = NLA_NUL_STRING,
				       .len = BLKREP_ALG_MAX - 1 },
	[BLKREP_NET_INTEGRITY_ALG] = { .type = NLA_NUL_STRING,
				       .len = BLKREP_ALG_MAX - 1 },
	[BLKREP_NET_PING_INT]	   = NLA_POLICY_RANGE(NLA_U32, 1, 120),
	[BLKREP_NET_PING_TIMEOUT]  = NLA_POLICY_RANGE(NLA_U32, 1, 300),
	[BLKREP_NET_TIMEOUT]	   = NLA_POLICY_RANGE(NLA_U32, 1, 600),
	[BLKREP_NET_CONNECT_INT]   = NLA_POLICY_RANGE(NLA_U32, 1, 120),
	[BLKREP_NET_KO_COUNT]	   = NLA_POLICY_RANGE(NLA_U32, 0, 200),
	[BLKREP_NET_RESYNC_RATE]   = NLA_POLICY_FULL_RANGE(NLA_U32, &br_rate_range),
	[BLKREP_NET_C_MAX_RATE]	   = NLA_POLICY_FULL_RANGE(NLA_U32, &br_rate_range),
	[BLKREP_NET_C_MIN_RATE]	   = NLA_POLICY_FULL_RANGE(NLA_U32, &br_rate_range),
	[BLKREP_NET_AFTER_SB_0PRI] = NLA_POLICY_MAX(NLA_U8, __BLKREP_SB_MAX - 1),
	[BLKREP_NET_AFTER_SB_1PRI] = NLA_POLICY_MAX(NLA_U8, __BLKREP_SB_MAX - 1),
	[BLKREP_NET_AFTER_SB_2PRI] = NLA_POLICY_MAX(NLA_U8, __BLKREP_SB_MAX - 1),
	[BLKREP_NET_RR_CONFLICT]   = NLA_POLICY_MAX(NLA_U8, __BLKREP_RR_MAX - 1),
	[BLKREP_NET_FENCING]	   = NLA_POLICY_MAX(NLA_U8, __BLKREP_FENCING_MAX - 1),
};

static const struct nla_policy br_nl_policy[BLKREP_A_MAX + 1] = {
	[BLKREP_A_RES_NAME]	= { .type = NLA_NUL_STRING,
				    .len = BLKREP_NAME_MAX - 1 },
	[BLKREP_A_MINOR]	= NLA_POLICY_FULL_RANGE(NLA_U32, &br_minor_range),
	[BLKREP_A_DISK]		= { .type = NLA_NUL_STRING,
				    .len = BLKREP_PATH_MAX - 1 },
	[BLKREP_A_META_DISK]	= { .type = NLA_NUL_STRING,
				    .len = BLKREP_PATH_MAX - 1 },
	[BLKREP_A_META_INDEX]	= NLA_POLICY_FULL_RANGE(NLA_U32, &br_index_range),
	[BLKREP_A_FLAGS]	= NLA_POLICY_MASK(NLA_U32, __BLKREP_F_ALL),
	[BLKREP_A_ROLE]		= NLA_POLICY_RANGE(NLA_U8, BLKREP_ROLE_PRIMARY,
						   BLKREP_ROLE_SECONDARY),
	/* The rest appear in answers only. */
	[BLKREP_A_PEER_ROLE]	   = { .type = NLA_REJECT },
	[BLKREP_A_DISK_STATE]	   = { .type = NLA_REJECT },
	[BLKREP_A_PEER_DISK_STATE] = { .type = NLA_REJECT },
	[BLKREP_A_CONN_STATE]	   = { .type = NLA_REJECT },
	[BLKREP_A_PROTOCOL]	   = { .type = NLA_REJECT },
	[BLKREP_A_OPEN_COUNT]	   = { .type = NLA_REJECT },
	[BLKREP_A_SIZE]		   = { .type = NLA_REJECT },
	[BLKREP_A_UUIDS]	   = { .type = NLA_REJECT },
	[BLKREP_A_MD_FLAGS]	   = { .type = NLA_REJECT },
	[BLKREP_A_IO_FROZEN]	   = { .type = NLA_REJECT },
	[BLKREP_A_STATS]	   = { .type = NLA_REJECT },
	[BLKREP_A_PAD]		   = { .type = NLA_REJECT },
	[BLKREP_A_MY_ADDR]	   = { .type = NLA_BINARY,
				       .len = sizeof(struct sockaddr_in6) },
	[BLKREP_A_PEER_ADDR]	   = { .type = NLA_BINARY,
				       .len = sizeof(struct sockaddr_in6) },
	[BLKREP_A_NET]		   = NLA_POLICY_NESTED(br_net_policy),
	[BLKREP_A_SYNC]		   = { .type = NLA_REJECT },
	[BLKREP_A_ON_IO_ERROR]	   = NLA_POLICY_MAX(NLA_U8, __BLKREP_IOE_MAX - 1),
};

static struct genl_family br_genl_family;

static bool br_name_ok(const char *name)
{
	if (!*name)
		return false;
	/* ASCII only: the kernel's isalnum() also takes Latin-1 letters. */
	for (; *name; name++)
		if (!isascii(*name) ||
		    (!isalnum(*name) && !strchr("_.+-", *name)))
			return false;
	return true;
}

/* The resource a command names; NULL (with an extended ACK) if none. */
static struct br_resource *br_nl_res(struct genl_info *info)
{
	struct nlattr *a = info->attrs[BLKREP_A_RES_NAME];
	struct br_resource *res;

	if (!a) {
		GENL_SET_ERR_MSG(info, "missing resource name");
		return NULL;
	}
	mutex_lock(&br_res_mutex);
	res = br_res_find(nla_data(a));
	mutex_unlock(&br_res_mutex);
	if (!res)
		NL_SET_ERR_MSG_ATTR(info->extack, a, "no such resource (is it up?)");
	return res;
}

static int br_nl_new_resource(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *name = info->attrs[BLKREP_A_RES_NAME];
	struct nlattr *minor = info->attrs[BLKREP_A_MINOR];

	if (!name || !minor) {
		GENL_SET_ERR_MSG(info, "resource name and minor are required");
		return -EINVAL;
	}
	if (!br_name_ok(nla_data(name))) {
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "resource names use only letters, digits and _.+-");
		return -EINVAL;
	}
	return br_res_create(nla_data(name), nla_get_u32(minor), info->extack);
}

static int br_nl_del_resource(struct sk_buff *skb, struct genl_info *info)
{
	struct br_resource *res = br_nl_res(info);

	return res ? br_res_destroy(res, info->extack) : -ENOENT;
}

static int br_nl_attach(struct sk_buff *skb, struct genl_info *info)
{
	struct br_resource *res = br_nl_res(info);
	struct nlattr *disk = info->attrs[BLKREP_A_DISK];
	struct nlattr *meta = info->attrs[BLKREP_A_META_DISK];
	struct nlattr *index = info->attrs[BLKREP_A_META_INDEX];
	u32 meta_index;

	/* It opens block devices by path: a disk administrator's right. */
	if (!netlink_capable(skb, CAP_SYS_ADMIN)) {
		GENL_SET_ERR_MSG(info, "attaching a disk needs CAP_SYS_ADMIN");
		return -EPERM;
	}
	if (!res)
		return -ENOENT;
	if (!disk) {
		GENL_SET_ERR_MSG(info, "the disk is required");
		return -EINVAL;
	}
	if (index && !meta) {
		NL_SET_ERR_MSG_ATTR(info->extack, index,
				    "a meta-disk index needs a meta-disk");
		return -EINVAL;
	}
	if (index)
		meta_index = nla_get_u32(index);
	return br_res_attach(res, nla_data(disk), meta ? nla_data(meta) : NULL,
			     index ? &meta_index : NULL,
			     info->attrs[BLKREP_A_ON_IO_ERROR] ?
			     nla_get_u8(info->attrs[BLKREP_A_ON_IO_ERROR]) :
			     BLKREP_IOE_PASS_ON, info->extack);
}

static int br_nl_detach(struct sk_buff *skb, struct genl_info *info)
{
	struct br_resource *res = br_nl_res(info);

	return res ? br_res_detach(res, info->extack) : -ENOENT;
}

static int br_nl_set_role(struct sk_buff *skb, struct genl_info *info)
{
	struct br_resource *res = br_nl_res(info);
	struct nlattr *role = info->attrs[BLKREP_A_ROLE];
	struct nlattr *flags = info->attrs[BLKREP_A_FLAGS];
	bool force = flags && (nla_get_u32(flags) & BLKREP_F_FORCE);

	if (!res)
		return -ENOENT;
	if (!role) {
		GENL_SET_ERR_MSG(info, "the role is required");
		return -EINVAL;
	}
	return br_res_set_role(res, nla_get_u8(role), force, info->extack);
}

/* A sockaddr_in or _in6 from user space; returns its length or 0. */
static int br_nl_addr(struct nlattr *a, struct sockaddr_storage *ss)
{
	int len = nla_len(a);

	memset(ss, 0, sizeof(*ss));
	if (len < sizeof(sa_family_t))
		return 0;
	memcpy(ss, nla_data(a), len);
	if (ss->ss_family == AF_INET && len == sizeof(struct sockaddr_in))
		return len;
	if (ss->ss_family == AF_INET6 && len == sizeof(struct sockaddr_in6))
		return len;
	return 0;
}

static u32 br_nl_u32(struct nlattr **tb, int type, u32 def)
{
	return tb[type] ? nla_get_u32(tb[type]) : def;
}

static u8 br_nl_u8(struct nlattr **tb, int type, u8 def)
{
	return tb[type] ? nla_get_u8(tb[type]) : def;
}

static int br_nl_net_conf(struct genl_info *info, struct br_net_conf *nc)
{
	struct nlattr *tb[BLKREP_NET_MAX + 1] = {};
	int ret;

	if (info->attrs[BLKREP_A_NET]) {
		ret = nla_parse_nested(tb, BLKREP_NET_MAX,
				       info->attrs[BLKREP_A_NET], br_net_policy,
				       info->extack);
		if (ret)
			return ret;
	}
	memset(nc, 0, sizeof(*nc));
	nc->protocol = tb[BLKREP_NET_PROTOCOL] ?
		       nla_get_u8(tb[BLKREP_NET_PROTOCOL]) : BLKREP_PROTO_C;
	nc->ping_int = br_nl_u32(tb, BLKREP_NET_PING_INT, 10);
	nc->ping_timeout = br_nl_u32(tb, BLKREP_NET_PING_TIMEOUT, 5);
	nc->timeout = br_nl_u32(tb, BLKREP_NET_TIMEOUT, 60);
	nc->connect_int = br_nl_u32(tb, BLKREP_NET_CONNECT_INT, 10);
	nc->ko_count = br_nl_u32(tb, BLKREP_NET_KO_COUNT, 7);
	nc->resync_rate = br_nl_u32(tb, BLKREP_NET_RESYNC_RATE, 0);
	nc->c_max_rate = br_nl_u32(tb, BLKREP_NET_C_MAX_RATE, 102400);
	nc->c_min_rate = br_nl_u32(tb, BLKREP_NET_C_MIN_RATE, 4096);
	nc->after_sb[0] = br_nl_u8(tb, BLKREP_NET_AFTER_SB_0PRI, 0);
	nc->after_sb[1] = br_nl_u8(tb, BLKREP_NET_AFTER_SB_1PRI, 0);
	nc->after_sb[2] = br_nl_u8(tb, BLKREP_NET_AFTER_SB_2PRI, 0);
	nc->rr_conflict = br_nl_u8(tb, BLKREP_NET_RR_CONFLICT, 0);
	nc->fencing = br_nl_u8(tb, BLKREP_NET_FENCING, 0);
	if (tb[BLKREP_NET_SHARED_SECRET]) {
		nc->secret_len = nla_len(tb[BLKREP_NET_SHARED_SECRET]);
		memcpy(nc->secret, nla_data(tb[BLKREP_NET_SHARED_SECRET]),
		       nc->secret_len);
	}
	strscpy(nc->hmac_alg, tb[BLKREP_NET_CRAM_HMAC_ALG] ?
		nla_data(tb[BLKREP_NET_CRAM_HMAC_ALG]) : "sha256",
		sizeof(nc->hmac_alg));
	if (tb[BLKREP_NET_INTEGRITY_ALG]) {
		if (strcmp(nla_data(tb[BLKREP_NET_INTEGRITY_ALG]), "crc32c")) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    tb[BLKREP_NET_INTEGRITY_ALG],
					    "data-integrity-alg: only crc32c is supported");
			return -EINVAL;
		}
		nc->integrity = true;
	}
	if (nc->secret_len && !crypto_has_shash(nc->hmac_alg, 0, 0)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[BLKREP_NET_CRAM_HMAC_ALG],
				    "cram-hmac-alg: no such hash in this kernel");
		return -ENOENT;
	}
	return 0;
}

static int br_nl_connect(struct sk_buff *skb, struct genl_info *info)
{
	struct br_resource *res = br_nl_res(info);
	struct sockaddr_storage me, peer;
	struct br_net_conf *nc;
	int len, ret;

	if (!res)
		return -ENOENT;
	if (!info->attrs[BLKREP_A_MY_ADDR] || !info->attrs[BLKREP_A_PEER_ADDR]) {
		GENL_SET_ERR_MSG(info, "both addresses are required");
		return -EINVAL;
	}
	len = br_nl_addr(info->attrs[BLKREP_A_MY_ADDR], &me);
	if (!len || len != br_nl_addr(info->attrs[BLKREP_A_PEER_ADDR], &peer) ||
	    me.ss_family != peer.ss_family) {
		GENL_SET_ERR_MSG(info, "addresses must be sockaddr_in or sockaddr_in6, of one family");
		return -EINVAL;
	}
	nc = kzalloc(sizeof(*nc), GFP_KERNEL);
	if (!nc)
		return -ENOMEM;
	ret = br_nl_net_conf(info, nc);
	if (ret)
		goto out;
	if (info->attrs[BLKREP_A_FLAGS] &&
	    (nla_get_u32(info->attrs[BLKREP_A_FLAGS]) & BLKREP_F_DISCARD_MY_DATA))
		nc->discard_my_data = true;
	ret = br_res_connect(res, nc, &me, &peer, len, info->extack);
out:
	kfree_sensitive(nc);
	return ret;
}

static int br_nl_disconnect(struct sk_buff *skb, struct genl_info *info)
{
	struct br_resource *res = br_nl_res(info);

	return res ? br_res_disconnect(res, info->extack) : -ENOENT;
}

static int br_nl_invalidate(struct sk_buff *skb, struct genl_info *info)
{
	struct br_resource *res = br_nl_res(info);

	return res ? br_res_invalidate(res, info->extack) : -ENOENT;
}

static int br_nl_invalidate_remote(struct sk_buff *skb, struct genl_info *info)
{
	struct br_resource *res = br_nl_res(info);

	return res ? br_res_invalidate_remote(res, info->extack) : -ENOENT;
}

static int br_nl_new_current_uuid(struct sk_buff *skb, struct genl_info *info)
{
	struct br_resource *res = br_nl_res(info);
	struct nlattr *flags = info->attrs[BLKREP_A_FLAGS];

	if (!res)
		return -ENOENT;
	return br_res_new_current_uuid(res, flags &&
			(nla_get_u32(flags) & BLKREP_F_CLEAR_BITMAP),
			info->extack);
}

static int br_nl_outdate(struct sk_buff *skb, struct genl_info *info)
{
	struct br_resource *res = br_nl_res(info);

	return res ? br_res_outdate(res, info->extack) : -ENOENT;
}

static int br_nl_resume_io(struct sk_buff *skb, struct genl_info *info)
{
	struct br_resource *res = br_nl_res(info);

	return res ? br_res_resume_io(res, info->extack) : -ENOENT;
}

static int br_put_sync(struct sk_buff *skb, const struct br_res_status *st)
{
	struct nlattr *nest = nla_nest_start(skb, BLKREP_A_SYNC);

	if (!nest ||
	    nla_put_u64_64bit(skb, BLKREP_SYNC_TOTAL, st->sync_total,
			      BLKREP_SYNC_PAD) ||
	    nla_put_u64_64bit(skb, BLKREP_SYNC_LEFT, st->sync_left,
			      BLKREP_SYNC_PAD) ||
	    nla_put_u64_64bit(skb, BLKREP_SYNC_RATE, st->sync_rate,
			      BLKREP_SYNC_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int br_put_uuids(struct sk_buff *skb, const struct br_res_status *st)
{
	struct nlattr *nest = nla_nest_start(skb, BLKREP_A_UUIDS);
	int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < BR_UUID_COUNT; i++)
		if (nla_put_u64_64bit(skb, BLKREP_UUID_CURRENT + i,
				      st->uuid[i], BLKREP_UUID_PAD))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int br_put_stats(struct sk_buff *skb, const struct br_res_status *st)
{
	const u64 v[] = {
		[BLKREP_STAT_NET_SENT]	    = st->ns,
		[BLKREP_STAT_NET_RECV]	    = st->nr,
		[BLKREP_STAT_DISK_WRITE]    = st->dw,
		[BLKREP_STAT_DISK_READ]	    = st->dr,
		[BLKREP_STAT_AL_WRITES]	    = st->al,
		[BLKREP_STAT_BM_WRITES]	    = st->bm,
		[BLKREP_STAT_LOCAL_PENDING] = st->lo,
		[BLKREP_STAT_PEER_PENDING]  = st->pe,
		[BLKREP_STAT_UNACKED]	    = st->ua,
		[BLKREP_STAT_APP_PENDING]   = st->ap,
		[BLKREP_STAT_OUT_OF_SYNC]   = st->oos,
	};
	struct nlattr *nest = nla_nest_start(skb, BLKREP_A_STATS);
	int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = BLKREP_STAT_NET_SENT; i <= BLKREP_STAT_OUT_OF_SYNC; i++)
		if (nla_put_u64_64bit(skb, i, v[i], BLKREP_STAT_PAD))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int br_fill_res(struct sk_buff *skb, struct br_resource *res,
		       u32 portid, u32 seq, int flags)
{
	struct br_res_status *st;
	void *hdr;
	int ret = -EMSGSIZE;

	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	br_res_get_status(res, st);
	hdr = genlmsg_put(skb, portid, seq, &br_genl_family, flags,
			  BLKREP_CMD_GET_RESOURCE);
	if (!hdr)
		goto out;
	if (nla_put_string(skb, BLKREP_A_RES_NAME, res->name) ||
	    nla_put_u32(skb, BLKREP_A_MINOR, res->minor) ||
	    nla_put_u8(skb, BLKREP_A_ROLE, st->role) ||
	    nla_put_u8(skb, BLKREP_A_PEER_ROLE, st->peer_role) ||
	    nla_put_u8(skb, BLKREP_A_DISK_STATE, st->disk) ||
	    nla_put_u8(skb, BLKREP_A_PEER_DISK_STATE, st->peer_disk) ||
	    nla_put_u8(skb, BLKREP_A_CONN_STATE, st->conn) ||
	    nla_put_u8(skb, BLKREP_A_PROTOCOL, st->protocol) ||
	    nla_put_u32(skb, BLKREP_A_OPEN_COUNT, st->open_count) ||
	    nla_put_u64_64bit(skb, BLKREP_A_SIZE, st->size_sectors,
			      BLKREP_A_PAD))
		goto cancel;
	if (st->attached &&
	    (nla_put_string(skb, BLKREP_A_DISK, st->disk_path) ||
	     (st->meta_path[0] &&
	      nla_put_string(skb, BLKREP_A_META_DISK, st->meta_path)) ||
	     (st->meta_type == BR_META_INDEXED &&
	      nla_put_u32(skb, BLKREP_A_META_INDEX, st->meta_index)) ||
	     nla_put_u32(skb, BLKREP_A_MD_FLAGS, st->md_flags) ||
	     br_put_uuids(skb, st)))
		goto cancel;
	if (br_put_stats(skb, st) ||
	    (st->peer_addrlen &&
	     nla_put(skb, BLKREP_A_PEER_ADDR, st->peer_addrlen,
		     &st->peer_addr)) ||
	    (st->syncing && br_put_sync(skb, st)) ||
	    (st->io_frozen &&
	     nla_put_u32(skb, BLKREP_A_IO_FROZEN, st->io_frozen)))
		goto cancel;
	genlmsg_end(skb, hdr);
	ret = 0;
	goto out;
cancel:
	genlmsg_cancel(skb, hdr);
out:
	kfree(st);
	return ret;
}

static int br_nl_get_resource(struct sk_buff *skb, struct genl_info *info)
{
	struct br_resource *res = br_nl_res(info);
	struct sk_buff *msg;
	int ret;

	if (!res)
		return -ENOENT;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	ret = br_fill_res(msg, res, info->snd_portid, info->snd_seq, 0);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: how many resources were sent in earlier rounds. */
static int br_nl_dump_resources(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct br_resource *res;
	long idx = 0, done = cb->args[0];
	int ret = 0;

	mutex_lock(&br_res_mutex);
	list_for_each_entry(res, &br_resources, list) {
		if (idx++ < done)
			continue;
		ret = br_fill_res(skb, res, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (ret)
			break;
		cb->args[0] = idx;
	}
	mutex_unlock(&br_res_mutex);
	/* A full skb ends this round; any other error ends the dump. */
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;
	return ret ? ret : skb->len;
}

static const struct genl_ops br_genl_ops[] = {
	{
		.cmd	= BLKREP_CMD_GET_RESOURCE,
		.doit	= br_nl_get_resource,
		.dumpit	= br_nl_dump_resources,
	}, {
		.cmd	= BLKREP_CMD_NEW_RESOURCE,
		.doit	= br_nl_new_resource,
		.flags	= GENL_ADMIN_PERM,
	}, {
		.cmd	= BLKREP_CMD_DEL_RESOURCE,
		.doit	= br_nl_del_resource,
		.flags	= GENL_ADMIN_PERM,
	}, {
		.cmd	= BLKREP_CMD_ATTACH,
		.doit	= br_nl_attach,
		.flags	= GENL_ADMIN_PERM,
	}, {
		.cmd	= BLKREP_CMD_DETACH,
		.doit	= br_nl_detach,
		.flags	= GENL_ADMIN_PERM,
	}, {
		.cmd	= BLKREP_CMD_SET_ROLE,
		.doit	= br_nl_set_role,
		.flags	= GENL_ADMIN_PERM,
	}, {
		.cmd	= BLKREP_CMD_CONNECT,
		.doit	= br_nl_connect,
		.flags	= GENL_ADMIN_PERM,
	}, {
		.cmd	= BLKREP_CMD_DISCONNECT,
		.doit	= br_nl_disconnect,
		.flags	= GENL_ADMIN_PERM,
	}, {
		.cmd	= BLKREP_CMD_INVALIDATE,
		.doit	= br_nl_invalidate,
		.flags	= GENL_ADMIN_PERM,
	}, {
		.cmd	= BLKREP_CMD_INVALIDATE_REMOTE,
		.doit	= br_nl_invalidate_remote,
		.flags	= GENL_ADMIN_PERM,
	}, {
		.cmd	= BLKREP_CMD_NEW_CURRENT_UUID,
		.doit	= br_nl_new_current_uuid,
		.flags	= GENL_ADMIN_PERM,
	}, {
		.cmd	= BLKREP_CMD_OUTDATE,
		.doit	= br_nl_outdate,
		.flags	= GENL_ADMIN_PERM,
	}, {
		.cmd	= BLKREP_CMD_RESUME_IO,
		.doit	= br_nl_resume_io,
		.flags	= GENL_ADMIN_PERM,
	},
};

static struct genl_family br_genl_family __ro_after_init = {
	.name		= BLKREP_GENL_NAME,
	.version	= BLKREP_GENL_VERSION,
	.maxattr	= BLKREP_A_MAX,
	.policy		= br_nl_policy,
	.ops		= br_genl_ops,
	.n_ops		= ARRAY_SIZE(br_genl_ops),
	.resv_start_op	= BLKREP_CMD_UNSPEC + 1,
	.module		= THIS_MODULE,
	.parallel_ops	= false,
};

int __init br_netlink_init(void)
{
	return genl_register_family(&br_genl_family);
}

void br_netlink_exit(void)
{
	genl_unregister_family(&br_genl_family);
}
