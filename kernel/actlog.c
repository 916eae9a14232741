// SPDX-License-Identifier: GPL-2.0
/*
 * The activity log in the I/O path (the format and the cache of active
 * extents are pure logic in al_format.c).
 *
 * Before an application write on the Primary reaches the local disk or the
 * peer, every 4 MiB extent it touches must be listed in the activity log on
 * disk.  After a crash of the Primary, the extents of the newest transaction
 * plus the bitmap on disk cover every block the two disks may disagree on.
 *
 * br_actlog_begin() is called from the submit path: a write whose extents
 * are all active goes on at once (the common case, a spinlock and a hash
 * lookup).  Any other write is parked on ->deferred and the work item takes
 * over: it writes one transaction for every extent reserved meanwhile
 * (group commit), then admits the parked writes whose extents are active.
 * The transaction is written from the work item, never from submit_bio:
 * I/O issued inside submit_bio is only dispatched when it returns.
 *
 * Eviction: an extent leaves the log only when idle (no write in flight),
 * and bits the bitmap gained in memory may belong to it.  So the dirty
 * bitmap blocks are written before each transaction, and the transaction
 * carries a preflush, which makes the data of the finished writes durable.
 *
 * A write that would touch more than BR_ACTLOG_BIG extents (a discard of a
 * large range, for instance) does not go through the log: its range is
 * marked in the bitmap, the bitmap written, and the bits are cleared in
 * memory again once both disks have the write.
 *
 * Locking: ->lock (irq-safe: writes complete in interrupt context) protects
 * the cache and ->deferred.  The work item is the only writer of
 * transactions.  Lock order: ->lock is innermost.
 */
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include "blkrep.h"

#define BR_ACTLOG_BIG	16	/* extents; larger writes use the bitmap */

static void br_actlog_work(struct work_struct *work);

/* Where a request stands with the log (struct br_req::al_state). */
enum {
	BR_AL_REQ_NONE,		/* no extents held (yet) */
	BR_AL_REQ_HELD,		/* references on al_first .. al_last */
	BR_AL_REQ_BITMAP,	/* covered by the bitmap instead */
};

/*
 * At attach, before the device is used: read the ring, and when the node
 * crashed as Primary mark the logged extents out of sync (everything, if
 * the log cannot be trusted).  Returns 0 or an error that fails the attach.
 */
int br_actlog_attach(struct br_resource *res, struct br_ldev *ldev,
		     bool crashed)
{
	struct br_actlog *al = &ldev->al;
	const struct br_md_layout *l = &ldev->md.layout;
	u32 cap = ldev->md.al_extents, n = 0, i;
	size_t ring_bytes = (size_t)l->al_slots * BR_MD_BLOCK;
	enum br_al_err err;
	void *ring;
	u64 seq = 0;
	int ret;

	spin_lock_init(&al->lock);
	INIT_LIST_HEAD(&al->deferred);
	INIT_WORK(&al->work, br_actlog_work);
	al->res = res;
	al->ldev = ldev;
	al->mem = kvzalloc(br_al_cache_bytes(cap), GFP_KERNEL);
	al->table = kvcalloc(cap, sizeof(u32), GFP_KERNEL);
	al->block = (void *)__get_free_page(GFP_KERNEL);
	ring = vmalloc(ring_bytes);
	ret = -ENOMEM;
	if (!al->mem || !al->table || !al->block || !ring)
		goto out;
	ret = br_md_io(br_meta_bdev(ldev), l->al_offset, ring, ring_bytes,
		       REQ_OP_READ | REQ_META);
	if (ret) {
		br_err(res, "reading the activity log failed: %d\n", ret);
		goto out;
	}
	err = br_al_recover(ring, l->al_slots, al->table, cap, &n, &seq);
	if (crashed && err) {
		br_warn(res, "activity log unreadable (%s): marking the whole device out of sync\n",
			br_al_strerror(err));
		br_bm_set_all(&ldev->bm);
		ldev->md.flags |= BLKREP_MDF_FULL_SYNC;
	} else if (crashed) {
		for (i = 0; i < n; i++)
			br_bm_set_range(&ldev->bm,
					(u64)al->table[i] << BR_AL_EXTENT_SHIFT,
					1ULL << BR_AL_EXTENT_SHIFT);
		br_warn(res, "crashed Primary: %u active extent(s) of the activity log marked out of sync (transaction %llu)\n",
			n, seq);
	}
	if (crashed) {
		ret = br_bm_write_dirty(res, ldev);
		if (ret)
			goto out;
	}
	/* The marked extents are in the bitmap now: start with an empty log. */
	br_al_cache_init(&al->cache, cap, al->mem);
	br_al_cache_load(&al->cache, al->table, 0, seq);
	ret = 0;
out:
	vfree(ring);
	if (ret)
		br_actlog_free(ldev);
	return ret;
}

/* After the last write completed (br_wait_idle), before the disk closes. */
void br_actlog_free(struct br_ldev *ldev)
{
	struct br_actlog *al = &ldev->al;

	if (al->res)
		flush_work(&al->work);
	kvfree(al->mem);
	kvfree(al->table);
	free_page((unsigned long)al->block);
	al->mem = NULL;
	al->table = NULL;
	al->block = NULL;
}

static bool br_actlog_range(struct br_req *req, u32 *first, u32 *last)
{
	return br_al_extents((u64)req->ival.start << SECTOR_SHIFT,
			     (u64)(req->ival.end - req->ival.start) <<
			     SECTOR_SHIFT, first, last);
}

/*
 * Submit path: true when @req may go on now; false when it was parked and
 * the work item will admit it (br_req_admit) once its extents are on disk.
 */
bool br_actlog_begin(struct br_req *req)
{
	struct br_ldev *ldev = READ_ONCE(req->res->ldev);
	struct br_actlog *al = &ldev->al;
	enum br_al_res r = BR_AL_FULL;
	unsigned long flags;
	u32 first, last;

	req->al_state = BR_AL_REQ_NONE;
	if (!br_actlog_range(req, &first, &last))
		return true;
	req->al_first = first;
	req->al_last = last;
	/*
	 * A range the log cannot hold at once (al-extents may be as small as
	 * 7) would wait for ever: the bitmap covers it, like any big one.
	 */
	if (last - first >= min_t(u32, BR_ACTLOG_BIG, al->cache.capacity)) {
		req->al_state = BR_AL_REQ_BITMAP;
	} else {
		spin_lock_irqsave(&al->lock, flags);
		if (list_empty(&al->deferred))	/* no overtaking */
			r = br_al_get_range(&al->cache, first, last);
		if (r == BR_AL_HIT) {
			req->al_state = BR_AL_REQ_HELD;
			spin_unlock_irqrestore(&al->lock, flags);
			return true;
		}
		if (r == BR_AL_WAIT)
			req->al_state = BR_AL_REQ_HELD;
		list_add_tail(&req->al_list, &al->deferred);
		spin_unlock_irqrestore(&al->lock, flags);
		queue_work(system_unbound_wq, &al->work);
		return false;
	}
	spin_lock_irqsave(&al->lock, flags);
	list_add_tail(&req->al_list, &al->deferred);
	spin_unlock_irqrestore(&al->lock, flags);
	queue_work(system_unbound_wq, &al->work);
	return false;
}

/* Completion (any context): give the extents back. */
void br_actlog_end(struct br_req *req, bool peer_has_it)
{
	struct br_ldev *ldev = READ_ONCE(req->res->ldev);
	struct br_actlog *al = &ldev->al;
	unsigned long flags;
	bool kick;

	if (req->al_state == BR_AL_REQ_BITMAP) {
		/* Both disks have it: the bits set for it are not needed. */
		if (peer_has_it)
			br_bm_clear_range(&ldev->bm,
					  (u64)req->ival.start << SECTOR_SHIFT,
					  (u64)(req->ival.end - req->ival.start)
					  << SECTOR_SHIFT);
		return;
	}
	if (req->al_state != BR_AL_REQ_HELD)
		return;
	spin_lock_irqsave(&al->lock, flags);
	WARN_ON_ONCE(br_al_put_range(&al->cache, req->al_first,
				     req->al_last));
	kick = !list_empty(&al->deferred);
	spin_unlock_irqrestore(&al->lock, flags);
	if (kick)
		queue_work(system_unbound_wq, &al->work);
}

/* Write one transaction with every reserved extent.  Under nothing. */
static int br_actlog_commit(struct br_actlog *al)
{
	struct br_resource *res = al->res;
	struct br_ldev *ldev = al->ldev;
	u64 seq;
	int ret;

	spin_lock_irq(&al->lock);
	if (!br_al_pending(&al->cache) ||
	    br_al_table(&al->cache, al->table, &seq)) {
		spin_unlock_irq(&al->lock);
		return 0;
	}
	spin_unlock_irq(&al->lock);

	/*
	 * Bits of extents this transaction may evict reach the disk first,
	 * and so does the data of their finished writes: the transaction's
	 * preflush covers the meta device, an external one needs its own.
	 */
	ret = br_bm_write_dirty(res, ldev);
	if (!ret && ldev->meta.bdev)
		ret = blkdev_issue_flush(ldev->data.bdev);
	if (!ret) {
		br_al_encode(al->block, seq, al->table, al->cache.capacity);
		ret = br_md_io(br_meta_bdev(ldev),
			       br_al_block_offset(&ldev->md.layout, seq),
			       al->block, BR_MD_BLOCK,
			       REQ_OP_WRITE | REQ_SYNC | REQ_META |
			       REQ_PREFLUSH | REQ_FUA);
	}
	spin_lock_irq(&al->lock);
	if (ret)
		br_al_abort(&al->cache);
	else
		br_al_commit(&al->cache);
	spin_unlock_irq(&al->lock);
	if (ret)
		br_err(res, "writing the activity log failed: %d\n", ret);
	else
		atomic64_inc(&res->stats.al_writes);
	return ret;
}

/* Take what the parked requests need; move the admissible ones to @go. */
static void br_actlog_sort(struct br_actlog *al, struct list_head *go)
{
	struct br_req *req, *tmp;

	spin_lock_irq(&al->lock);
	list_for_each_entry_safe(req, tmp, &al->deferred, al_list) {
		if (req->al_state == BR_AL_REQ_NONE) {
			enum br_al_res r = br_al_get_range(&al->cache,
							   req->al_first,
							   req->al_last);

			if (r == BR_AL_FULL)
				continue;	/* nothing taken; after a put */
			req->al_state = BR_AL_REQ_HELD;
		}
		if (req->al_state == BR_AL_REQ_HELD &&
		    !br_al_range_active(&al->cache, req->al_first,
					req->al_last))
			continue;
		list_move_tail(&req->al_list, go);
	}
	spin_unlock_irq(&al->lock);
}

/* Cover a big write with the bitmap (see the top of the file). */
static int br_actlog_cover(struct br_actlog *al, struct br_req *req)
{
	br_bm_set_range(&al->ldev->bm, (u64)req->ival.start << SECTOR_SHIFT,
			(u64)(req->ival.end - req->ival.start) << SECTOR_SHIFT);
	return br_bm_write_dirty(al->res, al->ldev);
}

static void br_actlog_work(struct work_struct *work)
{
	struct br_actlog *al = container_of(work, struct br_actlog, work);
	struct br_req *req, *tmp;
	LIST_HEAD(go);
	int ret;

	for (;;) {
		ret = br_actlog_commit(al);
		br_actlog_sort(al, &go);
		if (list_empty(&go))
			break;
		list_for_each_entry_safe(req, tmp, &go, al_list) {
			list_del_init(&req->al_list);
			if (req->al_state == BR_AL_REQ_BITMAP &&
			    br_actlog_cover(al, req)) {
				br_req_fail(req);
				continue;
			}
			br_req_admit(req);
		}
	}
	if (ret) {
		/*
		 * The log cannot be written: what waits for it fails, or,
		 * with on-io-error detach, goes to the peer only.
		 */
		bool detach = READ_ONCE(al->res->on_io_error) !=
			      BLKREP_IOE_PASS_ON;

		if (detach)
			br_disk_failed(al->res);
		spin_lock_irq(&al->lock);
		list_splice_init(&al->deferred, &go);
		spin_unlock_irq(&al->lock);
		list_for_each_entry_safe(req, tmp, &go, al_list) {
			list_del_init(&req->al_list);
			br_actlog_end(req, false);
			req->al_state = BR_AL_REQ_NONE;
			if (detach)
				br_req_admit_remote(req);
			else
				br_req_fail(req);
		}
	}
}
