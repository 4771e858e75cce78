/* SPDX-License-Identifier: MIT */
/*
 * storage/stmt_cache.h
 *
 * A connection's prepared statements for SQL text built at run time
 * (stmt_cache.c). Private to storage/.
 */
#ifndef SCIMD_ST_STMT_CACHE_H
#define SCIMD_ST_STMT_CACHE_H

#include <libpq-fe.h>

struct db_stmt_cache;

/*
 * Runs sql with n text parameters as a prepared statement of pg, preparing
 * it on first use (*kp is created then). Returns libpq's result (owned:
 * PQclear it), which may be the failed preparation's.
 */
PGresult	*db_stmt_cache_exec(struct db_stmt_cache **kp, PGconn *pg,
		    const char *sql, int n, const char *const *params);
/* Drops sql's statement (after "cached plan must not change result type"). */
void		 db_stmt_cache_forget(struct db_stmt_cache *, PGconn *pg,
		    const char *sql);
/* Frees the table; the statements die with their connection. NULL ok. */
void		 db_stmt_cache_free(struct db_stmt_cache *);

#endif
