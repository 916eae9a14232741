// SPDX-License-Identifier: GPL-2.0
/*
 * Replication commands: connect, disconnect, the resync controls
 * invalidate, invalidate-remote and new-current-uuid, outdate, and the two
 * waits test scripts rely on, wait-connect and wait-sync.  The waits poll
 * GET_RESOURCE every 100 ms; every failure of a GET (no such resource, the
 * module gone) ends them at once with the module's message.
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "commands.h"
#include "config.h"
#include "nl.h"
#include "options.h"
#include "../include/uapi/linux/blkrep.h"

#define POLL_MS 100

int br_connect_config(const struct br_resource *r, const struct br_host *h,
		      struct br_connect *c)
{
	char err[BR_ERR_LEN];

	if (br_connect_prepare(r, h, c, err, sizeof(err))) {
		br_err("%s", err);
		return BR_EXIT_CONFIG;
	}
	return BR_EXIT_OK;
}

int br_cmd_connect(struct br_ctx *ctx, const struct br_resource *r,
		   const struct br_host *h)
{
	struct br_nl_req req = BR_NL_REQ(BLKREP_CMD_CONNECT, r->name);
	struct br_connect c;
	int ret = br_connect_config(r, h, &c);

	if (ret)
		return ret;
	req.conn = &c;
	if (ctx->discard_my_data)
		req.flags = BLKREP_F_DISCARD_MY_DATA;
	return br_nl_call(ctx, &req);
}

int br_cmd_disconnect(struct br_ctx *ctx, const struct br_resource *r,
		      const struct br_host *h)
{
	struct br_nl_req req = BR_NL_REQ(BLKREP_CMD_DISCONNECT, r->name);

	(void)h;
	return br_nl_call(ctx, &req);
}

/* ---- resync controls: the module checks the states and explains ------ */

int br_cmd_invalidate(struct br_ctx *ctx, const struct br_resource *r,
		      const struct br_host *h)
{
	struct br_nl_req req = BR_NL_REQ(BLKREP_CMD_INVALIDATE, r->name);

	(void)h;
	return br_nl_call(ctx, &req);
}

int br_cmd_invalidate_remote(struct br_ctx *ctx, const struct br_resource *r,
			     const struct br_host *h)
{
	struct br_nl_req req = BR_NL_REQ(BLKREP_CMD_INVALIDATE_REMOTE, r->name);

	(void)h;
	return br_nl_call(ctx, &req);
}

int br_cmd_new_current_uuid(struct br_ctx *ctx, const struct br_resource *r,
			    const struct br_host *h)
{
	struct br_nl_req req = BR_NL_REQ(BLKREP_CMD_NEW_CURRENT_UUID, r->name);

	(void)h;
	if (ctx->clear_bitmap)
		req.flags = BLKREP_F_CLEAR_BITMAP;
	return br_nl_call(ctx, &req);
}

/* Mark this node's disk Outdated; the module refuses on a Primary. */
int br_cmd_outdate(struct br_ctx *ctx, const struct br_resource *r,
		   const struct br_host *h)
{
	struct br_nl_req req = BR_NL_REQ(BLKREP_CMD_OUTDATE, r->name);

	(void)h;
	return br_nl_call(ctx, &req);
}

/* Thaw I/O that a failed fence-peer froze (resource-and-stonith). */
int br_cmd_resume_io(struct br_ctx *ctx, const struct br_resource *r,
		     const struct br_host *h)
{
	struct br_nl_req req = BR_NL_REQ(BLKREP_CMD_RESUME_IO, r->name);

	(void)h;
	return br_nl_call(ctx, &req);
}

/* ---- waiting ---------------------------------------------------------- */

enum wait_for { WAIT_CONNECTED, WAIT_SYNCED };

static bool reached(enum wait_for what, const struct br_status *s)
{
	if (what == WAIT_SYNCED)
		return s->conn_state == BLKREP_CS_CONNECTED &&
		       s->disk_state == BLKREP_DS_UPTODATE &&
		       s->peer_disk_state == BLKREP_DS_UPTODATE;
	switch (s->conn_state) {
	case BLKREP_CS_CONNECTED:
	case BLKREP_CS_WFBITMAPS:
	case BLKREP_CS_WFBITMAPT:
	case BLKREP_CS_SYNCSOURCE:
	case BLKREP_CS_SYNCTARGET:
	case BLKREP_CS_PAUSEDSYNCS:
	case BLKREP_CS_PAUSEDSYNCT:
		return true;
	default:
		return false;
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* --timeout, else startup { wfc-timeout }, else 0 (forever). */
static long wait_timeout(const struct br_ctx *ctx,
			 const struct br_resource *r)
{
	const struct br_value *v = &r->settings.v[BR_OPT_WFC_TIMEOUT];

	if (ctx->timeout >= 0)
		return ctx->timeout;
	return v->set ? (long)v->num : 0;
}

static int wait_state(struct br_ctx *ctx, const struct br_resource *r,
		      enum wait_for what)
{
	long timeout = wait_timeout(ctx, r);
	double start = now();
	struct br_status *st, last;
	int n, ret;

	if (ctx->dry_run) {
		printf("GET_RESOURCE name=%s every=%dms until=%s timeout=",
		       r->name, POLL_MS,
		       what == WAIT_SYNCED ? "synced" : "connected");
		if (timeout)
			printf("%lds\n", timeout);
		else
			printf("none\n");
		return BR_EXIT_OK;
	}
	for (;;) {
		ret = br_nl_get(ctx, r->name, &st, &n);
		if (ret)
			return ret;
		if (n != 1) {
			free(st);
			br_err("%s: the module did not report this resource",
			       r->name);
			return BR_EXIT_FAILED;
		}
		last = st[0];
		free(st);
		if (reached(what, &last))
			return BR_EXIT_OK;
		if (timeout && now() - start >= (double)timeout)
			break;
		pause_ms(POLL_MS);
	}
	if (what == WAIT_CONNECTED)
		br_err("%s: not connected after %ld seconds (state: %s)",
		       r->name, timeout, br_conn_state_name(last.conn_state));
	else
		br_err("%s: not in sync after %ld seconds (state: %s, disks: %s/%s)",
		       r->name, timeout, br_conn_state_name(last.conn_state),
		       br_disk_state_name(last.disk_state),
		       br_disk_state_name(last.peer_disk_state));
	return BR_EXIT_FAILED;
}

int br_cmd_wait_connect(struct br_ctx *ctx, const struct br_resource *r,
			const struct br_host *h)
{
	(void)h;
	return wait_state(ctx, r, WAIT_CONNECTED);
}

int br_cmd_wait_sync(struct br_ctx *ctx, const struct br_resource *r,
		     const struct br_host *h)
{
	(void)h;
	return wait_state(ctx, r, WAIT_SYNCED);
}
