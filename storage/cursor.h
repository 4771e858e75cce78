/* SPDX-License-Identifier: MIT */
/*
 * storage/cursor.h
 *
 * Cursor paging (RFC 9865) for list queries: opaque, tamper-evident
 * cursors over a keyset position, and the page query that uses them.
 * Directory-private: the list query (storage/list.c) calls it, and only
 * query_cursor (domain/base/query.h) leaves storage.
 *
 * A cursor is base64url (RFC 3986 unreserved characters only) of
 *
 *   version, flags, issued-at, created_at micros, id, [sort key], MAC
 *
 * where MAC = HMAC-SHA256(server key, everything before it ‖ binding)
 * and the binding is a SHA-256 over the org, the resource type, the
 * compiled WHERE and ORDER BY (text and parameters) and the request's
 * own bind text. Another filter, sort, org or endpoint therefore fails
 * the MAC: 400 invalidCursor. The key is one random row in cursor_keys
 * (migration 0003), created on first use, so every scimd on the
 * database accepts every other's cursors.
 */
#ifndef SCIMD_ST_CURSOR_H
#define SCIMD_ST_CURSOR_H

#include <stddef.h>
#include <time.h>

#include <libpq-fe.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/query.h"
#include "storage/db.h"
#include "storage/sql_order.h"
#include "storage/sqlbuf.h"

#define DB_CURSOR_KEY_LEN	32
#define DB_CURSOR_TTL		3600	/* seconds; advertised as cursorTimeout */

/* What a cursor says: where the page starts and which way it runs. */
struct db_cursor_pos {
	int			start;		/* no position: the first page */
	int			reverse;	/* the page before `at` */
	struct db_keypos	at;
};

/*
 * Encodes p (text in a, borrowed). `bind` is the binding digest and
 * `now` the issue time.
 */
const char *db_cursor_encode(struct arena *a, const struct db_cursor_pos *p,
	    const unsigned char key[DB_CURSOR_KEY_LEN],
	    const unsigned char bind[32], time_t now);

/*
 * Decodes and checks text. Returns 0, or -1 with err = 400 invalidCursor
 * (malformed, tampered, or bound to another query) or 400 expiredCursor
 * (older than DB_CURSOR_TTL).
 */
int	db_cursor_decode(struct db_cursor_pos *p, struct arena *a,
	    const char *text, const unsigned char key[DB_CURSOR_KEY_LEN],
	    const unsigned char bind[32], time_t now, struct err *err);

/* The binding digest of a page query (see above). */
void	db_cursor_bind(unsigned char out[32], const struct db_sqlbuf *b,
	    const char *order, const char *extra);

/* Reads the server's key, creating it on first use. */
int	db_cursor_key(unsigned char key[DB_CURSOR_KEY_LEN], struct db_conn *,
	    struct arena *, struct err *err);

/*
 * Runs one cursor page. `b` holds "SELECT <cols>, <db_sql_sort_cols>
 * FROM … WHERE …": the three sort columns come last. Appends the keyset predicate, ORDER BY and LIMIT, runs it, and
 * calls row(arg, res, i) for the page's rows in list order. Fills
 * qc->next and qc->prev. Returns the number of rows, or -1 with err set.
 */
int	db_cursor_page(struct db_conn *, struct arena *, struct db_sqlbuf *b,
	    const struct db_sort *s, long long limit,
	    struct query_cursor *qc,
	    void (*row)(void *arg, const PGresult *res, int i), void *arg,
	    struct err *err);

#endif
