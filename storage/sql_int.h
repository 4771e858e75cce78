/* SPDX-License-Identifier: MIT */
/*
 * storage/sql_int.h
 *
 * What the SQL compilers share (storage/sql_filter.c and its leaf
 * emitters storage/sql_filter_emit.c for WHERE, storage/sql_order.c for
 * ORDER BY and keyset paging): the compile state, the mapping of catalog
 * attributes to columns and JSONB, and the leaf comparisons. SQL text and
 * parameters go to the compile state's buffer; errors are 400
 * invalidFilter in c->err. Directory-private.
 */
#ifndef SCIMD_SQL_INT_H
#define SCIMD_SQL_INT_H

#include "domain/base/err.h"
#include "domain/base/query.h"
#include "domain/base/schema.h"
#include "storage/sqlbuf.h"

/* An element scope inside a value path: what `type`, `value`… refer to. */
enum elem_kind {
	EK_JSON,	/* one JSON element: `base` is its jsonb expression */
	EK_GROUPS,	/* a user's group: a group_members row joined to groups */
	EK_MEMBERS,	/* a group's member: a group_members row */
	EK_ROLES	/* a user's role: the one held, from columns */
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

/* Leaf comparisons: storage/sql_filter_emit.c. */

/* A scalar operand: its jsonb form (NULL for a column) and text form. */
struct sqlc_operand {
	const char	*json;
	const char	*text;
};

/* The filter keyword of a comparison operator ("eq" …), for details. */
extern const char *const db_sql_op_kw[];

/* Whether op is gt, ge, lt or le. */
int	db_sql_is_ordering(enum query_op op);

/* Appends trusted SQL text. */
void	db_sql_add(struct sqlc *, const char *sql);
/* Binds value and appends "$n::type". */
void	db_sql_addp(struct sqlc *, const char *value, const char *type);

/*
 * Whether the positive operator of n and its value fit attribute t, as
 * scim_filter_check decides, so an unchecked AST cannot produce a bad
 * cast. Returns 0, or -1 with the error set.
 */
int	db_sql_fits(struct sqlc *, const struct query_node *n,
	    const struct schema_attr *t);

/*
 * A string comparison (or pr) of positive leaf n on text expression x;
 * ci folds both sides with lower(). Never fails: the caller checked n.
 */
void	db_sql_emit_text(struct sqlc *, const char *x,
	    const struct query_node *n, int ci);

/*
 * The comparison of positive leaf n on operand o of schema type t (pr,
 * boolean, number or string; dateTime is refused). Returns 0 or -1.
 */
int	db_sql_emit_operand(struct sqlc *, const struct sqlc_operand *o,
	    const struct query_node *n, const struct schema_attr *t);

/* Positive leaf n on a uuid column; only canonical UUIDs are cast. */
int	db_sql_emit_uuid(struct sqlc *, const char *col,
	    const struct query_node *n, const struct schema_attr *t);

/* Positive leaf n on a timestamptz column; the value read by dt_parse. */
int	db_sql_emit_time(struct sqlc *, const char *col,
	    const struct query_node *n, const struct schema_attr *t);

/* Positive leaf n on meta.resourceType, decided in C (TRUE / FALSE). */
int	db_sql_emit_resource_type(struct sqlc *, const struct query_node *n,
	    const struct schema_attr *t);

/* Positive leaf n on emails.value through the m.emails column. */
int	db_sql_emit_emails(struct sqlc *, const struct query_node *n,
	    const struct schema_attr *t);

/* Users' roles: storage/sql_filter_roles.c. */

/* Whether r is a user's `roles`, read from columns, not JSON. */
int	db_sql_is_roles(const struct sqlc *, const struct schema_ref *r);

/*
 * Opens "EXISTS (SELECT 1 FROM <the one role element> AS r<alias>(v)";
 * the caller adds " WHERE …" and the closing parenthesis.
 */
void	db_sql_roles_open(struct sqlc *, int alias);

/* Positive leaf n on sub-attribute t of role element r<alias>. */
int	db_sql_emit_role(struct sqlc *, const struct query_node *n,
	    const struct schema_attr *t, int alias);

#endif
