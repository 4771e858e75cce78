/* SPDX-License-Identifier: MIT */
/*
 * domain/tests/test_utf8.c
 *
 * The UTF-8 repair behind error details, audit rows and log lines:
 * invalid sequences become U+FFFD, copies and escapes are cut between
 * characters only, and an error detail quoting bad bytes or cut by a
 * precision is valid UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/base/err.h"
#include "domain/base/log.h"
#include "domain/base/utf8.h"

#define FFFD	"\xef\xbf\xbd"

static void
test_utf8__valid(void **state)
{
	(void)state;
	assert_true(utf8_valid(""));
	assert_true(utf8_valid("plain ascii"));
	assert_true(utf8_valid("Jos\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
	assert_true(utf8_valid("\xf4\x8f\xbf\xbf"));		/* U+10FFFF */
	assert_false(utf8_valid("\xff"));
	assert_false(utf8_valid("a\x80"));			/* lone continuation */
	assert_false(utf8_valid("\xc0\xaf"));			/* overlong '/' */
	assert_false(utf8_valid("\xe0\x80\xaf"));		/* overlong */
	assert_false(utf8_valid("\xed\xa0\x80"));		/* surrogate */
	assert_false(utf8_valid("\xf4\x90\x80\x80"));		/* > U+10FFFF */
	assert_false(utf8_valid("Jos\xc3"));			/* cut */
	assert_false(utf8_valid("\xe2\x82"));			/* cut */
}

static void
test_utf8__scrub_replaces(void **state)
{
	char	out[64];

	(void)state;
	assert_int_equal(utf8_scrub(out, sizeof(out), "a\xff" "b"), 5);
	assert_string_equal(out, "a" FFFD "b");
	/* A cut three-byte character is one replacement, not two. */
	utf8_scrub(out, sizeof(out), "x\xe2\x82\"y");
	assert_string_equal(out, "x" FFFD "\"y");
	utf8_scrub(out, sizeof(out), "\xed\xa0\x80");
	assert_string_equal(out, FFFD FFFD FFFD);
	utf8_scrub(out, sizeof(out), "Jos\xc3\xa9");
	assert_string_equal(out, "Jos\xc3\xa9");
	assert_true(utf8_valid(out));
}

static void
test_utf8__scrub_cuts_between_characters(void **state)
{
	char	out[5];

	(void)state;
	/* "ab€" needs 6 bytes with its NUL: the € is left out whole. */
	assert_int_equal(utf8_scrub(out, sizeof(out), "ab\xe2\x82\xac"), 2);
	assert_string_equal(out, "ab");
	assert_int_equal(utf8_scrub(out, sizeof(out), "\xc3\xa9\xc3\xa9\xc3\xa9"),
	    4);
	assert_true(utf8_valid(out));
	assert_int_equal(utf8_scrub(out, 1, "abc"), 0);
	assert_string_equal(out, "");
}

static void
test_utf8__json_escape(void **state)
{
	char	buf[32];
	size_t	len = 0;

	(void)state;
	log_json_escape(buf, sizeof(buf), &len, "a\"\xff\xc3\xa9\x01");
	assert_string_equal(buf, "a\\\"\\ufffd\xc3\xa9\\u0001");
	/* Cut before a character that does not fit, never inside it. */
	len = 0;
	log_json_escape(buf, 6, &len, "abcd\xe2\x82\xac");
	assert_string_equal(buf, "abcd");
	assert_int_equal(len, 4);
}

/* A detail cut by %.Ns in the middle of é, and one quoting bad bytes. */
static void
test_utf8__err_detail(void **state)
{
	struct err	e = { 0 };
	char		name[400];
	size_t		i;

	(void)state;
	err_set(&e, 400, ST_INVALID_VALUE, "name \"%.5s\" refused",
	    "abcd\xc3\xa9");
	assert_true(utf8_valid(e.detail));
	assert_string_equal(e.detail, "name \"abcd" FFFD "\" refused");
	err_set(&e, 400, ST_INVALID_VALUE, "bad \"%s\"", "x\xfe\xff");
	assert_string_equal(e.detail, "bad \"x" FFFD FFFD "\"");
	/* Longer than the detail: cut where a character ends. */
	for (i = 0; i + 2 < sizeof(name); i += 2)
		memcpy(name + i, "\xc3\xa9", 2);
	name[i] = '\0';
	err_set(&e, 400, ST_INVALID_VALUE, "x%s", name);
	assert_true(utf8_valid(e.detail));
	assert_true(strlen(e.detail) >= sizeof(e.detail) - 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8__valid),
		cmocka_unit_test(test_utf8__scrub_replaces),
		cmocka_unit_test(test_utf8__scrub_cuts_between_characters),
		cmocka_unit_test(test_utf8__json_escape),
		cmocka_unit_test(test_utf8__err_detail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
