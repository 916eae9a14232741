// SPDX-License-Identifier: GPL-2.0
/*
 * The block device /dev/blkrepN: a bio-based gendisk whose I/O is handled
 * in request.c, and the rules for opening it.
 *
 * Open rules: a Diskless device cannot be opened (-ENOMEDIUM), unless it is
 * a Primary whose disk failed and that serves through the UpToDate peer; a
 * Secondary refuses every open (-EROFS for writing, -EMEDIUMTYPE for
 * reading), since the Primary may change its data underneath any reader; a
 * Primary opens for anyone.  While the device is open the role cannot go to
 * Secondary and the disk cannot be detached, so the I/O path never sees
 * them change; only a failing disk is dropped under it (ioerr.c), with new
 * I/O held back meanwhile.
 */
#include <linux/module.h>
#include "blkrep.h"

static int br_open(struct gendisk *disk, bool for_write)
{
	struct br_resource *res = disk->private_data;
	int ret = 0;

	mutex_lock(&res->state_lock);
	if (res->dying)
		ret = -ENXIO;
	else if (!res->ldev && (res->role != BLKREP_ROLE_PRIMARY ||
				!br_remote_read_possible(res)))
		ret = -ENOMEDIUM;
	else if (res->role != BLKREP_ROLE_PRIMARY)
		ret = for_write ? -EROFS : -EMEDIUMTYPE;
	if (!ret)
		res->open_count++;
	mutex_unlock(&res->state_lock);
	if (ret == -EROFS || ret == -EMEDIUMTYPE)
		pr_notice_ratelimited("blkrep %s: refusing open%s: not Primary\n",
				      res->name, for_write ? " for writing" : "");
	return ret;
}

static void br_release(struct gendisk *disk)
{
	struct br_resource *res = disk->private_data;

	mutex_lock(&res->state_lock);
	res->open_count--;
	mutex_unlock(&res->state_lock);
}

BR_DEFINE_BDOPS_OPEN(br_bdops_open, br_open)
BR_DEFINE_BDOPS_RELEASE(br_bdops_release, br_release)

static const struct block_device_operations br_bdops = {
	.owner		= THIS_MODULE,
	.submit_bio	= br_submit_bio,
	.open		= br_bdops_open,
	.release	= br_bdops_release,
};

int br_device_create(struct br_resource *res)
{
	struct gendisk *disk;
	int ret;

	disk = br_alloc_disk();
	if (!disk)
		return -ENOMEM;
	disk->major = br_major;
	disk->first_minor = res->minor;
	disk->minors = 1;
	disk->fops = &br_bdops;
	disk->private_data = res;
	disk->flags |= GENHD_FL_NO_PART;
	snprintf(disk->disk_name, sizeof(disk->disk_name), "blkrep%u",
		 res->minor);
	set_capacity(disk, 0);
	set_disk_ro(disk, true);
	res->disk = disk;

	ret = add_disk(disk);
	if (ret) {
		put_disk(disk);
		res->disk = NULL;
	}
	return ret;
}

/* Unpublish the device; it can no longer be opened.  Takes open_mutex. */
void br_device_remove(struct br_resource *res)
{
	del_gendisk(res->disk);
}

void br_device_free(struct br_resource *res)
{
	put_disk(res->disk);
	res->disk = NULL;
}

void br_device_set_size(struct br_resource *res, sector_t sectors)
{
	set_capacity_and_notify(res->disk, sectors);
}
