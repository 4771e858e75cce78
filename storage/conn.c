/* SPDX-License-Identifier: MIT */
/*
 * storage/conn.c
 *
 * One blocking libpq connection per worker thread: connect, prepare,
 * reconnect, execute, and transactions with retry.
 */
#include "storage/db.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/base/log.h"
#include "domain/base/stats.h"
#include "storage/conn_int.h"
#include "storage/stmt_cache.h"
#include "storage/stmt_int.h"

/*
 * Statements are prepared on first use rather than at connect, so a
 * connection can be opened before the migrations have created the tables.
 */
static int
prepare(struct db_conn *c, enum db_stmt s, struct err *err)
{
	PGresult	*res;

	if (c->prepared[s])
		return 0;
	res = PQprepare(c->pg, db_stmts[s].name, db_stmts[s].sql,
	    db_stmts[s].nparams, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		db_err_from_result(err, res, c->pg);
		log_error("preparing statement %s failed", db_stmts[s].name);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	c->prepared[s] = 1;
	return 0;
}

/*
 * Reconnects back off from 100 ms to at most a second: an outage costs one
 * attempt per worker per second, and service follows PostgreSQL's return
 * within a second rather than after a long doubled wait.
 */
#define DB_BACKOFF_FIRST_MS	100
#define DB_BACKOFF_MAX_MS	1000

static long long
now_ms(void)
{
	struct timespec	t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int
unavailable(struct err *err)
{
	err_set(err, 503, ST_NONE, "database unavailable");
	err->retry = ERR_RETRY_CONN;
	err->retry_after = 1;
	return -1;
}

static int
open_pg(struct db_conn *c, struct err *err)
{
	const char	*keys[8], *vals[8];
	char		 opts[64];
	long long	 now = now_ms();

	if (now < c->next_try)
		return unavailable(err);
	snprintf(opts, sizeof(opts), "-c statement_timeout=%d", c->timeout_ms);
	keys[0] = "connect_timeout";	vals[0] = "5";
	keys[1] = "keepalives";		vals[1] = "1";
	keys[2] = "keepalives_idle";	vals[2] = "30";
	keys[3] = "tcp_user_timeout";	vals[3] = "30000";
	keys[4] = "application_name";	vals[4] = c->app;
	keys[5] = "options";		vals[5] = opts;
	keys[6] = "dbname";		vals[6] = c->url;
	keys[7] = NULL;			vals[7] = NULL;
	/* expand_dbname: dbname may be a full URI or key=value string. */
	c->pg = PQconnectdbParams(keys, vals, 1);
	if (c->pg == NULL || PQstatus(c->pg) != CONNECTION_OK) {
		log_error("database connection failed: %s",
		    c->pg ? PQerrorMessage(c->pg) : "out of memory");
		PQfinish(c->pg);
		c->pg = NULL;
		stats_inc(STAT_DB_CONNECT_FAILURES);
		/* Back off, so an outage costs one attempt per interval. */
		c->backoff = c->backoff == 0 ? DB_BACKOFF_FIRST_MS :
		    c->backoff * 2 > DB_BACKOFF_MAX_MS ? DB_BACKOFF_MAX_MS :
		    c->backoff * 2;
		c->next_try = now + c->backoff;
		return unavailable(err);
	}
	c->backoff = 0;
	c->next_try = 0;
	memset(c->prepared, 0, sizeof(c->prepared));
	db_stmt_cache_free(c->dyn);
	c->dyn = NULL;
	/* STAT_DB_UP counts the connections whose c->pg is set. */
	stats_inc(STAT_DB_CONNECTS);
	stats_inc(STAT_DB_UP);
	if (c->opened)
		stats_inc(STAT_DB_RECONNECTS);
	c->opened = 1;
	return 0;
}

/* Closes the libpq connection, keeping the rest of c. */
static void
drop(struct db_conn *c)
{
	if (c->pg != NULL)
		stats_add(STAT_DB_UP, -1);
	PQfinish(c->pg);
	c->pg = NULL;
}

struct db_conn *
db_connect(const char *url, const char *app, int timeout_ms, struct err *err)
{
	struct db_conn	*c = xcalloc(1, sizeof(*c));

	c->url = xstrdup(url);
	c->app = xstrdup(app);
	c->timeout_ms = timeout_ms;
	if (open_pg(c, err) == -1) {
		db_close(c);
		return NULL;
	}
	return c;
}

struct db_conn *
db_conn_lazy(const char *url, const char *app, int timeout_ms)
{
	struct db_conn	*c = xcalloc(1, sizeof(*c));

	c->url = xstrdup(url);
	c->app = xstrdup(app);
	c->timeout_ms = timeout_ms;
	return c;
}

void
db_close(struct db_conn *c)
{
	if (c == NULL)
		return;
	drop(c);
	db_stmt_cache_free(c->dyn);
	free(c->url);
	free(c->app);
	free(c);
}

/*
 * An idle connection has nothing to read unless the server has gone or a
 * notification came (the events feed LISTENs on a worker's connection
 * while it waits): a terminated backend sends a FATAL ErrorResponse
 * (57P01) and then closes the socket, a restarted server just closes it.
 * PQconsumeInput reports the loss only when it reads the EOF, which may
 * come after the FATAL or not be there yet, so input that is not a
 * notification ends the connection. Returns 1 when it must be replaced.
 */
static int
idle_input(struct db_conn *c)
{
	struct pollfd	 p = { .fd = PQsocket(c->pg), .events = POLLIN };
	PGnotify	*nt;
	int		 notified = 0;

	if (p.fd < 0)
		return 1;
	if (poll(&p, 1, 0) <= 0)
		return 0;
	if (PQconsumeInput(c->pg) == 0 || PQstatus(c->pg) != CONNECTION_OK)
		return 1;
	/* Nobody reads them any more: the feed re-reads after its wait. */
	while ((nt = PQnotifies(c->pg)) != NULL) {
		PQfreemem(nt);
		notified = 1;
	}
	return !notified;
}

int
db_ensure(struct db_conn *c, struct err *err)
{
	if (c->pg != NULL && PQstatus(c->pg) == CONNECTION_OK &&
	    PQtransactionStatus(c->pg) == PQTRANS_IDLE && idle_input(c)) {
		log_warn("database connection lost while idle; reconnecting");
		drop(c);
	}
	if (c->pg != NULL && PQstatus(c->pg) == CONNECTION_OK) {
		/* A connection handed back mid-transaction is rolled back. */
		if (PQtransactionStatus(c->pg) != PQTRANS_IDLE)
			return db_exec_simple(c, "ROLLBACK", err);
		return 0;
	}
	drop(c);
	return open_pg(c, err);
}

static PGresult *
check(struct db_conn *c, PGresult *res, struct err *err)
{
	ExecStatusType	st = PQresultStatus(res);

	c->nexec++;
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return res;
	db_err_from_result(err, res, c->pg);
	PQclear(res);
	return NULL;
}

/*
 * Run-time SQL as a prepared statement of this connection. A table
 * changed under a prepared SELECT * (a migration by a newer scimd) makes
 * PostgreSQL refuse the cached plan: the statement is dropped and, outside
 * a transaction, run once more, freshly prepared.
 */
static PGresult *
exec_cached(struct db_conn *c, const char *sql, int n,
    const char *const *params, struct err *err)
{
	PGresult	*res;
	const char	*state;

	res = db_stmt_cache_exec(&c->dyn, c->pg, sql, n, params);
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (state != NULL && strcmp(state, "0A000") == 0) {
		db_stmt_cache_forget(c->dyn, c->pg, sql);
		if (PQtransactionStatus(c->pg) == PQTRANS_IDLE) {
			PQclear(res);
			res = db_stmt_cache_exec(&c->dyn, c->pg, sql, n, params);
		}
	}
	return check(c, res, err);
}

PGresult *
db_exec_stmt(struct db_conn *c, enum db_stmt s, int n,
    const char *const *params, struct err *err)
{
	if (c->pg == NULL) {
		err_set(err, 503, ST_NONE, "database unavailable");
		err->retry = ERR_RETRY_CONN;
		return NULL;
	}
	if (prepare(c, s, err) == -1)
		return NULL;
	return check(c, PQexecPrepared(c->pg, db_stmts[s].name, n, params,
	    NULL, NULL, 0), err);
}

PGresult *
db_exec_buf(struct db_conn *c, const struct db_sqlbuf *b, struct err *err)
{
	if (b->overflow) {
		err_set(err, 400, ST_INVALID_FILTER, "filter has too many values");
		return NULL;
	}
	if (c->pg == NULL) {
		err_set(err, 503, ST_NONE, "database unavailable");
		err->retry = ERR_RETRY_CONN;
		return NULL;
	}
	return exec_cached(c, b->text, b->nparams, b->params, err);
}

PGresult *
db_exec_params(struct db_conn *c, const char *sql, int n,
    const char *const *params, struct err *err)
{
	if (c->pg == NULL) {
		err_set(err, 503, ST_NONE, "database unavailable");
		err->retry = ERR_RETRY_CONN;
		return NULL;
	}
	return exec_cached(c, sql, n, params, err);
}

int
db_exec_simple(struct db_conn *c, const char *sql, struct err *err)
{
	PGresult	*res;

	if (c->pg == NULL) {
		err_set(err, 503, ST_NONE, "database unavailable");
		err->retry = ERR_RETRY_CONN;
		return -1;
	}
	res = check(c, PQexec(c->pg, sql), err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
db_ping(struct db_conn *c, struct err *err)
{
	if (db_ensure(c, err) == -1)
		return -1;
	return db_exec_simple(c, "SELECT 1", err);
}

/*
 * A conflict is retried. So is a connection that died before COMMIT was
 * sent: the server rolled the transaction back, so running it again on a
 * new connection cannot apply it twice. Once COMMIT was sent the outcome
 * is unknown and the caller is told. A lost connection is retried once,
 * so a database that stays down costs one more attempt, not a loop.
 */
static int
retriable(const struct err *err, int committing, int tries)
{
	if (err->retry == ERR_RETRY_TX)
		return 1;
	return err->retry == ERR_RETRY_CONN && !committing && tries == 0;
}

/*
 * The backend of an idle connection may be told to end just before a
 * request's first statement reaches it: nothing shows on the socket at
 * db_ensure, and that statement meets the FATAL or the EOF. A body that
 * only reads (or repeats harmlessly) is then run once more on a new
 * connection, as db_tx_run does for a transaction that never committed.
 */
int
db_read_run(struct db_conn *c,
    int (*body)(struct db_conn *, void *, struct err *), void *arg,
    struct err *err)
{
	if (db_ensure(c, err) == -1)
		return -1;
	if (body(c, arg, err) == 0)
		return 0;
	if (err->retry != ERR_RETRY_CONN)
		return -1;
	err_clear(err);
	if (db_ensure(c, err) == -1)
		return -1;
	return body(c, arg, err);
}

int
db_tx_run(struct db_conn *c, int serializable,
    int (*body)(struct db_conn *, void *, struct err *), void *arg,
    struct err *err)
{
	struct err	ignored;
	int		tries, committing;

	for (tries = 0; tries < DB_TX_MAX_TRIES; tries++) {
		if (db_ensure(c, err) == -1)
			return -1;
		committing = 0;
		if (db_exec_simple(c, serializable ?
		    "BEGIN ISOLATION LEVEL SERIALIZABLE" : "BEGIN", err) == 0 &&
		    body(c, arg, err) == 0 &&
		    (committing = 1, db_exec_simple(c, "COMMIT", err)) == 0) {
			stats_tx_end(1);
			return 0;
		}
		stats_tx_end(0);
		err_clear(&ignored);
		if (c->pg != NULL && PQstatus(c->pg) == CONNECTION_OK)
			db_exec_simple(c, "ROLLBACK", &ignored);
		if (!retriable(err, committing, tries))
			return -1;
		err_clear(err);
	}
	err_set(err, 503, ST_NONE,
	    "the change conflicted with concurrent changes; retry");
	err->retry_after = 1;
	return -1;
}

char *
db_col(struct arena *a, const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return arena_strndup(a, PQgetvalue(res, row, col),
	    (size_t)PQgetlength(res, row, col));
}
