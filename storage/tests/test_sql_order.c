/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_sql_order.c
 *
 * sortBy → ORDER BY without a database (db_sql_order): the clause for
 * every sortable attribute kind, with the created_at/id tie-break that
 * keeps pages stable, and the 400s for what cannot be sorted on. With
 * SCIMD_SQL_DUMP set, every clause is printed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "storage/sql_order.h"

#define ENT	"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

#define U	(&schema_rtype_user)
#define G	(&schema_rtype_group)

static void
test_sql_order__order_by(void **state)
{
	struct arena		 a = { 0 };
	struct query_path	 p;
	struct db_sqlbuf	 b;
	struct err		 e = { 0 };
	struct {
		const struct schema_rtype *rt;
		const char	*urn, *attr, *sub;
		int		 desc;
		const char	*want;
	} c[] = {
		{ U, NULL, NULL, NULL, 0, "m.created_at ASC, m.id ASC" },
		{ G, NULL, NULL, NULL, 1, "g.created_at DESC, g.id DESC" },
		{ U, NULL, "userName", NULL, 0,
		    "scimd_fold(m.user_name) ASC NULLS LAST, m.created_at, m.id" },
		{ U, NULL, "USERNAME", NULL, 1,
		    "scimd_fold(m.user_name) DESC NULLS FIRST, m.created_at, m.id" },
		{ G, NULL, "displayName", NULL, 0,
		    "scimd_fold(g.display_name) ASC NULLS LAST, g.created_at, g.id" },
		{ U, NULL, "externalId", NULL, 0,
		    "m.external_id ASC NULLS LAST, m.created_at, m.id" },
		{ U, NULL, "meta", "lastModified", 1,
		    "m.updated_at DESC NULLS FIRST, m.created_at, m.id" },
		{ U, NULL, "meta", "resourceType", 0, "m.created_at, m.id" },
		{ U, NULL, "name", "familyName", 0,
		    "scimd_fold(m.resource->'name'->>'familyName') ASC NULLS LAST, "
		    "m.created_at, m.id" },
		{ U, NULL, "title", NULL, 0,
		    "scimd_fold(m.resource->>'title') ASC NULLS LAST, m.created_at, m.id" },
		{ U, ENT, "manager", "value", 0,
		    "scimd_fold(m.resource->'" ENT "'->'manager'->>'value') ASC NULLS "
		    "LAST, m.created_at, m.id" },
		{ U, NULL, "emails", NULL, 0,
		    "scimd_fold((SELECT e1.v->>'value' FROM jsonb_array_elements(CASE "
		    "WHEN jsonb_typeof(m.resource->'emails') = 'array' THEN "
		    "m.resource->'emails' ELSE '[]'::jsonb END) WITH ORDINALITY AS "
		    "e1(v, i) ORDER BY (e1.v->'primary' = 'true'::jsonb) IS NOT "
		    "TRUE, e1.i LIMIT 1)) ASC NULLS LAST, m.created_at, m.id" },
		{ U, NULL, "active", NULL, 0,
		    "m.active ASC NULLS LAST, m.created_at, m.id" },
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		db_sqlbuf_init(&b, &a);
		memset(&p, 0, sizeof(p));
		p.urn = c[i].urn;
		p.attr = c[i].attr;
		p.sub = c[i].sub;
		assert_int_equal(db_sql_order(&b, c[i].attr ? &p : NULL,
		    c[i].desc, c[i].rt, &e), 0);
		if (getenv("SCIMD_SQL_DUMP") != NULL)
			printf("ORDER BY %s\n", b.text);
		assert_string_equal(b.text, c[i].want);
		assert_int_equal(b.nparams, 0);
	}
	arena_free(&a);
}

static void
test_sql_order__order_by_errors(void **state)
{
	struct {
		const struct schema_rtype *rt;
		const char	*attr, *sub;
		const char	*detail;
	} c[] = {
		{ U, "foo", NULL, "unrecognized sortBy attribute \"foo\"" },
		{ U, "name", NULL, "complex sortBy attribute \"name\"" },
		{ U, "addresses", NULL, "multi-valued sortBy attribute" },
		{ U, "emails", "primary", "multi-valued sortBy attribute" },
		{ U, "groups", NULL, "unsupported sortBy attribute \"groups\"" },
		{ G, "members", "value", "unsupported sortBy attribute" },
		{ G, "meta", "location", "unsupported sortBy attribute" },
	};
	struct arena		a = { 0 };
	struct query_path	p;
	struct db_sqlbuf	b;
	struct err		e;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		memset(&e, 0, sizeof(e));
		memset(&p, 0, sizeof(p));
		p.attr = c[i].attr;
		p.sub = c[i].sub;
		db_sqlbuf_init(&b, &a);
		assert_int_equal(db_sql_order(&b, &p, 0, c[i].rt, &e), -1);
		assert_int_equal(e.status, 400);
		assert_int_equal(e.type, ST_INVALID_VALUE);
		if (strstr(e.detail, c[i].detail) == NULL)
			fail_msg("%s: \"%s\"", c[i].attr, e.detail);
	}
	arena_free(&a);
}


int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sql_order__order_by),
		cmocka_unit_test(test_sql_order__order_by_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
