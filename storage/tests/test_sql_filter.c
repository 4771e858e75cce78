/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_sql_filter.c
 *
 * Filter AST → SQL compilation without a database: the generated text and
 * bound parameters for representative filters, the errors, and a scan
 * proving no filter value ever appears in the SQL text (ORDER BY is
 * test_sql_order.c). storage/ may not link the scim/ parser, so ASTs are
 * built by hand here. With SCIMD_SQL_DUMP set, every compiled statement
 * is printed (for running them by hand against PostgreSQL).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "storage/sql_filter.h"

#define ENT	"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

static struct arena	A;

static struct query_node *
node(enum query_op op)
{
	struct query_node	*n = arena_alloc(&A, sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->op = op;
	return n;
}

/* attr may be "urn…:attr", "attr" or "attr.sub". */
static struct query_node *
path_node(enum query_op op, const char *path)
{
	struct query_node	*n = node(op);
	const char		*colon = strrchr(path, ':'), *name = path, *dot;

	if (colon != NULL) {
		n->path.urn = arena_strndup(&A, path, (size_t)(colon - path));
		name = colon + 1;
	}
	dot = strchr(name, '.');
	if (dot != NULL) {
		n->path.attr = arena_strndup(&A, name, (size_t)(dot - name));
		n->path.sub = arena_strdup(&A, dot + 1);
	} else
		n->path.attr = arena_strdup(&A, name);
	return n;
}

static struct query_node *
str(const char *path, enum query_op op, const char *v)
{
	struct query_node	*n = path_node(op, path);

	n->value.type = QV_STRING;
	n->value.str = v;
	return n;
}

static struct query_node *
num(const char *path, enum query_op op, const char *v)
{
	struct query_node	*n = path_node(op, path);

	n->value.type = QV_NUMBER;
	n->value.str = v;
	n->value.num = strtod(v, NULL);
	return n;
}

static struct query_node *
boolean(const char *path, enum query_op op, int b)
{
	struct query_node	*n = path_node(op, path);

	n->value.type = QV_BOOL;
	n->value.boolean = b;
	return n;
}

static struct query_node *
null(const char *path, enum query_op op)
{
	struct query_node	*n = path_node(op, path);

	n->value.type = QV_NULL;
	return n;
}

static struct query_node *
pr(const char *path)
{
	return path_node(Q_PR, path);
}

static struct query_node *
logic(enum query_op op, struct query_node *l, struct query_node *r)
{
	struct query_node	*n = node(op);

	n->left = l;
	n->right = r;
	return n;
}

static struct query_node *
vpath(const char *path, struct query_node *inner)
{
	struct query_node	*n = path_node(Q_VALUEPATH, path);

	n->left = inner;
	return n;
}

static void
dump(const struct db_sqlbuf *b)
{
	int	i;

	if (getenv("SCIMD_SQL_DUMP") == NULL)
		return;
	printf("SQL %s\n", b->text);
	for (i = 0; i < b->nparams; i++)
		printf("  $%d = %s\n", i + 1, b->params[i] ? b->params[i] : "NULL");
}

/* Compiles f for rt; returns the SQL text and checks the parameters. */
static const char *
compile(const struct schema_rtype *rt, const struct query_node *f,
    int nparams, ...)
{
	struct db_sqlbuf	*b = arena_alloc(&A, sizeof(*b));
	struct err		 e = { 0 };
	va_list			 ap;
	int			 i;

	db_sqlbuf_init(b, &A);
	if (db_sql_filter(b, f, rt, &e) != 0)
		fail_msg("compile failed: %s", e.detail);
	dump(b);
	assert_int_equal(b->nparams, nparams);
	va_start(ap, nparams);
	for (i = 0; i < nparams; i++)
		assert_string_equal(b->params[i], va_arg(ap, const char *));
	va_end(ap);
	return b->text;
}

static void
compile_fails(const struct schema_rtype *rt, const struct query_node *f,
    const char *detail)
{
	struct db_sqlbuf	b;
	struct err		e = { 0 };

	db_sqlbuf_init(&b, &A);
	assert_int_equal(db_sql_filter(&b, f, rt, &e), -1);
	assert_int_equal(e.status, 400);
	assert_int_equal(e.type, ST_INVALID_FILTER);
	if (strstr(e.detail, detail) == NULL)
		fail_msg("detail \"%s\" lacks \"%s\"", e.detail, detail);
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(&A);
	return 0;
}

#define U	(&schema_rtype_user)
#define G	(&schema_rtype_group)

static void
test_sql_filter__user_name_uses_lower_index_form(void **state)
{
	(void)state;
	assert_string_equal(compile(U, str("userName", Q_EQ,
	    "test.user@okta.local"), 1, "test.user@okta.local"),
	    "(m.user_name IS NOT NULL AND scimd_fold(m.user_name) = scimd_fold($1::text))");
	assert_string_equal(compile(U, str("urn:ietf:params:scim:schemas:core:"
	    "2.0:User:USERNAME", Q_SW, "J"), 1, "J%"),
	    "(m.user_name IS NOT NULL AND scimd_fold(m.user_name) LIKE scimd_fold($1::text))");
}

static void
test_sql_filter__external_id_is_case_exact(void **state)
{
	(void)state;
	assert_string_equal(compile(U, str("externalId", Q_EQ, "jyoung"), 1,
	    "jyoung"), "(m.external_id IS NOT NULL AND m.external_id = $1::text)");
	assert_string_equal(compile(G, num("externalId", Q_EQ, "12345"), 1,
	    "12345"), "(g.external_id IS NOT NULL AND g.external_id = $1::text)");
	/* ne is NULL-safe: a missing externalId is "not equal". */
	assert_string_equal(compile(U, str("externalId", Q_NE, "jyoung"), 1,
	    "jyoung"),
	    "(NOT (m.external_id IS NOT NULL AND m.external_id = $1::text))");
	assert_string_equal(compile(U, pr("externalId"), 0),
	    "(m.external_id IS NOT NULL AND m.external_id <> '')");
	assert_string_equal(compile(U, null("externalId", Q_EQ), 0),
	    "(NOT (m.external_id IS NOT NULL AND m.external_id <> ''))");
}

static void
test_sql_filter__id_guards_uuid_cast(void **state)
{
	(void)state;
	assert_string_equal(compile(U, str("id", Q_EQ,
	    "2819c223-7f76-453a-919d-413861904646"), 1,
	    "2819c223-7f76-453a-919d-413861904646"), "m.id = $1::uuid");
	/* Not a UUID (Entra's probe may send anything): false, no cast. */
	assert_string_equal(compile(U, str("id", Q_EQ, "not-a-uuid"), 0), "FALSE");
	assert_string_equal(compile(U, str("id", Q_NE, "x'); DROP TABLE m;--"),
	    0), "(NOT FALSE)");
	/* id is caseExact and PostgreSQL prints uuids in lower case. */
	assert_string_equal(compile(U, str("id", Q_EQ,
	    "2819C223-7F76-453A-919D-413861904646"), 0), "FALSE");
	assert_string_equal(compile(G, str("id", Q_SW, "2819"), 1, "2819%"),
	    "(g.id::text IS NOT NULL AND g.id::text LIKE $1::text)");
	assert_string_equal(compile(U, pr("id"), 0), "TRUE");
}

static void
test_sql_filter__like_escapes_wildcards(void **state)
{
	(void)state;
	assert_string_equal(compile(U, str("displayName", Q_CO, "50%_off\\"), 1,
	    "%50\\%\\_off\\\\%"),
	    "(m.display_name IS NOT NULL AND scimd_fold(m.display_name) LIKE "
	    "scimd_fold($1::text))");
	assert_string_equal(compile(G, str("displayName", Q_EW, "_x"), 1, "%\\_x"),
	    "(g.display_name IS NOT NULL AND scimd_fold(g.display_name) LIKE "
	    "scimd_fold($1::text))");
}

static void
test_sql_filter__emails_use_the_array_column(void **state)
{
	(void)state;
	assert_string_equal(compile(U, str("emails", Q_EQ, "X@Example.com"), 1,
	    "X@Example.com"), "m.emails @> ARRAY[scimd_fold($1::text)]");
	/* ne: any value not equal, which the array of values cannot tell. */
	assert_string_equal(compile(U, str("emails.value", Q_NE, "a@b.test"), 1,
	    "a@b.test"), "EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN "
	    "jsonb_typeof(m.resource->'emails') = 'array' THEN m.resource->'emails' "
	    "ELSE '[]'::jsonb END) AS e1(v) WHERE (NOT (e1.v->>'value' IS NOT NULL "
	    "AND scimd_fold(e1.v->>'value') = scimd_fold($1::text))))");
	assert_string_equal(compile(U, str("emails", Q_CO, "example.com"), 1,
	    "%example.com%"), "EXISTS (SELECT 1 FROM unnest(m.emails) AS u(x) "
	    "WHERE u.x LIKE scimd_fold($1::text))");
	assert_string_equal(compile(U, str("emails.value", Q_GT, "m"), 1, "m"),
	    "EXISTS (SELECT 1 FROM unnest(m.emails) AS u(x) WHERE u.x COLLATE "
	    "\"C\" > scimd_fold($1::text))");
	assert_string_equal(compile(U, pr("emails.value"), 0),
	    "EXISTS (SELECT 1 FROM unnest(m.emails) AS u(x) WHERE u.x <> '')");
	assert_string_equal(compile(U, pr("emails"), 0),
	    "(m.resource->'emails' IS NOT NULL AND m.resource->'emails' NOT IN "
	    "('null'::jsonb, '\"\"'::jsonb, '[]'::jsonb, '{}'::jsonb))");
}

static void
test_sql_filter__entra_value_path(void **state)
{
	/* emails[type eq "work"].value eq "x" as the parser normalises it */
	struct query_node	*f = vpath("emails", logic(Q_AND,
	    str("type", Q_EQ, "work"), str("value", Q_EQ, "X@Contoso.com")));

	(void)state;
	assert_string_equal(compile(U, f, 3, "X@Contoso.com", "work",
	    "X@Contoso.com"),
	    "(m.emails @> ARRAY[scimd_fold($1::text)] AND EXISTS (SELECT 1 FROM "
	    "jsonb_array_elements(CASE WHEN jsonb_typeof(m.resource->'emails') = "
	    "'array' THEN m.resource->'emails' ELSE '[]'::jsonb END) AS e1(v) "
	    "WHERE ((e1.v->>'type' IS NOT NULL AND scimd_fold(e1.v->>'type') = "
	    "scimd_fold($2::text)) AND (e1.v->>'value' IS NOT NULL AND "
	    "scimd_fold(e1.v->>'value') = scimd_fold($3::text)))))");
}

static void
test_sql_filter__multi_valued_sub_attribute_is_exists(void **state)
{
	(void)state;
	assert_string_equal(compile(U, str("emails.type", Q_EQ, "work"), 1, "work"),
	    "EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN "
	    "jsonb_typeof(m.resource->'emails') = 'array' THEN "
	    "m.resource->'emails' ELSE '[]'::jsonb END) AS e1(v) WHERE "
	    "(e1.v->>'type' IS NOT NULL AND scimd_fold(e1.v->>'type') = "
	    "scimd_fold($1::text)))");
	assert_string_equal(compile(U, boolean("emails.primary", Q_EQ, 1), 1,
	    "true"),
	    "EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN "
	    "jsonb_typeof(m.resource->'emails') = 'array' THEN "
	    "m.resource->'emails' ELSE '[]'::jsonb END) AS e1(v) WHERE "
	    "(e1.v->'primary' IS NOT NULL AND e1.v->'primary' = $1::jsonb))");
	assert_string_equal(compile(U, vpath("ims", logic(Q_OR,
	    pr("value"), null("type", Q_NE))), 0),
	    "(EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN "
	    "jsonb_typeof(m.resource->'ims') = 'array' THEN m.resource->'ims' "
	    "ELSE '[]'::jsonb END) AS e1(v) WHERE ((e1.v->'value' IS NOT NULL "
	    "AND e1.v->'value' NOT IN ('null'::jsonb, '\"\"'::jsonb, '[]'::jsonb, "
	    "'{}'::jsonb)) OR (e1.v->'type' IS NOT NULL AND e1.v->'type' NOT IN "
	    "('null'::jsonb, '\"\"'::jsonb, '[]'::jsonb, '{}'::jsonb)))))");
}

static void
test_sql_filter__jsonb_singular_and_extension(void **state)
{
	(void)state;
	assert_string_equal(compile(U, str("name.familyName", Q_CO, "O'Malley"),
	    1, "%O'Malley%"),
	    "(m.resource->'name'->>'familyName' IS NOT NULL AND "
	    "scimd_fold(m.resource->'name'->>'familyName') LIKE scimd_fold($1::text))");
	assert_string_equal(compile(U, str(ENT ":department", Q_EQ, "Sales"), 1,
	    "Sales"),
	    "(m.resource->'" ENT "'->>'department' IS NOT NULL AND "
	    "scimd_fold(m.resource->'" ENT "'->>'department') = scimd_fold($1::text))");
	assert_string_equal(compile(U, str(ENT ":manager.value", Q_EQ, "00aa"), 1,
	    "00aa"),
	    "(m.resource->'" ENT "'->'manager'->>'value' IS NOT NULL AND "
	    "scimd_fold(m.resource->'" ENT "'->'manager'->>'value') = scimd_fold($1::text))");
	assert_string_equal(compile(U, vpath("name", str("givenName", Q_EQ,
	    "Joy")), 1, "Joy"),
	    "(m.resource->'name'->>'givenName' IS NOT NULL AND "
	    "scimd_fold(m.resource->'name'->>'givenName') = scimd_fold($1::text))");
	assert_string_equal(compile(U, pr("title"), 0),
	    "(m.resource->'title' IS NOT NULL AND m.resource->'title' NOT IN "
	    "('null'::jsonb, '\"\"'::jsonb, '[]'::jsonb, '{}'::jsonb))");
}

static void
test_sql_filter__active_and_meta(void **state)
{
	(void)state;
	assert_string_equal(compile(U, boolean("active", Q_EQ, 0), 1, "false"),
	    "m.active = $1::boolean");
	assert_string_equal(compile(U, boolean("active", Q_NE, 1), 1, "true"),
	    "(NOT m.active = $1::boolean)");
	assert_string_equal(compile(U, str("meta.lastModified", Q_GT,
	    "2011-05-13T04:42:34Z"), 1, "2011-05-13T04:42:34Z"),
	    "m.updated_at > $1::timestamptz");
	/* Without an offset the literal is UTC, not the session zone. */
	assert_string_equal(compile(G, str("meta.created", Q_LE,
	    "2011-05-13T04:42:34.5"), 1, "2011-05-13T04:42:34.5Z"),
	    "g.created_at <= $1::timestamptz");
	assert_string_equal(compile(U, str("meta.resourceType", Q_EQ, "User"), 0),
	    "TRUE");
	assert_string_equal(compile(G, str("meta.resourceType", Q_EQ, "User"), 0),
	    "FALSE");
	assert_string_equal(compile(G, pr("meta.version"), 0), "TRUE");
}

static void
test_sql_filter__group_members_use_join_table(void **state)
{
	(void)state;
	assert_string_equal(compile(G, vpath("members", str("value", Q_EQ,
	    "89bb1940-b905-4575-9e7f-6f887cfb368e")), 1,
	    "89bb1940-b905-4575-9e7f-6f887cfb368e"),
	    "(EXISTS (SELECT 1 FROM group_members gm1 WHERE gm1.group_id = g.id "
	    "AND gm1.member_id = $1::uuid))");
	assert_string_equal(compile(G, str("members.value", Q_EQ, "u1091"), 0),
	    "EXISTS (SELECT 1 FROM group_members gm1 WHERE gm1.group_id = g.id "
	    "AND FALSE)");
	assert_string_equal(compile(G, pr("members"), 0),
	    "EXISTS (SELECT 1 FROM group_members gm1 WHERE gm1.group_id = g.id)");
	assert_string_equal(compile(U, str("groups.display", Q_EQ, "Admins"), 1,
	    "Admins"),
	    "EXISTS (SELECT 1 FROM group_members gm1 JOIN groups gg1 ON gg1.id = "
	    "gm1.group_id WHERE gm1.member_id = m.id AND (gg1.display_name IS NOT "
	    "NULL AND scimd_fold(gg1.display_name) = scimd_fold($1::text)))");
}

static void
test_sql_filter__logic_and_not_are_parenthesised(void **state)
{
	struct query_node	*no = node(Q_NOT);

	(void)state;
	no->left = str("userType", Q_EQ, "Intern");
	assert_string_equal(compile(U, logic(Q_OR, pr("title"), logic(Q_AND,
	    str("userType", Q_EQ, "Employee"), no)), 2, "Employee", "Intern"),
	    "((m.resource->'title' IS NOT NULL AND m.resource->'title' NOT IN "
	    "('null'::jsonb, '\"\"'::jsonb, '[]'::jsonb, '{}'::jsonb)) OR "
	    "((m.resource->>'userType' IS NOT NULL AND "
	    "scimd_fold(m.resource->>'userType') = scimd_fold($1::text)) AND (NOT "
	    "(m.resource->>'userType' IS NOT NULL AND "
	    "scimd_fold(m.resource->>'userType') = scimd_fold($2::text)))))");
}

static void
test_sql_filter__errors(void **state)
{
	(void)state;
	compile_fails(U, str("foo", Q_EQ, "x"), "unrecognized attribute \"foo\"");
	compile_fails(G, str("userName", Q_EQ, "x"), "unrecognized attribute");
	compile_fails(U, boolean("active", Q_GT, 1), "operator \"gt\"");
	compile_fails(U, str("active", Q_EQ, "true"), "invalid value");
	compile_fails(U, str("name", Q_EQ, "x"), "complex attribute \"name\"");
	compile_fails(U, str("emails", Q_LT, "x"), "complex attribute \"emails\"");
	compile_fails(U, str("meta.created", Q_GT, "2011-02-30T00:00:00Z"),
	    "invalid dateTime value");
	compile_fails(U, str("meta.created", Q_GT, "yesterday"),
	    "invalid dateTime value");
	compile_fails(U, str("meta.created", Q_CO, "2011"), "operator \"co\"");
	compile_fails(U, str("meta.location", Q_EQ, "x"), "not supported");
	compile_fails(U, vpath("userName", pr("value")), "neither multi-valued");
	compile_fails(U, vpath("emails", vpath("ims", pr("value"))), "nested");
	compile_fails(U, vpath("emails", str("foo", Q_EQ, "x")),
	    "unrecognized attribute \"foo\"");
	compile_fails(U, null("title", Q_GT), "null can only");
	compile_fails(G, str("members.display", Q_EQ, "x"), "not supported");
}

static void
test_sql_filter__too_many_values(void **state)
{
	struct query_node	*f = str("userName", Q_EQ, "v");
	int			 i;

	(void)state;
	for (i = 0; i < DB_SQL_MAX_PARAMS; i++)
		f = logic(Q_OR, f, str("userName", Q_EQ, "v"));
	compile_fails(U, f, "too many values");
}

/*
 * Every value of every representative filter must be a parameter and
 * never part of the text. Values are distinctive so a hit is not chance.
 */
static void
test_sql_filter__no_literal_in_sql(void **state)
{
	struct {
		const struct schema_rtype	*rt;
		struct query_node		*f;
		const char			*v;
	} c[] = {
		{ U, str("userName", Q_EQ, "Zq7userName"), "Zq7userName" },
		{ U, str("userName", Q_CO, "Zq7co"), "Zq7co" },
		{ U, str("externalId", Q_NE, "Zq7ext"), "Zq7ext" },
		{ U, str("displayName", Q_GT, "Zq7disp"), "Zq7disp" },
		{ U, str("title", Q_SW, "Zq7title'--"), "Zq7title'--" },
		{ U, str("name.givenName", Q_EW, "Zq7given"), "Zq7given" },
		{ U, str("emails", Q_EQ, "zq7@mail.test"), "zq7@mail.test" },
		{ U, str("emails.value", Q_CO, "zq7dom"), "zq7dom" },
		{ U, str("emails.type", Q_EQ, "Zq7type"), "Zq7type" },
		{ U, vpath("emails", logic(Q_AND, str("type", Q_EQ, "Zq7work"),
		    str("value", Q_EQ, "zq7vp@x.test"))), "zq7vp@x.test" },
		{ U, vpath("emails", str("type", Q_EQ, "Zq7vpt")), "Zq7vpt" },
		{ U, str(ENT ":department", Q_EQ, "Zq7dept"), "Zq7dept" },
		{ U, str(ENT ":manager.value", Q_EQ, "Zq7mgr"), "Zq7mgr" },
		{ U, str("id", Q_EQ, "11111111-2222-4333-8444-555555555555"),
		    "11111111-2222-4333-8444-555555555555" },
		{ U, str("id", Q_CO, "Zq7id"), "Zq7id" },
		{ U, str("meta.created", Q_GT, "2011-05-13T04:42:34Z"),
		    "2011-05-13T04:42:34Z" },
		{ U, str("meta.lastModified", Q_LT, "2019-01-01T00:00:00+02:00"),
		    "2019-01-01T00:00:00+02:00" },
		{ U, str("groups.value", Q_EQ, "21111111-2222-4333-8444-555555555555"),
		    "21111111-2222-4333-8444-555555555555" },
		{ U, str("groups.display", Q_CO, "Zq7grp"), "Zq7grp" },
		{ G, str("displayName", Q_EQ, "Zq7group"), "Zq7group" },
		{ G, str("externalId", Q_EQ, "Zq7gext"), "Zq7gext" },
		{ G, vpath("members", str("value", Q_EQ,
		    "31111111-2222-4333-8444-555555555555")),
		    "31111111-2222-4333-8444-555555555555" },
		{ G, str("members.value", Q_SW, "Zq7mem"), "Zq7mem" },
		{ U, num("userName", Q_EQ, "987654321"), "987654321" },
	};
	struct db_sqlbuf	b;
	struct err		e;
	size_t			i;
	int			k, found;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		memset(&e, 0, sizeof(e));
		db_sqlbuf_init(&b, &A);
		if (db_sql_filter(&b, c[i].f, c[i].rt, &e) != 0)
			fail_msg("case %zu: %s", i, e.detail);
		dump(&b);
		if (strstr(b.text, c[i].v) != NULL)
			fail_msg("case %zu: value in SQL text: %s", i, b.text);
		for (found = 0, k = 0; k < b.nparams; k++)
			if (strstr(b.params[k], c[i].v) != NULL)
				found = 1;
		if (!found)
			fail_msg("case %zu: value not bound", i);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_sql_filter__user_name_uses_lower_index_form, teardown),
		cmocka_unit_test_teardown(test_sql_filter__external_id_is_case_exact, teardown),
		cmocka_unit_test_teardown(test_sql_filter__id_guards_uuid_cast, teardown),
		cmocka_unit_test_teardown(test_sql_filter__like_escapes_wildcards, teardown),
		cmocka_unit_test_teardown(test_sql_filter__emails_use_the_array_column, teardown),
		cmocka_unit_test_teardown(test_sql_filter__entra_value_path, teardown),
		cmocka_unit_test_teardown(test_sql_filter__multi_valued_sub_attribute_is_exists, teardown),
		cmocka_unit_test_teardown(test_sql_filter__jsonb_singular_and_extension, teardown),
		cmocka_unit_test_teardown(test_sql_filter__active_and_meta, teardown),
		cmocka_unit_test_teardown(test_sql_filter__group_members_use_join_table, teardown),
		cmocka_unit_test_teardown(test_sql_filter__logic_and_not_are_parenthesised, teardown),
		cmocka_unit_test_teardown(test_sql_filter__errors, teardown),
		cmocka_unit_test_teardown(test_sql_filter__too_many_values, teardown),
		cmocka_unit_test_teardown(test_sql_filter__no_literal_in_sql, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
