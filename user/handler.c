// SPDX-License-Identifier: GPL-2.0
/*
 * blkrepadm handler EVENT RES: what the module runs as its user-mode
 * helper when EVENT happens (see "Handlers" in include/uapi/linux/blkrep.h).
 * It runs the command configured for EVENT in the resource's handlers
 * section through /bin/sh -c, waits for it and returns its exit status
 * (128 + N for a command killed by signal N, as a shell does), which the
 * module logs and, for fence-peer, acts on.  No command configured: 0.
 *
 * The command gets the environment the module gave (BLKREP_RESOURCE,
 * BLKREP_MINOR, BLKREP_PEER_ADDRESS, BLKREP_PEER_AF), those of them that
 * are missing filled in from the configuration (so that a handler can be
 * tried by hand), BLKREP_FENCING (dont-care, resource-only or
 * resource-and-stonith: the module passes the policy of the live
 * connection; run by hand, the configuration's, dont-care when it sets
 * none), BLKREP_PEER (the peer's `on` host name) and BLKREP_CONF (the
 * configuration file); and a PATH when it has none, as the module passes
 * a minimal environment.  BLKREP_PEER and BLKREP_CONF always come from the
 * configuration, also when the caller's environment has them.  --dry-run prints every variable
 * it sets.  The module discards what the helper prints, so the outcome
 * also goes to syslog (blkrepadm.c opens it).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "options.h"

#define SHELL "/bin/sh"
#define HELPER_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

struct env_var {
	const char *name;
	const char *value;	/* NULL: left out (unset) */
};

enum { ENV_RESOURCE, ENV_MINOR, ENV_PEER_ADDRESS, ENV_PEER_AF, ENV_PEER,
       ENV_FENCING, ENV_CONF, ENV_PATH, ENV_COUNT };

/* What the module does when the configuration does not set `fencing`. */
#define FENCING_DEFAULT "dont-care"

/* The environment of the command, into @env; @minor holds BLKREP_MINOR. */
static void handler_env(const struct br_ctx *ctx, const struct br_resource *r,
			const struct br_host *h, struct env_var *env,
			char *minor, size_t len)
{
	const struct br_host *peer = br_peer_host(r, h);
	const struct br_value *fencing = &r->settings.v[BR_OPT_FENCING];
	bool peer_addr = peer && peer->addr.family;
	const char *path = getenv("PATH");
	int i;

	env[ENV_RESOURCE].name = "BLKREP_RESOURCE";
	env[ENV_MINOR].name = "BLKREP_MINOR";
	env[ENV_PEER_ADDRESS].name = "BLKREP_PEER_ADDRESS";
	env[ENV_PEER_AF].name = "BLKREP_PEER_AF";
	env[ENV_PEER].name = "BLKREP_PEER";
	env[ENV_FENCING].name = "BLKREP_FENCING";
	env[ENV_CONF].name = "BLKREP_CONF";
	env[ENV_PATH].name = "PATH";
	/* what the module set wins; run by hand, the configuration tells */
	for (i = ENV_RESOURCE; i <= ENV_PEER_AF; i++)
		env[i].value = getenv(env[i].name);
	snprintf(minor, len, "%ld", h->minor);
	if (!env[ENV_RESOURCE].value)
		env[ENV_RESOURCE].value = r->name;
	if (!env[ENV_MINOR].value)
		env[ENV_MINOR].value = minor;
	if (!env[ENV_PEER_ADDRESS].value && peer_addr)
		env[ENV_PEER_ADDRESS].value = peer->addr.host;
	if (!env[ENV_PEER_AF].value && peer_addr)
		env[ENV_PEER_AF].value = peer->addr.family == 6 ? "ipv6" : "ipv4";
	env[ENV_PEER].value = peer ? peer->name : NULL;
	env[ENV_FENCING].value = getenv(env[ENV_FENCING].name);
	if (!env[ENV_FENCING].value)
		env[ENV_FENCING].value = fencing->set && fencing->str ?
					 fencing->str : FENCING_DEFAULT;
	env[ENV_CONF].value = ctx->config_path;
	env[ENV_PATH].value = path && *path ? NULL : HELPER_PATH;
}

/* @s as one shell word: bare when that is safe, else in single quotes. */
static void print_word(const char *s, bool always_quote)
{
	const char *c;

	for (c = s; *c && !always_quote; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || strchr("_-+=.,:/@%", *c)))
			break;
	if (*s && !always_quote && !*c) {
		fputs(s, stdout);
		return;
	}
	putchar('\'');
	for (c = s; *c; c++)
		if (*c == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*c);
	putchar('\'');
}

/* --dry-run: the command line a shell would need to do the same. */
static void print_command(const struct env_var *env, const char *cmd)
{
	int i;

	for (i = 0; i < ENV_COUNT; i++) {
		if (!env[i].value)
			continue;
		printf("%s=", env[i].name);
		print_word(env[i].value, false);
		putchar(' ');
	}
	printf("%s -c ", SHELL);
	print_word(cmd, true);
	putchar('\n');
}

/*
 * Run @cmd as system(3) would, in @env, and wait for it.  Returns 0 with
 * its wait status in @wstatus, or -1 with errno when it could not start.
 */
static int run_shell(const char *cmd, const struct env_var *env,
		     int *wstatus)
{
	struct sigaction ignore = { .sa_handler = SIG_IGN }, old_int, old_quit;
	int i, err = 0;
	pid_t pid;

	for (i = 0; i < ENV_COUNT; i++)
		if (env[i].value)
			setenv(env[i].name, env[i].value, 1);
		else if (i != ENV_PATH)	/* a PATH that was set stays */
			unsetenv(env[i].name);
	fflush(stdout);
	fflush(stderr);
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGINT, &ignore, &old_int);
	sigaction(SIGQUIT, &ignore, &old_quit);
	pid = fork();
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		execl(SHELL, "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	if (pid < 0)
		err = errno;
	while (pid > 0 && waitpid(pid, wstatus, 0) < 0)
		if (errno != EINTR) {
			err = errno;
			break;
		}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	errno = err;
	return err ? -1 : 0;
}

int br_cmd_handler(struct br_ctx *ctx, const struct br_resource *r,
		   const struct br_host *h)
{
	int opt = br_opt_lookup(BR_SEC_HANDLERS, ctx->event);
	const struct br_value *v = &r->settings.v[opt];
	struct env_var env[ENV_COUNT];
	char minor[24], quoted[1024];
	int ws;

	ctx->handler_status = BR_EXIT_OK;
	if (!v->set)		/* nothing to run: success */
		return BR_EXIT_OK;
	handler_env(ctx, r, h, env, minor, sizeof(minor));
	if (ctx->dry_run) {
		print_command(env, v->str);
		return BR_EXIT_OK;
	}
	br_quote(v->str, quoted, sizeof(quoted));
	if (run_shell(v->str, env, &ws)) {
		br_err("%s: %s handler %s could not be run: %s", r->name,
		       ctx->event, quoted, strerror(errno));
		return BR_EXIT_FAILED;
	}
	if (WIFSIGNALED(ws)) {		/* a shell says 128 + N */
		ctx->handler_status = 128 + WTERMSIG(ws);
		br_log(LOG_NOTICE, "%s: %s handler %s was killed by signal %d (exit status %d)",
		       r->name, ctx->event, quoted, WTERMSIG(ws),
		       ctx->handler_status);
	} else {
		ctx->handler_status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 1;
		br_log(LOG_NOTICE, "%s: %s handler %s exited with status %d",
		       r->name, ctx->event, quoted, ctx->handler_status);
	}
	return BR_EXIT_OK;
}
