/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version difference blkrep cares about, and nothing else.
 * Supported: 6.1 LTS and 6.9 or newer (built and tested against Debian's
 * 6.1 and 6.12).  The rest of the module calls only the br_* names below.
 */
#ifndef BLKREP_COMPAT_H
#define BLKREP_COMPAT_H

#include <linux/version.h>
#include <linux/blkdev.h>
#include <linux/file.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0) && \
	LINUX_VERSION_CODE < KERNEL_VERSION(6, 9, 0)
#error "blkrep supports 6.1 LTS and kernels 6.9 or newer"
#endif

#define BR_NEW_BDEV_API (LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0))

/* block_device_operations.open/.release, adapted to (disk, for_write). */
#if BR_NEW_BDEV_API
#define BR_DEFINE_BDOPS_OPEN(name, impl)				\
	static int name(struct gendisk *disk, blk_mode_t mode)		\
	{								\
		return impl(disk, mode & BLK_OPEN_WRITE);		\
	}
#define BR_DEFINE_BDOPS_RELEASE(name, impl)				\
	static void name(struct gendisk *disk)				\
	{								\
		impl(disk);						\
	}
#else
#define BR_DEFINE_BDOPS_OPEN(name, impl)				\
	static int name(struct block_device *bdev, fmode_t mode)	\
	{								\
		return impl(bdev->bd_disk, mode & FMODE_WRITE);		\
	}
#define BR_DEFINE_BDOPS_RELEASE(name, impl)				\
	static void name(struct gendisk *disk, fmode_t mode)		\
	{								\
		impl(disk);						\
	}
#endif

/* A backing block device opened exclusively, read-write. */
struct br_bdev {
	struct block_device *bdev;
#if BR_NEW_BDEV_API
	struct file *file;
#endif
};

static inline int br_bdev_open(struct br_bdev *b, const char *path,
			       void *holder)
{
#if BR_NEW_BDEV_API
	b->file = bdev_file_open_by_path(path, BLK_OPEN_READ | BLK_OPEN_WRITE,
					 holder, NULL);
	if (IS_ERR(b->file))
		return PTR_ERR(b->file);
	b->bdev = file_bdev(b->file);
#else
	b->bdev = blkdev_get_by_path(path, FMODE_READ | FMODE_WRITE |
				     FMODE_EXCL, holder);
	if (IS_ERR(b->bdev))
		return PTR_ERR(b->bdev);
#endif
	return 0;
}

static inline void br_bdev_close(struct br_bdev *b)
{
	if (!b->bdev)
		return;
#if BR_NEW_BDEV_API
	fput(b->file);
	b->file = NULL;
#else
	blkdev_put(b->bdev, FMODE_READ | FMODE_WRITE | FMODE_EXCL);
#endif
	b->bdev = NULL;
}

static inline struct gendisk *br_alloc_disk(void)
{
#if BR_NEW_BDEV_API
	/* Default limits: stacking ones carry zone limits a plain disk may not. */
	struct gendisk *disk = blk_alloc_disk(NULL, NUMA_NO_NODE);

	return IS_ERR(disk) ? NULL : disk;
#else
	struct gendisk *disk = blk_alloc_disk(NUMA_NO_NODE);

	if (disk)
		blk_set_stacking_limits(&disk->queue->limits);
	return disk;
#endif
}

/*
 * Give @disk the limits of @backing (block sizes, I/O sizes, discard,
 * write zeroes, write cache and FUA), or stacking defaults when @backing is
 * NULL, with no read or write larger than @max_io bytes.  Called only while
 * nobody has the device open.
 */
static inline int br_set_limits(struct gendisk *disk,
				struct block_device *backing, u32 max_io)
{
	struct request_queue *q = disk->queue;
#if BR_NEW_BDEV_API
	struct queue_limits lim = queue_limits_start_update(q);

	blk_set_stacking_limits(&lim);
	if (backing)
		queue_limits_stack_bdev(&lim, backing, 0, disk->disk_name);
	/* We are never zoned: no zone append, whatever the stacking default. */
	lim.max_zone_append_sectors = 0;
	lim.features &= ~BLK_FEAT_ZONED;
	lim.max_hw_sectors = min(lim.max_hw_sectors, max_io >> SECTOR_SHIFT);
	return queue_limits_commit_update(q, &lim);
#else
	blk_set_stacking_limits(&q->limits);
	if (backing) {
		blk_stack_limits(&q->limits, &bdev_get_queue(backing)->limits,
				 0);
		blk_queue_write_cache(q, bdev_write_cache(backing),
				      bdev_fua(backing));
	} else {
		blk_queue_write_cache(q, false, false);
	}
	blk_queue_max_hw_sectors(q, min(queue_max_hw_sectors(q),
					max_io >> SECTOR_SHIFT));
	return 0;
#endif
}

#endif /* BLKREP_COMPAT_H */
