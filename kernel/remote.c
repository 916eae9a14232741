// SPDX-License-Identifier: GPL-2.0
/*
 * Reads served by the peer: a Primary whose disk failed (on-io-error
 * detach) reads through the peer, and a local read that fails is retried
 * there.
 *
 * Primary: the request gets an id in conn->reqs (as a write does for its
 * ack) and a P_READ_REQ joins the data queue, behind any write it must not
 * overtake.  The receiver reads P_READ_REPLY straight into the
 * application's bio.  Until a good reply arrives the request's status is
 * an I/O error, so a lost connection fails it.
 *
 * Peer: P_READ_REQ is read from the local disk into pool pages and
 * answered with the data, or with BR_DF_ERROR.  It counts as a peer write
 * for teardown (its pages belong to the connection's pool).
 */
#include <linux/bio.h>
#include <linux/uio.h>
#include "blkrep.h"

/* --- Primary ------------------------------------------------------------ */

bool br_remote_read_possible(struct br_resource *res)
{
	return READ_ONCE(res->conn.ready) &&
	       READ_ONCE(res->conn.peer_disk) == BLKREP_DS_UPTODATE;
}

static int br_read_req_xmit(struct br_conn *c, struct br_send *s, bool more)
{
	struct br_req *req = container_of(s, struct br_req, send);
	struct bio *bio = req->master;
	struct br_p_data d = {
		.sector = cpu_to_be64(bio->bi_iter.bi_sector),
		.id = cpu_to_be64(req->id),
		.size = cpu_to_be32(bio->bi_iter.bi_size),
	};

	return br_xmit(c, BR_P_READ_REQ, 0, &d, sizeof(d), NULL, more);
}

/*
 * Ask the peer for @req's blocks.  Any context.  False when the connection
 * is not ready (the caller fails the read).
 */
bool br_req_read_remote(struct br_req *req)
{
	struct br_conn *c = &req->res->conn;
	unsigned long flags;
	bool ok;
	u32 id;

	spin_lock_irqsave(&c->lock, flags);
	ok = c->ready && c->sending;
	if (ok) {
		xa_lock(&c->reqs);
		ok = !__xa_alloc(&c->reqs, &id, req, xa_limit_32b, GFP_ATOMIC);
		xa_unlock(&c->reqs);
	}
	if (!ok) {
		spin_unlock_irqrestore(&c->lock, flags);
		return false;
	}
	req->id = id;
	req->remote_read = true;
	req->send.xmit = br_read_req_xmit;	/* ->done stays br_req_send_done */
	req->status = BLK_STS_IOERR;	/* until the reply says otherwise */
	atomic_add(2, &req->pending);	/* the send and the reply */
	atomic_inc(&c->pending);
	list_add_tail(&req->send.list, &c->data_q);
	spin_unlock_irqrestore(&c->lock, flags);
	wake_up(&c->send_wait);
	return true;
}

/* P_READ_REPLY: the data of a read we asked for, into the bio. */
int br_rx_read_reply(struct br_conn *c, u16 hflags, u32 csum,
		     const struct br_p_data *d, u32 data_len)
{
	u64 sector = be64_to_cpu(d->sector);
	u64 id = be64_to_cpu(d->id);
	u32 size = be32_to_cpu(d->size);
	u32 dflags = be32_to_cpu(d->dflags);
	bool failed = dflags & BR_DF_ERROR;
	struct br_req *req;
	struct iov_iter it;
	struct bio *bio;
	int ret;

	if (id > U32_MAX || (dflags & ~BR_DF_ERROR) ||
	    data_len != (failed ? 0 : size))
		return -EPROTO;
	req = xa_load(&c->reqs, id);	/* only this thread erases ids */
	if (!req || !req->remote_read)
		return -EPROTO;
	bio = req->master;
	if (bio->bi_iter.bi_sector != sector || bio->bi_iter.bi_size != size)
		return -EPROTO;
	if (!failed) {
		iov_iter_bvec(&it, ITER_DEST,
			      __bvec_iter_bvec(bio->bi_io_vec, bio->bi_iter),
			      bio->bi_vcnt - bio->bi_iter.bi_idx, size);
		it.iov_offset = bio->bi_iter.bi_bvec_done;
		ret = br_recv_iter(c, &it);
		if (ret)
			return ret;
		if (c->conf.integrity) {
			it.iov_offset = bio->bi_iter.bi_bvec_done;
			iov_iter_bvec(&it, ITER_SOURCE,
				      __bvec_iter_bvec(bio->bi_io_vec,
						       bio->bi_iter),
				      bio->bi_vcnt - bio->bi_iter.bi_idx, size);
			it.iov_offset = bio->bi_iter.bi_bvec_done;
			if (br_payload_csum(d, sizeof(*d), &it) != csum)
				return -EBADMSG;
		}
		req->status = BLK_STS_OK;
	}
	xa_erase_irq(&c->reqs, id);
	atomic_dec(&c->pending);
	br_req_put(req);
	return 0;
}

/* --- peer ----------------------------------------------------------------- */

static int br_read_reply_xmit(struct br_conn *c, struct br_send *s, bool more)
{
	struct br_preq *p = container_of(s, struct br_preq, send);
	struct br_p_data d = {
		.sector = cpu_to_be64(p->sector),
		.id = cpu_to_be64(p->id),
		.size = cpu_to_be32(p->size),
		.dflags = cpu_to_be32(p->error ? BR_DF_ERROR : 0),
	};
	struct iov_iter it;

	if (p->error)
		return br_xmit(c, BR_P_READ_REPLY, 0, &d, sizeof(d), NULL, more);
	br_pages_iter(c, &it, p->pages, p->size);
	return br_xmit(c, BR_P_READ_REPLY, 0, &d, sizeof(d), &it, more);
}

static void br_read_reply_done(struct br_conn *c, struct br_send *s, int err)
{
	struct br_preq *p = container_of(s, struct br_preq, send);

	br_pool_put(c, p);
	br_preq_free(p);
	br_peer_write_put(c);
}

static void br_peer_read_endio(struct bio *bio)
{
	struct br_preq *p = bio->bi_private;
	struct br_resource *res = p->conn->res;

	p->error = blk_status_to_errno(bio->bi_status);
	bio_put(bio);
	if (p->error && READ_ONCE(res->on_io_error) != BLKREP_IOE_PASS_ON)
		br_disk_failed(res);	/* the peer gets the error */
	atomic64_add(p->size, &res->stats.disk_read);
	br_queue(p->conn, &p->send, false);
}

/* P_READ_REQ: read the blocks from our disk and send them back. */
int br_rx_read_req(struct br_conn *c, const struct br_p_data *d)
{
	struct br_resource *res = c->res;
	struct br_ldev *ldev = READ_ONCE(res->ldev);
	u64 sector = be64_to_cpu(d->sector);
	u32 size = be32_to_cpu(d->size);
	struct br_preq *p;
	struct bio *bio;
	unsigned int i;
	int ret;

	if (!size || size % SECTOR_SIZE || size > BR_MAX_DATA || d->dflags ||
	    sector + (size >> SECTOR_SHIFT) < sector ||
	    sector + (size >> SECTOR_SHIFT) > get_capacity(res->disk))
		return -EPROTO;
	p = br_preq_alloc(c);
	if (!p)
		return -ENOMEM;
	p->sector = sector;
	p->id = be64_to_cpu(d->id);
	p->size = size;
	p->send.xmit = br_read_reply_xmit;
	p->send.done = br_read_reply_done;
	atomic_inc(&c->peer_writes);
	ret = br_pool_get(c, p, size);
	if (ret) {
		br_preq_free(p);
		br_peer_write_put(c);
		return ret;
	}
	if (!ldev || READ_ONCE(res->disk_state) != BLKREP_DS_UPTODATE) {
		p->error = -EIO;
		br_queue(c, &p->send, false);
		return 0;
	}
	bio = bio_alloc_bioset(ldev->data.bdev, p->npages, REQ_OP_READ,
			       GFP_NOIO, &br_page_bio_set);
	bio->bi_iter.bi_sector = sector;
	bio->bi_private = p;
	bio->bi_end_io = br_peer_read_endio;
	for (i = 0; i < p->npages; i++)
		__bio_add_page(bio, p->pages[i],
			       min_t(u32, PAGE_SIZE, size - i * PAGE_SIZE), 0);
	submit_bio_noacct(bio);
	return 0;
}
