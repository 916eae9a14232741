// SPDX-License-Identifier: GPL-2.0
/*
 * blkrep: a replicated block device.  Module init and exit: a ladder that
 * exit mirrors rung by rung.
 */
#include <linux/module.h>
#include <linux/bio.h>
#include <linux/net.h>
#include <net/genetlink.h>
#include "blkrep.h"

int br_major;
struct bio_set br_bio_set;
struct bio_set br_page_bio_set;

static int __init br_init(void)
{
	int ret;

	br_major = register_blkdev(0, "blkrep");
	if (br_major < 0)
		return br_major;

	ret = bioset_init(&br_bio_set, BIO_POOL_SIZE,
			  offsetof(struct br_req, clone), 0);
	if (ret)
		goto err_bioset;

	ret = bioset_init(&br_page_bio_set, BIO_POOL_SIZE, 0,
			  BIOSET_NEED_BVECS);
	if (ret)
		goto err_page_bioset;

	ret = br_preq_cache_init();
	if (ret)
		goto err_preq;

	ret = br_handler_init();
	if (ret)
		goto err_handler;

	ret = br_receive_init();
	if (ret)
		goto err_receive;

	ret = br_proc_init();
	if (ret)
		goto err_proc;

	/* Last: once the family is registered, commands can arrive. */
	ret = br_netlink_init();
	if (ret)
		goto err_netlink;

	pr_info("blkrep: version %s loaded (api %d, major %d)\n",
		BLKREP_VERSION, BLKREP_GENL_VERSION, br_major);
	return 0;

err_netlink:
	br_proc_exit();
err_proc:
	br_receive_exit();
err_receive:
	br_handler_exit();
err_handler:
	br_preq_cache_exit();
err_preq:
	bioset_exit(&br_page_bio_set);
err_page_bioset:
	bioset_exit(&br_bio_set);
err_bioset:
	unregister_blkdev(br_major, "blkrep");
	return ret;
}

static void __exit br_exit(void)
{
	/* No new commands; then no resources (none is open: we hold no ref). */
	br_netlink_exit();
	br_res_destroy_all();
	br_proc_exit();
	br_receive_exit();
	br_handler_exit();
	br_preq_cache_exit();
	bioset_exit(&br_page_bio_set);
	bioset_exit(&br_bio_set);
	unregister_blkdev(br_major, "blkrep");
	pr_info("blkrep: unloaded\n");
}

module_init(br_init);
module_exit(br_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("blkrep: replicated block device");
MODULE_VERSION(BLKREP_VERSION);
MODULE_ALIAS_GENL_FAMILY(BLKREP_GENL_NAME);
