// SPDX-License-Identifier: GPL-2.0
/*
 * Printing the model back as blkrep.conf text ("blkrepadm dump"), and the
 * small lookups on the model.  The output is canonical: inheritance is
 * resolved (every resource carries its effective options and every `on`
 * section its device, disk and meta-disk), numbers use the largest exact
 * K/M/G suffix, and strings are always quoted.  Parsing it again and
 * dumping gives the same text.
 */
#include <string.h>

#include "config.h"
#include "options.h"

const struct br_resource *br_config_find(const struct br_config *cfg,
					 const char *name)
{
	const struct br_resource *r;

	for (r = cfg->resources; r; r = r->next)
		if (!strcmp(r->name, name))
			return r;
	return NULL;
}

const struct br_host *br_resource_host(const struct br_resource *res,
				       const char *name)
{
	int i;

	for (i = 0; i < res->nhosts; i++)
		if (!strcmp(res->hosts[i].name, name))
			return &res->hosts[i];
	return NULL;
}

static void dump_option(FILE *out, const char *indent, int opt,
			const struct br_value *v)
{
	char buf[1024];

	br_opt_format(opt, v, buf, sizeof(buf));
	fprintf(out, "%s%s %s;\n", indent, br_optdefs[opt].name, buf);
}

static void dump_section(FILE *out, const struct br_settings *s,
			 enum br_sect sect)
{
	bool any = false;
	int i;

	for (i = 0; i < BR_OPT_COUNT; i++)
		any |= br_optdefs[i].sect == sect && s->v[i].set;
	if (!any)
		return;
	fprintf(out, "\t%s {\n", br_sect_name(sect));
	for (i = 0; i < BR_OPT_COUNT; i++)
		if (br_optdefs[i].sect == sect && s->v[i].set)
			dump_option(out, "\t\t", i, &s->v[i]);
	fprintf(out, "\t}\n");
}

static void dump_meta(FILE *out, const struct br_meta *m)
{
	char q[1024];

	if (m->path)
		br_word(m->path, q, sizeof(q));
	switch (m->kind) {
	case BR_MK_INTERNAL:
		fprintf(out, "\t\tmeta-disk internal;\n");
		break;
	case BR_MK_FLEXIBLE:
		fprintf(out, "\t\tmeta-disk %s;\n", q);
		break;
	case BR_MK_INDEXED:
		fprintf(out, "\t\tmeta-disk %s [%u];\n", q, m->index);
		break;
	case BR_MK_UNSET:
		break;
	}
}

static void dump_host(FILE *out, const struct br_host *h)
{
	const struct br_addr *a = &h->addr;
	char q[1024];

	br_word(h->disk, q, sizeof(q));
	fprintf(out, "\ton %s {\n", h->name);
	fprintf(out, "\t\tdevice /dev/blkrep%ld;\n", h->minor);
	fprintf(out, "\t\tdisk %s;\n", q);
	dump_meta(out, &h->meta);
	if (a->family == 4)
		fprintf(out, "\t\taddress %s:%u;\n", a->host, a->port);
	else if (a->family == 6)
		fprintf(out, "\t\taddress ipv6 [%s]:%u;\n", a->host, a->port);
	fprintf(out, "\t}\n");
}

static void dump_resource(FILE *out, const struct br_resource *r)
{
	enum br_sect sect;
	int i;

	fprintf(out, "resource %s {\n", r->name);
	if (r->settings.v[BR_OPT_PROTOCOL].set)
		dump_option(out, "\t", BR_OPT_PROTOCOL,
			    &r->settings.v[BR_OPT_PROTOCOL]);
	for (sect = BR_SEC_DISK; sect < BR_SEC_COUNT; sect++)
		dump_section(out, &r->settings, sect);
	for (i = 0; i < r->nhosts; i++)
		dump_host(out, &r->hosts[i]);
	fprintf(out, "}\n");
}

void br_config_dump(FILE *out, const struct br_config *cfg,
		    const struct br_resource *only)
{
	static const char *const uc[] = { "", "yes", "no", "ask" };
	const struct br_resource *r;
	bool first = true;

	if (!only && cfg->usage_count != BR_UC_UNSET) {
		fprintf(out, "global {\n\tusage-count %s;\n}\n",
			uc[cfg->usage_count]);
		first = false;
	}
	for (r = cfg->resources; r; r = r->next) {
		if (only && r != only)
			continue;
		if (!first)
			fputc('\n', out);
		dump_resource(out, r);
		first = false;
	}
}
