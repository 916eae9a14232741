// SPDX-License-Identifier: GPL-2.0
/*
 * Activity log: transaction encoding and checking, recovery from the ring,
 * and the cache of active extents.  Compiled in the kernel module and on
 * the host; no allocation, no I/O, no locking (see al_format.h).
 */
#ifdef __KERNEL__
#include <linux/string.h>
#include <linux/build_bug.h>
#include <asm/byteorder.h>
#endif
#include "al_format.h"

static_assert(sizeof(struct br_al_disk) == BR_MD_BLOCK,
	      "an AL transaction fills exactly one metadata block");
static_assert(BR_AL_EXTENTS_DEFAULT <= BR_AL_EXTENTS_MAX,
	      "the default AL size must fit in one transaction");
static_assert((BR_AL_SLOTS & (BR_AL_SLOTS - 1)) == 0,
	      "the AL ring size must be a power of two");

static const char *const br_al_errors[] = {
	[BR_AL_OK]		= "ok",
	[BR_AL_ERR_MAGIC]	= "not an activity-log block (bad magic)",
	[BR_AL_ERR_CRC]		= "activity-log checksum mismatch (torn or corrupt block)",
	[BR_AL_ERR_SEQ]		= "activity-log transaction number out of place",
	[BR_AL_ERR_FIELD]	= "activity-log header disagrees with its table",
	[BR_AL_ERR_DUP]		= "activity-log extent listed twice",
	[BR_AL_ERR_CAPACITY]	= "more active extents than the table can hold",
	[BR_AL_ERR_INVAL]	= "activity-log argument out of range",
	[BR_AL_ERR_BUSY]	= "an activity-log transaction is already being written",
	[BR_AL_ERR_NOTX]	= "no activity-log transaction is being written",
	[BR_AL_ERR_NOENT]	= "extent is not in the activity log",
	[BR_AL_ERR_REFS]	= "extent holds no reference",
	[BR_AL_ERR_EXIST]	= "extent is already in the activity log",
	[BR_AL_ERR_SLOT]	= "activity-log slot is neither free nor idle",
};

const char *br_al_strerror(enum br_al_err err)
{
	if ((unsigned int)err >= sizeof(br_al_errors) / sizeof(br_al_errors[0]))
		return "unknown activity-log error";
	return br_al_errors[err];
}

bool br_al_extents(u64 offset, u64 len, u32 *first, u32 *last)
{
	u64 end = offset + len - 1;

	if (!len || end < offset || (end >> BR_AL_EXTENT_SHIFT) >= BR_AL_FREE)
		return false;
	*first = (u32)(offset >> BR_AL_EXTENT_SHIFT);
	*last = (u32)(end >> BR_AL_EXTENT_SHIFT);
	return true;
}

/* ---- transactions ---- */

/* CRC32C of the whole block with the crc field read as zero. */
static u32 br_al_block_crc(const void *block)
{
	static const u8 zero[4];
	const u8 *p = block;
	size_t at = offsetof(struct br_al_disk, crc);
	u32 crc;

	crc = br_crc32c(0, p, at);
	crc = br_crc32c(crc, zero, sizeof(zero));
	return br_crc32c(crc, p + at + sizeof(zero),
			 BR_MD_BLOCK - at - sizeof(zero));
}

enum br_al_err br_al_encode(void *block, u64 seq, const u32 *table,
			    u32 n_entries)
{
	struct br_al_disk *d = block;
	u32 i, nr = 0;

	if (!seq || !n_entries || n_entries > BR_AL_EXTENTS_MAX)
		return BR_AL_ERR_INVAL;
	memset(d, 0, sizeof(*d));
	d->magic = cpu_to_le32(BR_AL_MAGIC);
	d->seq = cpu_to_le64(seq);
	d->al_extents = cpu_to_le32(n_entries);
	for (i = 0; i < BR_AL_EXTENTS_MAX; i++) {
		u32 e = i < n_entries ? table[i] : BR_AL_FREE;

		nr += e != BR_AL_FREE;
		d->extent[i] = cpu_to_le32(e);
	}
	d->nr = cpu_to_le32(nr);
	d->crc = cpu_to_le32(br_al_block_crc(d));
	return BR_AL_OK;
}

/* Magic and checksum: is this a whole block that we wrote? */
static enum br_al_err br_al_check_block(const struct br_al_disk *d)
{
	if (le32_to_cpu(d->magic) != BR_AL_MAGIC)
		return BR_AL_ERR_MAGIC;
	if (le32_to_cpu(d->crc) != br_al_block_crc(d))
		return BR_AL_ERR_CRC;
	return BR_AL_OK;
}

/* Heapsort: in place, no recursion, no allocation, O(n log n). */
static void br_al_sift(u32 *a, u32 root, u32 n)
{
	u32 child, t;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n && a[child + 1] > a[child])
			child++;
		if (a[root] >= a[child])
			return;
		t = a[root];
		a[root] = a[child];
		a[child] = t;
		root = child;
	}
}

static void br_al_sort(u32 *a, u32 n)
{
	u32 i, t;

	for (i = n / 2; i-- > 0;)
		br_al_sift(a, i, n);
	for (i = n; i-- > 1;) {
		t = a[0];
		a[0] = a[i];
		a[i] = t;
		br_al_sift(a, 0, i);
	}
}

enum br_al_err br_al_decode(const void *block, u64 *seq, u32 *table,
			    u32 capacity, u32 *n)
{
	const struct br_al_disk *d = block;
	enum br_al_err err;
	u32 i, k, nr, al_extents, count = 0;

	*seq = 0;
	*n = 0;
	err = br_al_check_block(d);
	if (err)
		return err;
	*seq = le64_to_cpu(d->seq);
	if (!*seq)
		return BR_AL_ERR_SEQ;

	/* A checksum only proves the block is whole, not that it is sane. */
	nr = le32_to_cpu(d->nr);
	al_extents = le32_to_cpu(d->al_extents);
	if (!al_extents || al_extents > BR_AL_EXTENTS_MAX ||
	    le64_to_cpu(d->reserved))
		return BR_AL_ERR_FIELD;
	for (i = 0; i < BR_AL_EXTENTS_MAX; i++) {
		if (le32_to_cpu(d->extent[i]) == BR_AL_FREE)
			continue;
		if (i >= al_extents)
			return BR_AL_ERR_FIELD;
		count++;
	}
	if (count != nr)
		return BR_AL_ERR_FIELD;
	if (nr > capacity)
		return BR_AL_ERR_CAPACITY;

	for (i = 0, k = 0; i < al_extents; i++) {
		u32 e = le32_to_cpu(d->extent[i]);

		if (e != BR_AL_FREE)
			table[k++] = e;
	}
	br_al_sort(table, nr);
	for (i = 1; i < nr; i++)
		if (table[i] == table[i - 1])
			return BR_AL_ERR_DUP;
	*n = nr;
	return BR_AL_OK;
}

enum br_al_err br_al_recover(const void *ring, u32 slots, u32 *table,
			     u32 capacity, u32 *n, u64 *seq_out)
{
	const struct br_al_disk *d, *best = NULL;
	bool misplaced = false;
	u64 seq, max = 0;
	u32 i;

	*n = 0;
	*seq_out = 0;
	if (!slots || (slots & (slots - 1)))
		return BR_AL_ERR_INVAL;
	for (i = 0; i < slots; i++) {
		d = (const struct br_al_disk *)((const u8 *)ring +
						(size_t)i * BR_MD_BLOCK);
		if (br_al_check_block(d))
			continue;	/* never written, or torn */
		seq = le64_to_cpu(d->seq);
		/* Transaction seq lives in block seq % slots, nowhere else. */
		if (!seq || (seq & (slots - 1)) != i)
			misplaced = true;
		if (seq > max) {
			max = seq;
			best = d;
		}
	}
	*seq_out = max;
	if (misplaced)
		return BR_AL_ERR_SEQ;
	if (!best)
		return BR_AL_OK;	/* never written: nothing was active */
	return br_al_decode(best, &seq, table, capacity, n);
}

/* ---- the cache ---- */

/*
 * Slots capacity and capacity + 1 are the heads of two circular, doubly
 * linked lists threaded through prev/next: the free slots, and the idle
 * (ACTIVE, refs == 0) ones, least recently used first.  Slots on neither
 * list have prev == next == BR_AL_NONE.  Non-free slots are also chained by
 * hnext from bucket[hash(extent)].
 */
#define FREE_LIST(c)	((c)->capacity)
#define IDLE_LIST(c)	((c)->capacity + 1)

static u32 br_al_buckets(u32 capacity, u32 *shift)
{
	u32 bits = 1;

	while ((1u << bits) < capacity)
		bits++;
	if (shift)
		*shift = 32 - bits;
	return 1u << bits;
}

size_t br_al_cache_bytes(u32 capacity)
{
	if (!capacity || capacity > BR_AL_EXTENTS_MAX)
		return 0;
	return (size_t)(capacity + 2) * sizeof(struct br_al_slot) +
	       (size_t)br_al_buckets(capacity, NULL) * sizeof(u32);
}

static u32 br_al_hash(const struct br_al_cache *c, u32 extent)
{
	return (extent * 0x9e3779b1u) >> c->hash_shift;
}

static u32 br_al_lookup(const struct br_al_cache *c, u32 extent)
{
	u32 i = c->bucket[br_al_hash(c, extent)];

	while (i != BR_AL_NONE && c->slot[i].extent != extent)
		i = c->slot[i].hnext;
	return i;
}

static void br_al_hash_add(struct br_al_cache *c, u32 i)
{
	u32 *b = &c->bucket[br_al_hash(c, c->slot[i].extent)];

	c->slot[i].hnext = *b;
	*b = i;
}

static void br_al_hash_del(struct br_al_cache *c, u32 i)
{
	u32 *p = &c->bucket[br_al_hash(c, c->slot[i].extent)];

	while (*p != i)
		p = &c->slot[*p].hnext;
	*p = c->slot[i].hnext;
	c->slot[i].hnext = BR_AL_NONE;
}

static void br_al_list_add_tail(struct br_al_cache *c, u32 head, u32 i)
{
	struct br_al_slot *s = c->slot;
	u32 last = s[head].prev;

	s[i].prev = last;
	s[i].next = head;
	s[last].next = i;
	s[head].prev = i;
}

static void br_al_list_del(struct br_al_cache *c, u32 i)
{
	struct br_al_slot *s = c->slot;

	s[s[i].prev].next = s[i].next;
	s[s[i].next].prev = s[i].prev;
	s[i].prev = BR_AL_NONE;
	s[i].next = BR_AL_NONE;
}

static void br_al_reset(struct br_al_cache *c)
{
	u32 i, nb = 1u << (32 - c->hash_shift);

	for (i = 0; i < nb; i++)
		c->bucket[i] = BR_AL_NONE;
	for (i = FREE_LIST(c); i <= IDLE_LIST(c); i++) {
		c->slot[i].extent = BR_AL_FREE;
		c->slot[i].refs = 0;
		c->slot[i].state = BR_AL_S_FREE;
		c->slot[i].hnext = BR_AL_NONE;
		c->slot[i].prev = i;
		c->slot[i].next = i;
	}
	for (i = 0; i < c->capacity; i++) {
		c->slot[i].extent = BR_AL_FREE;
		c->slot[i].refs = 0;
		c->slot[i].state = BR_AL_S_FREE;
		c->slot[i].hnext = BR_AL_NONE;
		br_al_list_add_tail(c, FREE_LIST(c), i);
	}
	c->n_free = c->capacity;
	c->n_idle = 0;
	c->n_pending = 0;
	c->n_writing = 0;
	c->writing = false;
	c->seq = 0;
}

enum br_al_err br_al_cache_init(struct br_al_cache *c, u32 capacity,
				void *mem)
{
	if (!br_al_cache_bytes(capacity) || !mem)
		return BR_AL_ERR_INVAL;
	memset(c, 0, sizeof(*c));
	c->capacity = capacity;
	br_al_buckets(capacity, &c->hash_shift);
	c->slot = mem;
	c->bucket = (u32 *)(c->slot + capacity + 2);
	br_al_reset(c);
	return BR_AL_OK;
}

/* Take slot @i, free or idle, for @extent in @state. */
static void br_al_install(struct br_al_cache *c, u32 i, u32 extent,
			  u32 state, u32 refs)
{
	struct br_al_slot *s = &c->slot[i];

	br_al_list_del(c, i);
	if (s->state == BR_AL_S_FREE) {
		c->n_free--;
	} else {
		c->n_idle--;
		br_al_hash_del(c, i);	/* evict the idle extent */
	}
	s->extent = extent;
	s->refs = refs;
	s->state = state;
	br_al_hash_add(c, i);
}

enum br_al_err br_al_cache_load(struct br_al_cache *c, const u32 *table,
				u32 n, u64 seq)
{
	enum br_al_err err = BR_AL_OK;
	u32 i;

	br_al_reset(c);
	if (n > c->capacity)
		err = BR_AL_ERR_CAPACITY;
	for (i = 0; !err && i < n; i++) {
		if (table[i] == BR_AL_FREE)
			err = BR_AL_ERR_INVAL;
		else if (br_al_lookup(c, table[i]) != BR_AL_NONE)
			err = BR_AL_ERR_DUP;
		else
			br_al_install(c, i, table[i], BR_AL_S_PENDING, 0);
	}
	if (err)
		br_al_reset(c);
	else
		c->n_pending = n;
	c->seq = seq;
	return err;
}

/* A free slot if there is one, else the least recently used idle one. */
static u32 br_al_victim(const struct br_al_cache *c)
{
	if (c->n_free)
		return c->slot[FREE_LIST(c)].next;
	if (c->n_idle)
		return c->slot[IDLE_LIST(c)].next;
	return BR_AL_NONE;
}

static void br_al_ref(struct br_al_cache *c, u32 i)
{
	struct br_al_slot *s = &c->slot[i];

	if (s->state == BR_AL_S_ACTIVE && !s->refs) {
		br_al_list_del(c, i);
		c->n_idle--;
	}
	s->refs++;
}

enum br_al_res br_al_get(struct br_al_cache *c, u32 extent, u32 *slot)
{
	u32 i;

	if (extent == BR_AL_FREE)
		return BR_AL_INVALID;
	i = br_al_lookup(c, extent);
	if (i != BR_AL_NONE) {
		br_al_ref(c, i);
		*slot = i;
		return c->slot[i].state == BR_AL_S_ACTIVE ? BR_AL_HIT :
							    BR_AL_WAIT;
	}
	i = br_al_victim(c);
	if (i == BR_AL_NONE)
		return BR_AL_FULL;
	*slot = i;
	return BR_AL_MISS;
}

enum br_al_err br_al_reserve(struct br_al_cache *c, u32 extent, u32 slot)
{
	const struct br_al_slot *s;

	if (extent == BR_AL_FREE || slot >= c->capacity)
		return BR_AL_ERR_INVAL;
	if (br_al_lookup(c, extent) != BR_AL_NONE)
		return BR_AL_ERR_EXIST;
	s = &c->slot[slot];
	if (s->state != BR_AL_S_FREE &&
	    (s->state != BR_AL_S_ACTIVE || s->refs))
		return BR_AL_ERR_SLOT;
	br_al_install(c, slot, extent, BR_AL_S_PENDING, 1);
	c->n_pending++;
	return BR_AL_OK;
}

enum br_al_res br_al_get_range(struct br_al_cache *c, u32 first, u32 last)
{
	u32 e, i, need = 0, idle_hits = 0;
	bool wait = false;

	if (first > last || last == BR_AL_FREE || last - first >= c->capacity)
		return BR_AL_INVALID;

	/* Count first, so that nothing is taken unless everything can be. */
	for (e = first; e <= last; e++) {
		i = br_al_lookup(c, e);
		if (i == BR_AL_NONE)
			need++;
		else if (c->slot[i].state == BR_AL_S_ACTIVE &&
			 !c->slot[i].refs)
			idle_hits++;
	}
	if (need > c->n_free + c->n_idle - idle_hits)
		return BR_AL_FULL;

	/* References first: an extent we hit must not become a victim. */
	for (e = first; e <= last; e++) {
		i = br_al_lookup(c, e);
		if (i == BR_AL_NONE)
			continue;
		br_al_ref(c, i);
		wait |= c->slot[i].state != BR_AL_S_ACTIVE;
	}
	for (e = first; need && e <= last; e++) {
		if (br_al_lookup(c, e) != BR_AL_NONE)
			continue;
		br_al_install(c, br_al_victim(c), e, BR_AL_S_PENDING, 1);
		c->n_pending++;
		need--;
		wait = true;
	}
	return wait ? BR_AL_WAIT : BR_AL_HIT;
}

/* Whether @extent holds a reference to give back. */
static enum br_al_err br_al_can_put(const struct br_al_cache *c, u32 extent,
				    u32 *slot)
{
	u32 i = extent == BR_AL_FREE ? BR_AL_NONE : br_al_lookup(c, extent);

	if (i == BR_AL_NONE)
		return BR_AL_ERR_NOENT;
	if (!c->slot[i].refs)
		return BR_AL_ERR_REFS;
	*slot = i;
	return BR_AL_OK;
}

static void br_al_unref(struct br_al_cache *c, u32 i)
{
	struct br_al_slot *s = &c->slot[i];

	if (--s->refs == 0 && s->state == BR_AL_S_ACTIVE) {
		br_al_list_add_tail(c, IDLE_LIST(c), i);
		c->n_idle++;
	}
}

enum br_al_err br_al_put(struct br_al_cache *c, u32 extent)
{
	enum br_al_err err;
	u32 i;

	err = br_al_can_put(c, extent, &i);
	if (!err)
		br_al_unref(c, i);
	return err;
}

enum br_al_err br_al_put_range(struct br_al_cache *c, u32 first, u32 last)
{
	enum br_al_err err;
	u32 e, i;

	if (first > last || last == BR_AL_FREE)
		return BR_AL_ERR_INVAL;
	for (e = first; e <= last; e++) {
		err = br_al_can_put(c, e, &i);
		if (err)
			return err;
	}
	for (e = first; e <= last; e++) {
		br_al_can_put(c, e, &i);
		br_al_unref(c, i);
	}
	return BR_AL_OK;
}

bool br_al_active(const struct br_al_cache *c, u32 extent)
{
	u32 i = br_al_lookup(c, extent);

	return i != BR_AL_NONE && c->slot[i].state == BR_AL_S_ACTIVE;
}

bool br_al_range_active(const struct br_al_cache *c, u32 first, u32 last)
{
	u32 e;

	if (first > last || last == BR_AL_FREE)
		return false;
	for (e = first; e <= last; e++)
		if (!br_al_active(c, e))
			return false;
	return true;
}

u32 br_al_refs(const struct br_al_cache *c, u32 extent)
{
	u32 i = br_al_lookup(c, extent);

	return i == BR_AL_NONE ? 0 : c->slot[i].refs;
}

enum br_al_err br_al_table(struct br_al_cache *c, u32 *table, u64 *seq)
{
	u32 i;

	if (c->writing)
		return BR_AL_ERR_BUSY;
	*seq = c->seq + 1;
	for (i = 0; i < c->capacity; i++) {
		struct br_al_slot *s = &c->slot[i];

		table[i] = s->state == BR_AL_S_FREE ? BR_AL_FREE : s->extent;
		if (s->state == BR_AL_S_PENDING) {
			s->state = BR_AL_S_WRITING;
			c->n_pending--;
			c->n_writing++;
		}
	}
	c->writing = true;
	return BR_AL_OK;
}

/* End the transaction being written: WRITING slots become @to. */
static enum br_al_err br_al_end(struct br_al_cache *c, u32 to)
{
	u32 i;

	if (!c->writing)
		return BR_AL_ERR_NOTX;
	for (i = 0; c->n_writing && i < c->capacity; i++) {
		struct br_al_slot *s = &c->slot[i];

		if (s->state != BR_AL_S_WRITING)
			continue;
		s->state = to;
		c->n_writing--;
		if (to == BR_AL_S_PENDING) {
			c->n_pending++;
		} else if (!s->refs) {
			br_al_list_add_tail(c, IDLE_LIST(c), i);
			c->n_idle++;
		}
	}
	c->writing = false;
	if (to == BR_AL_S_ACTIVE)
		c->seq++;
	return BR_AL_OK;
}

enum br_al_err br_al_commit(struct br_al_cache *c)
{
	return br_al_end(c, BR_AL_S_ACTIVE);
}

enum br_al_err br_al_abort(struct br_al_cache *c)
{
	return br_al_end(c, BR_AL_S_PENDING);
}

/* Walk list @head (the idle list if @idle, else the free one): its length. */
static u32 br_al_list_check(const struct br_al_cache *c, u32 head,
			    bool idle, bool *ok)
{
	const struct br_al_slot *s = c->slot;
	u32 i, prev = head, len = 0;

	for (i = s[head].next; i != head; prev = i, i = s[i].next) {
		if (i >= c->capacity || s[i].prev != prev || len++ > c->capacity)
			goto bad;
		if (idle ? s[i].state != BR_AL_S_ACTIVE || s[i].refs :
			   s[i].state != BR_AL_S_FREE)
			goto bad;
	}
	if (s[head].prev != prev)
		goto bad;
	return len;
bad:
	*ok = false;
	return 0;
}

bool br_al_cache_check(const struct br_al_cache *c)
{
	const struct br_al_slot *s = c->slot;
	u32 i, nb = 1u << (32 - c->hash_shift);
	u32 n_free = 0, n_idle = 0, n_pending = 0, n_writing = 0, hashed = 0;
	bool ok = true;

	for (i = 0; i < c->capacity; i++) {
		switch (s[i].state) {
		case BR_AL_S_FREE:
			if (s[i].extent != BR_AL_FREE || s[i].refs)
				return false;
			n_free++;
			continue;
		case BR_AL_S_PENDING:
			n_pending++;
			break;
		case BR_AL_S_WRITING:
			n_writing++;
			break;
		case BR_AL_S_ACTIVE:
			n_idle += !s[i].refs;
			break;
		default:
			return false;
		}
		if (s[i].extent == BR_AL_FREE ||
		    br_al_lookup(c, s[i].extent) != i)
			return false;	/* missing from the hash, or twice */
		if (s[i].state != BR_AL_S_ACTIVE || s[i].refs) {
			if (s[i].prev != BR_AL_NONE || s[i].next != BR_AL_NONE)
				return false;
		}
	}
	for (i = 0; i < nb; i++) {
		u32 k, len = 0;

		for (k = c->bucket[i]; k != BR_AL_NONE; k = s[k].hnext) {
			if (k >= c->capacity || s[k].state == BR_AL_S_FREE ||
			    br_al_hash(c, s[k].extent) != i ||
			    len++ > c->capacity)
				return false;
		}
		hashed += len;
	}
	if (hashed != c->capacity - n_free)
		return false;
	if (br_al_list_check(c, FREE_LIST(c), false, &ok) != n_free ||
	    br_al_list_check(c, IDLE_LIST(c), true, &ok) != n_idle || !ok)
		return false;
	return n_free == c->n_free && n_idle == c->n_idle &&
	       n_pending == c->n_pending && n_writing == c->n_writing &&
	       (c->writing || !n_writing);
}
