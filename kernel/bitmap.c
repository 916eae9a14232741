// SPDX-License-Identifier: GPL-2.0
/*
 * The dirty bitmap: one bit per 4 KiB of data, set when the peer may not
 * have that block.  Kept in memory in the on-disk layout (bit n is bit n%8
 * of byte n/8), so writing it out is a plain copy.
 *
 * Bits are set from the I/O path with atomic little-endian bit operations,
 * no lock.  A block of the bitmap whose bits changed is marked in ->dirty
 * and written out by br_bm_write_dirty().
 */
#include <linux/vmalloc.h>
#include <linux/slab.h>
#include <linux/bitops.h>
#include <linux/bitmap.h>
#include <asm/bitops.h>
#include "blkrep.h"

#define BR_BM_BITS_PER_BLOCK ((u64)BR_MD_BLOCK * 8)

int br_bm_alloc(struct br_bitmap *bm, u64 data_bytes, u64 bm_bytes)
{
	u64 nblocks = bm_bytes / BR_MD_BLOCK;

	bm->nbits = DIV_ROUND_UP_ULL(data_bytes, BR_BM_BYTES_PER_BIT);
	bm->bytes = bm_bytes;
	if (bm->nbits > bm_bytes * 8)
		return -EINVAL;
	bm->bits = vzalloc(round_up(bm_bytes, PAGE_SIZE));
	bm->dirty = bitmap_zalloc(nblocks, GFP_KERNEL);
	if (!bm->bits || !bm->dirty) {
		br_bm_free(bm);
		return -ENOMEM;
	}
	atomic64_set(&bm->weight, 0);
	return 0;
}

void br_bm_free(struct br_bitmap *bm)
{
	vfree(bm->bits);
	bitmap_free(bm->dirty);
	bm->bits = NULL;
	bm->dirty = NULL;
}

/* test_and_set_bit_le() takes an int: address the word, then the bit. */
static bool br_bm_test_and_set(struct br_bitmap *bm, u64 nr)
{
	unsigned long *word = (unsigned long *)bm->bits + nr / BITS_PER_LONG;

	return test_and_set_bit_le(nr % BITS_PER_LONG, word);
}

static void br_bm_set_bits(struct br_bitmap *bm, u64 first, u64 last)
{
	u64 nr, added = 0;

	for (nr = first; nr <= last; nr++) {
		if (!br_bm_test_and_set(bm, nr)) {
			added++;
			set_bit(nr / BR_BM_BITS_PER_BLOCK, bm->dirty);
		}
	}
	if (added)
		atomic64_add(added, &bm->weight);
}

/* Mark [offset, offset + len) bytes of data out of sync. */
void br_bm_set_range(struct br_bitmap *bm, u64 offset, u64 len)
{
	u64 first, last;

	if (!len)
		return;
	first = offset / BR_BM_BYTES_PER_BIT;
	last = (offset + len - 1) / BR_BM_BYTES_PER_BIT;
	if (last >= bm->nbits)
		last = bm->nbits - 1;
	if (first <= last)
		br_bm_set_bits(bm, first, last);
}

void br_bm_set_all(struct br_bitmap *bm)
{
	br_bm_set_bits(bm, 0, bm->nbits - 1);
}

/*
 * Forget the bits of data at and past @bytes (a bit that covers data
 * before it stays): the peer's disk ends there, nobody can sync them.
 */
void br_bm_clear_from(struct br_bitmap *bm, u64 bytes)
{
	u64 first = DIV_ROUND_UP_ULL(bytes, BR_BM_BYTES_PER_BIT);

	if (first < bm->nbits)
		br_bm_clear_range(bm, first * BR_BM_BYTES_PER_BIT,
				  (bm->nbits - first) * BR_BM_BYTES_PER_BIT);
}

void br_bm_clear_all(struct br_bitmap *bm)
{
	memset(bm->bits, 0, bm->bytes);
	bitmap_fill(bm->dirty, bm->bytes / BR_MD_BLOCK);
	atomic64_set(&bm->weight, 0);
}

/* After reading from disk: drop bits past the data, count the rest. */
void br_bm_recount(struct br_bitmap *bm)
{
	u8 *bytes = bm->bits;
	u64 nr, weight = 0, i;

	for (nr = bm->nbits; nr < round_up(bm->nbits, 8); nr++)
		bytes[nr / 8] &= ~(1u << (nr % 8));
	memset(bytes + round_up(bm->nbits, 8) / 8, 0,
	       bm->bytes - round_up(bm->nbits, 8) / 8);
	for (i = 0; i < bm->bytes; i++)
		weight += hweight8(bytes[i]);
	atomic64_set(&bm->weight, weight);
}

bool br_bm_test(struct br_bitmap *bm, u64 nr)
{
	unsigned long *word = (unsigned long *)bm->bits + nr / BITS_PER_LONG;

	return nr < bm->nbits && test_bit_le(nr % BITS_PER_LONG, word);
}

/* Mark [offset, offset + len) bytes in sync (whole bits only). */
void br_bm_clear_range(struct br_bitmap *bm, u64 offset, u64 len)
{
	u64 first = offset / BR_BM_BYTES_PER_BIT, last, nr, cleared = 0;

	if (!len)
		return;
	last = (offset + len - 1) / BR_BM_BYTES_PER_BIT;
	if (last >= bm->nbits)
		last = bm->nbits - 1;
	for (nr = first; nr <= last; nr++) {
		unsigned long *word = (unsigned long *)bm->bits +
				      nr / BITS_PER_LONG;

		if (test_and_clear_bit_le(nr % BITS_PER_LONG, word)) {
			cleared++;
			set_bit(nr / BR_BM_BITS_PER_BLOCK, bm->dirty);
		}
	}
	if (cleared)
		atomic64_sub(cleared, &bm->weight);
}

/* The first set bit at or after @from, or bm->nbits. */
u64 br_bm_find_next(struct br_bitmap *bm, u64 from)
{
	const u8 *bytes = bm->bits;
	u64 nr = from;

	while (nr < bm->nbits) {
		if (!(nr % 64) && nr + 64 <= bm->nbits &&
		    !*(const u64 *)(bytes + nr / 8)) {
			nr += 64;
			continue;
		}
		if (bytes[nr / 8] & (1u << (nr % 8)))
			return nr;
		nr++;
	}
	return bm->nbits;
}

/*
 * OR the peer's bitmap bytes at @byte_off into ours, bits below @limit
 * only (the size both disks hold; the peer's disk may be larger).
 */
void br_bm_merge(struct br_bitmap *bm, u64 byte_off, const void *src,
		 size_t len, u64 limit)
{
	const u8 *s = src;
	size_t i;

	limit = min(limit, bm->nbits);
	for (i = 0; i < len; i++) {
		u64 at = byte_off + i;
		u8 *d = (u8 *)bm->bits + at;
		u8 add = s[i] & ~READ_ONCE(*d);
		unsigned int b;

		if (!add)
			continue;
		for (b = 0; b < 8; b++)
			if ((add & (1u << b)) && at * 8 + b < limit)
				br_bm_set_bits(bm, at * 8 + b, at * 8 + b);
	}
}
