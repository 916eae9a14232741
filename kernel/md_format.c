// SPDX-License-Identifier: GPL-2.0
/*
 * On-disk metadata format v1: layout arithmetic, superblock encoding and
 * checking.  Compiled in the kernel module and on the host; no allocation,
 * no I/O, no locking.
 */
#ifdef __KERNEL__
#include <linux/string.h>
#include <linux/build_bug.h>
#include <asm/byteorder.h>
#endif
#include "md_format.h"
#include "../include/uapi/linux/blkrep.h"

static_assert(sizeof(struct br_md_super_disk) == BR_SB_CRC_BYTES,
	      "superblock must fill exactly the checksummed area");

static const char *const br_md_errors[] = {
	[BR_MD_OK]		= "ok",
	[BR_MD_ERR_MAGIC]	= "no blkrep metadata found (bad magic)",
	[BR_MD_ERR_VERSION]	= "unsupported metadata format version",
	[BR_MD_ERR_CRC]		= "metadata checksum mismatch (torn or corrupt superblock)",
	[BR_MD_ERR_LAYOUT]	= "metadata layout does not match the disks (size changed?)",
	[BR_MD_ERR_FIELD]	= "metadata field out of range (corrupt superblock)",
	[BR_MD_ERR_TOO_SMALL]	= "device too small for data plus metadata",
	[BR_MD_ERR_TOO_BIG]	= "disk too big for a 128 MiB indexed metadata slot",
};

const char *br_md_strerror(enum br_md_err err)
{
	if ((unsigned int)err >= sizeof(br_md_errors) / sizeof(br_md_errors[0]))
		return "unknown metadata error";
	return br_md_errors[err];
}

/*
 * CRC32C (Castagnoli, reflected polynomial 0x82F63B78), bitwise.  Only the
 * 512-byte superblock and 4 KiB activity-log blocks are checksummed, a few
 * times per second at most, so a table buys nothing.  The kernel's crc32c()
 * would pull in libcrc32c for no gain; this keeps host and kernel identical.
 */
u32 br_crc32c(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;
	int k;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
	}
	return ~crc;
}

static u64 round_up_block(u64 x)
{
	return (x + BR_MD_BLOCK - 1) & ~(u64)(BR_MD_BLOCK - 1);
}

static u64 round_down_block(u64 x)
{
	return x & ~(u64)(BR_MD_BLOCK - 1);
}

u64 br_md_bitmap_bytes(u64 dev_bytes)
{
	u64 bits = dev_bytes / BR_BM_BYTES_PER_BIT +
		   !!(dev_bytes % BR_BM_BYTES_PER_BIT);

	return round_up_block(bits / 8 + !!(bits % 8));
}

u64 br_md_sb_offset(u32 meta_type, u32 meta_index, u64 dev_bytes)
{
	switch (meta_type) {
	case BR_META_INTERNAL:
		return round_down_block(dev_bytes) - BR_MD_BLOCK;
	case BR_META_INDEXED:
		return (u64)meta_index * BLKREP_MD_INDEX_BYTES;
	default:
		return 0;
	}
}

/*
 * Internal:  [ data ........ | bitmap | AL (32 x 4K) | superblock (4K) ]
 *            0           data_bytes                     end of disk, 4K aligned
 * External:  [ superblock (4K) | AL (32 x 4K) | bitmap ]  from the slot start
 * The bitmap is sized for the whole backing disk, which for internal
 * metadata over-covers the metadata itself by at most a block: simpler than
 * solving for the exact fixed point, and never too small.
 */
enum br_md_err br_md_layout_compute(struct br_md_layout *l, u32 meta_type,
				    u32 meta_index, u64 dev_bytes,
				    u64 meta_dev_bytes)
{
	u64 al_bytes = (u64)BR_AL_SLOTS * BR_MD_BLOCK;
	u64 fixed = BR_MD_BLOCK + al_bytes;
	u64 slot_end;

	memset(l, 0, sizeof(*l));
	if (meta_type > BR_META_INDEXED ||
	    (meta_type != BR_META_INDEXED && meta_index))
		return BR_MD_ERR_FIELD;
	l->meta_type = meta_type;
	l->meta_index = meta_index;
	l->dev_bytes = dev_bytes;
	l->al_slots = BR_AL_SLOTS;
	l->bm_bytes = br_md_bitmap_bytes(dev_bytes);

	if (meta_type == BR_META_INTERNAL) {
		if (round_down_block(dev_bytes) <
		    fixed + l->bm_bytes + BR_MIN_DATA_BYTES)
			return BR_MD_ERR_TOO_SMALL;
		l->sb_offset = br_md_sb_offset(meta_type, 0, dev_bytes);
		l->al_offset = l->sb_offset - al_bytes;
		l->bm_offset = l->al_offset - l->bm_bytes;
		l->data_bytes = l->bm_offset;
		return BR_MD_OK;
	}

	if (round_down_block(dev_bytes) < BR_MIN_DATA_BYTES)
		return BR_MD_ERR_TOO_SMALL;
	l->sb_offset = br_md_sb_offset(meta_type, meta_index, dev_bytes);
	l->al_offset = l->sb_offset + BR_MD_BLOCK;
	l->bm_offset = l->al_offset + al_bytes;
	l->data_bytes = round_down_block(dev_bytes);
	if (meta_type == BR_META_INDEXED &&
	    fixed + l->bm_bytes > BLKREP_MD_INDEX_BYTES)
		return BR_MD_ERR_TOO_BIG;
	slot_end = meta_type == BR_META_INDEXED ?
		   l->sb_offset + BLKREP_MD_INDEX_BYTES :
		   l->bm_offset + l->bm_bytes;
	if (meta_dev_bytes < slot_end)
		return BR_MD_ERR_TOO_SMALL;
	return BR_MD_OK;
}

void br_md_init_super(struct br_md_super *sb, const struct br_md_layout *l,
		      u64 device_uuid)
{
	memset(sb, 0, sizeof(*sb));
	sb->layout = *l;
	sb->al_extents = BR_AL_EXTENTS_DEFAULT;
	sb->uuid[BR_UUID_CURRENT] = BR_UUID_JUST_CREATED;
	sb->device_uuid = device_uuid;
}

void br_md_encode(void *buf, const struct br_md_super *sb)
{
	struct br_md_super_disk *d = buf;
	const struct br_md_layout *l = &sb->layout;
	int i;

	memset(d, 0, sizeof(*d));
	d->magic = cpu_to_le64(BR_MD_MAGIC);
	d->version = cpu_to_le32(BR_MD_VERSION);
	d->flags = cpu_to_le32(sb->flags);
	d->meta_type = cpu_to_le32(l->meta_type);
	d->meta_index = cpu_to_le32(l->meta_index);
	d->bm_bytes_per_bit = cpu_to_le32(BR_BM_BYTES_PER_BIT);
	d->dev_bytes = cpu_to_le64(l->dev_bytes);
	d->data_bytes = cpu_to_le64(l->data_bytes);
	d->sb_offset = cpu_to_le64(l->sb_offset);
	d->al_offset = cpu_to_le64(l->al_offset);
	d->bm_offset = cpu_to_le64(l->bm_offset);
	d->bm_bytes = cpu_to_le64(l->bm_bytes);
	d->al_slots = cpu_to_le32(l->al_slots);
	d->al_extent_shift = cpu_to_le32(BR_AL_EXTENT_SHIFT);
	d->al_extents = cpu_to_le32(sb->al_extents);
	for (i = 0; i < BR_UUID_COUNT; i++)
		d->uuid[i] = cpu_to_le64(sb->uuid[i]);
	d->device_uuid = cpu_to_le64(sb->device_uuid);
	d->events = cpu_to_le64(sb->events);
	d->gen_time = cpu_to_le64(sb->gen_time);
	d->crc = cpu_to_le32(br_crc32c(0, d, sizeof(*d)));
}

static bool br_layout_equal(const struct br_md_layout *a,
			    const struct br_md_layout *b)
{
	return a->meta_type == b->meta_type &&
	       a->meta_index == b->meta_index &&
	       a->dev_bytes == b->dev_bytes &&
	       a->data_bytes == b->data_bytes &&
	       a->sb_offset == b->sb_offset &&
	       a->al_offset == b->al_offset &&
	       a->bm_offset == b->bm_offset &&
	       a->bm_bytes == b->bm_bytes &&
	       a->al_slots == b->al_slots;
}

enum br_md_err br_md_decode(struct br_md_super *sb, const void *buf,
			    const struct br_md_layout *expect)
{
	struct br_md_super_disk d;
	struct br_md_layout *l = &sb->layout;
	struct br_md_layout check;
	u32 crc;
	int i;

	memcpy(&d, buf, sizeof(d));
	memset(sb, 0, sizeof(*sb));
	if (le64_to_cpu(d.magic) != BR_MD_MAGIC)
		return BR_MD_ERR_MAGIC;
	if (le32_to_cpu(d.version) != BR_MD_VERSION)
		return BR_MD_ERR_VERSION;
	crc = le32_to_cpu(d.crc);
	d.crc = 0;
	if (br_crc32c(0, &d, sizeof(d)) != crc)
		return BR_MD_ERR_CRC;

	sb->flags = le32_to_cpu(d.flags);
	l->meta_type = le32_to_cpu(d.meta_type);
	l->meta_index = le32_to_cpu(d.meta_index);
	l->dev_bytes = le64_to_cpu(d.dev_bytes);
	l->data_bytes = le64_to_cpu(d.data_bytes);
	l->sb_offset = le64_to_cpu(d.sb_offset);
	l->al_offset = le64_to_cpu(d.al_offset);
	l->bm_offset = le64_to_cpu(d.bm_offset);
	l->bm_bytes = le64_to_cpu(d.bm_bytes);
	l->al_slots = le32_to_cpu(d.al_slots);
	sb->al_extents = le32_to_cpu(d.al_extents);
	for (i = 0; i < BR_UUID_COUNT; i++)
		sb->uuid[i] = le64_to_cpu(d.uuid[i]);
	sb->device_uuid = le64_to_cpu(d.device_uuid);
	sb->events = le64_to_cpu(d.events);
	sb->gen_time = le64_to_cpu(d.gen_time);

	/* A checksum only proves the block is whole, not that it is sane. */
	if (le32_to_cpu(d.bm_bytes_per_bit) != BR_BM_BYTES_PER_BIT ||
	    le32_to_cpu(d.al_extent_shift) != BR_AL_EXTENT_SHIFT ||
	    (sb->flags & ~(u32)__BLKREP_MDF_ALL) || sb->al_extents == 0 ||
	    sb->al_extents > BR_AL_EXTENTS_MAX)
		return BR_MD_ERR_FIELD;

	/* The stored layout must be the one the format computes. */
	if (br_md_layout_compute(&check, l->meta_type, l->meta_index,
				 l->dev_bytes, (u64)-1) != BR_MD_OK ||
	    !br_layout_equal(&check, l))
		return BR_MD_ERR_FIELD;
	if (expect && !br_layout_equal(expect, l))
		return BR_MD_ERR_LAYOUT;
	return BR_MD_OK;
}
