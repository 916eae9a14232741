// SPDX-License-Identifier: GPL-2.0
/*
 * Operator commands that decide whose data is good, outside the automatic
 * rules of the handshake:
 *
 *   invalidate          this node's data is thrown away; full resync from
 *                       the peer (this node asks, the peer becomes source)
 *   invalidate-remote   the peer's data is thrown away; full resync to it
 *   new-current-uuid    a new data generation; with --clear-bitmap the two
 *                       nodes declare their (fresh) disks identical and
 *                       skip the initial sync
 *
 * Each checks its preconditions under res->state_lock and refuses with an
 * extended-ACK message.  What changes the connection's state (a resync,
 * the peer's UUIDs) runs in the receiver thread through br_conn_call(),
 * which checks again there: the peer's own packets and the teardown then
 * see one state, never half of a command.
 */
#include <linux/random.h>
#include "blkrep.h"
#include "uuid.h"

/* Connected, no resync running, a disk here.  Under state_lock. */
static int br_op_need_link(struct br_resource *res,
			   struct netlink_ext_ack *ea)
{
	struct br_conn *c = &res->conn;

	lockdep_assert_held(&res->state_lock);
	if (!res->ldev) {
		NL_SET_ERR_MSG(ea, "no disk attached; attach one first");
		return -ENODEV;
	}
	if (!READ_ONCE(c->ready)) {
		NL_SET_ERR_MSG(ea, "not connected: this command needs the peer (Connected)");
		return -ENOTCONN;
	}
	if (c->sync.active || READ_ONCE(c->cstate) != BLKREP_CS_CONNECTED) {
		NL_SET_ERR_MSG(ea, "a resync is running (or starting); wait until it is done");
		return -EBUSY;
	}
	return 0;
}

/* invalidate: may this node's data go?  Under state_lock. */
static int br_op_can_pull(struct br_resource *res, struct netlink_ext_ack *ea)
{
	lockdep_assert_held(&res->state_lock);
	if (!res->ldev) {
		NL_SET_ERR_MSG(ea, "this node has no disk to resync to; attach one first");
		return -EINVAL;
	}
	if (res->role == BLKREP_ROLE_PRIMARY) {
		NL_SET_ERR_MSG(ea, "this node is Primary: it cannot throw its data away; make it Secondary first");
		return -EBUSY;
	}
	if (READ_ONCE(res->conn.peer_disk) != BLKREP_DS_UPTODATE) {
		NL_SET_ERR_MSG(ea, "the peer's disk is not UpToDate: it has no good copy to give");
		return -EINVAL;
	}
	return 0;
}

/* invalidate-remote: may the peer's data go?  Under state_lock. */
static int br_op_can_push(struct br_resource *res, struct netlink_ext_ack *ea)
{
	lockdep_assert_held(&res->state_lock);
	if (res->disk_state != BLKREP_DS_UPTODATE) {
		NL_SET_ERR_MSG(ea, "this disk is not UpToDate: it has no good copy to give");
		return -EINVAL;
	}
	if (READ_ONCE(res->conn.peer_role) == BLKREP_ROLE_PRIMARY) {
		NL_SET_ERR_MSG(ea, "the peer is Primary: its data cannot be thrown away; make it Secondary first");
		return -EBUSY;
	}
	if (READ_ONCE(res->conn.peer_disk) == BLKREP_DS_DISKLESS) {
		NL_SET_ERR_MSG(ea, "the peer has no disk to resync; attach one there first");
		return -EINVAL;
	}
	return 0;
}

struct br_op_args {
	bool push;
	struct netlink_ext_ack *ea;
};

/* May the resync start?  Under state_lock. */
static int br_op_can_invalidate(struct br_resource *res, bool push,
				struct netlink_ext_ack *ea)
{
	int ret;

	lockdep_assert_held(&res->state_lock);
	ret = br_op_need_link(res, ea);
	if (!ret)
		ret = push ? br_op_can_push(res, ea) : br_op_can_pull(res, ea);
	return ret;
}

/* The receiver thread (br_conn_call()): check again, then start. */
static int br_op_invalidate_call(struct br_conn *c, void *arg)
{
	struct br_op_args *a = arg;
	struct br_resource *res = c->res;
	int ret;

	mutex_lock(&res->state_lock);
	ret = br_op_can_invalidate(res, a->push, a->ea);
	mutex_unlock(&res->state_lock);
	if (ret)
		return ret;
	br_warn(res, "%s\n", a->push ?
		"invalidate-remote: full resync of the peer from this node" :
		"invalidate: discarding this node's data, full resync from the peer");
	ret = br_conn_resync_start(c, true, a->push);
	if (ret)
		NL_SET_ERR_MSG(a->ea, "the resync could not start; the connection is re-established");
	return ret;
}

/* What br_conn_call() itself refused, said for the operator. */
static int br_op_call(struct br_resource *res,
		      int (*fn)(struct br_conn *c, void *arg),
		      struct br_op_args *a)
{
	int ret = br_conn_call(&res->conn, fn, a);

	if (ret == -ENOTCONN)
		NL_SET_ERR_MSG(a->ea, "the connection went down; try again once Connected");
	return ret;
}

/*
 * A full resync on the live link: to this node, or (@push) from it.  The
 * checks run here for a quick answer, and again in the receiver thread,
 * which starts the resync between two packets of the peer.
 */
static int br_op_invalidate(struct br_resource *res, bool push,
			    struct netlink_ext_ack *ea)
{
	struct br_op_args a = { .push = push, .ea = ea };
	int ret;

	mutex_lock(&res->state_lock);
	ret = br_op_can_invalidate(res, push, ea);
	mutex_unlock(&res->state_lock);
	if (ret)
		return ret;
	return br_op_call(res, br_op_invalidate_call, &a);
}

int br_res_invalidate(struct br_resource *res, struct netlink_ext_ack *ea)
{
	return br_op_invalidate(res, false, ea);
}

int br_res_invalidate_remote(struct br_resource *res,
			     struct netlink_ext_ack *ea)
{
	return br_op_invalidate(res, true, ea);
}

/*
 * This disk holds a consistent image that the peer (if any) is declared to
 * hold too: adopt @uuid, clear the bitmap, UpToDate.  Under state_lock.
 */
static int br_op_adopt_clean(struct br_resource *res, const u64 *uuid)
{
	struct br_ldev *ldev = res->ldev;
	struct br_md_super saved = ldev->md;
	int ret;

	lockdep_assert_held(&res->state_lock);
	memcpy(ldev->md.uuid, uuid, sizeof(ldev->md.uuid));
	ldev->md.flags |= BLKREP_MDF_CONSISTENT | BLKREP_MDF_WAS_UPTODATE;
	ldev->md.flags &= ~(BLKREP_MDF_FULL_SYNC | BLKREP_MDF_OUTDATED);
	br_bm_clear_all(&ldev->bm);
	ret = br_bm_write_dirty(res, ldev);
	if (!ret)
		ret = br_md_write_super(res, ldev);
	if (ret) {
		ldev->md = saved;
		return ret;
	}
	res->disk_state = BLKREP_DS_UPTODATE;
	return 0;
}

/* --clear-bitmap on a live link: both nodes fresh from create-md. */
static int br_op_skip_initial_sync(struct br_resource *res,
				   struct netlink_ext_ack *ea)
{
	struct br_conn *c = &res->conn;
	struct br_ldev *ldev = res->ldev;
	struct br_p_state st = {};
	u64 uuid[BR_UUID_COUNT] = { br_uuid_fresh() };
	int ret, i;

	br_assert_receiver(c);	/* it writes ->peer_uuid */
	ret = br_op_need_link(res, ea);
	if (ret)
		return ret;
	if (res->role == BLKREP_ROLE_PRIMARY ||
	    READ_ONCE(c->peer_role) == BLKREP_ROLE_PRIMARY) {
		NL_SET_ERR_MSG(ea, "both nodes must be Secondary to skip the initial sync");
		return -EBUSY;
	}
	if (ldev->md.uuid[BR_UUID_CURRENT] != BR_UUID_JUST_CREATED ||
	    c->peer_uuid[BR_UUID_CURRENT] != BR_UUID_JUST_CREATED) {
		NL_SET_ERR_MSG(ea, "--clear-bitmap on a connected resource only skips the initial sync of fresh metadata (create-md on both nodes); use invalidate or invalidate-remote to resync");
		return -EINVAL;
	}
	ret = br_op_adopt_clean(res, uuid);
	if (ret) {
		NL_SET_ERR_MSG(ea, "writing the metadata failed (I/O error)");
		return ret;
	}
	memcpy(c->peer_uuid, uuid, sizeof(c->peer_uuid));
	for (i = 0; i < BR_UUID_COUNT; i++)
		st.uuid[i] = cpu_to_be64(uuid[i]);
	st.role = cpu_to_be32(res->role);
	st.disk_state = cpu_to_be32(res->disk_state);
	ret = br_queue_ctl(c, BR_P_NEW_UUID, BR_HF_CLEAR_BITMAP, &st,
			   sizeof(st));
	if (ret)
		br_conn_fail(c, "cannot send the new UUID");
	br_warn(res, "initial sync skipped by the operator: both disks declared identical, bitmap cleared, current UUID %016llx\n",
		uuid[BR_UUID_CURRENT]);
	return 0;
}

/* The receiver thread (br_conn_call()): --clear-bitmap while connected. */
static int br_op_skip_sync_call(struct br_conn *c, void *arg)
{
	struct br_op_args *a = arg;
	struct br_resource *res = c->res;
	int ret;

	mutex_lock(&res->state_lock);
	if (!res->ldev) {
		NL_SET_ERR_MSG(a->ea, "no disk attached; attach one first");
		ret = -ENODEV;
	} else {
		ret = br_op_skip_initial_sync(res, a->ea);
	}
	mutex_unlock(&res->state_lock);
	return ret;
}

int br_res_new_current_uuid(struct br_resource *res, bool clear_bitmap,
			    struct netlink_ext_ack *ea)
{
	struct br_ldev *ldev;
	u64 uuid[BR_UUID_COUNT];
	int ret = 0;

	if (clear_bitmap && READ_ONCE(res->conn.ready)) {
		struct br_op_args a = { .ea = ea };

		ret = br_op_call(res, br_op_skip_sync_call, &a);
		if (!ret)
			br_conn_send_state(&res->conn);
		return ret;
	}
	mutex_lock(&res->state_lock);
	ldev = res->ldev;
	if (!ldev) {
		NL_SET_ERR_MSG(ea, "no disk attached; attach one first");
		ret = -ENODEV;
	} else if (READ_ONCE(res->conn.ready)) {
		NL_SET_ERR_MSG(ea, "connected: a new generation now would make the peer look out of date; disconnect first, or use --clear-bitmap on fresh metadata");
		ret = -EINVAL;
	} else if (!clear_bitmap && res->disk_state < BLKREP_DS_CONSISTENT) {
		NL_SET_ERR_MSG(ea, "disk is not Consistent: there is no good data to start a generation from");
		ret = -EINVAL;
	} else if (clear_bitmap) {
		/* Alone: this disk becomes the reference for a copied peer. */
		memcpy(uuid, ldev->md.uuid, sizeof(uuid));
		if (uuid[BR_UUID_CURRENT] != BR_UUID_JUST_CREATED) {
			uuid[BR_UUID_HISTORY1] = uuid[BR_UUID_HISTORY0];
			uuid[BR_UUID_HISTORY0] = uuid[BR_UUID_CURRENT];
		}
		uuid[BR_UUID_BITMAP] = 0;
		uuid[BR_UUID_CURRENT] = br_uuid_fresh();
		br_gen_started(ldev);
		ret = br_op_adopt_clean(res, uuid);
		if (ret)
			NL_SET_ERR_MSG(ea, "writing the metadata failed (I/O error)");
	} else {
		struct br_md_super saved = ldev->md;

		br_uuid_new_current(ldev->md.uuid, br_uuid_fresh());
		br_gen_started(ldev);
		ret = br_md_write_super(res, ldev);
		if (ret) {
			ldev->md = saved;
			NL_SET_ERR_MSG(ea, "writing the metadata failed (I/O error)");
		}
	}
	if (!ret && ldev)
		br_info(res, "new current UUID %016llx%s\n",
			ldev->md.uuid[BR_UUID_CURRENT],
			clear_bitmap ? ", bitmap cleared" : "");
	mutex_unlock(&res->state_lock);
	if (!ret)
		br_conn_send_state(&res->conn);
	return ret;
}

/* P_NEW_UUID: the peer skipped the initial sync (see above). */
int br_op_new_uuid_received(struct br_conn *c, u16 hflags,
			    const struct br_p_state *st)
{
	struct br_resource *res = c->res;
	u64 uuid[BR_UUID_COUNT];
	int ret, i;

	if (!(hflags & BR_HF_CLEAR_BITMAP))
		return -EPROTO;
	for (i = 0; i < BR_UUID_COUNT; i++)
		uuid[i] = be64_to_cpu(st->uuid[i]);
	mutex_lock(&res->state_lock);
	if (!res->ldev || c->sync.active || res->role == BLKREP_ROLE_PRIMARY ||
	    res->ldev->md.uuid[BR_UUID_CURRENT] != BR_UUID_JUST_CREATED) {
		mutex_unlock(&res->state_lock);
		br_err(res, "the peer declared both disks identical, but this disk is not fresh from create-md (or is Primary, or resyncing); disconnecting\n");
		return -EPROTO;
	}
	ret = br_op_adopt_clean(res, uuid);
	mutex_unlock(&res->state_lock);
	if (ret)
		return ret;
	memcpy(c->peer_uuid, uuid, sizeof(c->peer_uuid));
	WRITE_ONCE(c->peer_disk, BLKREP_DS_UPTODATE);
	br_warn(res, "initial sync skipped by the peer's operator: UpToDate, current UUID %016llx\n",
		uuid[BR_UUID_CURRENT]);
	br_conn_send_state(c);
	return 0;
}

/* The operator says this disk may lack the peer's newest writes. */
int br_res_outdate(struct br_resource *res, struct netlink_ext_ack *ea)
{
	struct br_ldev *ldev;
	int ret = 0;

	mutex_lock(&res->state_lock);
	ldev = res->ldev;
	if (!ldev) {
		NL_SET_ERR_MSG(ea, "no disk attached; attach one first");
		ret = -ENODEV;
	} else if (res->role == BLKREP_ROLE_PRIMARY) {
		NL_SET_ERR_MSG(ea, "this node is Primary: its data is the newest; make it Secondary first");
		ret = -EBUSY;
	} else if (READ_ONCE(res->conn.ready)) {
		NL_SET_ERR_MSG(ea, "connected: the peer would not know; disconnect first");
		ret = -EBUSY;
	} else if (res->disk_state >= BLKREP_DS_CONSISTENT) {
		ldev->md.flags |= BLKREP_MDF_OUTDATED;
		ret = br_md_write_super(res, ldev);
		if (ret) {
			ldev->md.flags &= ~BLKREP_MDF_OUTDATED;
			NL_SET_ERR_MSG(ea, "writing the metadata failed (I/O error)");
		} else {
			res->disk_state = BLKREP_DS_OUTDATED;
			br_warn(res, "disk marked Outdated\n");
		}
	}
	/* Outdated already, or Inconsistent (worse): nothing to do. */
	mutex_unlock(&res->state_lock);
	return ret;
}

/*
 * P_OUTDATE: the Primary disconnects on purpose and may write on alone,
 * so this disk is about to be behind.  Like "outdate", but asked by the
 * peer while still connected.  Only a Secondary with good data complies.
 */
void br_op_outdated_by_peer(struct br_conn *c)
{
	struct br_resource *res = c->res;
	struct br_ldev *ldev;

	mutex_lock(&res->state_lock);
	ldev = res->ldev;
	if (ldev && res->role == BLKREP_ROLE_SECONDARY &&
	    res->disk_state >= BLKREP_DS_CONSISTENT) {
		ldev->md.flags |= BLKREP_MDF_OUTDATED;
		if (br_md_write_super(res, ldev)) {
			ldev->md.flags &= ~BLKREP_MDF_OUTDATED;
		} else {
			res->disk_state = BLKREP_DS_OUTDATED;
			br_warn(res, "the Primary disconnects: disk marked Outdated\n");
		}
	}
	mutex_unlock(&res->state_lock);
}

/* Thaw the I/O that a failed stonith fence-peer holds; false if none. */
bool br_fence_release(struct br_resource *res)
{
	if (!test_and_clear_bit(BR_RES_FENCE_HELD, &res->flags))
		return false;
	br_io_thaw(res);
	return true;
}

/*
 * The operator knows the peer is dead (or fenced by hand): let the I/O
 * that a failed fence-peer froze go on.
 */
int br_res_resume_io(struct br_resource *res, struct netlink_ext_ack *ea)
{
	if (!br_fence_release(res)) {
		NL_SET_ERR_MSG(ea, "I/O is not frozen by a failed fence-peer");
		return -EALREADY;
	}
	br_warn(res, "I/O resumed by the operator (resume-io)\n");
	return 0;
}

/*
 * The peer lost its disk (on-io-error detach) and goes on through ours:
 * from now on only this disk has the newest data.  A new generation
 * records that, so that the peer's old disk is the target when it comes
 * back.  Which of the last writes reached that disk before it failed is
 * unknown, so every block is marked: it comes back through a full resync.
 */
void br_op_peer_lost_disk(struct br_conn *c)
{
	struct br_resource *res = c->res;
	struct br_ldev *ldev;

	mutex_lock(&res->state_lock);
	ldev = res->ldev;
	if (ldev && res->disk_state == BLKREP_DS_UPTODATE) {
		br_uuid_new_current(ldev->md.uuid, br_uuid_fresh());
		br_gen_started(ldev);
		br_bm_set_range(&ldev->bm, 0,
				get_capacity(res->disk) << SECTOR_SHIFT);
		if (br_bm_write_dirty(res, ldev) ||
		    br_md_write_super(res, ldev))
			br_err(res, "metadata write failed; the next attach resyncs fully\n");
		br_warn(res, "the peer lost its disk: this node holds the only copy, new current UUID %016llx\n",
			ldev->md.uuid[BR_UUID_CURRENT]);
	}
	mutex_unlock(&res->state_lock);
}
