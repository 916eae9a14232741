// SPDX-License-Identifier: GPL-2.0
/*
 * A failing backing disk (on-io-error detach or call-local-io-error).
 *
 * The first failed application I/O queues the detach; the request itself
 * is saved by the peer where it can be (request.c: a write the peer has
 * succeeds, a read is asked of the peer).  The work item then:
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

static void br_disk_fail_work(struct work_struct *work)
{
	struct br_resource *res = container_of(work, struct br_resource,
					       fail_work);
	struct br_ldev *ldev;

	if (!READ_ONCE(res->ldev))	/* detached meanwhile */
		goto out;
	if (res->on_io_error == BLKREP_IOE_CALL_LOCAL_IO_ERROR)
		br_handler_start(res, "local-io-error");
	/*
	 * A resync or a handshake uses the disk outside the I/O path, so it
	 * cannot be pulled away from under them: then it stays, and each
	 * failed request is saved by the peer where it can be (request.c).
	 * The flag stays set: no second attempt.
	 */
	if (READ_ONCE(res->conn.cstate) != BLKREP_CS_CONNECTED) {
		br_err(res, "the disk failed while not Connected (resync, handshake or no peer): it stays attached, I/O errors go to the application\n");
		return;
	}
	br_err(res, "I/O error on the backing disk: detaching it (on-io-error %s)\n",
	       res->on_io_error == BLKREP_IOE_DETACH ? "detach" :
	       "call-local-io-error");
	br_io_freeze(res);
	br_wait_idle(res);
	mutex_lock(&res->state_lock);
	ldev = res->ldev;
	WRITE_ONCE(res->ldev, NULL);
	res->disk_state = BLKREP_DS_DISKLESS;
	mutex_unlock(&res->state_lock);
	br_conn_send_state(&res->conn);
	br_io_thaw(res);
	if (ldev) {
		synchronize_rcu();	/* the receiver's negative acks */
		br_ldev_close(ldev);
	}
	br_warn(res, "Diskless: %s\n",
		READ_ONCE(res->role) == BLKREP_ROLE_PRIMARY ?
		"reads and writes go to the peer" : "nothing to serve");
out:
	clear_bit(BR_RES_DISK_FAILED, &res->flags);
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
