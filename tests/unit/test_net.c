// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of what CONNECT sends (user/net.c): the binary sockaddr
 * encoding of the configured addresses and its printed form, the
 * BLKREP_NET_* attributes of the configured options (the split-brain
 * policies, rr-conflict and fencing as their uapi values), and the
 * configuration checks before connecting.
 */
#include <arpa/inet.h>
#include <stdlib.h>

#include "config.h"
#include "net.h"
#include "options.h"
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

/* Every policy word and the uapi value it is sent as. */
static void test_policy_encoding(void)
{
	static const struct { enum br_opt opt; const char *word; int value; }
	want[] = {
		{ BR_OPT_AFTER_SB_0PRI, "disconnect", BLKREP_SB_DISCONNECT },
		{ BR_OPT_AFTER_SB_0PRI, "discard-younger-primary",
		  BLKREP_SB_DISCARD_YOUNGER_PRI },
		{ BR_OPT_AFTER_SB_0PRI, "discard-older-primary",
		  BLKREP_SB_DISCARD_OLDER_PRI },
		{ BR_OPT_AFTER_SB_0PRI, "discard-zero-changes",
		  BLKREP_SB_DISCARD_ZERO_CHANGES },
		{ BR_OPT_AFTER_SB_0PRI, "discard-least-changes",
		  BLKREP_SB_DISCARD_LEAST_CHANGES },
		{ BR_OPT_AFTER_SB_0PRI, "discard-node-x", BLKREP_SB_DISCARD_LOCAL },
		{ BR_OPT_AFTER_SB_0PRI, "consensus", -1 },
		{ BR_OPT_AFTER_SB_0PRI, "discard-secondary", -1 },
		{ BR_OPT_AFTER_SB_1PRI, "disconnect", BLKREP_SB_DISCONNECT },
		{ BR_OPT_AFTER_SB_1PRI, "consensus", BLKREP_SB_CONSENSUS },
		{ BR_OPT_AFTER_SB_1PRI, "discard-secondary",
		  BLKREP_SB_DISCARD_SECONDARY },
		{ BR_OPT_AFTER_SB_1PRI, "call-pri-lost-after-sb",
		  BLKREP_SB_CALL_PRI_LOST_AFTER_SB },
		{ BR_OPT_AFTER_SB_1PRI, "violently-as0p", -1 },
		{ BR_OPT_AFTER_SB_1PRI, "discard-zero-changes", -1 },
		{ BR_OPT_AFTER_SB_2PRI, "disconnect", BLKREP_SB_DISCONNECT },
		{ BR_OPT_AFTER_SB_2PRI, "call-pri-lost-after-sb",
		  BLKREP_SB_CALL_PRI_LOST_AFTER_SB },
		{ BR_OPT_AFTER_SB_2PRI, "violently-as0p", -1 },
		{ BR_OPT_AFTER_SB_2PRI, "consensus", -1 },
		{ BR_OPT_RR_CONFLICT, "disconnect", BLKREP_RR_DISCONNECT },
		{ BR_OPT_RR_CONFLICT, "call-pri-lost", BLKREP_RR_CALL_PRI_LOST },
		{ BR_OPT_RR_CONFLICT, "violently", -1 },
		{ BR_OPT_FENCING, "dont-care", BLKREP_FENCING_DONT_CARE },
		{ BR_OPT_FENCING, "resource-only", BLKREP_FENCING_RESOURCE_ONLY },
		{ BR_OPT_FENCING, "resource-and-stonith",
		  BLKREP_FENCING_RESOURCE_AND_STONITH },
		{ BR_OPT_ON_IO_ERROR, "pass_on", BLKREP_IOE_PASS_ON },
		{ BR_OPT_ON_IO_ERROR, "call-local-io-error",
		  BLKREP_IOE_CALL_LOCAL_IO_ERROR },
		{ BR_OPT_ON_IO_ERROR, "detach", BLKREP_IOE_DETACH },
		{ BR_OPT_PROTOCOL, "A", BLKREP_PROTO_A },
		{ BR_OPT_PROTOCOL, "C", BLKREP_PROTO_C },
	};
	char msg[160];
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		int got = br_opt_enum_value(want[i].opt, want[i].word);

		if (got != want[i].value) {
			snprintf(msg, sizeof(msg), "%s %s gives %d, expected %d",
				 br_optdefs[want[i].opt].name, want[i].word,
				 got, want[i].value);
			unit_fail(__FILE__, __LINE__, msg);
			return;
		}
		if (got >= 0 && want[i].opt != BR_OPT_AFTER_SB_0PRI)
			CHECK_STR(br_opt_enum_name(want[i].opt, got),
				  want[i].word);
	}
	/* the refused ones say why */
	CHECK_STR(br_opt_refused(BR_OPT_AFTER_SB_1PRI, "violently-as0p"),
		  "not supported: it would silently discard a Primary's data");
	CHECK(br_opt_refused(BR_OPT_RR_CONFLICT, "violently"));
	CHECK(!br_opt_refused(BR_OPT_AFTER_SB_0PRI, "violently-as0p"));
	CHECK(!br_opt_refused(BR_OPT_RR_CONFLICT, "disconnect"));
}

static const char policies[] =
	"resource r {\n"
	"  protocol A; device minor 0; disk /dev/vdb; meta-disk internal;\n"
	"  disk { fencing resource-only; on-io-error detach; }\n"
	"  net { after-sb-0pri discard-node-alpha; after-sb-1pri discard-secondary;\n"
	"        after-sb-2pri call-pri-lost-after-sb; rr-conflict call-pri-lost; }\n"
	"  on alpha { address 192.0.2.1:7789; }\n"
	"  on beta { address 192.0.2.2:7789; }\n"
	"}\n";

/* CONNECT of @text's resource r from @host, into @c; cfg stays loaded. */
static int connect_from(struct br_config *cfg, const char *text,
			const char *host, struct br_connect *c, char *err)
{
	const struct br_resource *r;

	if (br_config_load_text(cfg, "t.conf", text, err))
		return -2;
	r = br_config_find(cfg, "r");
	return br_connect_prepare(r, br_resource_host(r, host), c, err,
				  BR_ERR_LEN);
}

static void test_connect_policies(void)
{
	static const struct { int type; uint32_t num; const char *shown; }
	want[] = {
		{ BLKREP_NET_PROTOCOL, BLKREP_PROTO_A, "A" },
		{ BLKREP_NET_AFTER_SB_0PRI, BLKREP_SB_DISCARD_LOCAL,
		  "discard-local" },
		{ BLKREP_NET_AFTER_SB_1PRI, BLKREP_SB_DISCARD_SECONDARY,
		  "discard-secondary" },
		{ BLKREP_NET_AFTER_SB_2PRI, BLKREP_SB_CALL_PRI_LOST_AFTER_SB,
		  "call-pri-lost-after-sb" },
		{ BLKREP_NET_RR_CONFLICT, BLKREP_RR_CALL_PRI_LOST,
		  "call-pri-lost" },
		{ BLKREP_NET_FENCING, BLKREP_FENCING_RESOURCE_ONLY,
		  "resource-only" },
	};
	struct br_config cfg;
	struct br_connect c;
	char err[BR_ERR_LEN], msg[BR_ERR_LEN];
	int i, ret;

	ret = connect_from(&cfg, policies, "alpha", &c, err);
	snprintf(msg, sizeof(msg), "%d %.900s", ret, ret ? err : "");
	for (i = 0; !ret && i < 6; i++)
		if (i >= c.nnet || c.net[i].type != want[i].type ||
		    c.net[i].kind != BR_NK_U8 || c.net[i].num != want[i].num ||
		    strcmp(c.net[i].data, want[i].shown))
			snprintf(msg, sizeof(msg), "attribute %d wrong", i);
	if (!ret && c.nnet != 6)
		snprintf(msg, sizeof(msg), "%d attributes", c.nnet);
	br_config_free(&cfg);
	CHECK_STR(msg, "0 ");
}

/* discard-node-NAME: LOCAL on NAME, REMOTE on the other node. */
static void test_discard_node_local_and_remote(void)
{
	struct br_config cfg;
	struct br_connect c;
	char err[BR_ERR_LEN];
	uint32_t on_alpha = 99, on_beta = 99;
	const char *shown_alpha = "", *shown_beta = "";

	if (connect_from(&cfg, policies, "alpha", &c, err) == 0) {
		on_alpha = c.net[1].num;
		shown_alpha = c.net[1].data;	/* static strings */
	}
	br_config_free(&cfg);
	if (connect_from(&cfg, policies, "beta", &c, err) == 0) {
		on_beta = c.net[1].num;
		shown_beta = c.net[1].data;
	}
	br_config_free(&cfg);
	CHECK_EQ(on_alpha, BLKREP_SB_DISCARD_LOCAL);
	CHECK_EQ(on_beta, BLKREP_SB_DISCARD_REMOTE);
	CHECK_STR(shown_alpha, "discard-local");
	CHECK_STR(shown_beta, "discard-remote");
}

/* With every option set, one attribute per BLKREP_NET_*, in order. */
static void test_every_net_attribute(void)
{
	static const char all[] =
		"resource r {\n"
		"  protocol B; device minor 0; disk /dev/vdb; meta-disk internal;\n"
		"  disk { resync-rate 1M; c-max-rate 2M; c-min-rate 1M;\n"
		"         fencing dont-care; }\n"
		"  net { shared-secret \"x\"; cram-hmac-alg sha1;\n"
		"        data-integrity-alg crc32c; ping-int 1; ping-timeout 2;\n"
		"        timeout 3; connect-int 4; ko-count 5;\n"
		"        after-sb-0pri discard-node-beta; after-sb-1pri consensus;\n"
		"        after-sb-2pri disconnect; rr-conflict disconnect; }\n"
		"  on alpha { address [2001:db8::1]:7789; }\n"
		"  on beta { address [2001:db8::2]:7789; }\n"
		"}\n";
	struct br_config cfg;
	struct br_connect c;
	char err[BR_ERR_LEN];
	int i, ret, n = -1, bad = -1;

	ret = connect_from(&cfg, all, "alpha", &c, err);
	if (!ret) {
		n = c.nnet;
		for (i = 0; i < c.nnet && bad < 0; i++)
			if (c.net[i].type != i + 1)
				bad = i;
		if (c.net[12].num != BLKREP_SB_DISCARD_REMOTE)
			bad = 12;
	}
	br_config_free(&cfg);
	CHECK_STR(ret ? err : "ok", "ok");
	CHECK_EQ(n, BLKREP_NET_MAX);
	CHECK_EQ(bad, -1);
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
	RUN("net", test_policy_encoding);
	RUN("net", test_connect_policies);
	RUN("net", test_discard_node_local_and_remote);
	RUN("net", test_every_net_attribute);
	return unit_done();
}
