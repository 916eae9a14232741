// SPDX-License-Identifier: GPL-2.0
/*
 * The I/O path of /dev/blkrepN on the local disk.
 *
 * Each bio is cloned onto the backing disk (the clone shares the pages, no
 * copy, no allocation beyond the bio_set's mempool) and completed when the
 * clone completes, with the clone's status.  Flush, FUA, discard and write
 * zeroes travel in the clone's flags and op unchanged.
 *
 * Writes mark their blocks in the dirty bitmap before they are submitted:
 * the peer does not have them (replication will clear that again).
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
	res->app_pending = alloc_percpu(int);
	if (!res->app_pending)
		return -ENOMEM;
	if (percpu_ref_init(&res->inflight, br_inflight_release,
			    PERCPU_REF_ALLOW_REINIT,
			    GFP_KERNEL)) {
		free_percpu(res->app_pending);
		return -ENOMEM;
	}
	return 0;
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
	reinit_completion(&res->idle_done);
	percpu_ref_kill(&res->inflight);
	wait_for_completion(&res->idle_done);
	percpu_ref_resurrect(&res->inflight);
}

unsigned int br_app_pending(struct br_resource *res)
{
	int cpu, sum = 0;

	for_each_possible_cpu(cpu)
		sum += *per_cpu_ptr(res->app_pending, cpu);
	return max(sum, 0);
}

static void br_clone_endio(struct bio *clone)
{
	struct bio *orig = clone->bi_private;
	struct br_resource *res = orig->bi_bdev->bd_disk->private_data;

	orig->bi_status = clone->bi_status;
	bio_put(clone);
	bio_endio(orig);
	this_cpu_dec(*res->app_pending);
	percpu_ref_put(&res->inflight);
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

void br_submit_bio(struct bio *bio)
{
	struct br_resource *res = bio->bi_bdev->bd_disk->private_data;
	struct br_ldev *ldev = READ_ONCE(res->ldev);
	u64 bytes = bio->bi_iter.bi_size;
	struct bio *clone;

	if (unlikely(!ldev)) {
		bio_io_error(bio);
		return;
	}
	if (op_is_write(bio_op(bio)) &&
	    unlikely(READ_ONCE(res->role) != BLKREP_ROLE_PRIMARY)) {
		bio_io_error(bio);
		return;
	}

	clone = bio_alloc_clone(ldev->data.bdev, bio, GFP_NOIO, &br_bio_set);
	if (unlikely(!clone)) {
		bio_io_error(bio);
		return;
	}
	clone->bi_private = bio;
	clone->bi_end_io = br_clone_endio;
	percpu_ref_get(&res->inflight);
	this_cpu_inc(*res->app_pending);

	if (br_bio_changes_data(bio)) {
		br_bm_set_range(&ldev->bm,
				(u64)bio->bi_iter.bi_sector << SECTOR_SHIFT,
				bytes);
		atomic64_add(bytes, &res->stats.disk_write);
	} else if (bio_op(bio) == REQ_OP_READ) {
		atomic64_add(bytes, &res->stats.disk_read);
	}
	submit_bio_noacct(clone);
}
