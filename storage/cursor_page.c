/* SPDX-License-Identifier: MIT */
/*
 * storage/cursor_page.c
 *
 * One page of cursor paging: the server key, the keyset query and the
 * next/previous cursors. Keyset, never OFFSET: a page starts strictly
 * after (or, going back, before) the row that ended the last one, so a
 * row that exists for the whole walk is returned exactly once however
 * many rows are added or removed between pages.
 */
#include "storage/cursor.h"

#include <stdio.h>
#include <string.h>

#include <openssl/rand.h>

#include "domain/base/log.h"
#include "storage/conn_int.h"

static int
key_read(unsigned char key[DB_CURSOR_KEY_LEN], int *found, PGresult *res)
{
	const char	*hex;
	int		 i;
	unsigned	 byte;

	*found = PQntuples(res) > 0;
	if (!*found)
		return 0;
	hex = PQgetvalue(res, 0, 0);
	if (strlen(hex) != 2 * DB_CURSOR_KEY_LEN)
		return -1;
	for (i = 0; i < DB_CURSOR_KEY_LEN; i++) {
		if (sscanf(hex + 2 * i, "%2x", &byte) != 1)
			return -1;
		key[i] = (unsigned char)byte;
	}
	return 0;
}

/*
 * The first caller on a database inserts a random key; a concurrent
 * insert loses to ON CONFLICT and the second statement (a fresh
 * snapshot) reads the winner's key.
 */
int
db_cursor_key(unsigned char key[DB_CURSOR_KEY_LEN], struct db_conn *c,
    struct arena *a, struct err *err)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char	 fresh[DB_CURSOR_KEY_LEN];
	char		 text[2 * DB_CURSOR_KEY_LEN + 1];
	struct db_sqlbuf b;
	PGresult	*res;
	int		 i, found = 0, tries, rc;

	for (tries = 0; tries < 2 && !found; tries++) {
		db_sqlbuf_init(&b, a);
		if (tries == 0) {
			if (RAND_bytes(fresh, sizeof(fresh)) != 1) {
				log_error("random generator failed");
				return err_internal(err);
			}
			for (i = 0; i < DB_CURSOR_KEY_LEN; i++) {
				text[2 * i] = hex[fresh[i] >> 4];
				text[2 * i + 1] = hex[fresh[i] & 15];
			}
			text[2 * DB_CURSOR_KEY_LEN] = '\0';
			db_sqlbuf_add(&b, "WITH ins AS (INSERT INTO cursor_keys "
			    "(id, secret) VALUES (1, decode(");
			db_sqlbuf_addp(&b, text);
			db_sqlbuf_add(&b, ", 'hex')) ON CONFLICT (id) DO NOTHING "
			    "RETURNING secret) SELECT encode(secret, 'hex') FROM ins "
			    "UNION ALL SELECT encode(secret, 'hex') FROM cursor_keys "
			    "WHERE id = 1");
		} else
			db_sqlbuf_add(&b, "SELECT encode(secret, 'hex') FROM "
			    "cursor_keys WHERE id = 1");
		if ((res = db_exec_buf(c, &b, err)) == NULL)
			return -1;
		rc = key_read(key, &found, res);
		PQclear(res);
		if (rc == -1) {
			log_error("cursor_keys holds a malformed key");
			return err_internal(err);
		}
	}
	if (!found) {
		log_error("cursor_keys has no key after inserting one");
		return err_internal(err);
	}
	return 0;
}

/* The position of row i (the three sort columns from ncols on). */
static void
pos_of(struct db_cursor_pos *p, struct arena *a, const PGresult *res, int i,
    int ncols, int reverse)
{
	memset(p, 0, sizeof(*p));
	p->reverse = reverse;
	p->at.key = db_col(a, res, i, ncols);
	p->at.created = db_col(a, res, i, ncols + 1);
	p->at.id = db_col(a, res, i, ncols + 2);
}

struct page {
	struct arena		*a;
	const unsigned char	*key;
	unsigned char		 bind[32];
	time_t			 now;
};

static const char *
enc(struct page *pg, const struct db_cursor_pos *p)
{
	return db_cursor_encode(pg->a, p, pg->key, pg->bind, pg->now);
}

/*
 * Cursors around a page of `take` rows (list order = DB order, or its
 * reverse for a backward page) fetched after `in`; `more` says the
 * query found a row beyond the page. The next page always continues
 * from the last row shown, or from where this one started when it is
 * empty, so a walk never skips or repeats.
 */
static void
neighbours(struct query_cursor *qc, struct page *pg, const PGresult *res,
    int take, int more, int ncols, const struct db_cursor_pos *in)
{
	struct db_cursor_pos	p;
	int			first, last;

	qc->next = qc->prev = NULL;
	/* DB row indexes of the first and last row in list order. */
	first = in->reverse ? take - 1 : 0;
	last = in->reverse ? 0 : take - 1;
	if (more || in->reverse) {
		if (take > 0)
			pos_of(&p, pg->a, res, last, ncols, 0);
		else {
			p = *in;
			p.reverse = 0;
		}
		qc->next = enc(pg, &p);
	}
	if (in->reverse ? more : !in->start) {
		if (take > 0)
			pos_of(&p, pg->a, res, first, ncols, 1);
		else {
			p = *in;
			p.reverse = 1;
		}
		qc->prev = enc(pg, &p);
	}
}

int
db_cursor_page(struct db_conn *c, struct arena *a, struct db_sqlbuf *b,
    const struct db_sort *s, long long limit,
    struct query_cursor *qc, void (*row)(void *, const PGresult *, int),
    void *arg, struct err *err)
{
	struct db_sqlbuf	 ob;
	struct db_cursor_pos	 in;
	struct page		 pg;
	unsigned char		 key[DB_CURSOR_KEY_LEN];
	PGresult		*res;
	int			 i, got, take, ncols;
	char			 num[32];

	db_sqlbuf_init(&ob, a);
	db_sql_sort_order(&ob, s, 0);
	db_cursor_bind(pg.bind, b, ob.text, qc->bind);
	if (db_cursor_key(key, c, a, err) == -1)
		return -1;
	pg.a = a;
	pg.key = key;
	pg.now = time(NULL);
	memset(&in, 0, sizeof(in));
	in.start = 1;
	if (qc->in != NULL && qc->in[0] != '\0' &&
	    db_cursor_decode(&in, a, qc->in, key, pg.bind, pg.now, err) == -1)
		return -1;
	if (!in.start) {
		db_sqlbuf_add(b, " AND ");
		db_sql_sort_after(b, s, &in.at, in.reverse);
	}
	db_sqlbuf_add(b, " ORDER BY ");
	db_sql_sort_order(b, s, in.reverse);
	snprintf(num, sizeof(num), "%lld", limit + 1);
	db_sqlbuf_add(b, " LIMIT ");
	db_sqlbuf_addp(b, num);
	if ((res = db_exec_buf(c, b, err)) == NULL)
		return -1;
	got = PQntuples(res);
	ncols = PQnfields(res) - 3;	/* the sort columns come last */
	take = got > limit ? (int)limit : got;
	for (i = 0; i < take; i++)
		row(arg, res, in.reverse ? take - 1 - i : i);
	neighbours(qc, &pg, res, take, got > take, ncols, &in);
	PQclear(res);
	return take;
}
