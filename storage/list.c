/* SPDX-License-Identifier: MIT */
/*
 * storage/list.c
 *
 * The list query shared by /Users, /Groups and .search.
 */
#include "storage/list_int.h"

#include <stdio.h>
#include <stdlib.h>

#include "storage/conn_int.h"
#include "storage/cursor.h"
#include "storage/sql_filter.h"
#include "storage/sql_order.h"
#include "storage/stats.h"

static int
where(struct db_sqlbuf *b, const char *org_id, const struct db_list *l,
    struct err *err)
{
	db_sqlbuf_add(b, l->from);
	db_sqlbuf_addp(b, org_id);
	if (l->live != NULL)
		db_sqlbuf_add(b, l->live);
	if (l->filter == NULL)
		return 0;
	db_sqlbuf_add(b, " AND (");
	if (db_sql_filter(b, l->filter, l->rt, err) == -1)
		return -1;
	db_sqlbuf_add(b, ")");
	return 0;
}

/*
 * Index paging by deferred join: the inner query walks only the order
 * and the filter, so rows skipped by OFFSET cost an index entry each
 * (an index-only scan for the default order) instead of a heap fetch
 * and the rendering of their columns; only the page's rows are read in
 * full. OFFSET 0 keeps the lookup per id, the one plan that fits.
 * Fetches one row more than the page, which tells whether rows follow.
 */
static int
page_by_offset(long long *got, struct db_conn *c, struct db_sqlbuf *b,
    const struct db_sort *s, const char *org_id, const struct db_list *l,
    struct err *err)
{
	PGresult	*res;
	char		 num[32];
	int		 i;

	db_sqlbuf_add(b, "SELECT ");
	db_sqlbuf_add(b, l->cols);
	db_sql_sort_cols(b, s);
	db_sqlbuf_addf(b, " FROM (SELECT %s.id", s->t);
	if (where(b, org_id, l, err) == -1)
		return -1;
	db_sqlbuf_add(b, " ORDER BY ");
	db_sql_sort_order(b, s, 0);
	snprintf(num, sizeof(num), "%lld", l->limit + 1);
	db_sqlbuf_add(b, " LIMIT ");
	db_sqlbuf_addp(b, num);
	snprintf(num, sizeof(num), "%lld", l->offset);
	db_sqlbuf_add(b, " OFFSET ");
	db_sqlbuf_addp(b, num);
	db_sqlbuf_addf(b, ") p CROSS JOIN LATERAL (SELECT * FROM %s "
	    "WHERE %s.id = p.id OFFSET 0) %s ORDER BY ", l->table, s->t, s->t);
	db_sql_sort_order(b, s, 0);
	if ((res = db_exec_buf(c, b, err)) == NULL)
		return -1;
	*got = PQntuples(res);
	for (i = 0; i < PQntuples(res) && i < l->limit; i++)
		l->row(l->arg, res, i);
	PQclear(res);
	return 0;
}

/*
 * Whether the page alone proves the total: no row follows it, and it is
 * either not empty or the first page (an empty page past the end says
 * nothing about how far the end is).
 */
static int
total_from_page(long long *total, const struct db_list *l, long long got)
{
	if (got > l->limit || (got == 0 && l->offset > 0))
		return 0;
	*total = l->offset + got;
	return 1;
}

static int
count(long long *total, struct db_conn *c, struct arena *a,
    const char *org_id, const struct db_list *l, struct err *err)
{
	struct db_sqlbuf	 b;
	PGresult		*res;

	db_sqlbuf_init(&b, a);
	db_sqlbuf_add(&b, "SELECT count(*)");
	if (where(&b, org_id, l, err) == -1 ||
	    (res = db_exec_buf(c, &b, err)) == NULL)
		return -1;
	*total = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

/*
 * Index paging reads the page first and counts only when the page leaves
 * the total open, so a lookup (userName eq) is one statement. Cursor
 * pages cannot tell how many rows precede them and always count.
 */
int
db_list_run(long long *total, struct db_conn *c, struct arena *a,
    const char *org_id, const struct db_list *l, struct err *err)
{
	struct db_sqlbuf	 b;
	struct db_sort		 s;
	long long		 got;

	db_stats_ensure(c);
	db_sqlbuf_init(&b, a);
	if (db_sql_sort(&s, &b, l->sort_by, l->descending, l->rt, err) == -1)
		return -1;
	if (l->cursor == NULL) {
		if (l->limit <= 0)
			return count(total, c, a, org_id, l, err);
		if (page_by_offset(&got, c, &b, &s, org_id, l, err) == -1)
			return -1;
		if (total_from_page(total, l, got))
			return 0;
		return count(total, c, a, org_id, l, err);
	}
	if (count(total, c, a, org_id, l, err) == -1)
		return -1;
	db_sqlbuf_add(&b, "SELECT ");
	db_sqlbuf_add(&b, l->cols);
	db_sql_sort_cols(&b, &s);
	if (where(&b, org_id, l, err) == -1)
		return -1;
	return db_cursor_page(c, a, &b, &s, l->limit, l->cursor, l->row,
	    l->arg, err) == -1 ? -1 : 0;
}
