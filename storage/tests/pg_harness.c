/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/pg_harness.c
 *
 * The database side of the PostgreSQL tests (pg_harness.h). Linked into
 * every test_pg_* program; one database per program, so programs may
 * run side by side.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "storage/member.h"
#include "storage/org.h"

#include "pg_harness.h"

char			 h_info[2048];
PGconn			*h_raw;
struct db_conn		*h_conn;
struct arena		 h_arena;
const char		 h_random_uuid[] = "6f1c1c1e-9a7b-4d59-9c1a-0d3f6f9a2b11";

static char		 h_dbname[64];
static PGconn		*h_admin;	/* the server's given database */
static int		 h_org_seq;

/* Server notices ("does not exist, skipping") are not test output. */
static void
h_quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* The URL's conninfo with dbname replaced (values quoted for libpq). */
static int
h_conninfo(char *out, size_t cap, const char *url, const char *db)
{
	PQconninfoOption	*opts, *o;
	char			*msg = NULL;
	size_t			 n = 0;
	const char		*v;

	if ((opts = PQconninfoParse(url, &msg)) == NULL) {
		fprintf(stderr, "SCIMD_TEST_DATABASE_URL does not parse: %s\n",
		    msg ? msg : "out of memory");
		PQfreemem(msg);
		return -1;
	}
	out[0] = '\0';
	for (o = opts; o->keyword != NULL; o++) {
		v = strcmp(o->keyword, "dbname") == 0 ? db : o->val;
		if (v == NULL || v[0] == '\0')
			continue;
		n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "%s='",
		    o->keyword);
		for (; *v != '\0' && n + 3 < cap; v++) {
			if (*v == '\'' || *v == '\\')
				out[n++] = '\\';
			out[n++] = *v;
		}
		n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "' ");
	}
	PQconninfoFree(opts);
	return n < cap ? 0 : -1;
}

static PGconn *
h_connect(const char *info)
{
	PGconn	*c = PQconnectdb(info);

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "cannot connect: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, h_quiet, NULL);
	return c;
}

int
h_create(void)
{
	const char	*url = getenv("SCIMD_TEST_DATABASE_URL");
	char		 sql[160];

	if (url == NULL || url[0] == '\0') {
		fprintf(stderr, "SCIMD_TEST_DATABASE_URL is not set: the "
		    "PostgreSQL tests cannot run (scripts/test sets it)\n");
		return -1;
	}
	if ((h_admin = h_connect(url)) == NULL)
		return -1;
	snprintf(h_dbname, sizeof(h_dbname), "%s_%ld",
	    program_invocation_short_name, (long)getpid());
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS \"%s\"", h_dbname);
	if (h_exec(h_admin, sql) == -1)
		return -1;
	snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\"", h_dbname);
	if (h_exec(h_admin, sql) == -1 ||
	    h_conninfo(h_info, sizeof(h_info), url, h_dbname) == -1)
		return -1;
	return (h_raw = h_connect(h_info)) != NULL ? 0 : -1;
}

int
h_setup(void)
{
	struct err	e = { 0 };
	int		n;

	if (h_create() == -1)
		return -1;
	h_conn = db_connect(h_info, "scimd-test", 60000, &e);
	if (h_conn == NULL || db_migrate(h_conn, &n, &e) == -1) {
		fprintf(stderr, "connect/migrate failed: %s\n", e.detail);
		return -1;
	}
	return 0;
}

void
h_teardown(void)
{
	char	sql[160];

	db_close(h_conn);
	h_conn = NULL;
	PQfinish(h_raw);
	h_raw = NULL;
	if (h_admin != NULL && h_dbname[0] != '\0') {
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)",
		    h_dbname);
		h_exec(h_admin, sql);
	}
	PQfinish(h_admin);
	h_admin = NULL;
	arena_free(&h_arena);
}

int
h_group_setup(void **state)
{
	(void)state;
	return h_setup();
}

int
h_group_teardown(void **state)
{
	(void)state;
	h_teardown();
	return 0;
}

int
h_exec(PGconn *c, const char *sql)
{
	PGresult	*res = PQexec(c, sql);
	int		 ok = PQresultStatus(res) == PGRES_COMMAND_OK ||
			    PQresultStatus(res) == PGRES_TUPLES_OK;

	if (!ok)
		fprintf(stderr, "%.200s: %s", sql, PQerrorMessage(c));
	PQclear(res);
	return ok ? 0 : -1;
}

void
h_execf(const char *fmt, ...)
{
	char	sql[8192];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	if (h_exec(h_raw, sql) == -1)
		fail_msg("seeding failed");
}

char *
h_value(struct arena *a, const char *fmt, ...)
{
	char		 sql[1024];
	va_list		 ap;
	PGresult	*res;
	char		*v;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	res = PQexec(h_raw, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) < 1) {
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(h_raw));
		PQclear(res);
		fail();
	}
	v = arena_strdup(a, PQgetvalue(res, 0, 0));
	PQclear(res);
	return v;
}

char *
h_sqlstate(struct arena *a, const char *fmt, ...)
{
	char		 sql[1024];
	va_list		 ap;
	PGresult	*res;
	const char	*state;
	char		*v;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	res = PQexec(h_raw, sql);
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

void
h_ok(int rc, const struct err *e)
{
	if (rc != 0)
		fail_msg("unexpected error %d: %s", e->status, e->detail);
}

const char *
h_org(struct arena *a, const char *name)
{
	PGresult	*res;
	const char	*p[1] = { name };
	const char	*id;

	res = PQexecParams(h_raw, "INSERT INTO orgs (name) VALUES ($1) "
	    "RETURNING id", 1, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("org insert: %s", PQerrorMessage(h_raw));
	id = arena_strdup(a, PQgetvalue(res, 0, 0));
	PQclear(res);
	return id;
}

const char *
h_new_org(struct arena *a)
{
	struct err	 e = { 0 };
	const char	*id = NULL;
	char		 name[64];

	snprintf(name, sizeof(name), "org-%d", ++h_org_seq);
	h_ok(db_org_insert(&id, h_conn, a, name, 0, &e), &e);
	assert_true(db_uuid_valid(id));
	return id;
}

struct member_row
h_new_member(struct arena *a, const char *org, const char *un)
{
	struct db_member_write	 w;
	struct member_row	 m;
	struct err		 e = { 0 };

	memset(&w, 0, sizeof(w));
	w.user_name = un;
	w.active = 1;
	w.resource = arena_printf(a, "{\"userName\": \"%s\"}", un);
	h_ok(db_member_insert(&m, h_conn, a, org, &w, &e), &e);
	return m;
}
