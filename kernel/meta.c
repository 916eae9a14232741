// SPDX-License-Identifier: GPL-2.0
/*
 * The local disk: opening the backing and meta devices, reading and
 * checking the superblock, and writing metadata (superblock and bitmap)
 * synchronously.  Format: md_format.h, Documentation/ondisk-format.rst.
 */
#include <linux/bio.h>
#include <linux/vmalloc.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "blkrep.h"

/*
 * Synchronous I/O of @len bytes (a multiple of BR_MD_BLOCK) at byte
 * @offset of @bdev, from or to @buf, which is vmalloc'd or a single page
 * from alloc_page (page_address).
 */
int br_md_io(struct block_device *bdev, u64 offset, void *buf, u64 len,
	     blk_opf_t opf)
{
	while (len) {
		unsigned int nvecs = min_t(u64, len / BR_MD_BLOCK, BIO_MAX_VECS);
		struct bio *bio = bio_alloc(bdev, nvecs, opf, GFP_NOIO);
		int ret;

		bio->bi_iter.bi_sector = offset >> SECTOR_SHIFT;
		while (len && bio->bi_vcnt < nvecs) {
			struct page *page = is_vmalloc_addr(buf) ?
				vmalloc_to_page(buf) : virt_to_page(buf);

			if (bio_add_page(bio, page, BR_MD_BLOCK,
					 offset_in_page(buf)) != BR_MD_BLOCK)
				break;
			buf += BR_MD_BLOCK;
			offset += BR_MD_BLOCK;
			len -= BR_MD_BLOCK;
		}
		ret = submit_bio_wait(bio);
		bio_put(bio);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Write the in-memory superblock.  The preflush orders it after every
 * bitmap or data write that completed before; FUA makes it durable.
 */
int br_md_write_super(struct br_resource *res, struct br_ldev *ldev)
{
	void *buf = (void *)get_zeroed_page(GFP_NOIO);
	int ret;

	if (!buf)
		return -ENOMEM;
	ldev->md.events++;
	br_md_encode(buf, &ldev->md);
	ret = br_md_io(br_meta_bdev(ldev), ldev->md.layout.sb_offset, buf,
		       BR_MD_BLOCK, REQ_OP_WRITE | REQ_SYNC | REQ_META |
		       REQ_PREFLUSH | REQ_FUA);
	free_page((unsigned long)buf);
	if (ret)
		br_err(res, "writing the superblock failed: %d\n", ret);
	return ret;
}

int br_bm_read(struct br_resource *res, struct br_ldev *ldev)
{
	struct br_bitmap *bm = &ldev->bm;
	int ret;

	ret = br_md_io(br_meta_bdev(ldev), ldev->md.layout.bm_offset,
		       bm->bits, bm->bytes, REQ_OP_READ | REQ_META);
	if (ret) {
		br_err(res, "reading the bitmap failed: %d\n", ret);
		return ret;
	}
	br_bm_recount(bm);
	return 0;
}

/* Write every bitmap block whose bits changed since it was last written. */
int br_bm_write_dirty(struct br_resource *res, struct br_ldev *ldev)
{
	struct br_bitmap *bm = &ldev->bm;
	u64 nblocks = bm->bytes / BR_MD_BLOCK;
	unsigned long blk;
	int ret;

	for_each_set_bit(blk, bm->dirty, nblocks) {
		clear_bit(blk, bm->dirty);
		ret = br_md_io(br_meta_bdev(ldev),
			       ldev->md.layout.bm_offset + (u64)blk * BR_MD_BLOCK,
			       bm->bits + (u64)blk * BR_MD_BLOCK, BR_MD_BLOCK,
			       REQ_OP_WRITE | REQ_SYNC | REQ_META);
		if (ret) {
			set_bit(blk, bm->dirty);
			br_err(res, "writing the bitmap failed: %d\n", ret);
			return ret;
		}
		atomic64_inc(&res->stats.bm_writes);
	}
	return 0;
}

static int br_ldev_open_bdevs(struct br_resource *res, struct br_ldev *ldev,
			      struct netlink_ext_ack *ea)
{
	int ret;

	ret = br_bdev_open(&ldev->data, ldev->disk_path, res);
	if (ret) {
		br_set_err(ea, ret == -EBUSY ?
			       "disk is in use (mounted, or held by another device)" :
			       "cannot open disk");
		ldev->data.bdev = NULL;
		return ret;
	}
	if (!ldev->meta_path[0])
		return 0;
	ret = br_bdev_open(&ldev->meta, ldev->meta_path, res);
	if (ret) {
		br_set_err(ea, ret == -EBUSY ?
			       "meta-disk is in use (it must not be the disk itself, nor held by anything else)" :
			       "cannot open meta-disk");
		ldev->meta.bdev = NULL;
		return ret;
	}
	return 0;
}

static int br_ldev_read_super(struct br_resource *res, struct br_ldev *ldev,
			      u32 meta_type, u32 meta_index,
			      struct netlink_ext_ack *ea)
{
	u64 dev_bytes = bdev_nr_bytes(ldev->data.bdev);
	u64 meta_bytes = ldev->meta.bdev ? bdev_nr_bytes(ldev->meta.bdev) : 0;
	struct br_md_layout expect;
	enum br_md_err err;
	void *buf;
	int ret;

	err = br_md_layout_compute(&expect, meta_type, meta_index, dev_bytes,
				   meta_bytes);
	if (err) {
		br_set_err(ea, br_md_strerror(err));
		return -EINVAL;
	}
	buf = (void *)get_zeroed_page(GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = br_md_io(br_meta_bdev(ldev), expect.sb_offset, buf, BR_MD_BLOCK,
		       REQ_OP_READ | REQ_META);
	if (ret) {
		NL_SET_ERR_MSG(ea, "reading the metadata failed (I/O error)");
	} else {
		err = br_md_decode(&ldev->md, buf, &expect);
		if (err) {
			br_err(res, "%s: %s\n", ldev->disk_path,
			       br_md_strerror(err));
			br_set_err(ea, br_md_strerror(err));
			ret = -EINVAL;
		}
	}
	free_page((unsigned long)buf);
	return ret;
}

/*
 * Open @disk (and @meta), read and check the metadata and the bitmap.
 * The superblock is not written here; the caller decides the new flags.
 */
struct br_ldev *br_ldev_open(struct br_resource *res, const char *disk,
			     const char *meta, const u32 *meta_index,
			     struct netlink_ext_ack *ea)
{
	u32 type = !meta ? BR_META_INTERNAL :
		   meta_index ? BR_META_INDEXED : BR_META_FLEXIBLE;
	struct br_ldev *ldev;
	int ret;

	ldev = kzalloc(sizeof(*ldev), GFP_KERNEL);
	if (!ldev)
		return ERR_PTR(-ENOMEM);
	strscpy(ldev->disk_path, disk, sizeof(ldev->disk_path));
	if (meta)
		strscpy(ldev->meta_path, meta, sizeof(ldev->meta_path));

	ret = br_ldev_open_bdevs(res, ldev, ea);
	if (ret)
		goto fail;
	ret = br_ldev_read_super(res, ldev, type,
				 meta_index ? *meta_index : 0, ea);
	if (ret)
		goto fail;
	ret = br_bm_alloc(&ldev->bm, ldev->md.layout.data_bytes,
			  ldev->md.layout.bm_bytes);
	if (ret) {
		NL_SET_ERR_MSG(ea, "cannot allocate the bitmap");
		goto fail;
	}
	ret = br_bm_read(res, ldev);
	if (ret) {
		NL_SET_ERR_MSG(ea, "reading the bitmap failed (I/O error)");
		goto fail;
	}
	ret = br_actlog_attach(res, ldev,
			       ldev->md.flags & BLKREP_MDF_PRIMARY_IND);
	if (ret) {
		NL_SET_ERR_MSG(ea, "reading the activity log failed");
		goto fail;
	}
	return ldev;
fail:
	br_ldev_close(ldev);
	return ERR_PTR(ret);
}

void br_ldev_close(struct br_ldev *ldev)
{
	br_actlog_free(ldev);
	br_bm_free(&ldev->bm);
	br_bdev_close(&ldev->meta);
	br_bdev_close(&ldev->data);
	kfree(ldev);
}
