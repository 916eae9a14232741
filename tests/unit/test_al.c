// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the activity log (kernel/al_format.c): the transaction
 * block's encoding and every way decoding refuses one, recovery from the
 * ring (empty, wrapped, torn newest block), the cache of active extents
 * (hit, miss, full, LRU eviction of idle extents only, reservations,
 * transactions), and a randomized run against a reference model with
 * simulated crashes.
 */
#include <stdlib.h>
#include "al_format.h"
#include "unit.h"

#define BLK BR_MD_BLOCK
#define SLOTS BR_AL_SLOTS

static u8 ring[SLOTS * BLK];
static u8 blk[BLK];
static u32 tbl[BR_AL_EXTENTS_MAX];
static u32 out[BR_AL_EXTENTS_MAX];
static u64 txseq;

static u8 *ring_block(u8 *r, u64 seq)
{
	return r + (seq % SLOTS) * BLK;
}

/* Recompute the checksum after a test edited a block. */
static void reseal(void *block)
{
	struct br_al_disk *d = block;

	d->crc = 0;
	d->crc = cpu_to_le32(br_crc32c(0, block, BLK));
}

static void fill_table(u32 *t, u32 n, u32 base)
{
	u32 i;

	for (i = 0; i < n; i++)
		t[i] = i % 3 == 1 ? BR_AL_FREE : base + 7 * i;
}

static void test_constants(void)
{
	CHECK_EQ(sizeof(struct br_al_disk), BLK);
	CHECK_EQ(BR_AL_EXTENTS_MAX, 1016);
	CHECK(BR_AL_EXTENTS_DEFAULT <= BR_AL_EXTENTS_MAX);
	CHECK_EQ(offsetof(struct br_al_disk, crc), 4);
	CHECK_EQ(offsetof(struct br_al_disk, seq), 8);
	CHECK_EQ(offsetof(struct br_al_disk, nr), 16);
	CHECK_EQ(offsetof(struct br_al_disk, al_extents), 20);
	CHECK_EQ(offsetof(struct br_al_disk, reserved), 24);
	CHECK_EQ(offsetof(struct br_al_disk, extent), BR_AL_HDR_BYTES);
}

static void test_block_offset(void)
{
	struct br_md_layout l;

	CHECK_EQ(br_md_layout_compute(&l, BR_META_FLEXIBLE, 0, 1ULL << 30,
				      1ULL << 30), BR_MD_OK);
	CHECK_EQ(br_al_block_offset(&l, 1), l.al_offset + BLK);
	CHECK_EQ(br_al_block_offset(&l, 31), l.al_offset + 31 * BLK);
	CHECK_EQ(br_al_block_offset(&l, 32), l.al_offset);
	CHECK_EQ(br_al_block_offset(&l, (1ULL << 40) + 33),
		 l.al_offset + BLK);
	CHECK(br_al_block_offset(&l, 31) + BLK <= l.bm_offset);
}

static void test_extents(void)
{
	u32 f = 99, l = 99;

	CHECK(!br_al_extents(0, 0, &f, &l));
	CHECK(br_al_extents(0, 1, &f, &l));
	CHECK_EQ(f, 0);
	CHECK_EQ(l, 0);
	CHECK(br_al_extents(0, 4 << 20, &f, &l));
	CHECK_EQ(l, 0);				/* exactly one extent */
	CHECK(br_al_extents((4 << 20) - 512, 1024, &f, &l));
	CHECK_EQ(f, 0);
	CHECK_EQ(l, 1);				/* straddles a boundary */
	CHECK(br_al_extents(10ULL << 22, 3ULL << 22, &f, &l));
	CHECK_EQ(f, 10);
	CHECK_EQ(l, 12);
	CHECK(!br_al_extents(~0ULL - 10, 100, &f, &l));	/* wraps */
	CHECK(!br_al_extents((u64)BR_AL_FREE << 22, 1, &f, &l));
	CHECK(br_al_extents(((u64)BR_AL_FREE << 22) - 1, 1, &f, &l));
	CHECK_EQ(l, BR_AL_FREE - 1);
}

static void test_roundtrip(void)
{
	const u8 *b = blk;
	u64 seq;
	u32 n, i;

	fill_table(tbl, 1000, 5);
	CHECK_EQ(br_al_encode(blk, 0x0102030405060708ULL, tbl, 1000),
		 BR_AL_OK);
	/* Little-endian on disk, whatever the host. */
	CHECK(!memcmp(b, "BRAL", 4));
	CHECK_EQ(b[8], 0x08);
	CHECK_EQ(b[15], 0x01);
	CHECK_EQ(b[20] | b[21] << 8, 1000);
	CHECK_EQ(b[16] | b[17] << 8, 667);	/* 1000 minus the 333 free */
	CHECK_EQ(b[32], 5);			/* entry 0 */
	CHECK_EQ(b[36], 0xff);			/* entry 1 is free */
	CHECK_EQ(b[BLK - 1], 0xff);		/* past al_extents: free */
	CHECK_EQ(br_al_decode(blk, &seq, out, BR_AL_EXTENTS_MAX, &n),
		 BR_AL_OK);
	CHECK_EQ(seq, 0x0102030405060708ULL);
	CHECK_EQ(n, 667);
	for (i = 0; i < n; i++)			/* ascending, no free */
		CHECK(out[i] != BR_AL_FREE && (!i || out[i] > out[i - 1]));
	CHECK_EQ(out[0], 5);
	CHECK_EQ(out[n - 1], 5 + 7 * 999);

	/* Full capacity, and a one-entry table. */
	for (i = 0; i < BR_AL_EXTENTS_MAX; i++)
		tbl[i] = BR_AL_EXTENTS_MAX - i;
	CHECK_EQ(br_al_encode(blk, 1, tbl, BR_AL_EXTENTS_MAX), BR_AL_OK);
	CHECK_EQ(br_al_decode(blk, &seq, out, BR_AL_EXTENTS_MAX, &n),
		 BR_AL_OK);
	CHECK_EQ(n, BR_AL_EXTENTS_MAX);
	CHECK_EQ(out[0], 1);
	tbl[0] = BR_AL_FREE;
	CHECK_EQ(br_al_encode(blk, 2, tbl, 1), BR_AL_OK);
	CHECK_EQ(br_al_decode(blk, &seq, out, 0, &n), BR_AL_OK);
	CHECK_EQ(n, 0);

	/* Bad arguments write nothing. */
	CHECK_EQ(br_al_encode(blk, 0, tbl, 10), BR_AL_ERR_INVAL);
	CHECK_EQ(br_al_encode(blk, 1, tbl, 0), BR_AL_ERR_INVAL);
	CHECK_EQ(br_al_encode(blk, 1, tbl, BR_AL_EXTENTS_MAX + 1),
		 BR_AL_ERR_INVAL);
}

static void test_crc_mismatch(void)
{
	struct br_al_disk *d = (struct br_al_disk *)blk;
	u64 seq;
	u32 n;

	fill_table(tbl, 100, 0);
	br_al_encode(blk, 3, tbl, 100);
	blk[BLK - 1] ^= 1;		/* the unused tail is covered too */
	CHECK_EQ(br_al_decode(blk, &seq, out, 100, &n), BR_AL_ERR_CRC);
	blk[BLK - 1] ^= 1;
	blk[40] ^= 0x10;
	CHECK_EQ(br_al_decode(blk, &seq, out, 100, &n), BR_AL_ERR_CRC);
	blk[40] ^= 0x10;
	d->crc ^= 1;
	CHECK_EQ(br_al_decode(blk, &seq, out, 100, &n), BR_AL_ERR_CRC);
	d->crc ^= 1;
	CHECK_EQ(br_al_decode(blk, &seq, out, 100, &n), BR_AL_OK);
	blk[0] = 'X';
	CHECK_EQ(br_al_decode(blk, &seq, out, 100, &n), BR_AL_ERR_MAGIC);
	memset(blk, 0, BLK);
	CHECK_EQ(br_al_decode(blk, &seq, out, 100, &n), BR_AL_ERR_MAGIC);
	CHECK_EQ(n, 0);
}

/* Blocks with a good checksum whose contents are wrong. */
static void test_decode_fields(void)
{
	struct br_al_disk *d = (struct br_al_disk *)blk;
	u64 seq;
	u32 n;

	fill_table(tbl, 50, 100);	/* 33 extents, 17 free */
#define BAD(edit, err) do { \
	br_al_encode(blk, 9, tbl, 50); \
	edit; \
	reseal(blk); \
	CHECK_EQ(br_al_decode(blk, &seq, out, BR_AL_EXTENTS_MAX, &n), err); \
} while (0)
	BAD((void)0, BR_AL_OK);
	BAD(d->seq = 0, BR_AL_ERR_SEQ);
	BAD(d->nr = cpu_to_le32(32), BR_AL_ERR_FIELD);
	BAD(d->nr = cpu_to_le32(34), BR_AL_ERR_FIELD);
	BAD(d->al_extents = 0, BR_AL_ERR_FIELD);
	BAD(d->al_extents = cpu_to_le32(BR_AL_EXTENTS_MAX + 1),
	    BR_AL_ERR_FIELD);
	BAD(d->reserved = cpu_to_le64(1), BR_AL_ERR_FIELD);
	/* An extent past al_extents, even with nr matching. */
	BAD((d->extent[60] = cpu_to_le32(7), d->nr = cpu_to_le32(34)),
	    BR_AL_ERR_FIELD);
	/* Duplicates, adjacent or not. */
	BAD(d->extent[2] = d->extent[0], BR_AL_ERR_DUP);
	BAD(d->extent[48] = d->extent[3], BR_AL_ERR_DUP);
	BAD((d->extent[1] = d->extent[0], d->nr = cpu_to_le32(34)),
	    BR_AL_ERR_DUP);
#undef BAD
	/* The caller's table is too small: not "corrupt", but an error. */
	br_al_encode(blk, 9, tbl, 50);
	CHECK_EQ(br_al_decode(blk, &seq, out, 32, &n), BR_AL_ERR_CAPACITY);
	CHECK_EQ(br_al_decode(blk, &seq, out, 33, &n), BR_AL_OK);
	CHECK_EQ(n, 33);
}

static void test_empty_ring(void)
{
	u64 seq = 77;
	u32 n = 77;

	memset(ring, 0, sizeof(ring));
	CHECK_EQ(br_al_recover(ring, SLOTS, out, BR_AL_EXTENTS_MAX, &n, &seq),
		 BR_AL_OK);
	CHECK_EQ(n, 0);
	CHECK_EQ(seq, 0);
	/* Garbage that is not ours counts as never written. */
	memset(ring, 0xa5, sizeof(ring));
	CHECK_EQ(br_al_recover(ring, SLOTS, out, BR_AL_EXTENTS_MAX, &n, &seq),
		 BR_AL_OK);
	CHECK_EQ(n, 0);
	CHECK_EQ(seq, 0);
	CHECK_EQ(br_al_recover(ring, 0, out, 1, &n, &seq), BR_AL_ERR_INVAL);
	CHECK_EQ(br_al_recover(ring, 3, out, 1, &n, &seq), BR_AL_ERR_INVAL);
}

/* Transaction k lists extents k, k+1, k+2 (in slots 0..2 of 4). */
static void write_tx(u8 *r, u64 k)
{
	u32 t[4] = { (u32)k, (u32)k + 1, BR_AL_FREE, (u32)k + 2 };

	br_al_encode(ring_block(r, k), k, t, 4);
}

static void test_ring_wraparound(void)
{
	u64 k, seq;
	u32 n;

	memset(ring, 0, sizeof(ring));
	for (k = 1; k <= 3 * SLOTS + 5; k++) {
		write_tx(ring, k);
		CHECK_EQ(br_al_recover(ring, SLOTS, out, 4, &n, &seq),
			 BR_AL_OK);
		CHECK_EQ(seq, k);
		CHECK_EQ(n, 3);
		CHECK_EQ(out[0], k);
		CHECK_EQ(out[2], k + 2);
	}
	/* Sequence numbers far beyond 32 bits. */
	memset(ring, 0, sizeof(ring));
	for (k = (1ULL << 40) - 3; k < (1ULL << 40) + 40; k++)
		write_tx(ring, k);
	CHECK_EQ(br_al_recover(ring, SLOTS, out, 4, &n, &seq), BR_AL_OK);
	CHECK_EQ(seq, (1ULL << 40) + 39);
	CHECK_EQ(out[0], (u32)((1ULL << 40) + 39));
}

/* Transaction k with a full table, so that every sector differs. */
static void write_big_tx(u8 *r, u64 k)
{
	u32 i;

	for (i = 0; i < BR_AL_EXTENTS_MAX; i++)
		tbl[i] = (u32)k * 4096 + i;
	br_al_encode(ring_block(r, k), k, tbl, BR_AL_EXTENTS_MAX);
}

static void test_torn_block(void)
{
	static u8 scratch[SLOTS * BLK], older[BLK], newer[BLK];
	u8 *b = ring_block(ring, 41);
	u64 seq;
	u32 n, cut;

	write_big_tx(scratch, 9);
	memcpy(older, ring_block(scratch, 9), BLK);
	write_big_tx(scratch, 41);
	memcpy(newer, ring_block(scratch, 41), BLK);
	memset(ring, 0, sizeof(ring));
	for (seq = 1; seq <= 40; seq++)
		write_big_tx(ring, seq);
	/* Transaction 41 goes over 9 in block 9; only part of it lands. */
	for (cut = 512; cut < BLK; cut += 512) {
		memcpy(b, newer, cut);			/* new head */
		memcpy(b + cut, older + cut, BLK - cut);
		CHECK_EQ(br_al_recover(ring, SLOTS, out, BR_AL_EXTENTS_MAX, &n,
				       &seq), BR_AL_OK);
		CHECK_EQ(seq, 40);		/* the previous transaction */
		CHECK_EQ(n, BR_AL_EXTENTS_MAX);
		CHECK_EQ(out[0], 40 * 4096);
		memcpy(b, older, cut);			/* new tail */
		memcpy(b + cut, newer + cut, BLK - cut);
		CHECK_EQ(br_al_recover(ring, SLOTS, out, BR_AL_EXTENTS_MAX, &n,
				       &seq), BR_AL_OK);
		CHECK_EQ(seq, 40);
		CHECK_EQ(out[0], 40 * 4096);
	}
	memcpy(b, newer, BLK);
	CHECK_EQ(br_al_recover(ring, SLOTS, out, BR_AL_EXTENTS_MAX, &n, &seq),
		 BR_AL_OK);
	CHECK_EQ(seq, 41);
	CHECK_EQ(out[0], 41 * 4096);
}

static void test_recover_errors(void)
{
	u64 seq;
	u32 n;

	/* A checksummed block in the wrong place: seq_out still covers it. */
	memset(ring, 0, sizeof(ring));
	write_tx(ring, 4);
	br_al_encode(ring + 6 * BLK, 5, tbl, 1);	/* belongs in block 5 */
	CHECK_EQ(br_al_recover(ring, SLOTS, out, 4, &n, &seq),
		 BR_AL_ERR_SEQ);
	CHECK_EQ(seq, 5);
	CHECK_EQ(n, 0);

	/* The newest block is whole but wrong: no silent fallback. */
	memset(ring, 0, sizeof(ring));
	write_tx(ring, 4);
	write_tx(ring, 5);
	((struct br_al_disk *)ring_block(ring, 5))->extent[1] =
		cpu_to_le32(5);
	reseal(ring_block(ring, 5));
	CHECK_EQ(br_al_recover(ring, SLOTS, out, 4, &n, &seq),
		 BR_AL_ERR_DUP);
	CHECK_EQ(seq, 5);

	/* The caller's table is smaller than the newest transaction. */
	write_tx(ring, 5);
	CHECK_EQ(br_al_recover(ring, SLOTS, out, 2, &n, &seq),
		 BR_AL_ERR_CAPACITY);
	CHECK_EQ(seq, 5);
}

static void test_strerror(void)
{
	CHECK_STR(br_al_strerror(BR_AL_OK), "ok");
	CHECK_STR(br_al_strerror(BR_AL_ERR_CRC),
		  "activity-log checksum mismatch (torn or corrupt block)");
	CHECK_STR(br_al_strerror(BR_AL_ERR_SLOT),
		  "activity-log slot is neither free nor idle");
	CHECK_STR(br_al_strerror((enum br_al_err)99),
		  "unknown activity-log error");
}

/* ---- the cache ---- */

static struct br_al_cache cache;
static void *cache_mem;

static struct br_al_cache *new_cache(u32 capacity)
{
	free(cache_mem);
	cache_mem = malloc(br_al_cache_bytes(capacity));
	if (!cache_mem ||
	    br_al_cache_init(&cache, capacity, cache_mem) != BR_AL_OK)
		abort();
	return &cache;
}

/* Reserve @e through get/MISS/reserve, write and commit a transaction. */
static int activate(struct br_al_cache *c, u32 e)
{
	u32 s;

	if (br_al_get(c, e, &s) != BR_AL_MISS ||
	    br_al_reserve(c, e, s) != BR_AL_OK ||
	    br_al_table(c, tbl, &txseq) != BR_AL_OK ||
	    br_al_commit(c) != BR_AL_OK)
		return 0;
	return br_al_active(c, e) && br_al_refs(c, e) == 1;
}

static void test_cache_init(void)
{
	u8 mem[64];

	CHECK_EQ(br_al_cache_bytes(0), 0);
	CHECK_EQ(br_al_cache_bytes(BR_AL_EXTENTS_MAX + 1), 0);
	CHECK(br_al_cache_bytes(1) > 0);
	CHECK(br_al_cache_bytes(BR_AL_EXTENTS_MAX) < 64 * 1024);
	CHECK_EQ(br_al_cache_init(&cache, 0, mem), BR_AL_ERR_INVAL);
	CHECK_EQ(br_al_cache_init(&cache, 5, NULL), BR_AL_ERR_INVAL);
	new_cache(BR_AL_EXTENTS_MAX);
	CHECK(br_al_cache_check(&cache));
	CHECK_EQ(cache.n_free, BR_AL_EXTENTS_MAX);
	CHECK_EQ(br_al_table(&cache, tbl, &txseq), BR_AL_OK);
	CHECK_EQ(tbl[0], BR_AL_FREE);
	CHECK_EQ(tbl[BR_AL_EXTENTS_MAX - 1], BR_AL_FREE);
}

static void test_cache_hit_miss(void)
{
	struct br_al_cache *c = new_cache(4);
	u32 s, s2;

	CHECK_EQ(br_al_get(c, 10, &s), BR_AL_MISS);
	CHECK_EQ(br_al_refs(c, 10), 0);		/* a miss changes nothing */
	CHECK_EQ(c->n_free, 4);
	CHECK_EQ(br_al_reserve(c, 10, s), BR_AL_OK);
	CHECK(!br_al_active(c, 10));
	CHECK_EQ(br_al_pending(c), 1);
	CHECK_EQ(br_al_get(c, 10, &s2), BR_AL_WAIT);	/* joins the wait */
	CHECK_EQ(s2, s);
	CHECK_EQ(br_al_refs(c, 10), 2);
	CHECK_EQ(br_al_table(c, tbl, &txseq), BR_AL_OK);
	CHECK_EQ(tbl[s], 10);
	CHECK_EQ(br_al_pending(c), 0);
	CHECK(br_al_writing(c));
	CHECK_EQ(br_al_get(c, 10, &s2), BR_AL_WAIT);	/* still writing */
	CHECK_EQ(br_al_commit(c), BR_AL_OK);
	CHECK(br_al_active(c, 10));
	CHECK_EQ(br_al_get(c, 10, &s2), BR_AL_HIT);
	CHECK_EQ(br_al_refs(c, 10), 4);
	CHECK(br_al_cache_check(c));
	CHECK_EQ(br_al_put(c, 10), BR_AL_OK);
	CHECK_EQ(br_al_put(c, 10), BR_AL_OK);
	CHECK_EQ(br_al_put(c, 10), BR_AL_OK);
	CHECK_EQ(br_al_put(c, 10), BR_AL_OK);
	CHECK_EQ(c->n_idle, 1);
	/* Idle but still on disk: a hit, no transaction needed. */
	CHECK_EQ(br_al_get(c, 10, &s2), BR_AL_HIT);
	CHECK_EQ(br_al_get(c, BR_AL_FREE, &s2), BR_AL_INVALID);
	CHECK(br_al_cache_check(c));
}

static void test_cache_full(void)
{
	struct br_al_cache *c = new_cache(2);
	u32 s;

	CHECK(activate(c, 1));
	CHECK(activate(c, 2));
	CHECK_EQ(br_al_get(c, 3, &s), BR_AL_FULL);
	CHECK_EQ(br_al_get_range(c, 3, 3), BR_AL_FULL);
	CHECK_EQ(br_al_put(c, 2), BR_AL_OK);
	CHECK_EQ(br_al_get(c, 3, &s), BR_AL_MISS);
	CHECK_EQ(s, 1);				/* extent 2's slot */
	CHECK_EQ(br_al_reserve(c, 3, s), BR_AL_OK);
	CHECK_EQ(br_al_refs(c, 2), 0);		/* evicted */
	CHECK(!br_al_active(c, 2));
	CHECK_EQ(br_al_get(c, 2, &s), BR_AL_FULL);
	CHECK(br_al_cache_check(c));
}

static void test_evict_lru_idle_only(void)
{
	struct br_al_cache *c = new_cache(4);
	u32 s;

	CHECK(activate(c, 100));
	CHECK(activate(c, 200));
	CHECK(activate(c, 300));
	CHECK(activate(c, 400));
	/* Idle in the order 300, 100, 400; 200 stays busy. */
	CHECK_EQ(br_al_put(c, 300), BR_AL_OK);
	CHECK_EQ(br_al_put(c, 100), BR_AL_OK);
	CHECK_EQ(br_al_put(c, 400), BR_AL_OK);
	CHECK_EQ(br_al_get(c, 1, &s), BR_AL_MISS);
	CHECK_EQ(s, 2);				/* 300 */
	/* Using 300 again makes 100 the least recently used. */
	CHECK_EQ(br_al_get(c, 300, &s), BR_AL_HIT);
	CHECK_EQ(br_al_put(c, 300), BR_AL_OK);
	CHECK(activate(c, 1));
	CHECK(!br_al_active(c, 100));
	CHECK(br_al_active(c, 300));
	CHECK(activate(c, 2));
	CHECK(!br_al_active(c, 400));
	CHECK(activate(c, 3));
	CHECK(!br_al_active(c, 300));
	/* Everything busy now; 200 was never a victim. */
	CHECK(br_al_active(c, 200));
	CHECK_EQ(br_al_get(c, 4, &s), BR_AL_FULL);
	CHECK(br_al_cache_check(c));
}

static void test_no_double_booking(void)
{
	struct br_al_cache *c = new_cache(3);
	u32 s1, s2, s3, s;

	CHECK_EQ(br_al_get(c, 1, &s1), BR_AL_MISS);
	CHECK_EQ(br_al_reserve(c, 1, s1), BR_AL_OK);
	CHECK_EQ(br_al_get(c, 2, &s2), BR_AL_MISS);
	CHECK(s2 != s1);
	CHECK_EQ(br_al_reserve(c, 2, s1), BR_AL_ERR_SLOT);	/* taken */
	CHECK_EQ(br_al_reserve(c, 1, s2), BR_AL_ERR_EXIST);
	CHECK_EQ(br_al_reserve(c, 2, s2), BR_AL_OK);
	CHECK_EQ(br_al_reserve(c, 9, 3), BR_AL_ERR_INVAL);
	CHECK_EQ(br_al_reserve(c, BR_AL_FREE, 0), BR_AL_ERR_INVAL);

	/* Transaction A carries 1 and 2. */
	CHECK_EQ(br_al_table(c, tbl, &txseq), BR_AL_OK);
	CHECK_EQ(br_al_table(c, out, &txseq), BR_AL_ERR_BUSY);
	/* A reservation while A is being written waits for B. */
	CHECK_EQ(br_al_get(c, 3, &s3), BR_AL_MISS);
	CHECK(s3 != s1 && s3 != s2);
	CHECK_EQ(br_al_reserve(c, 3, s3), BR_AL_OK);
	CHECK_EQ(br_al_get(c, 4, &s), BR_AL_FULL);
	CHECK_EQ(tbl[s3], BR_AL_FREE);
	CHECK_EQ(br_al_commit(c), BR_AL_OK);
	CHECK(br_al_active(c, 1) && br_al_active(c, 2));
	CHECK(!br_al_active(c, 3));
	CHECK_EQ(br_al_pending(c), 1);
	CHECK_EQ(br_al_commit(c), BR_AL_ERR_NOTX);
	CHECK_EQ(br_al_abort(c), BR_AL_ERR_NOTX);

	/* Transaction B fails, then succeeds under the same number. */
	CHECK_EQ(br_al_table(c, tbl, &txseq), BR_AL_OK);
	CHECK_EQ(txseq, 2);
	CHECK_EQ(tbl[s1], 1);
	CHECK_EQ(tbl[s2], 2);
	CHECK_EQ(tbl[s3], 3);
	CHECK_EQ(br_al_abort(c), BR_AL_OK);
	CHECK(!br_al_active(c, 3));
	CHECK_EQ(br_al_pending(c), 1);
	CHECK(br_al_cache_check(c));
	CHECK_EQ(br_al_table(c, tbl, &txseq), BR_AL_OK);
	CHECK_EQ(txseq, 2);
	CHECK_EQ(br_al_commit(c), BR_AL_OK);
	CHECK_EQ(c->seq, 2);
	CHECK(br_al_active(c, 3));
	CHECK(br_al_cache_check(c));
}

static void test_refs_never_negative(void)
{
	struct br_al_cache *c = new_cache(4);

	CHECK_EQ(br_al_put(c, 5), BR_AL_ERR_NOENT);
	CHECK_EQ(br_al_put(c, BR_AL_FREE), BR_AL_ERR_NOENT);
	CHECK(activate(c, 5));
	CHECK_EQ(br_al_put(c, 5), BR_AL_OK);
	CHECK_EQ(br_al_put(c, 5), BR_AL_ERR_REFS);
	CHECK_EQ(br_al_refs(c, 5), 0);
	CHECK_EQ(c->n_idle, 1);
	/* A range put is all or nothing. */
	CHECK(activate(c, 6));
	CHECK_EQ(br_al_put_range(c, 5, 6), BR_AL_ERR_REFS);
	CHECK_EQ(br_al_refs(c, 6), 1);
	CHECK_EQ(br_al_put_range(c, 6, 7), BR_AL_ERR_NOENT);
	CHECK_EQ(br_al_refs(c, 6), 1);
	CHECK_EQ(br_al_put_range(c, 7, 6), BR_AL_ERR_INVAL);
	CHECK_EQ(br_al_put_range(c, 6, BR_AL_FREE), BR_AL_ERR_INVAL);
	CHECK_EQ(br_al_put_range(c, 6, 6), BR_AL_OK);
	CHECK_EQ(br_al_refs(c, 6), 0);
	/* A reference on a reserved extent may be given back too. */
	CHECK_EQ(br_al_get_range(c, 8, 8), BR_AL_WAIT);
	CHECK_EQ(br_al_put(c, 8), BR_AL_OK);
	CHECK_EQ(br_al_put(c, 8), BR_AL_ERR_REFS);
	CHECK_EQ(br_al_table(c, tbl, &txseq), BR_AL_OK);
	CHECK_EQ(br_al_commit(c), BR_AL_OK);
	CHECK(br_al_active(c, 8));
	CHECK_EQ(c->n_idle, 3);
	CHECK(br_al_cache_check(c));
}

static void test_get_range(void)
{
	struct br_al_cache *c = new_cache(4);

	CHECK_EQ(br_al_get_range(c, 5, 4), BR_AL_INVALID);
	CHECK_EQ(br_al_get_range(c, 0, 4), BR_AL_INVALID);	/* 5 > 4 */
	CHECK_EQ(br_al_get_range(c, 0, BR_AL_FREE), BR_AL_INVALID);
	CHECK_EQ(br_al_get_range(c, 10, 11), BR_AL_WAIT);
	CHECK(!br_al_range_active(c, 10, 11));
	CHECK_EQ(br_al_table(c, tbl, &txseq), BR_AL_OK);
	CHECK_EQ(br_al_commit(c), BR_AL_OK);
	CHECK(br_al_range_active(c, 10, 11));
	CHECK(!br_al_range_active(c, 11, 10));
	CHECK_EQ(br_al_get_range(c, 10, 11), BR_AL_HIT);
	CHECK_EQ(br_al_refs(c, 11), 2);
	CHECK_EQ(br_al_put_range(c, 10, 11), BR_AL_OK);
	CHECK_EQ(br_al_put_range(c, 10, 11), BR_AL_OK);
	/*
	 * 10 and 11 are idle, 10 the LRU; 9..12 needs both free slots and
	 * must not evict 10 or 11, which it uses itself.
	 */
	CHECK_EQ(br_al_put(c, 10), BR_AL_ERR_REFS);
	CHECK_EQ(br_al_get_range(c, 9, 12), BR_AL_WAIT);
	CHECK_EQ(br_al_refs(c, 10), 1);
	CHECK_EQ(br_al_refs(c, 11), 1);
	CHECK(br_al_active(c, 10) && br_al_active(c, 11));
	CHECK_EQ(br_al_pending(c), 2);
	CHECK(br_al_cache_check(c));
	/* Full now: a range needing one slot takes nothing at all. */
	CHECK_EQ(br_al_get_range(c, 11, 13), BR_AL_FULL);
	CHECK_EQ(br_al_refs(c, 11), 1);
	CHECK_EQ(br_al_refs(c, 12), 1);
	/* A range already present only needs references. */
	CHECK_EQ(br_al_get_range(c, 10, 12), BR_AL_WAIT);
	CHECK_EQ(br_al_refs(c, 12), 2);
	CHECK(br_al_cache_check(c));
}

static void test_cache_load(void)
{
	struct br_al_cache *c = new_cache(4);
	u32 t[5] = { 30, 10, 20, 10, 40 };
	u32 s;

	CHECK_EQ(br_al_cache_load(c, t, 5, 7), BR_AL_ERR_CAPACITY);
	CHECK_EQ(br_al_cache_load(c, t, 4, 7), BR_AL_ERR_DUP);
	CHECK_EQ(c->n_free, 4);			/* left empty */
	t[3] = BR_AL_FREE;
	CHECK_EQ(br_al_cache_load(c, t, 4, 7), BR_AL_ERR_INVAL);
	CHECK(br_al_cache_check(c));
	CHECK_EQ(br_al_get_range(c, 7, 7), BR_AL_WAIT);
	CHECK_EQ(br_al_cache_load(c, t, 3, 7), BR_AL_OK);	/* resets it */
	CHECK(br_al_cache_check(c));
	CHECK_EQ(br_al_refs(c, 7), 0);
	CHECK_EQ(br_al_pending(c), 3);
	/* Nothing is admitted before the first transaction lands. */
	CHECK(!br_al_active(c, 30));
	CHECK_EQ(br_al_get(c, 10, &s), BR_AL_WAIT);
	CHECK_EQ(br_al_put(c, 10), BR_AL_OK);
	CHECK_EQ(br_al_get(c, 1, &s), BR_AL_MISS);
	CHECK_EQ(s, 3);				/* the free slot, not 30's */
	CHECK_EQ(br_al_reserve(c, 1, s), BR_AL_OK);
	CHECK_EQ(br_al_get(c, 2, &s), BR_AL_FULL);	/* loaded, not idle */
	CHECK_EQ(br_al_table(c, tbl, &txseq), BR_AL_OK);
	CHECK_EQ(txseq, 8);			/* follows the recovered seq */
	CHECK_EQ(tbl[0], 30);
	CHECK_EQ(tbl[3], 1);
	CHECK_EQ(br_al_commit(c), BR_AL_OK);
	CHECK_EQ(c->seq, 8);
	CHECK(br_al_active(c, 30) && br_al_active(c, 10) &&
	      br_al_active(c, 20));
	CHECK_EQ(c->n_idle, 3);			/* LRU order 30, 10, 20 */
	CHECK_EQ(br_al_get(c, 10, &s), BR_AL_HIT);
	CHECK_EQ(br_al_put(c, 10), BR_AL_OK);
	CHECK(activate(c, 2));			/* evicts 30, the LRU */
	CHECK(!br_al_active(c, 30));
	CHECK(activate(c, 3));			/* then 20 */
	CHECK(!br_al_active(c, 20));
	CHECK(br_al_active(c, 10));
	CHECK(br_al_cache_check(c));
}

/*
 * The block of seq_out + 1 may hold a torn earlier attempt at seq_out + 1.
 * A torn rewrite can supply exactly its missing sectors and make it whole:
 * recovery then returns that stale table.  Safe only because no write was
 * admitted after the reload before the new transaction landed.
 */
static void test_stale_attempt_resurrected(void)
{
	static u8 t1[BLK];
	struct br_al_cache *c = new_cache(BR_AL_EXTENTS_MAX);
	u64 seq;
	u32 n, i, s;

	memset(ring, 0, sizeof(ring));
	for (i = 0; i < BR_AL_EXTENTS_MAX; i++)
		tbl[i] = 1000 + i;
	br_al_encode(ring_block(ring, 5), 5, tbl, BR_AL_EXTENTS_MAX);
	/* Attempt 1 at 6 evicts extent 1000 (slot 0); sector 5 is lost. */
	tbl[0] = 1;
	br_al_encode(t1, 6, tbl, BR_AL_EXTENTS_MAX);
	memcpy(ring_block(ring, 6), t1, 5 * 512);
	memcpy(ring_block(ring, 6) + 6 * 512, t1 + 6 * 512, 2 * 512);
	CHECK_EQ(br_al_recover(ring, SLOTS, out, BR_AL_EXTENTS_MAX, &n, &seq),
		 BR_AL_OK);
	CHECK_EQ(seq, 5);
	CHECK_EQ(out[0], 1000);

	/* Reboot: extent 1000 must wait for transaction 6. */
	CHECK_EQ(br_al_cache_load(c, out, n, seq), BR_AL_OK);
	CHECK_EQ(br_al_get(c, 1000, &s), BR_AL_WAIT);
	CHECK_EQ(br_al_table(c, tbl, &txseq), BR_AL_OK);
	CHECK_EQ(txseq, 6);
	br_al_encode(blk, txseq, tbl, c->capacity);
	/* Only its sector 5 lands, identical to attempt 1's: crash. */
	CHECK(!memcmp(blk + 5 * 512, t1 + 5 * 512, 512));
	memcpy(ring_block(ring, 6) + 5 * 512, blk + 5 * 512, 512);
	CHECK_EQ(br_al_recover(ring, SLOTS, out, BR_AL_EXTENTS_MAX, &n, &seq),
		 BR_AL_OK);
	CHECK_EQ(seq, 6);			/* attempt 1, whole again */
	CHECK_EQ(out[0], 1);			/* 1000 is gone ... */
	CHECK(!br_al_active(c, 1000));		/* ... but was never used */
}

/* Recovery, then loading, at the largest capacity. */
static void test_recover_and_load_max(void)
{
	struct br_al_cache *c = new_cache(BR_AL_EXTENTS_MAX);
	u64 seq;
	u32 n, e;

	for (e = 0; e < BR_AL_EXTENTS_MAX; e++)
		CHECK_EQ(br_al_get_range(c, 3 * e, 3 * e), BR_AL_WAIT);
	CHECK_EQ(br_al_get_range(c, 1, 1), BR_AL_FULL);
	CHECK_EQ(br_al_table(c, tbl, &txseq), BR_AL_OK);
	memset(ring, 0, sizeof(ring));
	CHECK_EQ(br_al_encode(ring_block(ring, 33), 33, tbl, c->capacity),
		 BR_AL_OK);
	CHECK_EQ(br_al_commit(c), BR_AL_OK);
	CHECK_EQ(br_al_recover(ring, SLOTS, out, BR_AL_EXTENTS_MAX, &n, &seq),
		 BR_AL_OK);
	CHECK_EQ(seq, 33);
	CHECK_EQ(n, BR_AL_EXTENTS_MAX);
	for (e = 0; e < n; e++)
		CHECK_EQ(out[e], 3 * e);
	c = new_cache(BR_AL_EXTENTS_MAX);
	CHECK_EQ(br_al_cache_load(c, out, n, seq), BR_AL_OK);
	CHECK(br_al_cache_check(c));
	CHECK_EQ(br_al_table(c, tbl, &txseq), BR_AL_OK);
	CHECK_EQ(txseq, 34);
	CHECK_EQ(br_al_commit(c), BR_AL_OK);
	CHECK(br_al_active(c, 3 * (BR_AL_EXTENTS_MAX - 1)));
	CHECK(!br_al_active(c, 1));
	CHECK_EQ(c->n_idle, BR_AL_EXTENTS_MAX);
}

/* ---- randomized, against a reference model ---- */

static u64 rng_state;

static u32 rnd(u32 n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (u32)((rng_state >> 11) % n);
}

#define MAX_UNIVERSE 200
#define MAX_WRITES 128
#define RSLOTS 4	/* a small ring: it wraps often, recovers fast */

enum { W_WAITING, W_SUBMITTED };

struct model_write {
	u32 first, last, state;
	u64 tx_before;		/* transactions started before it */
};

struct model {
	struct br_al_cache *c;
	u32 capacity, universe;
	bool cancels;		/* give back references of waiting writes */
	u32 refs[MAX_UNIVERSE];
	struct model_write w[MAX_WRITES];
	u32 n_writes;
	u64 committed;		/* last transaction committed (or loaded) */
	u64 tx_started;
	bool tx;		/* a transaction is being written */
	u8 tx_block[BLK];
	u64 tx_seq;
	bool on_disk[MAX_UNIVERSE];	/* in the last committed table */
	u64 crashes, reboots, fulls, commits, aborts;
};

static struct model m;

static u8 *rblock(u8 *r, u64 seq)
{
	return r + (seq % RSLOTS) * BLK;
}

/*
 * What of the transaction being written reaches @img: 0 nothing, 1 all of
 * it, 2 a torn mix of old and new (512-byte sectors, or even 4-byte words).
 * A small table fits in the first sector, so a "torn" block may well be
 * the whole new one, or a whole earlier attempt at the same number.
 */
static void apply_tx(u8 *img, int how)
{
	u32 cut;

	if (!m.tx || how == 0)
		return;
	if (how == 1) {
		memcpy(rblock(img, m.tx_seq), m.tx_block, BLK);
		return;
	}
	switch (rnd(4)) {
	case 0:
		cut = 4;		/* only the magic differs */
		break;
	case 1:
		cut = 8 + 4 * rnd(4);	/* inside the header */
		break;
	case 2:
		cut = 512 * (1 + rnd(7));
		break;
	default:
		cut = 4 * (1 + rnd(BLK / 4 - 1));
		break;
	}
	if (rnd(2))
		memcpy(rblock(img, m.tx_seq), m.tx_block, cut);
	else
		memcpy(rblock(img, m.tx_seq) + cut, m.tx_block + cut,
		       BLK - cut);
}

static void set_on_disk(const u32 *list, u32 n)
{
	u32 i;

	memset(m.on_disk, 0, sizeof(m.on_disk));
	for (i = 0; i < n; i++)
		if (list[i] < m.universe)
			m.on_disk[list[i]] = true;
}

/* Submitted writes' extents are on disk, refs agree, invariants hold. */
static int model_consistent(void)
{
	u32 i, e;

	if (!br_al_cache_check(m.c) || m.c->seq != m.committed ||
	    br_al_writing(m.c) != m.tx)
		return 0;
	for (e = 0; e < m.universe; e++)
		if (br_al_refs(m.c, e) != m.refs[e])
			return 0;
	for (i = 0; i < m.n_writes; i++) {
		if (m.w[i].state != W_SUBMITTED)
			continue;
		for (e = m.w[i].first; e <= m.w[i].last; e++)
			if (!m.on_disk[e] || !br_al_active(m.c, e))
				return 0;
	}
	return 1;
}

/*
 * Whether [first, last] must get FULL, from the model's references and the
 * slots that are reserved but hold none (cancelled waits, loaded extents).
 */
static bool must_be_full(u32 first, u32 last)
{
	u32 e, i, busy = 0, unref = 0, z = 0, z_in = 0;

	for (e = 0; e < m.universe; e++)
		busy += !!m.refs[e];
	for (e = first; e <= last; e++)
		unref += !m.refs[e];
	for (i = 0; i < m.capacity; i++) {
		const struct br_al_slot *s = &m.c->slot[i];

		if ((s->state == BR_AL_S_PENDING ||
		     s->state == BR_AL_S_WRITING) && !s->refs) {
			z++;
			z_in += s->extent >= first && s->extent <= last;
		}
	}
	return unref - z_in > m.capacity - busy - z;
}

static void op_new_write(void)
{
	u32 len = 1 + rnd(m.capacity < 4 ? m.capacity : 4);
	u32 first = rnd(m.universe - len + 1), last = first + len - 1;
	bool full = must_be_full(first, last);
	struct model_write *w;
	enum br_al_res r;
	u32 e, s = 0;

	if (m.n_writes == MAX_WRITES)
		return;
	if (len == 1 && rnd(2)) {
		/* The two-step path: get, then reserve on a miss. */
		r = br_al_get(m.c, first, &s);
		if (r == BR_AL_MISS) {
			if (!rnd(4)) {	/* changed its mind: nothing held */
				if (full)
					unit_fail(__FILE__, __LINE__, "MISS");
				return;
			}
			if (br_al_reserve(m.c, first, s) != BR_AL_OK)
				unit_fail(__FILE__, __LINE__, "reserve");
			r = BR_AL_WAIT;
		}
	} else {
		r = br_al_get_range(m.c, first, last);
	}
	if ((r == BR_AL_FULL) != full) {
		unit_fail(__FILE__, __LINE__, full ? "room" : "no room");
		return;
	}
	if (r == BR_AL_FULL) {
		m.fulls++;
		return;
	}
	if (r != BR_AL_HIT && r != BR_AL_WAIT) {
		unit_fail(__FILE__, __LINE__, "unexpected result");
		return;
	}
	for (e = first; e <= last; e++)
		m.refs[e]++;
	w = &m.w[m.n_writes++];
	w->first = first;
	w->last = last;
	w->tx_before = m.tx_started;
	w->state = r == BR_AL_HIT ? W_SUBMITTED : W_WAITING;
	if ((r == BR_AL_HIT) != br_al_range_active(m.c, first, last))
		unit_fail(__FILE__, __LINE__, "HIT but not active");
}

static void op_start_tx(void)
{
	u32 i, e;
	u64 seq;

	if (m.tx || (!br_al_pending(m.c) && rnd(8)))
		return;
	if (br_al_table(m.c, tbl, &seq) != BR_AL_OK ||
	    seq != m.committed + 1) {
		unit_fail(__FILE__, __LINE__, "br_al_table");
		return;
	}
	/* Every referenced extent is in the table. */
	for (e = 0; e < m.universe; e++) {
		if (!m.refs[e])
			continue;
		for (i = 0; i < m.capacity && tbl[i] != e; i++)
			;
		if (i == m.capacity)
			unit_fail(__FILE__, __LINE__, "referenced, not listed");
	}
	m.tx = true;
	m.tx_seq = seq;
	m.tx_started++;
	br_al_encode(m.tx_block, seq, tbl, m.capacity);
}

static void op_end_tx(void)
{
	u32 i, n;
	u64 seq;

	if (!m.tx)
		return;
	if (!rnd(6)) {
		/*
		 * An I/O error: the block may or may not have (partly)
		 * landed; the same number is tried again.
		 */
		apply_tx(ring, rnd(3));
		if (br_al_abort(m.c) != BR_AL_OK)
			unit_fail(__FILE__, __LINE__, "abort");
		m.tx = false;
		m.aborts++;
		return;
	}
	memcpy(rblock(ring, m.tx_seq), m.tx_block, BLK);
	if (br_al_decode(m.tx_block, &seq, out, BR_AL_EXTENTS_MAX, &n))
		unit_fail(__FILE__, __LINE__, "decode own block");
	set_on_disk(out, n);
	if (br_al_commit(m.c) != BR_AL_OK)
		unit_fail(__FILE__, __LINE__, "commit");
	m.committed = m.tx_seq;
	m.commits++;
	m.tx = false;
	for (i = 0; i < m.n_writes; i++) {
		struct model_write *w = &m.w[i];

		if (w->state != W_WAITING)
			continue;
		if (br_al_range_active(m.c, w->first, w->last))
			w->state = W_SUBMITTED;
		else if (w->tx_before < m.tx_started)
			unit_fail(__FILE__, __LINE__,
				  "in the transaction, not active");
	}
}

static void op_finish_write(void)
{
	struct model_write *w;
	u32 i, e;

	if (!m.n_writes)
		return;
	i = rnd(m.n_writes);
	w = &m.w[i];
	if (w->state == W_WAITING && !m.cancels)
		return;
	if (br_al_put_range(m.c, w->first, w->last) != BR_AL_OK)
		unit_fail(__FILE__, __LINE__, "put_range");
	for (e = w->first; e <= w->last; e++)
		m.refs[e]--;
	m.w[i] = m.w[--m.n_writes];
}

static void op_bad_put(void)
{
	u32 e = rnd(m.universe);

	if (!m.refs[e] && br_al_put(m.c, e) == BR_AL_OK)
		unit_fail(__FILE__, __LINE__, "put without a reference");
}

/* Crash now: recovery must list every extent a submitted write touches. */
static void op_crash(bool reboot)
{
	static u8 img[RSLOTS * BLK];
	u32 n, i, k, e;
	int how = rnd(3);
	u64 seq;

	memcpy(img, ring, sizeof(img));
	apply_tx(img, how);
	if (br_al_recover(img, RSLOTS, out, BR_AL_EXTENTS_MAX, &n, &seq)) {
		unit_fail(__FILE__, __LINE__, "recover");
		return;
	}
	m.crashes++;
	/* The last committed transaction, or an attempt at the next. */
	if (seq != m.committed && seq != m.committed + 1)
		unit_fail(__FILE__, __LINE__, "recovered seq");
	if (m.tx && how == 1 && seq != m.tx_seq)
		unit_fail(__FILE__, __LINE__, "landed, not recovered");
	for (i = 0; i < m.n_writes; i++) {
		if (m.w[i].state != W_SUBMITTED)
			continue;
		for (e = m.w[i].first; e <= m.w[i].last; e++) {
			for (k = 0; k < n && out[k] != e; k++)
				;
			if (k == n)
				unit_fail(__FILE__, __LINE__,
					  "active extent lost in a crash");
		}
	}
	if (!reboot)
		return;
	/* Start over from what recovery found. */
	m.reboots++;
	memcpy(ring, img, sizeof(img));
	if (br_al_cache_load(m.c, out, n, seq) != BR_AL_OK)
		unit_fail(__FILE__, __LINE__, "load");
	memset(m.refs, 0, sizeof(m.refs));
	set_on_disk(out, n);
	m.n_writes = 0;
	m.tx = false;
	m.committed = seq;
}

static void random_run(u64 seed, u32 capacity, bool cancels, u32 ops)
{
	u32 i;

	rng_state = seed;
	memset(&m, 0, sizeof(m));
	memset(ring, 0, sizeof(ring));
	m.c = new_cache(capacity);
	m.capacity = capacity;
	m.universe = 2 * capacity + 3 < MAX_UNIVERSE ? 2 * capacity + 3 :
						       MAX_UNIVERSE;
	m.cancels = cancels;
	for (i = 0; i < ops && !unit_cur_failed; i++) {
		u32 op = rnd(40);

		if (op < 14)
			op_new_write();
		else if (op < 20)
			op_start_tx();
		else if (op < 26)
			op_end_tx();
		else if (op < 35)
			op_finish_write();
		else if (op < 38)
			op_bad_put();
		else
			op_crash(op == 39 && !rnd(3));
		if (!unit_cur_failed && !model_consistent())
			unit_fail(__FILE__, __LINE__, "model disagrees");
	}
}

static void test_randomized(void)
{
	static const u32 caps[] = { 1, 2, 3, 5, 8, 13, 40, 90 };
	u64 crashes = 0, reboots = 0, fulls = 0, commits = 0, aborts = 0;
	u32 run;

	for (run = 0; run < 32 && !unit_cur_failed; run++) {
		random_run(0x9e3779b97f4a7c15ULL * (run + 1),
			   caps[run % 8], run % 3 == 2, 3000);
		crashes += m.crashes;
		reboots += m.reboots;
		fulls += m.fulls;
		commits += m.commits;
		aborts += m.aborts;
	}
	if (unit_cur_failed) {
		char msg[80];

		snprintf(msg, sizeof(msg), " (run %u, capacity %u)", run - 1,
			 caps[(run - 1) % 8]);
		strncat(unit_reason, msg,
			sizeof(unit_reason) - strlen(unit_reason) - 1);
		return;
	}
	/* The runs exercised what they are meant to. */
	if (getenv("AL_STATS"))
		fprintf(stderr,
			"crashes %llu reboots %llu fulls %llu commits %llu aborts %llu\n",
			(unsigned long long)crashes,
			(unsigned long long)reboots, (unsigned long long)fulls,
			(unsigned long long)commits, (unsigned long long)aborts);
	CHECK(crashes > 1000);
	CHECK(reboots > 100);
	CHECK(fulls > 100);
	CHECK(commits > 1000);
	CHECK(aborts > 100);
}

int main(void)
{
	RUN("al", test_constants);
	RUN("al", test_block_offset);
	RUN("al", test_extents);
	RUN("al", test_roundtrip);
	RUN("al", test_crc_mismatch);
	RUN("al", test_decode_fields);
	RUN("al", test_empty_ring);
	RUN("al", test_ring_wraparound);
	RUN("al", test_torn_block);
	RUN("al", test_recover_errors);
	RUN("al", test_strerror);
	RUN("al", test_cache_init);
	RUN("al", test_cache_hit_miss);
	RUN("al", test_cache_full);
	RUN("al", test_evict_lru_idle_only);
	RUN("al", test_no_double_booking);
	RUN("al", test_refs_never_negative);
	RUN("al", test_get_range);
	RUN("al", test_cache_load);
	RUN("al", test_stale_attempt_resurrected);
	RUN("al", test_recover_and_load_max);
	RUN("al", test_randomized);
	free(cache_mem);
	return unit_done();
}
