// SPDX-License-Identifier: GPL-2.0
/*
 * Resync: bring the peer's disk up to date by sending only the blocks the
 * merged bitmap marks.  The SyncSource pushes:
 *
 *   source thread: find the next run of set bits (at most 128 KiB), wait
 *     for the rate controller and for room in the window (a few runs in
 *     flight), hold the run's interval (an application write to it waits,
 *     and the run waits for one in flight), read it, queue P_RS_DATA;
 *   target: write it, clear its bits, answer P_RS_ACK;
 *   source on P_RS_ACK: clear its bits, release the interval.
 *
 * When no bit is left and nothing is in flight the source sends P_RS_DONE
 * with its generation UUIDs, which the target adopts: it is UpToDate.
 *
 * The controller: a fixed resync-rate if one is configured; otherwise
 * c-max-rate while the application is quiet and c-min-rate while it has
 * written in the last 200 ms, so resync yields to the application.
 */
#include <linux/bio.h>
#include <linux/delay.h>
#include <linux/slab.h>
#include "blkrep.h"

#define BR_RS_RUN_BITS	128u	/* 512 KiB per P_RS_DATA */
#define BR_RS_WINDOW	6	/* runs in flight: 3 MiB of the 4 MiB pool */
#define BR_RS_TICK	(HZ / 10)

static int br_rs_xmit(struct br_conn *c, struct br_send *s, bool more)
{
	struct br_preq *p = container_of(s, struct br_preq, send);
	struct br_p_data d = {
		.sector = cpu_to_be64(p->sector),
		.size = cpu_to_be32(p->size),
	};
	struct iov_iter it;

	br_pages_iter(c, &it, p->pages, p->size);
	return br_xmit(c, BR_P_RS_DATA, 0, &d, sizeof(d), &it, more);
}

/*
 * A resync run has two owners: the sender (until ->done) and the ack (or
 * the teardown).  Either may come first; the second frees it.
 */
static void br_rs_put(struct br_preq *p)
{
	if (atomic_dec_and_test(&p->refs))
		br_preq_free(p);
}

/* Sent (or not): the data is out of the pages; the interval stays held. */
static void br_rs_sent(struct br_conn *c, struct br_send *s, int err)
{
	struct br_preq *p = container_of(s, struct br_preq, send);

	br_pool_put(c, p);
	br_rs_put(p);
}

/* Acked, or given up: release the interval and the window slot. */
static void br_rs_source_done(struct br_conn *c);

static void br_rs_release(struct br_conn *c, struct br_preq *p)
{
	br_ival_unlock(c->res, &p->ival);
	br_rs_put(p);
	atomic_dec(&c->sync.in_flight);
	wake_up(&c->sync.wait);
}

int br_resync_got_ack(struct br_conn *c, u64 sector, u32 size, bool ok)
{
	struct br_ldev *ldev = READ_ONCE(c->res->ldev);
	struct br_preq *p, *found = NULL;

	spin_lock_irq(&c->lock);
	list_for_each_entry(p, &c->rs_reqs, list) {
		if (p->sector == sector && p->size == size) {
			list_del_init(&p->list);
			found = p;
			break;
		}
	}
	spin_unlock_irq(&c->lock);
	if (!found)
		return -EPROTO;
	if (ok && ldev)
		br_bm_clear_range(&ldev->bm, sector << SECTOR_SHIFT, size);
	br_rs_release(c, found);
	return 0;
}

/*
 * Receiver, at the top of its loop: the source thread found no bit left
 * and nothing in flight (only it starts runs, so that is final): end the
 * resync here, where the rest of the connection's state changes.
 */
void br_resync_check_done(struct br_conn *c)
{
	if (likely(!READ_ONCE(c->sync.scan_done)))
		return;
	WRITE_ONCE(c->sync.scan_done, false);
	if (c->sync.active && c->sync.source)
		br_rs_source_done(c);
}

static u64 br_rs_rate_kib(struct br_conn *c)
{
	if (c->conf.resync_rate)
		return c->conf.resync_rate;
	if (time_before(jiffies, READ_ONCE(c->res->last_app_io) + HZ / 5))
		return c->conf.c_min_rate;
	return c->conf.c_max_rate;
}

/*
 * Rate control, a leaky bucket: *@spent holds the bytes sent and not yet
 * paid for; every tick pays one tick's budget back.  Sleep until the
 * bucket is below one budget; the caller then adds what it sends, so a
 * run larger than a tick's budget is paid over the following ticks and
 * the long-run rate is the configured one.  False if stopping.
 */
static bool br_rs_throttle(struct br_conn *c, unsigned long *tick,
			   u64 *spent)
{
	for (;;) {
		u64 budget = br_rs_rate_kib(c) * 1024 * BR_RS_TICK / HZ;

		if (kthread_should_stop() || READ_ONCE(c->failed))
			return false;
		while (*spent && time_after_eq(jiffies, *tick + BR_RS_TICK)) {
			*tick += BR_RS_TICK;
			*spent = *spent > budget ? *spent - budget : 0;
		}
		if (!*spent)		/* no credit saved up while idle */
			*tick = jiffies;
		if (*spent < budget)
			return true;
		schedule_timeout_interruptible(*tick + BR_RS_TICK - jiffies);
	}
}

static int br_rs_read(struct br_conn *c, struct br_preq *p,
		      struct block_device *bdev)
{
	struct bio *bio = bio_alloc_bioset(bdev, p->npages, REQ_OP_READ,
					   GFP_NOIO, &br_page_bio_set);
	unsigned int i;
	int ret;

	bio->bi_iter.bi_sector = p->sector;
	for (i = 0; i < p->npages; i++)
		__bio_add_page(bio, p->pages[i],
			       min_t(u32, PAGE_SIZE, p->size - i * PAGE_SIZE), 0);
	ret = submit_bio_wait(bio);
	bio_put(bio);
	atomic64_add(p->size, &c->res->stats.disk_read);
	return ret;
}

/* Queue one run starting at bit @nr; returns bits consumed or an error. */
static int br_rs_one(struct br_conn *c, struct br_ldev *ldev, u64 nr)
{
	struct br_bitmap *bm = &ldev->bm;
	u64 end = min(nr + BR_RS_RUN_BITS, bm->nbits), last = nr + 1;
	u64 cap = get_capacity(c->res->disk) << SECTOR_SHIFT;
	struct br_preq *p;
	int ret;

	if (nr * BR_BM_BYTES_PER_BIT >= cap) {	/* past the device */
		br_bm_clear_from(bm, cap);
		return min_t(u64, bm->nbits - nr, INT_MAX);
	}
	while (last < end && br_bm_test(bm, last))
		last++;
	p = br_preq_alloc(c);
	if (!p)
		return -ENOMEM;
	p->sector = (nr * BR_BM_BYTES_PER_BIT) >> SECTOR_SHIFT;
	p->size = min_t(u64, (last - nr) * BR_BM_BYTES_PER_BIT,
			cap - nr * BR_BM_BYTES_PER_BIT);
	ret = br_pool_get(c, p, p->size);
	if (ret) {
		br_preq_free(p);
		return ret;
	}
	br_ival_lock(c->res, &p->ival, p->sector, p->size);
	ret = br_rs_read(c, p, ldev->data.bdev);
	if (ret) {
		br_err(c->res, "resync read failed at sector %llu: %d\n",
		       p->sector, ret);
		if (READ_ONCE(c->res->on_io_error) != BLKREP_IOE_PASS_ON)
			br_disk_failed(c->res);
		br_ival_unlock(c->res, &p->ival);
		br_preq_free(p);
		return ret;
	}
	p->send.xmit = br_rs_xmit;
	p->send.done = br_rs_sent;
	atomic_set(&p->refs, 2);
	atomic_inc(&c->sync.in_flight);
	spin_lock_irq(&c->lock);
	list_add_tail(&p->list, &c->rs_reqs);
	spin_unlock_irq(&c->lock);
	br_queue(c, &p->send, false);
	return last - nr;
}

static void br_rs_source_done(struct br_conn *c)
{
	struct br_resource *res = c->res;
	struct br_ldev *ldev;
	struct br_p_state st = {};
	bool unfence = false;
	int i;

	br_assert_receiver(c);
	mutex_lock(&res->state_lock);
	ldev = res->ldev;
	if (ldev) {
		br_uuid_sync_done_source(ldev->md.uuid);
		unfence = ldev->md.flags & BLKREP_MDF_PEER_OUTDATED;
		ldev->md.flags &= ~(BLKREP_MDF_FULL_SYNC |
				    BLKREP_MDF_PEER_OUTDATED);
		br_md_write_super(res, ldev);
		for (i = 0; i < BR_UUID_COUNT; i++)
			st.uuid[i] = cpu_to_be64(ldev->md.uuid[i]);
	}
	st.role = cpu_to_be32(res->role);
	st.disk_state = cpu_to_be32(res->disk_state);
	c->sync.active = false;
	WRITE_ONCE(c->peer_disk, BLKREP_DS_UPTODATE);
	mutex_unlock(&res->state_lock);
	if (br_queue_ctl(c, BR_P_RS_DONE, 0, &st, sizeof(st)))
		br_conn_fail(c, "cannot send the end of the resync");
	br_conn_set_state(c, BLKREP_CS_CONNECTED);
	br_info(res, "resync done as source: %llu KiB in %u s\n",
		c->sync.total_bits * (BR_BM_BYTES_PER_BIT / 1024),
		jiffies_to_msecs(jiffies - c->sync.start_jiffies) / 1000);
	if (unfence)		/* the peer is UpToDate again */
		br_handler_start(res, "unfence-peer");
}

static int br_resync_thread(void *arg)
{
	struct br_conn *c = arg;
	struct br_ldev *ldev = READ_ONCE(c->res->ldev);
	unsigned long tick = jiffies;
	u64 spent = 0, nr = 0;
	int ret;

	while (!kthread_should_stop() && !READ_ONCE(c->failed)) {
		nr = br_bm_find_next(&ldev->bm, nr);
		if (nr >= ldev->bm.nbits) {
			if (!atomic_read(&c->sync.in_flight)) {
				/*
				 * Anything set behind us meanwhile?  If not,
				 * the receiver ends the resync; a PING makes
				 * the peer's answer wake it.
				 */
				nr = br_bm_find_next(&ldev->bm, 0);
				if (nr >= ldev->bm.nbits) {
					WRITE_ONCE(c->sync.scan_done, true);
					br_queue_ctl(c, BR_P_PING, 0, NULL, 0);
					break;
				}
				continue;
			}
			wait_event_interruptible_timeout(c->sync.wait,
				!atomic_read(&c->sync.in_flight) ||
				kthread_should_stop(), HZ / 10);
			continue;
		}
		wait_event_interruptible_timeout(c->sync.wait,
			atomic_read(&c->sync.in_flight) < BR_RS_WINDOW ||
			kthread_should_stop(), HZ / 10);
		if (atomic_read(&c->sync.in_flight) >= BR_RS_WINDOW)
			continue;
		if (!br_rs_throttle(c, &tick, &spent))
			break;
		ret = br_rs_one(c, ldev, nr);
		if (ret < 0) {
			br_conn_fail(c, "resync failed");
			break;
		}
		nr += ret;
		spent += (u64)ret * BR_BM_BYTES_PER_BIT;
	}
	/* kthread_stop() must find us: wait for it. */
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

/* After the handshake decided; called by the receiver thread. */
int br_resync_prepare(struct br_conn *c)
{
	struct br_resource *res = c->res;
	enum br_sync_decision d = c->decision;
	bool full = d == BR_SYNC_SOURCE_FULL || d == BR_SYNC_TARGET_FULL;
	bool target = d == BR_SYNC_TARGET || d == BR_SYNC_TARGET_FULL;
	struct br_ldev *ldev;
	int ret = 0;

	br_assert_receiver(c);
	if (d == BR_SYNC_NONE)
		return 0;
	mutex_lock(&res->state_lock);
	ldev = res->ldev;
	/* Checked again here: the disk failed, or a promotion, meanwhile. */
	if (!ldev || test_bit(BR_RES_DISK_FAILED, &res->flags)) {
		mutex_unlock(&res->state_lock);
		return -ENODEV;
	}
	if (target && res->role == BLKREP_ROLE_PRIMARY) {
		mutex_unlock(&res->state_lock);
		br_err(res, "a resync would overwrite this Primary; disconnecting\n");
		return -EPROTO;
	}
	/* Only the size both disks hold is synced (unequal disks). */
	if (full) {
		br_bm_set_range(&ldev->bm, 0, c->agreed_bytes);
		ldev->md.flags |= BLKREP_MDF_FULL_SYNC;
	}
	br_bm_clear_from(&ldev->bm, c->agreed_bytes);
	if (target) {
		/* Until the resync is done our data is not a consistent image. */
		ldev->md.flags &= ~(BLKREP_MDF_CONSISTENT |
				    BLKREP_MDF_WAS_UPTODATE);
		res->disk_state = BLKREP_DS_INCONSISTENT;
		ret = br_md_write_super(res, ldev);
	}
	/*
	 * The source's data is the newest either node has (the UUID rules
	 * chose it): a Consistent disk, as every disk attaches, is UpToDate.
	 */
	if (!target && res->disk_state == BLKREP_DS_CONSISTENT) {
		res->disk_state = BLKREP_DS_UPTODATE;
		br_info(res, "resync source: UpToDate\n");
	}
	c->sync.active = true;
	c->sync.source = !target;
	WRITE_ONCE(c->sync.scan_done, false);
	if (!target)
		WRITE_ONCE(c->peer_disk, BLKREP_DS_INCONSISTENT);
	mutex_unlock(&res->state_lock);
	return ret;
}

/* The peer's whole bitmap is merged into ours: resync can begin. */
int br_resync_bitmap_received(struct br_conn *c)
{
	struct br_ldev *ldev = READ_ONCE(c->res->ldev);
	struct task_struct *t;

	if (!c->sync.active) {
		br_conn_set_state(c, BLKREP_CS_CONNECTED);
		return 0;
	}
	c->sync.total_bits = atomic64_read(&ldev->bm.weight);
	c->sync.start_jiffies = c->sync.last_jiffies = jiffies;
	c->sync.last_left_bits = c->sync.total_bits;
	c->sync.rate_kib = 0;
	WRITE_ONCE(c->sync.scan_done, false);
	br_info(c->res, "resync starts as %s: %llu KiB out of sync\n",
		c->sync.source ? "source" : "target",
		c->sync.total_bits * (BR_BM_BYTES_PER_BIT / 1024));
	if (!c->sync.source) {
		br_conn_set_state(c, BLKREP_CS_SYNCTARGET);
		return 0;
	}
	br_conn_set_state(c, BLKREP_CS_SYNCSOURCE);
	if (!c->sync.total_bits) {	/* nothing to send: done at once */
		br_rs_source_done(c);
		return 0;
	}
	/* A finished resync's thread waits to be stopped: reap it first. */
	if (c->sync_task) {
		kthread_stop(c->sync_task);
		c->sync_task = NULL;
	}
	t = kthread_run(br_resync_thread, c, "blkrep_%s_sync", c->res->name);
	if (IS_ERR(t))
		return PTR_ERR(t);
	c->sync_task = t;
	return 0;
}

/* Target: the source is done; adopt its UUIDs if every bit is clear. */
int br_resync_done_received(struct br_conn *c, const __be64 *uuid)
{
	struct br_resource *res = c->res;
	struct br_ldev *ldev;
	u64 left;
	int i;

	if (!c->sync.active || c->sync.source)
		return -EPROTO;
	mutex_lock(&res->state_lock);
	ldev = res->ldev;
	left = atomic64_read(&ldev->bm.weight);
	c->sync.active = false;
	if (left) {
		mutex_unlock(&res->state_lock);
		br_err(res, "resync ended with %llu KiB still out of sync; reconnecting\n",
		       left * (BR_BM_BYTES_PER_BIT / 1024));
		return -EIO;
	}
	for (i = 0; i < BR_UUID_COUNT; i++)
		ldev->md.uuid[i] = be64_to_cpu(uuid[i]);
	ldev->md.flags |= BLKREP_MDF_CONSISTENT | BLKREP_MDF_WAS_UPTODATE;
	ldev->md.flags &= ~(BLKREP_MDF_FULL_SYNC | BLKREP_MDF_OUTDATED);
	res->disk_state = BLKREP_DS_UPTODATE;
	/*
	 * The resync writes must be stable before the superblock says
	 * UpToDate; its own flush covers them only with internal metadata.
	 */
	if (ldev->meta.bdev)
		blkdev_issue_flush(ldev->data.bdev);
	br_bm_write_dirty(res, ldev);
	br_md_write_super(res, ldev);
	mutex_unlock(&res->state_lock);
	br_conn_set_state(c, BLKREP_CS_CONNECTED);
	/*
	 * Tell the source: our STATE sent with the bitmap (Inconsistent)
	 * may reach it after it ended the resync and took us as UpToDate.
	 */
	br_conn_send_state(c);
	br_info(res, "resync done as target: UpToDate, current UUID %016llx\n",
		ldev->md.uuid[BR_UUID_CURRENT]);
	br_handler_start(res, "after-resync-target");
	return 0;
}

/* Teardown: stop the source thread, release what waits for RS_ACK. */
void br_resync_stop(struct br_conn *c)
{
	struct br_preq *p, *tmp;
	LIST_HEAD(list);

	if (c->sync_task) {
		kthread_stop(c->sync_task);
		c->sync_task = NULL;
	}
	spin_lock_irq(&c->lock);
	list_splice_init(&c->rs_reqs, &list);
	spin_unlock_irq(&c->lock);
	list_for_each_entry_safe(p, tmp, &list, list) {
		list_del_init(&p->list);
		br_rs_release(c, p);
	}
	c->sync.active = false;
	WRITE_ONCE(c->sync.scan_done, false);	/* this connection's */
}

/* Progress for status: KiB total and left, KiB/s over the last second. */
void br_resync_progress(struct br_conn *c, u64 *total, u64 *left, u64 *rate)
{
	struct br_ldev *ldev = READ_ONCE(c->res->ldev);
	u64 now_left = ldev ? atomic64_read(&ldev->bm.weight) : 0;
	unsigned long dt = jiffies - c->sync.last_jiffies;

	if (dt >= HZ) {
		u64 done = c->sync.last_left_bits > now_left ?
			   c->sync.last_left_bits - now_left : 0;

		c->sync.rate_kib = done * (BR_BM_BYTES_PER_BIT / 1024) * HZ / dt;
		c->sync.last_left_bits = now_left;
		c->sync.last_jiffies = jiffies;
	}
	*total = c->sync.total_bits * (BR_BM_BYTES_PER_BIT / 1024);
	*left = now_left * (BR_BM_BYTES_PER_BIT / 1024);
	*rate = c->sync.rate_kib;
}
