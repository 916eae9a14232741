// SPDX-License-Identifier: GPL-2.0
/*
 * The connection's life.  One receiver thread per connected resource runs
 * this loop until DISCONNECT:
 *
 *   WFConnection   the node whose address sorts lower connects, the other
 *                  accepts (only from the peer's address);
 *   WFReportParams handshake (handshake.c): versions, authentication,
 *                  sizes, UUIDs; a refusal that no retry can fix (split
 *                  brain, unrelated data, too small) goes StandAlone;
 *   WFBitMapS/T    sender started, writes mirrored, bitmaps exchanged;
 *   SyncSource/T   resync (resync.c), then Connected;
 *   teardown       on any error: stop mirroring, fail what waits for the
 *                  peer into the bitmap, wait for the peer's writes in
 *                  flight, close the socket; then start over.
 *
 * The struct br_conn lives as long as its resource, so the I/O path may
 * look at it at any time; ->ready under ->lock says whether to mirror.
 */
#include <linux/slab.h>
#include <linux/random.h>
#include <linux/delay.h>
#include <linux/vmalloc.h>
#include "blkrep.h"

#define BR_POOL_PAGES	1024	/* 4 MiB for peer writes and resync reads */
#define BR_BM_CHUNK	(64u << 10)

void br_conn_init(struct br_resource *res)
{
	struct br_conn *c = &res->conn;

	c->res = res;
	c->cstate = BLKREP_CS_STANDALONE;
	c->peer_role = BLKREP_ROLE_UNKNOWN;
	c->peer_disk = BLKREP_DS_DUNKNOWN;
	spin_lock_init(&c->lock);
	INIT_LIST_HEAD(&c->ctl_q);
	INIT_LIST_HEAD(&c->data_q);
	INIT_LIST_HEAD(&c->rs_reqs);
	init_waitqueue_head(&c->send_wait);
	ratelimit_state_init(&c->refuse_rs, 60 * HZ, 3);
	init_waitqueue_head(&c->peer_wait);
	init_waitqueue_head(&c->state_wait);
	init_waitqueue_head(&c->sync.wait);
	xa_init_flags(&c->reqs, XA_FLAGS_ALLOC | XA_FLAGS_LOCK_IRQ);
}

void br_conn_set_state(struct br_conn *c, enum blkrep_conn_state cs)
{
	if (READ_ONCE(c->cstate) == cs)
		return;
	br_info(c->res, "connection: %s -> %s\n",
		br_conn_state_name(c->cstate), br_conn_state_name(cs));
	WRITE_ONCE(c->cstate, cs);
	wake_up_all(&c->state_wait);
}

/*
 * Any thread: the connection is broken; the receiver tears it down.  Its
 * reads wake up every ping-timeout to look at ->failed, at once when it
 * is the caller.  Only the receiver touches the socket: it closes it.
 */
void br_conn_fail(struct br_conn *c, const char *why)
{
	if (!xchg(&c->failed, true))
		br_warn(c->res, "connection failed: %s\n", why);
	wake_up_all(&c->sync.wait);
	wake_up_all(&c->pool_wait);
	wake_up_all(&c->peer_wait);
	if (current == READ_ONCE(c->recv_task) && c->sock)
		kernel_sock_shutdown(c->sock, SHUT_RDWR);
}

/*
 * Netlink: have the receiver thread run @fn(@c, @arg) between two packets
 * and return what it returns: -ENOTCONN when the connection is not up or
 * goes down first, -EBUSY while another command waits.  The PING makes
 * the peer's answer wake the receiver out of its read; without one it
 * wakes after ping-timeout anyway.  Not under res->state_lock, which the
 * receiver takes.
 */
int br_conn_call(struct br_conn *c, int (*fn)(struct br_conn *c, void *arg),
		 void *arg)
{
	struct br_conn_call call = { .fn = fn, .arg = arg };
	int ret = 0;

	lockdep_assert_not_held(&c->res->state_lock);
	init_completion(&call.done);
	spin_lock_irq(&c->lock);
	if (!c->ready)
		ret = -ENOTCONN;
	else if (c->call)
		ret = -EBUSY;
	else
		c->call = &call;
	spin_unlock_irq(&c->lock);
	if (ret)
		return ret;
	br_queue_ctl(c, BR_P_PING, 0, NULL, 0);
	/* Short sleeps: progress for the hung-task detector. */
	while (!wait_for_completion_timeout(&call.done, HZ))
		;
	return call.ret;
}

/* Receiver: answer the command netlink posted, if any. */
void br_conn_run_call(struct br_conn *c)
{
	struct br_conn_call *call;

	if (!READ_ONCE(c->call))
		return;
	spin_lock_irq(&c->lock);
	call = c->call;
	spin_unlock_irq(&c->lock);
	call->ret = call->fn(c, call->arg);
	spin_lock_irq(&c->lock);
	c->call = NULL;
	spin_unlock_irq(&c->lock);
	complete(&call->done);
}

static bool br_conn_sleep(unsigned int seconds)
{
	unsigned long end = jiffies + seconds * HZ;

	while (time_before(jiffies, end) && !kthread_should_stop())
		schedule_timeout_interruptible(min_t(long, end - jiffies, HZ / 10));
	return !kthread_should_stop();
}

static int br_conn_establish(struct br_conn *c)
{
	struct socket *sock;
	int ret;

	br_conn_set_state(c, BLKREP_CS_WFCONNECTION);
	while (!kthread_should_stop()) {
		br_disk_fail_between(c->res);
		if (c->initiator) {
			ret = br_tcp_connect(c, &sock);
			if (!ret)
				break;
			br_conn_sleep(c->conf.connect_int);
			continue;
		}
		if (!c->listen_sock) {
			ret = br_tcp_listen(c);
			if (ret) {
				br_err(c->res, "cannot listen on our address: %d\n",
				       ret);
				br_conn_sleep(c->conf.connect_int);
				continue;
			}
		}
		ret = br_tcp_accept(c, &sock);
		if (!ret)
			break;
	}
	if (kthread_should_stop())
		return -EINTR;
	c->sock = sock;
	return 0;
}

/*
 * Queue our bitmap in chunks, the part that covers the size both disks
 * hold (br_resync_prepare() cleared the rest); the last chunk carries
 * BR_HF_LAST.
 */
int br_conn_send_bitmap(struct br_conn *c)
{
	struct br_ldev *ldev = READ_ONCE(c->res->ldev);
	u64 off = 0, bytes = br_bm_wire_bytes(c->agreed_bytes);

	do {
		u32 n = min_t(u64, BR_BM_CHUNK, bytes - off);
		struct br_p_bitmap *b;
		struct br_ctl *ctl;

		ctl = kvmalloc(struct_size(ctl, payload, sizeof(*b) + n),
			       GFP_KERNEL);
		if (!ctl)
			return -ENOMEM;
		b = (void *)ctl->payload;
		b->offset = cpu_to_be64(off);
		memcpy(b + 1, ldev->bm.bits + off, n);
		ctl->type = BR_P_BITMAP;
		ctl->hflags = off + n >= bytes ? BR_HF_LAST : 0;
		ctl->len = sizeof(*b) + n;
		br_queue_ctl_prepared(c, ctl);
		off += n;
	} while (off < bytes);
	return 0;
}

/*
 * Same data on both sides, nothing to resync: a Consistent disk (as every
 * disk attaches) is UpToDate now that the peer agrees; the peer does the
 * same and tells us with P_STATE.
 */
static void br_conn_agree_uptodate(struct br_conn *c)
{
	struct br_resource *res = c->res;

	if (READ_ONCE(c->peer_disk) < BLKREP_DS_CONSISTENT)
		return;
	mutex_lock(&res->state_lock);
	if (res->ldev && res->disk_state == BLKREP_DS_CONSISTENT) {
		res->disk_state = BLKREP_DS_UPTODATE;
		br_info(res, "same data as the peer: UpToDate\n");
	}
	mutex_unlock(&res->state_lock);
}

/* Handshake done: apply the size, start sending and mirroring, sync. */
static int br_conn_run(struct br_conn *c)
{
	struct br_resource *res = c->res;
	int ret;

	mutex_lock(&res->state_lock);
	if (get_capacity(res->disk) != c->agreed_bytes >> SECTOR_SHIFT) {
		br_info(res, "device size agreed with the peer: %llu KiB\n",
			c->agreed_bytes >> 10);
		br_device_set_size(res, c->agreed_bytes >> SECTOR_SHIFT);
	}
	mutex_unlock(&res->state_lock);

	ret = br_sender_start(c);
	if (!ret)
		ret = br_resync_prepare(c);
	if (ret)
		return ret;
	spin_lock_irq(&c->lock);
	c->ready = true;
	spin_unlock_irq(&c->lock);
	if (br_fence_release(res))	/* the peer is back: no split brain */
		br_info(res, "the peer is back: I/O resumed\n");
	/* Writes that went only to our disk must be in the bitmap for good. */
	while (atomic_read(&res->unmirrored) && !kthread_should_stop())
		msleep(5);

	if (c->decision == BR_SYNC_NONE) {
		br_conn_agree_uptodate(c);
		br_conn_set_state(c, BLKREP_CS_CONNECTED);
	} else {
		br_conn_set_state(c, c->sync.source ? BLKREP_CS_WFBITMAPS :
				  BLKREP_CS_WFBITMAPT);
		ret = br_conn_send_bitmap(c);
		if (ret)
			return ret;
	}
	br_conn_send_state(c);
	return br_receive_loop(c);
}

/* A Primary that loses its peer starts a new generation of the data. */
static void br_conn_lost_as_primary(struct br_resource *res)
{
	struct br_ldev *ldev;

	mutex_lock(&res->state_lock);
	ldev = res->ldev;
	if (ldev && res->role == BLKREP_ROLE_PRIMARY) {
		br_uuid_new_current(ldev->md.uuid, br_uuid_fresh());
		br_gen_started(ldev);
		br_md_write_super(res, ldev);
		br_info(res, "Primary without its peer: new current UUID %016llx\n",
			ldev->md.uuid[BR_UUID_CURRENT]);
	}
	mutex_unlock(&res->state_lock);
}

/* The peer cannot be promoted now: record it (unfence-peer after resync). */
static void br_conn_peer_outdated(struct br_resource *res)
{
	struct br_ldev *ldev;

	mutex_lock(&res->state_lock);
	ldev = res->ldev;
	if (ldev) {
		ldev->md.flags |= BLKREP_MDF_PEER_OUTDATED;
		br_md_write_super(res, ldev);
	}
	mutex_unlock(&res->state_lock);
}

/*
 * Fencing: a Primary that lost a peer with an UpToDate disk asks the
 * fence-peer handler to keep the peer from being promoted with data that
 * lacks this node's next writes.  With resource-and-stonith, new
 * application I/O waits until the handler answered, and so do the writes
 * still waiting for the peer (they are failed only after this).
 */
static void br_conn_fence_peer(struct br_conn *c)
{
	struct br_resource *res = c->res;
	bool stonith = c->conf.fencing == BLKREP_FENCING_RESOURCE_AND_STONITH;
	int ret;

	if (stonith) {
		set_bit(BR_RES_FENCING, &res->flags);	/* status: why frozen */
		br_io_freeze(res);
		br_warn(res, "I/O frozen until the peer is fenced\n");
	}
	ret = br_handler_call(res, "fence-peer");
	if (ret == BR_FENCE_PEER_NOT_UPTODATE || ret == BR_FENCE_PEER_OUTDATED ||
	    ret == BR_FENCE_PEER_DOWN ||
	    (stonith && ret == BR_FENCE_PEER_STONITH)) {
		br_conn_peer_outdated(res);
		br_info(res, "fence-peer: the peer cannot be promoted (exit %d)\n",
			ret);
	} else if (stonith) {
		/*
		 * The peer may be alive and promoted: a write acknowledged
		 * here now could be lost to a split brain.  Hold the I/O
		 * until the peer is back or the operator says it is dead.
		 */
		if (test_and_set_bit(BR_RES_FENCE_HELD, &res->flags))
			br_io_thaw(res);	/* one freeze is held already */
		clear_bit(BR_RES_FENCING, &res->flags);
		br_err(res, "fence-peer did not fence the peer (exit %d): I/O stays frozen until the peer reconnects or 'blkrepadm resume-io'\n",
		       ret);
		return;
	} else {
		br_warn(res, "fence-peer did not fence the peer (exit %d): it might be promoted with old data\n",
			ret);
	}
	if (stonith) {
		br_io_thaw(res);
		clear_bit(BR_RES_FENCING, &res->flags);
		br_info(res, "I/O resumed\n");
	}
}

/*
 * "disconnect" on a Primary with fencing: the peer is not lost, so rather
 * than fence it with the handler when the link goes, ask it to outdate
 * itself (P_OUTDATE, answered by STATE).  If it does not answer within
 * 10 s, the teardown runs fence-peer as for a lost peer.  Netlink context.
 */
void br_conn_outdate_peer(struct br_conn *c)
{
	struct br_resource *res = c->res;
	unsigned int seen = READ_ONCE(c->states_rx);

	if (c->conf.fencing == BLKREP_FENCING_DONT_CARE ||
	    READ_ONCE(res->role) != BLKREP_ROLE_PRIMARY ||
	    !READ_ONCE(c->ready) ||
	    READ_ONCE(c->peer_disk) != BLKREP_DS_UPTODATE ||
	    br_queue_ctl(c, BR_P_OUTDATE, 0, NULL, 0))
		return;
	wait_event_timeout(c->state_wait,
			   READ_ONCE(c->states_rx) != seen ||
			   !READ_ONCE(c->ready), 10 * HZ);
	if (READ_ONCE(c->peer_disk) != BLKREP_DS_OUTDATED) {
		br_warn(res, "disconnect: the peer did not outdate itself\n");
		return;
	}
	br_conn_peer_outdated(res);
	br_info(res, "disconnect: the peer outdated itself, no fence-peer needed\n");
}

/*
 * A promotion found the peer Primary: is it still there?  A PING now, and
 * any packet from the peer within ping-timeout answers it; a peer that
 * stays silent is declared dead at once, not only after ping-int, so that
 * a cluster manager's promote right after the Primary's node died
 * succeeds.  Netlink context, without state_lock (the teardown takes it).
 * True when the peer is gone: the connection torn down, its role
 * forgotten.
 */
bool br_conn_peer_gone(struct br_conn *c)
{
	unsigned long seen = READ_ONCE(c->last_recv);
	unsigned long end;

	if (!READ_ONCE(c->ready) || br_queue_ctl(c, BR_P_PING, 0, NULL, 0))
		return READ_ONCE(c->peer_role) != BLKREP_ROLE_PRIMARY;
	end = jiffies + max(c->conf.ping_timeout * HZ / 10, HZ / 10);
	while (READ_ONCE(c->last_recv) == seen && time_before(jiffies, end))
		schedule_timeout_interruptible(HZ / 50);
	if (READ_ONCE(c->last_recv) != seen)
		return false;
	br_conn_fail(c, "the Primary peer did not answer a ping when this node was to be promoted");
	/* The receiver notices within ping-timeout, then tears down. */
	wait_event_timeout(c->state_wait,
			   READ_ONCE(c->peer_role) != BLKREP_ROLE_PRIMARY,
			   10 * HZ + c->conf.ping_timeout * HZ / 10);
	return READ_ONCE(c->peer_role) != BLKREP_ROLE_PRIMARY;
}

static void br_conn_teardown(struct br_conn *c)
{
	struct br_resource *res = c->res;
	struct br_conn_call *call;
	bool was_up;

	spin_lock_irq(&c->lock);
	was_up = c->ready;
	c->ready = false;
	call = c->call;
	c->call = NULL;
	spin_unlock_irq(&c->lock);
	if (call) {		/* never ran: the link went first */
		call->ret = -ENOTCONN;
		complete(&call->done);
	}
	br_conn_fail(c, "closing");
	if (was_up && c->conf.fencing != BLKREP_FENCING_DONT_CARE &&
	    READ_ONCE(res->role) == BLKREP_ROLE_PRIMARY &&
	    READ_ONCE(c->peer_disk) == BLKREP_DS_UPTODATE)
		br_conn_fence_peer(c);
	/*
	 * Order matters: first fail every write still waiting for the peer
	 * (the resync thread may wait for one of them in br_ival_lock()),
	 * then stop resync, which releases the intervals its runs hold.
	 */
	br_sender_stop(c);
	br_req_fail_all(c);
	br_resync_stop(c);
	spin_lock_irq(&c->lock);
	wait_event_lock_irq(c->peer_wait, !atomic_read(&c->peer_writes),
			    c->lock);
	spin_unlock_irq(&c->lock);
	br_tcp_close(&c->sock);
	WRITE_ONCE(c->peer_role, BLKREP_ROLE_UNKNOWN);
	WRITE_ONCE(c->peer_disk, BLKREP_DS_DUNKNOWN);
	atomic_set(&c->unacked, 0);
	c->decision = BR_SYNC_NONE;
	if (was_up)
		br_conn_lost_as_primary(res);
	br_conn_set_state(c, BLKREP_CS_UNCONNECTED);
}

static int br_conn_thread(void *arg)
{
	struct br_conn *c = arg;
	int ret;

	while (!kthread_should_stop()) {
		br_disk_fail_between(c->res);
		if (br_conn_establish(c))
			break;
		br_disk_fail_between(c->res);	/* failed while we waited */
		c->failed = false;
		c->give_up = false;
		ret = br_handshake(c);
		if (!ret)
			ret = br_conn_run(c);
		br_conn_teardown(c);
		if (c->give_up) {
			br_conn_set_state(c, BLKREP_CS_STANDALONE);
			break;
		}
		br_conn_sleep(1);
	}
	if (READ_ONCE(c->cstate) != BLKREP_CS_STANDALONE)
		br_conn_set_state(c, BLKREP_CS_DISCONNECTING);
	while (!kthread_should_stop()) {
		br_disk_fail_between(c->res);
		schedule_timeout_interruptible(HZ / 10);
	}
	return 0;
}

static bool br_addr_lower(const struct sockaddr_storage *a,
			  const struct sockaddr_storage *b, int len)
{
	return memcmp(a, b, len) < 0;
}

int br_conn_start(struct br_resource *res, const struct br_net_conf *conf,
		  const struct sockaddr_storage *me,
		  const struct sockaddr_storage *peer, int addrlen)
{
	struct br_conn *c = &res->conn;
	struct task_struct *t;
	int ret;

	lockdep_assert_held(&res->state_lock);
	c->conf = *conf;
	c->my_addr = *me;
	c->peer_addr = *peer;
	c->addrlen = addrlen;
	c->initiator = br_addr_lower(me, peer, addrlen);
	c->failed = false;
	c->give_up = false;
	ret = br_pool_init(c, BR_POOL_PAGES);
	if (ret)
		return ret;
	t = kthread_create(br_conn_thread, c, "blkrep_%s_r", res->name);
	if (IS_ERR(t)) {
		br_pool_exit(c);
		return PTR_ERR(t);
	}
	c->recv_task = t;
	br_conn_set_state(c, BLKREP_CS_UNCONNECTED);
	wake_up_process(t);
	return 0;
}

/* Disconnect; called without res->state_lock. */
void br_conn_stop(struct br_resource *res)
{
	struct br_conn *c = &res->conn;

	if (!c->recv_task)
		return;
	kthread_stop(c->recv_task);
	c->recv_task = NULL;
	/* A failed disk the receiver was to drop: the work item does now. */
	if (test_bit(BR_RES_DISK_FAILED, &res->flags))
		queue_work(system_unbound_wq, &res->fail_work);
	br_tcp_close(&c->listen_sock);
	br_pool_exit(c);
	br_conn_set_state(c, BLKREP_CS_STANDALONE);
}

/* Tell the peer our role and disk state (after a change). */
void br_conn_send_state(struct br_conn *c)
{
	struct br_resource *res = c->res;
	struct br_p_state st = {
		.role = cpu_to_be32(READ_ONCE(res->role)),
		.disk_state = cpu_to_be32(READ_ONCE(res->disk_state)),
	};

	if (READ_ONCE(c->sending))
		br_queue_ctl(c, BR_P_STATE, 0, &st, sizeof(st));
}

/*
 * Start a resync on a live connection: this node as source after "primary
 * --force" or invalidate-remote made its data the good copy, as target
 * after invalidate.  The peer answers P_SYNC_START with its bitmap, as
 * after a handshake.  Receiver thread (br_conn_call()), so that the peer's
 * own P_SYNC_START and the teardown see one state.
 */
int br_conn_resync_start(struct br_conn *c, bool full, bool source)
{
	struct br_p_state st = {};
	u16 hflags = (full ? BR_HF_FULL : 0) | (source ? 0 : BR_HF_YOU_SOURCE);
	int ret;

	br_assert_receiver(c);
	if (c->sync.active || READ_ONCE(c->cstate) != BLKREP_CS_CONNECTED)
		return -EBUSY;
	if (source)
		c->decision = full ? BR_SYNC_SOURCE_FULL : BR_SYNC_SOURCE;
	else
		c->decision = full ? BR_SYNC_TARGET_FULL : BR_SYNC_TARGET;
	ret = br_resync_prepare(c);
	if (ret)
		return ret;
	ret = br_queue_ctl(c, BR_P_SYNC_START, hflags, &st, sizeof(st));
	if (!ret) {
		br_conn_set_state(c, source ? BLKREP_CS_WFBITMAPS :
					      BLKREP_CS_WFBITMAPT);
		ret = br_conn_send_bitmap(c);
	}
	if (ret)
		br_conn_fail(c, "cannot start the resync");
	return ret;
}

struct br_resync_args {
	bool full, source;
};

static int br_conn_resync_call(struct br_conn *c, void *arg)
{
	const struct br_resync_args *a = arg;

	return br_conn_resync_start(c, a->full, a->source);
}

/* Netlink: br_conn_resync_start() in the receiver thread. */
int br_conn_resync_now(struct br_conn *c, bool full, bool source)
{
	struct br_resync_args a = { .full = full, .source = source };

	return br_conn_call(c, br_conn_resync_call, &a);
}
