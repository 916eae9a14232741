/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The wire protocol between two blkrep nodes, version BR_WIRE_VERSION.
 * Documentation/wire-protocol.rst describes it in prose; keep both in step.
 *
 * One TCP connection per resource.  Every packet is a 16-byte header
 * followed by hdr.len bytes of payload: a fixed per-type part, then (for
 * data packets) the data.  All integers are big-endian.
 *
 * A receiver checks magic, type and length before it reads a payload: a
 * packet of unknown type, a length outside the type's bounds, a sector
 * range outside the device or a wrong checksum ends the connection, never
 * the node.
 */
#ifndef BLKREP_WIRE_H
#define BLKREP_WIRE_H

#include <linux/types.h>

#define BR_WIRE_MAGIC		0x62726570u	/* "brep" */
#define BR_WIRE_VERSION_MIN	1
#define BR_WIRE_VERSION_MAX	2	/* 2: BR_DF_SECURE */
#define BR_MAX_DATA		(1U << 20)	/* largest data payload */
#define BR_MAX_PAYLOAD		(BR_MAX_DATA + 64)

enum br_pkt_type {
	BR_P_HELLO = 1,		/* struct br_p_hello, first on a connection */
	BR_P_AUTH_CHALLENGE,	/* struct br_p_auth */
	BR_P_AUTH_RESPONSE,	/* struct br_p_auth */
	BR_P_PARAMS,		/* struct br_p_params */
	BR_P_STATE,		/* struct br_p_state */
	BR_P_BITMAP,		/* struct br_p_bitmap + bitmap bytes */
	BR_P_DATA,		/* struct br_p_data + data (writes only) */
	BR_P_RECV_ACK,		/* struct br_p_ack: protocol B */
	BR_P_WRITE_ACK,		/* struct br_p_ack: protocol C */
	BR_P_NEG_ACK,		/* struct br_p_ack: the peer's write failed */
	BR_P_RS_DATA,		/* struct br_p_data + data: resync */
	BR_P_RS_ACK,		/* struct br_p_ack */
	BR_P_RS_DONE,		/* struct br_p_state: source finished */
	BR_P_PING,		/* no payload */
	BR_P_PING_ACK,		/* no payload */
	BR_P_SYNC_START,	/* struct br_p_state: a resync on a live link */
	BR_P_NEW_UUID,		/* struct br_p_state: initial sync skipped */
	BR_P_READ_REQ,		/* struct br_p_data: a diskless Primary reads */
	BR_P_READ_REPLY,	/* struct br_p_data + the data (or BR_DF_ERROR) */
	BR_P_OUTDATE,		/* no payload: a Primary about to disconnect
				   asks the peer to outdate itself */
	__BR_P_MAX
};

/* hdr.flags */
#define BR_HF_LAST		0x0001	/* BR_P_BITMAP: last chunk */
#define BR_HF_FULL		0x0002	/* BR_P_SYNC_START: every block */
#define BR_HF_YOU_SOURCE	0x0004	/* BR_P_SYNC_START: the sender is
					   the target (it was invalidated) */
#define BR_HF_CLEAR_BITMAP	0x0008	/* BR_P_NEW_UUID: adopt the UUIDs,
					   clear the bitmap, UpToDate */

struct br_hdr {
	__be32 magic;
	__be16 type;
	__be16 flags;
	__be32 len;		/* payload bytes after this header */
	__be32 csum;		/* crc32c of the payload if integrity is on */
};

/* Feature bits in br_p_hello.features. */
#define BR_FEAT_INTEGRITY	(1ULL << 0)	/* crc32c of every payload */

struct br_p_hello {
	__be32 version_min;
	__be32 version_max;
	__be64 features;	/* BR_FEAT_* this node wants */
	__be32 auth;		/* 1: a shared secret is configured */
	__be32 pad;
};

#define BR_CHALLENGE_LEN	32
#define BR_HMAC_MAX		64

struct br_p_auth {
	u8 bytes[BR_HMAC_MAX];	/* challenge (32 used) or HMAC */
};

/* br_p_params.flags */
#define BR_PF_DISCARD_MY_DATA	(1U << 0)
#define BR_PF_CRASHED_PRIMARY	(1U << 1)

struct br_p_params {
	__be64 data_bytes;	/* usable size of the sender's disk */
	__be64 cur_bytes;	/* sender's device size now (0 if unused) */
	__be64 uuid[4];		/* current, bitmap, history0, history1 */
	__be64 bm_weight;	/* bits set in the sender's bitmap */
	__be32 role;		/* enum blkrep_role */
	__be32 disk_state;	/* enum blkrep_disk_state */
	__be32 protocol;	/* enum blkrep_protocol */
	__be32 flags;		/* BR_PF_* */
	__be64 gen_time;	/* when the current generation started */
	u8 after_sb[3];		/* enum blkrep_sb_policy, as configured */
	u8 rr_conflict;		/* enum blkrep_rr_conflict */
	__be32 pad;
};

struct br_p_state {
	__be32 role;
	__be32 disk_state;
	__be64 uuid[4];
};

struct br_p_bitmap {
	__be64 offset;		/* byte offset into the bitmap */
};

/* br_p_data.dflags */
#define BR_DF_FUA		(1U << 0)
#define BR_DF_PREFLUSH		(1U << 1)
#define BR_DF_DISCARD		(1U << 2)	/* no data follows */
#define BR_DF_ZEROES		(1U << 3)	/* no data follows */
#define BR_DF_BARRIER		(1U << 4)	/* earlier writes first (A, B) */
#define BR_DF_ERROR		(1U << 5)	/* P_READ_REPLY: the read failed */
#define BR_DF_SECURE		(1U << 6)	/* with DISCARD: a secure erase */
#define BR_DF_ALL		0x5f	/* of P_DATA */

struct br_p_data {
	__be64 sector;		/* 512-byte sectors */
	__be64 id;		/* opaque to the receiver, echoed in the ack */
	__be32 size;		/* bytes covered (data follows unless trim) */
	__be32 dflags;		/* BR_DF_* */
};

struct br_p_ack {
	__be64 sector;
	__be64 id;
	__be32 size;
	__be32 pad;
};

/*
 * Fixed payload size of each type, and whether data may follow.  Shared by
 * the receiver's length check and the unit tests.
 */
static inline int br_pkt_fixed_len(unsigned int type)
{
	switch (type) {
	case BR_P_HELLO:		return sizeof(struct br_p_hello);
	case BR_P_AUTH_CHALLENGE:
	case BR_P_AUTH_RESPONSE:	return sizeof(struct br_p_auth);
	case BR_P_PARAMS:		return sizeof(struct br_p_params);
	case BR_P_STATE:
	case BR_P_RS_DONE:
	case BR_P_SYNC_START:
	case BR_P_NEW_UUID:		return sizeof(struct br_p_state);
	case BR_P_BITMAP:		return sizeof(struct br_p_bitmap);
	case BR_P_DATA:
	case BR_P_RS_DATA:
	case BR_P_READ_REQ:
	case BR_P_READ_REPLY:		return sizeof(struct br_p_data);
	case BR_P_RECV_ACK:
	case BR_P_WRITE_ACK:
	case BR_P_NEG_ACK:
	case BR_P_RS_ACK:		return sizeof(struct br_p_ack);
	case BR_P_PING:
	case BR_P_PING_ACK:
	case BR_P_OUTDATE:		return 0;
	default:			return -1;
	}
}

static inline bool br_pkt_has_data(unsigned int type)
{
	return type == BR_P_DATA || type == BR_P_RS_DATA ||
	       type == BR_P_BITMAP || type == BR_P_READ_REPLY;
}

#endif /* BLKREP_WIRE_H */
