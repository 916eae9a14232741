// SPDX-License-Identifier: GPL-2.0
/*
 * blkrepadm: administer blkrep resources.
 *
 * main() reads the global options, finds the command in the table below
 * (exact names only), reads the command's options and arguments, and runs
 * it.  Resource commands go through for_each_target(), which loads the
 * configuration and finds this host's `on` section; the netlink work is in
 * nl.c, metadata in md.c, presentation in status.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sys/utsname.h>

#include "blkrepadm.h"
#include "commands.h"
#include "config.h"
#include "nl.h"
#include "options.h"
#include "../include/uapi/linux/blkrep.h"

#ifndef BLKREP_VERSION
#define BLKREP_VERSION "unknown"
#endif
#define DEFAULT_CONFIG "/etc/blkrep.conf"

enum {
	OPT_FORCE	= 1 << 0,
	OPT_JSON	= 1 << 1,
	OPT_DISCARD	= 1 << 2,	/* --discard-my-data */
	OPT_TIMEOUT	= 1 << 3,	/* --timeout SECONDS */
	OPT_CLEAR	= 1 << 4,	/* --clear-bitmap */
	OPT_OVERWRITE	= 1 << 5,	/* --overwrite-data-of-peer: DRBD 8.3's
					   name of primary --force */
	OPT_WARNINGS	= 1 << 6,	/* dump --warnings */
};

static const struct {
	const char *name;
	unsigned int bit;
	bool takes_value;
} cmd_options[] = {
	{ "--force", OPT_FORCE, false },
	{ "--json", OPT_JSON, false },
	{ "--discard-my-data", OPT_DISCARD, false },
	{ "--timeout", OPT_TIMEOUT, true },
	{ "--clear-bitmap", OPT_CLEAR, false },
	{ "--overwrite-data-of-peer", OPT_OVERWRITE, false },
	{ "--warnings", OPT_WARNINGS, false },
};

#define NCMDOPTIONS (sizeof(cmd_options) / sizeof(cmd_options[0]))
#define TIMEOUT_MAX 1000000L	/* the range of wfc-timeout */

enum arg_kind {
	ARG_RES,		/* exactly one: RES or all */
	ARG_RES_OPT,		/* none (every resource) or one */
	ARG_EVENT_RES,		/* exactly two: EVENT RES */
};

struct command {
	const char *name;
	const char *args;
	unsigned int opts;
	enum arg_kind kind;
	int (*run)(struct br_ctx *ctx, const char *arg);
	const char *help;
};

static bool use_syslog;

void br_use_syslog(void)
{
	openlog("blkrepadm", LOG_PID, LOG_DAEMON);
	use_syslog = true;
}

static void vlog(int prio, const char *fmt, va_list ap)
{
	va_list copy;

	if (use_syslog) {
		va_copy(copy, ap);
		vsyslog(prio, fmt, copy);
		va_end(copy);
	}
	fputs("blkrepadm: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void br_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap);
	va_end(ap);
}

void br_log(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(prio, fmt, ap);
	va_end(ap);
}

static int usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap);
	va_end(ap);
	fputs("Try 'blkrepadm --help'.\n", stderr);
	return BR_EXIT_USAGE;
}

/* ---- resources from the configuration --------------------------------- */

static const char *this_host(struct br_ctx *ctx)
{
	static struct utsname u;
	const char *env = getenv("BLKREP_HOSTNAME");

	if (ctx->hostname)
		return ctx->hostname;
	if (env && *env)
		ctx->hostname = env;
	else if (uname(&u) == 0)
		ctx->hostname = u.nodename;
	else
		ctx->hostname = "localhost";
	return ctx->hostname;
}

static int load_config(struct br_ctx *ctx)
{
	char err[BR_ERR_LEN];

	if (br_config_load(&ctx->cfg, ctx->config_path, err)) {
		fprintf(stderr, "%s\n", err);
		if (use_syslog)
			syslog(LOG_ERR, "%s", err);
		return BR_EXIT_CONFIG;
	}
	return 0;
}

static void list_names(char *buf, size_t len, const struct br_resource *r,
		       bool hosts)
{
	size_t used = 0;
	int i, n = hosts ? r->nhosts : 0;
	const struct br_resource *q;

	buf[0] = '\0';
	if (hosts)
		for (i = 0; i < n && used < len; i++)
			used += snprintf(buf + used, len - used, "%s%s",
					 i ? ", " : "", r->hosts[i].name);
	else
		for (q = r; q && used < len; q = q->next)
			used += snprintf(buf + used, len - used, "%s%s",
					 q == r ? "" : ", ", q->name);
}

static const struct br_resource *find_resource(struct br_ctx *ctx,
					       const char *name)
{
	const struct br_resource *r = br_config_find(&ctx->cfg, name);
	char known[512];

	if (!r) {
		list_names(known, sizeof(known), ctx->cfg.resources, false);
		br_err("%s: no such resource in %s (known: %s)", name,
		       ctx->config_path, known[0] ? known : "none");
	}
	return r;
}

static int run_on(struct br_ctx *ctx, const struct br_resource *r,
		  br_res_fn fn)
{
	const struct br_host *h = br_resource_host(r, this_host(ctx));
	char found[512];

	if (!h) {
		list_names(found, sizeof(found), r, true);
		br_err("%s: no 'on %s' section in %s:%d (found: %s)", r->name,
		       ctx->hostname, r->file, r->line, found);
		return BR_EXIT_CONFIG;
	}
	return fn(ctx, r, h);
}

/* Run @fn on resource @arg, or on every resource of this host ("all"). */
static int for_each_target(struct br_ctx *ctx, const char *arg, br_res_fn fn)
{
	const struct br_resource *r;
	int ret = load_config(ctx), one, matched = 0;

	if (ret)
		return ret;
	if (strcmp(arg, "all")) {
		r = find_resource(ctx, arg);
		return r ? run_on(ctx, r, fn) : BR_EXIT_CONFIG;
	}
	for (r = ctx->cfg.resources; r; r = r->next) {
		if (!br_resource_host(r, this_host(ctx)))
			continue;
		matched++;
		one = run_on(ctx, r, fn);
		if (one && !ret)
			ret = one;
	}
	if (!matched) {
		br_err("no resource in %s has an 'on %s' section",
		       ctx->config_path, this_host(ctx));
		return BR_EXIT_CONFIG;
	}
	return ret;
}

/* ---- netlink commands ------------------------------------------------- */

static int do_attach(struct br_ctx *ctx, const struct br_resource *r,
		     const struct br_host *h)
{
	struct br_nl_req req = BR_NL_REQ(BLKREP_CMD_ATTACH, r->name);

	req.disk = h->disk;
	if (r->settings.v[BR_OPT_ON_IO_ERROR].set)
		req.on_io_error = br_opt_enum_value(BR_OPT_ON_IO_ERROR,
				r->settings.v[BR_OPT_ON_IO_ERROR].str);
	if (h->meta.kind != BR_MK_INTERNAL)
		req.meta_disk = h->meta.path;
	if (h->meta.kind == BR_MK_INDEXED)
		req.meta_index = h->meta.index;
	return br_nl_call(ctx, &req);
}

/*
 * NEW_RESOURCE, ATTACH, and CONNECT when there is a peer.  The CONNECT
 * configuration is checked before anything is sent; if ATTACH or CONNECT
 * fails the resource is removed again and that first error reported.
 */
static int do_up(struct br_ctx *ctx, const struct br_resource *r,
		 const struct br_host *h)
{
	struct br_nl_req req = BR_NL_REQ(BLKREP_CMD_NEW_RESOURCE, r->name);
	struct br_nl_req conn = BR_NL_REQ(BLKREP_CMD_CONNECT, r->name);
	struct br_nl_req undo = BR_NL_REQ(BLKREP_CMD_DEL_RESOURCE, r->name);
	bool has_peer = br_peer_host(r, h) != NULL;
	struct br_connect c;
	int ret;

	if (has_peer && (ret = br_connect_config(r, h, &c)))
		return ret;
	conn.conn = &c;
	req.minor = h->minor;
	ret = br_nl_call(ctx, &req);
	if (ret)
		return ret;
	ret = do_attach(ctx, r, h);
	if (!ret && has_peer)
		ret = br_nl_call(ctx, &conn);
	if (ret && !ctx->dry_run) {	/* do not leave a half-up resource */
		undo.quiet = true;
		br_nl_call(ctx, &undo);
	}
	return ret;
}

static int simple_call(struct br_ctx *ctx, const struct br_resource *r,
		       int cmd, int role)
{
	struct br_nl_req req = BR_NL_REQ(cmd, r->name);

	req.role = role;
	if (role == BLKREP_ROLE_PRIMARY && ctx->force)
		req.flags = BLKREP_F_FORCE;
	return br_nl_call(ctx, &req);
}

static int do_down(struct br_ctx *ctx, const struct br_resource *r,
		   const struct br_host *h)
{
	(void)h;
	return simple_call(ctx, r, BLKREP_CMD_DEL_RESOURCE, 0);
}

static int do_detach(struct br_ctx *ctx, const struct br_resource *r,
		     const struct br_host *h)
{
	(void)h;
	return simple_call(ctx, r, BLKREP_CMD_DETACH, 0);
}

static int do_primary(struct br_ctx *ctx, const struct br_resource *r,
		      const struct br_host *h)
{
	(void)h;
	return simple_call(ctx, r, BLKREP_CMD_SET_ROLE, BLKREP_ROLE_PRIMARY);
}

static int do_secondary(struct br_ctx *ctx, const struct br_resource *r,
			const struct br_host *h)
{
	(void)h;
	return simple_call(ctx, r, BLKREP_CMD_SET_ROLE, BLKREP_ROLE_SECONDARY);
}

/* ---- command entry points --------------------------------------------- */

#define RES_CMD(fn, impl) \
	static int fn(struct br_ctx *ctx, const char *arg) \
	{ return for_each_target(ctx, arg, impl); }

RES_CMD(cmd_create_md, br_cmd_create_md)
RES_CMD(cmd_dump_md, br_cmd_dump_md)
RES_CMD(cmd_up, do_up)
RES_CMD(cmd_down, do_down)
RES_CMD(cmd_attach, do_attach)
RES_CMD(cmd_detach, do_detach)
RES_CMD(cmd_primary, do_primary)
RES_CMD(cmd_secondary, do_secondary)
RES_CMD(cmd_connect, br_cmd_connect)
RES_CMD(cmd_disconnect, br_cmd_disconnect)
RES_CMD(cmd_invalidate, br_cmd_invalidate)
RES_CMD(cmd_invalidate_remote, br_cmd_invalidate_remote)
RES_CMD(cmd_new_current_uuid, br_cmd_new_current_uuid)
RES_CMD(cmd_outdate, br_cmd_outdate)
RES_CMD(cmd_resume_io, br_cmd_resume_io)
RES_CMD(cmd_wait_connect, br_cmd_wait_connect)
RES_CMD(cmd_wait_sync, br_cmd_wait_sync)

/*
 * handler EVENT RES, run by the module as its user-mode helper: what it
 * prints is discarded, so errors go to syslog too.  blkrepadm's own
 * failures (configuration, resource or host not found, the command not
 * started) exit 1, never 3 to 7: exit status 3, 4, 5 and 7 of fence-peer
 * tell the module that the peer is fenced.
 */
static int cmd_handler(struct br_ctx *ctx, const char *arg)
{
	char events[256];

	br_use_syslog();
	if (br_opt_lookup(BR_SEC_HANDLERS, ctx->event) < 0) {
		br_opt_names(BR_SEC_HANDLERS, events, sizeof(events));
		return usage_error("handler: unknown event '%s' (expected %s)",
				   ctx->event, events);
	}
	if (!strcmp(arg, "all"))
		return usage_error("handler: takes one resource, not 'all'");
	if (for_each_target(ctx, arg, br_cmd_handler))
		return BR_EXIT_FAILED;
	return ctx->handler_status;
}

static int cmd_dump(struct br_ctx *ctx, const char *arg)
{
	const struct br_resource *only = NULL;
	int ret = load_config(ctx);

	if (ret)
		return ret;
	if (arg && strcmp(arg, "all")) {
		only = find_resource(ctx, arg);
		if (!only)
			return BR_EXIT_CONFIG;
	}
	if (ctx->warnings) {
		int i;

		for (i = 0; i < ctx->cfg.nwarnings; i++)
			printf("%s\n", ctx->cfg.warnings[i]);
		return BR_EXIT_OK;
	}
	br_config_dump(stdout, &ctx->cfg, only);
	return BR_EXIT_OK;
}

/*
 * import-drbd-conf [FILE]: a DRBD configuration (default /etc/drbd.conf
 * and what it includes) as blkrep.conf: every change or drop first, as
 * comments with the DRBD file and line, then the configuration.
 */
static int cmd_import_drbd(struct br_ctx *ctx, const char *arg)
{
	const char *path = arg ? arg : "/etc/drbd.conf";
	char err[BR_ERR_LEN];
	int i;

	br_config_free(&ctx->cfg);
	if (br_config_import_drbd(&ctx->cfg, path, err)) {
		fprintf(stderr, "%s\n", err);
		return BR_EXIT_CONFIG;
	}
	printf("# blkrep.conf imported from %s by blkrepadm import-drbd-conf\n",
	       path);
	for (i = 0; i < ctx->cfg.nwarnings; i++)
		printf("# %s\n", ctx->cfg.warnings[i]);
	printf("\n");
	br_config_dump(stdout, &ctx->cfg, NULL);
	return BR_EXIT_OK;
}

/* GET_RESOURCE for @arg (NULL or "all": every resource). */
static int get_states(struct br_ctx *ctx, const char *arg,
		      struct br_status **st, int *n)
{
	int ret;

	if (arg && !strcmp(arg, "all"))
		arg = NULL;
	ret = br_nl_get(ctx, arg, st, n);
	if (!ret && arg && !ctx->dry_run && *n == 0) {
		br_err("%s: the module did not report this resource", arg);
		ret = BR_EXIT_FAILED;
	}
	return ret;
}

static int cmd_status(struct br_ctx *ctx, const char *arg)
{
	struct br_status *st;
	int n, ret = get_states(ctx, arg, &st, &n);

	if (ret || ctx->dry_run)
		return ret;
	if (ctx->json)
		br_status_print_json(stdout, st, n);
	else
		br_status_print(stdout, st, n);
	free(st);
	return BR_EXIT_OK;
}

enum state_word { WORD_ROLE, WORD_DSTATE, WORD_CSTATE };

static int print_state(struct br_ctx *ctx, const char *arg,
		       enum state_word what)
{
	struct br_status *st;
	int i, n, ret = get_states(ctx, arg, &st, &n);

	if (ret || ctx->dry_run)
		return ret;
	for (i = 0; i < n; i++) {
		if (what == WORD_ROLE)
			printf("%s/%s\n", br_role_name(st[i].role),
			       br_role_name(st[i].peer_role));
		else if (what == WORD_DSTATE)
			printf("%s/%s\n", br_disk_state_name(st[i].disk_state),
			       br_disk_state_name(st[i].peer_disk_state));
		else
			printf("%s\n", br_conn_state_name(st[i].conn_state));
	}
	free(st);
	return BR_EXIT_OK;
}

static int cmd_role(struct br_ctx *ctx, const char *arg)
{
	return print_state(ctx, arg, WORD_ROLE);
}

static int cmd_dstate(struct br_ctx *ctx, const char *arg)
{
	return print_state(ctx, arg, WORD_DSTATE);
}

static int cmd_cstate(struct br_ctx *ctx, const char *arg)
{
	return print_state(ctx, arg, WORD_CSTATE);
}

static int cmd_help(struct br_ctx *ctx, const char *arg);

static const struct command commands[] = {
	{ "create-md", "RES [--force]", OPT_FORCE, ARG_RES, cmd_create_md,
	  "write fresh metadata to the resource's disk" },
	{ "dump-md", "RES", 0, ARG_RES, cmd_dump_md,
	  "print the metadata superblock of the resource's disk" },
	{ "up", "RES", 0, ARG_RES, cmd_up,
	  "create the resource, attach its disk, connect" },
	{ "down", "RES", 0, ARG_RES, cmd_down,
	  "detach the disk and remove the resource" },
	{ "attach", "RES", 0, ARG_RES, cmd_attach,
	  "attach the backing disk and its metadata" },
	{ "detach", "RES", 0, ARG_RES, cmd_detach,
	  "detach the backing disk; the device stays, Diskless" },
	{ "primary", "RES [--force]", OPT_FORCE | OPT_OVERWRITE, ARG_RES, cmd_primary,
	  "make this node Primary (--force: declare its data good)" },
	{ "secondary", "RES", 0, ARG_RES, cmd_secondary,
	  "make this node Secondary" },
	{ "connect", "RES [--discard-my-data]", OPT_DISCARD, ARG_RES,
	  cmd_connect, "connect to the peer (keeps retrying)" },
	{ "disconnect", "RES", 0, ARG_RES, cmd_disconnect,
	  "close the connection, go StandAlone" },
	{ "invalidate", "RES", 0, ARG_RES, cmd_invalidate,
	  "discard this node's data, full resync from the peer" },
	{ "invalidate-remote", "RES", 0, ARG_RES, cmd_invalidate_remote,
	  "discard the peer's data, full resync from this node" },
	{ "new-current-uuid", "RES [--clear-bitmap]", OPT_CLEAR, ARG_RES,
	  cmd_new_current_uuid,
	  "start a new generation (--clear-bitmap: skip initial sync)" },
	{ "outdate", "RES", 0, ARG_RES, cmd_outdate,
	  "mark this node's disk Outdated (not connected, not Primary)" },
	{ "resume-io", "RES", 0, ARG_RES, cmd_resume_io,
	  "let I/O go on that a failed fence-peer froze (peer known down)" },
	{ "wait-connect", "RES [--timeout S]", OPT_TIMEOUT, ARG_RES,
	  cmd_wait_connect, "wait until connected (or resyncing)" },
	{ "wait-sync", "RES [--timeout S]", OPT_TIMEOUT, ARG_RES,
	  cmd_wait_sync, "wait until connected and both disks UpToDate" },
	{ "status", "[RES] [--json]", OPT_JSON, ARG_RES_OPT, cmd_status,
	  "show the state of one or every resource" },
	{ "role", "RES", 0, ARG_RES, cmd_role,
	  "print the roles, local/peer (Primary/Unknown)" },
	{ "dstate", "RES", 0, ARG_RES, cmd_dstate,
	  "print the disk states, local/peer (UpToDate/DUnknown)" },
	{ "cstate", "RES", 0, ARG_RES, cmd_cstate,
	  "print the connection state (StandAlone)" },
	{ "dump", "[RES] [--warnings]", OPT_WARNINGS, ARG_RES_OPT, cmd_dump,
	  "print the parsed configuration in canonical form" },
	{ "import-drbd-conf", "[FILE]", 0, ARG_RES_OPT, cmd_import_drbd,
	  "print a DRBD configuration as blkrep.conf" },
	{ "handler", "EVENT RES", 0, ARG_EVENT_RES, cmd_handler,
	  "run the handler for EVENT (called by the kernel module)" },
	{ "help", "", 0, ARG_RES_OPT, cmd_help, "show this help" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))
#define HELP_COLUMN 31	/* width of "COMMAND ARGS" in the usage */

static void usage(FILE *out)
{
	size_t i;
	char left[48];

	fprintf(out,
		"Usage: blkrepadm [-c FILE] [-n|--dry-run] COMMAND [OPTIONS] {RES|all}\n"
		"       blkrepadm [-c FILE] [-n] -- --OPTION COMMAND RES\n\n"
		"Commands:\n");
	for (i = 0; i < NCOMMANDS; i++) {
		snprintf(left, sizeof(left), "%s %s", commands[i].name,
			 commands[i].args);
		/* a long left side gets a line of its own */
		if (strlen(left) > HELP_COLUMN)
			fprintf(out, "  %s\n  %-*s %s\n", left, HELP_COLUMN, "",
				commands[i].help);
		else
			fprintf(out, "  %-*s %s\n", HELP_COLUMN, left,
				commands[i].help);
	}
	fprintf(out,
		"\nOptions:\n"
		"  -c, --config FILE               configuration file (default "
		DEFAULT_CONFIG ")\n"
		"  -n, --dry-run                   print the netlink calls, change nothing\n"
		"  -h, --help                      show this help\n"
		"  -V, --version                   show the version\n\n"
		"The host is `uname -n`, or $BLKREP_HOSTNAME when set.\n"
		"wait-connect and wait-sync wait startup { wfc-timeout } seconds unless\n"
		"--timeout is given; 0 waits forever.\n"
		"Exit codes: 0 success, 1 operation failed (or a wait timed out),\n"
		"2 usage error, 3 configuration error, 4 cannot reach the module,\n"
		"5 disk or metadata problem.  handler exits with its command's status,\n"
		"and with 1 or 2 for errors of its own.\n");
}

static int cmd_help(struct br_ctx *ctx, const char *arg)
{
	(void)ctx;
	(void)arg;
	usage(stdout);
	return BR_EXIT_OK;
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* ---- the command line ------------------------------------------------- */

struct cmdline {
	const struct command *cmd;
	const char *arg;
	const char *arg2;		/* the second argument, if any */
	int nargs;
	const char *extra;		/* first surplus argument */
	unsigned int opts;
	long timeout;			/* --timeout; -1: not given */
};

static int parse_timeout(struct cmdline *cl, const char *text)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(text, &end, 10);
	if (*text < '0' || *text > '9' || *end || errno || n > TIMEOUT_MAX)
		return usage_error("--timeout needs a number of seconds, 0..%ld (0: forever), not '%s'",
				   TIMEOUT_MAX, text);
	cl->timeout = n;
	return 0;
}

/*
 * The command option argv[*i] (with its value, which may be the next
 * word: *i then moves on).  @cmdname: NULL before the command (after --).
 */
static int command_option(struct cmdline *cl, int argc, char **argv, int *i,
			  const char *cmdname)
{
	const char *opt = argv[*i], *value = NULL;
	size_t k, len;

	for (k = 0; k < NCMDOPTIONS; k++) {
		len = strlen(cmd_options[k].name);
		if (strncmp(opt, cmd_options[k].name, len))
			continue;
		if (!opt[len])
			break;
		if (opt[len] == '=' && cmd_options[k].takes_value) {
			value = opt + len + 1;
			break;
		}
	}
	if (k == NCMDOPTIONS || (cl->cmd && !(cl->cmd->opts & cmd_options[k].bit)))
		return usage_error("%s%sunknown option '%s'",
				   cmdname ? cmdname : "",
				   cmdname ? ": " : "", opt);
	cl->opts |= cmd_options[k].bit;
	if (!cmd_options[k].takes_value)
		return 0;
	if (!value) {
		if (*i + 1 == argc)
			return usage_error("option '%s' needs a value", opt);
		value = argv[++*i];
	}
	return parse_timeout(cl, value);
}

/* Global options; returns the index of the command word, or -exit. */
static int global_options(struct br_ctx *ctx, int argc, char **argv,
			  bool *passthru)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && !*passthru; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-c") || !strcmp(a, "--config")) {
			if (++i == argc)
				return -usage_error("option '%s' needs a file name", a);
			ctx->config_path = argv[i];
		} else if (!strncmp(a, "--config=", 9)) {
			ctx->config_path = a + 9;
		} else if (!strncmp(a, "-c", 2)) {
			ctx->config_path = a + 2;
		} else if (!strcmp(a, "-n") || !strcmp(a, "--dry-run")) {
			ctx->dry_run = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(BR_EXIT_OK);
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			printf("blkrepadm %s (api %d)\n", BLKREP_VERSION,
			       BLKREP_GENL_VERSION);
			exit(BR_EXIT_OK);
		} else if (!strcmp(a, "--")) {
			*passthru = true;
		} else {
			return -usage_error("unknown option '%s'", a);
		}
	}
	return i;
}

static int parse_cmdline(struct br_ctx *ctx, struct cmdline *cl, int argc,
			 char **argv)
{
	bool passthru = false;
	int i = global_options(ctx, argc, argv, &passthru), ret;
	size_t k;

	if (i < 0)
		return -i;
	for (; passthru && i < argc && argv[i][0] == '-'; i++)
		if ((ret = command_option(cl, argc, argv, &i, NULL)))
			return ret;
	if (i == argc)
		return usage_error("no command given");
	cl->cmd = find_command(argv[i]);
	if (!cl->cmd)
		return usage_error("unknown command '%s'", argv[i]);
	for (k = 0; k < NCMDOPTIONS; k++)
		if (cl->opts & ~cl->cmd->opts & cmd_options[k].bit)
			return usage_error("%s: unknown option '%s'",
					   cl->cmd->name, cmd_options[k].name);
	for (i++; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1]) {
			if ((ret = command_option(cl, argc, argv, &i,
						  cl->cmd->name)))
				return ret;
		} else if (cl->nargs++ == 0) {
			cl->arg = argv[i];
		} else if (cl->nargs == 2) {
			cl->arg2 = argv[i];
		} else if (!cl->extra) {
			cl->extra = argv[i];
		}
	}
	return 0;
}

static int check_args(const struct cmdline *cl)
{
	const struct command *c = cl->cmd;

	if (c->run == cmd_help)
		return 0;
	if (c->kind == ARG_EVENT_RES) {
		if (cl->nargs == 0)
			return usage_error("%s: missing event name", c->name);
		if (cl->nargs == 1)
			return usage_error("%s: missing resource name",
					   c->name);
		if (cl->nargs > 2)
			return usage_error("%s: unexpected argument '%s'",
					   c->name, cl->extra);
		return 0;
	}
	if (c->kind == ARG_RES && cl->nargs == 0)
		return usage_error("%s: missing resource name (or 'all')",
				   c->name);
	if (cl->nargs > 1)
		return usage_error("%s: unexpected argument '%s'", c->name,
				   cl->arg2);
	return 0;
}

int main(int argc, char **argv)
{
	struct br_ctx ctx = { .config_path = DEFAULT_CONFIG };
	struct cmdline cl = { .timeout = -1 };
	int ret;

	ret = parse_cmdline(&ctx, &cl, argc, argv);
	if (!ret)
		ret = check_args(&cl);
	if (ret)
		return ret;
	ctx.force = cl.opts & (OPT_FORCE | OPT_OVERWRITE);
	ctx.json = cl.opts & OPT_JSON;
	ctx.discard_my_data = cl.opts & OPT_DISCARD;
	ctx.warnings = cl.opts & OPT_WARNINGS;
	ctx.clear_bitmap = cl.opts & OPT_CLEAR;
	ctx.timeout = cl.timeout;
	if (cl.cmd->kind == ARG_EVENT_RES) {
		ctx.event = cl.arg;
		cl.arg = cl.arg2;
	}
	ret = cl.cmd->run(&ctx, cl.arg);
	br_nl_close(&ctx);
	br_config_free(&ctx.cfg);
	if (fflush(stdout) || ferror(stdout)) {
		br_err("write error on standard output");
		ret = ret ? ret : BR_EXIT_FAILED;
	}
	return ret;
}
