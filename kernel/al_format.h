/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Activity log (AL): the on-disk transaction format, crash recovery, and the
 * in-memory cache of active extents.
 *
 * Pure logic: this file and al_format.c compile both in the kernel and on
 * the host (tests/unit/test_al.c).  No allocation, no I/O, no locking: the
 * caller provides memory, does the writes and serialises every call on one
 * cache with its own lock.  The on-disk format is described in
 * Documentation/ondisk-format.rst ("Activity log"); keep both in step.
 *
 * Why: before a write to the data area is submitted, the 4 MiB extent it
 * touches (extent = byte offset >> BR_AL_EXTENT_SHIFT) must be recorded as
 * active on disk.  After a crash of a Primary exactly the extents of the
 * newest valid transaction are marked out of sync, instead of the whole
 * device.
 *
 * On disk: a ring of al_slots (BR_AL_SLOTS, a power of two) blocks of
 * BR_MD_BLOCK bytes at layout.al_offset.  Transaction number seq (>= 1,
 * strictly increasing) goes to ring block seq % al_slots, so writing one
 * never touches the block of the previous one.  Every transaction carries
 * the whole table of active extents, so recovery needs only the newest block
 * whose checksum is right.
 *
 * In memory: struct br_al_cache, al_extents slots.  A slot is
 *
 *   FREE     no extent
 *   PENDING  reserved for an extent that is not on disk yet; the next
 *            transaction will list it
 *   WRITING  listed in the transaction that is being written now
 *   ACTIVE   listed on disk; writes to it may be submitted.  With refs == 0
 *            it is idle and may be evicted (least recently used first).
 *
 * Life of a write (all calls under the caller's lock):
 *
 *	if (!br_al_extents(offset, len, &first, &last)) ...no extent (len 0)
 *	switch (br_al_get_range(c, first, last)) {
 *	case BR_AL_HIT:     submit the write now
 *	case BR_AL_WAIT:    references are held and missing extents reserved;
 *	                    make sure a transaction gets written (below), then
 *	                    sleep until br_al_range_active(c, first, last)
 *	case BR_AL_FULL:    nothing taken; sleep until a put or a commit,
 *	                    then retry
 *	case BR_AL_INVALID: range longer than al_extents: split the request
 *	}
 *	... write completes ...
 *	br_al_put_range(c, first, last);
 *
 * Writing transactions (one at a time; batching is automatic, every
 * reservation made before br_al_table() goes into the same block):
 *
 *	if (br_al_pending(c) && !br_al_writing(c)) {
 *		br_al_table(c, table, &seq);    PENDING -> WRITING
 *		br_al_encode(block, seq, table, c->capacity);
 *		(drop the lock) write block at br_al_block_offset(layout,
 *		seq) with REQ_PREFLUSH | REQ_FUA (take the lock again)
 *		br_al_commit(c);                WRITING -> ACTIVE, c->seq = seq
 *		wake the waiters; repeat while br_al_pending(c)
 *	}
 *
 * The preflush makes the data of completed writes durable before a
 * transaction that may evict their (idle) extents; FUA makes the
 * transaction durable before the writes it admits are submitted.
 * Reservations made while a transaction is being written stay PENDING and
 * go into the next one.  For one extent, br_al_get() and then, on a MISS,
 * br_al_reserve() do what br_al_get_range() does in two steps, so that the
 * caller sees the slot before it is taken.
 *
 * If the write fails, br_al_abort() (WRITING -> PENDING) and retry: the
 * cache hands out the same seq again.  Never skip a number: recovery only
 * trusts the newest block, and every block on disk newer than the newest
 * valid one must be an attempt at that same next number (see below).
 *
 * Recovery (attach): read the ring, br_al_recover(); mark every returned
 * extent out of sync in the bitmap and write the bitmap; then
 * br_al_cache_load(c, table, n, seq_out) and write a transaction at once.
 * Loaded extents are PENDING, not ACTIVE: no write is admitted until
 * transaction seq_out + 1 is wholly on disk.  That matters because the ring
 * block of seq_out + 1 may hold a torn earlier attempt at seq_out + 1, and a
 * torn rewrite of it could complete that stale attempt into a block with a
 * good checksum: harmless while nothing relies on it, and impossible once
 * the new transaction has landed whole.
 */
#ifndef BLKREP_AL_FORMAT_H
#define BLKREP_AL_FORMAT_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include "host_kernel_types.h"
#endif
#include "md_format.h"

#define BR_AL_MAGIC	0x4c415242u	/* "BRAL" as LE32 */
#define BR_AL_FREE	0xffffffffu	/* table entry of an unused slot */
#define BR_AL_NONE	0xffffffffu	/* "no slot" in the cache's links */

/* One transaction, one BR_MD_BLOCK; little-endian. */
struct br_al_disk {
	__le32 magic;			/* BR_AL_MAGIC */
	__le32 crc;			/* CRC32C of the block, this field 0 */
	__le64 seq;			/* transaction number, >= 1 */
	__le32 nr;			/* entries that are not BR_AL_FREE */
	__le32 al_extents;		/* table length (cache capacity) */
	__le64 reserved;		/* 0 */
	__le32 extent[BR_AL_EXTENTS_MAX]; /* [i]: extent in cache slot i */
} __attribute__((packed));

enum br_al_err {
	BR_AL_OK = 0,
	BR_AL_ERR_MAGIC,	/* not an AL block (never written) */
	BR_AL_ERR_CRC,		/* checksum mismatch: torn or corrupt */
	BR_AL_ERR_SEQ,		/* seq 0, or a block in the wrong ring slot */
	BR_AL_ERR_FIELD,	/* header fields disagree with the table */
	BR_AL_ERR_DUP,		/* an extent is listed twice */
	BR_AL_ERR_CAPACITY,	/* more extents than the caller's table holds */
	BR_AL_ERR_INVAL,	/* argument out of range */
	BR_AL_ERR_BUSY,		/* a transaction is already being written */
	BR_AL_ERR_NOTX,		/* no transaction is being written */
	BR_AL_ERR_NOENT,	/* extent not in the cache */
	BR_AL_ERR_REFS,		/* put of an extent that holds no reference */
	BR_AL_ERR_EXIST,	/* extent already in the cache */
	BR_AL_ERR_SLOT,		/* slot is neither free nor idle */
};

const char *br_al_strerror(enum br_al_err err);

/*
 * Extents touched by a write of @len bytes at byte @offset: *@first ..
 * *@last.  False when there are none (len 0) or the range does not fit in
 * extent numbers (beyond 16 PiB).
 */
bool br_al_extents(u64 offset, u64 len, u32 *first, u32 *last);

/*
 * Encode transaction @seq (>= 1) into @block (BR_MD_BLOCK bytes): @table is
 * the slot table of @n_entries (1..BR_AL_EXTENTS_MAX) entries, BR_AL_FREE
 * for unused slots, each extent at most once (not checked here).
 */
enum br_al_err br_al_encode(void *block, u64 seq, const u32 *table,
			    u32 n_entries);

/*
 * Decode and check one block.  On success @table (room for @capacity
 * entries) holds the *@n active extents in ascending order, and *@seq the
 * transaction number.
 */
enum br_al_err br_al_decode(const void *block, u64 *seq, u32 *table,
			    u32 capacity, u32 *n);

/*
 * Recover from the whole ring (@slots blocks of BR_MD_BLOCK, @slots a power
 * of two): the newest block with right magic and checksum wins; blocks
 * without (never written, torn) are skipped.  An empty ring gives 0 extents
 * and *@seq_out 0.  The next transaction must use *@seq_out + 1; *@seq_out is
 * set even on error (the highest seq of any checksummed block), so that
 * going on from it never leaves an older block looking newer.  An error
 * means the table cannot be trusted: resync everything.
 */
enum br_al_err br_al_recover(const void *ring, u32 slots, u32 *table,
			     u32 capacity, u32 *n, u64 *seq_out);

/* Byte offset on the meta device of the ring block of transaction @seq. */
static inline u64 br_al_block_offset(const struct br_md_layout *l, u64 seq)
{
	return l->al_offset + (seq & (l->al_slots - 1)) * BR_MD_BLOCK;
}

/* ---- in-memory cache of active extents ---- */

struct br_al_slot {
	u32 extent;		/* BR_AL_FREE when the slot is free */
	u32 refs;		/* writes holding (or waiting for) the extent */
	u32 state;		/* enum br_al_state */
	u32 hnext;		/* next slot in the same hash bucket */
	u32 prev, next;		/* free list or idle LRU list */
};

enum br_al_state {
	BR_AL_S_FREE,
	BR_AL_S_PENDING,
	BR_AL_S_WRITING,
	BR_AL_S_ACTIVE,
};

struct br_al_cache {
	u32 capacity;		/* al_extents: slots 0 .. capacity - 1 */
	u32 hash_shift;		/* 32 - log2(buckets) */
	u32 n_free;		/* FREE slots */
	u32 n_idle;		/* ACTIVE slots with refs == 0 */
	u32 n_pending;		/* PENDING slots */
	u32 n_writing;		/* WRITING slots */
	bool writing;		/* between br_al_table() and commit/abort */
	u64 seq;		/* last transaction on disk (0: none yet) */
	struct br_al_slot *slot;	/* capacity + 2 (two list heads) */
	u32 *bucket;		/* 1 << (32 - hash_shift) */
};

enum br_al_res {
	BR_AL_HIT,	/* active on disk: reference taken, go */
	BR_AL_WAIT,	/* reference taken, wait until it is on disk */
	BR_AL_MISS,	/* br_al_get() only: not present, *slot may be reserved */
	BR_AL_FULL,	/* nothing taken: every slot is busy, wait for a put */
	BR_AL_INVALID,	/* BR_AL_FREE as extent, or range too long */
};

/*
 * Bytes of memory the cache needs for @capacity slots (1 ..
 * BR_AL_EXTENTS_MAX), 0 when out of range.  Allocate it with kvmalloc()
 * (malloc() on the host), aligned for u32, and pass it to br_al_cache_init();
 * it belongs to the cache until the caller frees it.
 */
size_t br_al_cache_bytes(u32 capacity);

/* Set up an empty cache in @mem (br_al_cache_bytes(@capacity) bytes). */
enum br_al_err br_al_cache_init(struct br_al_cache *c, u32 capacity,
				void *mem);

/*
 * After recovery: empty the cache, then install the @n extents of @table
 * (as br_al_recover() returns them) as PENDING without references, and
 * take @seq (br_al_recover()'s seq_out) as the last transaction on disk.
 * The next transaction rewrites them; once it is committed they are ACTIVE
 * and idle, @table[0] the least recently used.  Error (and an empty cache,
 * seq still taken) if @n > capacity, an entry is BR_AL_FREE or listed twice.
 */
enum br_al_err br_al_cache_load(struct br_al_cache *c, const u32 *table,
				u32 n, u64 seq);

/*
 * One extent.  HIT and WAIT take a reference; *@slot is its slot.  MISS
 * changes nothing: *@slot is the slot br_al_reserve() should take (a free
 * one, else the least recently used idle one).
 */
enum br_al_res br_al_get(struct br_al_cache *c, u32 extent, u32 *slot);

/*
 * Reserve @slot (free, or ACTIVE and idle: its extent is evicted) for
 * @extent: PENDING with one reference.  It goes into the next transaction.
 */
enum br_al_err br_al_reserve(struct br_al_cache *c, u32 extent, u32 slot);

/*
 * All extents @first .. @last at once, all or nothing, so that writes
 * spanning several extents cannot deadlock each other: HIT when all are
 * active; WAIT when some are PENDING or WRITING or were just reserved (all
 * references are taken); FULL (nothing taken) when there are not enough
 * free or idle slots for the missing ones; INVALID when the range is empty,
 * includes BR_AL_FREE or is longer than the capacity.
 */
enum br_al_res br_al_get_range(struct br_al_cache *c, u32 first, u32 last);

/* Drop a reference (the write finished); never below zero. */
enum br_al_err br_al_put(struct br_al_cache *c, u32 extent);

/* Drop one reference on each of @first .. @last; all or nothing. */
enum br_al_err br_al_put_range(struct br_al_cache *c, u32 first, u32 last);

/* @extent is ACTIVE: writes to it may be submitted. */
bool br_al_active(const struct br_al_cache *c, u32 extent);
bool br_al_range_active(const struct br_al_cache *c, u32 first, u32 last);

/* References on @extent (0 when not in the cache). */
u32 br_al_refs(const struct br_al_cache *c, u32 extent);

/* Reserved slots waiting for a transaction (not yet in one). */
static inline u32 br_al_pending(const struct br_al_cache *c)
{
	return c->n_pending;
}

/* A transaction is being written (br_al_table() called, not committed). */
static inline bool br_al_writing(const struct br_al_cache *c)
{
	return c->writing;
}

/*
 * Start a transaction: fill @table (c->capacity entries) with what it must
 * say -- ACTIVE and PENDING extents in their slots, BR_AL_FREE elsewhere --
 * move every PENDING slot to WRITING, and set *@seq to its number,
 * c->seq + 1.  BUSY if one is already being written: only one at a time.
 */
enum br_al_err br_al_table(struct br_al_cache *c, u32 *table, u64 *seq);

/* The transaction is on disk: WRITING slots become ACTIVE, c->seq + 1. */
enum br_al_err br_al_commit(struct br_al_cache *c);

/*
 * Writing the transaction failed: WRITING slots go back to PENDING, and
 * the next br_al_table() gives the same seq again.
 */
enum br_al_err br_al_abort(struct br_al_cache *c);

/* Check every internal invariant, O(capacity); for tests and debugging. */
bool br_al_cache_check(const struct br_al_cache *c);

#endif /* BLKREP_AL_FORMAT_H */
