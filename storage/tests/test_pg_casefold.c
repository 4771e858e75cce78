/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_pg_casefold.c
 *
 * scimd_fold() in SQL (migration 0011) and cf_fold_dup() in C are one
 * folding: they agree on every code point of the folding table, on a
 * sample of the code points without a folding, and on strings that mix
 * ASCII with other scripts. One query compares them all (two arrays).
 * Also: what the unique userName index now refuses. Needs
 * SCIMD_TEST_DATABASE_URL (pg_harness.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/base/arena.h"
#include "domain/base/casefold.h"
#include "domain/base/casefold_int.h"

#include "pg_harness.h"

/* A text[] literal under construction. */
struct lit {
	char	*s;
	size_t	 len, cap;
};

static void
lit_add(struct lit *l, const char *s)
{
	size_t	need = l->len + 2 * strlen(s) + 4;

	if (need > l->cap) {
		l->cap = need * 2;
		l->s = realloc(l->s, l->cap);
		assert_non_null(l->s);
	}
	l->s[l->len] = l->len == 0 ? '{' : ',';
	l->len++;
	l->s[l->len++] = '"';
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			l->s[l->len++] = '\\';
		l->s[l->len++] = *s;
	}
	l->s[l->len++] = '"';
	l->s[l->len] = '\0';
}

static void
encode(char *o, uint32_t c)
{
	if (c < 0x80)
		*o++ = (char)c;
	else if (c < 0x800) {
		*o++ = (char)(0xc0 | (c >> 6));
		*o++ = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		*o++ = (char)(0xe0 | (c >> 12));
		*o++ = (char)(0x80 | ((c >> 6) & 0x3f));
		*o++ = (char)(0x80 | (c & 0x3f));
	} else {
		*o++ = (char)(0xf0 | (c >> 18));
		*o++ = (char)(0x80 | ((c >> 12) & 0x3f));
		*o++ = (char)(0x80 | ((c >> 6) & 0x3f));
		*o++ = (char)(0x80 | (c & 0x3f));
	}
	*o = '\0';
}

/*
 * c alone (the ASCII fast path when c is ASCII) and inside "Ab<c>Z";
 * returns how many strings that added.
 */
static size_t
add_cp(struct lit *in, struct lit *want, uint32_t c)
{
	char	one[5], mixed[16], *f;

	encode(one, c);
	snprintf(mixed, sizeof(mixed), "Ab%sZ", one);
	f = cf_fold_dup(one);
	lit_add(in, one);
	lit_add(want, f);
	free(f);
	f = cf_fold_dup(mixed);
	lit_add(in, mixed);
	lit_add(want, f);
	free(f);
	return 2;
}

static void
test_pg_casefold__sql_and_c_agree(void **state)
{
	struct lit	 in = { 0 }, want = { 0 };
	const char	*p[2];
	PGresult	*res;
	uint32_t	 c;
	size_t		 i, n = 0;

	(void)state;
	for (i = 0; i < cf_table_len; i++)
		n += add_cp(&in, &want, cf_table[i][0]);
	/* Every ASCII character, then a sample of everything else. */
	for (c = 1; c < 0x80; c++)
		n += add_cp(&in, &want, c);
	for (c = 0x80; c <= 0x10ffff; c += 61)
		if (c < 0xd800 || c > 0xdfff)
			n += add_cp(&in, &want, c);
	in.s[in.len++] = '}';
	want.s[want.len++] = '}';
	in.s[in.len] = want.s[want.len] = '\0';
	assert_true(n > 2 * (cf_table_len + 18000));
	p[0] = in.s;
	p[1] = want.s;
	res = PQexecParams(h_raw, "SELECT count(*), count(*) FILTER (WHERE "
	    "scimd_fold(s) IS DISTINCT FROM f), string_agg(format('%s -> SQL "
	    "%s, C %s', s, scimd_fold(s), f), '; ') FILTER (WHERE "
	    "scimd_fold(s) IS DISTINCT FROM f) FROM unnest($1::text[], "
	    "$2::text[]) AS t(s, f)", 2, NULL, p, NULL, NULL, 0);
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_int_equal(atol(PQgetvalue(res, 0, 0)), (long)n);
	if (strcmp(PQgetvalue(res, 0, 1), "0") != 0)
		fail_msg("%s differ: %.2000s", PQgetvalue(res, 0, 1),
		    PQgetvalue(res, 0, 2));
	PQclear(res);
	free(in.s);
	free(want.s);
}

static void
test_pg_casefold__unique_index_folds(void **state)
{
	const char	*org = h_org(&h_arena, "fold");

	(void)state;
	h_execf("INSERT INTO members (org_id, user_name, resource) VALUES "
	    "('%s', '\xc3\xa9lise@x.test', '{}')", org);
	/* élise then ÉLISE; kelvin then KELVIN with the Kelvin sign. */
	assert_string_equal(h_sqlstate(&h_arena, "INSERT INTO members (org_id, "
	    "user_name, resource) VALUES ('%s', '\xc3\x89LISE@X.TEST', '{}')",
	    org), "23505");
	h_execf("INSERT INTO members (org_id, user_name, resource) VALUES "
	    "('%s', 'kelvin@x.test', '{}')", org);
	assert_string_equal(h_sqlstate(&h_arena, "INSERT INTO members (org_id, "
	    "user_name, resource) VALUES ('%s', '\xe2\x84\xaa" "ELVIN@x.test', "
	    "'{}')", org), "23505");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pg_casefold__sql_and_c_agree),
		cmocka_unit_test(test_pg_casefold__unique_index_folds),
	};

	return cmocka_run_group_tests(tests, h_group_setup, h_group_teardown);
}
