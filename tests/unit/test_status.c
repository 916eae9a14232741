// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the state names (user/names.c) and of the status text and
 * JSON (user/status.c), on answers made up here instead of the module's.
 */
#include <stdlib.h>

#include "status.h"
#include "../../include/uapi/linux/blkrep.h"
#include "unit.h"

static char *render(bool json, const struct br_status *s, int n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (json)
		br_status_print_json(f, s, n);
	else
		br_status_print(f, s, n);
	fclose(f);
	return buf;
}

static struct br_status sample(void)
{
	struct br_status s = { .minor = 3, .role = BLKREP_ROLE_PRIMARY,
		.disk_state = BLKREP_DS_UPTODATE,
		.peer_disk_state = BLKREP_DS_DUNKNOWN,
		.conn_state = BLKREP_CS_STANDALONE,
		.protocol = BLKREP_PROTO_C, .open_count = 1,
		.size_sectors = 2097152, .md_flags = 0x83,
		.uuids = { 0xABCDEF0123456789ULL, 0, 4, 0 } };
	int i;

	snprintf(s.name, sizeof(s.name), "r0");
	snprintf(s.disk, sizeof(s.disk), "/dev/vdb");
	for (i = 0; i < BR_STAT_COUNT; i++)
		s.stats[i] = i * 10;
	return s;
}

static void test_state_names(void)
{
	CHECK_STR(br_role_name(BLKREP_ROLE_SECONDARY), "Secondary");
	CHECK_STR(br_role_name(BLKREP_ROLE_UNKNOWN), "Unknown");
	CHECK_STR(br_disk_state_name(BLKREP_DS_DISKLESS), "Diskless");
	CHECK_STR(br_disk_state_name(BLKREP_DS_DUNKNOWN), "DUnknown");
	CHECK_STR(br_disk_state_name(BLKREP_DS_UPTODATE), "UpToDate");
	CHECK_STR(br_conn_state_name(BLKREP_CS_WFBITMAPS), "WFBitMapS");
	CHECK_STR(br_conn_state_name(BLKREP_CS_PAUSEDSYNCT), "PausedSyncT");
	CHECK_STR(br_protocol_name(BLKREP_PROTO_A), "A");
}

static void test_every_state_has_a_name(void)
{
	unsigned int i;

	for (i = 0; i < __BLKREP_ROLE_MAX; i++)
		CHECK(strcmp(br_role_name(i), "?"));
	for (i = 0; i < __BLKREP_DS_MAX; i++)
		CHECK(strcmp(br_disk_state_name(i), "?"));
	for (i = 0; i < __BLKREP_CS_MAX; i++)
		CHECK(strcmp(br_conn_state_name(i), "?"));
	/* what a newer module may send does not crash an older tool */
	CHECK_STR(br_conn_state_name(__BLKREP_CS_MAX), "?");
	CHECK_STR(br_disk_state_name(255), "?");
}

static void test_md_flag_names(void)
{
	char buf[256];

	br_md_flags_str(0, buf, sizeof(buf));
	CHECK_STR(buf, "none");
	br_md_flags_str(BLKREP_MDF_CONSISTENT | BLKREP_MDF_ATTACHED, buf,
			sizeof(buf));
	CHECK_STR(buf, "CONSISTENT,ATTACHED");
	br_md_flags_str(1u << 9, buf, sizeof(buf));
	CHECK_STR(buf, "bit9");
}

static void test_status_text(void)
{
	struct br_status s[2] = { sample(), sample() };
	char *out;
	int ok;

	snprintf(s[1].name, sizeof(s[1].name), "r1");
	s[1].role = BLKREP_ROLE_SECONDARY;
	s[1].disk_state = BLKREP_DS_DISKLESS;
	s[1].size_sectors = 0;
	out = render(false, s, 2);
	ok = !strcmp(out, "r0 role:Primary\n"
			  "  disk:UpToDate size:1048576K\n"
			  "  connection:StandAlone\n"
			  "\n"
			  "r1 role:Secondary\n"
			  "  disk:Diskless size:0K\n"
			  "  connection:StandAlone\n");
	if (!ok)
		fprintf(stderr, "%s", out);
	free(out);
	CHECK(ok);
}

static void test_status_json(void)
{
	struct br_status s = sample();
	char *out;
	int ok;

	out = render(true, &s, 1);
	ok = !strcmp(out,
		"[\n  {\n"
		"    \"name\": \"r0\",\n"
		"    \"minor\": 3,\n"
		"    \"role\": \"Primary\",\n"
		"    \"peer_role\": \"Unknown\",\n"
		"    \"disk_state\": \"UpToDate\",\n"
		"    \"peer_disk_state\": \"DUnknown\",\n"
		"    \"connection\": \"StandAlone\",\n"
		"    \"protocol\": \"C\",\n"
		"    \"open_count\": 1,\n"
		"    \"size_sectors\": 2097152,\n"
		"    \"disk\": \"/dev/vdb\",\n"
		"    \"meta_disk\": \"internal\",\n"
		"    \"uuids\": { \"current\": \"ABCDEF0123456789\", \"bitmap\": \"0000000000000000\", \"history0\": \"0000000000000004\", \"history1\": \"0000000000000000\" },\n"
		"    \"md_flags\": 131,\n"
		"    \"stats\": { \"ns\": 0, \"nr\": 10, \"dw\": 20, \"dr\": 30, \"al\": 40, \"bm\": 50, \"lo\": 60, \"pe\": 70, \"ua\": 80, \"ap\": 90, \"oos\": 100 },\n"
		"    \"peer_addr\": \"\",\n"
		"    \"io_frozen\": [],\n"
		"    \"sync\": null\n"
		"  }\n]\n");
	if (!ok)
		fprintf(stderr, "%s", out);
	free(out);
	CHECK(ok);
}

static void test_status_json_empty_and_escaped(void)
{
	struct br_status s = sample();
	char *out;
	int ok;

	out = render(true, NULL, 0);
	ok = !strcmp(out, "[]\n");
	free(out);
	CHECK(ok);
	snprintf(s.disk, sizeof(s.disk), "/dev/a\"b\\c\n");
	out = render(true, &s, 1);
	ok = strstr(out, "\"disk\": \"/dev/a\\\"b\\\\c\\u000a\",") != NULL;
	free(out);
	CHECK(ok);
}

/* Frozen I/O says why, in both forms; an unknown reason still shows. */
static void test_status_io_frozen(void)
{
	struct br_status s = sample();
	char *out;
	int ok;

	s.io_frozen = BLKREP_IOF_FENCE_FAILED;
	out = render(false, &s, 1);
	ok = !strcmp(out, "r0 role:Primary\n"
			  "  disk:UpToDate size:1048576K\n"
			  "  connection:StandAlone\n"
			  "  io:frozen fence-failed: fence-peer did not confirm the peer fenced; once it is down for sure: blkrepadm resume-io r0\n");
	if (!ok)
		fprintf(stderr, "%s", out);
	free(out);
	CHECK(ok);
	s.io_frozen = BLKREP_IOF_FENCING | BLKREP_IOF_OTHER | 1u << 7;
	out = render(false, &s, 1);
	ok = strstr(out, "  io:frozen fence-peer: the peer is not fenced yet; disk-detach: a failing disk is being detached; reason 0x80\n") != NULL;
	if (!ok)
		fprintf(stderr, "%s", out);
	free(out);
	CHECK(ok);
	out = render(true, &s, 1);
	ok = strstr(out, "    \"io_frozen\": [\"fence-peer\", \"disk-detach\"],\n") != NULL;
	if (!ok)
		fprintf(stderr, "%s", out);
	free(out);
	CHECK(ok);
}

static struct br_status syncing(void)
{
	struct br_status s = sample();

	s.conn_state = BLKREP_CS_SYNCSOURCE;
	s.peer_role = BLKREP_ROLE_SECONDARY;
	s.peer_disk_state = BLKREP_DS_INCONSISTENT;
	snprintf(s.peer_addr, sizeof(s.peer_addr), "192.0.2.2:7789");
	s.has_sync = true;
	s.sync[0] = 21330;	/* 42.13% done */
	s.sync[1] = 12345;
	s.sync[2] = 38912;
	return s;
}

static void test_status_text_connected_and_syncing(void)
{
	struct br_status s[2] = { syncing(), syncing() };
	char *out;
	int ok;

	s[1].conn_state = BLKREP_CS_WFCONNECTION;
	s[1].has_sync = false;
	s[1].peer_role = BLKREP_ROLE_UNKNOWN;
	s[1].peer_disk_state = BLKREP_DS_DUNKNOWN;
	snprintf(s[1].peer_addr, sizeof(s[1].peer_addr), "[2001:db8::2]:7789");
	out = render(false, s, 2);
	ok = !strcmp(out, "r0 role:Primary\n"
			  "  disk:UpToDate size:1048576K\n"
			  "  connection:SyncSource\n"
			  "  peer:192.0.2.2:7789 role:Secondary disk:Inconsistent\n"
			  "  sync:SyncSource 42.1% done, 12345K left, 38912K/s\n"
			  "\n"
			  "r0 role:Primary\n"
			  "  disk:UpToDate size:1048576K\n"
			  "  connection:WFConnection\n"
			  "  peer:[2001:db8::2]:7789 role:Unknown disk:DUnknown\n");
	if (!ok)
		fprintf(stderr, "%s", out);
	free(out);
	CHECK(ok);
}

static void test_status_json_peer_and_sync(void)
{
	struct br_status s = syncing();
	char *out;
	int ok;

	out = render(true, &s, 1);
	ok = strstr(out, "\"peer_addr\": \"192.0.2.2:7789\",\n"
			 "    \"io_frozen\": [],\n"
			 "    \"sync\": { \"total_kib\": 21330, \"left_kib\": 12345, \"rate_kib\": 38912 }\n"
			 "  }\n]\n") != NULL;
	if (!ok)
		fprintf(stderr, "%s", out);
	free(out);
	CHECK(ok);
}

static void test_sync_percent(void)
{
	CHECK_EQ(br_sync_permille(1000, 0), 1000);
	CHECK_EQ(br_sync_permille(1000, 1000), 0);
	CHECK_EQ(br_sync_permille(1000, 1), 999);	/* never 100% early */
	CHECK_EQ(br_sync_permille(100000, 1), 999);
	CHECK_EQ(br_sync_permille(0, 0), 1000);
	CHECK_EQ(br_sync_permille(10, 20), 0);		/* left > total */
	CHECK_EQ(br_sync_permille(~0ULL, ~0ULL / 2), 500);	/* no overflow */
}

int main(void)
{
	RUN("status", test_state_names);
	RUN("status", test_every_state_has_a_name);
	RUN("status", test_md_flag_names);
	RUN("status", test_status_text);
	RUN("status", test_status_json);
	RUN("status", test_status_json_empty_and_escaped);
	RUN("status", test_status_io_frozen);
	RUN("status", test_status_text_connected_and_syncing);
	RUN("status", test_status_json_peer_and_sync);
	RUN("status", test_sync_percent);
	return unit_done();
}
