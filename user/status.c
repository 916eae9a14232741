// SPDX-License-Identifier: GPL-2.0
/*
 * Presenting resource state: the status text for people, JSON for scripts.
 */
#include <inttypes.h>

#include "status.h"
#include "../include/uapi/linux/blkrep.h"

static const char *const uuid_keys[4] = {
	"current", "bitmap", "history0", "history1",
};

unsigned int br_sync_permille(uint64_t total, uint64_t left)
{
	if (left >= total)
		return total ? 0 : 1000;
	return (unsigned int)((unsigned __int128)(total - left) * 1000 / total);
}

/*
 *   r0 role:Primary
 *     disk:UpToDate size:1048576K
 *     connection:SyncSource
 *     peer:192.0.2.2:7789 role:Secondary disk:Inconsistent
 *     sync:SyncSource 42.1% done, 12345K left, 38912K/s
 *     io:frozen fence-peer: the peer is not fenced yet
 * The peer line only once the resource left StandAlone, the sync line only
 * while a resync runs, the io line only while new application I/O waits.
 */
/* Why application I/O waits: a short name and what it means. */
static const struct {
	uint32_t bit;
	const char *name, *text;
} frozen_why[] = {
	{ BLKREP_IOF_FENCING, "fence-peer",
	  "the peer is not fenced yet" },
	{ BLKREP_IOF_FENCE_FAILED, "fence-failed",
	  "fence-peer did not confirm the peer fenced; once it is down for sure: blkrepadm resume-io " },
	{ BLKREP_IOF_OTHER, "disk-detach",
	  "a failing disk is being detached" },
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static void print_frozen(FILE *out, const struct br_status *s)
{
	uint32_t why = s->io_frozen;
	const char *sep = " ";
	size_t i;

	fprintf(out, "  io:frozen");
	for (i = 0; i < ARRAY_LEN(frozen_why); i++) {
		if (!(why & frozen_why[i].bit))
			continue;
		fprintf(out, "%s%s: %s", sep, frozen_why[i].name,
			frozen_why[i].text);
		if (frozen_why[i].bit == BLKREP_IOF_FENCE_FAILED)
			fputs(s->name, out);
		sep = "; ";
		why &= ~frozen_why[i].bit;
	}
	if (why)			/* a newer module's reason */
		fprintf(out, "%sreason 0x%" PRIx32, sep, why);
	fputc('\n', out);
}

void br_status_print(FILE *out, const struct br_status *s, int n)
{
	unsigned int pm;
	int i;

	for (i = 0; i < n; i++, s++) {
		if (i)
			fputc('\n', out);
		fprintf(out, "%s role:%s\n", s->name, br_role_name(s->role));
		fprintf(out, "  disk:%s size:%" PRIu64 "K\n",
			br_disk_state_name(s->disk_state), s->size_sectors / 2);
		fprintf(out, "  connection:%s\n",
			br_conn_state_name(s->conn_state));
		if (s->conn_state != BLKREP_CS_STANDALONE || s->peer_addr[0])
			fprintf(out, "  peer%s%s role:%s disk:%s\n",
				s->peer_addr[0] ? ":" : "", s->peer_addr,
				br_role_name(s->peer_role),
				br_disk_state_name(s->peer_disk_state));
		if (s->has_sync) {
			pm = br_sync_permille(s->sync[0], s->sync[1]);
			fprintf(out, "  sync:%s %u.%u%% done, %" PRIu64
				"K left, %" PRIu64 "K/s\n",
				br_conn_state_name(s->conn_state),
				pm / 10, pm % 10, s->sync[1], s->sync[2]);
		}
		if (s->io_frozen)
			print_frozen(out, s);
	}
}

/* A JSON string: quotes, backslashes and control characters escaped. */
static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(out, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

static void json_key_str(FILE *out, const char *key, const char *val)
{
	fprintf(out, "    \"%s\": ", key);
	json_str(out, val);
	fprintf(out, ",\n");
}

static void json_one(FILE *out, const struct br_status *s)
{
	const char *sep = "";
	int i;

	fprintf(out, "  {\n");
	json_key_str(out, "name", s->name);
	fprintf(out, "    \"minor\": %" PRIu32 ",\n", s->minor);
	json_key_str(out, "role", br_role_name(s->role));
	json_key_str(out, "peer_role", br_role_name(s->peer_role));
	json_key_str(out, "disk_state", br_disk_state_name(s->disk_state));
	json_key_str(out, "peer_disk_state",
		     br_disk_state_name(s->peer_disk_state));
	json_key_str(out, "connection", br_conn_state_name(s->conn_state));
	json_key_str(out, "protocol", br_protocol_name(s->protocol));
	fprintf(out, "    \"open_count\": %" PRIu32 ",\n", s->open_count);
	fprintf(out, "    \"size_sectors\": %" PRIu64 ",\n", s->size_sectors);
	json_key_str(out, "disk", s->disk);
	json_key_str(out, "meta_disk", s->meta_disk[0] ? s->meta_disk :
		     s->disk[0] ? "internal" : "");
	fprintf(out, "    \"uuids\": {");
	for (i = 0; i < 4; i++)
		fprintf(out, "%s\"%s\": \"%016" PRIX64 "\"", i ? ", " : " ",
			uuid_keys[i], s->uuids[i]);
	fprintf(out, " },\n");
	fprintf(out, "    \"md_flags\": %" PRIu32 ",\n", s->md_flags);
	fprintf(out, "    \"stats\": {");
	for (i = 0; i < BR_STAT_COUNT; i++)
		fprintf(out, "%s\"%s\": %" PRIu64, i ? ", " : " ",
			br_stat_keys[i], s->stats[i]);
	fprintf(out, " },\n");
	json_key_str(out, "peer_addr", s->peer_addr);
	fprintf(out, "    \"io_frozen\": [");
	for (i = 0; i < (int)ARRAY_LEN(frozen_why); i++) {
		if (!(s->io_frozen & frozen_why[i].bit))
			continue;
		fprintf(out, "%s\"%s\"", sep, frozen_why[i].name);
		sep = ", ";
	}
	fprintf(out, "],\n");
	if (s->has_sync)
		fprintf(out, "    \"sync\": { \"total_kib\": %" PRIu64
			", \"left_kib\": %" PRIu64 ", \"rate_kib\": %" PRIu64
			" }\n  }", s->sync[0], s->sync[1], s->sync[2]);
	else
		fprintf(out, "    \"sync\": null\n  }");
}

void br_status_print_json(FILE *out, const struct br_status *s, int n)
{
	int i;

	fprintf(out, "[");
	for (i = 0; i < n; i++) {
		fprintf(out, "%s\n", i ? "," : "");
		json_one(out, &s[i]);
	}
	fprintf(out, "%s]\n", n ? "\n" : "");
}
