/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A resource's state as GET_RESOURCE answers it, and its presentations:
 * the status text, --json, and the one-word role/dstate/cstate answers.
 */
#ifndef BLKREP_STATUS_H
#define BLKREP_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "names.h"

struct br_status {
	char name[64];
	uint32_t minor;
	uint8_t role, peer_role;
	uint8_t disk_state, peer_disk_state;
	uint8_t conn_state;
	uint8_t protocol;
	uint32_t open_count;
	uint64_t size_sectors;
	char disk[256];
	char meta_disk[256];
	bool has_meta_index;
	uint32_t meta_index;
	uint64_t uuids[4];	/* current, bitmap, history0, history1 */
	uint32_t md_flags;
	uint64_t stats[BR_STAT_COUNT];
	char peer_addr[80];	/* "" when not connecting, "?" if unreadable */
	uint32_t io_frozen;	/* BLKREP_IOF_*: why application I/O waits */
	bool has_sync;		/* a resync is running */
	uint64_t sync[3];	/* KiB total, KiB left, KiB/s */
};

/* Percent of a resync done, in tenths, rounded down (1000 = done). */
unsigned int br_sync_permille(uint64_t total, uint64_t left);

void br_status_print(FILE *out, const struct br_status *s, int n);
void br_status_print_json(FILE *out, const struct br_status *s, int n);

#endif /* BLKREP_STATUS_H */
