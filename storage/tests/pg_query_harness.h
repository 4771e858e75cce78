/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/pg_query_harness.h
 *
 * The database side of the query tests (test_pg_query*.c): a fresh
 * database per run on the server of SCIMD_TEST_DATABASE_URL (required:
 * without it the run fails), migrated, dropped at the end; a raw libpq
 * connection for seeding and EXPLAIN. Static functions, one copy per
 * test program.
 */
#ifndef SCIMD_PG_QUERY_HARNESS_H
#define SCIMD_PG_QUERY_HARNESS_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "storage/db.h"

static char		 h_dbname[64];
static PGconn		*h_admin;	/* the server's given database */
static PGconn		*h_raw;		/* the test database, for seeding */
static struct db_conn	*h_conn;	/* the test database, for storage/ */

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

/* Runs sql on c; fails the test (or returns -1 before tests) on error. */
static int
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

static void
h_execf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
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

/* Creates, connects and migrates the run's database. */
static int
h_setup(const char *prefix)
{
	const char	*url = getenv("SCIMD_TEST_DATABASE_URL");
	char		 sql[160], info[2048];
	struct err	 e = { 0 };
	int		 n;

	if (url == NULL || url[0] == '\0') {
		fprintf(stderr, "SCIMD_TEST_DATABASE_URL is not set: the "
		    "PostgreSQL tests cannot run (scripts/test sets it)\n");
		return -1;
	}
	h_admin = PQconnectdb(url);
	if (PQstatus(h_admin) != CONNECTION_OK) {
		fprintf(stderr, "cannot connect: %s", PQerrorMessage(h_admin));
		return -1;
	}
	PQsetNoticeProcessor(h_admin, h_quiet, NULL);
	snprintf(h_dbname, sizeof(h_dbname), "%s_%ld", prefix, (long)getpid());
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", h_dbname);
	if (h_exec(h_admin, sql) == -1)
		return -1;
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", h_dbname);
	if (h_exec(h_admin, sql) == -1 ||
	    h_conninfo(info, sizeof(info), url, h_dbname) == -1)
		return -1;
	h_raw = PQconnectdb(info);
	if (PQstatus(h_raw) != CONNECTION_OK) {
		fprintf(stderr, "cannot connect: %s", PQerrorMessage(h_raw));
		return -1;
	}
	PQsetNoticeProcessor(h_raw, h_quiet, NULL);
	h_conn = db_connect(info, "scimd-test-query", 60000, &e);
	if (h_conn == NULL || db_migrate(h_conn, &n, &e) == -1) {
		fprintf(stderr, "connect/migrate failed: %s\n", e.detail);
		return -1;
	}
	return 0;
}

static void
h_teardown(void)
{
	char	sql[160];

	db_close(h_conn);
	PQfinish(h_raw);
	if (h_admin != NULL && h_dbname[0] != '\0') {
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)",
		    h_dbname);
		h_exec(h_admin, sql);
	}
	PQfinish(h_admin);
}

/* A new org; its id in a (static buffer rotated by the caller's copy). */
static const char *
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

#endif
