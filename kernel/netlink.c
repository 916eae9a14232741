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
#include "blkrep.h"

static struct netlink_range_validation br_minor_range = {
	.min = 0,
	.max = BLKREP_MAX_MINOR,
};

static struct netlink_range_validation br_index_range = {
	.min = 0,
	.max = 1024,
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
	[BLKREP_A_STATS]	   = { .type = NLA_REJECT },
	[BLKREP_A_PAD]		   = { .type = NLA_REJECT },
};

static struct genl_family br_genl_family;

static bool br_name_ok(const char *name)
{
	if (!*name)
		return false;
	for (; *name; name++)
		if (!isalnum(*name) && !strchr("_.+-", *name))
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
			     index ? &meta_index : NULL, info->extack);
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
	if (br_put_stats(skb, st))
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
