/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/pg_harness.h
 *
 * The database side of the PostgreSQL tests (test_pg_*.c): a fresh
 * database per test program on the server of SCIMD_TEST_DATABASE_URL
 * (required: without it the group setup fails, so the program fails
 * rather than skips), dropped at the end; a raw libpq connection for
 * seeding and for reading back what storage/ wrote; a storage/
 * connection; and the rows most tests start from. Include after
 * <cmocka.h>.
 */
#ifndef SCIMD_PG_HARNESS_H
#define SCIMD_PG_HARNESS_H

#include <libpq-fe.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/member_row.h"
#include "storage/db.h"

extern char		 h_info[2048];	/* conninfo of the test database */
extern PGconn		*h_raw;		/* the test database, for seeding */
extern struct db_conn	*h_conn;	/* the test database, for storage/ */
extern struct arena	 h_arena;	/* the program's: freed by h_teardown */

/* A well-formed uuid that names nothing. */
extern const char	 h_random_uuid[];

/*
 * Creates the program's database (named <program>_<pid>) and connects
 * h_raw; h_conn stays NULL and nothing is migrated. -1 (after saying why
 * on stderr) when the server cannot be reached.
 */
int		 h_create(void);
/* h_create, then h_conn connected and migrated. */
int		 h_setup(void);
/* Closes both connections, drops the database and frees h_arena; safe
 * after a failed setup. */
void		 h_teardown(void);
/* h_setup and h_teardown as cmocka group fixtures. */
int		 h_group_setup(void **state);
int		 h_group_teardown(void **state);

/* Runs sql on c; -1 (after printing the error) when it fails. */
int		 h_exec(PGconn *c, const char *sql);
/* Runs a command on h_raw; fails the test when it fails. */
void		 h_execf(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));
/* The first column of row 0 of a query on h_raw (copied into a);
 * fails the test when there is none. */
char		*h_value(struct arena *a, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* Runs a command on h_raw: "" on success, else its SQLSTATE. */
char		*h_sqlstate(struct arena *a, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/* Fails the test with e's detail unless rc is 0. */
void		 h_ok(int rc, const struct err *e);
/* A new org inserted by h_raw; its id in a. */
const char	*h_org(struct arena *a, const char *name);
/* A new org inserted through storage/ (db_org_insert); its id in a. */
const char	*h_new_org(struct arena *a);
/* A new active member of org with userName un (its resource names it
 * too), inserted through storage/. */
struct member_row h_new_member(struct arena *a, const char *org,
		    const char *un);

#endif
