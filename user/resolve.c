// SPDX-License-Identifier: GPL-2.0
/*
 * The model after parsing (config.c): inheritance resolved (common into
 * each resource, each resource's host defaults into its `on` sections),
 * the checks that span resources, and freeing it all.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "options.h"

static void inherit_settings(struct br_settings *s,
			     const struct br_settings *common)
{
	int i;

	for (i = 0; i < BR_OPT_COUNT; i++) {
		if (s->v[i].set || !common->v[i].set)
			continue;
		s->v[i] = common->v[i];
		if (common->v[i].str)
			s->v[i].str = strdup(common->v[i].str);
	}
}

static int inherit_host(struct br_resource *r, struct br_host *h, char *err)
{
	const struct br_host *d = &r->defaults;

	if (h->minor == BR_MINOR_UNSET)
		h->minor = d->minor;
	if (!h->disk && d->disk)
		h->disk = strdup(d->disk);
	if (h->meta.kind == BR_MK_UNSET) {
		h->meta = d->meta;
		if (d->meta.path)
			h->meta.path = strdup(d->meta.path);
	}
	if (h->minor == BR_MINOR_UNSET)
		return br_conf_errf(err, r->file, h->line, h->name,
			    "device /dev/blkrepN or device minor N",
			    "no device for host %s in resource %s", h->name,
			    r->name);
	if (!h->disk)
		return br_conf_errf(err, r->file, h->line, h->name, "disk PATH",
			    "no disk for host %s in resource %s", h->name,
			    r->name);
	if (h->meta.kind == BR_MK_UNSET)
		return br_conf_errf(err, r->file, h->line, h->name,
			    "meta-disk internal or meta-disk PATH",
			    "no meta-disk for host %s in resource %s", h->name,
			    r->name);
	return 0;
}

/* The same host may not use one minor in two resources. */
static int check_minors(const struct br_config *cfg,
			const struct br_resource *r, char *err)
{
	const struct br_resource *q;
	const struct br_host *h, *other;
	int i;

	for (q = cfg->resources; q != r; q = q->next)
		for (i = 0; i < r->nhosts; i++) {
			h = &r->hosts[i];
			other = br_resource_host(q, h->name);
			if (other && other->minor == h->minor)
				return br_conf_errf(err, r->file, h->line, h->name, NULL,
					    "minor %ld of host %s is already used by resource %s (%s:%d)",
					    h->minor, h->name, q->name, q->file,
					    other->line);
		}
	return 0;
}

/*
 * after-sb-0pri discard-node-NAME names the node whose changes are thrown
 * away: NAME must be one of the resource's `on` sections.
 */
static int check_discard_node(const struct br_resource *r, char *err)
{
	static const char prefix[] = "discard-node-";
	const struct br_value *v = &r->settings.v[BR_OPT_AFTER_SB_0PRI];
	char expected[256];
	size_t used = 0;
	int i;

	if (!v->set || strncmp(v->str, prefix, strlen(prefix)) ||
	    br_resource_host(r, v->str + strlen(prefix)))
		return 0;
	expected[0] = '\0';
	for (i = 0; i < r->nhosts; i++)
		used += snprintf(expected + used, sizeof(expected) - used,
				 "%s%s%s", i ? " or " : "", prefix,
				 r->hosts[i].name);
	return br_conf_errf(err, v->file, v->line, v->str, expected,
		    "invalid value for after-sb-0pri in resource %s: %s is not one of its hosts",
		    r->name, v->str + strlen(prefix));
}

int br_config_resolve(struct br_config *cfg, char *err)
{
	struct br_resource *r;
	int i;

	for (r = cfg->resources; r; r = r->next) {
		if (r->nhosts == 0)
			return br_conf_errf(err, r->file, r->line, r->name,
				    "on HOST { ... }",
				    "resource %s has no 'on' section", r->name);
		inherit_settings(&r->settings, &cfg->common);
		for (i = 0; i < r->nhosts; i++)
			if (inherit_host(r, &r->hosts[i], err))
				return -1;
		if (check_minors(cfg, r, err) || check_discard_node(r, err))
			return -1;
	}
	return 0;
}

static void free_settings(struct br_settings *s)
{
	int i;

	for (i = 0; i < BR_OPT_COUNT; i++)
		free(s->v[i].str);
}

static void free_host(struct br_host *h)
{
	free(h->name);
	free(h->disk);
	free(h->meta.path);
}

void br_config_free(struct br_config *cfg)
{
	struct br_resource *r, *next_r;
	int i;

	free_settings(&cfg->common);
	for (r = cfg->resources; r; r = next_r) {
		next_r = r->next;
		free(r->name);
		free_settings(&r->settings);
		free_host(&r->defaults);
		for (i = 0; i < r->nhosts; i++)
			free_host(&r->hosts[i]);
		free(r);
	}
	for (i = 0; i < cfg->nfiles; i++)
		free(cfg->files[i]);
	free(cfg->files);
	for (i = 0; i < cfg->nwarnings; i++)
		free(cfg->warnings[i]);
	free(cfg->warnings);
	memset(cfg, 0, sizeof(*cfg));
}
