/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The commands that work on one configured resource, as seen from this
 * host (@h is this host's `on` section, inheritance resolved).  Each
 * returns an exit code (blkrepadm.h).
 */
#ifndef BLKREP_COMMANDS_H
#define BLKREP_COMMANDS_H

#include "blkrepadm.h"
#include "net.h"

typedef int (*br_res_fn)(struct br_ctx *ctx, const struct br_resource *r,
			 const struct br_host *h);

/* md.c */
int br_cmd_create_md(struct br_ctx *ctx, const struct br_resource *r,
		     const struct br_host *h);
int br_cmd_dump_md(struct br_ctx *ctx, const struct br_resource *r,
		   const struct br_host *h);

/* repl.c: replication */
int br_cmd_connect(struct br_ctx *ctx, const struct br_resource *r,
		   const struct br_host *h);
int br_cmd_disconnect(struct br_ctx *ctx, const struct br_resource *r,
		      const struct br_host *h);
int br_cmd_invalidate(struct br_ctx *ctx, const struct br_resource *r,
		      const struct br_host *h);
int br_cmd_invalidate_remote(struct br_ctx *ctx, const struct br_resource *r,
			     const struct br_host *h);
int br_cmd_new_current_uuid(struct br_ctx *ctx, const struct br_resource *r,
			    const struct br_host *h);
int br_cmd_outdate(struct br_ctx *ctx, const struct br_resource *r,
		   const struct br_host *h);
int br_cmd_resume_io(struct br_ctx *ctx, const struct br_resource *r,
		     const struct br_host *h);
int br_cmd_wait_connect(struct br_ctx *ctx, const struct br_resource *r,
			const struct br_host *h);
int br_cmd_wait_sync(struct br_ctx *ctx, const struct br_resource *r,
		     const struct br_host *h);
/*
 * handler.c: run the command of handlers { ctx->event } (a valid event)
 * and put its exit status into ctx->handler_status.  Returns an exit code
 * of blkrepadm's own: BR_EXIT_FAILED when the command could not be run.
 */
int br_cmd_handler(struct br_ctx *ctx, const struct br_resource *r,
		   const struct br_host *h);
/*
 * Check the CONNECT configuration of @r from this node's section @h and
 * fill @c; on a problem print it and return BR_EXIT_CONFIG.
 */
int br_connect_config(const struct br_resource *r, const struct br_host *h,
		      struct br_connect *c);

#endif /* BLKREP_COMMANDS_H */
