/* SPDX-License-Identifier: GPL-2.0 */
/*
 * blkrep internals: the resource, its local disk, and the verbs each file
 * offers the others.  Every non-static symbol starts with br_.
 *
 * Locking, outermost first:
 *
 *   genl_mutex (netlink core; the family is not parallel_ops)
 *     Serialises every netlink command: resources are created, attached,
 *     detached, promoted and destroyed one command at a time.
 *   br_res_mutex (resource.c)
 *     Protects br_resources (the list) and the set of minors in use.
 *     Taken by netlink commands to publish/unpublish, and by /proc readers.
 *   disk->open_mutex (block core)
 *     Held by the block layer around our open() and release().
 *   res->state_lock
 *     Protects res->role, res->disk_state, res->open_count, res->ldev (the
 *     pointer) and the in-memory superblock res->ldev->md.  Taken by
 *     open/release (inside open_mutex) and by netlink commands.  Never call
 *     del_gendisk() or add_disk() with it held: they take open_mutex.
 *
 * The I/O path takes no lock.  It reads res->ldev and res->role with
 * READ_ONCE: both change only while open_count == 0 (nobody can submit I/O)
 * and after br_wait_idle() saw every accepted bio complete.
 */
#ifndef BLKREP_H
#define BLKREP_H

#include <linux/blkdev.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/atomic.h>
#include <linux/percpu-refcount.h>
#include <linux/completion.h>
#include <linux/netlink.h>
#include <linux/random.h>
#include "compat.h"
#include "md_format.h"
#include "al_format.h"
#include "../include/uapi/linux/blkrep.h"

/* A held sector range, see ival.c. */
struct br_ival {
	struct list_head list;		/* in res->ivals while held */
	sector_t start, end;
};

#include "conn.h"
#include "uuid.h"

/* A new generation UUID: random, lowest bit clear like every one so far. */
static inline u64 br_uuid_fresh(void)
{
	return get_random_u64() & ~1ULL;
}

#ifndef BLKREP_VERSION
#define BLKREP_VERSION "0.0.0"
#endif
#define BR_WIRE_VERSION BR_WIRE_VERSION_MAX

/* Dirty bitmap: one bit per 4 KiB of data, in the on-disk (LE) layout. */
struct br_bitmap {
	void *bits;		/* vzalloc'd, a multiple of BR_MD_BLOCK bytes */
	u64 nbits;		/* bits that cover data */
	u64 bytes;		/* = layout.bm_bytes */
	unsigned long *dirty;	/* one bit per BR_MD_BLOCK of bits to write */
	atomic64_t weight;	/* bits set */
};

/* The activity log of a local disk: see actlog.c for the rules. */
struct br_actlog {
	spinlock_t lock;		/* the cache and ->deferred */
	struct br_al_cache cache;
	struct list_head deferred;	/* br_req waiting for their extents */
	struct work_struct work;	/* writes transactions, admits */
	struct br_resource *res;
	struct br_ldev *ldev;
	void *mem;			/* the cache's arrays */
	u32 *table;			/* for the work item */
	void *block;			/* one transaction, for the work item */
};

/* The local disk: backing device, metadata and bitmap. */
struct br_ldev {
	struct br_bdev data;		/* the backing disk */
	struct br_bdev meta;		/* external meta-disk (bdev NULL if internal) */
	char disk_path[BLKREP_PATH_MAX];
	char meta_path[BLKREP_PATH_MAX];
	struct br_md_super md;		/* under res->state_lock */
	struct br_bitmap bm;
	struct br_actlog al;
};

/* A new data generation starts here now (after a new current UUID). */
static inline void br_gen_started(struct br_ldev *ldev)
{
	ldev->md.gen_time = ktime_get_real_seconds();
}

static inline struct block_device *br_meta_bdev(struct br_ldev *ldev)
{
	return ldev->meta.bdev ? ldev->meta.bdev : ldev->data.bdev;
}

struct br_stats {
	atomic64_t net_sent, net_recv;		/* bytes */
	atomic64_t disk_write, disk_read;	/* bytes */
	atomic64_t al_writes, bm_writes;
};

struct br_resource {
	struct list_head list;			/* in br_resources */
	char name[BLKREP_NAME_MAX];
	u32 minor;
	struct gendisk *disk;

	struct mutex state_lock;		/* see the top of this file */
	enum blkrep_role role;
	enum blkrep_disk_state disk_state;
	unsigned int open_count;
	bool dying;				/* being destroyed: refuse opens */
	struct br_ldev *ldev;			/* NULL while Diskless */

	/*
	 * Every accepted bio holds a reference until it completes;
	 * br_wait_idle() kills the ref and waits for idle_done, which the
	 * release callback completes as its very last access to @res.
	 */
	struct percpu_ref inflight;
	struct completion idle_done;
	struct mutex idle_lock;		/* one br_wait_idle() at a time */
	int __percpu *app_pending;		/* per-cpu +1/-1; sum = ap */
	struct br_stats stats;

	/* see ival.c */
	spinlock_t ival_lock;
	struct list_head ivals;
	wait_queue_head_t ival_wait;

	/*
	 * The connection to the peer.  It lives as long as the resource, so
	 * the I/O path may look at it at any time; it mirrors writes only
	 * under conn.lock with conn.ready.  Threads run from CONNECT to
	 * DISCONNECT (recv_task set).
	 */
	struct br_conn conn;
	atomic_t unmirrored;		/* local-only writes in flight */
	atomic_t io_frozen;		/* fencing, disk failure: new I/O waits
					 * (thaw_wait) while > 0 */
	u8 on_io_error;			/* enum blkrep_on_io_error (ATTACH) */
	unsigned long flags;		/* BR_RES_* bits */
	struct work_struct fail_work;	/* detach a failing disk (ioerr.c) */
	wait_queue_head_t thaw_wait;
	unsigned long last_app_io;	/* jiffies, for the resync controller */
};

/*
 * One application bio on its way: lives in the front pad of the clone that
 * goes to the local disk.  It completes the application's bio when every
 * part is done: the local write, the send, and (protocols B and C) the
 * peer's ack.  See the comment at the top of request.c.
 */
struct br_req {
	struct br_send send;		/* P_DATA, queued on the connection */
	struct br_resource *res;
	struct bio *master;		/* the application's bio */
	struct br_ival ival;		/* held while replicated */
	u32 id;				/* in conn->reqs, B and C */
	atomic_t pending;		/* parts not done, +1 while submitting */
	blk_status_t status;		/* of the local write */
	bool mirrored;
	bool local_only;		/* counted in res->unmirrored */
	bool oos_marked;		/* the peer may lack it: in the bitmap */
	bool remote_read;		/* served by the peer (remote.c) */
	bool diskless;			/* no local part (ioerr.c) */
	bool local_failed;		/* the local disk failed it */
	u8 al_state;			/* see actlog.c */
	u32 al_first, al_last;		/* extents held in the activity log */
	struct list_head al_list;	/* waiting in ldev->al.deferred */
	struct bio clone;		/* last: the bio_set's front pad ends here */
};

/* A consistent copy of what status reports, for /proc and netlink. */
struct br_res_status {
	struct sockaddr_storage peer_addr;
	int peer_addrlen;
	bool syncing;
	u64 sync_total, sync_left, sync_rate;	/* KiB, KiB/s */
	enum blkrep_role role, peer_role;
	enum blkrep_disk_state disk, peer_disk;
	enum blkrep_conn_state conn;
	enum blkrep_protocol protocol;
	unsigned int open_count;
	u64 size_sectors;
	u32 io_frozen;			/* BLKREP_IOF_* */
	bool attached;
	u32 meta_type, meta_index, md_flags;
	u64 uuid[BR_UUID_COUNT];
	char disk_path[BLKREP_PATH_MAX];
	char meta_path[BLKREP_PATH_MAX];
	/* KiB or counts, as named in the uapi header */
	u64 ns, nr, dw, dr, al, bm, lo, pe, ua, ap, oos;
};

/* main.c */
extern int br_major;
extern struct bio_set br_bio_set;	/* clones, front pad: struct br_req */
extern struct bio_set br_page_bio_set;	/* bios with their own pages */

/* resource.c */
extern struct mutex br_res_mutex;
extern struct list_head br_resources;
struct br_resource *br_res_find(const char *name);
int br_res_create(const char *name, u32 minor, struct netlink_ext_ack *ea);
int br_res_destroy(struct br_resource *res, struct netlink_ext_ack *ea);
void br_res_destroy_all(void);
void br_res_get_status(struct br_resource *res, struct br_res_status *st);
int br_res_set_role(struct br_resource *res, enum blkrep_role role,
		    bool force, struct netlink_ext_ack *ea);
int br_res_attach(struct br_resource *res, const char *disk,
		  const char *meta, const u32 *meta_index, u8 on_io_error,
		  struct netlink_ext_ack *ea);
int br_res_detach(struct br_resource *res, struct netlink_ext_ack *ea);
int br_res_connect(struct br_resource *res, const struct br_net_conf *nc,
		   const struct sockaddr_storage *me,
		   const struct sockaddr_storage *peer, int addrlen,
		   struct netlink_ext_ack *ea);
int br_res_disconnect(struct br_resource *res, struct netlink_ext_ack *ea);

/* operator.c */
int br_res_invalidate(struct br_resource *res, struct netlink_ext_ack *ea);
int br_res_invalidate_remote(struct br_resource *res,
			     struct netlink_ext_ack *ea);
int br_res_new_current_uuid(struct br_resource *res, bool clear_bitmap,
			    struct netlink_ext_ack *ea);
int br_res_outdate(struct br_resource *res, struct netlink_ext_ack *ea);
int br_res_resume_io(struct br_resource *res, struct netlink_ext_ack *ea);
bool br_fence_release(struct br_resource *res);

/* device.c */
int br_device_create(struct br_resource *res);
void br_device_remove(struct br_resource *res);
void br_device_free(struct br_resource *res);
void br_device_set_size(struct br_resource *res, sector_t sectors);

/* request.c */
int br_io_init(struct br_resource *res);
void br_io_exit(struct br_resource *res);
void br_submit_bio(struct bio *bio);
void br_wait_idle(struct br_resource *res);
unsigned int br_app_pending(struct br_resource *res);
int br_req_peer_ack(struct br_conn *c, u64 id, u64 sector, bool ok);
void br_req_fail_all(struct br_conn *c);

/* ival.c */
void br_ival_lock(struct br_resource *res, struct br_ival *iv,
		  sector_t start, u32 bytes);
void br_ival_unlock(struct br_resource *res, struct br_ival *iv);

/* meta.c: the local disk and its metadata */
struct br_ldev *br_ldev_open(struct br_resource *res, const char *disk,
			     const char *meta, const u32 *meta_index,
			     struct netlink_ext_ack *ea);
void br_ldev_close(struct br_ldev *ldev);
int br_md_write_super(struct br_resource *res, struct br_ldev *ldev);

/* bitmap.c */
int br_bm_alloc(struct br_bitmap *bm, u64 data_bytes, u64 bm_bytes);
void br_bm_free(struct br_bitmap *bm);
void br_bm_set_range(struct br_bitmap *bm, u64 offset, u64 len);
void br_bm_clear_range(struct br_bitmap *bm, u64 offset, u64 len);
u64 br_bm_find_next(struct br_bitmap *bm, u64 from);
bool br_bm_test(struct br_bitmap *bm, u64 nr);
void br_bm_merge(struct br_bitmap *bm, u64 byte_off, const void *src,
		 size_t len, u64 limit);
void br_bm_clear_from(struct br_bitmap *bm, u64 bytes);

/* Bitmap bytes exchanged: the bits of the data both disks hold. */
static inline u64 br_bm_wire_bytes(u64 agreed_bytes)
{
	return DIV_ROUND_UP_ULL(DIV_ROUND_UP_ULL(agreed_bytes,
						 BR_BM_BYTES_PER_BIT), 8);
}
void br_bm_set_all(struct br_bitmap *bm);
void br_bm_clear_all(struct br_bitmap *bm);
void br_bm_recount(struct br_bitmap *bm);
int br_bm_read(struct br_resource *res, struct br_ldev *ldev);
int br_md_io(struct block_device *bdev, u64 offset, void *buf, u64 len,
	     blk_opf_t opf);

/* request.c (continued) */
void br_req_put(struct br_req *req);

/* ioerr.c */
#define BR_RES_DISK_FAILED	0	/* res->flags: detach is under way */
#define BR_RES_FENCE_HELD	1	/* res->flags: fence-peer failed with
					   resource-and-stonith, I/O frozen
					   until the peer is back or
					   resume-io (conn.c) */
#define BR_RES_FENCING		2	/* res->flags: a stonith fence-peer
					   holds I/O frozen (conn.c) */
#define BR_RES_DISK_HANDLER	3	/* res->flags: local-io-error ran for
					   this failure (ioerr.c) */
void br_disk_failed(struct br_resource *res);
bool br_disk_fail_pending(struct br_resource *res);
void br_disk_fail_between(struct br_resource *res);
void br_ioerr_init(struct br_resource *res);

/* remote.c */
bool br_remote_read_possible(struct br_resource *res);
bool br_req_read_remote(struct br_req *req);

void br_io_freeze(struct br_resource *res);
void br_io_thaw(struct br_resource *res);
void br_req_admit(struct br_req *req);
void br_req_admit_remote(struct br_req *req);
void br_req_fail(struct br_req *req);

/* actlog.c */
int br_actlog_attach(struct br_resource *res, struct br_ldev *ldev,
		     bool crashed);
void br_actlog_free(struct br_ldev *ldev);
bool br_actlog_begin(struct br_req *req);
void br_actlog_end(struct br_req *req, bool peer_has_it);
int br_bm_write_dirty(struct br_resource *res, struct br_ldev *ldev);

static inline u64 br_bm_oos_kib(struct br_bitmap *bm)
{
	return (u64)atomic64_read(&bm->weight) * (BR_BM_BYTES_PER_BIT / 1024);
}

/* fault.c: fault injection for the tests (module parameters fi_*) */
struct br_fault {
	unsigned int drop, corrupt, delay, delay_ms;
	unsigned int fail_read_pct, fail_write_pct;
};
extern struct br_fault br_fault;
struct br_hdr;
bool br_fault_xmit(struct br_conn *c, u16 type, struct br_hdr *hdr);
bool br_fault_local_io(bool write);
static inline bool br_fault_io_on(void)
{
	return READ_ONCE(br_fault.fail_read_pct) |
	       READ_ONCE(br_fault.fail_write_pct);
}

static inline bool br_fault_on(void)
{
	return READ_ONCE(br_fault.drop) | READ_ONCE(br_fault.corrupt) |
	       READ_ONCE(br_fault.delay);
}

/* handler.c: user-mode helpers (see "Handlers" in the uapi header) */
int br_handler_init(void);
void br_handler_exit(void);
int br_handler_call(struct br_resource *res, const char *event);
void br_handler_start(struct br_resource *res, const char *event);

/* fence-peer's exit status: the peer cannot be promoted (blkrep.conf(5)) */
#define BR_FENCE_PEER_NOT_UPTODATE	3	/* its disk is not UpToDate */
#define BR_FENCE_PEER_OUTDATED		4	/* outdated by the handler */
#define BR_FENCE_PEER_DOWN		5	/* down or unreachable, fenced */
#define BR_FENCE_PEER_STONITH		7	/* powered off (and-stonith only) */

/* netlink.c */
int br_netlink_init(void);
void br_netlink_exit(void);

/* proc.c */
int br_proc_init(void);
void br_proc_exit(void);

/* state_names.c: names shared by /proc, the log and blkrepadm */
#include "state_names.h"

/*
 * Set an extended-ACK message chosen at run time.  @msg must be a string
 * with static storage: the core sends it after the command returned.
 */
static inline void br_set_err(struct netlink_ext_ack *ea, const char *msg)
{
	if (ea)
		ea->_msg = msg;
}

#define br_info(res, fmt, ...) \
	pr_info("blkrep %s: " fmt, (res)->name, ##__VA_ARGS__)
#define br_warn(res, fmt, ...) \
	pr_warn("blkrep %s: " fmt, (res)->name, ##__VA_ARGS__)
#define br_err(res, fmt, ...) \
	pr_err("blkrep %s: " fmt, (res)->name, ##__VA_ARGS__)

#endif /* BLKREP_H */
