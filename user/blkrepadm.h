/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every blkrepadm command gets: the invocation context, and the exit
 * codes that are part of the interface (Documentation/cli-contract.md).
 */
#ifndef BLKREP_BLKREPADM_H
#define BLKREP_BLKREPADM_H

#include <stdbool.h>
#include "model.h"

enum br_exit {
	BR_EXIT_OK	= 0,
	BR_EXIT_FAILED	= 1,	/* the module refused, or the operation failed */
	BR_EXIT_USAGE	= 2,	/* bad command line */
	BR_EXIT_CONFIG	= 3,	/* configuration error */
	BR_EXIT_MODULE	= 4,	/* cannot reach the module */
	BR_EXIT_DISK	= 5,	/* disk or metadata problem */
};

struct br_nl;

struct br_ctx {
	const char *config_path;
	const char *hostname;	/* uname -n, or $BLKREP_HOSTNAME */
	bool dry_run;
	bool force;		/* --force */
	bool json;		/* --json */
	bool discard_my_data;	/* --discard-my-data */
	bool warnings;		/* dump --warnings */
	bool clear_bitmap;	/* --clear-bitmap */
	long timeout;		/* --timeout SECONDS; -1: not given */
	const char *event;	/* handler: EVENT */
	int handler_status;	/* handler: the command's exit status */
	struct br_config cfg;
	struct br_nl *nl;	/* opened on first use, never in dry-run */
};

/*
 * Print "blkrepadm: ..." and a newline to stderr; after br_use_syslog()
 * also send it to syslog (at LOG_ERR, or at @prio for br_log).
 */
void br_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void br_log(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* From now on errors go to syslog too (ident "blkrepadm"). */
void br_use_syslog(void);

#endif /* BLKREP_BLKREPADM_H */
