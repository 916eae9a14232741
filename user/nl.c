// SPDX-License-Identifier: GPL-2.0
/*
 * libnl generic netlink transport.  The module explains every refusal in an
 * extended-ACK message; libnl-3 does not hand that to us, so the error
 * callback digs NLMSGERR_ATTR_MSG out of the error message's TLVs itself.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include "nl.h"
#include "options.h"
#include "../include/uapi/linux/blkrep.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct br_nl {
	struct nl_sock *sk;
	int family;
};

static const char *const cmd_names[] = {
	[BLKREP_CMD_GET_RESOURCE] = "GET_RESOURCE",
	[BLKREP_CMD_NEW_RESOURCE] = "NEW_RESOURCE",
	[BLKREP_CMD_DEL_RESOURCE] = "DEL_RESOURCE",
	[BLKREP_CMD_ATTACH]	  = "ATTACH",
	[BLKREP_CMD_DETACH]	  = "DETACH",
	[BLKREP_CMD_SET_ROLE]	  = "SET_ROLE",
	[BLKREP_CMD_CONNECT]	  = "CONNECT",
	[BLKREP_CMD_DISCONNECT]	  = "DISCONNECT",
	[BLKREP_CMD_INVALIDATE]	  = "INVALIDATE",
	[BLKREP_CMD_INVALIDATE_REMOTE] = "INVALIDATE_REMOTE",
	[BLKREP_CMD_NEW_CURRENT_UUID] = "NEW_CURRENT_UUID",
	[BLKREP_CMD_OUTDATE]	  = "OUTDATE",
	[BLKREP_CMD_RESUME_IO]	  = "RESUME_IO",
};
_Static_assert(sizeof(cmd_names) / sizeof(cmd_names[0]) == __BLKREP_CMD_MAX,
	       "a name for every BLKREP_CMD_*");

/* What one exchange produced. */
struct reply {
	bool done;
	int error;			/* positive errno */
	char msg[512];			/* extended-ACK text, or "" */
	struct br_status *st;		/* GET_RESOURCE answers */
	int nst;
};

static void print_connect(const struct br_connect *c)
{
	char addr[80];
	const struct br_net_attr *a;

	br_sockaddr_format(&c->my.u, c->my.len, addr, sizeof(addr));
	printf(" my-addr=%s", addr);
	br_sockaddr_format(&c->peer.u, c->peer.len, addr, sizeof(addr));
	printf(" peer-addr=%s", addr);
	for (a = c->net; a < c->net + c->nnet; a++) {
		if (a->kind == BR_NK_U8)	/* an enumeration, by name */
			printf(" %s=%s", a->name, a->data);
		else if (a->kind == BR_NK_BINARY)	/* the shared secret */
			printf(" %s=<%zu bytes>", a->name, a->len);
		else if (a->kind == BR_NK_STRING)
			printf(" %s=%s", a->name, a->data);
		else
			printf(" %s=%" PRIu32, a->name, a->num);
	}
}

static void print_request(const struct br_nl_req *req)
{
	printf("%s", cmd_names[req->cmd]);
	if (req->name)
		printf(" name=%s", req->name);
	else
		printf(" dump");
	if (req->minor >= 0)
		printf(" minor=%ld", req->minor);
	if (req->disk)
		printf(" disk=%s", req->disk);
	if (req->meta_disk)
		printf(" meta-disk=%s", req->meta_disk);
	if (req->meta_index >= 0)
		printf(" meta-index=%ld", req->meta_index);
	if (req->on_io_error >= 0)
		printf(" on-io-error=%s",
		       br_opt_enum_name(BR_OPT_ON_IO_ERROR, req->on_io_error));
	if (req->role)
		printf(" role=%s", req->role == BLKREP_ROLE_PRIMARY ?
		       "primary" : "secondary");
	if (req->conn)
		print_connect(req->conn);
	if (req->flags & BLKREP_F_FORCE)
		printf(" flags=force");
	if (req->flags & BLKREP_F_DISCARD_MY_DATA)
		printf(" flags=discard-my-data");
	if (req->flags & BLKREP_F_CLEAR_BITMAP)
		printf(" flags=clear-bitmap");
	printf("\n");
}

static int br_nl_open(struct br_ctx *ctx)
{
	struct br_nl *nl;
	int one = 1, err;

	if (ctx->nl)
		return 0;
	nl = calloc(1, sizeof(*nl));
	if (!nl)
		abort();
	nl->sk = nl_socket_alloc();
	if (!nl->sk || (err = genl_connect(nl->sk)) < 0) {
		br_err("cannot open a generic netlink socket");
		goto fail;
	}
	/* Ask for the module's explanations; harmless where unsupported. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	nl->family = genl_ctrl_resolve(nl->sk, BLKREP_GENL_NAME);
	if (nl->family < 0) {
		br_err("the blkrep module is not loaded (modprobe blkrep)");
		goto fail;
	}
	ctx->nl = nl;
	return 0;
fail:
	if (nl->sk)
		nl_socket_free(nl->sk);
	free(nl);
	return BR_EXIT_MODULE;
}

void br_nl_close(struct br_ctx *ctx)
{
	if (!ctx->nl)
		return;
	nl_socket_free(ctx->nl->sk);
	free(ctx->nl);
	ctx->nl = NULL;
}

/* Copy NLMSGERR_ATTR_MSG of an error message, if the kernel sent one. */
static void extack_message(const struct nlmsgerr *e, char *buf, size_t len)
{
	const struct nlmsghdr *hdr =
		(const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e);
	int tlv_len;

	if (!(hdr->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(hdr->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	off = NLMSG_ALIGN(off);
	tlv_len = (int)hdr->nlmsg_len - NLMSG_HDRLEN - (int)off;
	if (tlv_len <= 0)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)e + off), tlv_len, NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(buf, len, "%s", (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct reply *r = arg;

	(void)who;
	r->error = -e->error;
	r->done = true;
	extack_message(e, r->msg, sizeof(r->msg));
	return NL_STOP;
}

static int on_done(struct nl_msg *msg, void *arg)
{
	struct reply *r = arg;

	(void)msg;
	r->done = true;
	return NL_STOP;
}

static void parse_nested_u64(struct nlattr *nest, int max, uint64_t *out,
			     int n)
{
	struct nlattr *tb[32];
	int i;

	if (!nest || max >= 32 || nla_parse_nested(tb, max, nest, NULL) < 0)
		return;
	for (i = 0; i < n && i + 1 <= max; i++)
		if (tb[i + 1] && nla_len(tb[i + 1]) >= 8)
			out[i] = nla_get_u64(tb[i + 1]);
}

static void copy_str(char *dst, size_t len, struct nlattr *a)
{
	if (a)
		snprintf(dst, len, "%.*s", nla_len(a), (char *)nla_data(a));
}

static void fill_status(struct br_status *s, struct nlattr **tb)
{
	memset(s, 0, sizeof(*s));
	copy_str(s->name, sizeof(s->name), tb[BLKREP_A_RES_NAME]);
	copy_str(s->disk, sizeof(s->disk), tb[BLKREP_A_DISK]);
	copy_str(s->meta_disk, sizeof(s->meta_disk), tb[BLKREP_A_META_DISK]);
#define U(attr, field, get) if (tb[attr]) s->field = get(tb[attr])
	U(BLKREP_A_MINOR, minor, nla_get_u32);
	U(BLKREP_A_ROLE, role, nla_get_u8);
	U(BLKREP_A_PEER_ROLE, peer_role, nla_get_u8);
	U(BLKREP_A_DISK_STATE, disk_state, nla_get_u8);
	U(BLKREP_A_PEER_DISK_STATE, peer_disk_state, nla_get_u8);
	U(BLKREP_A_CONN_STATE, conn_state, nla_get_u8);
	U(BLKREP_A_PROTOCOL, protocol, nla_get_u8);
	U(BLKREP_A_OPEN_COUNT, open_count, nla_get_u32);
	U(BLKREP_A_SIZE, size_sectors, nla_get_u64);
	U(BLKREP_A_META_INDEX, meta_index, nla_get_u32);
	U(BLKREP_A_MD_FLAGS, md_flags, nla_get_u32);
	U(BLKREP_A_IO_FROZEN, io_frozen, nla_get_u32);
#undef U
	s->has_meta_index = tb[BLKREP_A_META_INDEX] != NULL;
	parse_nested_u64(tb[BLKREP_A_UUIDS], BLKREP_UUID_MAX, s->uuids, 4);
	parse_nested_u64(tb[BLKREP_A_STATS], BLKREP_STAT_MAX, s->stats,
			 BR_STAT_COUNT);
	if (tb[BLKREP_A_PEER_ADDR])
		br_sockaddr_format(nla_data(tb[BLKREP_A_PEER_ADDR]),
				   (size_t)nla_len(tb[BLKREP_A_PEER_ADDR]),
				   s->peer_addr, sizeof(s->peer_addr));
	s->has_sync = tb[BLKREP_A_SYNC] != NULL;
	parse_nested_u64(tb[BLKREP_A_SYNC], BLKREP_SYNC_MAX, s->sync, 3);
}

static struct nla_policy status_policy[BLKREP_A_MAX + 1] = {
	[BLKREP_A_RES_NAME]	= { .type = NLA_STRING },
	[BLKREP_A_MINOR]	= { .type = NLA_U32 },
	[BLKREP_A_DISK]		= { .type = NLA_STRING },
	[BLKREP_A_META_DISK]	= { .type = NLA_STRING },
	[BLKREP_A_META_INDEX]	= { .type = NLA_U32 },
	[BLKREP_A_ROLE]		= { .type = NLA_U8 },
	[BLKREP_A_PEER_ROLE]	= { .type = NLA_U8 },
	[BLKREP_A_DISK_STATE]	= { .type = NLA_U8 },
	[BLKREP_A_PEER_DISK_STATE] = { .type = NLA_U8 },
	[BLKREP_A_CONN_STATE]	= { .type = NLA_U8 },
	[BLKREP_A_PROTOCOL]	= { .type = NLA_U8 },
	[BLKREP_A_OPEN_COUNT]	= { .type = NLA_U32 },
	[BLKREP_A_SIZE]		= { .type = NLA_U64 },
	[BLKREP_A_UUIDS]	= { .type = NLA_NESTED },
	[BLKREP_A_MD_FLAGS]	= { .type = NLA_U32 },
	[BLKREP_A_STATS]	= { .type = NLA_NESTED },
	[BLKREP_A_PEER_ADDR]	= { .type = NLA_UNSPEC },
	[BLKREP_A_SYNC]		= { .type = NLA_NESTED },
	[BLKREP_A_IO_FROZEN]	= { .type = NLA_U32 },
};

static int on_status(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[BLKREP_A_MAX + 1];
	struct reply *r = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, BLKREP_A_MAX,
			  status_policy) < 0 || !tb[BLKREP_A_RES_NAME])
		return NL_SKIP;
	r->st = realloc(r->st, (r->nst + 1) * sizeof(*r->st));
	if (!r->st)
		abort();
	fill_status(&r->st[r->nst++], tb);
	return NL_OK;
}

static int put_connect(struct nl_msg *msg, const struct br_connect *c)
{
	const struct br_net_attr *a;
	struct nlattr *nest;
	int err = 0;

	err |= nla_put(msg, BLKREP_A_MY_ADDR, (int)c->my.len, &c->my.u);
	err |= nla_put(msg, BLKREP_A_PEER_ADDR, (int)c->peer.len, &c->peer.u);
	if (err || !c->nnet)
		return err;
	/* strict genl validation insists on the flag; libnl does not set it */
	nest = nla_nest_start(msg, BLKREP_A_NET | NLA_F_NESTED);
	if (!nest)
		return -1;
	for (a = c->net; a < c->net + c->nnet; a++) {
		if (a->kind == BR_NK_U8)
			err |= nla_put_u8(msg, a->type, (uint8_t)a->num);
		else if (a->kind == BR_NK_U32)
			err |= nla_put_u32(msg, a->type, a->num);
		else if (a->kind == BR_NK_STRING)
			err |= nla_put_string(msg, a->type, a->data);
		else
			err |= nla_put(msg, a->type, (int)a->len, a->data);
	}
	nla_nest_end(msg, nest);
	return err;
}

static int put_attrs(struct nl_msg *msg, const struct br_nl_req *req)
{
	int err = 0;

	if (req->name)
		err |= nla_put_string(msg, BLKREP_A_RES_NAME, req->name);
	if (req->minor >= 0)
		err |= nla_put_u32(msg, BLKREP_A_MINOR, (uint32_t)req->minor);
	if (req->disk)
		err |= nla_put_string(msg, BLKREP_A_DISK, req->disk);
	if (req->meta_disk)
		err |= nla_put_string(msg, BLKREP_A_META_DISK, req->meta_disk);
	if (req->meta_index >= 0)
		err |= nla_put_u32(msg, BLKREP_A_META_INDEX,
				   (uint32_t)req->meta_index);
	if (req->on_io_error >= 0)
		err |= nla_put_u8(msg, BLKREP_A_ON_IO_ERROR,
				  (uint8_t)req->on_io_error);
	if (req->role)
		err |= nla_put_u8(msg, BLKREP_A_ROLE, (uint8_t)req->role);
	if (req->flags)
		err |= nla_put_u32(msg, BLKREP_A_FLAGS, req->flags);
	if (req->conn)
		err |= put_connect(msg, req->conn);
	return err ? -1 : 0;
}

/* Send @req and collect everything the module answers into @r. */
static int exchange(struct br_nl *nl, const struct br_nl_req *req,
		    struct reply *r)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int flags = req->name ? 0 : NLM_F_DUMP;
	int ret = -1;

	if (!msg || !cb)
		abort();
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags,
			 req->cmd, BLKREP_GENL_VERSION) || put_attrs(msg, req)) {
		r->error = EMSGSIZE;
		goto out;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_done, r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, r);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_status, r);
	if (nl_send_auto(nl->sk, msg) < 0) {
		r->error = errno ? errno : EIO;
		goto out;
	}
	while (!r->done) {
		int err = nl_recvmsgs(nl->sk, cb);

		if (err < 0 && !r->error)
			r->error = EIO;
		if (err < 0)
			break;
	}
	ret = r->error ? -1 : 0;
out:
	nlmsg_free(msg);
	nl_cb_put(cb);
	return ret;
}

static int report(const struct br_nl_req *req, const struct reply *r)
{
	const char *who = req->name ? req->name : "all";

	if (req->quiet)
		return BR_EXIT_FAILED;
	if (r->error == EPERM) {
		if (r->msg[0])		/* e.g. CAP_SYS_ADMIN for attach */
			br_err("%s: %s", who, r->msg);
		else
			br_err("%s: %s needs root (CAP_NET_ADMIN)", who,
			       cmd_names[req->cmd]);
		return BR_EXIT_MODULE;
	}
	if (r->msg[0]) {
		br_err("%s: %s", who, r->msg);
	} else if (r->error == EOPNOTSUPP) {	/* genl: no such operation */
		br_err("%s: the loaded blkrep module does not support %s (is it older than blkrepadm?)",
		       who, cmd_names[req->cmd]);
	} else {
		br_err("%s: %s failed: %s", who, cmd_names[req->cmd],
		       strerror(r->error));
	}
	return BR_EXIT_FAILED;
}

int br_nl_call(struct br_ctx *ctx, const struct br_nl_req *req)
{
	struct reply r = { 0 };
	int ret;

	if (ctx->dry_run) {
		print_request(req);
		return BR_EXIT_OK;
	}
	ret = br_nl_open(ctx);
	if (ret)
		return ret;
	if (exchange(ctx->nl, req, &r))
		ret = report(req, &r);
	free(r.st);
	return ret;
}

int br_nl_get(struct br_ctx *ctx, const char *name, struct br_status **out,
	      int *n)
{
	struct br_nl_req req = BR_NL_REQ(BLKREP_CMD_GET_RESOURCE, name);
	struct reply r = { 0 };
	int ret;

	*out = NULL;
	*n = 0;
	if (ctx->dry_run) {
		print_request(&req);
		return BR_EXIT_OK;
	}
	ret = br_nl_open(ctx);
	if (ret)
		return ret;
	if (exchange(ctx->nl, &req, &r)) {
		free(r.st);
		return report(&req, &r);
	}
	*out = r.st;
	*n = r.nst;
	return BR_EXIT_OK;
}
