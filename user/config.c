// SPDX-License-Identifier: GPL-2.0
/*
 * The blkrep.conf parser: a recursive descent over the lexer's tokens into
 * the model, then br_config_resolve() for inheritance and cross-checks.
 *
 * Grammar (statements end in ';', sections are NAME { ... }):
 *   file     := { include STRING ; | global { usage-count V ; }
 *              | common { opts } | resource NAME { opts | hostst | on } }
 *   opts     := protocol V ; | disk|net|handlers|startup { NAME V ; ... }
 *   hostst   := device ... ; | disk PATH ; | meta-disk ... ; | address ... ;
 *   on       := on HOST { hostst ... }
 */
#include <arpa/inet.h>
#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "lexer.h"
#include "options.h"
#include "../include/uapi/linux/blkrep.h"

#define BR_INCLUDE_DEPTH 8

struct parser {
	struct br_config *cfg;
	struct br_lexer lx;
	struct br_token tok;
	char *err;
	int depth;
	bool drbd;		/* import-drbd-conf: DRBD's device paths and
				   includes, what is not built dropped */
};

/* Write "FILE:LINE: message near 'TOKEN' (expected ...)" into @err. */
int br_conf_errf(char *err, const char *file, int line, const char *near,
		 const char *expected, const char *fmt, ...)
{
	char msg[512], tok[64];
	size_t i;
	va_list ap;

	if (err[0])		/* keep the first error */
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(tok, sizeof(tok), "%s", near);
	for (i = 0; tok[i]; i++)
		if ((unsigned char)tok[i] < ' ' || tok[i] == 0x7f)
			tok[i] = '?';
	snprintf(err, BR_ERR_LEN, "%s:%d: %s near '%s'%s%s%s", file, line, msg,
		 tok, expected ? " (expected " : "", expected ? expected : "",
		 expected ? ")" : "");
	return -1;
}

#define fail(p, expected, ...) \
	br_conf_errf((p)->err, (p)->lx.file, (p)->tok.line, (p)->tok.text, \
	     expected, __VA_ARGS__)

static int next(struct parser *p)
{
	if (br_lex_next(&p->lx, &p->tok) != BR_T_ERROR)
		return 0;
	if (p->tok.text[0] == '"')
		return fail(p, "a closing '\"'", "unterminated string");
	return fail(p, NULL, "invalid character");
}

static bool is_word(const struct parser *p, const char *word)
{
	return p->tok.type == BR_T_WORD && !strcmp(p->tok.text, word);
}

static int expect(struct parser *p, enum br_tok type, const char *what)
{
	if (p->tok.type != type)
		return fail(p, what, "syntax error");
	return next(p);
}

/* The current token as a value (a word or a string); advances. */
static int take_value(struct parser *p, const char *what, char **out)
{
	if (p->tok.type != BR_T_WORD && p->tok.type != BR_T_STRING)
		return fail(p, what, "missing value");
	*out = strdup(p->tok.text);
	return next(p);
}

static bool valid_ident(const char *s, const char *extra)
{
	size_t n = strlen(s);

	if (n == 0 || n >= BLKREP_NAME_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr(extra, *s)))
			return false;
	return true;
}

/* ---- option sections ------------------------------------------------ */

/* Add "FILE:LINE: ..." (the current token's) to cfg->warnings. */
static int __attribute__((format(printf, 2, 3)))
note(struct parser *p, const char *fmt, ...)
{
	struct br_config *cfg = p->cfg;
	char **w, *text, *line;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return fail(p, NULL, "out of memory");
	n = asprintf(&line, "%s:%d: %s", p->lx.file, p->tok.line, text);
	free(text);
	w = n < 0 ? NULL : realloc(cfg->warnings,
				   (cfg->nwarnings + 1) * sizeof(*w));
	if (!w) {
		if (n >= 0)
			free(line);
		return fail(p, NULL, "out of memory");
	}
	cfg->warnings = w;
	cfg->warnings[cfg->nwarnings++] = line;
	return 0;
}

/*
 * The current word names a DRBD option that blkrep ignores in section
 * @sect: take it, its value and ';', and note it.  1 when it is none.
 */
static int parse_drbd_noop(struct parser *p, const char *sect)
{
	const struct br_drbd_noop *n = br_drbd_noop(sect, p->tok.text, p->drbd);
	if (!n)
		return 1;
	if (note(p, "%s: %s%s", n->name, n->import_only ? "" :
		 "accepted and ignored, ", n->why))
		return -1;
	if (next(p))
		return -1;
	if (!n->flag) {
		if (p->tok.type != BR_T_WORD && p->tok.type != BR_T_STRING)
			return fail(p, "a value", "missing value for %s",
				    n->name);
		if (next(p))
			return -1;
	}
	return expect(p, BR_T_SEMI, "';'");
}

/* The value of option @opt, whose name is the current word; then ';'. */
static int parse_value(struct parser *p, int opt, struct br_settings *s)
{
	char expected[512];
	struct br_value *v;

	v = &s->v[opt];
	if (v->set)
		return fail(p, NULL, "duplicate option %s (first set on line %d)",
			    p->tok.text, v->line);
	v->line = p->tok.line;
	v->file = p->lx.file;
	if (next(p))
		return -1;
	if (p->tok.type != BR_T_WORD && p->tok.type != BR_T_STRING)
		return fail(p, "a value", "missing value for %s",
			    br_optdefs[opt].name);
	if (br_opt_parse(opt, p->tok.text, v, expected, sizeof(expected))) {
		const char *why = br_opt_refused(opt, p->tok.text);

		if (why)
			return fail(p, expected, "invalid value for %s (%s)",
				    br_optdefs[opt].name, why);
		if (br_optdefs[opt].type == BR_OT_STRING) /* never echo a secret */
			return br_conf_errf(p->err, p->lx.file, p->tok.line,
				    br_optdefs[opt].name, expected,
				    "invalid value for %s", br_optdefs[opt].name);
		return fail(p, expected, "invalid value for %s",
			    br_optdefs[opt].name);
	}
	v->set = true;
	if (p->drbd && br_optdefs[opt].sect == BR_SEC_HANDLERS &&
	    strstr(v->str, "/usr/lib/drbd/") &&
	    note(p, "%s runs a DRBD script: blkrep's are /usr/lib/blkrep/fence-peer.sh and unfence-peer.sh",
		 br_optdefs[opt].name))
		return -1;
	if (next(p))
		return -1;
	return expect(p, BR_T_SEMI, "';'");
}

static int parse_option(struct parser *p, enum br_sect sect,
			struct br_settings *s)
{
	char expected[512];
	int opt = br_opt_lookup(sect, p->tok.text), ret;

	if (opt < 0 && (ret = parse_drbd_noop(p, br_sect_name(sect))) <= 0)
		return ret;
	if (opt < 0) {
		br_opt_names(sect, expected, sizeof(expected));
		return fail(p, expected, "unknown %s option",
			    br_sect_name(sect));
	}
	return parse_value(p, opt, s);
}

/* DRBD 8.3's syncer { } section: its options are disk options here. */
static int parse_syncer(struct parser *p, struct br_settings *s)
{
	if (expect(p, BR_T_LBRACE, "'{'"))
		return -1;
	while (p->tok.type == BR_T_WORD) {
		int opt = br_syncer_opt(p->tok.text);

		if (opt < 0)
			return fail(p, "rate, al-extents, c-max-rate or c-min-rate",
				    "unknown syncer option (DRBD 8.3's section; blkrep has these of it, as disk options)");
		if (parse_value(p, opt, s))
			return -1;
	}
	return expect(p, BR_T_RBRACE, "an option or '}'");
}

static int parse_section(struct parser *p, enum br_sect sect,
			 struct br_settings *s)
{
	if (expect(p, BR_T_LBRACE, "'{'"))
		return -1;
	while (p->tok.type == BR_T_WORD)
		if (parse_option(p, sect, s))
			return -1;
	return expect(p, BR_T_RBRACE, "an option or '}'");
}

static const char *const section_words[] = {
	[BR_SEC_DISK] = "disk", [BR_SEC_NET] = "net",
	[BR_SEC_HANDLERS] = "handlers", [BR_SEC_STARTUP] = "startup",
};

/*
 * protocol, or a disk/net/handlers/startup section.  Returns 1 when the
 * current word is none of these (nothing consumed), 0 or -1 otherwise.
 */
static int parse_settings_stmt(struct parser *p, struct br_settings *s,
			       bool *section_kw)
{
	enum br_sect sect;

	*section_kw = false;
	if (is_word(p, "protocol"))
		return parse_option(p, BR_SEC_TOP, s);
	if (is_word(p, "syncer")) {
		*section_kw = true;
		return next(p) ? -1 : parse_syncer(p, s);
	}
	for (sect = BR_SEC_DISK; sect < BR_SEC_COUNT; sect++)
		if (is_word(p, section_words[sect]))
			break;
	if (sect == BR_SEC_COUNT)
		return 1;
	*section_kw = true;
	if (next(p))
		return -1;
	if (p->tok.type != BR_T_LBRACE)
		return 1;	/* "disk PATH;" in a resource */
	return parse_section(p, sect, s);
}

static int parse_common(struct parser *p)
{
	bool kw;
	int r;

	if (next(p) || expect(p, BR_T_LBRACE, "'{'"))
		return -1;
	while (p->tok.type == BR_T_WORD) {
		r = parse_settings_stmt(p, &p->cfg->common, &kw);
		if (r < 0)
			return -1;
		if (r > 0)
			return kw ? fail(p, "'{'", "syntax error") :
			       fail(p, "protocol, disk, net, handlers or startup",
				    "unknown common statement");
	}
	return expect(p, BR_T_RBRACE, "a statement or '}'");
}

static int parse_global(struct parser *p)
{
	static const char *const uc[] = { "", "yes", "no", "ask" };
	struct br_config *cfg = p->cfg;
	int i;

	if (next(p) || expect(p, BR_T_LBRACE, "'{'"))
		return -1;
	while (p->tok.type == BR_T_WORD) {
		int ret = parse_drbd_noop(p, "global");

		if (ret <= 0) {
			if (ret)
				return ret;
			continue;
		}
		if (!is_word(p, "usage-count"))
			return fail(p, "usage-count", "unknown global option");
		if (cfg->usage_count != BR_UC_UNSET)
			return fail(p, NULL, "duplicate option usage-count");
		if (next(p))
			return -1;
		for (i = BR_UC_YES; i <= BR_UC_ASK; i++)
			if (is_word(p, uc[i]))
				cfg->usage_count = i;
		if (cfg->usage_count == BR_UC_UNSET)
			return fail(p, "yes, no or ask",
				    "invalid value for usage-count");
		if (next(p) || expect(p, BR_T_SEMI, "';'"))
			return -1;
	}
	return expect(p, BR_T_RBRACE, "usage-count or '}'");
}

/* ---- host statements: device, disk, meta-disk, address --------------- */

static int parse_minor_number(struct parser *p, long *minor)
{
	const char *s = p->tok.text;
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (p->tok.type != BR_T_WORD || *s < '0' || *s > '9' || *end ||
	    errno || n > BLKREP_MAX_MINOR)
		return fail(p, "a minor number 0..1048575", "invalid minor");
	*minor = (long)n;
	return 0;
}

static int parse_device(struct parser *p, struct br_host *h)
{
	long from_path = BR_MINOR_UNSET;

	if (!is_word(p, "minor")) {
		const char *s = p->tok.text, *pre = "/dev/blkrep", *digits;
		bool renamed = p->drbd && !strncmp(s, "/dev/drbd", 9);
		char *end;

		if (renamed)
			pre = "/dev/drbd";
		digits = s + strlen(pre);
		if (p->tok.type != BR_T_WORD || strncmp(s, pre, digits - s) ||
		    *digits < '0' || *digits > '9' ||
		    strtoul(digits, &end, 10) > BLKREP_MAX_MINOR || *end)
			return fail(p, "/dev/blkrepN or minor N",
				    "invalid device");
		from_path = strtol(digits, NULL, 10);
		h->minor = from_path;
		if (renamed &&
		    note(p, "device %s: /dev/blkrep%ld", s, from_path))
			return -1;
		if (next(p))
			return -1;
		if (p->tok.type == BR_T_SEMI)
			return next(p);
		if (!is_word(p, "minor"))
			return fail(p, "minor N or ';'", "syntax error");
	}
	if (next(p) || parse_minor_number(p, &h->minor))
		return -1;
	if (from_path != BR_MINOR_UNSET && from_path != h->minor)
		return fail(p, NULL, "device /dev/blkrep%ld does not match minor %ld",
			    from_path, h->minor);
	if (next(p))
		return -1;
	return expect(p, BR_T_SEMI, "';'");
}

static int parse_meta_index(struct parser *p, uint32_t *index)
{
	const char *s = p->tok.text;
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s + 1, &end, 10);
	if (s[0] != '[' || s[1] < '0' || s[1] > '9' || strcmp(end, "]") ||
	    errno || n > 0xffffffffUL)
		return fail(p, "[N] or ';'", "invalid meta-disk index");
	*index = (uint32_t)n;
	return next(p);
}

static int parse_meta(struct parser *p, struct br_host *h, bool flexible)
{
	if (is_word(p, "internal")) {
		h->meta.kind = BR_MK_INTERNAL;
		if (next(p))
			return -1;
		return expect(p, BR_T_SEMI, "';'");
	}
	h->meta.kind = BR_MK_FLEXIBLE;
	if (take_value(p, "internal or a device path", &h->meta.path))
		return -1;
	if (!flexible && p->tok.type == BR_T_WORD) {
		h->meta.kind = BR_MK_INDEXED;
		if (parse_meta_index(p, &h->meta.index))
			return -1;
	}
	return expect(p, BR_T_SEMI, "';'");
}

static int split_address(struct br_addr *a, const char *text)
{
	const char *colon = strrchr(text, ':');
	const char *host = text;
	size_t hlen;
	char *end;
	unsigned long port;
	unsigned char buf[16];

	if (!colon)
		return -1;
	hlen = colon - text;
	if (text[0] == '[') {
		if (hlen < 3 || colon[-1] != ']' || a->family == 4)
			return -1;
		a->family = 6;
		host++;
		hlen -= 2;
	} else if (a->family == 6) {
		return -1;
	}
	if (!a->family)
		a->family = 4;
	if (hlen >= sizeof(a->host))
		return -1;
	memcpy(a->host, host, hlen);
	a->host[hlen] = '\0';
	port = strtoul(colon + 1, &end, 10);
	if (colon[1] < '0' || colon[1] > '9' || *end || !port || port > 65535)
		return -1;
	a->port = (uint16_t)port;
	return inet_pton(a->family == 6 ? AF_INET6 : AF_INET, a->host,
			 buf) == 1 ? 0 : -1;
}

static int parse_address(struct parser *p, struct br_host *h)
{
	struct br_addr *a = &h->addr;

	a->family = 0;
	if (is_word(p, "ipv4") || is_word(p, "ipv6")) {
		a->family = p->tok.text[3] - '0';
		if (next(p))
			return -1;
	}
	if (p->tok.type != BR_T_WORD || split_address(a, p->tok.text))
		return fail(p, "a.b.c.d:port or ipv6 [addr]:port",
			    "invalid address");
	if (next(p))
		return -1;
	return expect(p, BR_T_SEMI, "';'");
}

/*
 * A host statement whose keyword was just consumed (p->tok is its first
 * argument).  @kw is the keyword, @line its line for duplicate messages.
 */
static int parse_host_stmt(struct parser *p, const char *kw,
			   struct br_host *h)
{
	bool dup = false;

	if (!strcmp(kw, "device"))
		dup = h->minor != BR_MINOR_UNSET;
	else if (!strcmp(kw, "disk"))
		dup = h->disk != NULL;
	else if (!strcmp(kw, "address"))
		dup = h->addr.family != 0;
	else
		dup = h->meta.kind != BR_MK_UNSET;
	if (dup)
		return br_conf_errf(p->err, p->lx.file, p->tok.line, kw, NULL,
			    "duplicate option %s", kw);
	if (!strcmp(kw, "device"))
		return parse_device(p, h);
	if (!strcmp(kw, "disk")) {
		if (take_value(p, "a device path", &h->disk))
			return -1;
		return expect(p, BR_T_SEMI, "';'");
	}
	if (!strcmp(kw, "address"))
		return parse_address(p, h);
	return parse_meta(p, h, !strcmp(kw, "flexible-meta-disk"));
}

static bool is_host_kw(const char *w, bool with_address)
{
	return !strcmp(w, "device") || !strcmp(w, "disk") ||
	       !strcmp(w, "meta-disk") || !strcmp(w, "flexible-meta-disk") ||
	       (with_address && !strcmp(w, "address"));
}

static void host_init(struct br_host *h)
{
	memset(h, 0, sizeof(*h));
	h->minor = BR_MINOR_UNSET;
}

static int parse_on(struct parser *p, struct br_resource *r)
{
	struct br_host *h;
	char kw[32];
	int i;

	if (next(p))
		return -1;
	if (p->tok.type != BR_T_WORD || !valid_ident(p->tok.text, "_.-"))
		return fail(p, "a host name", "invalid host name");
	for (i = 0; i < r->nhosts; i++)
		if (!strcmp(r->hosts[i].name, p->tok.text))
			return fail(p, NULL, "duplicate 'on' section (first on line %d)",
				    r->hosts[i].line);
	if (r->nhosts == BR_MAX_HOSTS)
		return fail(p, NULL, "more than %d 'on' sections in resource %s",
			    BR_MAX_HOSTS, r->name);
	h = &r->hosts[r->nhosts++];
	host_init(h);
	h->name = strdup(p->tok.text);
	h->line = p->tok.line;
	if (next(p) || expect(p, BR_T_LBRACE, "'{'"))
		return -1;
	while (p->tok.type == BR_T_WORD) {
		if (!is_host_kw(p->tok.text, true))
			return fail(p, "device, disk, meta-disk, flexible-meta-disk or address",
				    "unknown 'on' statement");
		snprintf(kw, sizeof(kw), "%s", p->tok.text);
		if (next(p) || parse_host_stmt(p, kw, h))
			return -1;
	}
	return expect(p, BR_T_RBRACE, "a statement or '}'");
}

/* ---- resources ------------------------------------------------------- */

static int parse_resource_stmt(struct parser *p, struct br_resource *r)
{
	char kw[32];
	bool section_kw;
	int ret;

	if (is_word(p, "on"))
		return parse_on(p, r);
	snprintf(kw, sizeof(kw), "%s", p->tok.text);
	ret = parse_settings_stmt(p, &r->settings, &section_kw);
	if (ret <= 0)
		return ret;
	if (!is_host_kw(kw, false))
		return fail(p, "protocol, device, disk, meta-disk, on, net, handlers or startup",
			    "unknown resource statement");
	if (!section_kw && next(p))	/* "disk" was consumed already */
		return -1;
	return parse_host_stmt(p, kw, &r->defaults);
}

static struct br_resource *new_resource(struct parser *p)
{
	struct br_resource *r = calloc(1, sizeof(*r)), **tail;

	if (!r)
		abort();
	host_init(&r->defaults);
	r->name = strdup(p->tok.text);
	r->file = p->lx.file;
	r->line = p->tok.line;
	for (tail = &p->cfg->resources; *tail; tail = &(*tail)->next)
		;
	*tail = r;
	return r;
}

static int parse_resource(struct parser *p)
{
	const struct br_resource *old;
	struct br_resource *r;

	if (next(p))
		return -1;
	if (p->tok.type != BR_T_WORD || !valid_ident(p->tok.text, "_.+-"))
		return fail(p, "a resource name of [A-Za-z0-9_.+-], 1..63 characters",
			    "invalid resource name");
	old = br_config_find(p->cfg, p->tok.text);
	if (old)
		return fail(p, NULL, "duplicate resource %s (first defined at %s:%d)",
			    old->name, old->file, old->line);
	r = new_resource(p);
	if (next(p) || expect(p, BR_T_LBRACE, "'{'"))
		return -1;
	while (p->tok.type == BR_T_WORD)
		if (parse_resource_stmt(p, r))
			return -1;
	return expect(p, BR_T_RBRACE, "a statement or '}'");
}

/* ---- files and includes ---------------------------------------------- */

static const char *remember_file(struct br_config *cfg, const char *path)
{
	cfg->files = realloc(cfg->files, (cfg->nfiles + 1) * sizeof(char *));
	if (!cfg->files)
		abort();
	cfg->files[cfg->nfiles] = strdup(path);
	return cfg->files[cfg->nfiles++];
}

static char *read_whole_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!f)
		return NULL;
	do {
		cap += 65536;
		buf = realloc(buf, cap);
		if (!buf)
			abort();
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (*len == cap);
	if (ferror(f)) {
		free(buf);
		buf = NULL;
		errno = EIO;
	}
	fclose(f);
	return buf;
}

static int parse_top(struct parser *p);

static int parse_text(struct parser *p, const char *file, const char *text,
		      size_t len)
{
	struct br_lexer saved_lx = p->lx;
	struct br_token saved_tok = p->tok;
	int ret;

	br_lex_init(&p->lx, remember_file(p->cfg, file), text, len);
	p->tok.text = NULL;
	ret = next(p) ? -1 : parse_top(p);
	br_token_free(&p->tok);
	p->lx = saved_lx;
	p->tok = saved_tok;
	return ret;
}

static int include_one(struct parser *p, const char *path)
{
	size_t len;
	char *text = read_whole_file(path, &len);
	int ret;

	if (!text)
		return fail(p, NULL, "cannot read %s: %s", path,
			    strerror(errno));
	p->depth++;
	ret = parse_text(p, path, text, len);
	p->depth--;
	free(text);
	return ret;
}

static int parse_include(struct parser *p)
{
	glob_t g;
	size_t i;
	int ret;

	if (next(p))
		return -1;
	if (p->tok.type != BR_T_WORD && p->tok.type != BR_T_STRING)
		return fail(p, "a file name or glob", "missing value");
	if (p->depth >= BR_INCLUDE_DEPTH)
		return fail(p, NULL, "includes nested more than %d deep",
			    BR_INCLUDE_DEPTH);
	if (p->drbd && p->tok.text[0] != '/') {
		/* DRBD reads a relative include beside the including file. */
		const char *slash = strrchr(p->lx.file, '/');
		char *pat;

		if (asprintf(&pat, "%.*s%s", slash ? (int)(slash - p->lx.file + 1) : 0,
			     p->lx.file, p->tok.text) < 0)
			return fail(p, NULL, "out of memory");
		ret = glob(pat, 0, NULL, &g);
		free(pat);
	} else {
		ret = glob(p->tok.text, 0, NULL, &g);
	}
	if (ret == GLOB_NOMATCH)
		return next(p) ? -1 : expect(p, BR_T_SEMI, "';'");
	if (ret)
		return fail(p, NULL, "cannot expand include pattern");
	for (i = 0, ret = 0; i < g.gl_pathc && !ret; i++)
		ret = include_one(p, g.gl_pathv[i]);
	globfree(&g);
	if (ret || next(p))
		return -1;
	return expect(p, BR_T_SEMI, "';'");
}

static int parse_top(struct parser *p)
{
	int ret = 0;

	while (!ret && p->tok.type != BR_T_EOF) {
		if (is_word(p, "include"))
			ret = parse_include(p);
		else if (is_word(p, "global"))
			ret = parse_global(p);
		else if (is_word(p, "common"))
			ret = parse_common(p);
		else if (is_word(p, "resource"))
			ret = parse_resource(p);
		else
			ret = fail(p, "include, global, common or resource",
				   "syntax error");
	}
	return ret;
}

int br_config_load_text(struct br_config *cfg, const char *name,
			const char *text, char *err)
{
	struct parser p = { .cfg = cfg, .err = err };

	memset(cfg, 0, sizeof(*cfg));
	err[0] = '\0';
	if (parse_text(&p, name, text, strlen(text)))
		return -1;
	return br_config_resolve(cfg, err);
}

static int load(struct br_config *cfg, const char *path, char *err, bool drbd)
{
	struct parser p = { .cfg = cfg, .err = err, .drbd = drbd };
	size_t len;
	char *text;
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	err[0] = '\0';
	text = read_whole_file(path, &len);
	if (!text) {
		snprintf(err, BR_ERR_LEN, "blkrepadm: %s: %s", path,
			 strerror(errno));
		return -1;
	}
	ret = parse_text(&p, path, text, len);
	free(text);
	return ret ? ret : br_config_resolve(cfg, err);
}

int br_config_load(struct br_config *cfg, const char *path, char *err)
{
	return load(cfg, path, err, false);
}

/*
 * A DRBD configuration: /dev/drbdN devices, includes relative to the
 * including file, and what blkrep has not built dropped; each change is in
 * cfg->warnings.
 */
int br_config_import_drbd(struct br_config *cfg, const char *path, char *err)
{
	return load(cfg, path, err, true);
}
