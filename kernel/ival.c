// SPDX-License-Identifier: GPL-2.0
/*
 * Interval locks on sector ranges.  Two writes to overlapping sectors must
 * reach both disks in the same order, and a resync read must not race a
 * write to the same blocks.  So every replicated write, every write from
 * the peer and every resync range holds its interval while in flight, and a
 * newcomer that overlaps waits until the holder is done.  FIFO fairness is
 * not needed: overlaps are rare, and each waiter only waits for holders.
 *
 * res->ival_lock is irq-safe: intervals are released from bio completion.
 */
#include "blkrep.h"

static bool br_ival_overlaps(struct br_resource *res, sector_t start,
			     sector_t end)
{
	struct br_ival *iv;

	lockdep_assert_held(&res->ival_lock);
	list_for_each_entry(iv, &res->ivals, list)
		if (iv->start < end && start < iv->end)
			return true;
	return false;
}

static bool br_ival_try(struct br_resource *res, struct br_ival *iv)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&res->ival_lock, flags);
	ok = !br_ival_overlaps(res, iv->start, iv->end);
	if (ok)
		list_add_tail(&iv->list, &res->ivals);
	spin_unlock_irqrestore(&res->ival_lock, flags);
	return ok;
}

/* Hold [start, start + bytes); sleeps while anything overlapping is held. */
void br_ival_lock(struct br_resource *res, struct br_ival *iv,
		  sector_t start, u32 bytes)
{
	iv->start = start;
	iv->end = start + (bytes >> SECTOR_SHIFT);
	INIT_LIST_HEAD(&iv->list);
	if (!bytes)
		return;
	wait_event(res->ival_wait, br_ival_try(res, iv));
}

/* Release; any context.  Releasing an empty interval does nothing. */
void br_ival_unlock(struct br_resource *res, struct br_ival *iv)
{
	unsigned long flags;

	if (list_empty(&iv->list))
		return;
	spin_lock_irqsave(&res->ival_lock, flags);
	list_del_init(&iv->list);
	spin_unlock_irqrestore(&res->ival_lock, flags);
	wake_up_all(&res->ival_wait);
}
