// SPDX-License-Identifier: GPL-2.0
/*
 * Memory for data the peer sends us and for resync reads: a fixed pool of
 * pages per connection, filled when the connection starts.  Taking pages
 * never allocates; when the pool is empty the receiver waits for writes to
 * complete, which is the natural backpressure on a fast peer.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include "blkrep.h"

int br_pool_init(struct br_conn *c, unsigned int pages)
{
	spin_lock_init(&c->pool_lock);
	init_waitqueue_head(&c->pool_wait);
	c->pool = kvcalloc(pages, sizeof(*c->pool), GFP_KERNEL);
	if (!c->pool)
		return -ENOMEM;
	for (c->pool_free = 0; c->pool_free < pages; c->pool_free++) {
		c->pool[c->pool_free] = alloc_page(GFP_KERNEL);
		if (!c->pool[c->pool_free]) {
			c->pool_size = c->pool_free;
			br_pool_exit(c);
			return -ENOMEM;
		}
	}
	c->pool_size = pages;
	return 0;
}

/* Every page must be back (no request holds any). */
void br_pool_exit(struct br_conn *c)
{
	unsigned int i;

	WARN_ON(c->pool_free != c->pool_size);
	for (i = 0; i < c->pool_free; i++)
		__free_page(c->pool[i]);
	kvfree(c->pool);
	c->pool = NULL;
	c->pool_free = c->pool_size = 0;
}

static bool br_pool_take(struct br_conn *c, struct br_preq *p,
			 unsigned int n)
{
	unsigned long flags;
	bool ok = false;

	spin_lock_irqsave(&c->pool_lock, flags);
	if (c->pool_free >= n) {
		c->pool_free -= n;
		memcpy(p->pages, &c->pool[c->pool_free], n * sizeof(*p->pages));
		p->npages = n;
		ok = true;
	}
	spin_unlock_irqrestore(&c->pool_lock, flags);
	return ok;
}

/* Give @p pages for @size bytes; may wait.  -EINTR if the thread stops. */
int br_pool_get(struct br_conn *c, struct br_preq *p, u32 size)
{
	unsigned int n = DIV_ROUND_UP(size, PAGE_SIZE);

	if (n > c->pool_size || n > ARRAY_SIZE(p->pages))
		return -EINVAL;
	while (!br_pool_take(c, p, n)) {
		wait_event_timeout(c->pool_wait, c->pool_free >= n, HZ / 10);
		if (kthread_should_stop() || READ_ONCE(c->failed))
			return -EINTR;
	}
	return 0;
}

/* Return @p's pages; any context. */
void br_pool_put(struct br_conn *c, struct br_preq *p)
{
	unsigned long flags;

	if (!p->npages)
		return;
	spin_lock_irqsave(&c->pool_lock, flags);
	memcpy(&c->pool[c->pool_free], p->pages, p->npages * sizeof(*p->pages));
	c->pool_free += p->npages;
	spin_unlock_irqrestore(&c->pool_lock, flags);
	p->npages = 0;
	wake_up(&c->pool_wait);
}

static struct kmem_cache *br_preq_cache;

int br_preq_cache_init(void)
{
	br_preq_cache = KMEM_CACHE(br_preq, 0);
	return br_preq_cache ? 0 : -ENOMEM;
}

void br_preq_cache_exit(void)
{
	kmem_cache_destroy(br_preq_cache);
}

struct br_preq *br_preq_alloc(struct br_conn *c)
{
	struct br_preq *p = kmem_cache_zalloc(br_preq_cache, GFP_NOIO);

	if (p) {
		p->conn = c;
		INIT_LIST_HEAD(&p->ival.list);
		INIT_LIST_HEAD(&p->list);
	}
	return p;
}

void br_preq_free(struct br_preq *p)
{
	br_pool_put(p->conn, p);
	kmem_cache_free(br_preq_cache, p);
}
