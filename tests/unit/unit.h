/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny unit-test framework: no dependencies, one header.
 *
 *	static void test_something(void)
 *	{
 *		CHECK(1 + 1 == 2);
 *		CHECK_EQ(br_md_bitmap_bytes(1), 4096);
 *		CHECK_STR(msg, "expected text");
 *	}
 *	int main(void)
 *	{
 *		RUN("md_format", test_something);
 *		return unit_done();
 *	}
 *
 * Each RUN prints one line, "PASS: suite/name" or "FAIL: suite/name:
 * reason" (the test result protocol of tests/check.sh); a failed CHECK
 * ends its test.  unit_done() returns the exit status: 1 if any failed.
 */
#ifndef BLKREP_UNIT_H
#define BLKREP_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failed_tests;
static int unit_cur_failed;
static char unit_reason[1200];

static inline void unit_fail(const char *file, int line, const char *what)
{
	if (!unit_cur_failed)
		snprintf(unit_reason, sizeof(unit_reason), "%s:%d: %s", file,
			 line, what);
	unit_cur_failed = 1;
}

#define CHECK(cond) do { \
	if (!(cond)) { unit_fail(__FILE__, __LINE__, #cond); return; } \
} while (0)

#define CHECK_EQ(a, b) do { \
	unsigned long long _a = (a), _b = (b); \
	if (_a != _b) { \
		char _m[256]; \
		snprintf(_m, sizeof(_m), "%s == %llu, expected %llu", #a, \
			 _a, _b); \
		unit_fail(__FILE__, __LINE__, _m); \
		return; \
	} \
} while (0)

#define CHECK_STR(a, b) do { \
	const char *_a = (a), *_b = (b); \
	if (!_a || strcmp(_a, _b)) { \
		char _m[1024]; \
		snprintf(_m, sizeof(_m), \
			 "%.60s is \"%.400s\", expected \"%.400s\"", #a, \
			 _a ? _a : "(null)", _b); \
		unit_fail(__FILE__, __LINE__, _m); \
		return; \
	} \
} while (0)

static inline void unit_run(const char *suite, const char *name,
			    void (*fn)(void))
{
	unit_cur_failed = 0;
	fn();
	if (unit_cur_failed) {
		unit_failed_tests++;
		printf("FAIL: %s/%s: %s\n", suite, name, unit_reason);
	} else {
		printf("PASS: %s/%s\n", suite, name);
	}
	fflush(stdout);
}

#define RUN(suite, fn) unit_run(suite, #fn + 5 * !strncmp(#fn, "test_", 5), fn)

static inline int unit_done(void)
{
	return unit_failed_tests ? 1 : 0;
}

#endif /* BLKREP_UNIT_H */
