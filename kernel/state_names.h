/* SPDX-License-Identifier: GPL-2.0 */
/*
 * State names as /proc/blkrep, the kernel log and blkrepadm spell them.
 * Pure logic, shared by the module and the tool; a value not in the tables
 * (a newer module, an older tool) is "?".
 */
#ifndef BLKREP_STATE_NAMES_H
#define BLKREP_STATE_NAMES_H

const char *br_role_name(unsigned int role);
const char *br_disk_state_name(unsigned int ds);
const char *br_conn_state_name(unsigned int cs);

#endif
