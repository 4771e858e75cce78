/* SPDX-License-Identifier: MIT */
/*
 * storage/sql_filter.h
 *
 * Compiles a filter AST (domain/base/query.h) into parameterised SQL
 * over the members table (alias `m`, resource type User) or the groups
 * table (alias `g`, resource type Group); sorting is storage/sql_order.h.
 * Attribute names are resolved against the schema catalog and mapped to
 * columns or JSONB paths chosen here; no name or value from the request
 * is ever copied into the SQL text. Pure: builds text, runs nothing.
 */
#ifndef SCIMD_SQL_FILTER_H
#define SCIMD_SQL_FILTER_H

#include "domain/base/err.h"
#include "domain/base/query.h"
#include "domain/base/schema.h"
#include "storage/sqlbuf.h"

/*
 * Appends a boolean SQL expression equivalent to `f` to `b`. Returns 0, or
 * -1 with err = 400 invalidFilter (unknown attribute, operator not
 * applicable to the attribute's type, too many values).
 */
int	db_sql_filter(struct db_sqlbuf *b, const struct query_node *f,
	    const struct schema_rtype *rt, struct err *err);

#endif
