// SPDX-License-Identifier: GPL-2.0
/*
 * The life of an application request on /dev/blkrepN.
 *
 * Every bio is cloned onto the backing disk; the clone carries a struct
 * br_req in its front pad (no allocation beyond the bio_set's mempool).
 * Reads and everything on a node without a ready connection stay local.
 *
 * Every write takes its interval lock (an overlapping write in flight
 * finishes first, so both disks apply overlapping writes in the same
 * order).  A write while the connection is ready is also replicated:
 *
 *   1. its activity-log extents are on disk (actlog.c);
 *   2. under conn->lock, while conn->ready: it gets an id in conn->reqs
 *      (protocols B and C) and joins the data queue;
 *   3. the local clone is submitted; the sender puts P_DATA on the wire.
 *
 * req->pending counts the parts still to come: the submitter's own (dropped
 * at the end of br_submit_bio), the local write, the send, and the peer's
 * ack for B (RECV_ACK) and C (WRITE_ACK).  The last part done completes the
 * application's bio, so with protocol C a write completes only when both
 * disks have it.
 *
 * Whoever erases the id from conn->reqs owns the ack part: the receiver
 * when the ack arrives, or the connection teardown, which marks the blocks
 * out of sync (the peer may not have them) and drops the part.  A write
 * whose send failed is marked out of sync the same way.  A data-changing
 * bio that is not replicated marks its blocks before it is submitted.
 *
 * Write ordering for A and B: when an application write has completed since
 * the last P_DATA, the next one carries BR_DF_BARRIER and the peer lets its
 * earlier writes finish before submitting it.  With C no barrier is needed:
 * a completed write is already on the peer's disk.
 */
#include <linux/bio.h>
#include <linux/percpu.h>
#include "blkrep.h"

static void br_inflight_release(struct percpu_ref *ref)
{
	struct br_resource *res = container_of(ref, struct br_resource,
					       inflight);

	complete(&res->idle_done);	/* last access to res */
}

int br_io_init(struct br_resource *res)
{
	init_completion(&res->idle_done);
	mutex_init(&res->idle_lock);
	atomic_set(&res->io_frozen, 0);
	spin_lock_init(&res->ival_lock);
	INIT_LIST_HEAD(&res->ivals);
	init_waitqueue_head(&res->ival_wait);
	init_waitqueue_head(&res->thaw_wait);
	br_ioerr_init(res);
	atomic_set(&res->unmirrored, 0);
	res->app_pending = alloc_percpu(int);
	if (!res->app_pending)
		return -ENOMEM;
	if (percpu_ref_init(&res->inflight, br_inflight_release,
			    PERCPU_REF_ALLOW_REINIT, GFP_KERNEL)) {
		free_percpu(res->app_pending);
		return -ENOMEM;
	}
	return 0;
}

/*
 * Fencing with resource-and-stonith, or a failing disk being dropped: new
 * application I/O waits in br_submit_bio() until every freeze is thawed.
 * Bios already accepted go on.
 */
void br_io_freeze(struct br_resource *res)
{
	atomic_inc(&res->io_frozen);
}

void br_io_thaw(struct br_resource *res)
{
	if (atomic_dec_and_test(&res->io_frozen))
		wake_up_all(&res->thaw_wait);
}

/* Only once no bio can be in flight (the device is gone or idle). */
void br_io_exit(struct br_resource *res)
{
	percpu_ref_exit(&res->inflight);
	free_percpu(res->app_pending);
}

/*
 * Wait until every bio accepted so far has completed.  Callers guarantee
 * that none is submitted meanwhile (the device is not open).
 */
void br_wait_idle(struct br_resource *res)
{
	mutex_lock(&res->idle_lock);
	reinit_completion(&res->idle_done);
	percpu_ref_kill(&res->inflight);
	wait_for_completion(&res->idle_done);
	percpu_ref_resurrect(&res->inflight);
	mutex_unlock(&res->idle_lock);
	wake_up_all(&res->thaw_wait);	/* submitters that found it dead */
}

unsigned int br_app_pending(struct br_resource *res)
{
	int cpu, sum = 0;

	for_each_possible_cpu(cpu)
		sum += *per_cpu_ptr(res->app_pending, cpu);
	return max(sum, 0);
}

static bool br_bio_changes_data(struct bio *bio)
{
	switch (bio_op(bio)) {
	case REQ_OP_WRITE:
	case REQ_OP_DISCARD:
	case REQ_OP_WRITE_ZEROES:
	case REQ_OP_SECURE_ERASE:
		return true;
	default:
		return false;
	}
}

/* Set @req's blocks in the bitmap (if it changes data and a disk is there). */
static void br_req_set_bits(struct br_req *req)
{
	struct br_ldev *ldev = READ_ONCE(req->res->ldev);

	if (ldev && br_bio_changes_data(req->master))
		br_bm_set_range(&ldev->bm, (u64)req->ival.start << SECTOR_SHIFT,
				(u64)(req->ival.end - req->ival.start) <<
				SECTOR_SHIFT);
}

/* The peer lacks @req's blocks. */
static void br_req_mark_oos(struct br_req *req)
{
	req->oos_marked = true;
	br_req_set_bits(req);
}

void br_req_put(struct br_req *req)
{
	struct br_resource *res = req->res;
	struct bio *master = req->master;
	struct br_conn *c;

	if (!atomic_dec_and_test(&req->pending))
		return;
	/*
	 * Without a good local copy (the disk failed or is gone), a write
	 * succeeded if the peer has it; a read's status is the peer's reply.
	 */
	if ((req->local_failed || req->diskless) &&
	    op_is_write(bio_op(master)))
		req->status = req->mirrored && !req->oos_marked ?
			      BLK_STS_OK : BLK_STS_IOERR;
	master->bi_status = req->status;
	br_ival_unlock(res, &req->ival);
	br_actlog_end(req, req->mirrored && !req->oos_marked &&
			   req->status == BLK_STS_OK);
	if (req->local_only)
		atomic_dec(&res->unmirrored);
	c = &res->conn;
	if (req->mirrored && c->conf.protocol != BLKREP_PROTO_C)
		WRITE_ONCE(c->barrier_due, true);
	bio_put(&req->clone);		/* frees req */
	bio_endio(master);
	this_cpu_dec(*res->app_pending);
	percpu_ref_put(&res->inflight);
}

static void br_clone_endio(struct bio *clone)
{
	struct br_req *req = container_of(clone, struct br_req, clone);
	struct br_resource *res = req->res;
	bool write = op_is_write(bio_op(clone));

	req->status = clone->bi_status;
	if (unlikely(br_fault_io_on()) && !req->status &&
	    br_fault_local_io(write))
		req->status = BLK_STS_IOERR;
	if (unlikely(req->status) &&
	    READ_ONCE(res->on_io_error) != BLKREP_IOE_PASS_ON) {
		br_disk_failed(res);
		req->local_failed = true;
		/* A failed read is tried again on the peer (any context). */
		if (!write && br_req_read_remote(req)) {
			br_req_put(req);	/* the local part */
			return;
		}
	}
	/*
	 * The peer may have what our disk failed to write: resync it (not
	 * oos_marked: that says the peer lacks it).
	 */
	if (unlikely(req->status))
		br_req_set_bits(req);
	br_req_put(req);
}

/* The P_DATA packet of a replicated write. */
static int br_req_xmit(struct br_conn *c, struct br_send *s, bool more)
{
	struct br_req *req = container_of(s, struct br_req, send);
	struct bio *bio = req->master;
	u32 dflags = 0, size = bio->bi_iter.bi_size;
	struct br_p_data d;
	struct iov_iter it;
	bool has_data = bio_op(bio) == REQ_OP_WRITE && size;

	if (bio->bi_opf & REQ_FUA)
		dflags |= BR_DF_FUA;
	if (bio->bi_opf & REQ_PREFLUSH)
		dflags |= BR_DF_PREFLUSH;
	if (bio_op(bio) == REQ_OP_DISCARD)
		dflags |= BR_DF_DISCARD;
	/* A peer before wire version 2 zeroes: never a plain discard. */
	if (bio_op(bio) == REQ_OP_SECURE_ERASE)
		dflags |= READ_ONCE(c->wire_version) >= 2 ?
			  BR_DF_DISCARD | BR_DF_SECURE : BR_DF_ZEROES;
	if (bio_op(bio) == REQ_OP_WRITE_ZEROES)
		dflags |= BR_DF_ZEROES;
	if (c->conf.protocol != BLKREP_PROTO_C &&
	    xchg(&c->barrier_due, false))
		dflags |= BR_DF_BARRIER;
	d.sector = cpu_to_be64(bio->bi_iter.bi_sector);
	d.id = cpu_to_be64(req->id);
	d.size = cpu_to_be32(size);
	d.dflags = cpu_to_be32(dflags);
	if (has_data) {
		iov_iter_bvec(&it, ITER_SOURCE,
			      __bvec_iter_bvec(bio->bi_io_vec, bio->bi_iter),
			      bio->bi_vcnt - bio->bi_iter.bi_idx, size);
		it.iov_offset = bio->bi_iter.bi_bvec_done;
	}
	return br_xmit(c, BR_P_DATA, 0, &d, sizeof(d),
		       has_data ? &it : NULL, more);
}

/* The send part is done (sent, or failed). */
static void br_req_send_done(struct br_conn *c, struct br_send *s, int err)
{
	struct br_req *req = container_of(s, struct br_req, send);

	if (err)
		br_req_mark_oos(req);
	br_req_put(req);
}

/*
 * The peer answered for request @id at @sector (protocols B and C).
 * -EPROTO if no such request is waiting: the peer is confused or hostile.
 */
int br_req_peer_ack(struct br_conn *c, u64 id, u64 sector, bool ok)
{
	struct br_req *req;

	if (id > U32_MAX)
		return -EPROTO;
	xa_lock_irq(&c->reqs);
	req = xa_load(&c->reqs, id);
	if (!req || req->ival.start != sector) {
		xa_unlock_irq(&c->reqs);
		return -EPROTO;
	}
	__xa_erase(&c->reqs, id);
	xa_unlock_irq(&c->reqs);
	atomic_dec(&c->pending);
	if (!ok)
		br_req_mark_oos(req);
	br_req_put(req);
	return 0;
}

/* Teardown: nobody will answer the requests still waiting for the peer. */
void br_req_fail_all(struct br_conn *c)
{
	struct br_req *req;
	unsigned long id;

	xa_for_each(&c->reqs, id, req) {
		if (xa_erase_irq(&c->reqs, id) != req)
			continue;
		br_req_mark_oos(req);
		br_req_put(req);
	}
	atomic_set(&c->pending, 0);
}

/*
 * Try to replicate @req.  Returns false if the connection is not ready, in
 * which case the caller marks the blocks out of sync.
 */
static bool br_req_replicate(struct br_resource *res, struct br_req *req)
{
	struct br_conn *c = &res->conn;
	bool two_acks, ok;
	u32 id = 0;

	if (!READ_ONCE(c->ready))
		return false;
	two_acks = c->conf.protocol != BLKREP_PROTO_A;

	/*
	 * Under conn->lock with ->ready: the teardown, which clears ->ready
	 * under the same lock before it fails every request in ->reqs and in
	 * the queue, cannot miss this one.  The xarray's lock nests inside
	 * (irqs are off here; elsewhere it is taken with xa_*_irq).
	 */
	spin_lock_irq(&c->lock);
	/* A peer without a disk has nowhere to put it: local only. */
	ok = c->ready && c->sending &&
	     READ_ONCE(c->peer_disk) != BLKREP_DS_DISKLESS;
	if (ok && two_acks) {
		xa_lock(&c->reqs);
		ok = !__xa_alloc(&c->reqs, &id, req, xa_limit_32b, GFP_ATOMIC);
		xa_unlock(&c->reqs);
	}
	if (!ok) {
		spin_unlock_irq(&c->lock);
		return false;
	}
	req->id = id;
	req->mirrored = true;
	atomic_add(two_acks ? 2 : 1, &req->pending);
	if (two_acks)
		atomic_inc(&c->pending);
	list_add_tail(&req->send.list, &c->data_q);
	spin_unlock_irq(&c->lock);
	wake_up(&c->send_wait);
	return true;
}

/*
 * A Primary without a disk (it failed, on-io-error detach): writes go to
 * the peer only, reads come from it.  The clone is a container for the
 * request and is never submitted.
 */
static void br_submit_diskless(struct br_resource *res, struct br_req *req)
{
	struct bio *bio = req->master;

	req->diskless = true;
	atomic_set(&req->pending, 1);	/* the submitter; the peer adds its */
	if (bio_op(bio) == REQ_OP_READ) {
		if (!br_req_read_remote(req))
			req->status = BLK_STS_IOERR;
	} else {
		br_ival_lock(res, &req->ival, bio->bi_iter.bi_sector,
			     br_bio_changes_data(bio) ? bio->bi_iter.bi_size : 0);
		if (!br_req_replicate(res, req))
			req->status = BLK_STS_IOERR;
	}
	br_req_put(req);
}

void br_submit_bio(struct bio *bio)
{
	struct br_resource *res = bio->bi_bdev->bd_disk->private_data;
	struct br_ldev *ldev;
	struct bio *clone;
	u64 bytes;
	struct br_req *req;

	/*
	 * A bio-based driver splits for itself: no read or write may exceed
	 * one packet's data (BR_MAX_DATA, the queue's max_hw_sectors), which
	 * multi-page bvecs would otherwise allow.
	 */
	bio = bio_split_to_limits(bio);
	if (!bio)
		return;
	bytes = bio->bi_iter.bi_size;
	/*
	 * The reference first, then the disk: a failing disk is swapped out
	 * only after every bio that holds a reference completed (ioerr.c),
	 * and newcomers wait here meanwhile.
	 */
	wait_event(res->thaw_wait, !atomic_read(&res->io_frozen) &&
				   percpu_ref_tryget_live(&res->inflight));
	ldev = READ_ONCE(res->ldev);
	if (unlikely(op_is_write(bio_op(bio)) &&
		     READ_ONCE(res->role) != BLKREP_ROLE_PRIMARY) ||
	    unlikely(!ldev && (READ_ONCE(res->role) != BLKREP_ROLE_PRIMARY ||
			       !br_remote_read_possible(res)))) {
		bio_io_error(bio);
		percpu_ref_put(&res->inflight);
		return;
	}
	clone = bio_alloc_clone(ldev ? ldev->data.bdev : bio->bi_bdev, bio,
				GFP_NOIO, &br_bio_set);
	if (unlikely(!clone)) {
		bio_io_error(bio);
		percpu_ref_put(&res->inflight);
		return;
	}
	req = container_of(clone, struct br_req, clone);
	req->res = res;
	req->master = bio;
	req->mirrored = false;
	req->local_only = false;
	req->oos_marked = false;
	req->remote_read = false;
	req->diskless = false;
	req->local_failed = false;
	req->al_state = 0;
	req->status = BLK_STS_OK;
	req->send.xmit = br_req_xmit;
	req->send.done = br_req_send_done;
	req->ival.start = bio->bi_iter.bi_sector;
	req->ival.end = req->ival.start + (bytes >> SECTOR_SHIFT);
	INIT_LIST_HEAD(&req->ival.list);
	atomic_set(&req->pending, 2);	/* submitter + local */
	clone->bi_private = req;
	clone->bi_end_io = br_clone_endio;
	this_cpu_inc(*res->app_pending);
	if (READ_ONCE(res->last_app_io) != jiffies)
		WRITE_ONCE(res->last_app_io, jiffies);
	if (unlikely(!ldev)) {
		br_submit_diskless(res, req);
		return;
	}
	/* A write waits for its activity-log extents (actlog.c). */
	if (br_bio_changes_data(bio) && !br_actlog_begin(req))
		return;
	br_req_admit(req);
}

/* A request that never reached the disk fails (the log is unwritable). */
void br_req_fail(struct br_req *req)
{
	req->status = BLK_STS_IOERR;
	atomic_set(&req->pending, 1);
	br_req_put(req);
}

/*
 * The local disk cannot take write @req (its activity log could not be
 * written) and is being detached: the peer's copy alone decides.
 */
void br_req_admit_remote(struct br_req *req)
{
	struct bio *bio = req->master;

	req->local_failed = true;
	br_ival_lock(req->res, &req->ival, bio->bi_iter.bi_sector,
		     bio->bi_iter.bi_size);
	br_req_replicate(req->res, req);
	atomic_dec(&req->pending);	/* the local part, never submitted */
	br_req_put(req);
}

/*
 * Replicate (or mark out of sync) and submit; the submitter's part of
 * @req is dropped at the end.  From br_submit_bio, or from the activity
 * log's work item once the extents are on disk.
 */
void br_req_admit(struct br_req *req)
{
	struct br_resource *res = req->res;
	struct br_ldev *ldev = READ_ONCE(res->ldev);
	struct bio *bio = req->master;
	struct bio *clone = &req->clone;
	u64 bytes = bio->bi_iter.bi_size;

	/*
	 * Every write holds its interval, replicated or not: a local-only
	 * write must not mark blocks that an overlapping replicated write
	 * in flight clears when it completes (actlog.c, big writes).
	 */
	if (op_is_write(bio_op(bio)))
		br_ival_lock(res, &req->ival, bio->bi_iter.bi_sector,
			     br_bio_changes_data(bio) ? bio->bi_iter.bi_size : 0);
	if (op_is_write(bio_op(bio)) && !br_req_replicate(res, req) &&
	    br_bio_changes_data(bio)) {
		req->local_only = true;
		atomic_inc(&res->unmirrored);
		br_bm_set_range(&ldev->bm, (u64)req->ival.start << SECTOR_SHIFT,
				bytes);
	}
	if (br_bio_changes_data(bio))
		atomic64_add(bytes, &res->stats.disk_write);
	else if (bio_op(bio) == REQ_OP_READ)
		atomic64_add(bytes, &res->stats.disk_read);
	submit_bio_noacct(clone);
	br_req_put(req);
}
