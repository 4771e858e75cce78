/* SPDX-License-Identifier: MIT */
/*
 * storage/list_int.h
 *
 * One list query for every resource type: a page by OFFSET (index
 * paging) or by keyset (cursor paging), over the total order of
 * storage/sql_order.c, and the count when the page does not prove it.
 */
#ifndef SCIMD_LIST_INT_H
#define SCIMD_LIST_INT_H

#include <libpq-fe.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/query.h"
#include "domain/base/schema.h"
#include "storage/db.h"

/* What differs between listing members and listing groups. */
struct db_list {
	const struct schema_rtype	*rt;
	const char			*cols;	/* select list of the row decoder */
	const char			*table;	/* "t x": table and alias */
	const char			*from;	/* " FROM t x WHERE x.org_id = " */
	const char			*live;	/* extra condition, or NULL */
	const struct query_node		*filter;
	const struct query_path		*sort_by;
	int				 descending;
	long long			 offset;
	long long			 limit;
	struct query_cursor		*cursor;	/* non-NULL: keyset */
	/* Called for each row of the page, in list order. */
	void				(*row)(void *arg, const PGresult *res,
					    int i);
	void				*arg;
};

/* Sets *total to every match and calls l->row for the page's rows. */
int	db_list_run(long long *total, struct db_conn *, struct arena *,
	    const char *org_id, const struct db_list *l, struct err *err);

#endif
