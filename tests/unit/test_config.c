// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the blkrep.conf parser (user/config.c and friends): good
 * configurations and what they mean, inheritance common -> resource -> on,
 * the canonical dump, and every class of error with its exact message.
 */
#include <stdlib.h>
#include <unistd.h>

#include "config.h"
#include "options.h"
#include "unit.h"

static struct br_config cfg;
static char err[BR_ERR_LEN];

static int load(const char *text)
{
	br_config_free(&cfg);
	return br_config_load_text(&cfg, "t.conf", text, err);
}

static const struct br_host *host(const char *res, const char *name)
{
	const struct br_resource *r = br_config_find(&cfg, res);

	return r ? br_resource_host(r, name) : NULL;
}

static const struct br_value *opt(const char *res, enum br_opt o)
{
	return &br_config_find(&cfg, res)->settings.v[o];
}

#define TWO_HOSTS \
	"on alpha { device /dev/blkrep0; disk /dev/vdb; meta-disk internal; }\n" \
	"on beta { device /dev/blkrep0; disk /dev/vdb; meta-disk internal; }\n"

static const char full[] =
	"# a comment\n"
	"global { usage-count no; }\n"
	"common {\n"
	"  protocol C;\n"
	"  disk { on-io-error detach; al-extents 1009; resync-rate 40M;\n"
	"         c-max-rate 100M; c-min-rate 4M; fencing resource-only; }\n"
	"  net { cram-hmac-alg sha256; shared-secret \"s3\\\"cret\";\n"
	"        sndbuf-size 1M; ping-int 10; after-sb-1pri consensus; }\n"
	"  handlers { split-brain \"/usr/lib/blkrep/notify.sh\"; }\n"
	"  startup { wfc-timeout 0; degr-wfc-timeout 60; }\n"
	"}\n"
	"resource r0 {\n"
	"  protocol A;\n"
	"  device /dev/blkrep7;\n"
	"  disk /dev/vdb;\n"
	"  meta-disk internal;\n"
	"  net { ping-int 3; after-sb-0pri discard-node-beta; }\n"
	"  on alpha { address 192.0.2.1:7789; }\n"
	"  on beta { disk /dev/vdc; meta-disk /dev/vdd [2];\n"
	"            address ipv6 [2001:db8::2]:7790; }\n"
	"}\n"
	"resource r1 {\n"
	"  on alpha { device minor 8; disk \"/dev/disk/by-id/x\";\n"
	"             flexible-meta-disk /dev/vde; address ipv4 10.0.0.1:7000; }\n"
	"}\n";

static void test_full_config_values(void)
{
	CHECK(load(full) == 0);
	CHECK_EQ(cfg.usage_count, BR_UC_NO);
	CHECK_STR(opt("r0", BR_OPT_RESYNC_RATE) ? "ok" : NULL, "ok");
	CHECK_EQ(opt("r0", BR_OPT_RESYNC_RATE)->num, 40960);	/* KiB/s */
	CHECK_EQ(opt("r0", BR_OPT_C_MAX_RATE)->num, 102400);
	CHECK_EQ(opt("r0", BR_OPT_SNDBUF_SIZE)->num, 1048576);	/* bytes */
	CHECK_STR(opt("r0", BR_OPT_SHARED_SECRET)->str, "s3\"cret");
	CHECK_STR(opt("r0", BR_OPT_AFTER_SB_0PRI)->str, "discard-node-beta");
	CHECK(!opt("r1", BR_OPT_AFTER_SB_0PRI)->set);
	CHECK_STR(opt("r1", BR_OPT_AFTER_SB_1PRI)->str, "consensus");
	CHECK_EQ(opt("r1", BR_OPT_DEGR_WFC_TIMEOUT)->num, 60);
}

/* DRBD 8.3 users' syncer { } section and DRBD's suffixes. */
static void test_drbd_syncer_and_suffixes(void)
{
	CHECK(load("common { syncer { rate 120M; al-extents 517; c-max-rate 200m; } }\n"
		   "resource r0 { net { sndbuf-size 512k; } " TWO_HOSTS "}\n") == 0);
	CHECK_EQ(opt("r0", BR_OPT_RESYNC_RATE)->num, 122880);	/* KiB/s */
	CHECK_EQ(opt("r0", BR_OPT_AL_EXTENTS)->num, 517);
	CHECK_EQ(opt("r0", BR_OPT_C_MAX_RATE)->num, 204800);
	CHECK_EQ(opt("r0", BR_OPT_SNDBUF_SIZE)->num, 524288);
	CHECK(load("resource r0 { net { sndbuf-size 1024s; } " TWO_HOSTS "}\n") == 0);
	CHECK_EQ(opt("r0", BR_OPT_SNDBUF_SIZE)->num, 524288);	/* sectors */
}

static void test_inheritance(void)
{
	CHECK(load(full) == 0);
	CHECK_STR(opt("r0", BR_OPT_PROTOCOL)->str, "A");	/* resource wins */
	CHECK_STR(opt("r1", BR_OPT_PROTOCOL)->str, "C");	/* from common */
	CHECK_EQ(opt("r0", BR_OPT_PING_INT)->num, 3);
	CHECK_EQ(opt("r1", BR_OPT_PING_INT)->num, 10);
	CHECK_STR(opt("r1", BR_OPT_H_SPLIT_BRAIN)->str,
		  "/usr/lib/blkrep/notify.sh");
	CHECK(!opt("r1", BR_OPT_KO_COUNT)->set);
	/* on sections inherit the resource's device, disk and meta-disk */
	CHECK_EQ(host("r0", "alpha")->minor, 7);
	CHECK_STR(host("r0", "alpha")->disk, "/dev/vdb");
	CHECK_EQ(host("r0", "alpha")->meta.kind, BR_MK_INTERNAL);
	CHECK_EQ(host("r0", "beta")->minor, 7);
	CHECK_STR(host("r0", "beta")->disk, "/dev/vdc");	/* on wins */
	CHECK_EQ(host("r0", "beta")->meta.kind, BR_MK_INDEXED);
}

static void test_meta_disk_forms(void)
{
	CHECK(load(full) == 0);
	CHECK_STR(host("r0", "beta")->meta.path, "/dev/vdd");
	CHECK_EQ(host("r0", "beta")->meta.index, 2);
	CHECK_EQ(host("r1", "alpha")->meta.kind, BR_MK_FLEXIBLE);
	CHECK_STR(host("r1", "alpha")->meta.path, "/dev/vde");
	CHECK(load("resource r { on a { device minor 0; disk d; meta-disk /dev/m; } }") == 0);
	CHECK_EQ(host("r", "a")->meta.kind, BR_MK_FLEXIBLE);
}

static void test_device_forms(void)
{
	CHECK(load(full) == 0);
	CHECK_EQ(host("r1", "alpha")->minor, 8);
	CHECK(load("resource r { on a { device /dev/blkrep5 minor 5; disk d; meta-disk internal; } }") == 0);
	CHECK_EQ(host("r", "a")->minor, 5);
	CHECK(load("resource r { on a { device /dev/blkrep1048575; disk d; meta-disk internal; } }") == 0);
	CHECK_EQ(host("r", "a")->minor, 1048575);
}

static void test_addresses(void)
{
	CHECK(load(full) == 0);
	CHECK_EQ(host("r0", "alpha")->addr.family, 4);
	CHECK_STR(host("r0", "alpha")->addr.host, "192.0.2.1");
	CHECK_EQ(host("r0", "alpha")->addr.port, 7789);
	CHECK_EQ(host("r0", "beta")->addr.family, 6);
	CHECK_STR(host("r0", "beta")->addr.host, "2001:db8::2");
	CHECK_EQ(host("r0", "beta")->addr.port, 7790);
	CHECK_STR(host("r1", "alpha")->addr.host, "10.0.0.1");
}

static void test_single_node_resource(void)
{
	CHECK(load("resource solo { on a { device minor 0; disk d; meta-disk internal; } }") == 0);
	CHECK_EQ(br_config_find(&cfg, "solo")->nhosts, 1);
}

static char *dump_to_string(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	br_config_dump(f, &cfg, NULL);
	fclose(f);
	return buf;
}

static void test_dump_is_canonical(void)
{
	char *first, *second;
	int ok;

	CHECK(load(full) == 0);
	first = dump_to_string();
	ok = load(first) == 0;
	second = dump_to_string();
	ok = ok && !strcmp(first, second);
	free(first);
	free(second);
	CHECK(ok);
}

static void test_dump_format(void)
{
	char *out;
	int ok;

	CHECK(load("resource r { disk { resync-rate 2048; } net { sndbuf-size 3072; shared-secret \"a\\\\b\"; }\n"
		   " on a { device minor 1; disk \"/dev/my disk\"; meta-disk internal; } }") == 0);
	out = dump_to_string();
	ok = strstr(out, "resync-rate 2M;") && strstr(out, "sndbuf-size 3K;") &&
	     strstr(out, "shared-secret \"a\\\\b\";") &&
	     strstr(out, "disk \"/dev/my disk\";") &&
	     strstr(out, "device /dev/blkrep1;");
	free(out);
	CHECK(ok);
}

static void test_include_glob(void)
{
	char dir[] = "/tmp/blkrep-unit-XXXXXX", path[128], text[256];
	FILE *f;
	int ret;

	CHECK(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/a.res", dir);
	f = fopen(path, "w");
	CHECK(f);
	fputs("resource inc { on a { device minor 3; disk d; meta-disk internal; } }\n", f);
	fclose(f);
	snprintf(text, sizeof(text), "include \"%s/*.res\";\ninclude \"%s/none-*.res\";\n",
		 dir, dir);
	ret = load(text);
	unlink(path);
	rmdir(dir);
	CHECK_STR(ret ? err : "ok", "ok");
	CHECK(br_config_find(&cfg, "inc"));
	CHECK_STR(br_config_find(&cfg, "inc")->file, path);
}

/* An inherited discard-node-NAME error points at where it was written. */
static void test_discard_node_error_names_its_file(void)
{
	char dir[] = "/tmp/blkrep-unit-XXXXXX", path[64], text[512];
	FILE *f;
	int ret;

	CHECK(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/common.conf", dir);
	f = fopen(path, "w");
	CHECK(f);
	fputs("# defaults\ncommon { net { after-sb-0pri discard-node-gamma; } }\n", f);
	fclose(f);
	snprintf(text, sizeof(text), "include \"%s\";\nresource r {\n"
		 " on a { device minor 0; disk d; meta-disk internal; }\n"
		 " on b { device minor 0; disk d; meta-disk internal; }\n}\n",
		 path);
	ret = load(text);
	unlink(path);
	rmdir(dir);
	CHECK(ret < 0);
	snprintf(text, sizeof(text), "%s:2: invalid value for after-sb-0pri in resource r: gamma is not one of its hosts near 'discard-node-gamma' (expected discard-node-a or discard-node-b)",
		 path);
	CHECK_STR(err, text);
}

static void test_policies_and_handlers(void)
{
	CHECK(load("resource r { net { after-sb-0pri discard-node-b;\n"
		   " after-sb-1pri call-pri-lost-after-sb; after-sb-2pri disconnect;\n"
		   " rr-conflict call-pri-lost; }\n"
		   " disk { fencing resource-and-stonith; on-io-error pass_on; }\n"
		   " handlers { pri-lost \"p\"; local-io-error \"l\"; }\n"
		   " on a { device minor 0; disk d; meta-disk internal; }\n"
		   " on b { device minor 0; disk d; meta-disk internal; } }") == 0);
	CHECK_STR(opt("r", BR_OPT_AFTER_SB_0PRI)->str, "discard-node-b");
	CHECK_STR(opt("r", BR_OPT_RR_CONFLICT)->str, "call-pri-lost");
	CHECK_STR(opt("r", BR_OPT_H_PRI_LOST)->str, "p");
	CHECK_STR(opt("r", BR_OPT_H_LOCAL_IO_ERROR)->str, "l");
	CHECK_EQ(opt("r", BR_OPT_FENCING)->line, 4);
}

static void test_missing_file(void)
{
	br_config_free(&cfg);
	CHECK(br_config_load(&cfg, "/nonexistent/blkrep.conf", err) < 0);
	CHECK_STR(err, "blkrepadm: /nonexistent/blkrep.conf: No such file or directory");
}

/* ---- every error class, with its exact message ------------------------ */

struct bad {
	const char *name;
	const char *text;
	const char *msg;
};

#define HOST_A "on a { device minor 0; disk d; meta-disk internal; }"

static const struct bad bad_configs[] = {
	{ "unknown_option",
	  "resource r {\n disk { al-extents 100; foo 1; }\n" HOST_A " }",
	  "t.conf:2: unknown disk option near 'foo' (expected on-io-error, al-extents, resync-rate, c-max-rate, c-min-rate or fencing)" },
	{ "duplicate_option",
	  "common { net { ping-int 1; ping-int 2; } }",
	  "t.conf:1: duplicate option ping-int (first set on line 1) near 'ping-int'" },
	{ "bad_enum",
	  "common {\n disk { on-io-error explode; } }",
	  "t.conf:2: invalid value for on-io-error near 'explode' (expected pass_on, call-local-io-error or detach)" },
	{ "bad_discard_node",
	  "common { net { after-sb-0pri discard-node-; } }",
	  "t.conf:1: invalid value for after-sb-0pri near 'discard-node-' (expected disconnect, discard-younger-primary, discard-older-primary, discard-zero-changes, discard-least-changes or discard-node-*)" },
	{ "discard_node_not_a_host",
	  "resource r {\n net { after-sb-0pri discard-node-c; }\n"
	  " on a { device minor 0; disk d; meta-disk internal; }\n"
	  " on b { device minor 0; disk d; meta-disk internal; }\n}",
	  "t.conf:2: invalid value for after-sb-0pri in resource r: c is not one of its hosts near 'discard-node-c' (expected discard-node-a or discard-node-b)" },
	{ "discard_node_inherited_single_host",
	  "common { net { after-sb-0pri discard-node-b; } }\nresource r { " HOST_A " }",
	  "t.conf:1: invalid value for after-sb-0pri in resource r: b is not one of its hosts near 'discard-node-b' (expected discard-node-a)" },
	{ "sb0_policy_of_1pri",
	  "common { net { after-sb-0pri consensus; } }",
	  "t.conf:1: invalid value for after-sb-0pri near 'consensus' (expected disconnect, discard-younger-primary, discard-older-primary, discard-zero-changes, discard-least-changes or discard-node-*)" },
	{ "sb1_policy_of_0pri",
	  "common { net { after-sb-1pri discard-younger-primary; } }",
	  "t.conf:1: invalid value for after-sb-1pri near 'discard-younger-primary' (expected disconnect, consensus, discard-secondary or call-pri-lost-after-sb)" },
	{ "sb2_policy_of_1pri",
	  "common { net { after-sb-2pri discard-secondary; } }",
	  "t.conf:1: invalid value for after-sb-2pri near 'discard-secondary' (expected disconnect or call-pri-lost-after-sb)" },
	{ "rr_conflict_policy_of_sb",
	  "common { net { rr-conflict call-pri-lost-after-sb; } }",
	  "t.conf:1: invalid value for rr-conflict near 'call-pri-lost-after-sb' (expected disconnect or call-pri-lost)" },
	{ "sb1_violently_refused",
	  "common { net { after-sb-1pri violently-as0p; } }",
	  "t.conf:1: invalid value for after-sb-1pri (not supported: it would silently discard a Primary's data) near 'violently-as0p' (expected disconnect, consensus, discard-secondary or call-pri-lost-after-sb)" },
	{ "sb2_violently_refused",
	  "common { net { after-sb-2pri violently-as0p; } }",
	  "t.conf:1: invalid value for after-sb-2pri (not supported: it would silently discard a Primary's data) near 'violently-as0p' (expected disconnect or call-pri-lost-after-sb)" },
	{ "rr_conflict_violently_refused",
	  "common { net { rr-conflict violently; } }",
	  "t.conf:1: invalid value for rr-conflict (not supported: it would silently discard a Primary's data) near 'violently' (expected disconnect or call-pri-lost)" },
	{ "violently_only_where_known",
	  "common { net { after-sb-0pri violently-as0p; } }",
	  "t.conf:1: invalid value for after-sb-0pri near 'violently-as0p' (expected disconnect, discard-younger-primary, discard-older-primary, discard-zero-changes, discard-least-changes or discard-node-*)" },
	{ "unknown_handler",
	  "common { handlers { pri-lost-after-split \"x\"; } }",
	  "t.conf:1: unknown handlers option near 'pri-lost-after-split' (expected split-brain, fence-peer, unfence-peer, after-resync-target, local-io-error, pri-lost-after-sb or pri-lost)" },
	{ "bad_number",
	  "common { disk { al-extents 12x; } }",
	  "t.conf:1: invalid value for al-extents near '12x' (expected 7..1016)" },
	{ "suffix_not_allowed",
	  "common { disk { al-extents 1K; } }",
	  "t.conf:1: invalid value for al-extents near '1K' (expected 7..1016)" },
	{ "bad_rate_suffix",
	  "common { disk { resync-rate 5T; } }",
	  "t.conf:1: invalid value for resync-rate near '5T' (expected 0..4194304 KiB/s (K, M, G suffix))" },
	{ "rate_out_of_range",
	  "common { disk { resync-rate 5G; } }",
	  "t.conf:1: invalid value for resync-rate near '5G' (expected 0..4194304 KiB/s (K, M, G suffix))" },
	{ "syncer_unknown_option",
	  "common { syncer { verify-alg sha1; } }",
	  "t.conf:1: unknown syncer option (DRBD 8.3's section; blkrep has these of it, as disk options) near 'verify-alg' (expected rate, al-extents, c-max-rate or c-min-rate)" },
	{ "syncer_and_disk_both_set_rate",
	  "common { disk { resync-rate 10M; } syncer { rate 20M; } }",
	  "t.conf:1: duplicate option rate (first set on line 1) near 'rate'" },
	{ "sectors_only_for_sizes",
	  "common { disk { resync-rate 8s; } }",
	  "t.conf:1: invalid value for resync-rate near '8s' (expected 0..4194304 KiB/s (K, M, G suffix))" },
	{ "drbd_noop_needs_its_value",
	  "common { net { unplug-watermark; } }",
	  "t.conf:1: missing value for unplug-watermark near ';' (expected a value)" },
	{ "drbd_noop_only_in_its_section",
	  "common { disk { max-epoch-size 8000; } }",
	  "t.conf:1: unknown disk option near 'max-epoch-size' (expected on-io-error, al-extents, resync-rate, c-max-rate, c-min-rate or fencing)" },
	{ "bad_alg_name",
	  "common { net { cram-hmac-alg \"sha 256\"; } }",
	  "t.conf:1: invalid value for cram-hmac-alg near 'sha 256' (expected an algorithm name like sha256)" },
	{ "bad_protocol",
	  "common { protocol D; }",
	  "t.conf:1: invalid value for protocol near 'D' (expected A, B or C)" },
	{ "missing_semicolon",
	  "common { protocol C }",
	  "t.conf:1: syntax error near '}' (expected ';')" },
	{ "section_without_brace",
	  "common { disk on-io-error detach; }",
	  "t.conf:1: syntax error near 'on-io-error' (expected '{')" },
	{ "bad_usage_count",
	  "global { usage-count maybe; }",
	  "t.conf:1: invalid value for usage-count near 'maybe' (expected yes, no or ask)" },
	{ "unknown_top_level",
	  "frobnicate { }",
	  "t.conf:1: syntax error near 'frobnicate' (expected include, global, common or resource)" },
	{ "unknown_resource_stmt",
	  "resource r {\n" HOST_A "\n bogus 1;\n}",
	  "t.conf:3: unknown resource statement near 'bogus' (expected protocol, device, disk, meta-disk, on, net, handlers or startup)" },
	{ "unknown_on_stmt",
	  "resource r {\n on a {\n  device minor 0; diks d; } }",
	  "t.conf:3: unknown 'on' statement near 'diks' (expected device, disk, meta-disk, flexible-meta-disk or address)" },
	{ "duplicate_resource",
	  "resource r { " HOST_A " }\nresource r { " HOST_A " }",
	  "t.conf:2: duplicate resource r (first defined at t.conf:1) near 'r'" },
	{ "bad_resource_name",
	  "resource r/x { }",
	  "t.conf:1: invalid resource name near 'r/x' (expected a resource name of [A-Za-z0-9_.+-], 1..63 characters)" },
	{ "duplicate_minor",
	  "resource r { " HOST_A " }\nresource s {\n on a { device minor 0; disk e; meta-disk internal; } }",
	  "t.conf:3: minor 0 of host a is already used by resource r (t.conf:1) near 'a'" },
	{ "device_minor_mismatch",
	  "resource r { on a { device /dev/blkrep1 minor 2; } }",
	  "t.conf:1: device /dev/blkrep1 does not match minor 2 near '2'" },
	{ "bad_device_path",
	  "resource r { on a { device /dev/sda; } }",
	  "t.conf:1: invalid device near '/dev/sda' (expected /dev/blkrepN or minor N)" },
	{ "minor_out_of_range",
	  "resource r { on a { device minor 1048576; } }",
	  "t.conf:1: invalid minor near '1048576' (expected a minor number 0..1048575)" },
	{ "duplicate_device",
	  "resource r { on a { device minor 0; device minor 1; } }",
	  "t.conf:1: duplicate option device near 'device'" },
	{ "bad_ipv4",
	  "resource r { on a { address 192.0.2.300:7789; } }",
	  "t.conf:1: invalid address near '192.0.2.300:7789' (expected a.b.c.d:port or ipv6 [addr]:port)" },
	{ "bad_port",
	  "resource r { on a { address 192.0.2.1:70000; } }",
	  "t.conf:1: invalid address near '192.0.2.1:70000' (expected a.b.c.d:port or ipv6 [addr]:port)" },
	{ "ipv6_without_brackets",
	  "resource r { on a { address ipv6 2001:db8::1:7789; } }",
	  "t.conf:1: invalid address near '2001:db8::1:7789' (expected a.b.c.d:port or ipv6 [addr]:port)" },
	{ "bad_meta_index",
	  "resource r { on a { meta-disk /dev/m [x]; } }",
	  "t.conf:1: invalid meta-disk index near '[x]' (expected [N] or ';')" },
	{ "no_device",
	  "resource r {\n on a { disk d; meta-disk internal; }\n}",
	  "t.conf:2: no device for host a in resource r near 'a' (expected device /dev/blkrepN or device minor N)" },
	{ "no_disk",
	  "resource r {\n on a { device minor 0; meta-disk internal; }\n}",
	  "t.conf:2: no disk for host a in resource r near 'a' (expected disk PATH)" },
	{ "no_meta_disk",
	  "resource r {\n on a { device minor 0; disk d; }\n}",
	  "t.conf:2: no meta-disk for host a in resource r near 'a' (expected meta-disk internal or meta-disk PATH)" },
	{ "no_on_section",
	  "\nresource r {\n}",
	  "t.conf:2: resource r has no 'on' section near 'r' (expected on HOST { ... })" },
	{ "duplicate_on",
	  "resource r { " HOST_A "\n on a { } }",
	  "t.conf:2: duplicate 'on' section (first on line 1) near 'a'" },
	{ "three_on_sections",
	  "resource r { on a { } on b { }\n on c { } }",
	  "t.conf:2: more than 2 'on' sections in resource r near 'c'" },
	{ "unterminated_string",
	  "common { handlers { split-brain \"/bin/x; }\n }",
	  "t.conf:1: unterminated string near '\"/bin/x; }' (expected a closing '\"')" },
	{ "unexpected_eof",
	  "resource r { " HOST_A "\n",
	  "t.conf:2: syntax error near 'end of file' (expected a statement or '}')" },
	{ "include_missing_semicolon",
	  "include \"/nonexistent-dir/*\"\nresource",
	  "t.conf:2: syntax error near 'resource' (expected ';')" },
};

#define NBAD (sizeof(bad_configs) / sizeof(bad_configs[0]))

static const struct bad *cur_bad;

/* Run once per bad_configs[] entry, as error_<name>. */
static void test_error_message(void)
{
	CHECK(load(cur_bad->text) < 0);
	CHECK_STR(err, cur_bad->msg);
}

static void test_error_line_numbers_count_comments(void)
{
	CHECK(load("# one\n# two\n\ncommon { # four\n  protocol \"C\"; net { timeout 0; } }") < 0);
	CHECK_STR(err, "t.conf:5: invalid value for timeout near '0' (expected 1..600)");
}

int main(void)
{
	size_t i;

	RUN("config", test_full_config_values);
	RUN("config", test_drbd_syncer_and_suffixes);
	RUN("config", test_inheritance);
	RUN("config", test_meta_disk_forms);
	RUN("config", test_device_forms);
	RUN("config", test_addresses);
	RUN("config", test_single_node_resource);
	RUN("config", test_dump_is_canonical);
	RUN("config", test_dump_format);
	RUN("config", test_include_glob);
	RUN("config", test_discard_node_error_names_its_file);
	RUN("config", test_policies_and_handlers);
	RUN("config", test_missing_file);
	for (i = 0; i < NBAD; i++) {
		char name[64];

		cur_bad = &bad_configs[i];
		snprintf(name, sizeof(name), "error_%s", cur_bad->name);
		unit_run("config", name, test_error_message);
	}
	RUN("config", test_error_line_numbers_count_comments);
	br_config_free(&cfg);
	return unit_done();
}
