// SPDX-License-Identifier: GPL-2.0
/*
 * The wire format (kernel/wire.h): packet sizes, the per-type length
 * rules the receiver enforces, and the type numbers against the table in
 * Documentation/wire-protocol.rst, so that the two cannot drift apart.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
typedef uint8_t u8;
#include "wire.h"
#include "unit.h"

#define DOC "../../Documentation/wire-protocol.rst"

static const struct { const char *name; int type; } types[] = {
	{ "HELLO", BR_P_HELLO }, { "AUTH_CHALLENGE", BR_P_AUTH_CHALLENGE },
	{ "AUTH_RESPONSE", BR_P_AUTH_RESPONSE }, { "PARAMS", BR_P_PARAMS },
	{ "STATE", BR_P_STATE }, { "BITMAP", BR_P_BITMAP },
	{ "DATA", BR_P_DATA }, { "RECV_ACK", BR_P_RECV_ACK },
	{ "WRITE_ACK", BR_P_WRITE_ACK }, { "NEG_ACK", BR_P_NEG_ACK },
	{ "RS_DATA", BR_P_RS_DATA }, { "RS_ACK", BR_P_RS_ACK },
	{ "RS_DONE", BR_P_RS_DONE }, { "PING", BR_P_PING },
	{ "PING_ACK", BR_P_PING_ACK }, { "SYNC_START", BR_P_SYNC_START },
	{ "NEW_UUID", BR_P_NEW_UUID }, { "READ_REQ", BR_P_READ_REQ },
	{ "READ_REPLY", BR_P_READ_REPLY }, { "OUTDATE", BR_P_OUTDATE },
};
#define NTYPES (sizeof(types) / sizeof(types[0]))

static void test_sizes(void)
{
	CHECK_EQ(sizeof(struct br_hdr), 16);
	CHECK_EQ(sizeof(struct br_p_hello), 24);
	CHECK_EQ(sizeof(struct br_p_auth), 64);
	CHECK_EQ(sizeof(struct br_p_params), 88);
	CHECK_EQ(sizeof(struct br_p_state), 40);
	CHECK_EQ(sizeof(struct br_p_bitmap), 8);
	CHECK_EQ(sizeof(struct br_p_data), 24);
	CHECK_EQ(sizeof(struct br_p_ack), 24);
}

/* Every known type has a length rule; anything else is refused. */
static void test_fixed_len(void)
{
	unsigned int t;

	CHECK_EQ(NTYPES, __BR_P_MAX - 1);
	for (t = 1; t < __BR_P_MAX; t++)
		CHECK(br_pkt_fixed_len(t) >= 0);
	CHECK_EQ(br_pkt_fixed_len(0), -1);
	CHECK_EQ(br_pkt_fixed_len(__BR_P_MAX), -1);
	CHECK_EQ(br_pkt_fixed_len(0xffff), -1);
	CHECK_EQ(br_pkt_fixed_len(BR_P_PING), 0);
	CHECK_EQ(br_pkt_fixed_len(BR_P_READ_REQ), sizeof(struct br_p_data));
	CHECK_EQ(br_pkt_fixed_len(BR_P_READ_REPLY), sizeof(struct br_p_data));
	for (t = 1; t < __BR_P_MAX; t++)	/* room for the largest data */
		CHECK(!br_pkt_has_data(t) ||
		      br_pkt_fixed_len(t) + BR_MAX_DATA <= BR_MAX_PAYLOAD);
}

/* Data follows exactly these types (a read request carries none). */
static void test_has_data(void)
{
	unsigned int t, n = 0;

	for (t = 0; t <= __BR_P_MAX; t++)
		n += br_pkt_has_data(t);
	CHECK_EQ(n, 4);
	CHECK(br_pkt_has_data(BR_P_DATA) && br_pkt_has_data(BR_P_RS_DATA) &&
	      br_pkt_has_data(BR_P_BITMAP) && br_pkt_has_data(BR_P_READ_REPLY));
	CHECK(!br_pkt_has_data(BR_P_READ_REQ));
}

static void test_flags(void)
{
	CHECK_EQ(BR_DF_ALL, BR_DF_FUA | BR_DF_PREFLUSH | BR_DF_DISCARD |
			    BR_DF_ZEROES | BR_DF_BARRIER | BR_DF_SECURE);
	CHECK_EQ(BR_DF_ERROR & BR_DF_ALL, 0);
	CHECK_EQ(BR_DF_ERROR, 0x20);	/* as documented */
	CHECK_EQ(BR_DF_SECURE, 0x40);	/* as documented */
	CHECK_EQ(BR_HF_LAST | BR_HF_FULL | BR_HF_YOU_SOURCE |
		 BR_HF_CLEAR_BITMAP, 0xf);
}

/* The document's packet table names every type with its number. */
static void test_doc_table(void)
{
	char line[256], name[64];
	unsigned int i, seen = 0;
	int num;
	FILE *f = fopen(DOC, "r");

	CHECK(f != NULL);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63[A-Z_] %d", name, &num) != 2)
			continue;
		for (i = 0; i < NTYPES; i++) {
			if (strcmp(name, types[i].name))
				continue;
			if (num != types[i].type) {
				fclose(f);
				CHECK(!"a type number differs from the document");
			}
			seen |= 1u << i;
		}
	}
	fclose(f);
	CHECK_EQ(seen, (1u << NTYPES) - 1);
}

int main(void)
{
	RUN("wire", test_sizes);
	RUN("wire", test_fixed_len);
	RUN("wire", test_has_data);
	RUN("wire", test_flags);
	RUN("wire", test_doc_table);
	return unit_done();
}
