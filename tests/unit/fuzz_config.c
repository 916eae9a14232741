// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz smoke test of the blkrep.conf parser, without libFuzzer: mutate a
 * few valid configurations at random for SECONDS (default 5) and feed them
 * to the parser, built with -fsanitize=address,undefined (make fuzz).
 * Besides "no crash, no leak", it checks the dump property on every input
 * that parses: dumping, parsing the dump and dumping again gives the same
 * text.  Prints one PASS:/FAIL: line; a failing input is written to
 * fuzz-failure.conf.  The seed is printed so a failure can be replayed:
 * fuzz_config SECONDS SEED.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"

static const char *const seeds[] = {
	"global { usage-count no; }\n"
	"common {\n protocol C;\n"
	" disk { on-io-error detach; al-extents 1009; resync-rate 40M; c-max-rate 100M; c-min-rate 4M; fencing resource-only; }\n"
	" net { cram-hmac-alg sha256; shared-secret \"s3\\\"cret\"; data-integrity-alg crc32c; ping-int 10; ping-timeout 5; timeout 60;"
	" connect-int 10; ko-count 7; max-buffers 8000; sndbuf-size 512K; after-sb-0pri discard-node-alpha;"
	" after-sb-1pri consensus; after-sb-2pri call-pri-lost-after-sb; rr-conflict call-pri-lost; }\n"
	" handlers { split-brain \"/x\"; fence-peer \"y\"; pri-lost \"z\"; }\n"
	" startup { wfc-timeout 0; degr-wfc-timeout 60; }\n}\n",
	"resource r0 {\n device /dev/blkrep0;\n disk /dev/vdb;\n meta-disk internal;\n"
	" on alpha { address 192.0.2.1:7789; }\n"
	" on beta { device minor 3; disk \"/dev/x y\"; meta-disk /dev/vdd [2];"
	" address ipv6 [2001:db8::2]:7789; }\n}\n",
	"resource r1 { on a { device /dev/blkrep1 minor 1; disk d; flexible-meta-disk m; address ipv4 10.0.0.1:1; } }\n"
	"resource r2 { protocol A; net { ping-int 3; } on a { device minor 2; disk e; meta-disk internal; } } # end\n",
};

static const char interesting[] = "{};\"#\n[]:\\ 0123456789KMGabcdefinorstu-./";

static char *dump_text(const struct br_config *cfg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	br_config_dump(f, cfg, NULL);
	fclose(f);
	return buf;
}

static size_t mutate(char *buf, size_t len, size_t cap)
{
	size_t pos = len ? (size_t)rand() % len : 0, n;

	switch (rand() % 5) {
	case 0:		/* overwrite with an interesting byte */
		if (len)
			buf[pos] = interesting[rand() % (sizeof(interesting) - 1)];
		break;
	case 1:		/* random byte */
		if (len)
			buf[pos] = (char)(rand() % 255 + 1);
		break;
	case 2:		/* delete a range */
		n = (size_t)rand() % 16;
		if (pos + n > len)
			n = len - pos;
		memmove(buf + pos, buf + pos + n, len - pos - n);
		len -= n;
		break;
	case 3:		/* insert an interesting byte */
		if (len + 1 < cap) {
			memmove(buf + pos + 1, buf + pos, len - pos);
			buf[pos] = interesting[rand() % (sizeof(interesting) - 1)];
			len++;
		}
		break;
	default:	/* duplicate a range */
		n = (size_t)rand() % 64;
		if (pos + n > len)
			n = len - pos;
		if (len + n < cap) {
			memmove(buf + pos + n, buf + pos, len - pos);
			len += n;
		}
		break;
	}
	return len;
}

/* One input: parse; if it parses, the dump must be a fixed point. */
static unsigned long parsed;

static int check_one(const char *text)
{
	struct br_config a, b;
	char err[BR_ERR_LEN];
	char *d1, *d2;
	int bad = 0;

	if (br_config_load_text(&a, "fuzz.conf", text, err)) {
		br_config_free(&a);
		return 0;
	}
	parsed++;
	d1 = dump_text(&a);
	if (br_config_load_text(&b, "dump.conf", d1, err)) {
		fprintf(stderr, "dump does not parse: %s\n", err);
		bad = 1;
	} else {
		d2 = dump_text(&b);
		bad = strcmp(d1, d2) != 0;
		free(d2);
	}
	free(d1);
	br_config_free(&a);
	br_config_free(&b);
	return bad;
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 5;
	unsigned int seed = argc > 2 ? (unsigned int)strtoul(argv[2], NULL, 0) :
			    (unsigned int)time(NULL);
	time_t end = time(NULL) + seconds;
	static char buf[16384];
	unsigned long runs = 0;
	size_t len;
	int k;

	srand(seed);
	while (time(NULL) < end) {
		for (k = 0; k < 100; k++, runs++) {
			const char *s = seeds[rand() % (sizeof(seeds) / sizeof(seeds[0]))];
			int m = 1 + rand() % 8;

			len = strlen(s);
			memcpy(buf, s, len);
			while (m--)
				len = mutate(buf, len, sizeof(buf) - 1);
			buf[len] = '\0';
			if (check_one(buf)) {
				FILE *f = fopen("fuzz-failure.conf", "w");

				if (f) {
					fputs(buf, f);
					fclose(f);
				}
				printf("FAIL: fuzz/config: dump of a parsed input is not a fixed point (seed %u, input in fuzz-failure.conf)\n",
				       seed);
				return 1;
			}
		}
	}
	fprintf(stderr, "fuzz_config: %lu inputs, %lu parsed, seed %u\n", runs,
		parsed, seed);
	printf("PASS: fuzz/config\n");
	return 0;
}
