/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What CONNECT sends, built from the configuration without any I/O (so the
 * unit tests can check it): the two addresses as the binary struct
 * sockaddr_in/_in6 the module expects, and the BLKREP_NET_* attributes of
 * the options the configuration sets.  Options that are not set are not
 * sent: the module applies the defaults of include/uapi/linux/blkrep.h.
 */
#ifndef BLKREP_NET_H
#define BLKREP_NET_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "model.h"

struct br_sockaddr {
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
	} u;
	socklen_t len;		/* sizeof the family's struct */
};

/* @a (family 4 or 6, numeric host, port) as a sockaddr; -1 if invalid. */
int br_addr_encode(const struct br_addr *a, struct br_sockaddr *out);

/*
 * A binary sockaddr_in/_in6 (as sent, or as GET answers BLKREP_A_PEER_ADDR)
 * as "192.0.2.1:7789" or "[2001:db8::1]:7789".  Anything else (short,
 * unknown family) gives "?" and -1.
 */
int br_sockaddr_format(const void *data, size_t len, char *buf, size_t size);

enum br_net_kind { BR_NK_U8, BR_NK_U32, BR_NK_STRING, BR_NK_BINARY };

/* One BLKREP_NET_* attribute to send. */
struct br_net_attr {
	int type;		/* BLKREP_NET_* */
	enum br_net_kind kind;
	const char *name;	/* the option's name, for --dry-run */
	uint32_t num;		/* U8 (an enumeration's uapi value), U32 */
	const char *data;	/* STRING (NUL terminated), BINARY; U8: the
				   value's name, for --dry-run */
	size_t len;		/* BINARY: bytes, without a NUL */
};

/* One per BLKREP_NET_* attribute (net.c checks it against the uapi). */
#define BR_NET_ATTRS_MAX 17

/* Everything CONNECT sends besides the name and the flags. */
struct br_connect {
	struct br_sockaddr my, peer;
	struct br_net_attr net[BR_NET_ATTRS_MAX];
	int nnet;
};

/*
 * The BLKREP_NET_* attributes of the options set in @s (a resource's
 * resolved settings), in attribute order.  Returns their number.
 * @me is this node's host name: after-sb-0pri discard-node-NAME is sent
 * as BLKREP_SB_DISCARD_LOCAL when NAME is @me, else as _DISCARD_REMOTE
 * (shown as discard-local and discard-remote).
 */
int br_net_attrs(const struct br_settings *s, const char *me,
		 struct br_net_attr *out);

/* The `on` section of @r that is not @h, or NULL (a single-node resource). */
const struct br_host *br_peer_host(const struct br_resource *r,
				   const struct br_host *h);

/*
 * Fill @c for connecting resource @r from this node's section @h.  On a
 * configuration problem (no peer section, an address missing, addresses of
 * different families) writes one line into @err and returns -1.
 */
int br_connect_prepare(const struct br_resource *r, const struct br_host *h,
		       struct br_connect *c, char *err, size_t len);

#endif /* BLKREP_NET_H */
