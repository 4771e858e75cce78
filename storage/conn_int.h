/* SPDX-License-Identifier: MIT */
/*
 * storage/conn_int.h
 *
 * What the storage/ files share about a connection: the libpq handle, the
 * prepared statement table, and execution helpers that map failures to
 * struct err once (storage/sqlstate.c).
 */
#ifndef SCIMD_CONN_INT_H
#define SCIMD_CONN_INT_H

#include <time.h>

#include <libpq-fe.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "storage/sqlbuf.h"

struct db_conn {
	PGconn		*pg;
	char		*url;
	char		*app;
	int		 timeout_ms;
	unsigned char	 prepared[64];	/* per enum db_stmt, reset on reconnect */
	long long	 next_try;	/* monotonic ms: no reconnect before */
	int		 backoff;	/* ms, doubling up to DB_BACKOFF_MAX_MS */
	long long	 nexec;		/* statements sent: round trips, for tests */
	struct db_stmt_cache *dyn;	/* prepared run-time SQL (stmt_cache.c) */
	int		 opened;	/* connected before: the next is a reconnect */
};

/* Prepared statements, by index into db_stmts (stmt.c). */
enum db_stmt {
	STMT_TOKEN_AUTH,
	STMT_TOKEN_TOUCH,
	STMT_MEMBER_GET,
	STMT_MEMBER_GET_LOCK,
	STMT_MEMBER_INSERT,
	STMT_MEMBER_INSERT_PERSON,
	STMT_MEMBER_UPDATE,
	STMT_MEMBER_SOFT_DELETE,
	STMT_PERSON_UPSERT,
	STMT_SESSIONS_REVOKE,
	STMT_GROUPS_LEAVE,
	STMT_GROUPS_TOUCH,
	STMT_AUDIT_INSERT,
	STMT__COUNT
};

/*
 * Executes a prepared statement. Returns the result (owned: PQclear it)
 * when the status is TUPLES_OK or COMMAND_OK, else NULL with err set from
 * the SQLSTATE.
 */
PGresult	*db_exec_stmt(struct db_conn *, enum db_stmt, int n,
		    const char *const *params, struct err *err);
/* Executes dynamic SQL whose values are all in b's parameters. */
PGresult	*db_exec_buf(struct db_conn *, const struct db_sqlbuf *b,
		    struct err *err);
/*
 * Executes fixed SQL text with n bound parameters (NULL entries bind SQL
 * NULL). Only constants are ever in `sql`; values travel as parameters.
 */
PGresult	*db_exec_params(struct db_conn *, const char *sql, int n,
		    const char *const *params, struct err *err);
/* Executes fixed SQL with no parameters (BEGIN, COMMIT, …). */
int		 db_exec_simple(struct db_conn *, const char *sql,
		    struct err *err);

/*
 * Maps a failed result to err: 23505 → 409 uniqueness, 40001/40P01 →
 * retry, class 08 → 503 + reconnect, 22P02 and friends → 400, the rest →
 * 500. Logs the SQLSTATE and message (never parameter values).
 */
int	db_err_from_result(struct err *err, const PGresult *res,
	    const PGconn *pg);

/* Copies a column (NULL when SQL NULL) into the arena. */
char	*db_col(struct arena *a, const PGresult *res, int row, int col);

#endif
