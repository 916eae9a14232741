// SPDX-License-Identifier: GPL-2.0
/*
 * A failing backing disk (on-io-error detach or call-local-io-error).
 *
 * The first failed I/O (an application's, the activity log's, or a write
 * from the peer on a Secondary) queues the detach; an application request
 * itself is saved by the peer where it can be (request.c: a write the peer
 * has succeeds, a read is asked of the peer).  Who drops the disk depends
 * on who else uses it (br_disk_fail_work()); the drop then:
 *
 *   1. runs local-io-error (call-local-io-error);
 *   2. freezes new I/O and waits for every bio in flight to complete;
 *   3. drops the disk: Diskless, and tells the peer, which starts a new
 *      generation and marks what it receives from now on (receive.c);
 *   4. lets I/O go on: a Primary now reads from and writes to the peer
 *      only (br_submit_diskless), a Secondary has nothing to serve;
 *   5. closes the disk.  Its metadata still says attached (and Primary),
 *      so a later attach treats it as a crash: the activity log's extents
 *      and the peer's bitmap decide what is resynced.
 */
#include <linux/rcupdate.h>
#include <linux/workqueue.h>
#include "blkrep.h"

/* Drop the failed disk now; nothing but application I/O uses it. */
static void br_disk_drop(struct br_resource *res)
{
	struct br_ldev *ldev;

	br_err(res, "I/O error on the backing disk: detaching it (on-io-error %s)\n",
	       res->on_io_error == BLKREP_IOE_DETACH ? "detach" :
	       "call-local-io-error");
	br_io_freeze(res);
	br_wait_idle(res);
	mutex_lock(&res->state_lock);
	ldev = res->ldev;
	WRITE_ONCE(res->ldev, NULL);
	if (ldev)
		res->disk_state = BLKREP_DS_DISKLESS;
	mutex_unlock(&res->state_lock);
	br_conn_send_state(&res->conn);
	br_io_thaw(res);
	if (ldev) {
		synchronize_rcu();	/* the receiver's negative acks */
		br_ldev_close(ldev);
		br_warn(res, "Diskless: %s\n",
			READ_ONCE(res->role) == BLKREP_ROLE_PRIMARY ?
			"reads and writes go to the peer" : "nothing to serve");
	}
	clear_bit(BR_RES_DISK_HANDLER, &res->flags);
	clear_bit(BR_RES_DISK_FAILED, &res->flags);
}

/*
 * Who else uses the disk decides who drops it.  A Connected Primary's link
 * only marks the peer's negative acks in the bitmap, under RCU: dropped
 * here, and the Primary goes on through the peer.  Any other connection
 * (a Secondary's peer writes, a resync, a handshake) belongs to the
 * receiver thread: it ends the connection and drops the disk before the
 * next one (br_disk_fail_between()).  No connection configured: here.
 */
static void br_disk_fail_work(struct work_struct *work)
{
	struct br_resource *res = container_of(work, struct br_resource,
					       fail_work);

	if (!READ_ONCE(res->ldev)) {	/* detached meanwhile */
		clear_bit(BR_RES_DISK_FAILED, &res->flags);
		return;
	}
	if (res->on_io_error == BLKREP_IOE_CALL_LOCAL_IO_ERROR &&
	    !test_and_set_bit(BR_RES_DISK_HANDLER, &res->flags))
		br_handler_start(res, "local-io-error");
	if (!READ_ONCE(res->conn.recv_task) ||
	    (READ_ONCE(res->role) == BLKREP_ROLE_PRIMARY &&
	     READ_ONCE(res->conn.cstate) == BLKREP_CS_CONNECTED)) {
		br_disk_drop(res);
		return;
	}
	br_err(res, "I/O error on the backing disk: detaching it once this connection is closed\n");
}

/*
 * The receiver thread.  br_disk_fail_pending(): inside a connection, end
 * it, the disk failed (a Connected Primary's is dropped by the work item).
 * br_disk_fail_between(): between two connections nothing of the link
 * uses the disk: drop it.
 */
bool br_disk_fail_pending(struct br_resource *res)
{
	if (likely(!test_bit(BR_RES_DISK_FAILED, &res->flags)) ||
	    !READ_ONCE(res->ldev))
		return false;
	if (READ_ONCE(res->role) == BLKREP_ROLE_PRIMARY &&
	    READ_ONCE(res->conn.cstate) == BLKREP_CS_CONNECTED) {
		/* Connected since the failure: the work item drops it. */
		queue_work(system_unbound_wq, &res->fail_work);
		return false;
	}
	return true;
}

void br_disk_fail_between(struct br_resource *res)
{
	if (test_bit(BR_RES_DISK_FAILED, &res->flags) && READ_ONCE(res->ldev))
		br_disk_drop(res);
}

/* Any context: the local disk failed an application I/O. */
void br_disk_failed(struct br_resource *res)
{
	if (!test_and_set_bit(BR_RES_DISK_FAILED, &res->flags))
		queue_work(system_unbound_wq, &res->fail_work);
}

void br_ioerr_init(struct br_resource *res)
{
	INIT_WORK(&res->fail_work, br_disk_fail_work);
}
