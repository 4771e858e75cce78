/* SPDX-License-Identifier: MIT */
/*
 * storage/db.h
 *
 * A PostgreSQL connection owned by one thread, transactions with retry,
 * and migrations. libpq types never leave storage/: callers see struct
 * db_conn and plain row structs.
 */
#ifndef SCIMD_DB_H
#define SCIMD_DB_H

#include "domain/base/err.h"

#define DB_TX_MAX_TRIES	5

struct db_conn;

/*
 * Connects to `url` (a libpq connection URI or key=value string) with
 * application_name and statement_timeout (ms, 0 = none) set, and prepares
 * the statements. Returns the connection (owned: free with db_close), or
 * NULL with err = 503 and the cause logged.
 */
struct db_conn	*db_connect(const char *url, const char *app, int timeout_ms,
		    struct err *err);
void		 db_close(struct db_conn *);
/*
 * A connection that connects on first use (db_ensure), retrying with
 * backoff after failures: what a long-running worker holds. Never fails.
 */
struct db_conn	*db_conn_lazy(const char *url, const char *app, int timeout_ms);

/*
 * Makes sure the connection is usable, reconnecting once if it broke.
 * Returns 0, or -1 with err = 503 (retry later).
 */
int	db_ensure(struct db_conn *, struct err *err);

/*
 * Runs body(c, arg, err) outside a transaction, once more on a new
 * connection if the connection was lost: for bodies that only read, or
 * whose writes repeat harmlessly. Returns 0, or -1 with the body's or
 * the database's error.
 */
int	db_read_run(struct db_conn *,
	    int (*body)(struct db_conn *, void *, struct err *), void *arg,
	    struct err *err);

/* Runs SELECT 1. Returns 0 or -1 with err = 503. */
int	db_ping(struct db_conn *, struct err *err);

/*
 * Runs body(c, arg, err) inside BEGIN … COMMIT, retrying the whole body
 * up to DB_TX_MAX_TRIES times on serialization failure or deadlock. The
 * body must be safe to rerun (all its effects are in the transaction).
 * `serializable` selects SERIALIZABLE isolation instead of READ COMMITTED.
 * Returns 0, or -1 with the body's or the database's error.
 */
int	db_tx_run(struct db_conn *, int serializable,
	    int (*body)(struct db_conn *, void *, struct err *), void *arg,
	    struct err *err);

/* Applies pending migrations (serialised by an advisory lock). */
int	db_migrate(struct db_conn *, int *applied, struct err *err);

#endif
