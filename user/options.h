/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The options of blkrep.conf's disk, net, handlers and startup sections
 * (and the resource-level protocol): one table entry each, with its type,
 * its allowed values and its default.  config.c parses through it, dump
 * prints through it, and Documentation/man/blkrep.conf.5 describes it.
 */
#ifndef BLKREP_OPTIONS_H
#define BLKREP_OPTIONS_H

#include <stddef.h>
#include "model.h"

enum br_sect {
	BR_SEC_TOP,		/* statements directly in common/resource */
	BR_SEC_DISK,
	BR_SEC_NET,
	BR_SEC_HANDLERS,
	BR_SEC_STARTUP,
	BR_SEC_COUNT
};

enum br_otype {
	BR_OT_NUM,		/* plain integer, no suffix */
	BR_OT_BYTES,		/* bytes, optional K/M/G (x1024) suffix */
	BR_OT_RATE,		/* KiB/s, optional K/M/G suffix */
	BR_OT_ENUM,		/* one of choices[] */
	BR_OT_NAME,		/* an algorithm name */
	BR_OT_STRING,		/* any string, usually quoted */
};

struct br_optdef {
	const char *name;
	enum br_sect sect;
	enum br_otype type;
	const char *const *choices;	/* BR_OT_ENUM; "x-*" takes a suffix */
	const int *values;		/* BR_OT_ENUM: the uapi value of each
					   choice, as sent to the module */
	uint64_t min, max;		/* numeric types, in the base unit;
					   BR_OT_STRING: max length, 0 none */
};

extern const struct br_optdef br_optdefs[BR_OPT_COUNT];

const char *br_sect_name(enum br_sect sect);
/* The option of @sect called @name, or -1. */
int br_opt_lookup(enum br_sect sect, const char *name);
/*
 * Parse @text as a value of option @opt into @v.  On error returns -1 and
 * writes what was expected into @expected.
 */
int br_opt_parse(int opt, const char *text, struct br_value *v,
		 char *expected, size_t len);
/*
 * Why @text is refused for option @opt although it is a known word (a
 * policy blkrep does not implement), or NULL.  br_opt_parse() refuses such
 * values like any invalid one; this gives the reason for the message.
 */
const char *br_opt_refused(int opt, const char *text);
/* The uapi value of @text, a valid value of enumeration @opt; -1 if none. */
int br_opt_enum_value(int opt, const char *text);
/* The first choice of enumeration @opt whose uapi value is @value, or "?". */
const char *br_opt_enum_name(int opt, int value);
/* The value in its canonical, re-parseable form (strings quoted). */
void br_opt_format(int opt, const struct br_value *v, char *buf, size_t len);
/* @s in double quotes, with \" and \\ escaped. */
void br_quote(const char *s, char *buf, size_t len);
/* @s bare when it lexes as one word, else quoted. */
void br_word(const char *s, char *buf, size_t len);
/* "a, b or c": the option names of @sect, for messages. */
void br_opt_names(enum br_sect sect, char *buf, size_t len);

/* DRBD compatibility (options.c) */
struct br_drbd_noop {
	const char *sect;	/* "global", "net" */
	const char *name;
	bool flag;		/* takes no value */
	bool import_only;	/* dropped by import-drbd-conf, else an error */
	const char *why;	/* why it means nothing in blkrep */
};
const struct br_drbd_noop *br_drbd_noop(const char *sect, const char *name,
					bool importing);
int br_syncer_opt(const char *name);

#endif /* BLKREP_OPTIONS_H */
