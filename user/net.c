// SPDX-License-Identifier: GPL-2.0
/*
 * Building what CONNECT sends from the configuration (net.h).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "net.h"
#include "options.h"
#include "../include/uapi/linux/blkrep.h"

int br_addr_encode(const struct br_addr *a, struct br_sockaddr *out)
{
	memset(out, 0, sizeof(*out));
	if (a->family == 4) {
		out->u.in.sin_family = AF_INET;
		out->u.in.sin_port = htons(a->port);
		if (inet_pton(AF_INET, a->host, &out->u.in.sin_addr) != 1)
			return -1;
		out->len = sizeof(out->u.in);
		return 0;
	}
	if (a->family == 6) {
		out->u.in6.sin6_family = AF_INET6;
		out->u.in6.sin6_port = htons(a->port);
		if (inet_pton(AF_INET6, a->host, &out->u.in6.sin6_addr) != 1)
			return -1;
		out->len = sizeof(out->u.in6);
		return 0;
	}
	return -1;
}

int br_sockaddr_format(const void *data, size_t len, char *buf, size_t size)
{
	struct br_sockaddr s;
	char host[INET6_ADDRSTRLEN];
	sa_family_t family;

	snprintf(buf, size, "?");
	if (len < sizeof(family) || len > sizeof(s.u))
		return -1;
	memset(&s, 0, sizeof(s));
	memcpy(&s.u, data, len);
	family = s.u.sa.sa_family;
	if (family == AF_INET && len >= sizeof(s.u.in)) {
		if (!inet_ntop(AF_INET, &s.u.in.sin_addr, host, sizeof(host)))
			return -1;
		snprintf(buf, size, "%s:%u", host, ntohs(s.u.in.sin_port));
		return 0;
	}
	if (family == AF_INET6 && len >= sizeof(s.u.in6)) {
		if (!inet_ntop(AF_INET6, &s.u.in6.sin6_addr, host,
			       sizeof(host)))
			return -1;
		snprintf(buf, size, "[%s]:%u", host, ntohs(s.u.in6.sin6_port));
		return 0;
	}
	return -1;
}

/* Which configuration option each BLKREP_NET_* attribute comes from. */
static const struct {
	int type;
	enum br_opt opt;
	enum br_net_kind kind;
} net_map[] = {
	{ BLKREP_NET_PROTOCOL,      BR_OPT_PROTOCOL,           BR_NK_U8 },
	{ BLKREP_NET_SHARED_SECRET, BR_OPT_SHARED_SECRET,      BR_NK_BINARY },
	{ BLKREP_NET_CRAM_HMAC_ALG, BR_OPT_CRAM_HMAC_ALG,      BR_NK_STRING },
	{ BLKREP_NET_INTEGRITY_ALG, BR_OPT_DATA_INTEGRITY_ALG, BR_NK_STRING },
	{ BLKREP_NET_PING_INT,      BR_OPT_PING_INT,           BR_NK_U32 },
	{ BLKREP_NET_PING_TIMEOUT,  BR_OPT_PING_TIMEOUT,       BR_NK_U32 },
	{ BLKREP_NET_TIMEOUT,       BR_OPT_TIMEOUT,            BR_NK_U32 },
	{ BLKREP_NET_CONNECT_INT,   BR_OPT_CONNECT_INT,        BR_NK_U32 },
	{ BLKREP_NET_KO_COUNT,      BR_OPT_KO_COUNT,           BR_NK_U32 },
	{ BLKREP_NET_RESYNC_RATE,   BR_OPT_RESYNC_RATE,        BR_NK_U32 },
	{ BLKREP_NET_C_MAX_RATE,    BR_OPT_C_MAX_RATE,         BR_NK_U32 },
	{ BLKREP_NET_C_MIN_RATE,    BR_OPT_C_MIN_RATE,         BR_NK_U32 },
	{ BLKREP_NET_AFTER_SB_0PRI, BR_OPT_AFTER_SB_0PRI,      BR_NK_U8 },
	{ BLKREP_NET_AFTER_SB_1PRI, BR_OPT_AFTER_SB_1PRI,      BR_NK_U8 },
	{ BLKREP_NET_AFTER_SB_2PRI, BR_OPT_AFTER_SB_2PRI,      BR_NK_U8 },
	{ BLKREP_NET_RR_CONFLICT,   BR_OPT_RR_CONFLICT,        BR_NK_U8 },
	{ BLKREP_NET_FENCING,       BR_OPT_FENCING,            BR_NK_U8 },
};

/* net[] holds one of each; every attribute of the uapi is mapped. */
_Static_assert(sizeof(net_map) / sizeof(net_map[0]) == BR_NET_ATTRS_MAX,
	       "one entry per BLKREP_NET_* attribute");
_Static_assert(BR_NET_ATTRS_MAX == BLKREP_NET_MAX,
	       "a BLKREP_NET_* attribute is missing from net_map");

/* discard-node-NAME: which node it names, as seen from @me. */
static void discard_node(struct br_net_attr *a, const char *word,
			 const char *me)
{
	const char *name = word + strlen("discard-node-");

	if (!strcmp(name, me)) {
		a->num = BLKREP_SB_DISCARD_LOCAL;
		a->data = "discard-local";
	} else {
		a->num = BLKREP_SB_DISCARD_REMOTE;
		a->data = "discard-remote";
	}
}

int br_net_attrs(const struct br_settings *s, const char *me,
		 struct br_net_attr *out)
{
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(net_map) / sizeof(net_map[0]); i++) {
		const struct br_value *v = &s->v[net_map[i].opt];
		struct br_net_attr *a = &out[n];

		if (!v->set)
			continue;
		memset(a, 0, sizeof(*a));
		a->type = net_map[i].type;
		a->kind = net_map[i].kind;
		a->name = br_optdefs[net_map[i].opt].name;
		switch (a->kind) {
		case BR_NK_U8:		/* enumerations: the parser checked */
			a->num = (uint32_t)br_opt_enum_value(net_map[i].opt,
							     v->str);
			a->data = v->str;
			if (net_map[i].opt == BR_OPT_AFTER_SB_0PRI &&
			    a->num == BLKREP_SB_DISCARD_LOCAL)
				discard_node(a, v->str, me);
			break;
		case BR_NK_U32:		/* ranges (options.c) fit a u32 */
			a->num = (uint32_t)v->num;
			break;
		case BR_NK_STRING:
			a->data = v->str;
			break;
		case BR_NK_BINARY:	/* the bytes, no NUL */
			a->data = v->str;
			a->len = strlen(v->str);
			break;
		}
		n++;
	}
	return n;
}

const struct br_host *br_peer_host(const struct br_resource *r,
				   const struct br_host *h)
{
	int i;

	for (i = 0; i < r->nhosts; i++)
		if (&r->hosts[i] != h && strcmp(r->hosts[i].name, h->name))
			return &r->hosts[i];
	return NULL;
}

static void addr_text(const struct br_addr *a, char *buf, size_t size)
{
	snprintf(buf, size, a->family == 6 ? "[%s]:%u" : "%s:%u", a->host,
		 a->port);
}

int br_connect_prepare(const struct br_resource *r, const struct br_host *h,
		       struct br_connect *c, char *err, size_t len)
{
	const struct br_host *p = br_peer_host(r, h), *missing;
	char mine[80], theirs[80];

	memset(c, 0, sizeof(*c));
	if (!p) {
		snprintf(err, len, "%s: cannot connect: no peer, the resource has only 'on %s' (%s:%d)",
			 r->name, h->name, r->file, r->line);
		return -1;
	}
	missing = !h->addr.family ? h : !p->addr.family ? p : NULL;
	if (missing) {
		snprintf(err, len, "%s: cannot connect: no address in 'on %s' (%s:%d)",
			 r->name, missing->name, r->file, missing->line);
		return -1;
	}
	addr_text(&h->addr, mine, sizeof(mine));
	addr_text(&p->addr, theirs, sizeof(theirs));
	if (h->addr.family != p->addr.family) {
		snprintf(err, len, "%s: cannot connect: address %s (on %s) and address %s (on %s) are not of the same family (%s:%d)",
			 r->name, mine, h->name, theirs, p->name, r->file,
			 r->line);
		return -1;
	}
	if (br_addr_encode(&h->addr, &c->my) ||
	    br_addr_encode(&p->addr, &c->peer)) {	/* the parser checked */
		snprintf(err, len, "%s: cannot connect: invalid address %s or %s",
			 r->name, mine, theirs);
		return -1;
	}
	c->nnet = br_net_attrs(&r->settings, h->name, c->net);
	return 0;
}
