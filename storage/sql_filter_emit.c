/* SPDX-License-Identifier: MIT */
/*
 * storage/sql_filter_emit.c
 *
 * The leaves of the filter compiler (storage/sql_filter.c): one
 * comparison on one operand whose schema type is known — text, number,
 * boolean, uuid and timestamptz columns, meta.resourceType and the
 * m.emails column. Resolving paths, value paths and EXISTS over
 * multi-valued attributes is storage/sql_filter.c; the semantics every
 * leaf keeps (two-valued, NULL-safe, guarded casts) are listed there.
 */
#include "storage/sql_int.h"

#include <string.h>

#include "domain/base/datetime.h"

static const char *const op_sql[] = {
	[Q_EQ] = "=", [Q_GT] = ">", [Q_GE] = ">=", [Q_LT] = "<", [Q_LE] = "<=",
};

const char *const db_sql_op_kw[] = {
	[Q_EQ] = "eq", [Q_NE] = "ne", [Q_CO] = "co", [Q_SW] = "sw",
	[Q_EW] = "ew", [Q_GT] = "gt", [Q_GE] = "ge", [Q_LT] = "lt",
	[Q_LE] = "le", [Q_PR] = "pr",
};

int
db_sql_is_ordering(enum query_op op)
{
	return op == Q_GT || op == Q_GE || op == Q_LT || op == Q_LE;
}

static int
is_substring(enum query_op op)
{
	return op == Q_CO || op == Q_SW || op == Q_EW;
}

/*
 * Whether the (positive) operator and the value fit attribute t; mirrors
 * scim_filter_check so an unchecked AST cannot produce a bad cast.
 */
int
db_sql_fits(struct sqlc *c, const struct query_node *n,
    const struct schema_attr *t)
{
	enum query_vtype	vt = n->value.type;
	int			ok;

	if (n->op == Q_PR)
		return 0;
	if (t->type == SCHEMA_COMPLEX)
		return err_set(c->err, 400, ST_INVALID_FILTER, "operator \"%s\" "
		    "cannot be applied to complex attribute \"%s\" at offset %d",
		    db_sql_op_kw[n->op], t->name, n->offset);
	if ((db_sql_is_ordering(n->op) && (t->type == SCHEMA_BOOLEAN ||
	    t->type == SCHEMA_BINARY)) || (is_substring(n->op) &&
	    t->type != SCHEMA_STRING && t->type != SCHEMA_REFERENCE &&
	    t->type != SCHEMA_BINARY))
		return err_set(c->err, 400, ST_INVALID_FILTER,
		    "operator \"%s\" cannot be applied to attribute \"%s\" at "
		    "offset %d", db_sql_op_kw[n->op], t->name, n->offset);
	switch (t->type) {
	case SCHEMA_BOOLEAN:
		ok = vt == QV_BOOL;
		break;
	case SCHEMA_DECIMAL:
	case SCHEMA_INTEGER:
		ok = vt == QV_NUMBER;
		break;
	case SCHEMA_DATETIME:
		ok = vt == QV_STRING;	/* db_sql_emit_time checks the format */
		break;
	default:
		ok = vt == QV_STRING || vt == QV_NUMBER;
		break;
	}
	if (!ok)
		return err_set(c->err, 400, ST_INVALID_FILTER,
		    "invalid value for attribute \"%s\" at offset %d", t->name,
		    n->offset);
	return 0;
}

/* LIKE pattern for co/sw/ew with % _ and \ escaped (the default ESCAPE). */
static const char *
like_pattern(struct sqlc *c, enum query_op op, const char *v)
{
	size_t	 n = strlen(v), i;
	char	*p = arena_alloc(c->b->a, 2 * n + 3), *o = p;

	if (op != Q_SW)
		*o++ = '%';
	for (i = 0; i < n; i++) {
		if (v[i] == '%' || v[i] == '_' || v[i] == '\\')
			*o++ = '\\';
		*o++ = v[i];
	}
	if (op != Q_EW)
		*o++ = '%';
	*o = '\0';
	return p;
}

void
db_sql_add(struct sqlc *c, const char *sql)
{
	db_sqlbuf_add(c->b, sql);
}

/* "$n::type" for a new parameter. */
void
db_sql_addp(struct sqlc *c, const char *value, const char *type)
{
	db_sqlbuf_addf(c->b, "$%d::%s", db_sqlbuf_param(c->b, value), type);
}

/* pr on a jsonb operand: present unless missing, null, "", [] or {}. */
static void
emit_json_pr(struct sqlc *c, const char *j)
{
	db_sqlbuf_addf(c->b, "(%s IS NOT NULL AND %s NOT IN ('null'::jsonb, "
	    "'\"\"'::jsonb, '[]'::jsonb, '{}'::jsonb))", j, j);
}

/* A string comparison on a text operand; `ci` folds both sides. */
void
db_sql_emit_text(struct sqlc *c, const char *x, const struct query_node *n,
    int ci)
{
	const char	*v = n->value.str;
	const char	*lo = ci ? "scimd_fold(" : "", *lc = ci ? ")" : "";

	if (n->op == Q_PR) {
		db_sqlbuf_addf(c->b, "(%s IS NOT NULL AND %s <> '')", x, x);
		return;
	}
	db_sqlbuf_addf(c->b, "(%s IS NOT NULL AND %s%s%s", x, lo, x, lc);
	if (is_substring(n->op)) {
		db_sql_add(c, " LIKE ");
		v = like_pattern(c, n->op, v);
	} else if (n->op == Q_EQ)
		db_sql_add(c, " = ");
	else
		db_sqlbuf_addf(c->b, " COLLATE \"C\" %s ", op_sql[n->op]);
	db_sql_add(c, lo);
	db_sql_addp(c, v, "text");
	db_sql_add(c, lc);
	db_sql_add(c, ")");
}

/* The generic comparison on an operand of schema type t. */
int
db_sql_emit_operand(struct sqlc *c, const struct sqlc_operand *o,
    const struct query_node *n, const struct schema_attr *t)
{
	if (db_sql_fits(c, n, t) == -1)
		return -1;
	if (n->op == Q_PR) {
		if (o->json != NULL)
			emit_json_pr(c, o->json);
		else
			db_sql_emit_text(c, o->text, n, 0);
		return 0;
	}
	switch (t->type) {
	case SCHEMA_BOOLEAN:
		db_sqlbuf_addf(c->b, "(%s IS NOT NULL AND %s = ", o->json, o->json);
		db_sql_addp(c, n->value.boolean ? "true" : "false", "jsonb");
		db_sql_add(c, ")");
		return 0;
	case SCHEMA_DECIMAL:
	case SCHEMA_INTEGER:
		db_sqlbuf_addf(c->b, "COALESCE(CASE WHEN jsonb_typeof(%s) = "
		    "'number' THEN (%s)::numeric %s ", o->json, o->json,
		    op_sql[n->op]);
		db_sql_addp(c, n->value.str, "numeric");
		db_sql_add(c, " END, false)");
		return 0;
	case SCHEMA_DATETIME:
		return err_set(c->err, 400, ST_INVALID_FILTER,
		    "filtering on dateTime attribute \"%s\" is not supported, "
		    "at offset %d", t->name, n->offset);
	default:
		db_sql_emit_text(c, o->text, n, !t->case_exact);
		return 0;
	}
}

/*
 * A canonical UUID (8-4-4-4-12 hex). Only such text is ever cast with
 * ::uuid, so a bad id compares false instead of raising 22P02.
 */
static int
is_uuid(const char *s, int lower_only)
{
	int	i;

	for (i = 0; i < 36; i++) {
		char	ch = s[i];

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (ch != '-')
				return 0;
		} else if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
		    (!lower_only && ch >= 'A' && ch <= 'F')))
			return 0;
	}
	return s[36] == '\0';
}

/* A comparison on a uuid column; t says whether case matters. */
int
db_sql_emit_uuid(struct sqlc *c, const char *col, const struct query_node *n,
    const struct schema_attr *t)
{
	const char	*v = n->value.str;
	int		 ci = !t->case_exact;

	if (db_sql_fits(c, n, t) == -1)
		return -1;
	if (n->op == Q_PR) {
		db_sql_add(c, "TRUE");		/* the column is NOT NULL */
		return 0;
	}
	if (n->op == Q_EQ) {
		if (n->value.type != QV_STRING || !is_uuid(v, !ci))
			db_sql_add(c, "FALSE");
		else {
			db_sqlbuf_addf(c->b, "%s = ", col);
			db_sql_addp(c, v, "uuid");
		}
		return 0;
	}
	db_sql_emit_text(c, arena_printf(c->b->a, "%s::text", col), n, ci);
	return 0;
}

/* A comparison on a timestamptz column. */
int
db_sql_emit_time(struct sqlc *c, const char *col, const struct query_node *n,
    const struct schema_attr *t)
{
	const char	*v = n->value.str;
	struct dt_time	 tm;

	if (db_sql_fits(c, n, t) == -1)
		return -1;
	if (n->op == Q_PR) {
		db_sql_add(c, "TRUE");
		return 0;
	}
	/* The reader the evaluator uses: both accept the same values. */
	if (dt_parse(&tm, v) == -1)
		return err_set(c->err, 400, ST_INVALID_FILTER,
		    "invalid dateTime value for attribute \"%s\" at offset %d",
		    t->name, n->offset);
	/* Without an offset the value is UTC, whatever the session says. */
	if (!tm.has_zone)
		v = arena_printf(c->b->a, "%sZ", v);
	db_sqlbuf_addf(c->b, "%s %s ", col, op_sql[n->op]);
	db_sql_addp(c, v, "timestamptz");
	return 0;
}

/* meta.resourceType is the same for every row: decide in C. */
int
db_sql_emit_resource_type(struct sqlc *c, const struct query_node *n,
    const struct schema_attr *t)
{
	const char	*id = c->rt->id, *v = n->value.str;
	size_t		 li, lv;
	int		 r, cmp;

	if (db_sql_fits(c, n, t) == -1)
		return -1;
	if (n->op == Q_PR) {
		db_sql_add(c, "TRUE");
		return 0;
	}
	li = strlen(id);
	lv = strlen(v);
	cmp = strcmp(id, v);
	switch (n->op) {
	case Q_EQ: r = cmp == 0; break;
	case Q_CO: r = strstr(id, v) != NULL; break;
	case Q_SW: r = strncmp(id, v, lv) == 0; break;
	case Q_EW: r = li >= lv && strcmp(id + li - lv, v) == 0; break;
	case Q_GT: r = cmp > 0; break;
	case Q_GE: r = cmp >= 0; break;
	case Q_LT: r = cmp < 0; break;
	default:   r = cmp <= 0; break;
	}
	db_sql_add(c, r ? "TRUE" : "FALSE");
	return 0;
}

/* m.emails holds the email values folded by scimd_fold, GIN-indexed. */
int
db_sql_emit_emails(struct sqlc *c, const struct query_node *n,
    const struct schema_attr *t)
{
	const char	*v = n->value.str;

	if (db_sql_fits(c, n, t) == -1)
		return -1;
	if (n->op == Q_EQ) {
		db_sql_add(c, "m.emails @> ARRAY[scimd_fold(");
		db_sql_addp(c, v, "text");
		db_sql_add(c, ")]");
		return 0;
	}
	db_sql_add(c, "EXISTS (SELECT 1 FROM unnest(m.emails) AS u(x) WHERE ");
	if (n->op == Q_PR)
		db_sql_add(c, "u.x <> ''");
	else {
		if (is_substring(n->op)) {
			db_sql_add(c, "u.x LIKE scimd_fold(");
			v = like_pattern(c, n->op, v);
		} else
			db_sqlbuf_addf(c->b, "u.x COLLATE \"C\" %s scimd_fold(",
			    op_sql[n->op]);
		db_sql_addp(c, v, "text");
		db_sql_add(c, ")");
	}
	db_sql_add(c, ")");
	return 0;
}
