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

static int
page_by_offset(struct db_conn *c, struct db_sqlbuf *b, const struct db_sort *s,
    const struct db_list *l, struct err *err)
{
	PGresult	*res;
	char		 num[32];
	int		 i;

	db_sqlbuf_add(b, " ORDER BY ");
	db_sql_sort_order(b, s, 0);
	snprintf(num, sizeof(num), "%lld", l->limit);
	db_sqlbuf_add(b, " LIMIT ");
	db_sqlbuf_addp(b, num);
	snprintf(num, sizeof(num), "%lld", l->offset);
	db_sqlbuf_add(b, " OFFSET ");
	db_sqlbuf_addp(b, num);
	if ((res = db_exec_buf(c, b, err)) == NULL)
		return -1;
	for (i = 0; i < PQntuples(res) && i < l->limit; i++)
		l->row(l->arg, res, i);
	PQclear(res);
	return 0;
}

int
db_list_run(long long *total, struct db_conn *c, struct arena *a,
    const char *org_id, const struct db_list *l, struct err *err)
{
	struct db_sqlbuf	 b;
	struct db_sort		 s;
	PGresult		*res;

	db_sqlbuf_init(&b, a);
	if (db_sql_sort(&s, &b, l->sort_by, l->descending, l->rt, err) == -1)
		return -1;
	db_sqlbuf_add(&b, "SELECT count(*)");
	if (where(&b, org_id, l, err) == -1 ||
	    (res = db_exec_buf(c, &b, err)) == NULL)
		return -1;
	*total = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	if (l->cursor == NULL && (l->limit <= 0 || l->offset >= *total))
		return 0;

	db_sqlbuf_init(&b, a);
	db_sqlbuf_add(&b, "SELECT ");
	db_sqlbuf_add(&b, l->cols);
	db_sql_sort_cols(&b, &s);
	if (where(&b, org_id, l, err) == -1)
		return -1;
	if (l->cursor != NULL)
		return db_cursor_page(c, a, &b, &s, l->limit, l->cursor, l->row,
		    l->arg, err) == -1 ? -1 : 0;
	return page_by_offset(c, &b, &s, l, err);
}
