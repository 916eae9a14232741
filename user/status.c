// SPDX-License-Identifier: GPL-2.0
/*
 * Presenting resource state: the status text for people, JSON for scripts.
 */
#include <inttypes.h>

#include "status.h"

static const char *const uuid_keys[4] = {
	"current", "bitmap", "history0", "history1",
};

void br_status_print(FILE *out, const struct br_status *s, int n)
{
	int i;

	for (i = 0; i < n; i++, s++) {
		if (i)
			fputc('\n', out);
		fprintf(out, "%s role:%s\n", s->name, br_role_name(s->role));
		fprintf(out, "  disk:%s size:%" PRIu64 "K\n",
			br_disk_state_name(s->disk_state), s->size_sectors / 2);
		fprintf(out, "  connection:%s\n",
			br_conn_state_name(s->conn_state));
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
	fprintf(out, " }\n  }");
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
