// SPDX-License-Identifier: GPL-2.0
/*
 * The option table and the value parsers behind it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "md_format.h"
#include "../include/uapi/linux/blkrep.h"

/*
 * Each enumeration's words and, in the same order, the value sent to the
 * module for each (include/uapi/linux/blkrep.h).
 */
#define N(a) (sizeof(a) / sizeof(a[0]))
#define SAME_LENGTH(words, values) \
	_Static_assert(N(words) == N(values) + 1, #values " has one per word")

static const char *const protocols[] = { "A", "B", "C", NULL };
static const int protocols_values[] = {
	BLKREP_PROTO_A, BLKREP_PROTO_B, BLKREP_PROTO_C };
SAME_LENGTH(protocols, protocols_values);

static const char *const io_error[] = {
	"pass_on", "call-local-io-error", "detach", NULL };
static const int io_error_values[] = {
	BLKREP_IOE_PASS_ON, BLKREP_IOE_CALL_LOCAL_IO_ERROR, BLKREP_IOE_DETACH };
SAME_LENGTH(io_error, io_error_values);

static const char *const fencing[] = {
	"dont-care", "resource-only", "resource-and-stonith", NULL };
static const int fencing_values[] = {
	BLKREP_FENCING_DONT_CARE, BLKREP_FENCING_RESOURCE_ONLY,
	BLKREP_FENCING_RESOURCE_AND_STONITH };
SAME_LENGTH(fencing, fencing_values);

/*
 * discard-node-NAME is sent as DISCARD_LOCAL or DISCARD_REMOTE depending on
 * whether NAME is this host (net.c); config.c checks that NAME is one of
 * the resource's hosts.
 */
static const char *const sb0[] = {
	"disconnect", "discard-younger-primary", "discard-older-primary",
	"discard-zero-changes", "discard-least-changes", "discard-node-*",
	NULL };
static const int sb0_values[] = {
	BLKREP_SB_DISCONNECT, BLKREP_SB_DISCARD_YOUNGER_PRI,
	BLKREP_SB_DISCARD_OLDER_PRI, BLKREP_SB_DISCARD_ZERO_CHANGES,
	BLKREP_SB_DISCARD_LEAST_CHANGES, BLKREP_SB_DISCARD_LOCAL };
SAME_LENGTH(sb0, sb0_values);

static const char *const sb1[] = {
	"disconnect", "consensus", "discard-secondary",
	"call-pri-lost-after-sb", NULL };
static const int sb1_values[] = {
	BLKREP_SB_DISCONNECT, BLKREP_SB_CONSENSUS, BLKREP_SB_DISCARD_SECONDARY,
	BLKREP_SB_CALL_PRI_LOST_AFTER_SB };
SAME_LENGTH(sb1, sb1_values);

static const char *const sb2[] = {
	"disconnect", "call-pri-lost-after-sb", NULL };
static const int sb2_values[] = {
	BLKREP_SB_DISCONNECT, BLKREP_SB_CALL_PRI_LOST_AFTER_SB };
SAME_LENGTH(sb2, sb2_values);

static const char *const rr[] = { "disconnect", "call-pri-lost", NULL };
static const int rr_values[] = { BLKREP_RR_DISCONNECT, BLKREP_RR_CALL_PRI_LOST };
SAME_LENGTH(rr, rr_values);

/* Known policies that blkrep refuses to implement. */
static const struct {
	enum br_opt opt;
	const char *word;
	const char *why;
} refused[] = {
	{ BR_OPT_AFTER_SB_1PRI, "violently-as0p",
	  "not supported: it would silently discard a Primary's data" },
	{ BR_OPT_AFTER_SB_2PRI, "violently-as0p",
	  "not supported: it would silently discard a Primary's data" },
	{ BR_OPT_RR_CONFLICT, "violently",
	  "not supported: it would silently discard a Primary's data" },
};

#define ENUM(n, s, c)		{ n, s, BR_OT_ENUM, c, c##_values, 0, 0 }
#define NUM(n, s, t, lo, hi)	{ n, s, t, NULL, NULL, lo, hi }
#define STR(n, s, t)		{ n, s, t, NULL, NULL, 0, 0 }

const struct br_optdef br_optdefs[BR_OPT_COUNT] = {
	[BR_OPT_PROTOCOL]	= ENUM("protocol", BR_SEC_TOP, protocols),
	[BR_OPT_ON_IO_ERROR]	= ENUM("on-io-error", BR_SEC_DISK, io_error),
	[BR_OPT_AL_EXTENTS]	= NUM("al-extents", BR_SEC_DISK, BR_OT_NUM,
				      7, BR_AL_EXTENTS_MAX),
	[BR_OPT_RESYNC_RATE]	= NUM("resync-rate", BR_SEC_DISK, BR_OT_RATE,
				      0, 4194304),
	[BR_OPT_C_MAX_RATE]	= NUM("c-max-rate", BR_SEC_DISK, BR_OT_RATE,
				      250, 4194304),
	[BR_OPT_C_MIN_RATE]	= NUM("c-min-rate", BR_SEC_DISK, BR_OT_RATE,
				      0, 4194304),
	[BR_OPT_FENCING]	= ENUM("fencing", BR_SEC_DISK, fencing),
	[BR_OPT_CRAM_HMAC_ALG]	= STR("cram-hmac-alg", BR_SEC_NET, BR_OT_NAME),
	/* max: the longest value, in bytes (CONNECT sends it as binary) */
	[BR_OPT_SHARED_SECRET]	= { "shared-secret", BR_SEC_NET, BR_OT_STRING,
				    NULL, NULL, 0, BLKREP_SECRET_MAX },
	[BR_OPT_DATA_INTEGRITY_ALG] = STR("data-integrity-alg", BR_SEC_NET,
					  BR_OT_NAME),
	[BR_OPT_PING_INT]	= NUM("ping-int", BR_SEC_NET, BR_OT_NUM, 1, 120),
	[BR_OPT_PING_TIMEOUT]	= NUM("ping-timeout", BR_SEC_NET, BR_OT_NUM,
				      1, 300),
	[BR_OPT_TIMEOUT]	= NUM("timeout", BR_SEC_NET, BR_OT_NUM, 1, 600),
	[BR_OPT_CONNECT_INT]	= NUM("connect-int", BR_SEC_NET, BR_OT_NUM,
				      1, 120),
	[BR_OPT_KO_COUNT]	= NUM("ko-count", BR_SEC_NET, BR_OT_NUM, 0, 200),
	[BR_OPT_MAX_BUFFERS]	= NUM("max-buffers", BR_SEC_NET, BR_OT_NUM,
				      32, 131072),
	[BR_OPT_SNDBUF_SIZE]	= NUM("sndbuf-size", BR_SEC_NET, BR_OT_BYTES,
				      0, 10 << 20),
	[BR_OPT_AFTER_SB_0PRI]	= ENUM("after-sb-0pri", BR_SEC_NET, sb0),
	[BR_OPT_AFTER_SB_1PRI]	= ENUM("after-sb-1pri", BR_SEC_NET, sb1),
	[BR_OPT_AFTER_SB_2PRI]	= ENUM("after-sb-2pri", BR_SEC_NET, sb2),
	[BR_OPT_RR_CONFLICT]	= ENUM("rr-conflict", BR_SEC_NET, rr),
	[BR_OPT_H_SPLIT_BRAIN]	= STR("split-brain", BR_SEC_HANDLERS,
				      BR_OT_STRING),
	[BR_OPT_H_FENCE_PEER]	= STR("fence-peer", BR_SEC_HANDLERS,
				      BR_OT_STRING),
	[BR_OPT_H_UNFENCE_PEER]	= STR("unfence-peer", BR_SEC_HANDLERS,
				      BR_OT_STRING),
	[BR_OPT_H_AFTER_RESYNC_TARGET] = STR("after-resync-target",
					     BR_SEC_HANDLERS, BR_OT_STRING),
	[BR_OPT_H_LOCAL_IO_ERROR] = STR("local-io-error", BR_SEC_HANDLERS,
					BR_OT_STRING),
	[BR_OPT_H_PRI_LOST_AFTER_SB] = STR("pri-lost-after-sb",
					   BR_SEC_HANDLERS, BR_OT_STRING),
	[BR_OPT_H_PRI_LOST]	= STR("pri-lost", BR_SEC_HANDLERS, BR_OT_STRING),
	[BR_OPT_WFC_TIMEOUT]	= NUM("wfc-timeout", BR_SEC_STARTUP, BR_OT_NUM,
				      0, 1000000),
	[BR_OPT_DEGR_WFC_TIMEOUT] = NUM("degr-wfc-timeout", BR_SEC_STARTUP,
					BR_OT_NUM, 0, 1000000),
};

static const char *const sect_names[BR_SEC_COUNT] = {
	[BR_SEC_TOP] = "resource", [BR_SEC_DISK] = "disk",
	[BR_SEC_NET] = "net", [BR_SEC_HANDLERS] = "handlers",
	[BR_SEC_STARTUP] = "startup",
};

const char *br_sect_name(enum br_sect sect)
{
	return sect_names[sect];
}

int br_opt_lookup(enum br_sect sect, const char *name)
{
	int i;

	for (i = 0; i < BR_OPT_COUNT; i++)
		if (br_optdefs[i].sect == sect &&
		    !strcmp(br_optdefs[i].name, name))
			return i;
	return -1;
}

/* Append "a, b or c" style lists. */
static void join(char *buf, size_t len, const char *const *items, int n)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n && used < len; i++) {
		const char *sep = i == 0 ? "" : i == n - 1 ? " or " : ", ";

		used += snprintf(buf + used, len - used, "%s%s", sep, items[i]);
	}
}

void br_opt_names(enum br_sect sect, char *buf, size_t len)
{
	const char *names[BR_OPT_COUNT];
	int i, n = 0;

	for (i = 0; i < BR_OPT_COUNT; i++)
		if (br_optdefs[i].sect == sect)
			names[n++] = br_optdefs[i].name;
	join(buf, len, names, n);
}

static int count_choices(const char *const *c)
{
	int n = 0;

	while (c[n])
		n++;
	return n;
}

static bool valid_name_char(char c, const char *extra)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr(extra, c);
}

static bool valid_name(const char *s, const char *extra)
{
	if (!*s || strlen(s) > 63)
		return false;
	for (; *s; s++)
		if (!valid_name_char(*s, extra))
			return false;
	return true;
}

static bool enum_match(const char *choice, const char *text)
{
	size_t n = strlen(choice);

	if (n && choice[n - 1] == '*')	/* "discard-node-*": a host name */
		return !strncmp(choice, text, n - 1) &&
		       valid_name(text + n - 1, "_.-");
	return !strcmp(choice, text);
}

static int parse_enum(const struct br_optdef *d, const char *text,
		      struct br_value *v, char *expected, size_t len)
{
	const char *const *c;

	for (c = d->choices; *c; c++)
		if (enum_match(*c, text)) {
			v->str = strdup(text);
			return 0;
		}
	join(expected, len, d->choices, count_choices(d->choices));
	return -1;
}

const char *br_opt_refused(int opt, const char *text)
{
	size_t i;

	for (i = 0; i < N(refused); i++)
		if ((int)refused[i].opt == opt && !strcmp(refused[i].word, text))
			return refused[i].why;
	return NULL;
}

int br_opt_enum_value(int opt, const char *text)
{
	const struct br_optdef *d = &br_optdefs[opt];
	int i;

	if (d->type != BR_OT_ENUM)
		return -1;
	for (i = 0; d->choices[i]; i++)
		if (enum_match(d->choices[i], text))
			return d->values[i];
	return -1;
}

const char *br_opt_enum_name(int opt, int value)
{
	const struct br_optdef *d = &br_optdefs[opt];
	int i;

	if (d->type == BR_OT_ENUM)
		for (i = 0; d->choices[i]; i++)
			if (d->values[i] == value)
				return d->choices[i];
	return "?";
}

/*
 * Multiplier of a suffix for @type, or 0 when not allowed: K, M, G in
 * either case, as DRBD takes them (powers of 1024; a rate's base unit is
 * KiB/s already), and s (512-byte sectors) for sizes.
 */
static uint64_t suffix_mult(enum br_otype type, const char *suffix)
{
	static const char units[] = "KMG";
	const char *u;
	char c = *suffix;

	if (!c)
		return 1;
	if (type == BR_OT_NUM || suffix[1])
		return 0;
	if (c == 's')
		return type == BR_OT_BYTES ? 512 : 0;
	if (c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	if (!(u = strchr(units, c)))
		return 0;
	if (type == BR_OT_RATE)		/* the base unit is already KiB */
		return 1ULL << (10 * (u - units));
	return 1ULL << (10 * (u - units + 1));
}

static int parse_number(const struct br_optdef *d, const char *text,
			struct br_value *v, char *expected, size_t len)
{
	static const char *const unit[] = {
		[BR_OT_NUM] = "", [BR_OT_BYTES] = " bytes (K, M, G or s suffix)",
		[BR_OT_RATE] = " KiB/s (K, M, G suffix)" };
	unsigned long long n;
	uint64_t mult;
	char *end;

	errno = 0;
	n = strtoull(text, &end, 10);
	mult = end != text ? suffix_mult(d->type, end) : 0;
	if (text[0] < '0' || text[0] > '9' || errno || !mult ||
	    n > d->max / mult || n * mult < d->min || n * mult > d->max) {
		snprintf(expected, len, "%llu..%llu%s",
			 (unsigned long long)d->min,
			 (unsigned long long)d->max, unit[d->type]);
		return -1;
	}
	v->num = n * mult;
	return 0;
}

int br_opt_parse(int opt, const char *text, struct br_value *v,
		 char *expected, size_t len)
{
	const struct br_optdef *d = &br_optdefs[opt];

	switch (d->type) {
	case BR_OT_ENUM:
		return parse_enum(d, text, v, expected, len);
	case BR_OT_NAME:
		if (!valid_name(text, "()_.-")) {
			snprintf(expected, len, "an algorithm name like sha256");
			return -1;
		}
		v->str = strdup(text);
		return 0;
	case BR_OT_STRING:
		if (d->max && strlen(text) > d->max) {
			snprintf(expected, len, "at most %llu bytes, not %zu",
				 (unsigned long long)d->max, strlen(text));
			return -1;
		}
		v->str = strdup(text);
		return 0;
	default:
		return parse_number(d, text, v, expected, len);
	}
}

static void format_number(enum br_otype type, uint64_t n, char *buf,
			  size_t len)
{
	static const char units[] = "KMG";
	int shift = type == BR_OT_RATE ? 10 : 0;
	int i, best = -1;

	if (type != BR_OT_NUM && n)
		for (i = 0; i < 3; i++) {
			int bits = 10 * (i + 1) - shift;

			if (bits > 0 && !(n & ((1ULL << bits) - 1)))
				best = i;
		}
	if (best < 0 || (type == BR_OT_RATE && best == 0))
		snprintf(buf, len, "%llu", (unsigned long long)n);
	else
		snprintf(buf, len, "%llu%c",
			 (unsigned long long)(n >> (10 * (best + 1) - shift)),
			 units[best]);
}

void br_quote(const char *s, char *buf, size_t len)
{
	size_t used = 0;

	if (len < 3)
		return;
	buf[used++] = '"';
	for (; *s && used + 3 < len; s++) {
		if (*s == '"' || *s == '\\')
			buf[used++] = '\\';
		buf[used++] = *s;
	}
	buf[used++] = '"';
	buf[used] = '\0';
}

void br_word(const char *s, char *buf, size_t len)
{
	const char *c;

	for (c = s; *c; c++)
		if (*c <= ' ' || *c == 0x7f || strchr(";{}\"#\\", *c))
			break;
	if (*s && !*c)
		snprintf(buf, len, "%s", s);
	else
		br_quote(s, buf, len);
}

void br_opt_format(int opt, const struct br_value *v, char *buf, size_t len)
{
	enum br_otype type = br_optdefs[opt].type;

	if (type == BR_OT_STRING)
		br_quote(v->str, buf, len);
	else if (type == BR_OT_ENUM || type == BR_OT_NAME)
		snprintf(buf, len, "%s", v->str);
	else
		format_number(type, v->num, buf, len);
}

/*
 * DRBD options that mean nothing in blkrep, so that its users'
 * configurations load: config.c accepts each with its value (none for a
 * flag) and lists it for `blkrepadm dump --warnings`.
 */
#define CORK "blkrep batches with MSG_MORE, not TCP_CORK"
#define FLUSHES_BUILT_IN \
	"dropped: blkrep always flushes and orders its disk writes (turning that off is not built)"

static const struct br_drbd_noop drbd_noops[] = {
	{ "global", "minor-count", false, false,
	  "blkrep creates a device per resource as it comes up" },
	{ "global", "dialog-refresh", false, false,
	  "blkrepadm has no boot-time dialog" },
	{ "global", "disable-ip-verification", true, false,
	  "blkrepadm does not check addresses against the host's" },
	{ "net", "unplug-watermark", false, false,
	  "blkrep's sender batches what is queued by itself" },
	{ "net", "max-epoch-size", false, false,
	  "blkrep does not cut writes into epochs of a size" },
	{ "net", "no-tcp-cork", true, false, CORK },
	{ "net", "tcp-cork", false, false, CORK },
	/* DRBD's ways of trusting a battery-backed cache: not built. */
	{ "disk", "no-disk-flushes", true, true, FLUSHES_BUILT_IN },
	{ "disk", "no-md-flushes", true, true, FLUSHES_BUILT_IN },
	{ "disk", "no-disk-barrier", true, true, FLUSHES_BUILT_IN },
	{ "disk", "no-disk-drain", true, true, FLUSHES_BUILT_IN },
	{ "disk", "disk-flushes", false, true, FLUSHES_BUILT_IN },
	{ "disk", "md-flushes", false, true, FLUSHES_BUILT_IN },
	{ "disk", "disk-barrier", false, true, FLUSHES_BUILT_IN },
	{ "disk", "disk-drain", false, true, FLUSHES_BUILT_IN },
};

/* @importing: import-drbd-conf, which also drops what is not built. */
const struct br_drbd_noop *br_drbd_noop(const char *sect, const char *name,
					bool importing)
{
	size_t i;

	for (i = 0; i < N(drbd_noops); i++)
		if (!strcmp(drbd_noops[i].sect, sect) &&
		    !strcmp(drbd_noops[i].name, name) &&
		    (importing || !drbd_noops[i].import_only))
			return &drbd_noops[i];
	return NULL;
}

/* DRBD 8.3's syncer { } options that blkrep has, as disk options. */
int br_syncer_opt(const char *name)
{
	static const struct {
		const char *name;
		enum br_opt opt;
	} syncer_opts[] = {
		{ "rate", BR_OPT_RESYNC_RATE },
		{ "al-extents", BR_OPT_AL_EXTENTS },
		{ "c-max-rate", BR_OPT_C_MAX_RATE },
		{ "c-min-rate", BR_OPT_C_MIN_RATE },
	};
	size_t i;

	for (i = 0; i < N(syncer_opts); i++)
		if (!strcmp(syncer_opts[i].name, name))
			return syncer_opts[i].opt;
	return -1;
}
