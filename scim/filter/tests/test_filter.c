/* SPDX-License-Identifier: MIT */
/*
 * scim/filter/tests/test_filter.c
 *
 * Parser and schema-check tests: the table of filters.test (jq .test
 * style, read from $SCIMD_TEST_DATA) plus the cases a data file cannot
 * express (huge inputs, invalid UTF-8, AST shape).
 *
 * filters.test holds blocks separated by blank lines; '#' lines outside a
 * block are comments. A block is:
 *
 *   <filter text>              or  %%JSON "<JSON string>" for inputs
 *                                  with control characters or spaces
 *   <canonical print>          or  %%FAIL <scimType> [detail substring]
 *   %%CHECK <User|Group> ok    (zero or more; runs scim_filter_check)
 *   %%CHECK <User|Group> FAIL <scimType> [detail substring]
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/base/datetime.h"
#include "scim/filter/filter.h"
#include "scim/filter/filter_int.h"

#define MAX_LINES	8

struct tcase {
	int	 line;			/* of the input, for messages */
	char	*lines[MAX_LINES];
	int	 nlines;
};

static char *
read_file(const char *name)
{
	const char	*dir = getenv("SCIMD_TEST_DATA");
	char		 path[1024];
	FILE		*f;
	long		 n;
	char		*buf;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : ".", name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		fail_msg("cannot read %s", path);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Decodes `%%JSON "..."` inputs; other inputs are taken literally. */
static const char *
case_input(struct arena *a, const char *line)
{
	cJSON		*j;
	const char	*s;

	if (strncmp(line, "%%JSON ", 7) != 0)
		return line;
	j = cJSON_Parse(line + 7);
	if (j == NULL || !cJSON_IsString(j))
		fail_msg("bad %%%%JSON line: %s", line);
	s = arena_strdup(a, j->valuestring);
	cJSON_Delete(j);
	return s;
}

/* "invalidFilter [detail]": 1 when err matches, else prints why. */
static int
err_matches(const struct err *e, const char *want, int line)
{
	const char	*type = err_scim_type_name(e->type);
	size_t		 n = strcspn(want, " ");
	const char	*detail = want[n] == ' ' ? want + n + 1 : "";

	if (e->status != 400 || type == NULL || strlen(type) != n ||
	    strncmp(type, want, n) != 0 || strstr(e->detail, detail) == NULL) {
		print_error("filters.test:%d: want %s, got %d %s \"%s\"\n", line,
		    want, e->status, type ? type : "-", e->detail);
		return 0;
	}
	return 1;
}

static int
run_check(const struct query_node *q, const char *spec, int line)
{
	const struct schema_rtype	*rt;
	struct err			 e = { 0 };
	int				 rc;

	if (strncmp(spec, "User ", 5) == 0)
		rt = &schema_rtype_user;
	else if (strncmp(spec, "Group ", 6) == 0)
		rt = &schema_rtype_group;
	else {
		print_error("filters.test:%d: bad %%%%CHECK line\n", line);
		return 0;
	}
	spec = strchr(spec, ' ') + 1;
	rc = scim_filter_check(q, rt, &e);
	if (strcmp(spec, "ok") == 0) {
		if (rc == 0)
			return 1;
		print_error("filters.test:%d: check failed: %s\n", line, e.detail);
		return 0;
	}
	if (strncmp(spec, "FAIL ", 5) != 0) {
		print_error("filters.test:%d: bad %%%%CHECK line\n", line);
		return 0;
	}
	if (rc == 0) {
		print_error("filters.test:%d: check passed, want %s\n", line, spec);
		return 0;
	}
	return err_matches(&e, spec + 5, line);
}

static int
run_case(const struct tcase *c)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	struct query_node	*q;
	const char		*in, *want, *got;
	int			 ok = 1, i, rc;

	in = case_input(&a, c->lines[0]);
	want = c->lines[1];
	rc = scim_filter_parse(&q, &a, in, &e);
	if (strncmp(want, "%%FAIL ", 7) == 0) {
		if (rc == 0) {
			print_error("filters.test:%d: parsed as %s, want %s\n",
			    c->line, scim_filter_print(q, &a), want);
			ok = 0;
		} else
			ok = err_matches(&e, want + 7, c->line);
		goto out;
	}
	if (rc != 0) {
		print_error("filters.test:%d: %s: %s\n", c->line, in, e.detail);
		ok = 0;
		goto out;
	}
	got = scim_filter_print(q, &a);
	if (strcmp(got, want) != 0) {
		print_error("filters.test:%d: got  %s\n    want %s\n", c->line,
		    got, want);
		ok = 0;
	}
	for (i = 2; i < c->nlines; i++) {
		if (strncmp(c->lines[i], "%%CHECK ", 8) != 0) {
			print_error("filters.test:%d: unexpected line\n", c->line);
			ok = 0;
		} else if (!run_check(q, c->lines[i] + 8, c->line))
			ok = 0;
	}
out:
	arena_free(&a);
	return ok;
}

static void
test_filter__data_file(void **state)
{
	char		*buf = read_file("filters.test"), *p, *nl;
	struct tcase	 c;
	int		 line = 0, ncases = 0, nfail = 0;

	(void)state;
	memset(&c, 0, sizeof(c));
	for (p = buf; p != NULL && *p != '\0'; p = nl) {
		nl = strchr(p, '\n');
		if (nl != NULL)
			*nl++ = '\0';
		line++;
		if (*p == '\0') {
			if (c.nlines > 0) {
				if (c.nlines < 2) {
					print_error("filters.test:%d: no expectation\n", c.line);
					nfail++;
				} else if (!run_case(&c))
					nfail++;
				ncases++;
				memset(&c, 0, sizeof(c));
			}
			continue;
		}
		if (c.nlines == 0 && *p == '#')
			continue;
		if (c.nlines == 0)
			c.line = line;
		if (c.nlines < MAX_LINES)
			c.lines[c.nlines++] = p;
	}
	if (c.nlines >= 2) {
		if (!run_case(&c))
			nfail++;
		ncases++;
	}
	print_message("filters.test: %d cases, %d failed\n", ncases, nfail);
	free(buf);
	assert_true(ncases >= 150);
	assert_int_equal(nfail, 0);
}

static int
parse(struct arena *a, const char *text, struct query_node **q, struct err *e)
{
	memset(e, 0, sizeof(*e));
	return scim_filter_parse(q, a, text, e);
}

/* A string of n copies of `open`, the core, then n copies of `close`. */
static char *
nested(size_t n, const char *open, const char *core, const char *close)
{
	size_t	lo = strlen(open), lc = strlen(core), lz = strlen(close), i;
	char	*s = xmalloc(n * (lo + lz) + lc + 1), *p = s;

	for (i = 0; i < n; i++, p += lo)
		memcpy(p, open, lo);
	memcpy(p, core, lc);
	p += lc;
	for (i = 0; i < n; i++, p += lz)
		memcpy(p, close, lz);
	*p = '\0';
	return s;
}

static void
test_filter__deep_nesting_100k_is_rejected_without_recursion(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e;
	struct query_node	*q;
	char			*s = nested(100000, "(", "a pr", ")");

	(void)state;
	assert_int_equal(parse(&a, s, &q, &e), -1);
	assert_int_equal(e.status, 400);
	assert_int_equal(e.type, ST_INVALID_FILTER);
	assert_non_null(strstr(e.detail, "too long"));
	free(s);
	/* Unbalanced too: no ")" at all. */
	s = nested(100000, "(", "", "");
	assert_int_equal(parse(&a, s, &q, &e), -1);
	assert_non_null(strstr(e.detail, "too long"));
	free(s);
	arena_free(&a);
}

static void
test_filter__depth_cap_counts_parens_and_not(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e;
	struct query_node	*q;
	char			*s;

	(void)state;
	s = nested(SCIM_FILTER_MAX_DEPTH, "(", "a pr", ")");
	assert_int_equal(parse(&a, s, &q, &e), 0);
	assert_string_equal(scim_filter_print(q, &a), "(a pr)");
	free(s);
	s = nested(SCIM_FILTER_MAX_DEPTH + 1, "(", "a pr", ")");
	assert_int_equal(parse(&a, s, &q, &e), -1);
	assert_non_null(strstr(e.detail, "maximum depth of 32 at offset 32"));
	free(s);
	s = nested(SCIM_FILTER_MAX_DEPTH + 1, "not (", "a pr", ")");
	assert_int_equal(parse(&a, s, &q, &e), -1);
	assert_non_null(strstr(e.detail, "maximum depth"));
	free(s);
	/* Within the length cap, deeper input still fails cleanly. */
	s = nested(2000, "(", "a pr", ")");
	assert_int_equal(parse(&a, s, &q, &e), -1);
	assert_non_null(strstr(e.detail, "maximum depth"));
	free(s);
	s = nested(2000, "not(", "a pr", ")");
	assert_int_equal(parse(&a, s, &q, &e), -1);
	free(s);
	arena_free(&a);
}

static void
test_filter__length_cap_is_exact(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e;
	struct query_node	*q;
	char			*s = xmalloc(SCIM_FILTER_MAX_LEN + 2);

	(void)state;
	/* userName eq "xxxx…x" of exactly the maximum length parses. */
	memset(s, 'x', SCIM_FILTER_MAX_LEN + 1);
	memcpy(s, "userName eq \"", 13);
	s[SCIM_FILTER_MAX_LEN - 1] = '"';
	s[SCIM_FILTER_MAX_LEN] = '\0';
	assert_int_equal(parse(&a, s, &q, &e), 0);
	s[SCIM_FILTER_MAX_LEN - 1] = 'x';
	s[SCIM_FILTER_MAX_LEN] = '"';
	s[SCIM_FILTER_MAX_LEN + 1] = '\0';
	assert_int_equal(parse(&a, s, &q, &e), -1);
	assert_string_equal(e.detail, "filter is too long (4097 bytes, maximum 4096)");
	free(s);
	arena_free(&a);
}

static void
test_filter__long_and_chain_within_cap(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e;
	struct query_node	*q;
	char			*s = xmalloc(SCIM_FILTER_MAX_LEN + 1);
	size_t			 n = 0;

	(void)state;
	memcpy(s, "a pr", 4);
	n = 4;
	while (n + 9 <= SCIM_FILTER_MAX_LEN) {
		memcpy(s + n, " and a pr", 9);
		n += 9;
	}
	s[n] = '\0';
	assert_int_equal(parse(&a, s, &q, &e), 0);
	assert_int_equal(q->op, Q_AND);
	assert_int_equal(scim_filter_check(q, &schema_rtype_user, &e), -1);
	free(s);
	arena_free(&a);
}

static void
test_filter__invalid_utf8_is_rejected_with_offset(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e;
	struct query_node	*q;

	(void)state;
	assert_int_equal(parse(&a, "userName eq \"\xc3\x28\"", &q, &e), -1);
	assert_string_equal(e.detail, "invalid UTF-8 byte sequence at offset 13");
	/* Overlong "/" and an encoded surrogate. */
	assert_int_equal(parse(&a, "a eq \"\xc0\xaf\"", &q, &e), -1);
	assert_int_equal(parse(&a, "a eq \"\xed\xa0\x80\"", &q, &e), -1);
	assert_int_equal(parse(&a, "a eq \"\xf4\x90\x80\x80\"", &q, &e), -1);
	assert_int_equal(parse(&a, "a eq \"\xe6\x97\xa5\"", &q, &e), 0);
	arena_free(&a);
}

static void
test_filter__entra_value_path_shape(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e;
	struct query_node	*q;

	(void)state;
	assert_int_equal(parse(&a, "emails[type eq \"work\"].value eq \"x@y.test\"",
	    &q, &e), 0);
	assert_int_equal(q->op, Q_VALUEPATH);
	assert_string_equal(q->path.attr, "emails");
	assert_null(q->path.sub);
	assert_int_equal(q->left->op, Q_AND);
	assert_int_equal(q->left->left->op, Q_EQ);
	assert_string_equal(q->left->left->path.attr, "type");
	assert_int_equal(q->left->right->op, Q_EQ);
	assert_string_equal(q->left->right->path.attr, "value");
	assert_null(q->left->right->path.sub);
	assert_string_equal(q->left->right->value.str, "x@y.test");
	assert_int_equal(q->left->right->offset, 23);
	assert_int_equal(scim_filter_check(q, &schema_rtype_user, &e), 0);
	arena_free(&a);
}

static void
test_filter__values_and_paths_are_decoded(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e;
	struct query_node	*q;

	(void)state;
	assert_int_equal(parse(&a, "urn:ietf:params:scim:schemas:extension:"
	    "enterprise:2.0:User:manager.value eq \"\\ud83d\\ude00\"", &q, &e), 0);
	assert_string_equal(q->path.urn,
	    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
	assert_string_equal(q->path.attr, "manager");
	assert_string_equal(q->path.sub, "value");
	assert_int_equal(q->value.type, QV_STRING);
	assert_string_equal(q->value.str, "\xf0\x9f\x98\x80");
	assert_int_equal(parse(&a, "a eq -12.5e1", &q, &e), 0);
	assert_int_equal(q->value.type, QV_NUMBER);
	assert_true(q->value.num == -125.0);
	assert_string_equal(q->value.str, "-12.5e1");
	assert_int_equal(parse(&a, "a ne FALSE", &q, &e), 0);
	assert_int_equal(q->value.type, QV_BOOL);
	assert_int_equal(q->value.boolean, 0);
	assert_int_equal(parse(&a, "a eq True", &q, &e), 0);
	assert_int_equal(q->value.boolean, 1);
	assert_int_equal(parse(&a, "externalId eq jyoung", &q, &e), 0);
	assert_int_equal(q->value.type, QV_STRING);
	assert_string_equal(q->value.str, "jyoung");
	assert_int_equal(parse(&a, "  a pr or b pr", &q, &e), 0);
	assert_int_equal(q->offset, 7);
	assert_int_equal(q->left->offset, 2);
	assert_int_equal(q->right->offset, 10);
	arena_free(&a);
}

static void
test_filter__time_parse(void **state)
{
	struct {
		const char	*s;
		int		 ok;
		int64_t		 sec;
		int32_t		 nsec;
	} t[] = {
		{ "1970-01-01T00:00:00Z", 1, 0, 0 },
		{ "2011-05-13T04:42:34Z", 1, 1305261754, 0 },
		{ "2011-05-13T06:42:34+02:00", 1, 1305261754, 0 },
		{ "2011-05-13T04:42:34.5Z", 1, 1305261754, 500000000 },
		{ "2011-05-13t04:42:34.123456789123z", 1, 1305261754, 123456789 },
		{ "2011-05-13T04:42:34", 1, 1305261754, 0 },
		{ "2000-02-29T00:00:00Z", 1, 951782400, 0 },
		{ "2016-12-31T23:59:60Z", 1, 1483228800, 0 },
		{ "1969-12-31T23:59:59Z", 1, -1, 0 },
		{ "2011-05-13T04:42:34-15:59", 1, 1305261754 + 57540, 0 },
		{ "1900-02-29T00:00:00Z", 0, 0, 0 },
		{ "2011-02-30T00:00:00Z", 0, 0, 0 },
		{ "2011-13-01T00:00:00Z", 0, 0, 0 },
		{ "0000-01-01T00:00:00Z", 0, 0, 0 },
		{ "2011-05-13T24:00:00Z", 0, 0, 0 },
		{ "2011-05-13T04:60:00Z", 0, 0, 0 },
		{ "2011-05-13T04:42:61Z", 0, 0, 0 },
		{ "2011-05-13T04:42:34+16:00", 0, 0, 0 },
		{ "2011-05-13T04:42:34+0200", 0, 0, 0 },
		{ "2011-05-13T04:42:34.Z", 0, 0, 0 },
		{ "2011-05-13 04:42:34Z", 0, 0, 0 },
		{ "2011-05-13", 0, 0, 0 },
		{ "2011-05-13T04:42:34Zjunk", 0, 0, 0 },
		{ "yesterday", 0, 0, 0 },
		{ "", 0, 0, 0 },
	};
	struct dt_time		 tm;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int	rc = dt_parse(&tm, t[i].s);

		if (rc != (t[i].ok ? 0 : -1))
			fail_msg("%s: rc %d", t[i].s, rc);
		if (t[i].ok && (tm.sec != t[i].sec || tm.nsec != t[i].nsec))
			fail_msg("%s: %lld.%09d", t[i].s, (long long)tm.sec,
			    (int)tm.nsec);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filter__data_file),
		cmocka_unit_test(test_filter__deep_nesting_100k_is_rejected_without_recursion),
		cmocka_unit_test(test_filter__depth_cap_counts_parens_and_not),
		cmocka_unit_test(test_filter__length_cap_is_exact),
		cmocka_unit_test(test_filter__long_and_chain_within_cap),
		cmocka_unit_test(test_filter__invalid_utf8_is_rejected_with_offset),
		cmocka_unit_test(test_filter__entra_value_path_shape),
		cmocka_unit_test(test_filter__values_and_paths_are_decoded),
		cmocka_unit_test(test_filter__time_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
