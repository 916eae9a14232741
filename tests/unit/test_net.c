// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of what CONNECT sends (user/net.c): the binary sockaddr
 * encoding of the configured addresses and its printed form, the
 * BLKREP_NET_* attributes of the configured options, and the
 * configuration checks before connecting.
 */
#include <arpa/inet.h>
#include <stdlib.h>

#include "config.h"
#include "net.h"
#include "../../include/uapi/linux/blkrep.h"
#include "unit.h"

static struct br_addr addr(int family, const char *host, uint16_t port)
{
	struct br_addr a = { .family = family, .port = port };

	snprintf(a.host, sizeof(a.host), "%s", host);
	return a;
}

static void test_ipv4_encoding(void)
{
	struct br_addr a = addr(4, "192.0.2.1", 7789);
	struct br_sockaddr s;
	const unsigned char *p = (const unsigned char *)&s.u.in.sin_port;
	const unsigned char *ip = (const unsigned char *)&s.u.in.sin_addr;

	CHECK(br_addr_encode(&a, &s) == 0);
	CHECK_EQ(s.len, sizeof(struct sockaddr_in));
	CHECK_EQ(s.u.in.sin_family, AF_INET);
	CHECK_EQ(p[0], 7789 >> 8);		/* network order */
	CHECK_EQ(p[1], 7789 & 0xff);
	CHECK_EQ(ip[0], 192);
	CHECK_EQ(ip[1], 0);
	CHECK_EQ(ip[2], 2);
	CHECK_EQ(ip[3], 1);
}

static void test_ipv6_encoding(void)
{
	struct br_addr a = addr(6, "2001:db8::1", 65535);
	struct br_sockaddr s;
	static const unsigned char want[16] = {
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };

	CHECK(br_addr_encode(&a, &s) == 0);
	CHECK_EQ(s.len, sizeof(struct sockaddr_in6));
	CHECK_EQ(s.u.in6.sin6_family, AF_INET6);
	CHECK_EQ(ntohs(s.u.in6.sin6_port), 65535);
	CHECK(!memcmp(&s.u.in6.sin6_addr, want, 16));
	CHECK_EQ(s.u.in6.sin6_flowinfo, 0);
	CHECK_EQ(s.u.in6.sin6_scope_id, 0);
}

static void test_encoding_refuses(void)
{
	struct br_addr none = addr(0, "192.0.2.1", 1);
	struct br_addr v6in4 = addr(4, "2001:db8::1", 1);
	struct br_addr v4in6 = addr(6, "192.0.2.1", 1);
	struct br_sockaddr s;

	CHECK(br_addr_encode(&none, &s) == -1);
	CHECK(br_addr_encode(&v6in4, &s) == -1);
	CHECK(br_addr_encode(&v4in6, &s) == -1);
}

static void test_format_round_trip(void)
{
	struct br_addr a4 = addr(4, "10.1.2.3", 7000);
	struct br_addr a6 = addr(6, "fe80::1:2", 80);
	struct br_sockaddr s;
	char buf[80];

	CHECK(br_addr_encode(&a4, &s) == 0);
	CHECK(br_sockaddr_format(&s.u, s.len, buf, sizeof(buf)) == 0);
	CHECK_STR(buf, "10.1.2.3:7000");
	CHECK(br_addr_encode(&a6, &s) == 0);
	CHECK(br_sockaddr_format(&s.u, s.len, buf, sizeof(buf)) == 0);
	CHECK_STR(buf, "[fe80::1:2]:80");
}

static void test_format_refuses_garbage(void)
{
	struct br_addr a6 = addr(6, "2001:db8::2", 7789);
	struct br_sockaddr s;
	unsigned char junk[200] = { 0 };
	char buf[80];

	CHECK(br_addr_encode(&a6, &s) == 0);
	/* an IPv6 family in a buffer too short for sockaddr_in6 */
	CHECK(br_sockaddr_format(&s.u, sizeof(struct sockaddr_in), buf,
				 sizeof(buf)) == -1);
	CHECK_STR(buf, "?");
	CHECK(br_sockaddr_format(junk, 1, buf, sizeof(buf)) == -1);
	CHECK(br_sockaddr_format(junk, sizeof(junk), buf, sizeof(buf)) == -1);
	s.u.sa.sa_family = AF_UNIX;
	CHECK(br_sockaddr_format(&s.u, s.len, buf, sizeof(buf)) == -1);
	CHECK_STR(buf, "?");
}

static const char two_nodes[] =
	"common { net { ping-int 7; shared-secret \"abc\"; } }\n"
	"resource r0 {\n"
	"  protocol B;\n"
	"  device minor 0; disk /dev/vdb; meta-disk internal;\n"
	"  disk { resync-rate 40M; c-min-rate 0; c-max-rate 200M; }\n"
	"  net { cram-hmac-alg sha256; data-integrity-alg crc32c;\n"
	"        ping-timeout 9; timeout 61; connect-int 3; ko-count 0;\n"
	"        max-buffers 4000; }\n"
	"  on a { address 192.0.2.1:7789; }\n"
	"  on b { address 192.0.2.2:7788; }\n"
	"}\n"
	"resource bare {\n"
	"  device minor 1; disk /dev/vdc; meta-disk internal;\n"
	"  on a { address [2001:db8::1]:7789; }\n"
	"  on b { address ipv6 [2001:db8::2]:7789; }\n"
	"}\n"
	"resource single { on a { device minor 2; disk /dev/vdd;\n"
	"  meta-disk internal; address 192.0.2.1:7790; } }\n"
	"resource mixed {\n"
	"  device minor 3; disk /dev/vde; meta-disk internal;\n"
	"  on a { address 192.0.2.1:7791; }\n"
	"  on b { address [2001:db8::2]:7791; }\n"
	"}\n"
	"resource noaddr {\n"
	"  device minor 4; disk /dev/vdf; meta-disk internal;\n"
	"  on a { address 192.0.2.1:7792; }\n"
	"  on b { }\n"
	"}\n";

static int prepare(const char *res, const char *host, struct br_connect *c,
		   char *err)
{
	struct br_config cfg;
	char perr[BR_ERR_LEN];
	const struct br_resource *r;
	int ret;

	if (br_config_load_text(&cfg, "t.conf", two_nodes, perr)) {
		br_config_free(&cfg);
		snprintf(err, BR_ERR_LEN, "parse: %.1000s", perr);
		return -2;
	}
	r = br_config_find(&cfg, res);
	ret = br_connect_prepare(r, br_resource_host(r, host), c, err,
				 BR_ERR_LEN);
	br_config_free(&cfg);	/* c->net[].data now dangles: no strings */
	return ret;
}

static void test_connect_all_options(void)
{
	struct br_config cfg;
	struct br_connect c;
	char err[BR_ERR_LEN], buf[80];
	const struct br_resource *r;
	static const struct { int type; uint32_t num; const char *str; }
	want[] = {
		{ BLKREP_NET_PROTOCOL, BLKREP_PROTO_B, NULL },
		{ BLKREP_NET_SHARED_SECRET, 0, "abc" },
		{ BLKREP_NET_CRAM_HMAC_ALG, 0, "sha256" },
		{ BLKREP_NET_INTEGRITY_ALG, 0, "crc32c" },
		{ BLKREP_NET_PING_INT, 7, NULL },
		{ BLKREP_NET_PING_TIMEOUT, 9, NULL },
		{ BLKREP_NET_TIMEOUT, 61, NULL },
		{ BLKREP_NET_CONNECT_INT, 3, NULL },
		{ BLKREP_NET_KO_COUNT, 0, NULL },
		{ BLKREP_NET_RESYNC_RATE, 40960, NULL },
		{ BLKREP_NET_C_MAX_RATE, 204800, NULL },
		{ BLKREP_NET_C_MIN_RATE, 0, NULL },
	};
	int i, ok;

	ok = br_config_load_text(&cfg, "t.conf", two_nodes, err) == 0;
	if (!ok)
		br_config_free(&cfg);
	CHECK(ok);
	r = br_config_find(&cfg, "r0");
	ok = br_connect_prepare(r, br_resource_host(r, "b"), &c, err,
				sizeof(err)) == 0 && c.nnet == 12;
	for (i = 0; ok && i < 12; i++) {
		ok = c.net[i].type == want[i].type;
		if (ok && want[i].str)
			ok = c.net[i].data && !strcmp(c.net[i].data, want[i].str);
		else if (ok)
			ok = c.net[i].num == want[i].num;
	}
	ok = ok && c.net[1].kind == BR_NK_BINARY && c.net[1].len == 3 &&
	     c.net[2].kind == BR_NK_STRING && c.net[0].kind == BR_NK_U8;
	br_sockaddr_format(&c.my.u, c.my.len, buf, sizeof(buf));
	ok = ok && !strcmp(buf, "192.0.2.2:7788");	/* seen from b */
	br_sockaddr_format(&c.peer.u, c.peer.len, buf, sizeof(buf));
	ok = ok && !strcmp(buf, "192.0.2.1:7789");
	br_config_free(&cfg);
	CHECK(ok);
}

static void test_connect_unset_options_not_sent(void)
{
	struct br_connect c;
	char err[BR_ERR_LEN], buf[80];

	CHECK(prepare("bare", "a", &c, err) == 0);
	CHECK_EQ(c.nnet, 2);		/* only common's ping-int, secret */
	CHECK_EQ(c.net[0].type, BLKREP_NET_SHARED_SECRET);
	CHECK_EQ(c.net[1].type, BLKREP_NET_PING_INT);
	br_sockaddr_format(&c.peer.u, c.peer.len, buf, sizeof(buf));
	CHECK_STR(buf, "[2001:db8::2]:7789");
}

static void test_connect_config_errors(void)
{
	struct br_connect c;
	char err[BR_ERR_LEN];

	CHECK(prepare("single", "a", &c, err) == -1);
	CHECK_STR(err, "single: cannot connect: no peer, the resource has only 'on a' (t.conf:17)");
	CHECK(prepare("mixed", "a", &c, err) == -1);
	CHECK_STR(err, "mixed: cannot connect: address 192.0.2.1:7791 (on a) and address [2001:db8::2]:7791 (on b) are not of the same family (t.conf:19)");
	CHECK(prepare("noaddr", "a", &c, err) == -1);
	CHECK_STR(err, "noaddr: cannot connect: no address in 'on b' (t.conf:27)");
}

static void test_secret_length_limit(void)
{
	struct br_config cfg;
	char err[BR_ERR_LEN], conf[512], secret[80];

	memset(secret, 'x', 64);
	secret[64] = '\0';
	snprintf(conf, sizeof(conf), "common { net { shared-secret \"%s\"; } }\n",
		 secret);
	CHECK(br_config_load_text(&cfg, "t.conf", conf, err) == 0);
	br_config_free(&cfg);
	snprintf(conf, sizeof(conf), "common { net { shared-secret \"%sy\"; } }\n",
		 secret);
	CHECK(br_config_load_text(&cfg, "t.conf", conf, err) == -1);
	br_config_free(&cfg);
	CHECK_STR(err, "t.conf:1: invalid value for shared-secret near 'shared-secret' (expected at most 64 bytes, not 65)");
}

int main(void)
{
	RUN("net", test_ipv4_encoding);
	RUN("net", test_ipv6_encoding);
	RUN("net", test_encoding_refuses);
	RUN("net", test_format_round_trip);
	RUN("net", test_format_refuses_garbage);
	RUN("net", test_connect_all_options);
	RUN("net", test_connect_unset_options_not_sent);
	RUN("net", test_connect_config_errors);
	RUN("net", test_secret_length_limit);
	return unit_done();
}
