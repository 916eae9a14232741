/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink transport to the blkrep module.  A request is a
 * command plus the attributes that are set; br_nl_call() either sends it
 * and waits for the answer, or (dry-run) prints it as one line:
 *   NEW_RESOURCE name=r0 minor=0
 *   CONNECT name=r0 my-addr=192.0.2.1:7789 peer-addr=192.0.2.2:7789 protocol=C
 * (a shared secret prints as shared-secret=<N bytes>, never in clear).
 * Errors are printed here, with the module's extended-ACK message, and
 * come back as an exit code (blkrepadm.h).
 */
#ifndef BLKREP_NL_H
#define BLKREP_NL_H

#include <stdint.h>
#include "blkrepadm.h"
#include "net.h"
#include "status.h"

struct br_nl_req {
	int cmd;			/* BLKREP_CMD_* */
	const char *name;		/* NULL: GET_RESOURCE dump */
	long minor;			/* -1: absent */
	const char *disk;
	const char *meta_disk;
	long meta_index;		/* -1: absent */
	int role;			/* 0: absent */
	uint32_t flags;			/* 0: absent */
	int on_io_error;		/* ATTACH: BLKREP_IOE_*; -1: absent */
	const struct br_connect *conn;	/* CONNECT: addresses, net options */
	bool quiet;			/* do not print errors (rollback) */
};

#define BR_NL_REQ(c, n) \
	{ .cmd = (c), .name = (n), .minor = -1, .meta_index = -1, \
	  .on_io_error = -1 }

int br_nl_call(struct br_ctx *ctx, const struct br_nl_req *req);

/*
 * GET_RESOURCE for @name (NULL: every resource).  On success *out is a
 * malloc'ed array of *n entries (free() it).
 */
int br_nl_get(struct br_ctx *ctx, const char *name, struct br_status **out,
	      int *n);

void br_nl_close(struct br_ctx *ctx);

#endif /* BLKREP_NL_H */
