// SPDX-License-Identifier: GPL-2.0
/*
 * The receiver: reads packets after the handshake and dispatches them
 * through a table, one handler per packet type.  Every field that came from
 * the network is checked before it is used; anything wrong ends the
 * connection with a logged reason (-EPROTO), never the node.
 *
 * Writes from the peer (P_DATA, P_RS_DATA) are read into pages from the
 * connection's pool, wait for overlapping writes in flight (interval
 * locks) and, with BR_DF_BARRIER, for all earlier writes, then go to the
 * local disk.  Their completion queues the ack the protocol asks for.
 */
#include <linux/bio.h>
#include <linux/crc32c.h>
#include <linux/blkdev.h>
#include <linux/vmalloc.h>
#include <net/sock.h>
#include "blkrep.h"

/* A received packet: header fields in host order, fixed part read. */
struct br_rx {
	u16 type, flags;
	u32 data_len;		/* bytes after the fixed part, still unread */
	u32 csum;
	union {
		struct br_p_data data;
		struct br_p_ack ack;
		struct br_p_state state;
		struct br_p_bitmap bitmap;
		struct br_p_params params;
		u8 raw[sizeof(struct br_p_params)];
	} u;
	u32 fixed_len;
};

static int br_proto_err(struct br_conn *c, const char *what)
{
	br_err(c->res, "protocol error from the peer: %s; disconnecting\n",
	       what);
	return -EPROTO;
}


static u32 br_csum_page_array(u32 crc, struct page **pages, size_t len)
{
	size_t off;

	for (off = 0; off < len; off += PAGE_SIZE) {
		void *p = kmap_local_page(pages[off / PAGE_SIZE]);

		crc = crc32c(crc, p, min_t(size_t, PAGE_SIZE, len - off));
		kunmap_local(p);
	}
	return crc;
}

/* With data-integrity-alg: the payload must match the header's crc32c. */
static int br_rx_check_csum(struct br_conn *c, struct br_rx *rx,
			    struct page **pages)
{
	u32 crc;

	if (!c->conf.integrity)
		return 0;
	crc = crc32c(0, rx->u.raw, rx->fixed_len);
	if (pages)
		crc = br_csum_page_array(crc, pages, rx->data_len);
	if (crc != rx->csum) {
		br_err(c->res, "data integrity check failed (crc32c mismatch, packet type %u); disconnecting\n",
		       rx->type);
		return -EBADMSG;
	}
	return 0;
}

void br_peer_write_put(struct br_conn *c)
{
	unsigned long flags;

	/* Under the lock: teardown waits with it, then may free @c. */
	spin_lock_irqsave(&c->lock, flags);
	if (atomic_dec_and_test(&c->peer_writes))
		wake_up_all(&c->peer_wait);
	spin_unlock_irqrestore(&c->lock, flags);
}

/* --- acks we send ------------------------------------------------------ */

static int br_preq_ack_xmit(struct br_conn *c, struct br_send *s, bool more)
{
	struct br_preq *p = container_of(s, struct br_preq, send);
	struct br_p_ack a = {
		.sector = cpu_to_be64(p->sector),
		.id = cpu_to_be64(p->id),
		.size = cpu_to_be32(p->size),
	};

	return br_xmit(c, p->ack_type, 0, &a, sizeof(a), NULL, more);
}

static void br_preq_ack_done(struct br_conn *c, struct br_send *s, int err)
{
	struct br_preq *p = container_of(s, struct br_preq, send);

	atomic_dec(&c->unacked);
	br_preq_free(p);
}

static void br_preq_send_ack(struct br_preq *p, u16 type)
{
	p->ack_type = type;
	p->send.xmit = br_preq_ack_xmit;
	p->send.done = br_preq_ack_done;
	br_queue(p->conn, &p->send, true);
}

/* A write from the peer is on our disk, or failed.  Any context. */
static void br_peer_write_done(struct br_preq *p)
{
	struct br_conn *c = p->conn;
	struct br_resource *res = c->res;
	bool ok = !p->error;
	bool resync = p->dflags & BR_DF_RESYNC;

	if (!ok) {
		pr_err_ratelimited("blkrep %s: writing the peer's %s data at sector %llu failed: %d\n",
				   res->name, resync ? "resync" : "replicated",
				   (unsigned long long)p->sector, p->error);
		if (READ_ONCE(res->on_io_error) != BLKREP_IOE_PASS_ON)
			br_disk_failed(res);
	}
	br_ival_unlock(res, &p->ival);
	br_pool_put(c, p);
	if (resync) {
		struct br_ldev *ldev = READ_ONCE(res->ldev);

		if (ok && ldev)
			br_bm_clear_range(&ldev->bm, p->sector << SECTOR_SHIFT,
					  p->size);
		br_preq_send_ack(p, ok ? BR_P_RS_ACK : BR_P_NEG_ACK);
	} else if (!ok || c->conf.protocol == BLKREP_PROTO_C) {
		br_preq_send_ack(p, ok ? BR_P_WRITE_ACK : BR_P_NEG_ACK);
	} else {
		atomic_dec(&c->unacked);
		br_preq_free(p);
	}
	br_peer_write_put(c);
}

static void br_peer_bio_endio(struct bio *bio)
{
	struct br_preq *p = bio->bi_private;

	p->error = blk_status_to_errno(bio->bi_status);
	if (unlikely(br_fault_io_on()) && !p->error && br_fault_local_io(true))
		p->error = -EIO;
	bio_put(bio);
	br_peer_write_done(p);
}

/*
 * A discard, zero-out or secure erase from the peer may cover GiBs, and
 * the block layer's helpers wait for all of it: that runs in a work item,
 * so the receiver goes on reading (acks, pings).  The request counts in
 * ->peer_writes and ->unacked like any write: the teardown waits for it,
 * and the backlog bound covers it.  Zeroes where the disk cannot discard
 * or secure-erase: the peer's blocks read back as zeroes either way, and
 * a secure erase never leaves the old data readable.
 */
struct br_trim {
	struct work_struct work;
	struct br_preq *p;
	struct block_device *bdev;
};

static void br_trim_do(struct br_preq *p, struct block_device *bdev)
{
	sector_t nr = p->size >> SECTOR_SHIFT;
	int err = -EOPNOTSUPP;

	if (p->dflags & BR_DF_SECURE)
		err = blkdev_issue_secure_erase(bdev, p->sector, nr, GFP_NOIO);
	else if (p->dflags & BR_DF_DISCARD)
		err = blkdev_issue_discard(bdev, p->sector, nr, GFP_NOIO);
	if (err)
		err = blkdev_issue_zeroout(bdev, p->sector, nr, GFP_NOIO,
					   (p->dflags & BR_DF_SECURE) ?
					   BLKDEV_ZERO_NOUNMAP : 0);
	p->error = err;
	br_peer_write_done(p);
}

/* The module's own queue: flushed at unload, so no trim outlives it. */
static struct workqueue_struct *br_trim_wq;

int br_receive_init(void)
{
	br_trim_wq = alloc_workqueue("blkrep_trim", WQ_UNBOUND | WQ_MEM_RECLAIM,
				     0);
	return br_trim_wq ? 0 : -ENOMEM;
}

void br_receive_exit(void)
{
	destroy_workqueue(br_trim_wq);
}

static void br_trim_work(struct work_struct *work)
{
	struct br_trim *t = container_of(work, struct br_trim, work);
	struct block_device *bdev = t->bdev;
	struct br_preq *p = t->p;

	kfree(t);
	br_trim_do(p, bdev);
}

static void br_peer_submit(struct br_conn *c, struct br_preq *p,
			   struct block_device *bdev)
{
	blk_opf_t opf = REQ_OP_WRITE | REQ_SYNC;
	struct bio *bio;
	u32 left = p->size;
	unsigned int i;

	if (p->dflags & (BR_DF_DISCARD | BR_DF_ZEROES)) {
		struct br_trim *t = kmalloc(sizeof(*t), GFP_NOIO);

		if (!t) {		/* in line, then */
			br_trim_do(p, bdev);
			return;
		}
		INIT_WORK(&t->work, br_trim_work);
		t->p = p;
		t->bdev = bdev;
		queue_work(br_trim_wq, &t->work);
		return;
	}
	if (p->dflags & BR_DF_FUA)
		opf |= REQ_FUA;
	if (p->dflags & BR_DF_PREFLUSH)
		opf |= REQ_PREFLUSH;
	bio = bio_alloc_bioset(bdev, p->npages, opf, GFP_NOIO,
			       &br_page_bio_set);
	bio->bi_iter.bi_sector = p->sector;
	bio->bi_private = p;
	bio->bi_end_io = br_peer_bio_endio;
	for (i = 0; i < p->npages; i++) {
		u32 n = min_t(u32, left, PAGE_SIZE);

		__bio_add_page(bio, p->pages[i], n, 0);
		left -= n;
	}
	submit_bio_noacct(bio);
}

/* P_DATA and P_RS_DATA: a write to apply to our disk. */
static int br_rx_write(struct br_conn *c, struct br_rx *rx)
{
	struct br_resource *res = c->res;
	struct br_ldev *ldev = READ_ONCE(res->ldev);
	bool resync = rx->type == BR_P_RS_DATA;
	u64 sector = be64_to_cpu(rx->u.data.sector);
	u32 size = be32_to_cpu(rx->u.data.size);
	u32 dflags = be32_to_cpu(rx->u.data.dflags);
	bool trim = dflags & (BR_DF_DISCARD | BR_DF_ZEROES);
	struct br_preq *p;
	int ret;

	if (dflags & ~BR_DF_ALL || size % SECTOR_SIZE ||
	    ((dflags & BR_DF_SECURE) &&
	     (!(dflags & BR_DF_DISCARD) || c->wire_version < 2)) ||
	    rx->data_len != (trim ? 0 : size) ||
	    (trim && resync) || (resync && !size) ||
	    (!size && (trim || !(dflags & BR_DF_PREFLUSH))))
		return br_proto_err(c, "malformed write");
	/*
	 * Only the Primary writes (two Primaries are never connected).  A
	 * Primary that applied its peer's writes would also deadlock: the
	 * interval lock below may wait for one of our own writes, whose
	 * ack only this thread could read.
	 */
	if (!resync && READ_ONCE(res->role) == BLKREP_ROLE_PRIMARY)
		return br_proto_err(c, "a write from the peer, but this node is Primary");
	if (!ldev || sector + (size >> SECTOR_SHIFT) < sector ||
	    sector + (size >> SECTOR_SHIFT) > get_capacity(res->disk))
		return br_proto_err(c, "write outside the device");
	if (resync && !(c->sync.active && !c->sync.source))
		return br_proto_err(c, "resync data while not SyncTarget");

	p = br_preq_alloc(c);
	if (!p)
		return -ENOMEM;
	p->sector = sector;
	p->id = be64_to_cpu(rx->u.data.id);
	p->size = size;
	p->dflags = dflags | (resync ? BR_DF_RESYNC : 0);
	ret = rx->data_len ? br_pool_get(c, p, rx->data_len) : 0;
	if (!ret && rx->data_len)
		ret = br_recv_pages(c, p->pages, rx->data_len);
	if (!ret)
		ret = br_rx_check_csum(c, rx, rx->data_len ? p->pages : NULL);
	if (ret) {
		br_preq_free(p);
		return ret;
	}
	if (dflags & BR_DF_BARRIER) {
		wait_event(c->peer_wait, !atomic_read(&c->peer_writes) ||
			   READ_ONCE(c->failed));
		if (READ_ONCE(c->failed)) {
			br_preq_free(p);
			return -ECONNABORTED;
		}
	}
	br_ival_lock(res, &p->ival, sector, size);
	atomic_inc(&c->peer_writes);
	atomic_inc(&c->unacked);
	atomic64_add(size, &res->stats.disk_write);
	if (!resync && c->conf.protocol == BLKREP_PROTO_B)
		br_queue_ctl(c, BR_P_RECV_ACK, 0, &(struct br_p_ack){
			.sector = rx->u.data.sector, .id = rx->u.data.id,
			.size = rx->u.data.size }, sizeof(struct br_p_ack));
	br_peer_submit(c, p, ldev->data.bdev);
	return 0;
}

/* Acks for our replicated writes and resync data. */
static int br_rx_ack(struct br_conn *c, struct br_rx *rx)
{
	u64 sector = be64_to_cpu(rx->u.ack.sector);
	u64 id = be64_to_cpu(rx->u.ack.id);
	u32 size = be32_to_cpu(rx->u.ack.size);

	/* Discards and write-zeroes may cover far more than BR_MAX_DATA. */
	if (size % SECTOR_SIZE || sector + (size >> SECTOR_SHIFT) < sector ||
	    sector + (size >> SECTOR_SHIFT) > get_capacity(c->res->disk))
		return br_proto_err(c, "malformed ack");
	switch (rx->type) {
	case BR_P_RS_ACK:
		if (br_resync_got_ack(c, sector, size, true))
			return br_proto_err(c, "resync ack for no resync data in flight");
		return 0;
	case BR_P_NEG_ACK:
		/*
		 * The peer does not have these blocks: a resync run's bits
		 * stay set (it is not acked), a write's request marks its own
		 * range before it completes (br_req_peer_ack()).  A NEG_ACK
		 * that answers nothing marks nothing: a protocol error.
		 */
		if (c->sync.active && c->sync.source &&
		    !br_resync_got_ack(c, sector, size, false))
			return 0;
		if (br_req_peer_ack(c, id, sector, false))
			return br_proto_err(c, "ack for no request in flight");
		/*
		 * The peer's disk failed one of our writes: it no longer holds
		 * every write we completed, yet it would still call itself
		 * UpToDate (and a cluster manager could promote it).  Drop the
		 * connection: the reconnect makes it a SyncTarget, Inconsistent
		 * until the resync got the blocks onto its disk, and fencing
		 * outdates it meanwhile.  Without a disk here the write simply
		 * failed (request.c).
		 */
		if (READ_ONCE(c->res->ldev))
			br_conn_fail(c, "the peer's disk failed a write; it resyncs on reconnect");
		return 0;
	default:
		if (br_req_peer_ack(c, id, sector, true))
			return br_proto_err(c, "ack for no request in flight");
		return 0;
	}
}

static int br_rx_bitmap(struct br_conn *c, struct br_rx *rx)
{
	struct br_ldev *ldev = READ_ONCE(c->res->ldev);
	u64 off = be64_to_cpu(rx->u.bitmap.offset);
	enum blkrep_conn_state cs = READ_ONCE(c->cstate);
	struct br_preq *p;
	int ret;

	if (cs != BLKREP_CS_WFBITMAPS && cs != BLKREP_CS_WFBITMAPT)
		return br_proto_err(c, "bitmap outside the bitmap exchange");
	if (!ldev || off > ldev->bm.bytes ||
	    rx->data_len > ldev->bm.bytes - off || rx->data_len > BR_MAX_DATA)
		return br_proto_err(c, "bitmap chunk outside the bitmap");
	p = br_preq_alloc(c);
	if (!p)
		return -ENOMEM;
	ret = rx->data_len ? br_pool_get(c, p, rx->data_len) : 0;
	if (!ret && rx->data_len)
		ret = br_recv_pages(c, p->pages, rx->data_len);
	if (!ret)
		ret = br_rx_check_csum(c, rx, rx->data_len ? p->pages : NULL);
	if (!ret) {
		size_t done;

		for (done = 0; done < rx->data_len; done += PAGE_SIZE) {
			void *va = kmap_local_page(p->pages[done / PAGE_SIZE]);

			br_bm_merge(&ldev->bm, off + done, va,
				    min_t(size_t, PAGE_SIZE,
					  rx->data_len - done),
				    DIV_ROUND_UP_ULL(c->agreed_bytes,
						     BR_BM_BYTES_PER_BIT));
			kunmap_local(va);
		}
	}
	br_preq_free(p);
	if (!ret && (rx->flags & BR_HF_LAST))
		ret = br_resync_bitmap_received(c);
	return ret;
}

static int br_rx_state(struct br_conn *c, struct br_rx *rx)
{
	u32 role = be32_to_cpu(rx->u.state.role);
	u32 disk = be32_to_cpu(rx->u.state.disk_state);

	if (role >= __BLKREP_ROLE_MAX || disk >= __BLKREP_DS_MAX)
		return br_proto_err(c, "bad state");
	if (rx->type == BR_P_RS_DONE) {
		if (!c->sync.active || c->sync.source)
			return br_proto_err(c, "resync done, but this node is not SyncTarget");
		return br_resync_done_received(c, rx->u.state.uuid);
	}
	if (role == BLKREP_ROLE_PRIMARY &&
	    READ_ONCE(c->res->role) == BLKREP_ROLE_PRIMARY) {
		br_err(c->res, "the peer became Primary too; disconnecting to keep the data apart\n");
		return -EPROTO;
	}
	if (disk == BLKREP_DS_DISKLESS &&
	    READ_ONCE(c->peer_disk) != BLKREP_DS_DISKLESS)
		br_op_peer_lost_disk(c);
	WRITE_ONCE(c->peer_role, role);
	WRITE_ONCE(c->peer_disk, disk);
	WRITE_ONCE(c->states_rx, c->states_rx + 1);
	wake_up_all(&c->state_wait);	/* br_conn_outdate_peer() */
	return 0;
}

/*
 * The peer starts a resync on the live connection: to us, or (it was
 * invalidated, BR_HF_YOU_SOURCE) from us.
 */
static int br_rx_sync_start(struct br_conn *c, struct br_rx *rx)
{
	struct br_resource *res = c->res;
	bool full = rx->flags & BR_HF_FULL;
	int ret;

	if (c->sync.active) {
		/*
		 * Both operators asked for the same resync at once (invalidate
		 * on one node, invalidate-remote on the other): each node
		 * sent its bitmap with its own SYNC_START, so the peer's is
		 * answered already.  Anything else is a second resync.
		 */
		bool peer_wants_us_source = rx->flags & BR_HF_YOU_SOURCE;
		enum blkrep_conn_state cs = READ_ONCE(c->cstate);

		if ((cs == BLKREP_CS_WFBITMAPS || cs == BLKREP_CS_WFBITMAPT) &&
		    peer_wants_us_source == c->sync.source) {
			br_info(res, "the peer asked for the resync this node started\n");
			return 0;
		}
		return br_proto_err(c, "resync start during a resync");
	}
	if (!READ_ONCE(res->ldev))
		return br_proto_err(c, "resync start, but this node has no disk");
	if (rx->flags & BR_HF_YOU_SOURCE) {
		if (READ_ONCE(res->disk_state) != BLKREP_DS_UPTODATE) {
			br_err(res, "the peer asks for our data, but this disk is %s; disconnecting\n",
			       br_disk_state_name(READ_ONCE(res->disk_state)));
			return -EPROTO;
		}
		c->decision = full ? BR_SYNC_SOURCE_FULL : BR_SYNC_SOURCE;
	} else {
		if (READ_ONCE(res->role) == BLKREP_ROLE_PRIMARY) {
			br_err(res, "the peer wants to overwrite this Primary; disconnecting\n");
			return -EPROTO;
		}
		c->decision = full ? BR_SYNC_TARGET_FULL : BR_SYNC_TARGET;
	}
	ret = br_resync_prepare(c);
	if (ret)
		return ret;
	br_conn_set_state(c, c->sync.source ? BLKREP_CS_WFBITMAPS :
					      BLKREP_CS_WFBITMAPT);
	return br_conn_send_bitmap(c);
}

static int br_rx_new_uuid(struct br_conn *c, struct br_rx *rx)
{
	if (c->sync.active)
		return br_proto_err(c, "new UUID during a resync");
	return br_op_new_uuid_received(c, rx->flags, &rx->u.state);
}

static int br_rx_read(struct br_conn *c, struct br_rx *rx)
{
	int ret;

	if (rx->type == BR_P_READ_REQ)
		ret = br_rx_read_req(c, &rx->u.data);
	else
		ret = br_rx_read_reply(c, rx->flags, rx->csum, &rx->u.data,
				       rx->data_len);
	if (ret == -EPROTO)
		return br_proto_err(c, "malformed read request or reply");
	if (ret == -EBADMSG)
		br_err(c->res, "data integrity check failed (crc32c mismatch, read reply); disconnecting\n");
	return ret;
}

static int br_rx_outdate(struct br_conn *c, struct br_rx *rx)
{
	br_op_outdated_by_peer(c);
	br_conn_send_state(c);		/* the answer, Outdated or not */
	return 0;
}

static int br_rx_ping(struct br_conn *c, struct br_rx *rx)
{
	if (rx->type == BR_P_PING)
		return br_queue_ctl(c, BR_P_PING_ACK, 0, NULL, 0);
	c->ping_sent = false;
	return 0;
}

typedef int (*br_rx_fn)(struct br_conn *c, struct br_rx *rx);

/* Packets accepted once the handshake is done. */
static const br_rx_fn br_rx_table[__BR_P_MAX] = {
	[BR_P_STATE]	 = br_rx_state,
	[BR_P_RS_DONE]	 = br_rx_state,
	[BR_P_BITMAP]	 = br_rx_bitmap,
	[BR_P_DATA]	 = br_rx_write,
	[BR_P_RS_DATA]	 = br_rx_write,
	[BR_P_RECV_ACK]	 = br_rx_ack,
	[BR_P_WRITE_ACK] = br_rx_ack,
	[BR_P_NEG_ACK]	 = br_rx_ack,
	[BR_P_RS_ACK]	 = br_rx_ack,
	[BR_P_PING]	 = br_rx_ping,
	[BR_P_PING_ACK]	 = br_rx_ping,
	[BR_P_SYNC_START] = br_rx_sync_start,
	[BR_P_NEW_UUID]	 = br_rx_new_uuid,
	[BR_P_READ_REQ]	 = br_rx_read,
	[BR_P_READ_REPLY] = br_rx_read,
	[BR_P_OUTDATE]	 = br_rx_outdate,
};

/*
 * Read one header and the fixed part.  -EAGAIN if nothing arrived within
 * the socket's receive timeout.
 */
int br_recv_packet_head(struct br_conn *c, struct br_rx_head *h, void *fixed,
			u32 fixed_max)
{
	struct br_hdr hdr;
	int fixed_len, ret;

	ret = br_recv_all(c, &hdr, sizeof(hdr), true);
	if (ret)
		return ret;
	h->type = be16_to_cpu(hdr.type);
	h->flags = be16_to_cpu(hdr.flags);
	h->csum = be32_to_cpu(hdr.csum);
	h->len = be32_to_cpu(hdr.len);
	if (be32_to_cpu(hdr.magic) != BR_WIRE_MAGIC)
		return br_proto_err(c, "bad magic");
	fixed_len = br_pkt_fixed_len(h->type);
	if (fixed_len < 0)
		return br_proto_err(c, "unknown packet type");
	if (fixed_len > fixed_max)	/* a handshake packet expected */
		return br_proto_err(c, "packet not allowed now");
	if (h->len < fixed_len ||
	    (!br_pkt_has_data(h->type) && h->len != fixed_len) ||
	    h->len - fixed_len > BR_MAX_DATA)
		return br_proto_err(c, "bad packet length");
	h->fixed_len = fixed_len;
	h->data_len = h->len - fixed_len;
	atomic64_add(sizeof(hdr) + h->len, &c->res->stats.net_recv);
	WRITE_ONCE(c->last_recv, jiffies);	/* br_conn_peer_gone() reads */
	return fixed_len ? br_recv_all(c, fixed, fixed_len, false) : 0;
}

/* Liveness: ping when idle, give up when a ping is not answered. */
static int br_rx_idle(struct br_conn *c)
{
	unsigned long idle = jiffies - c->last_recv;

	if (c->ping_sent) {
		if (idle > br_dead_time(c)) {
			br_warn(c->res, "the peer did not answer a ping; connection lost\n");
			return -ETIMEDOUT;
		}
		return 0;
	}
	if (idle >= c->conf.ping_int * HZ) {
		c->ping_sent = true;
		return br_queue_ctl(c, BR_P_PING, 0, NULL, 0);
	}
	return 0;
}

/*
 * What the peer can make us hold: every packet it sends may leave an ack,
 * a PING_ACK or a pinned request (a flush) queued until the sender got it
 * out.  Past BR_RX_BACKLOG of those the receiver reads nothing more until
 * the sender caught up, so a peer that floods us and reads slowly only
 * slows itself down (TCP's window); one that reads nothing for the
 * dead-peer time is cut off.  Data writes are bounded by the pool.
 */
#define BR_RX_BACKLOG	16384

static int br_rx_backlog(struct br_conn *c)
{
	return atomic_read(&c->unacked) + atomic_read(&c->ctl_count);
}

static int br_rx_backlog_wait(struct br_conn *c)
{
	unsigned long end;

	if (br_rx_backlog(c) <= BR_RX_BACKLOG)		/* the usual case */
		return 0;
	end = jiffies + br_dead_time(c);
	while (br_rx_backlog(c) > BR_RX_BACKLOG) {
		if (kthread_should_stop() || READ_ONCE(c->failed))
			return -ECONNABORTED;
		if (time_after(jiffies, end)) {
			br_err(c->res, "the peer does not read what we send (%d acks and control packets queued); disconnecting\n",
			       br_rx_backlog(c));
			return -ETIMEDOUT;
		}
		schedule_timeout_uninterruptible(HZ / 50);
	}
	return 0;
}

int br_receive_loop(struct br_conn *c)
{
	struct br_rx *rx;
	int ret = 0;

	rx = kzalloc(sizeof(*rx), GFP_KERNEL);
	if (!rx)
		return -ENOMEM;
	c->last_recv = jiffies;
	c->ping_sent = false;
	c->sock->sk->sk_rcvtimeo = max(c->conf.ping_timeout * HZ / 10, 1u);
	while (!ret && !kthread_should_stop() && !READ_ONCE(c->failed)) {
		struct br_rx_head h;

		br_conn_run_call(c);
		br_resync_check_done(c);
		if (unlikely(br_disk_fail_pending(c->res))) {
			br_conn_fail(c, "this node's disk failed: detaching it");
			ret = -EIO;
			break;
		}
		ret = br_rx_backlog_wait(c);
		if (ret)
			break;
		ret = br_recv_packet_head(c, &h, rx->u.raw, sizeof(rx->u.raw));
		if (ret == -EAGAIN) {
			ret = br_rx_idle(c);
			continue;
		}
		if (ret)
			break;
		rx->type = h.type;
		rx->flags = h.flags;
		rx->data_len = h.data_len;
		rx->fixed_len = h.fixed_len;
		rx->csum = h.csum;
		if (!br_rx_table[h.type]) {
			ret = br_proto_err(c, "packet not allowed now");
			break;
		}
		if (!br_pkt_has_data(h.type)) {
			ret = br_rx_check_csum(c, rx, NULL);
			if (ret)
				break;
		}
		c->ping_sent = false;
		ret = br_rx_table[h.type](c, rx);
	}
	kfree(rx);
	return ret;
}
