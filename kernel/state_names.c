// SPDX-License-Identifier: GPL-2.0
/*
 * State names, as /proc/blkrep, the kernel log and blkrepadm spell them.
 * Pure logic: built into the module and into blkrepadm.
 */
#include "state_names.h"
#include "../include/uapi/linux/blkrep.h"

static const char *const br_roles[__BLKREP_ROLE_MAX] = {
	[BLKREP_ROLE_UNKNOWN]	= "Unknown",
	[BLKREP_ROLE_PRIMARY]	= "Primary",
	[BLKREP_ROLE_SECONDARY]	= "Secondary",
};

static const char *const br_disk_states[__BLKREP_DS_MAX] = {
	[BLKREP_DS_DISKLESS]	 = "Diskless",
	[BLKREP_DS_ATTACHING]	 = "Attaching",
	[BLKREP_DS_FAILED]	 = "Failed",
	[BLKREP_DS_INCONSISTENT] = "Inconsistent",
	[BLKREP_DS_OUTDATED]	 = "Outdated",
	[BLKREP_DS_DUNKNOWN]	 = "DUnknown",
	[BLKREP_DS_CONSISTENT]	 = "Consistent",
	[BLKREP_DS_UPTODATE]	 = "UpToDate",
};

static const char *const br_conn_states[__BLKREP_CS_MAX] = {
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

const char *br_role_name(unsigned int r)
{
	return r < __BLKREP_ROLE_MAX ? br_roles[r] : "?";
}

const char *br_disk_state_name(unsigned int d)
{
	return d < __BLKREP_DS_MAX ? br_disk_states[d] : "?";
}

const char *br_conn_state_name(unsigned int c)
{
	return c < __BLKREP_CS_MAX ? br_conn_states[c] : "?";
}
