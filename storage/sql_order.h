/* SPDX-License-Identifier: MIT */
/*
 * storage/sql_order.h
 *
 * sortBy → ORDER BY over members (m) or groups (g), and the keyset
 * predicates cursor paging needs: "the rows after this one" in the same
 * total order. The order always ends with the unique tie-break
 * (created_at, id), so it is total and every position is exact. Pure:
 * builds text, runs nothing; values are bound parameters.
 */
#ifndef SCIMD_SQL_ORDER_H
#define SCIMD_SQL_ORDER_H

#include "domain/base/err.h"
#include "domain/base/query.h"
#include "domain/base/schema.h"
#include "storage/sqlbuf.h"

/* A compiled sort: expression (NULL when only the tie-break orders). */
struct db_sort {
	const char	*t;		/* table alias */
	const char	*expr;		/* sort expression or NULL */
	const char	*type;		/* SQL type of expr */
	int		 descending;	/* direction of expr */
	int		 ties_desc;	/* direction of (created_at, id) */
	int		 sorted;	/* a sortBy was given */
};

/*
 * A row's place in the order, in text form as db_sql_sort_cols selects
 * it. Strings are borrowed.
 */
struct db_keypos {
	const char	*key;		/* sort key text; NULL: SQL NULL */
	const char	*created;	/* created_at, microseconds since 1970 */
	const char	*id;		/* uuid */
};

/*
 * Resolves sortBy `by` (NULL: creation order) for rt. Returns 0, or -1
 * with err = 400 invalidValue (unknown, complex or unsupported sort
 * attribute). Expressions are allocated in b's arena; nothing is
 * appended to b.
 */
int	db_sql_sort(struct db_sort *, struct db_sqlbuf *b,
	    const struct query_path *by, int descending,
	    const struct schema_rtype *rt, struct err *err);

/* Appends the ORDER BY list (no keywords); `reverse` flips every term. */
void	db_sql_sort_order(struct db_sqlbuf *b, const struct db_sort *,
	    int reverse);

/* Appends ", <key>, <created>, <id>": the three db_keypos columns. */
void	db_sql_sort_cols(struct db_sqlbuf *b, const struct db_sort *);

/*
 * Appends a boolean expression true for the rows strictly after `p` in
 * the order (reverse = 1: in the reversed order, i.e. before p).
 */
void	db_sql_sort_after(struct db_sqlbuf *b, const struct db_sort *,
	    const struct db_keypos *p, int reverse);

/*
 * Appends the ORDER BY list (without the keywords) for sorting by `by`
 * (NULL: creation order) ascending or descending, always ending with a
 * unique tie-break so every page sees the same order. Returns 0, or -1
 * with err = 400 invalidValue (unknown or multi-valued sort attribute).
 */
int	db_sql_order(struct db_sqlbuf *b, const struct query_path *by,
	    int descending, const struct schema_rtype *rt, struct err *err);

#endif
