// SPDX-License-Identifier: GPL-2.0
/*
 * The one place that turns uapi enumeration values into words.
 */
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "../include/uapi/linux/blkrep.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *const roles[] = {
	[BLKREP_ROLE_UNKNOWN]	= "Unknown",
	[BLKREP_ROLE_PRIMARY]	= "Primary",
	[BLKREP_ROLE_SECONDARY]	= "Secondary",
};

static const char *const disk_states[] = {
	[BLKREP_DS_DISKLESS]	 = "Diskless",
	[BLKREP_DS_ATTACHING]	 = "Attaching",
	[BLKREP_DS_FAILED]	 = "Failed",
	[BLKREP_DS_INCONSISTENT] = "Inconsistent",
	[BLKREP_DS_OUTDATED]	 = "Outdated",
	[BLKREP_DS_DUNKNOWN]	 = "DUnknown",
	[BLKREP_DS_CONSISTENT]	 = "Consistent",
	[BLKREP_DS_UPTODATE]	 = "UpToDate",
};

static const char *const conn_states[] = {
	[BLKREP_CS_STANDALONE]	   = "StandAlone",
	[BLKREP_CS_DISCONNECTING]  = "Disconnecting",
	[BLKREP_CS_UNCONNECTED]	   = "Unconnected",
	[BLKREP_CS_WFCONNECTION]   = "WFConnection",
	[BLKREP_CS_WFREPORTPARAMS] = "WFReportParams",
	[BLKREP_CS_CONNECTED]	   = "Connected",
	[BLKREP_CS_WFBITMAPS]	   = "WFBitMapS",
	[BLKREP_CS_WFBITMAPT]	   = "WFBitMapT",
	[BLKREP_CS_SYNCSOURCE]	   = "SyncSource",
	[BLKREP_CS_SYNCTARGET]	   = "SyncTarget",
	[BLKREP_CS_PAUSEDSYNCS]	   = "PausedSyncS",
	[BLKREP_CS_PAUSEDSYNCT]	   = "PausedSyncT",
};

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

const char *br_role_name(unsigned int role)
{
	return lookup(roles, ARRAY_SIZE(roles), role);
}

const char *br_disk_state_name(unsigned int ds)
{
	return lookup(disk_states, ARRAY_SIZE(disk_states), ds);
}

const char *br_conn_state_name(unsigned int cs)
{
	return lookup(conn_states, ARRAY_SIZE(conn_states), cs);
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
