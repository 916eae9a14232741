// SPDX-License-Identifier: GPL-2.0
/*
 * The sender: one thread per connection puts everything queued on the
 * wire.  Control packets and acks go first, so an ack never waits behind
 * bulk data in our own queue; between two data packets the control queue
 * is checked again.  Consecutive packets go out with MSG_MORE, so under
 * load many writes share TCP segments.
 */
#include <linux/slab.h>
#include <linux/crc32c.h>
#include <linux/uio.h>
#include "blkrep.h"

/* crc32c over a range of pages, which may span several pages per bvec. */
static u32 br_csum_pages(u32 crc, struct page *page, size_t off, size_t len)
{
	while (len) {
		struct page *p = page + off / PAGE_SIZE;
		size_t in = off % PAGE_SIZE, n = min(len, PAGE_SIZE - in);
		void *va = kmap_local_page(p);

		crc = crc32c(crc, va + in, n);
		kunmap_local(va);
		off += n;
		len -= n;
	}
	return crc;
}

/* crc32c of the fixed part and the data (a bvec iterator, not consumed). */
u32 br_payload_csum(const void *fixed, u32 fixed_len,
		    const struct iov_iter *data)
{
	u32 crc = crc32c(0, fixed, fixed_len);
	const struct bio_vec *bv;
	size_t skip, left;

	if (!data)
		return crc;
	bv = data->bvec;
	skip = data->iov_offset;
	for (left = iov_iter_count(data); left; bv++) {
		size_t n = min_t(size_t, bv->bv_len - skip, left);

		crc = br_csum_pages(crc, bv->bv_page, bv->bv_offset + skip, n);
		left -= n;
		skip = 0;
	}
	return crc;
}

/*
 * A source iterator over @size bytes in @pages (whole pages but the last),
 * built in the sender thread's bvec array: for ->xmit callbacks only.
 */
void br_pages_iter(struct br_conn *c, struct iov_iter *it,
		   struct page **pages, u32 size)
{
	unsigned int i, n = DIV_ROUND_UP(size, PAGE_SIZE);

	for (i = 0; i < n; i++)
		bvec_set_page(&c->tx_bvec[i], pages[i],
			      min_t(u32, PAGE_SIZE, size - i * PAGE_SIZE), 0);
	iov_iter_bvec(it, ITER_SOURCE, c->tx_bvec, n, size);
}

/* Put one packet on the wire.  Only the thread that owns sending calls it. */
int br_xmit(struct br_conn *c, u16 type, u16 hflags, const void *fixed,
	    u32 fixed_len, struct iov_iter *data, bool more)
{
	u32 data_len = data ? iov_iter_count(data) : 0;
	struct br_hdr hdr = {
		.magic = cpu_to_be32(BR_WIRE_MAGIC),
		.type = cpu_to_be16(type),
		.flags = cpu_to_be16(hflags),
		.len = cpu_to_be32(fixed_len + data_len),
	};
	struct kvec vec[2] = {
		{ .iov_base = &hdr, .iov_len = sizeof(hdr) },
		{ .iov_base = (void *)fixed, .iov_len = fixed_len },
	};
	int ret;

	if (c->conf.integrity)
		hdr.csum = cpu_to_be32(br_payload_csum(fixed, fixed_len, data));
	if (unlikely(br_fault_on()) && !br_fault_xmit(c, type, &hdr))
		return 0;
	ret = br_send_msg(c->sock, vec, fixed_len ? 2 : 1, data, more);
	if (!ret)
		atomic64_add(sizeof(hdr) + fixed_len + data_len,
			     &c->res->stats.net_sent);
	return ret;
}

int br_send_now(struct br_conn *c, u16 type, u16 hflags, const void *p,
		u32 len)
{
	return br_xmit(c, type, hflags, p, len, NULL, false);
}

static int br_ctl_xmit(struct br_conn *c, struct br_send *s, bool more)
{
	struct br_ctl *ctl = container_of(s, struct br_ctl, send);

	return br_xmit(c, ctl->type, ctl->hflags, ctl->payload, ctl->len,
		       NULL, more);
}

static void br_ctl_done(struct br_conn *c, struct br_send *s, int err)
{
	atomic_dec(&c->ctl_count);
	kvfree(container_of(s, struct br_ctl, send));
}

/* Queue a control packet the caller allocated (kmalloc or kvmalloc). */
void br_queue_ctl_prepared(struct br_conn *c, struct br_ctl *ctl)
{
	ctl->send.xmit = br_ctl_xmit;
	ctl->send.done = br_ctl_done;
	atomic_inc(&c->ctl_count);
	br_queue(c, &ctl->send, true);
}

/* Queue a small control packet; GFP_ATOMIC: callable from any context. */
int br_queue_ctl(struct br_conn *c, u16 type, u16 hflags, const void *p,
		 u32 len)
{
	struct br_ctl *ctl = kmalloc(struct_size(ctl, payload, len), GFP_ATOMIC);

	if (!ctl)
		return -ENOMEM;
	ctl->type = type;
	ctl->hflags = hflags;
	ctl->len = len;
	if (len)
		memcpy(ctl->payload, p, len);
	br_queue_ctl_prepared(c, ctl);
	return 0;
}

/*
 * Queue @s.  Once the connection is going down nothing is queued any
 * more: @s is done at once with an error.
 */
void br_queue(struct br_conn *c, struct br_send *s, bool ctl)
{
	unsigned long flags;
	bool queued = false;

	spin_lock_irqsave(&c->lock, flags);
	if (c->sending) {
		list_add_tail(&s->list, ctl ? &c->ctl_q : &c->data_q);
		queued = true;
	}
	spin_unlock_irqrestore(&c->lock, flags);
	if (queued)
		wake_up(&c->send_wait);
	else
		s->done(c, s, -ECONNRESET);
}

static struct br_send *br_dequeue(struct br_conn *c)
{
	struct br_send *s = NULL;

	spin_lock_irq(&c->lock);
	if (!list_empty(&c->ctl_q))
		s = list_first_entry(&c->ctl_q, struct br_send, list);
	else if (!list_empty(&c->data_q))
		s = list_first_entry(&c->data_q, struct br_send, list);
	if (s)
		list_del(&s->list);
	spin_unlock_irq(&c->lock);
	return s;
}

static bool br_send_idle(struct br_conn *c)
{
	bool idle;

	spin_lock_irq(&c->lock);
	idle = list_empty(&c->ctl_q) && list_empty(&c->data_q);
	spin_unlock_irq(&c->lock);
	return idle;
}

static int br_sender(void *arg)
{
	struct br_conn *c = arg;
	int err = 0;

	while (!kthread_should_stop()) {
		struct br_send *s;

		wait_event_interruptible(c->send_wait, kthread_should_stop() ||
					 !br_send_idle(c));
		while (!err && (s = br_dequeue(c))) {
			err = s->xmit(c, s, !br_send_idle(c));
			s->done(c, s, err);
			if (err)
				br_conn_fail(c, "sending failed");
		}
		if (err)	/* wait for teardown to stop us */
			wait_event_interruptible(c->send_wait,
						 kthread_should_stop());
	}
	return 0;
}

int br_sender_start(struct br_conn *c)
{
	struct task_struct *t;

	spin_lock_irq(&c->lock);
	c->sending = true;
	spin_unlock_irq(&c->lock);
	t = kthread_run(br_sender, c, "blkrep_%s_s", c->res->name);
	if (IS_ERR(t)) {
		spin_lock_irq(&c->lock);
		c->sending = false;
		spin_unlock_irq(&c->lock);
		return PTR_ERR(t);
	}
	c->send_task = t;
	return 0;
}

/* Stop queueing, stop the thread, and fail whatever was still queued. */
void br_sender_stop(struct br_conn *c)
{
	spin_lock_irq(&c->lock);
	c->sending = false;
	spin_unlock_irq(&c->lock);
	if (c->send_task) {
		kthread_stop(c->send_task);
		c->send_task = NULL;
	}
	br_send_cancel_all(c);
}

void br_send_cancel_all(struct br_conn *c)
{
	struct br_send *s;

	while ((s = br_dequeue(c)))
		s->done(c, s, -ECONNRESET);
}
