/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names of the uapi enumerations, as status, role, dstate, cstate and
 * /proc/blkrep print them.  A value this tool does not know prints as
 * "?", so a newer module never confuses an older tool.
 */
#ifndef BLKREP_NAMES_H
#define BLKREP_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "state_names.h"	/* br_role_name() and friends, in kernel/ */
const char *br_protocol_name(unsigned int proto);

/* BLKREP_MDF_* bit names, "CONSISTENT,WAS_UPTODATE" or "none". */
void br_md_flags_str(uint32_t flags, char *buf, size_t len);

/* Short counter keys of BLKREP_STAT_* (index = attribute - 1). */
#define BR_STAT_COUNT 11
extern const char *const br_stat_keys[BR_STAT_COUNT];

#endif /* BLKREP_NAMES_H */
