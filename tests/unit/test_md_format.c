// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the on-disk metadata format v1 (kernel/md_format.c): the
 * layout formula for every meta-disk kind and its edges, the superblock's
 * encoding, and every way br_md_decode() refuses a block.
 */
#include "md_format.h"
#include "../../include/uapi/linux/blkrep.h"
#include "unit.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define TiB (1ULL << 40)
#define AL_BYTES ((u64)BR_AL_SLOTS * BR_MD_BLOCK)

static void test_crc32c_check_value(void)
{
	CHECK_EQ(br_crc32c(0, "123456789", 9), 0xE3069283u);
	CHECK_EQ(br_crc32c(0, "", 0), 0);
}

static void test_bitmap_bytes(void)
{
	CHECK_EQ(br_md_bitmap_bytes(0), 0);
	CHECK_EQ(br_md_bitmap_bytes(1), 4096);		/* one bit, one block */
	CHECK_EQ(br_md_bitmap_bytes(128 * MiB), 4096);	/* 32768 bits exactly */
	CHECK_EQ(br_md_bitmap_bytes(128 * MiB + 1), 8192);
	CHECK_EQ(br_md_bitmap_bytes(1 * TiB), 32 * MiB);
}

static void test_internal_layout(void)
{
	struct br_md_layout l;

	CHECK_EQ(br_md_layout_compute(&l, BR_META_INTERNAL, 0, 64 * MiB, 0),
		 BR_MD_OK);
	CHECK_EQ(l.sb_offset, 64 * MiB - 4096);
	CHECK_EQ(l.al_offset, l.sb_offset - AL_BYTES);
	CHECK_EQ(l.bm_bytes, 4096);
	CHECK_EQ(l.bm_offset, l.al_offset - 4096);
	CHECK_EQ(l.data_bytes, l.bm_offset);
	CHECK_EQ(l.data_bytes, 66969600);
	CHECK_EQ(l.al_slots, BR_AL_SLOTS);
	CHECK_EQ(l.sb_offset, br_md_sb_offset(BR_META_INTERNAL, 0, 64 * MiB));
}

static void test_internal_unaligned_size(void)
{
	struct br_md_layout l;

	/* A size that is not a multiple of 4 KiB loses the partial block. */
	CHECK_EQ(br_md_layout_compute(&l, BR_META_INTERNAL, 0,
				      64 * MiB + 1000, 0), BR_MD_OK);
	CHECK_EQ(l.sb_offset, 64 * MiB - 4096);
	CHECK_EQ(l.dev_bytes, 64 * MiB + 1000);
	CHECK_EQ(l.bm_bytes, 4096);	/* 16385 bits: the partial block too */
	CHECK_EQ(l.data_bytes, 64 * MiB - 4096 - AL_BYTES - 4096);
}

static void test_internal_smallest(void)
{
	struct br_md_layout l;
	u64 min = 4096 + AL_BYTES + 4096 + BR_MIN_DATA_BYTES;

	CHECK_EQ(br_md_layout_compute(&l, BR_META_INTERNAL, 0, min, 0),
		 BR_MD_OK);
	CHECK_EQ(l.data_bytes, BR_MIN_DATA_BYTES);
	CHECK_EQ(br_md_layout_compute(&l, BR_META_INTERNAL, 0, min - 1, 0),
		 BR_MD_ERR_TOO_SMALL);
	CHECK_EQ(br_md_layout_compute(&l, BR_META_INTERNAL, 0, 0, 0),
		 BR_MD_ERR_TOO_SMALL);
}

static void test_flexible_layout(void)
{
	struct br_md_layout l;
	u64 need = 4096 + AL_BYTES + 8192;	/* 200 MiB needs 2 bm blocks */

	CHECK_EQ(br_md_layout_compute(&l, BR_META_FLEXIBLE, 0, 200 * MiB,
				      need), BR_MD_OK);
	CHECK_EQ(l.sb_offset, 0);
	CHECK_EQ(l.al_offset, 4096);
	CHECK_EQ(l.bm_offset, 4096 + AL_BYTES);
	CHECK_EQ(l.bm_bytes, 8192);
	CHECK_EQ(l.data_bytes, 200 * MiB);	/* the data disk is all data */
	CHECK_EQ(br_md_layout_compute(&l, BR_META_FLEXIBLE, 0, 200 * MiB,
				      need - 1), BR_MD_ERR_TOO_SMALL);
	CHECK_EQ(br_md_layout_compute(&l, BR_META_FLEXIBLE, 0, MiB - 4096,
				      GiB), BR_MD_ERR_TOO_SMALL);
}

static void test_indexed_layout(void)
{
	struct br_md_layout l;

	CHECK_EQ(br_md_layout_compute(&l, BR_META_INDEXED, 3, 64 * MiB,
				      4 * BLKREP_MD_INDEX_BYTES), BR_MD_OK);
	CHECK_EQ(l.sb_offset, 3 * BLKREP_MD_INDEX_BYTES);
	CHECK_EQ(l.al_offset, l.sb_offset + 4096);
	CHECK_EQ(l.bm_offset, l.al_offset + AL_BYTES);
	CHECK_EQ(l.meta_index, 3);
	CHECK_EQ(br_md_sb_offset(BR_META_INDEXED, 3, 0), l.sb_offset);
	/* The whole slot must exist on the meta-disk. */
	CHECK_EQ(br_md_layout_compute(&l, BR_META_INDEXED, 3, 64 * MiB,
				      4 * BLKREP_MD_INDEX_BYTES - 1),
		 BR_MD_ERR_TOO_SMALL);
}

static void test_indexed_slot_too_big(void)
{
	struct br_md_layout l;

	/* 4 TiB needs a 128 MiB bitmap: it cannot share a slot with AL+sb. */
	CHECK_EQ(br_md_layout_compute(&l, BR_META_INDEXED, 0, 4 * TiB,
				      ~0ULL), BR_MD_ERR_TOO_BIG);
	CHECK_EQ(br_md_layout_compute(&l, BR_META_INDEXED, 0, 2 * TiB,
				      ~0ULL), BR_MD_OK);
	/* Flexible metadata has no slot limit. */
	CHECK_EQ(br_md_layout_compute(&l, BR_META_FLEXIBLE, 0, 4 * TiB,
				      ~0ULL), BR_MD_OK);
}

static void test_layout_bad_arguments(void)
{
	struct br_md_layout l;

	CHECK_EQ(br_md_layout_compute(&l, 3, 0, GiB, GiB), BR_MD_ERR_FIELD);
	CHECK_EQ(br_md_layout_compute(&l, BR_META_FLEXIBLE, 1, GiB, GiB),
		 BR_MD_ERR_FIELD);
	CHECK_EQ(br_md_layout_compute(&l, BR_META_INTERNAL, 1, GiB, 0),
		 BR_MD_ERR_FIELD);
}

/* A valid encoded superblock for a 64 MiB disk with internal metadata. */
static void make_block(u8 *buf, struct br_md_super *sb,
		       struct br_md_layout *l)
{
	br_md_layout_compute(l, BR_META_INTERNAL, 0, 64 * MiB, 0);
	br_md_init_super(sb, l, 0x0123456789abcdefULL);
	br_md_encode(buf, sb);
}

/* Recompute the checksum after editing an encoded block. */
static void fix_crc(u8 *buf)
{
	struct br_md_super_disk *d = (void *)buf;

	d->crc = 0;
	d->crc = cpu_to_le32(br_crc32c(0, buf, BR_SB_CRC_BYTES));
}

static void test_init_super(void)
{
	struct br_md_super sb;
	struct br_md_layout l;
	u8 buf[BR_SB_CRC_BYTES];

	make_block(buf, &sb, &l);
	CHECK_EQ(sb.uuid[BR_UUID_CURRENT], BR_UUID_JUST_CREATED);
	CHECK_EQ(sb.al_extents, BR_AL_EXTENTS_DEFAULT);
	CHECK_EQ(sb.flags, 0);
	CHECK_EQ(sb.events, 0);
	CHECK_EQ(le64_to_cpu(((struct br_md_super_disk *)buf)->magic),
		 BR_MD_MAGIC);
	CHECK(!memcmp(buf, "BLKREPMD", 8));
}

static void test_round_trip(void)
{
	struct br_md_super sb, out;
	struct br_md_layout l;
	u8 buf[BR_SB_CRC_BYTES];
	int i;

	make_block(buf, &sb, &l);
	sb.flags = BLKREP_MDF_CONSISTENT | BLKREP_MDF_ATTACHED;
	sb.al_extents = 257;
	for (i = 0; i < BR_UUID_COUNT; i++)
		sb.uuid[i] = 0x1111111111111111ULL * (i + 1);
	sb.events = 99;
	br_md_encode(buf, &sb);
	CHECK_EQ(br_md_decode(&out, buf, &l), BR_MD_OK);
	CHECK(!memcmp(&out.layout, &l, sizeof(l)));
	CHECK_EQ(out.flags, sb.flags);
	CHECK_EQ(out.al_extents, 257);
	CHECK_EQ(out.uuid[BR_UUID_HISTORY1], 0x4444444444444444ULL);
	CHECK_EQ(out.device_uuid, 0x0123456789abcdefULL);
	CHECK_EQ(out.events, 99);
	CHECK_EQ(br_md_decode(&out, buf, NULL), BR_MD_OK);
}

static void test_every_flipped_bit_is_caught(void)
{
	struct br_md_super sb, out;
	struct br_md_layout l;
	u8 buf[BR_SB_CRC_BYTES];
	unsigned int byte, bit;

	make_block(buf, &sb, &l);
	for (byte = 0; byte < BR_SB_CRC_BYTES; byte++)
		for (bit = 0; bit < 8; bit++) {
			enum br_md_err want = byte < 8 ? BR_MD_ERR_MAGIC :
					      byte < 12 ? BR_MD_ERR_VERSION :
					      BR_MD_ERR_CRC;

			buf[byte] ^= 1u << bit;
			CHECK_EQ(br_md_decode(&out, buf, &l), want);
			buf[byte] ^= 1u << bit;
		}
	CHECK_EQ(br_md_decode(&out, buf, &l), BR_MD_OK);
}

static void test_layout_mismatch(void)
{
	struct br_md_super sb, out;
	struct br_md_layout l, bigger;
	u8 buf[BR_SB_CRC_BYTES];

	make_block(buf, &sb, &l);
	br_md_layout_compute(&bigger, BR_META_INTERNAL, 0, 128 * MiB, 0);
	CHECK_EQ(br_md_decode(&out, buf, &bigger), BR_MD_ERR_LAYOUT);
}

static void test_inconsistent_stored_layout(void)
{
	struct br_md_super_disk *d;
	struct br_md_super sb, out;
	struct br_md_layout l;
	u8 buf[BR_SB_CRC_BYTES];

	make_block(buf, &sb, &l);
	d = (void *)buf;
	d->data_bytes = cpu_to_le64(le64_to_cpu(d->data_bytes) + 4096);
	fix_crc(buf);
	CHECK_EQ(br_md_decode(&out, buf, NULL), BR_MD_ERR_FIELD);
}

static void test_bad_version(void)
{
	struct br_md_super_disk *d;
	struct br_md_super sb, out;
	struct br_md_layout l;
	u8 buf[BR_SB_CRC_BYTES];

	make_block(buf, &sb, &l);
	d = (void *)buf;
	d->version = cpu_to_le32(2);
	fix_crc(buf);
	CHECK_EQ(br_md_decode(&out, buf, &l), BR_MD_ERR_VERSION);
}

static void test_unknown_flag_bits(void)
{
	struct br_md_super sb, out;
	struct br_md_layout l;
	u8 buf[BR_SB_CRC_BYTES];

	make_block(buf, &sb, &l);
	sb.flags = __BLKREP_MDF_ALL + 1;
	br_md_encode(buf, &sb);
	CHECK_EQ(br_md_decode(&out, buf, &l), BR_MD_ERR_FIELD);
	sb.flags = __BLKREP_MDF_ALL;
	br_md_encode(buf, &sb);
	CHECK_EQ(br_md_decode(&out, buf, &l), BR_MD_OK);
}

static void test_bad_fixed_fields(void)
{
	struct br_md_super_disk *d;
	struct br_md_super sb, out;
	struct br_md_layout l;
	u8 buf[BR_SB_CRC_BYTES];

	make_block(buf, &sb, &l);
	d = (void *)buf;
	d->bm_bytes_per_bit = cpu_to_le32(512);
	fix_crc(buf);
	CHECK_EQ(br_md_decode(&out, buf, &l), BR_MD_ERR_FIELD);
	make_block(buf, &sb, &l);
	d->al_extents = 0;
	fix_crc(buf);
	CHECK_EQ(br_md_decode(&out, buf, &l), BR_MD_ERR_FIELD);
}

static void test_zeroed_block_has_no_metadata(void)
{
	struct br_md_super out;
	u8 buf[BR_SB_CRC_BYTES] = { 0 };

	CHECK_EQ(br_md_decode(&out, buf, NULL), BR_MD_ERR_MAGIC);
}

static void test_strerror(void)
{
	CHECK_STR(br_md_strerror(BR_MD_ERR_CRC),
		  "metadata checksum mismatch (torn or corrupt superblock)");
	CHECK_STR(br_md_strerror(BR_MD_ERR_MAGIC),
		  "no blkrep metadata found (bad magic)");
	CHECK_STR(br_md_strerror((enum br_md_err)1000),
		  "unknown metadata error");
}

int main(void)
{
	RUN("md_format", test_crc32c_check_value);
	RUN("md_format", test_bitmap_bytes);
	RUN("md_format", test_internal_layout);
	RUN("md_format", test_internal_unaligned_size);
	RUN("md_format", test_internal_smallest);
	RUN("md_format", test_flexible_layout);
	RUN("md_format", test_indexed_layout);
	RUN("md_format", test_indexed_slot_too_big);
	RUN("md_format", test_layout_bad_arguments);
	RUN("md_format", test_init_super);
	RUN("md_format", test_round_trip);
	RUN("md_format", test_every_flipped_bit_is_caught);
	RUN("md_format", test_layout_mismatch);
	RUN("md_format", test_inconsistent_stored_layout);
	RUN("md_format", test_bad_version);
	RUN("md_format", test_unknown_flag_bits);
	RUN("md_format", test_bad_fixed_fields);
	RUN("md_format", test_zeroed_block_has_no_metadata);
	RUN("md_format", test_strerror);
	return unit_done();
}
