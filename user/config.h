/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading blkrep.conf into the model (model.h) and printing it back.
 *
 * Every error is one line, ready to print: "FILE:LINE: message near 'TOKEN'
 * (expected ...)", or "blkrepadm: FILE: strerror" when the file cannot be
 * read.  The caller exits with BR_EXIT_CONFIG.
 */
#ifndef BLKREP_CONFIG_H
#define BLKREP_CONFIG_H

#include <stdio.h>
#include "model.h"

#define BR_ERR_LEN 1024

/* Parse @path (and what it includes), then resolve inheritance. */
int br_config_load(struct br_config *cfg, const char *path, char *err);
int br_config_import_drbd(struct br_config *cfg, const char *path, char *err);
/* The same for text in memory; @name is used in messages (unit tests). */
int br_config_load_text(struct br_config *cfg, const char *name,
			const char *text, char *err);
void br_config_free(struct br_config *cfg);

/* Between config.c and resolve.c */
int br_config_resolve(struct br_config *cfg, char *err);
int __attribute__((format(printf, 6, 7)))
br_conf_errf(char *err, const char *file, int line, const char *near,
	     const char *expected, const char *fmt, ...);

/* Print the resolved configuration, re-parseable; @only: one resource. */
void br_config_dump(FILE *out, const struct br_config *cfg,
		    const struct br_resource *only);

#endif /* BLKREP_CONFIG_H */
