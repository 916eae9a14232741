// SPDX-License-Identifier: GPL-2.0
/*
 * Names of uapi values the tool prints; the state names themselves are
 * kernel/state_names.c, shared with the module.
 */
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "../include/uapi/linux/blkrep.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *const protocols[] = {
	[BLKREP_PROTO_A] = "A", [BLKREP_PROTO_B] = "B", [BLKREP_PROTO_C] = "C",
};

static const char *const md_flags[] = {
	"CONSISTENT", "WAS_UPTODATE", "PRIMARY_IND", "CRASHED_PRIMARY",
	"PEER_OUTDATED", "OUTDATED", "FULL_SYNC", "ATTACHED",
};

const char *const br_stat_keys[BR_STAT_COUNT] = {
	"ns", "nr", "dw", "dr", "al", "bm", "lo", "pe", "ua", "ap", "oos",
};

static const char *lookup(const char *const *table, size_t n, unsigned int v)
{
	return v < n && table[v] ? table[v] : "?";
}

const char *br_protocol_name(unsigned int proto)
{
	return lookup(protocols, ARRAY_SIZE(protocols), proto);
}

void br_md_flags_str(uint32_t flags, char *buf, size_t len)
{
	size_t used = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < 32 && used < len; i++) {
		if (!(flags & (1U << i)))
			continue;
		if (i < ARRAY_SIZE(md_flags))
			used += snprintf(buf + used, len - used, "%s%s",
					 used ? "," : "", md_flags[i]);
		else
			used += snprintf(buf + used, len - used, "%sbit%u",
					 used ? "," : "", i);
	}
	if (!used)
		snprintf(buf, len, "none");
}
