// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel TCP sockets: listen, accept, connect, and whole-message send and
 * receive.  IPv4 and IPv6 alike; no knowledge of packets here.
 */
#include <linux/net.h>
#include <linux/tcp.h>
#include <linux/uio.h>
#include <linux/bvec.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/net_namespace.h>
#include "blkrep.h"

/* Sockets carry writeback: never recurse into I/O to allocate memory. */
static void br_sock_tune(struct socket *sock, struct br_conn *c)
{
	struct sock *sk = sock->sk;

	sk->sk_allocation = GFP_NOIO;
	sk->sk_use_task_frag = false;
	/* Sends wait as long as TCP keeps the peer (the user timeout
	 * below); br_tcp_connect()'s 2 s are for the connect only. */
	sk->sk_sndtimeo = MAX_SCHEDULE_TIMEOUT;
	tcp_sock_set_nodelay(sk);
	sock_set_keepalive(sk);
	/* A peer that stops acking our data is dead after this long. */
	tcp_sock_set_user_timeout(sk, c->conf.timeout * 100 *
				  max(c->conf.ko_count, 1u));
}

static int br_sock_create(struct br_conn *c, struct socket **out)
{
	int ret = sock_create_kern(&init_net, c->my_addr.ss_family,
				   SOCK_STREAM, IPPROTO_TCP, out);

	if (ret)
		return ret;
	sock_set_reuseaddr((*out)->sk);
	return 0;
}

int br_tcp_listen(struct br_conn *c)
{
	struct socket *sock;
	int ret;

	ret = br_sock_create(c, &sock);
	if (ret)
		return ret;
	ret = kernel_bind(sock, (struct sockaddr *)&c->my_addr, c->addrlen);
	if (!ret)
		ret = kernel_listen(sock, 4);
	if (ret) {
		sock_release(sock);
		return ret;
	}
	/* accept() wakes up every half second to look for kthread_stop */
	sock->sk->sk_rcvtimeo = HZ / 2;
	c->listen_sock = sock;
	return 0;
}

static bool br_addr_is_peer(struct br_conn *c, struct socket *sock)
{
	struct sockaddr_storage from;
	int len = kernel_getpeername(sock, (struct sockaddr *)&from);

	if (len < 0 || from.ss_family != c->peer_addr.ss_family)
		return false;
	if (from.ss_family == AF_INET)
		return ((struct sockaddr_in *)&from)->sin_addr.s_addr ==
		       ((struct sockaddr_in *)&c->peer_addr)->sin_addr.s_addr;
	return ipv6_addr_equal(&((struct sockaddr_in6 *)&from)->sin6_addr,
			       &((struct sockaddr_in6 *)&c->peer_addr)->sin6_addr);
}

/* One accept attempt: 0 and *out, -EAGAIN on timeout, or an error. */
int br_tcp_accept(struct br_conn *c, struct socket **out)
{
	struct socket *sock;
	int ret;

	ret = kernel_accept(c->listen_sock, &sock, 0);
	if (ret)
		return ret;
	if (!br_addr_is_peer(c, sock)) {
		if (__ratelimit(&c->refuse_rs))
			br_warn(c->res, "refused a connection from an address that is not the peer's\n");
		sock_release(sock);
		return -EAGAIN;
	}
	br_sock_tune(sock, c);
	*out = sock;
	return 0;
}

int br_tcp_connect(struct br_conn *c, struct socket **out)
{
	struct sockaddr_storage src = c->my_addr;
	struct socket *sock;
	int ret;

	ret = br_sock_create(c, &sock);
	if (ret)
		return ret;
	/* From our configured address, any port. */
	if (src.ss_family == AF_INET)
		((struct sockaddr_in *)&src)->sin_port = 0;
	else
		((struct sockaddr_in6 *)&src)->sin6_port = 0;
	ret = kernel_bind(sock, (struct sockaddr *)&src, c->addrlen);
	if (!ret) {
		sock->sk->sk_sndtimeo = 2 * HZ;
		ret = kernel_connect(sock, (struct sockaddr *)&c->peer_addr,
				     c->addrlen, 0);
	}
	if (ret) {
		sock_release(sock);
		return ret;
	}
	br_sock_tune(sock, c);
	*out = sock;
	return 0;
}

void br_tcp_close(struct socket **sock)
{
	if (!*sock)
		return;
	kernel_sock_shutdown(*sock, SHUT_RDWR);
	sock_release(*sock);
	*sock = NULL;
}

/*
 * Fill @msg's iterator from the socket.  @idle_ok: -EAGAIN when the
 * receive timeout passes with nothing read (the caller pings).  Once part
 * of a packet arrived the rest must follow: a peer silent for the
 * dead-peer time (ping-int + ping-timeout) in the middle of a packet is
 * gone (-ETIMEDOUT), and a failed or stopping connection ends the wait.
 * During the handshake c->rx_deadline ends any wait (-ETIMEDOUT).
 */
static int br_recv_msg(struct br_conn *c, struct msghdr *msg, bool idle_ok)
{
	unsigned long dead = br_dead_time(c);
	unsigned long last = jiffies;

	while (msg_data_left(msg)) {
		int ret;

		/* The handshake's one deadline (br_handshake()). */
		if (c->rx_deadline && time_after(jiffies, c->rx_deadline))
			return -ETIMEDOUT;
		ret = sock_recvmsg(c->sock, msg, MSG_WAITALL | MSG_NOSIGNAL);

		if (ret > 0) {
			idle_ok = false;
			last = jiffies;
			continue;
		}
		if (ret == 0)
			return -ECONNRESET;
		if (ret != -EAGAIN)
			return ret;
		if (idle_ok)
			return -EAGAIN;
		if (kthread_should_stop() || READ_ONCE(c->failed))
			return -ECONNABORTED;
		if (time_after(jiffies, last + dead))
			return -ETIMEDOUT;
	}
	return 0;
}

/* Fill @it (a bvec iterator over someone's pages) from the socket. */
int br_recv_iter(struct br_conn *c, struct iov_iter *it)
{
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };

	msg.msg_iter = *it;
	return br_recv_msg(c, &msg, false);
}

/* Read exactly @len bytes; see br_recv_msg() for @idle_ok. */
int br_recv_all(struct br_conn *c, void *buf, size_t len, bool idle_ok)
{
	struct kvec vec = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };

	iov_iter_kvec(&msg.msg_iter, ITER_DEST, &vec, 1, len);
	return br_recv_msg(c, &msg, idle_ok);
}

/*
 * Read @len bytes into pages (whole ones, the last possibly partly) with
 * one receive call: the receiver thread's bvec array maps them.
 */
int br_recv_pages(struct br_conn *c, struct page **pages, size_t len)
{
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	unsigned int i, n = DIV_ROUND_UP(len, PAGE_SIZE);

	if (WARN_ON_ONCE(n > ARRAY_SIZE(c->rx_bvec)))
		return -EINVAL;
	for (i = 0; i < n; i++)
		bvec_set_page(&c->rx_bvec[i], pages[i],
			      min_t(size_t, PAGE_SIZE, len - i * PAGE_SIZE), 0);
	iov_iter_bvec(&msg.msg_iter, ITER_DEST, c->rx_bvec, n, len);
	return br_recv_msg(c, &msg, false);
}

static int br_sendmsg_all(struct socket *sock, struct msghdr *msg)
{
	while (msg_data_left(msg)) {
		int ret = sock_sendmsg(sock, msg);

		if (ret <= 0)
			return ret ? ret : -EPIPE;
	}
	return 0;
}

/*
 * Send the kvecs, then @data if any, as one message: all of it or an
 * error.  @more: another message follows at once (MSG_MORE batches them).
 */
int br_send_msg(struct socket *sock, struct kvec *vec, int nvec,
		struct iov_iter *data, bool more)
{
	bool has_data = data && iov_iter_count(data);
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };
	size_t klen = 0;
	int i, ret;

	for (i = 0; i < nvec; i++)
		klen += vec[i].iov_len;
	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, vec, nvec, klen);
	if (more || has_data)
		msg.msg_flags |= MSG_MORE;
	ret = br_sendmsg_all(sock, &msg);
	if (ret || !has_data)
		return ret;
	msg.msg_flags = MSG_NOSIGNAL | (more ? MSG_MORE : 0);
	msg.msg_iter = *data;
	return br_sendmsg_all(sock, &msg);
}
