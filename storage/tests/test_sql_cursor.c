/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_sql_cursor.c
 *
 * The cursor codec without a database: round trips, the RFC 3986
 * unreserved alphabet, and every way a cursor is refused (tampered,
 * bound to another query, signed with another key, expired, garbage).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "storage/cursor.h"

static struct arena		 A;
static const unsigned char	 KEY[DB_CURSOR_KEY_LEN] = "0123456789abcdef0123456789abcdef";
static const unsigned char	 BIND[32] = "query binding digest, 32 bytes.";
static const time_t		 NOW = 1790000000;

static struct db_cursor_pos
pos(const char *key, int reverse)
{
	struct db_cursor_pos	p;

	memset(&p, 0, sizeof(p));
	p.reverse = reverse;
	p.at.key = key;
	p.at.created = "1577836800123456";
	p.at.id = "6f1c1c1e-9a7b-4d59-9c1a-0d3f6f9a2b11";
	return p;
}

static void
expect_refused(const char *text, const unsigned char *key,
    const unsigned char *bind, time_t now, enum scim_type type)
{
	struct db_cursor_pos	p;
	struct err		e = { 0 };

	assert_int_equal(db_cursor_decode(&p, &A, text, key, bind, now, &e), -1);
	assert_int_equal(e.status, 400);
	assert_int_equal(e.type, type);
}

static void
test_cursor__round_trip(void **state)
{
	const char		*keys[] = { "alice", "", NULL,
				    "long \xc3\xa9 key with \"quotes\" and , commas" };
	struct db_cursor_pos	 in, out;
	struct err		 e = { 0 };
	const char		*text;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		in = pos(keys[i], (int)i % 2);
		text = db_cursor_encode(&A, &in, KEY, BIND, NOW);
		assert_int_equal(strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijk"
		    "lmnopqrstuvwxyz0123456789-._~"), strlen(text));
		assert_int_equal(db_cursor_decode(&out, &A, text, KEY, BIND,
		    NOW + 10, &e), 0);
		assert_int_equal(out.start, 0);
		assert_int_equal(out.reverse, in.reverse);
		assert_string_equal(out.at.created, in.at.created);
		assert_string_equal(out.at.id, in.at.id);
		if (keys[i] == NULL)
			assert_null(out.at.key);
		else
			assert_string_equal(out.at.key, keys[i]);
	}
	memset(&in, 0, sizeof(in));
	in.start = 1;
	text = db_cursor_encode(&A, &in, KEY, BIND, NOW);
	assert_int_equal(db_cursor_decode(&out, &A, text, KEY, BIND, NOW, &e), 0);
	assert_int_equal(out.start, 1);
}

static void
test_cursor__refused(void **state)
{
	struct db_cursor_pos	 in = pos("k", 0);
	unsigned char		 other[32];
	const char		*text = db_cursor_encode(&A, &in, KEY, BIND, NOW);
	char			*bad;
	size_t			 i;

	(void)state;
	memcpy(other, BIND, sizeof(other));
	other[0] ^= 1;
	expect_refused(text, KEY, other, NOW, ST_INVALID_CURSOR);
	expect_refused(text, other, BIND, NOW, ST_INVALID_CURSOR);
	for (i = 0; i < strlen(text); i += 7) {
		bad = arena_strdup(&A, text);
		bad[i] = bad[i] == 'A' ? 'B' : 'A';
		expect_refused(bad, KEY, BIND, NOW, ST_INVALID_CURSOR);
	}
	bad = arena_strndup(&A, text, strlen(text) - 3);
	expect_refused(bad, KEY, BIND, NOW, ST_INVALID_CURSOR);
	expect_refused("AAAA", KEY, BIND, NOW, ST_INVALID_CURSOR);
	expect_refused("not+base64/", KEY, BIND, NOW, ST_INVALID_CURSOR);
	expect_refused(text, KEY, BIND, NOW + DB_CURSOR_TTL + 1,
	    ST_EXPIRED_CURSOR);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cursor__round_trip),
		cmocka_unit_test(test_cursor__refused),
	};
	int	rc = cmocka_run_group_tests(tests, NULL, NULL);

	arena_free(&A);
	return rc;
}
