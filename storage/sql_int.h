/* SPDX-License-Identifier: MIT */
/*
 * storage/sql_int.h
 *
 * What the SQL compilers share (storage/sql_filter.c for WHERE,
 * storage/sql_order.c for ORDER BY and keyset paging): the compile
 * state and the mapping of catalog attributes to columns and JSONB.
 * Directory-private.
 */
#ifndef SCIMD_SQL_INT_H
#define SCIMD_SQL_INT_H

#include "domain/base/err.h"
#include "domain/base/schema.h"
#include "storage/sqlbuf.h"

/* An element scope inside a value path: what `type`, `value`… refer to. */
enum elem_kind {
	EK_JSON,	/* one JSON element: `base` is its jsonb expression */
	EK_GROUPS,	/* a user's group: a group_members row joined to groups */
	EK_MEMBERS	/* a group's member: a group_members row */
};

struct sqlc {
	struct db_sqlbuf		*b;
	const struct schema_rtype	*rt;
	int				 is_group;
	const char			*t;	/* table alias, "m" or "g" */
	int				 nalias;
	struct err			*err;
};

void	db_sqlc_init(struct sqlc *, struct db_sqlbuf *,
	    const struct schema_rtype *rt, struct err *err);

/*
 * A catalog name as a quoted JSON key. Catalog names are constants of
 * domain/base/schema.c, never request text; asserts the assumption.
 */
const char *db_sql_key(const char *name);

/* Whether r is stored as JSON or as group_members rows. */
enum elem_kind	db_sql_relation(const struct sqlc *, const struct schema_ref *r);

/* The jsonb (text = 0) or text (text = 1) expression of a top attribute. */
const char *db_sql_json_attr(struct sqlc *, const struct schema_ref *r,
	    int text);

#endif
