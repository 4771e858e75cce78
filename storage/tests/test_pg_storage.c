/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_pg_storage.c
 *
 * Tests of storage/ against a real PostgreSQL: migrations, members,
 * people, sessions, groups, the audit trail and transactions with retry.
 * The server comes from SCIMD_TEST_DATABASE_URL (required: without it the
 * run fails); each run creates and finally drops its own database, and
 * each test works in organizations of its own. Not for filter SQL
 * (test_sql_filter.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/member_row.h"
#include "storage/conn_int.h"
#include "storage/db.h"
#include "storage/group.h"
#include "storage/member.h"
#include "storage/migrate.h"
#include "storage/org.h"

static char		 dbname[64];
static char		 test_conninfo[2048];
static PGconn		*admin;		/* to the server's given database */
static PGconn		*raw;		/* second connection to the test database */
static struct db_conn	*conn;
static int		 first_applied = -1;
static int		 org_seq;

/* --- Harness --------------------------------------------------------------- */

/* Appends keyword='value' (libpq quoting) to buf. */
static void
add_kv(char *buf, size_t cap, const char *k, const char *v)
{
	size_t	n = strlen(buf);

	n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "%s='", k);
	for (; *v != '\0' && n + 3 < cap; v++) {
		if (*v == '\'' || *v == '\\')
			buf[n++] = '\\';
		buf[n++] = *v;
	}
	if (n + 2 < cap) {
		buf[n++] = '\'';
		buf[n++] = ' ';
	}
	buf[n < cap ? n : cap - 1] = '\0';
}

/* The given URL (URI or key=value) with its database replaced by db. */
static int
conninfo_for(char *out, size_t cap, const char *url, const char *db)
{
	PQconninfoOption	*opts, *o;
	char			*msg = NULL;

	opts = PQconninfoParse(url, &msg);
	if (opts == NULL) {
		fprintf(stderr, "SCIMD_TEST_DATABASE_URL does not parse: %s\n",
		    msg ? msg : "out of memory");
		PQfreemem(msg);
		return -1;
	}
	out[0] = '\0';
	for (o = opts; o->keyword != NULL; o++)
		if (o->val != NULL && o->val[0] != '\0' &&
		    strcmp(o->keyword, "dbname") != 0)
			add_kv(out, cap, o->keyword, o->val);
	add_kv(out, cap, "dbname", db);
	PQconninfoFree(opts);
	return 0;
}

static int
admin_exec(const char *sql)
{
	PGresult	*res = PQexec(admin, sql);
	int		 ok = PQresultStatus(res) == PGRES_COMMAND_OK;

	if (!ok)
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(admin));
	PQclear(res);
	return ok ? 0 : -1;
}

/* Server notices ("does not exist, skipping") are not test output. */
static void
quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static int
setup_db(void **state)
{
	const char	*url = getenv("SCIMD_TEST_DATABASE_URL");
	char		 sql[128];

	(void)state;
	if (url == NULL || url[0] == '\0')
		return -1;
	admin = PQconnectdb(url);
	if (PQstatus(admin) != CONNECTION_OK) {
		fprintf(stderr, "cannot connect to SCIMD_TEST_DATABASE_URL: %s",
		    PQerrorMessage(admin));
		return -1;
	}
	PQsetNoticeProcessor(admin, quiet, NULL);
	snprintf(dbname, sizeof(dbname), "scimd_test_%ld", (long)getpid());
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", dbname);
	if (admin_exec(sql) == -1)
		return -1;
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", dbname);
	if (admin_exec(sql) == -1)
		return -1;
	if (conninfo_for(test_conninfo, sizeof(test_conninfo), url, dbname) == -1)
		return -1;
	raw = PQconnectdb(test_conninfo);
	if (PQstatus(raw) != CONNECTION_OK) {
		fprintf(stderr, "cannot connect to %s: %s", dbname,
		    PQerrorMessage(raw));
		return -1;
	}
	return 0;
}

static int
teardown_db(void **state)
{
	char	sql[128];

	(void)state;
	db_close(conn);
	conn = NULL;
	PQfinish(raw);
	raw = NULL;
	if (admin != NULL && dbname[0] != '\0') {
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)",
		    dbname);
		admin_exec(sql);
	}
	PQfinish(admin);
	admin = NULL;
	return 0;
}

/* Fails the test with the error's detail. */
static void
assert_ok(int rc, const struct err *e)
{
	if (rc != 0)
		fail_msg("unexpected error %d: %s", e->status, e->detail);
}

/* Runs sql on the raw connection; returns the first column of row 0. */
static char *
raw_value(struct arena *a, const char *sql)
{
	PGresult	*res = PQexec(raw, sql);
	char		*v;

	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) < 1) {
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(raw));
		PQclear(res);
		fail();
	}
	v = arena_strdup(a, PQgetvalue(res, 0, 0));
	PQclear(res);
	return v;
}

static char *
raw_valuef(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static char *
raw_valuef(struct arena *a, const char *fmt, ...)
{
	char	sql[1024];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return raw_value(a, sql);
}

/* Runs a command on the raw connection; returns the SQLSTATE or "" on success. */
static char *
raw_command(struct arena *a, const char *sql)
{
	PGresult	*res = PQexec(raw, sql);
	const char	*state;
	char		*v;

	if (PQresultStatus(res) == PGRES_COMMAND_OK ||
	    PQresultStatus(res) == PGRES_TUPLES_OK) {
		PQclear(res);
		return arena_strdup(a, "");
	}
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	v = arena_strdup(a, state ? state : "?????");
	PQclear(res);
	return v;
}

static const char *
new_org(struct arena *a)
{
	struct err	 e = { 0 };
	const char	*id = NULL;
	char		 name[64];

	snprintf(name, sizeof(name), "org-%d", ++org_seq);
	assert_ok(db_org_insert(&id, conn, a, name, 0, &e), &e);
	assert_true(db_uuid_valid(id));
	return id;
}

/* Inserts a member with userName un (its resource names it too). */
static struct member_row
new_member(struct arena *a, const char *org, const char *un)
{
	struct db_member_write	 w;
	struct member_row	 m;
	struct err		 e = { 0 };

	memset(&w, 0, sizeof(w));
	w.user_name = un;
	w.active = 1;
	w.resource = arena_printf(a, "{\"userName\": \"%s\"}", un);
	assert_ok(db_member_insert(&m, conn, a, org, &w, &e), &e);
	return m;
}

static const char random_uuid[] = "6f1c1c1e-9a7b-4d59-9c1a-0d3f6f9a2b11";

/* --- Migrations -------------------------------------------------------------- */

/* Runs first: the fresh database gets every migration, exactly once. */
static void
test_pg__migrate_applies_then_idempotent(void **state)
{
	struct err	 e = { 0 };
	struct arena	 a = { 0 };
	int		 n = -1, expect = 0;

	(void)state;
	while (db_migrations[expect].name != NULL)
		expect++;
	assert_true(expect > 0);
	/* Connecting must not need the tables (statements prepare lazily). */
	conn = db_connect(test_conninfo, "scimd-test", 30000, &e);
	if (conn == NULL)
		fail_msg("db_connect to a fresh database failed: %s", e.detail);
	assert_ok(db_migrate(conn, &first_applied, &e), &e);
	assert_int_equal(first_applied, expect);
	assert_ok(db_migrate(conn, &n, &e), &e);
	assert_int_equal(n, 0);
	assert_string_equal(raw_value(&a,
	    "SELECT count(*) FROM schema_migrations"), arena_printf(&a, "%d", expect));
	assert_string_equal(raw_value(&a,
	    "SELECT to_regclass('public.members') IS NOT NULL"), "t");
	arena_free(&a);
}

/* Every later test needs the migrated connection. */
static int
need_conn(void **state)
{
	(void)state;
	return conn != NULL && first_applied > 0 ? 0 : -1;
}

/* --- Organizations ------------------------------------------------------------- */

static void
test_pg__org_insert_and_domain_add(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };
	const char	*org = new_org(&a);

	(void)state;
	assert_ok(db_org_exists(conn, org, &e), &e);
	assert_int_equal(db_org_exists(conn, random_uuid, &e), -1);
	assert_int_equal(e.status, 404);
	err_clear(&e);
	assert_int_equal(db_org_exists(conn, "not-a-uuid", &e), -1);
	assert_int_equal(e.status, 404);
	err_clear(&e);

	assert_ok(db_org_domain_add(conn, org, "Example.COM", 1, &e), &e);
	assert_string_equal(raw_valuef(&a, "SELECT domain || ':' || verified "
	    "FROM org_domains WHERE org_id = '%s'", org), "example.com:true");
	/* Adding it again updates, it does not duplicate. */
	assert_ok(db_org_domain_add(conn, org, "example.com", 0, &e), &e);
	assert_string_equal(raw_valuef(&a, "SELECT count(*) || ':' || "
	    "bool_and(verified) FROM org_domains WHERE org_id = '%s'", org),
	    "1:false");
	arena_free(&a);
}

/* --- Members ------------------------------------------------------------------- */

static void
test_pg__member_insert_get(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = new_org(&a), *person = NULL;
	const char		*emails[] = { "Jane@Example.COM", "jane@home.test" };
	struct db_member_write	 w;
	struct member_row	 ins, got;

	(void)state;
	assert_ok(db_person_upsert(&person, conn, &a, "Jane@Example.COM", &e), &e);
	memset(&w, 0, sizeof(w));
	w.person_id = person;
	w.user_name = "Jane@Example.COM";
	w.external_id = "ext-1";
	w.display_name = "Jane";
	w.emails = emails;
	w.nemails = 2;
	w.active = 1;
	w.resource = "{\"userName\": \"Jane@Example.COM\"}";
	assert_ok(db_member_insert(&ins, conn, &a, org, &w, &e), &e);
	assert_true(db_uuid_valid(ins.id));
	assert_int_equal(ins.version, 1);

	assert_ok(db_member_get(&got, conn, &a, org, ins.id, 0, &e), &e);
	assert_string_equal(got.id, ins.id);
	assert_string_equal(got.org_id, org);
	assert_string_equal(got.person_id, person);
	assert_string_equal(got.user_name, "Jane@Example.COM");
	assert_string_equal(got.external_id, "ext-1");
	assert_int_equal(got.active, 1);
	assert_int_equal(got.managed, 0);
	assert_string_equal(got.role, "member");
	assert_string_equal(got.resource, "{\"userName\": \"Jane@Example.COM\"}");
	assert_int_equal(got.version, 1);
	/* 2026-01-02T03:04:05.678901Z: microseconds, as stored */
	assert_int_equal(strlen(got.created), 27);
	assert_int_equal(got.created[10], 'T');
	assert_int_equal(got.created[19], '.');
	assert_int_equal(got.created[26], 'Z');
	assert_string_equal(got.created, got.updated);
	/* Emails are kept lower-cased for filtering. */
	assert_string_equal(raw_valuef(&a, "SELECT emails::text FROM members "
	    "WHERE id = '%s'", ins.id), "{jane@example.com,jane@home.test}");

	/* FOR UPDATE reads the same row. */
	assert_ok(db_member_get(&got, conn, &a, org, ins.id, 1, &e), &e);
	assert_string_equal(got.user_name, "Jane@Example.COM");
	arena_free(&a);
}

static void
test_pg__member_insert_inactive(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = new_org(&a);
	struct db_member_write	 w;
	struct member_row	 m;

	(void)state;
	memset(&w, 0, sizeof(w));
	w.user_name = "pending";
	w.active = 0;
	w.role = "admin";
	w.resource = "{}";
	assert_ok(db_member_insert(&m, conn, &a, org, &w, &e), &e);
	assert_int_equal(m.active, 0);
	assert_string_equal(m.role, "admin");
	assert_null(m.person_id);
	assert_null(m.external_id);
	assert_string_equal(raw_valuef(&a, "SELECT deactivated_at IS NOT NULL "
	    "FROM members WHERE id = '%s'", m.id), "t");
	arena_free(&a);
}

static void
test_pg__user_name_unique_case_insensitive(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = new_org(&a), *other = new_org(&a);
	struct db_member_write	 w;
	struct member_row	 m;

	(void)state;
	new_member(&a, org, "A@x.test");
	memset(&w, 0, sizeof(w));
	w.user_name = "a@X.TEST";
	w.active = 1;
	w.resource = "{}";
	assert_int_equal(db_member_insert(&m, conn, &a, org, &w, &e), -1);
	assert_int_equal(e.status, 409);
	assert_int_equal(e.type, ST_UNIQUENESS);
	if (strstr(e.detail, "a@X.TEST") == NULL)
		fail_msg("detail does not name the userName: %s", e.detail);
	/* The connection is usable afterwards. */
	assert_ok(db_ping(conn, &e), &e);
	/* Per organization: another org may use it. */
	new_member(&a, other, "a@X.TEST");
	assert_string_equal(raw_valuef(&a, "SELECT count(*) FROM members "
	    "WHERE org_id = '%s'", org), "1");
	arena_free(&a);
}

static void
test_pg__user_name_unique_among_live_only(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = new_org(&a);
	struct member_row	 first, del, again;

	(void)state;
	first = new_member(&a, org, "leaver@x.test");
	assert_ok(db_member_soft_delete(&del, conn, &a, org, first.id, &e), &e);
	assert_string_equal(del.id, first.id);
	assert_int_equal(del.active, 0);
	assert_int_equal(del.version, 2);
	again = new_member(&a, org, "LEAVER@x.test");
	assert_string_not_equal(again.id, first.id);
	/* Deleting twice: the second finds nothing. */
	assert_int_equal(db_member_soft_delete(&del, conn, &a, org, first.id, &e), -1);
	assert_int_equal(e.status, 404);
	arena_free(&a);
}

static void
test_pg__get_soft_deleted_404(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = new_org(&a);
	struct member_row	 m = new_member(&a, org, "gone"), got;

	(void)state;
	assert_ok(db_member_soft_delete(&got, conn, &a, org, m.id, &e), &e);
	assert_int_equal(db_member_get(&got, conn, &a, org, m.id, 0, &e), -1);
	assert_int_equal(e.status, 404);
	err_clear(&e);
	assert_int_equal(db_member_get(&got, conn, &a, org, m.id, 1, &e), -1);
	assert_int_equal(e.status, 404);
	/* The row itself is kept (soft delete). */
	assert_string_equal(raw_valuef(&a, "SELECT deleted_at IS NOT NULL "
	    "FROM members WHERE id = '%s'", m.id), "t");
	arena_free(&a);
}

static void
test_pg__get_non_uuid_404(void **state)
{
	static const char *const ids[] = { "not-a-uuid", "", "1234",
		"2819c223-7f76-453a-919d-41386190464", "2819c223-7f76-453a-919d-4138619046466",
		"2819c223_7f76_453a_919d_413861904646", "'; DROP TABLE members; --",
		"2819c223-7f76-453a-919d-41386190464g" };
	struct arena		 a = { 0 };
	struct err		 e;
	const char		*org = new_org(&a);
	struct member_row	 got;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		err_clear(&e);
		assert_int_equal(db_member_get(&got, conn, &a, org, ids[i], 0, &e), -1);
		assert_int_equal(e.status, 404);
		assert_int_equal(e.type, ST_NONE);
		assert_int_equal(e.retry, ERR_RETRY_NONE);
	}
	/* No failed statement: the connection is idle and healthy. */
	assert_int_equal(PQtransactionStatus(conn->pg), PQTRANS_IDLE);
	err_clear(&e);
	assert_ok(db_ping(conn, &e), &e);
	assert_false(db_uuid_valid(NULL));
	assert_true(db_uuid_valid("2819C223-7F76-453A-919D-413861904646"));
	arena_free(&a);
}

static void
test_pg__get_other_org_404(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = new_org(&a), *other = new_org(&a);
	struct member_row	 m = new_member(&a, org, "mine"), got;
	struct db_member_write	 w;

	(void)state;
	assert_int_equal(db_member_get(&got, conn, &a, other, m.id, 0, &e), -1);
	assert_int_equal(e.status, 404);
	err_clear(&e);
	assert_int_equal(db_member_get(&got, conn, &a, random_uuid, m.id, 0, &e), -1);
	assert_int_equal(e.status, 404);
	/* Nor can another org update or delete it. */
	memset(&w, 0, sizeof(w));
	w.user_name = "stolen";
	w.active = 1;
	w.resource = "{}";
	err_clear(&e);
	assert_int_equal(db_member_update(&got, conn, &a, other, m.id, &w, &e), -1);
	assert_int_equal(e.status, 404);
	err_clear(&e);
	assert_int_equal(db_member_soft_delete(&got, conn, &a, other, m.id, &e), -1);
	assert_int_equal(e.status, 404);
	assert_ok(db_member_get(&got, conn, &a, org, m.id, 0, &e), &e);
	assert_string_equal(got.user_name, "mine");
	arena_free(&a);
}

static void
test_pg__update_bumps_version(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = new_org(&a);
	struct member_row	 m = new_member(&a, org, "before"), up, got;
	struct db_member_write	 w;

	(void)state;
	new_member(&a, org, "Taken");
	memset(&w, 0, sizeof(w));
	w.user_name = "after";
	w.external_id = "x9";
	w.active = 0;
	w.resource = "{\"userName\": \"after\"}";
	assert_ok(db_member_update(&up, conn, &a, org, m.id, &w, &e), &e);
	assert_int_equal(up.version, 2);
	assert_string_equal(up.user_name, "after");
	assert_int_equal(up.active, 0);
	assert_true(strcmp(up.updated, m.created) >= 0);
	assert_ok(db_member_get(&got, conn, &a, org, m.id, 0, &e), &e);
	assert_int_equal(got.version, 2);
	assert_string_equal(got.external_id, "x9");
	assert_string_equal(got.resource, "{\"userName\": \"after\"}");
	assert_string_equal(got.created, m.created);
	assert_string_equal(raw_valuef(&a, "SELECT deactivated_at IS NOT NULL "
	    "FROM members WHERE id = '%s'", m.id), "t");

	w.active = 1;
	assert_ok(db_member_update(&up, conn, &a, org, m.id, &w, &e), &e);
	assert_int_equal(up.version, 3);
	assert_string_equal(raw_valuef(&a, "SELECT deactivated_at IS NULL "
	    "FROM members WHERE id = '%s'", m.id), "t");

	/* Renaming onto a taken userName (any case) is a conflict. */
	w.user_name = "TAKEN";
	assert_int_equal(db_member_update(&up, conn, &a, org, m.id, &w, &e), -1);
	assert_int_equal(e.status, 409);
	assert_int_equal(e.type, ST_UNIQUENESS);
	assert_non_null(strstr(e.detail, "TAKEN"));
	err_clear(&e);
	assert_ok(db_member_get(&got, conn, &a, org, m.id, 0, &e), &e);
	assert_int_equal(got.version, 3);
	arena_free(&a);
}

static void
test_pg__member_list_paging(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = new_org(&a);
	struct member_query	 q;
	struct member_row	*rows, del;
	struct member_row	 ms[6];
	size_t			 n, i;
	long long		 total;
	char			 un[16];

	(void)state;
	for (i = 0; i < 6; i++) {
		snprintf(un, sizeof(un), "user%zu", i);
		ms[i] = new_member(&a, org, un);
	}
	/* A removed member is not listed nor counted; another org's neither. */
	assert_ok(db_member_soft_delete(&del, conn, &a, org, ms[5].id, &e), &e);
	new_member(&a, new_org(&a), "user0");

	memset(&q, 0, sizeof(q));
	q.limit = 2;
	for (q.offset = 0; q.offset < 6; q.offset += 2) {
		assert_ok(db_member_list(&rows, &n, &total, conn, &a, org, &q, &e), &e);
		assert_int_equal(total, 5);
		assert_int_equal(n, q.offset == 4 ? 1 : 2);
		for (i = 0; i < n; i++)
			assert_string_equal(rows[i].id, ms[q.offset + (long long)i].id);
	}
	/* Past the end: empty page, full count. */
	q.offset = 5;
	assert_ok(db_member_list(&rows, &n, &total, conn, &a, org, &q, &e), &e);
	assert_int_equal(n, 0);
	assert_int_equal(total, 5);
	/* limit 0: count only. */
	q.offset = 0;
	q.limit = 0;
	assert_ok(db_member_list(&rows, &n, &total, conn, &a, org, &q, &e), &e);
	assert_int_equal(n, 0);
	assert_int_equal(total, 5);
	/* One big page: creation order, rows decoded. */
	q.limit = 100;
	assert_ok(db_member_list(&rows, &n, &total, conn, &a, org, &q, &e), &e);
	assert_int_equal(n, 5);
	for (i = 0; i < 5; i++) {
		snprintf(un, sizeof(un), "user%zu", i);
		assert_string_equal(rows[i].user_name, un);
		assert_string_equal(rows[i].org_id, org);
		assert_int_equal(rows[i].version, 1);
	}
	/* Descending creation order. */
	q.descending = 1;
	assert_ok(db_member_list(&rows, &n, &total, conn, &a, org, &q, &e), &e);
	assert_int_equal(n, 5);
	assert_string_equal(rows[0].id, ms[4].id);
	assert_string_equal(rows[4].id, ms[0].id);
	arena_free(&a);
}

static void
test_pg__person_upsert_email_case(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };
	const char	*p1 = NULL, *p2 = NULL, *p3 = NULL, *n1 = NULL, *n2 = NULL;

	(void)state;
	assert_ok(db_person_upsert(&p1, conn, &a, "Bob@Example.com", &e), &e);
	assert_ok(db_person_upsert(&p2, conn, &a, "bob@example.COM", &e), &e);
	assert_ok(db_person_upsert(&p3, conn, &a, "bobby@example.com", &e), &e);
	assert_true(db_uuid_valid(p1));
	assert_string_equal(p1, p2);
	assert_string_not_equal(p1, p3);
	/* Without an email every call is a new person. */
	assert_ok(db_person_upsert(&n1, conn, &a, NULL, &e), &e);
	assert_ok(db_person_upsert(&n2, conn, &a, NULL, &e), &e);
	assert_true(db_uuid_valid(n1));
	assert_string_not_equal(n1, n2);
	assert_string_equal(raw_valuef(&a, "SELECT count(*) FROM users "
	    "WHERE lower(email) = 'bob@example.com'"), "1");
	arena_free(&a);
}

static void
test_pg__sessions_revoke_count(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = new_org(&a);
	struct member_row	 m = new_member(&a, org, "s1"), o = new_member(&a, org, "s2");
	long long		 n = -1;

	(void)state;
	assert_string_equal(raw_command(&a, arena_printf(&a,
	    "INSERT INTO sessions (org_id, member_id, token_hash, revoked_at) VALUES "
	    "('%s', '%s', '\\x01', NULL), ('%s', '%s', '\\x02', NULL), "
	    "('%s', '%s', '\\x03', now()), ('%s', '%s', '\\x04', NULL)",
	    org, m.id, org, m.id, org, m.id, org, o.id)), "");
	assert_ok(db_sessions_revoke(&n, conn, m.id, &e), &e);
	assert_int_equal(n, 2);
	assert_ok(db_sessions_revoke(&n, conn, m.id, &e), &e);
	assert_int_equal(n, 0);
	assert_string_equal(raw_valuef(&a, "SELECT count(*) FROM sessions "
	    "WHERE member_id = '%s' AND revoked_at IS NULL", o.id), "1");
	assert_string_equal(raw_valuef(&a, "SELECT count(*) FROM sessions "
	    "WHERE member_id = '%s' AND revoked_at IS NULL", m.id), "0");
	arena_free(&a);
}

/* --- Groups ---------------------------------------------------------------------- */

static struct group_row
new_group(struct arena *a, const char *org, const char *name)
{
	struct db_group_write	 w = { name, NULL, "{}" };
	struct group_row	 g;
	struct err		 e = { 0 };

	assert_ok(db_group_insert(&g, conn, a, org, &w, &e), &e);
	return g;
}

/* The display of member id in the loaded group g; fails when absent. */
static const char *
member_display(const struct group_row *g, const char *id)
{
	size_t	i;

	for (i = 0; i < g->nmembers; i++)
		if (strcmp(g->members[i].id, id) == 0)
			return g->members[i].display;
	fail_msg("member %s not in group %s", id, g->id);
	return NULL;
}

static long long
group_count(struct arena *a, const char *gid)
{
	return strtoll(raw_valuef(a, "SELECT count(*) FROM group_members "
	    "WHERE group_id = '%s'", gid), NULL, 10);
}

static void
test_pg__group_apply_add(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = new_org(&a), *other = new_org(&a);
	struct member_row	 m1 = new_member(&a, org, "m1");
	struct member_row	 m2 = new_member(&a, org, "m2");
	struct member_row	 gone = new_member(&a, org, "gone");
	struct member_row	 alien = new_member(&a, other, "alien"), del;
	struct group_row	 g = new_group(&a, org, "Staff"), got;
	struct group_member_ref	 add[7];
	struct group_delta	 d;
	long long		 added = -1, removed = -1;

	(void)state;
	assert_int_equal(g.version, 1);
	assert_int_equal(g.members_loaded, 0);
	assert_ok(db_member_soft_delete(&del, conn, &a, org, gone.id, &e), &e);
	add[0] = (struct group_member_ref){ m1.id, "First" };
	add[1] = (struct group_member_ref){ m2.id, NULL };
	add[2] = (struct group_member_ref){ m1.id, "First again" };	/* duplicate */
	add[3] = (struct group_member_ref){ "not-a-uuid", NULL };
	add[4] = (struct group_member_ref){ random_uuid, NULL };	/* nobody */
	add[5] = (struct group_member_ref){ alien.id, NULL };		/* other org */
	add[6] = (struct group_member_ref){ gone.id, NULL };		/* removed */
	memset(&d, 0, sizeof(d));
	d.add = add;
	d.nadd = 7;
	assert_ok(db_group_apply(&added, &removed, conn, &a, org, g.id, &d, &e), &e);
	assert_int_equal(added, 2);
	assert_int_equal(removed, 0);
	assert_int_equal(group_count(&a, g.id), 2);

	assert_ok(db_group_get(&got, conn, &a, org, g.id, 0, 1, &e), &e);
	assert_int_equal(got.members_loaded, 1);
	assert_int_equal(got.nmembers, 2);
	/* Added in one statement: same created_at, so no order between them. */
	assert_string_equal(member_display(&got, m1.id), "First");
	assert_string_equal(member_display(&got, m2.id), "m2");	/* userName */

	/* Adding an existing member again changes nothing. */
	d.nadd = 2;
	assert_ok(db_group_apply(&added, &removed, conn, &a, org, g.id, &d, &e), &e);
	assert_int_equal(added, 0);
	assert_int_equal(group_count(&a, g.id), 2);

	/* Without with_members nothing is loaded. */
	assert_ok(db_group_get(&got, conn, &a, org, g.id, 0, 0, &e), &e);
	assert_int_equal(got.members_loaded, 0);
	assert_int_equal(got.nmembers, 0);
	arena_free(&a);
}

static void
test_pg__group_apply_remove_and_clear(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = new_org(&a);
	struct member_row	 m1 = new_member(&a, org, "r1");
	struct member_row	 m2 = new_member(&a, org, "r2");
	struct member_row	 m3 = new_member(&a, org, "r3");
	struct group_row	 g = new_group(&a, org, "Readers");
	struct group_row	 h = new_group(&a, org, "Writers");
	struct group_member_ref	 add[3] = { { m1.id, NULL }, { m2.id, NULL },
		{ m3.id, NULL } };
	const char		*rm[4] = { m1.id, "junk", random_uuid, m1.id };
	struct group_delta	 d;
	long long		 added, removed;

	(void)state;
	memset(&d, 0, sizeof(d));
	d.add = add;
	d.nadd = 3;
	assert_ok(db_group_apply(&added, &removed, conn, &a, org, g.id, &d, &e), &e);
	assert_int_equal(added, 3);
	assert_ok(db_group_apply(&added, &removed, conn, &a, org, h.id, &d, &e), &e);
	assert_int_equal(added, 3);

	/* Remove only the listed members (Entra's remove-with-value). */
	memset(&d, 0, sizeof(d));
	d.remove = rm;
	d.nremove = 4;
	assert_ok(db_group_apply(&added, &removed, conn, &a, org, g.id, &d, &e), &e);
	assert_int_equal(removed, 1);
	assert_int_equal(added, 0);
	assert_int_equal(group_count(&a, g.id), 2);
	assert_int_equal(group_count(&a, h.id), 3);	/* other group untouched */

	/* Only junk to remove: nothing happens, no error. */
	d.remove = rm + 1;
	d.nremove = 2;
	assert_ok(db_group_apply(&added, &removed, conn, &a, org, g.id, &d, &e), &e);
	assert_int_equal(removed, 0);

	/* Clear, then add in the same delta: replace the member list. */
	memset(&d, 0, sizeof(d));
	d.clear = 1;
	d.add = add;
	d.nadd = 1;
	assert_ok(db_group_apply(&added, &removed, conn, &a, org, g.id, &d, &e), &e);
	assert_int_equal(removed, 2);
	assert_int_equal(added, 1);
	assert_int_equal(group_count(&a, g.id), 1);
	assert_int_equal(group_count(&a, h.id), 3);

	/* Clear alone. */
	memset(&d, 0, sizeof(d));
	d.clear = 1;
	assert_ok(db_group_apply(&added, &removed, conn, &a, org, g.id, &d, &e), &e);
	assert_int_equal(removed, 1);
	assert_int_equal(group_count(&a, g.id), 0);

	/* A member leaving every group (removal revokes memberships). */
	assert_ok(db_group_memberships_revoke(&removed, conn, m2.id, &e), &e);
	assert_int_equal(removed, 1);
	assert_int_equal(group_count(&a, h.id), 2);
	arena_free(&a);
}

static void
test_pg__group_display_name_unique(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = new_org(&a), *other = new_org(&a);
	struct db_group_write	 w = { "ENGINEERING", NULL, "{}" };
	struct group_row	 g = new_group(&a, org, "Engineering"), x;

	(void)state;
	assert_int_equal(db_group_insert(&x, conn, &a, org, &w, &e), -1);
	assert_int_equal(e.status, 409);
	assert_int_equal(e.type, ST_UNIQUENESS);
	assert_non_null(strstr(e.detail, "ENGINEERING"));
	err_clear(&e);
	new_group(&a, other, "engineering");

	/* Renaming onto a taken name too. */
	x = new_group(&a, org, "Sales");
	w.display_name = "engineering";
	assert_int_equal(db_group_update(&x, conn, &a, org, x.id, &w, &e), -1);
	assert_int_equal(e.status, 409);
	assert_int_equal(e.type, ST_UNIQUENESS);
	err_clear(&e);
	(void)g;
	arena_free(&a);
}

static void
test_pg__group_get_update_delete(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = new_org(&a), *other = new_org(&a);
	struct group_row	 g = new_group(&a, org, "Ops"), got;
	struct db_group_write	 w = { "Operations", "ext-g", "{\"displayName\": \"Operations\"}" };

	(void)state;
	assert_int_equal(db_group_get(&got, conn, &a, other, g.id, 0, 0, &e), -1);
	assert_int_equal(e.status, 404);
	err_clear(&e);
	assert_int_equal(db_group_get(&got, conn, &a, org, "nope", 0, 1, &e), -1);
	assert_int_equal(e.status, 404);
	err_clear(&e);

	assert_ok(db_group_update(&got, conn, &a, org, g.id, &w, &e), &e);
	assert_int_equal(got.version, 2);
	assert_string_equal(got.display_name, "Operations");
	assert_string_equal(got.external_id, "ext-g");
	assert_string_equal(got.resource, "{\"displayName\": \"Operations\"}");
	/* Version bump only (membership change). */
	assert_ok(db_group_update(&got, conn, &a, org, g.id, NULL, &e), &e);
	assert_int_equal(got.version, 3);
	assert_string_equal(got.display_name, "Operations");

	assert_int_equal(db_group_delete(conn, other, g.id, &e), -1);
	assert_int_equal(e.status, 404);
	err_clear(&e);
	assert_ok(db_group_delete(conn, org, g.id, &e), &e);
	assert_int_equal(db_group_delete(conn, org, g.id, &e), -1);
	assert_int_equal(e.status, 404);
	err_clear(&e);
	assert_int_equal(db_group_get(&got, conn, &a, org, g.id, 0, 0, &e), -1);
	assert_int_equal(e.status, 404);
	arena_free(&a);
}

/* --- Audit trail ------------------------------------------------------------------- */

static void
test_pg__audit_append_only(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };
	const char	*org = new_org(&a);
	struct db_audit	 ev;

	(void)state;
	memset(&ev, 0, sizeof(ev));
	ev.org_id = org;
	ev.action = "member.deactivate";
	ev.target_user_name = "someone";
	ev.detail = "{\"reason\": \"test\"}";
	assert_ok(db_audit_insert(conn, &ev, &e), &e);
	ev.detail = NULL;
	assert_ok(db_audit_insert(conn, &ev, &e), &e);
	assert_string_equal(raw_valuef(&a, "SELECT count(*) FROM audit_events "
	    "WHERE org_id = '%s'", org), "2");
	assert_string_equal(raw_valuef(&a, "SELECT string_agg(detail::text, '|' "
	    "ORDER BY id) FROM audit_events WHERE org_id = '%s'", org),
	    "{\"reason\": \"test\"}|{}");

	/* 42501 insufficient_privilege, raised by the trigger. */
	assert_string_equal(raw_command(&a, arena_printf(&a,
	    "UPDATE audit_events SET action = 'x' WHERE org_id = '%s'", org)),
	    "42501");
	assert_string_equal(raw_command(&a, arena_printf(&a,
	    "DELETE FROM audit_events WHERE org_id = '%s'", org)), "42501");
	assert_string_equal(raw_command(&a, "TRUNCATE audit_events"), "42501");
	assert_string_equal(raw_valuef(&a, "SELECT count(*) || ':' || "
	    "bool_and(action = 'member.deactivate') FROM audit_events "
	    "WHERE org_id = '%s'", org), "2:true");
	arena_free(&a);
}

/* --- Transactions ---------------------------------------------------------------- */

struct tx_arg {
	const char	*org_name;
	int		 calls;
	int		 fail_times;	/* fail this many first calls */
	const char	*fail_sql;	/* how a call fails (NULL: a plain err) */
};

static int
tx_body(struct db_conn *c, void *arg, struct err *err)
{
	struct tx_arg	*t = arg;
	struct arena	 a = { 0 };
	const char	*id;
	int		 rc;

	t->calls++;
	rc = db_org_insert(&id, c, &a, t->org_name, 0, err);
	arena_free(&a);
	if (rc == -1)
		return -1;
	if (t->calls > t->fail_times)
		return 0;
	if (t->fail_sql != NULL)
		return db_exec_simple(c, t->fail_sql, err);
	return err_set(err, 400, ST_INVALID_VALUE, "body refused");
}

static const char *
orgs_named(struct arena *a, const char *name)
{
	return raw_valuef(a, "SELECT count(*) FROM orgs WHERE name = '%s'", name);
}

static void
test_pg__tx_commit(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };
	struct tx_arg	 t = { "tx-commit", 0, 0, NULL };

	(void)state;
	assert_ok(db_tx_run(conn, 0, tx_body, &t, &e), &e);
	assert_int_equal(t.calls, 1);
	assert_string_equal(orgs_named(&a, "tx-commit"), "1");
	assert_int_equal(PQtransactionStatus(conn->pg), PQTRANS_IDLE);
	arena_free(&a);
}

static void
test_pg__tx_rollback_on_body_error(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };
	struct tx_arg	 t = { "tx-rollback", 0, 100, NULL };

	(void)state;
	assert_int_equal(db_tx_run(conn, 0, tx_body, &t, &e), -1);
	assert_int_equal(e.status, 400);
	assert_string_equal(e.detail, "body refused");
	assert_int_equal(t.calls, 1);	/* not a retryable error */
	assert_string_equal(orgs_named(&a, "tx-rollback"), "0");
	assert_int_equal(PQtransactionStatus(conn->pg), PQTRANS_IDLE);
	arena_free(&a);
}

static void
test_pg__tx_rollback_on_sql_error(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };
	struct tx_arg	 t = { "tx-sqlerr", 0, 100, "SELECT 1/0" };

	(void)state;
	assert_int_equal(db_tx_run(conn, 0, tx_body, &t, &e), -1);
	assert_int_equal(e.status, 400);	/* 22012: a data exception */
	assert_int_equal(t.calls, 1);
	assert_string_equal(orgs_named(&a, "tx-sqlerr"), "0");
	assert_int_equal(PQtransactionStatus(conn->pg), PQTRANS_IDLE);
	arena_free(&a);
}

static void
test_pg__tx_retry_serialization_failure(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };
	struct tx_arg	 t = { "tx-retry", 0, 1,
		"DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '40001'; END $$" };

	(void)state;
	assert_ok(db_tx_run(conn, 1, tx_body, &t, &e), &e);
	assert_int_equal(t.calls, 2);
	assert_int_equal(e.status, 0);
	/* The first attempt's insert was rolled back: exactly one row. */
	assert_string_equal(orgs_named(&a, "tx-retry"), "1");
	assert_int_equal(PQtransactionStatus(conn->pg), PQTRANS_IDLE);
	arena_free(&a);
}

static void
test_pg__tx_retry_deadlock(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };
	struct tx_arg	 t = { "tx-deadlock", 0, 2,
		"DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '40P01'; END $$" };

	(void)state;
	assert_ok(db_tx_run(conn, 0, tx_body, &t, &e), &e);
	assert_int_equal(t.calls, 3);
	assert_string_equal(orgs_named(&a, "tx-deadlock"), "1");
	arena_free(&a);
}

static void
test_pg__tx_retry_bounded(void **state)
{
	struct arena	 a = { 0 };
	struct err	 e = { 0 };
	struct tx_arg	 t = { "tx-forever", 0, 1000,
		"DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '40001'; END $$" };

	(void)state;
	assert_int_equal(db_tx_run(conn, 1, tx_body, &t, &e), -1);
	assert_int_equal(t.calls, DB_TX_MAX_TRIES);
	assert_int_equal(e.status, 503);
	assert_string_equal(orgs_named(&a, "tx-forever"), "0");
	assert_int_equal(PQtransactionStatus(conn->pg), PQTRANS_IDLE);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pg__migrate_applies_then_idempotent),
		cmocka_unit_test_setup(test_pg__org_insert_and_domain_add, need_conn),
		cmocka_unit_test_setup(test_pg__member_insert_get, need_conn),
		cmocka_unit_test_setup(test_pg__member_insert_inactive, need_conn),
		cmocka_unit_test_setup(test_pg__user_name_unique_case_insensitive, need_conn),
		cmocka_unit_test_setup(test_pg__user_name_unique_among_live_only, need_conn),
		cmocka_unit_test_setup(test_pg__get_soft_deleted_404, need_conn),
		cmocka_unit_test_setup(test_pg__get_non_uuid_404, need_conn),
		cmocka_unit_test_setup(test_pg__get_other_org_404, need_conn),
		cmocka_unit_test_setup(test_pg__update_bumps_version, need_conn),
		cmocka_unit_test_setup(test_pg__member_list_paging, need_conn),
		cmocka_unit_test_setup(test_pg__person_upsert_email_case, need_conn),
		cmocka_unit_test_setup(test_pg__sessions_revoke_count, need_conn),
		cmocka_unit_test_setup(test_pg__group_apply_add, need_conn),
		cmocka_unit_test_setup(test_pg__group_apply_remove_and_clear, need_conn),
		cmocka_unit_test_setup(test_pg__group_display_name_unique, need_conn),
		cmocka_unit_test_setup(test_pg__group_get_update_delete, need_conn),
		cmocka_unit_test_setup(test_pg__audit_append_only, need_conn),
		cmocka_unit_test_setup(test_pg__tx_commit, need_conn),
		cmocka_unit_test_setup(test_pg__tx_rollback_on_body_error, need_conn),
		cmocka_unit_test_setup(test_pg__tx_rollback_on_sql_error, need_conn),
		cmocka_unit_test_setup(test_pg__tx_retry_serialization_failure, need_conn),
		cmocka_unit_test_setup(test_pg__tx_retry_deadlock, need_conn),
		cmocka_unit_test_setup(test_pg__tx_retry_bounded, need_conn),
	};
	const char	*url = getenv("SCIMD_TEST_DATABASE_URL");
	int		 rc;

	/* A pg test that skips proves nothing: no database is a failure. */
	if (url == NULL || url[0] == '\0') {
		fprintf(stderr, "test_pg_storage: SCIMD_TEST_DATABASE_URL is not "
		    "set; these tests need a PostgreSQL server\n");
		return 1;
	}
	rc = cmocka_run_group_tests(tests, setup_db, teardown_db);
	return rc != 0 ? 1 : 0;
}
