/* SPDX-License-Identifier: MIT */
/*
 * fuzz/fuzz_filter.c
 *
 * libFuzzer target: arbitrary bytes as a SCIM filter. Parses, prints,
 * re-parses the printed form (which must give the same print: the
 * canonical form is a fixed point), checks against User and Group and
 * evaluates against a seeded User and Group. Any crash, leak, sanitizer
 * report or broken round trip is a finding.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "scim/filter/filter.h"
#include "fuzz/fuzz_seed.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cJSON	*user, *group;

/* The round trip: print(parse(print(q))) == print(q). */
static void
check_print(const struct query_node *q, struct arena *a)
{
	const char		*p1, *p2;
	struct query_node	*q2;
	struct err		 e = { 0 };

	p1 = scim_filter_print(q, a);
	if (scim_filter_parse(&q2, a, p1, &e) != 0) {
		/*
		 * The print parenthesises every and/or: a long chain prints
		 * deeper, or longer, than the parser's limits allow.
		 */
		if (strlen(p1) > SCIM_FILTER_MAX_LEN ||
		    strstr(e.detail, "nesting exceeds") != NULL)
			return;
		fuzz_die("canonical form does not parse", p1, e.detail);
	}
	p2 = scim_filter_print(q2, a);
	if (strcmp(p1, p2) != 0)
		fuzz_die("canonical form is not a fixed point", p1, p2);
}

static void
run_type(const struct query_node *q, const struct schema_rtype *rt,
    const cJSON *res)
{
	struct err	e = { 0 };
	int		m;

	/* An unchecked AST is safe to evaluate as well: unknown is absent. */
	m = scim_filter_match(q, rt, NULL, res);
	if (m != 0 && m != 1)
		fuzz_die("match is not 0 or 1", NULL, NULL);
	if (scim_filter_check(q, rt, &e) == 0)
		(void)scim_filter_match(q, rt, NULL, res);
	else if (e.status != 400)
		fuzz_die("check failed without a 400", e.detail, NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		 a = { 0 };
	struct query_node	*q;
	struct err		 e = { 0 };
	char			*text;

	if (user == NULL) {
		user = fuzz_seed_user();
		group = fuzz_seed_group();
	}
	/* A query string cannot hold a NUL byte before the end. */
	text = arena_strndup(&a, (const char *)data, size);
	if (scim_filter_parse(&q, &a, text, &e) != 0) {
		if (e.status != 400)
			fuzz_die("parse failed without a 400", e.detail, NULL);
		goto out;
	}
	check_print(q, &a);
	run_type(q, &schema_rtype_user, user);
	run_type(q, &schema_rtype_group, group);
out:
	arena_free(&a);
	return 0;
}
