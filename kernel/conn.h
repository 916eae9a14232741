/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The connection to the peer: its configuration, its two threads, the
 * requests waiting for the peer, and the resync state.
 *
 * Threads:
 *   receiver ("blkrep_<res>_r")  owns the socket's life: it connects or
 *       accepts, runs the handshake, then reads and dispatches packets until
 *       the connection fails or is closed, cleans up, and starts over.
 *   sender ("blkrep_<res>_s")  sends everything queued on the connection
 *       once the handshake is done: control packets and acks first, then
 *       data, many per wake-up (MSG_MORE between them).
 *   resync ("blkrep_<res>_sync") reads out-of-sync blocks on the
 *       SyncSource and queues them, at the controller's rate.
 *
 * One owner: the receiver thread changes the connection's state (->cstate,
 * ->peer_*, ->decision, ->sync, the socket).  Others read those with
 * READ_ONCE for status and decisions that the receiver checks again.  A
 * command that must change them (invalidate, a forced promotion's resync,
 * skipping the initial sync) is posted with br_conn_call() and run by the
 * receiver between two packets; a thread that finds the link broken calls
 * br_conn_fail(), and the receiver tears it down.  Before the receiver
 * starts and after it stopped, netlink (br_conn_start/stop) owns it all.
 *
 * Locking (inside res->state_lock where both are taken):
 *   conn->lock (spinlock, irq-safe)  protects the send queues, ->ready,
 *       ->call, ->reqs insertion against teardown, the write intervals and
 *       the resync ranges.  Taken from completion (irq) context.
 */
#ifndef BLKREP_CONN_H
#define BLKREP_CONN_H

#include <linux/socket.h>
#include <linux/net.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/xarray.h>
#include <linux/kthread.h>
#include <linux/ratelimit.h>
#include <linux/spinlock.h>
#include <linux/completion.h>
#include "wire.h"

struct br_resource;
struct br_conn;

/* Internal only, never on the wire (the receiver rejects it there). */
#define BR_DF_RESYNC		(1U << 31)

/* A packet header as the receiver saw it, in host byte order. */
struct br_rx_head {
	u16 type, flags;
	u32 len, csum;
	u32 fixed_len, data_len;
};

struct br_net_conf {
	enum blkrep_protocol protocol;
	u8 secret[BLKREP_SECRET_MAX];
	u32 secret_len;
	char hmac_alg[BLKREP_ALG_MAX];
	bool integrity;
	bool discard_my_data;
	u32 ping_int;		/* s */
	u32 ping_timeout;	/* 0.1 s */
	u32 timeout;		/* 0.1 s */
	u32 connect_int;	/* s */
	u32 ko_count;
	u32 resync_rate;	/* KiB/s, 0: dynamic */
	u32 c_max_rate;		/* KiB/s */
	u32 c_min_rate;		/* KiB/s */
	u8 after_sb[3];		/* enum blkrep_sb_policy, by Primaries */
	u8 rr_conflict;		/* enum blkrep_rr_conflict */
	u8 fencing;		/* enum blkrep_fencing */
};

/*
 * Something to send: a request's data, an ack, or a control packet.
 * ->xmit puts it on the wire (from the sender thread); ->done is called
 * exactly once afterwards, with 0 or the error that kept it from going out.
 */
struct br_send {
	struct list_head list;
	int (*xmit)(struct br_conn *c, struct br_send *s, bool more);
	void (*done)(struct br_conn *c, struct br_send *s, int err);
};

/* A small control packet, allocated when queued, freed when sent. */
struct br_ctl {
	struct br_send send;
	u16 type;
	u16 hflags;
	u32 len;
	u8 payload[];
};

/*
 * A request started by the peer or by resync: owns pages from the
 * connection's pool.  Used for incoming writes (P_DATA, P_RS_DATA) and
 * for resync reads on the SyncSource.
 */
struct br_preq {
	struct br_send send;		/* the ack, or the RS_DATA packet */
	struct br_ival ival;		/* held while in flight */
	struct list_head list;		/* resync: in conn->rs_reqs */
	struct br_conn *conn;
	u64 sector;
	u64 id;
	u32 size;
	u32 dflags;			/* BR_DF_*, and BR_DF_RESYNC */
	u16 ack_type;			/* the ack to send when written */
	int error;
	atomic_t refs;			/* resync runs: sender + ack */
	unsigned int npages;
	struct page *pages[BR_MAX_DATA / PAGE_SIZE];
};

struct br_sync {
	bool active;
	bool source;			/* we push data to the peer */
	u64 total_bits;
	unsigned long start_jiffies;
	unsigned long last_jiffies;
	u64 last_left_bits;
	u64 rate_kib;			/* measured, KiB/s */
	atomic_t in_flight;		/* RS_DATA sent, not acked */
	bool scan_done;			/* the thread found no bit left and
					   nothing in flight: the receiver
					   ends the resync */
	wait_queue_head_t wait;
};

/* A command posted to the receiver thread (br_conn_call()). */
struct br_conn_call {
	int (*fn)(struct br_conn *c, void *arg);
	void *arg;
	int ret;
	struct completion done;
};

struct br_conn {
	struct br_resource *res;
	struct br_net_conf conf;		/* fixed from CONNECT on */
	struct sockaddr_storage my_addr;
	struct sockaddr_storage peer_addr;
	int addrlen;
	bool initiator;				/* my address sorts lower */

	struct task_struct *recv_task;
	struct task_struct *send_task;
	struct task_struct *sync_task;
	struct socket *sock;			/* recv_task's alone */
	struct socket *listen_sock;

	enum blkrep_conn_state cstate;
	enum blkrep_role peer_role;
	enum blkrep_disk_state peer_disk;
	unsigned int states_rx;			/* STATE packets received (receiver) */
	u64 peer_uuid[4];
	u64 peer_data_bytes;
	bool failed;				/* a thread saw an error */
	bool give_up;				/* refused: go StandAlone */
	struct ratelimit_state refuse_rs;	/* "refused a connection" log */
	u32 wire_version;			/* agreed in HELLO (receiver) */
	unsigned long rx_deadline;		/* jiffies; the handshake's end,
						   0 after it (receiver only) */
	int decision;				/* enum br_sync_decision (receiver) */
	u64 agreed_bytes;			/* the device size both can hold */
	bool sending;				/* the sender thread runs */
	wait_queue_head_t state_wait;		/* cstate or ->failed changed */

	spinlock_t lock;			/* see the top of the file */
	bool ready;				/* mirror application writes */
	struct br_conn_call *call;		/* posted, not yet answered */
	struct list_head ctl_q;			/* acks, control: sent first */
	struct list_head data_q;		/* data packets */
	wait_queue_head_t send_wait;
	struct xarray reqs;			/* id -> struct br_req */
	bool barrier_due;			/* A/B: next data opens an epoch */
	atomic_t peer_writes;			/* P_DATA/RS_DATA being written */
	wait_queue_head_t peer_wait;		/* peer_writes went down */
	struct list_head rs_reqs;		/* resync reads awaiting RS_ACK */

	/* page pool for peer writes and resync reads */
	spinlock_t pool_lock;
	struct page **pool;
	unsigned int pool_free, pool_size;
	wait_queue_head_t pool_wait;

	atomic_t unacked;			/* peer writes not yet acked: ua */
	atomic_t ctl_count;			/* br_queue_ctl() packets queued */
	atomic_t pending;			/* sent, awaiting the peer: pe */
	unsigned long last_recv;		/* jiffies of the last packet */
	bool ping_sent;
	struct bio_vec rx_bvec[BR_MAX_DATA / PAGE_SIZE]; /* receiver only */
	struct bio_vec tx_bvec[BR_MAX_DATA / PAGE_SIZE]; /* sender only */

	struct br_sync sync;
};

/* conn.c */
void br_conn_init(struct br_resource *res);
void br_conn_send_state(struct br_conn *c);
int br_conn_send_bitmap(struct br_conn *c);
int br_conn_resync_now(struct br_conn *c, bool full, bool source);
int br_conn_resync_start(struct br_conn *c, bool full, bool source);
int br_conn_call(struct br_conn *c, int (*fn)(struct br_conn *c, void *arg),
		 void *arg);
void br_conn_run_call(struct br_conn *c);
int br_conn_start(struct br_resource *res, const struct br_net_conf *conf,
		  const struct sockaddr_storage *me,
		  const struct sockaddr_storage *peer, int addrlen);
void br_conn_stop(struct br_resource *res);
void br_conn_fail(struct br_conn *c, const char *why);

/* Code that only the receiver thread may run (see the top). */
#define br_assert_receiver(c) WARN_ON_ONCE(current != READ_ONCE((c)->recv_task))

/* The dead-peer time: ping-int plus ping-timeout, in jiffies. */
static inline unsigned long br_dead_time(const struct br_conn *c)
{
	return c->conf.ping_int * HZ + c->conf.ping_timeout * HZ / 10;
}
bool br_conn_peer_gone(struct br_conn *c);
void br_conn_set_state(struct br_conn *c, enum blkrep_conn_state cs);

/* transport.c */
int br_tcp_listen(struct br_conn *c);
int br_tcp_accept(struct br_conn *c, struct socket **out);
int br_tcp_connect(struct br_conn *c, struct socket **out);
void br_tcp_close(struct socket **sock);
int br_recv_all(struct br_conn *c, void *buf, size_t len, bool idle_ok);
int br_recv_pages(struct br_conn *c, struct page **pages, size_t len);
int br_recv_iter(struct br_conn *c, struct iov_iter *it);
int br_send_msg(struct socket *sock, struct kvec *vec, int nvec,
		struct iov_iter *data, bool more);

/* send.c */
int br_sender_start(struct br_conn *c);
void br_sender_stop(struct br_conn *c);
void br_queue(struct br_conn *c, struct br_send *s, bool ctl);
int br_queue_ctl(struct br_conn *c, u16 type, u16 hflags, const void *p,
		 u32 len);
void br_queue_ctl_prepared(struct br_conn *c, struct br_ctl *ctl);
int br_send_now(struct br_conn *c, u16 type, u16 hflags, const void *p,
		u32 len);
int br_xmit(struct br_conn *c, u16 type, u16 hflags, const void *fixed,
	    u32 fixed_len, struct iov_iter *data, bool more);
void br_send_cancel_all(struct br_conn *c);
u32 br_payload_csum(const void *fixed, u32 fixed_len,
		    const struct iov_iter *data);
void br_pages_iter(struct br_conn *c, struct iov_iter *it,
		   struct page **pages, u32 size);

/* remote.c */
int br_rx_read_reply(struct br_conn *c, u16 hflags, u32 csum,
		     const struct br_p_data *d, u32 data_len);
int br_rx_read_req(struct br_conn *c, const struct br_p_data *d);

/* pool.c */
int br_pool_init(struct br_conn *c, unsigned int pages);
void br_pool_exit(struct br_conn *c);
int br_pool_get(struct br_conn *c, struct br_preq *p, u32 size);
void br_pool_put(struct br_conn *c, struct br_preq *p);
int br_preq_cache_init(void);
void br_preq_cache_exit(void);
struct br_preq *br_preq_alloc(struct br_conn *c);
void br_preq_free(struct br_preq *p);

/* receive.c */
int br_receive_init(void);
void br_receive_exit(void);
int br_receive_loop(struct br_conn *c);
void br_peer_write_put(struct br_conn *c);
int br_recv_packet_head(struct br_conn *c, struct br_rx_head *h, void *fixed,
			u32 fixed_max);

/* operator.c */
int br_op_new_uuid_received(struct br_conn *c, u16 hflags,
			    const struct br_p_state *st);
void br_op_peer_lost_disk(struct br_conn *c);
void br_op_outdated_by_peer(struct br_conn *c);

/* conn.c */
void br_conn_outdate_peer(struct br_conn *c);

/* handshake.c */
int br_handshake(struct br_conn *c);

/* resync.c */
int br_resync_prepare(struct br_conn *c);
int br_resync_bitmap_received(struct br_conn *c);
int br_resync_done_received(struct br_conn *c, const __be64 *uuid);
int br_resync_got_ack(struct br_conn *c, u64 sector, u32 size, bool ok);
void br_resync_stop(struct br_conn *c);
void br_resync_check_done(struct br_conn *c);
void br_resync_progress(struct br_conn *c, u64 *total, u64 *left, u64 *rate);

#endif /* BLKREP_CONN_H */
