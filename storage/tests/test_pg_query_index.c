/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_pg_query_index.c
 *
 * The filters IdPs send must use an index: EXPLAIN of the page and count
 * queries of db_member_list and db_group_list on 20k members and 400
 * groups after ANALYZE names the index and no sequential scan of the
 * filtered table. Needs SCIMD_TEST_DATABASE_URL; links scim_filter for
 * the parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "domain/base/arena.h"
#include "scim/filter/filter.h"
#include "storage/sql_filter.h"
#include "storage/sql_order.h"
#include "storage/stmt_int.h"

#include "pg_harness.h"

#define BIG	20000		/* members for EXPLAIN */

static const char	*org_b;		/* BIG generated members, groups */

/* BIG members by generate_series, 400 groups with 10 members each. */
static void
seed_org_b(void)
{
	org_b = h_org(&h_arena, "query-b");
	h_execf("INSERT INTO members (org_id, user_name, external_id, "
	    "display_name, emails, active, resource, created_at, updated_at) "
	    "SELECT '%s', 'user' || i || '@big.test', 'ext-' || i, "
	    "'Name ' || i, ARRAY['user' || i || '@big.test', 'alt' || i || "
	    "'@big.test'], i %% 7 <> 0, jsonb_build_object('userName', 'user' "
	    "|| i || '@big.test', 'emails', jsonb_build_array(jsonb_build_object("
	    "'value', 'user' || i || '@big.test', 'type', 'work'), "
	    "jsonb_build_object('value', 'alt' || i || '@big.test', 'type', "
	    "'home'))), '2020-01-01'::timestamptz + i * interval '1 minute', "
	    "'2020-01-01'::timestamptz + i * interval '1 minute' "
	    "FROM generate_series(1, %d) AS i", org_b, BIG);
	h_execf("INSERT INTO groups (org_id, display_name, resource) SELECT "
	    "'%s', 'Group ' || i, jsonb_build_object('displayName', 'Group ' || i) "
	    "FROM generate_series(1, 400) AS i", org_b);
	h_execf("INSERT INTO group_members (group_id, member_id, org_id) "
	    "SELECT g.id, m.id, g.org_id FROM (SELECT id, org_id, row_number() "
	    "OVER (ORDER BY id) AS r FROM groups WHERE org_id = '%s') g JOIN "
	    "(SELECT id, row_number() OVER (ORDER BY id) AS r FROM members WHERE "
	    "org_id = '%s') m ON m.r %% 400 = g.r - 1 AND m.r <= 4000", org_b, org_b);
	h_execf("ANALYZE");
}

static int
setup(void **state)
{
	(void)state;
	if (h_setup() == -1)
		return -1;
	seed_org_b();
	return 0;
}

struct plan_seen {
	char	indexes[512];	/* " name name …" of index scans */
	char	seq[256];	/* " relation …" of sequential scans */
};

static void
walk_plan(struct plan_seen *ps, const cJSON *node)
{
	const char	*type = cJSON_GetStringValue(cJSON_GetObjectItem(node,
			    "Node Type"));
	const char	*ix = cJSON_GetStringValue(cJSON_GetObjectItem(node,
			    "Index Name"));
	const char	*rel = cJSON_GetStringValue(cJSON_GetObjectItem(node,
			    "Relation Name"));
	const cJSON	*it;
	size_t		 n;

	if (type != NULL && ix != NULL && strstr(type, "Index") != NULL) {
		n = strlen(ps->indexes);
		snprintf(ps->indexes + n, sizeof(ps->indexes) - n, " %s", ix);
	}
	if (type != NULL && rel != NULL && strcmp(type, "Seq Scan") == 0) {
		n = strlen(ps->seq);
		snprintf(ps->seq + n, sizeof(ps->seq) - n, " %s", rel);
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(node, "Plans"))
		walk_plan(ps, it);
}

/*
 * EXPLAIN of the list page query and the count query of db_member_list
 * / db_group_list for `text` on org B (the same SQL building blocks).
 */
static int
explain(const struct schema_rtype *rt, const char *text, const char *index)
{
	struct db_sqlbuf	 b;
	struct db_sort		 s;
	struct query_node	*f;
	struct plan_seen	 ps;
	struct err		 e = { 0 };
	PGresult		*res;
	cJSON			*plan;
	int			 shape, ok = 1, group = rt == &schema_rtype_group;
	const char		*t = group ? "g" : "m";

	if (scim_filter_parse(&f, &h_arena, text, &e) == -1 ||
	    scim_filter_check(f, rt, &e) == -1)
		fail_msg("%s: %s", text, e.detail);
	for (shape = 0; shape < 2; shape++) {
		db_sqlbuf_init(&b, &h_arena);
		assert_int_equal(db_sql_sort(&s, &b, NULL, 0, rt, &e), 0);
		db_sqlbuf_add(&b, "EXPLAIN (FORMAT JSON) SELECT ");
		if (shape == 0) {
			db_sqlbuf_add(&b, group ? "g.*" : db_member_cols);
			db_sql_sort_cols(&b, &s);
		} else
			db_sqlbuf_add(&b, "count(*)");
		db_sqlbuf_addf(&b, " FROM %s %s WHERE %s.org_id = ", group ?
		    "groups" : "members", t, t);
		db_sqlbuf_addp(&b, org_b);
		if (!group)
			db_sqlbuf_add(&b, " AND m.deleted_at IS NULL");
		db_sqlbuf_add(&b, " AND (");
		assert_int_equal(db_sql_filter(&b, f, rt, &e), 0);
		db_sqlbuf_add(&b, ")");
		if (shape == 0) {
			db_sqlbuf_add(&b, " ORDER BY ");
			db_sql_sort_order(&b, &s, 0);
			db_sqlbuf_add(&b, " LIMIT 201");
		}
		res = PQexecParams(h_raw, b.text, b.nparams, NULL, b.params, NULL,
		    NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			fail_msg("%s: %s", b.text, PQerrorMessage(h_raw));
		plan = cJSON_Parse(PQgetvalue(res, 0, 0));
		PQclear(res);
		memset(&ps, 0, sizeof(ps));
		walk_plan(&ps, cJSON_GetObjectItem(cJSON_GetArrayItem(plan, 0),
		    "Plan"));
		cJSON_Delete(plan);
		strcat(ps.indexes, " ");
		if (strstr(ps.indexes, arena_printf(&h_arena, " %s ", index)) == NULL ||
		    strstr(ps.seq, group ? "group_members" : "members") != NULL) {
			print_error("%s (%s query): want an index scan on %s and no "
			    "sequential scan; indexes:%s; seq scans:%s\n", text,
			    shape ? "count" : "page", index, ps.indexes, ps.seq);
			ok = 0;
		}
	}
	return ok;
}

static void
test_pg_query__indexed_filters_use_their_index(void **state)
{
	const struct schema_rtype *U = &schema_rtype_user, *G = &schema_rtype_group;
	PGresult	*res;
	char		*member_id, *grouped_id;
	int		 ok = 1;

	(void)state;
	res = PQexec(h_raw, "SELECT (SELECT id FROM members WHERE user_name = "
	    "'user4321@big.test'), (SELECT member_id FROM group_members LIMIT 1)");
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	member_id = arena_strdup(&h_arena, PQgetvalue(res, 0, 0));
	grouped_id = arena_strdup(&h_arena, PQgetvalue(res, 0, 1));
	PQclear(res);
	ok &= explain(U, "userName eq \"USER123@big.test\"", "members_user_name_uq");
	ok &= explain(U, "externalId eq \"ext-123\"", "members_external_id");
	ok &= explain(U, arena_printf(&h_arena, "id eq \"%s\"", member_id),
	    "members_pkey");
	ok &= explain(U, "emails.value eq \"alt77@big.test\"", "members_emails");
	ok &= explain(U, "emails[type eq \"work\"].value eq \"user77@big.test\"",
	    "members_emails");
	ok &= explain(U, "displayName eq \"name 55\"", "members_display_name");
	ok &= explain(U, "meta.lastModified gt \"2020-01-14T21:00:00Z\"",
	    "members_updated");
	ok &= explain(G, "displayName eq \"group 7\"", "groups_display_name_uq");
	ok &= explain(G, arena_printf(&h_arena, "members.value eq \"%s\"", grouped_id),
	    "group_members_member");
	assert_true(ok);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pg_query__indexed_filters_use_their_index),
	};

	return cmocka_run_group_tests(tests, setup, h_group_teardown);
}
