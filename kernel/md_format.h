/* SPDX-License-Identifier: GPL-2.0 */
/*
 * On-disk metadata format v1: layout arithmetic and superblock encoding.
 *
 * Pure logic: this file and md_format.c compile both in the kernel and on
 * the host (user/blkrepadm and the unit tests use the very same code).  The
 * format is described in Documentation/ondisk-format.rst; keep both in step.
 *
 * Every on-disk integer is little-endian.  The superblock's first
 * BR_SB_CRC_BYTES bytes are covered by a CRC32C (Castagnoli) computed with
 * the crc field set to zero; the rest of its 4 KiB block is zero.
 */
#ifndef BLKREP_MD_FORMAT_H
#define BLKREP_MD_FORMAT_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include "host_kernel_types.h"
#endif

#define BR_MD_MAGIC		0x444d5045524b4c42ULL	/* "BLKREPMD" (LE) */
#define BR_MD_VERSION		1
#define BR_MD_BLOCK		4096u	/* unit of every metadata area */
#define BR_SB_CRC_BYTES		512u	/* part of the superblock that is used */
#define BR_BM_BYTES_PER_BIT	4096u	/* one bitmap bit covers 4 KiB of data */
#define BR_AL_SLOTS		32u	/* activity-log ring: 32 x 4 KiB */
#define BR_AL_EXTENT_SHIFT	22u	/* one AL extent is 4 MiB */
#define BR_AL_HDR_BYTES		32u	/* header of an AL transaction block */
/* Active extents one AL transaction (a full table in one block) can hold. */
#define BR_AL_EXTENTS_MAX	((BR_MD_BLOCK - BR_AL_HDR_BYTES) / 4u)	/* 1016 */
#define BR_AL_EXTENTS_DEFAULT	1000u	/* <= BR_AL_EXTENTS_MAX */
#define BR_MIN_DATA_BYTES	(1ULL << 20)	/* refuse smaller devices */

/* Generation UUID slots (same order as enum blkrep_uuid_attr - 1). */
enum br_uuid_idx {
	BR_UUID_CURRENT,
	BR_UUID_BITMAP,
	BR_UUID_HISTORY0,
	BR_UUID_HISTORY1,
	BR_UUID_COUNT
};

/* Current UUID of metadata that create-md just wrote. */
#define BR_UUID_JUST_CREATED	4ULL

enum br_meta_type {
	BR_META_INTERNAL = 0,	/* at the end of the backing disk */
	BR_META_FLEXIBLE = 1,	/* external meta-disk, used whole */
	BR_META_INDEXED  = 2,	/* external meta-disk, slot N of 128 MiB */
};

/* Where everything lives.  Byte offsets are on the meta device. */
struct br_md_layout {
	u32 meta_type;		/* enum br_meta_type */
	u32 meta_index;		/* slot for BR_META_INDEXED, else 0 */
	u64 dev_bytes;		/* size of the backing (data) disk */
	u64 data_bytes;		/* usable size of the replicated device */
	u64 sb_offset;		/* superblock, one BR_MD_BLOCK */
	u64 al_offset;		/* activity log, al_slots blocks */
	u64 bm_offset;		/* bitmap, bm_bytes */
	u64 bm_bytes;		/* multiple of BR_MD_BLOCK */
	u32 al_slots;
	u32 pad;
};

/* The superblock as it lives in memory (host byte order). */
struct br_md_super {
	struct br_md_layout layout;
	u32 flags;			/* BLKREP_MDF_* */
	u32 al_extents;			/* configured active extents */
	u64 uuid[BR_UUID_COUNT];
	u64 device_uuid;		/* random id of this disk's data set */
	u64 events;			/* bumped on every superblock write */
	u64 gen_time;			/* when the current generation started
					   here (Unix seconds; 0 unknown) */
};

/* The superblock as it is stored: little-endian, BR_SB_CRC_BYTES long. */
struct br_md_super_disk {
	__le64 magic;
	__le32 version;
	__le32 crc;
	__le32 flags;
	__le32 meta_type;
	__le32 meta_index;
	__le32 bm_bytes_per_bit;
	__le64 dev_bytes;
	__le64 data_bytes;
	__le64 sb_offset;
	__le64 al_offset;
	__le64 bm_offset;
	__le64 bm_bytes;
	__le32 al_slots;
	__le32 al_extent_shift;
	__le32 al_extents;
	__le32 reserved0;
	__le64 uuid[BR_UUID_COUNT];
	__le64 device_uuid;
	__le64 events;
	__le64 gen_time;
	u8 reserved[BR_SB_CRC_BYTES - 152];
} __attribute__((packed));

/* Reasons br_md_decode() and br_md_layout_compute() give. */
enum br_md_err {
	BR_MD_OK = 0,
	BR_MD_ERR_MAGIC,	/* no blkrep metadata here */
	BR_MD_ERR_VERSION,	/* a format version we do not know */
	BR_MD_ERR_CRC,		/* checksum mismatch: torn or corrupt */
	BR_MD_ERR_LAYOUT,	/* fields disagree with the computed layout */
	BR_MD_ERR_FIELD,	/* a field is out of range */
	BR_MD_ERR_TOO_SMALL,	/* device too small for data + metadata */
	BR_MD_ERR_TOO_BIG,	/* data too big for an indexed slot */
};

const char *br_md_strerror(enum br_md_err err);

u32 br_crc32c(u32 crc, const void *buf, size_t len);

/* Bytes of bitmap for @dev_bytes of data, rounded up to BR_MD_BLOCK. */
u64 br_md_bitmap_bytes(u64 dev_bytes);

/*
 * Compute the layout for a backing disk of @dev_bytes and, for external
 * metadata, a meta device of @meta_dev_bytes (ignored when internal).
 */
enum br_md_err br_md_layout_compute(struct br_md_layout *l, u32 meta_type,
				    u32 meta_index, u64 dev_bytes,
				    u64 meta_dev_bytes);

/* Byte offset of the superblock, known before it is read. */
u64 br_md_sb_offset(u32 meta_type, u32 meta_index, u64 dev_bytes);

/* Fill a fresh superblock as create-md writes it. */
void br_md_init_super(struct br_md_super *sb, const struct br_md_layout *l,
		      u64 device_uuid);

/* Encode @sb into @buf (BR_SB_CRC_BYTES bytes), checksum included. */
void br_md_encode(void *buf, const struct br_md_super *sb);

/*
 * Decode and check @buf (BR_SB_CRC_BYTES bytes).  @expect, if not NULL, is
 * the layout computed from the devices actually present; the superblock must
 * agree with it (a backing disk that changed size is refused; there is no
 * resize yet).
 */
enum br_md_err br_md_decode(struct br_md_super *sb, const void *buf,
			    const struct br_md_layout *expect);

#endif /* BLKREP_MD_FORMAT_H */
