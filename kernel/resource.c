// SPDX-License-Identifier: GPL-2.0
/*
 * Resources: their life (create, destroy), their local disk (attach,
 * detach) and their role.  Each transition is one small function that
 * checks its preconditions under res->state_lock, then acts.
 *
 * All entry points but br_res_destroy_all() are called from netlink
 * commands, which the genl core serialises (see blkrep.h).
 */
#include <linux/slab.h>
#include <linux/random.h>
#include "blkrep.h"

DEFINE_MUTEX(br_res_mutex);
LIST_HEAD(br_resources);

struct br_resource *br_res_find(const char *name)
{
	struct br_resource *res;

	lockdep_assert_held(&br_res_mutex);
	list_for_each_entry(res, &br_resources, list)
		if (!strcmp(res->name, name))
			return res;
	return NULL;
}

static bool br_minor_taken(u32 minor)
{
	struct br_resource *res;

	lockdep_assert_held(&br_res_mutex);
	list_for_each_entry(res, &br_resources, list)
		if (res->minor == minor)
			return true;
	return false;
}

int br_res_create(const char *name, u32 minor, struct netlink_ext_ack *ea)
{
	struct br_resource *res;
	int ret;

	mutex_lock(&br_res_mutex);
	ret = -EEXIST;
	if (br_res_find(name)) {
		NL_SET_ERR_MSG(ea, "a resource of that name exists already");
		goto out_unlock;
	}
	if (br_minor_taken(minor)) {
		NL_SET_ERR_MSG(ea, "that minor is used by another resource");
		goto out_unlock;
	}
	ret = -ENOMEM;
	res = kzalloc(sizeof(*res), GFP_KERNEL);
	if (!res)
		goto out_unlock;
	strscpy(res->name, name, sizeof(res->name));
	res->minor = minor;
	res->role = BLKREP_ROLE_SECONDARY;
	res->disk_state = BLKREP_DS_DISKLESS;
	mutex_init(&res->state_lock);
	ret = br_io_init(res);
	if (ret) {
		kfree(res);
		goto out_unlock;
	}
	br_conn_init(res);
	ret = br_device_create(res);
	if (ret) {
		NL_SET_ERR_MSG(ea, "cannot create the block device");
		br_io_exit(res);
		kfree(res);
		goto out_unlock;
	}
	list_add_tail(&res->list, &br_resources);
	br_info(res, "created, device blkrep%u\n", minor);
out_unlock:
	mutex_unlock(&br_res_mutex);
	return ret;
}

/* Demote, detach and free a resource that nobody has open. */
static void br_res_teardown(struct br_resource *res)
{
	mutex_lock(&res->state_lock);
	res->dying = true;
	mutex_unlock(&res->state_lock);

	br_conn_stop(res);
	br_fence_release(res);
	/* No opens from here on; del_gendisk takes open_mutex. */
	br_device_remove(res);
	if (res->ldev) {
		res->role = BLKREP_ROLE_SECONDARY;
		br_res_detach(res, NULL);
	}
	br_device_free(res);
	flush_work(&res->fail_work);
	xa_destroy(&res->conn.reqs);
	br_io_exit(res);
	br_info(res, "destroyed\n");
	kfree(res);
}

int br_res_destroy(struct br_resource *res, struct netlink_ext_ack *ea)
{
	mutex_lock(&res->state_lock);
	if (res->open_count) {
		mutex_unlock(&res->state_lock);
		NL_SET_ERR_MSG(ea, "device is open (mounted or in use); unmount it first");
		return -EBUSY;
	}
	res->dying = true;
	mutex_unlock(&res->state_lock);

	mutex_lock(&br_res_mutex);
	list_del(&res->list);
	mutex_unlock(&br_res_mutex);
	br_res_teardown(res);
	return 0;
}

/* Module exit: nothing can be open (each opener holds a module reference). */
void br_res_destroy_all(void)
{
	struct br_resource *res, *tmp;
	LIST_HEAD(doomed);

	mutex_lock(&br_res_mutex);
	list_splice_init(&br_resources, &doomed);
	mutex_unlock(&br_res_mutex);
	list_for_each_entry_safe(res, tmp, &doomed, list) {
		list_del(&res->list);
		br_res_teardown(res);
	}
}

/* Disk state of freshly attached metadata, from its flags. */
static enum blkrep_disk_state br_disk_state_from_md(u32 flags)
{
	if (!(flags & BLKREP_MDF_CONSISTENT))
		return BLKREP_DS_INCONSISTENT;
	if (flags & BLKREP_MDF_OUTDATED)
		return BLKREP_DS_OUTDATED;
	return BLKREP_DS_CONSISTENT;
}

/*
 * A superblock still marked ATTACHED was not detached cleanly: the node
 * crashed.  Bits are set in memory only while Primary (application writes
 * the peer lacks) or while SyncTarget (bits merged from the peer, which
 * keeps them too).  A crashed Primary: the activity log's extents are
 * already marked (br_actlog_attach), and bits of extents that left the log
 * were written before they left.  A crashed Secondary with a consistent
 * disk lost nothing: the Primary marked every write it did not see
 * acknowledged.  Only an Inconsistent disk that crashed is marked out of
 * sync entirely.
 */
static void br_attach_recover(struct br_resource *res, struct br_ldev *ldev)
{
	struct br_md_super *md = &ldev->md;

	if (md->flags & BLKREP_MDF_PRIMARY_IND) {
		md->flags |= BLKREP_MDF_CRASHED_PRIMARY;
		br_warn(res, "was Primary when it stopped: crashed primary\n");
	}
	if ((md->flags & BLKREP_MDF_ATTACHED) &&
	    (md->flags & BLKREP_MDF_CONSISTENT)) {
		br_info(res, "metadata was not detached cleanly; bitmap and activity log stand\n");
	} else if (md->flags & BLKREP_MDF_ATTACHED) {
		br_warn(res, "metadata was not detached cleanly; marking the whole device out of sync\n");
		br_bm_set_all(&ldev->bm);
		md->flags |= BLKREP_MDF_FULL_SYNC;
	}
	md->flags &= ~BLKREP_MDF_PRIMARY_IND;
}

/*
 * Attach a disk to a Secondary that is not connected.  Stopgap: a disk
 * returning to a Primary, or under a connection whose handshake has
 * already happened, would serve (or be taken for) data it lacks, because
 * nothing compares its generation with the peer's before it is used.
 * Until a disk can join a live connection through the handshake, attach
 * is refused then.  @on_io_error becomes the resource's policy only when
 * the attach succeeds.  Netlink context (commands are serialised).
 */
int br_res_attach(struct br_resource *res, const char *disk,
		  const char *meta, const u32 *meta_index, u8 on_io_error,
		  struct netlink_ext_ack *ea)
{
	struct br_ldev *ldev;
	int ret;

	if (READ_ONCE(res->ldev)) {
		NL_SET_ERR_MSG(ea, "resource has a disk attached already; detach it first");
		return -EBUSY;
	}
	if (READ_ONCE(res->conn.recv_task)) {
		NL_SET_ERR_MSG(ea, "cannot attach a disk while a connection is configured (it could serve stale data): disconnect first, attach, then connect");
		return -EBUSY;
	}
	if (READ_ONCE(res->role) == BLKREP_ROLE_PRIMARY) {
		NL_SET_ERR_MSG(ea, "cannot attach a disk to a Primary (it could serve stale data): make it Secondary first");
		return -EBUSY;
	}
	/*
	 * Open the disks before taking state_lock: opening takes the backing
	 * disk's open_mutex, and our own open() takes state_lock inside ours.
	 * Netlink commands are serialised, so nobody attaches meanwhile.
	 */
	ldev = br_ldev_open(res, disk, meta, meta_index, ea);
	if (IS_ERR(ldev))
		return PTR_ERR(ldev);
	if (bdev_logical_block_size(ldev->data.bdev) > BR_MD_BLOCK) {
		NL_SET_ERR_MSG(ea, "disk has a logical block size above 4 KiB");
		br_ldev_close(ldev);
		return -EINVAL;
	}
	mutex_lock(&res->state_lock);
	br_attach_recover(res, ldev);
	ldev->md.flags |= BLKREP_MDF_ATTACHED;
	ret = br_md_write_super(res, ldev);
	if (ret) {
		NL_SET_ERR_MSG(ea, "writing the metadata failed (I/O error)");
		goto out_close;
	}
	ret = br_set_limits(res->disk, ldev->data.bdev, BR_MAX_DATA);
	if (ret) {
		NL_SET_ERR_MSG(ea, "the disk's queue limits cannot be stacked");
		goto out_close;
	}
	res->disk_state = br_disk_state_from_md(ldev->md.flags);
	WRITE_ONCE(res->on_io_error, on_io_error);
	WRITE_ONCE(res->ldev, ldev);
	br_device_set_size(res, ldev->md.layout.data_bytes >> SECTOR_SHIFT);
	br_info(res, "attached %s%s%s: %llu KiB, disk %s, %llu KiB out of sync\n",
		disk, meta ? " meta " : "", meta ? meta : "",
		ldev->md.layout.data_bytes >> 10,
		br_disk_state_name(res->disk_state), br_bm_oos_kib(&ldev->bm));
	mutex_unlock(&res->state_lock);
	return 0;

out_close:
	mutex_unlock(&res->state_lock);
	br_ldev_close(ldev);
	return ret;
}

/*
 * Detach: write the bitmap and a clean superblock, then let go of the
 * disks.  Called with @ea NULL from teardown, where it cannot refuse.
 */
int br_res_detach(struct br_resource *res, struct netlink_ext_ack *ea)
{
	struct br_ldev *ldev;
	int ret;

	flush_work(&res->fail_work);	/* a failing disk is dropped first */
	clear_bit(BR_RES_DISK_HANDLER, &res->flags);
	clear_bit(BR_RES_DISK_FAILED, &res->flags);	/* the next disk's */
	mutex_lock(&res->state_lock);
	ldev = res->ldev;
	if (!ldev) {
		mutex_unlock(&res->state_lock);
		NL_SET_ERR_MSG(ea, "no disk attached");
		return -ENODEV;
	}
	if (res->open_count && ea) {
		mutex_unlock(&res->state_lock);
		NL_SET_ERR_MSG(ea, "device is open (mounted or in use); unmount it first");
		return -EBUSY;
	}
	if (res->conn.recv_task) {
		/* Diskless service through the peer is not built: disconnect. */
		mutex_unlock(&res->state_lock);
		br_conn_stop(res);
		mutex_lock(&res->state_lock);
		ldev = res->ldev;
		if (!ldev) {
			mutex_unlock(&res->state_lock);
			return 0;
		}
	}
	br_wait_idle(res);
	ret = br_bm_write_dirty(res, ldev);
	if (!ret) {
		ldev->md.flags &= ~(BLKREP_MDF_ATTACHED |
				    BLKREP_MDF_PRIMARY_IND);
		ret = br_md_write_super(res, ldev);
	}
	if (ret)
		br_err(res, "metadata not written cleanly on detach; the next attach will resync fully\n");
	WRITE_ONCE(res->ldev, NULL);
	res->disk_state = BLKREP_DS_DISKLESS;
	res->role = BLKREP_ROLE_SECONDARY;
	if (!res->dying) {	/* a removed gendisk needs no new size */
		br_device_set_size(res, 0);
		set_disk_ro(res->disk, true);
		br_set_limits(res->disk, NULL, BR_MAX_DATA);
	}
	mutex_unlock(&res->state_lock);
	br_ldev_close(ldev);	/* outside state_lock, as in attach */
	br_info(res, "detached\n");
	return 0;
}

/*
 * Declare this node's data the good copy: a new current UUID, the old one
 * kept in the history.  From Inconsistent data, the peer will need every
 * block.
 */
static void br_force_uptodate(struct br_resource *res, struct br_ldev *ldev)
{
	struct br_md_super *md = &ldev->md;

	if (md->uuid[BR_UUID_CURRENT] != BR_UUID_JUST_CREATED) {
		md->uuid[BR_UUID_HISTORY1] = md->uuid[BR_UUID_HISTORY0];
		md->uuid[BR_UUID_HISTORY0] = md->uuid[BR_UUID_CURRENT];
	}
	md->uuid[BR_UUID_CURRENT] = br_uuid_fresh();
	br_gen_started(ldev);
	if (res->disk_state == BLKREP_DS_INCONSISTENT) {
		br_bm_set_all(&ldev->bm);
		md->flags |= BLKREP_MDF_FULL_SYNC;
	}
	md->flags |= BLKREP_MDF_CONSISTENT;
	md->flags &= ~BLKREP_MDF_OUTDATED;
	br_warn(res, "forced to be the good copy (was %s), current UUID %016llx\n",
		br_disk_state_name(res->disk_state), md->uuid[BR_UUID_CURRENT]);
}

static int br_become_primary(struct br_resource *res, bool force,
			     bool *resync, struct netlink_ext_ack *ea)
{
	struct br_ldev *ldev = res->ldev;
	struct br_md_super saved;
	int ret;

	if (!ldev) {
		NL_SET_ERR_MSG(ea, "no disk attached; attach one first");
		return -ENODEV;
	}
	if (READ_ONCE(res->conn.peer_role) == BLKREP_ROLE_PRIMARY) {
		NL_SET_ERR_MSG(ea, "the peer is Primary and answers; make it Secondary first (one Primary at a time)");
		return -EBUSY;
	}
	if (res->conn.sync.active && !res->conn.sync.source) {
		NL_SET_ERR_MSG(ea, "a resync to this node is running; wait until it is UpToDate");
		return -EBUSY;
	}
	if (res->disk_state < BLKREP_DS_CONSISTENT && !force) {
		br_set_err(ea, res->disk_state == BLKREP_DS_OUTDATED ?
			       "disk is Outdated: the peer may have newer data; --force overrides" :
			       "disk is Inconsistent: no good data here; --force makes this node's data the good copy");
		return -EINVAL;
	}
	saved = ldev->md;
	*resync = res->disk_state < BLKREP_DS_CONSISTENT &&
		  READ_ONCE(res->conn.ready);
	if (res->disk_state < BLKREP_DS_CONSISTENT)
		br_force_uptodate(res, ldev);
	else if (!READ_ONCE(res->conn.ready)) {	/* a generation the peer lacks */
		br_uuid_new_current(ldev->md.uuid, br_uuid_fresh());
		br_gen_started(ldev);
	}
	ldev->md.flags |= BLKREP_MDF_PRIMARY_IND | BLKREP_MDF_WAS_UPTODATE;
	ret = br_md_write_super(res, ldev);
	if (ret) {
		ldev->md = saved;
		NL_SET_ERR_MSG(ea, "writing the metadata failed (I/O error)");
		return ret;
	}
	res->disk_state = BLKREP_DS_UPTODATE;
	WRITE_ONCE(res->role, BLKREP_ROLE_PRIMARY);
	set_disk_ro(res->disk, false);
	br_info(res, "Primary\n");
	return 0;
}

static int br_become_secondary(struct br_resource *res,
			       struct netlink_ext_ack *ea)
{
	struct br_ldev *ldev = res->ldev;
	int ret;

	if (res->open_count) {
		NL_SET_ERR_MSG(ea, "device is open (mounted or in use); unmount it first");
		return -EBUSY;
	}
	if (ldev) {
		br_wait_idle(res);
		/* Bits set while Primary go to disk before PRIMARY_IND goes. */
		ret = br_bm_write_dirty(res, ldev);
		if (ret) {
			NL_SET_ERR_MSG(ea, "writing the bitmap failed (I/O error)");
			return ret;
		}
		ldev->md.flags &= ~BLKREP_MDF_PRIMARY_IND;
		ret = br_md_write_super(res, ldev);
		if (ret) {
			ldev->md.flags |= BLKREP_MDF_PRIMARY_IND;
			NL_SET_ERR_MSG(ea, "writing the metadata failed (I/O error)");
			return ret;
		}
	}
	WRITE_ONCE(res->role, BLKREP_ROLE_SECONDARY);
	set_disk_ro(res->disk, true);
	br_info(res, "Secondary\n");
	return 0;
}

int br_res_set_role(struct br_resource *res, enum blkrep_role role,
		    bool force, struct netlink_ext_ack *ea)
{
	bool resync = false;
	int ret = 0;

	/* The peer looks Primary: ask it now (it may have just died). */
	if (role == BLKREP_ROLE_PRIMARY && res->role != BLKREP_ROLE_PRIMARY &&
	    READ_ONCE(res->conn.peer_role) == BLKREP_ROLE_PRIMARY)
		br_conn_peer_gone(&res->conn);
	mutex_lock(&res->state_lock);
	if (role == res->role)
		ret = 0;
	else if (role == BLKREP_ROLE_PRIMARY)
		ret = br_become_primary(res, force, &resync, ea);
	else
		ret = br_become_secondary(res, ea);
	mutex_unlock(&res->state_lock);
	if (!ret)
		br_conn_send_state(&res->conn);
	/* Our data is the good copy now: the connected peer needs it all. */
	if (!ret && resync)
		br_conn_resync_now(&res->conn, true, true);
	return ret;
}

/* Why new application I/O waits now: BLKREP_IOF_*, 0 if it does not. */
static u32 br_res_io_frozen(struct br_resource *res)
{
	int held = atomic_read(&res->io_frozen);
	u32 why = 0;

	if (test_bit(BR_RES_FENCING, &res->flags)) {
		why |= BLKREP_IOF_FENCING;
		held--;
	}
	if (test_bit(BR_RES_FENCE_HELD, &res->flags)) {
		why |= BLKREP_IOF_FENCE_FAILED;
		held--;
	}
	if (held > 0)
		why |= BLKREP_IOF_OTHER;
	return why;
}

void br_res_get_status(struct br_resource *res, struct br_res_status *st)
{
	struct br_ldev *ldev;

	memset(st, 0, sizeof(*st));
	mutex_lock(&res->state_lock);
	ldev = res->ldev;
	st->role = res->role;
	st->peer_role = READ_ONCE(res->conn.peer_role);
	st->disk = res->disk_state;
	st->peer_disk = READ_ONCE(res->conn.peer_disk);
	st->conn = READ_ONCE(res->conn.cstate);
	st->protocol = res->conn.recv_task ? res->conn.conf.protocol :
		       BLKREP_PROTO_C;
	if (res->conn.recv_task) {
		st->peer_addr = res->conn.peer_addr;
		st->peer_addrlen = res->conn.addrlen;
	}
	if (res->conn.sync.active && res->conn.cstate >= BLKREP_CS_SYNCSOURCE) {
		st->syncing = true;
		br_resync_progress(&res->conn, &st->sync_total, &st->sync_left,
				   &st->sync_rate);
	}
	st->open_count = res->open_count;
	st->size_sectors = get_capacity(res->disk);
	st->io_frozen = br_res_io_frozen(res);
	if (ldev) {
		st->attached = true;
		st->meta_type = ldev->md.layout.meta_type;
		st->meta_index = ldev->md.layout.meta_index;
		st->md_flags = ldev->md.flags;
		memcpy(st->uuid, ldev->md.uuid, sizeof(st->uuid));
		strscpy(st->disk_path, ldev->disk_path, sizeof(st->disk_path));
		strscpy(st->meta_path, ldev->meta_path, sizeof(st->meta_path));
		st->oos = br_bm_oos_kib(&ldev->bm);
	}
	mutex_unlock(&res->state_lock);

	st->ns = atomic64_read(&res->stats.net_sent) >> 10;
	st->nr = atomic64_read(&res->stats.net_recv) >> 10;
	st->dw = atomic64_read(&res->stats.disk_write) >> 10;
	st->dr = atomic64_read(&res->stats.disk_read) >> 10;
	st->al = atomic64_read(&res->stats.al_writes);
	st->bm = atomic64_read(&res->stats.bm_writes);
	st->ap = br_app_pending(res);
	st->lo = st->ap;
	st->pe = atomic_read(&res->conn.pending);
	st->ua = atomic_read(&res->conn.unacked);
}

int br_res_connect(struct br_resource *res, const struct br_net_conf *nc,
		   const struct sockaddr_storage *me,
		   const struct sockaddr_storage *peer, int addrlen,
		   struct netlink_ext_ack *ea)
{
	int ret;

	/*
	 * A connection that was refused (split brain, ...) went StandAlone;
	 * its thread waits to be reaped.  Commands are serialised, so nobody
	 * starts another meanwhile.
	 */
	if (res->conn.recv_task &&
	    READ_ONCE(res->conn.cstate) == BLKREP_CS_STANDALONE)
		br_conn_stop(res);
	mutex_lock(&res->state_lock);
	if (res->conn.recv_task) {
		mutex_unlock(&res->state_lock);
		NL_SET_ERR_MSG(ea, "already connected or connecting");
		return -EBUSY;
	}
	if (!res->ldev) {
		mutex_unlock(&res->state_lock);
		NL_SET_ERR_MSG(ea, "no disk attached; attach one first");
		return -ENODEV;
	}
	ret = br_conn_start(res, nc, me, peer, addrlen);
	mutex_unlock(&res->state_lock);
	if (ret)
		NL_SET_ERR_MSG(ea, "cannot start the connection threads");
	return ret;
}

int br_res_disconnect(struct br_resource *res, struct netlink_ext_ack *ea)
{
	if (!res->conn.recv_task) {
		NL_SET_ERR_MSG(ea, "not connected (StandAlone)");
		return -ENOTCONN;
	}
	br_conn_outdate_peer(&res->conn);
	br_conn_stop(res);
	return 0;
}
