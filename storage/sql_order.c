/* SPDX-License-Identifier: MIT */
/*
 * storage/sql_order.c
 *
 * sortBy → ORDER BY, and keyset predicates over the same order for
 * cursor paging. The order is (sort key, created_at, id): with a sortBy
 * the key runs in the asked direction (RFC 7644 §3.4.2.3: missing values
 * last ascending, first descending, which is PostgreSQL's default NULL
 * placement) and ties run ascending; without one, creation order runs in
 * the asked direction. A keyset predicate repeats the ORDER BY
 * expression, so both use the same collation and the same NULL rules.
 */
#include "storage/sql_order.h"

#include <string.h>

#include "storage/sql_int.h"

/* created_at as exact integer microseconds, and back. */
#define MICROS(col)	"(extract(epoch FROM " col ") * 1000000)::bigint"

static int
bad_sort(struct err *err, const char *why, const struct query_path *by)
{
	return err_set(err, 400, ST_INVALID_VALUE, "%s sortBy attribute "
	    "\"%s%s%s\"", why, by->attr, by->sub ? "." : "", by->sub ? by->sub : "");
}

/*
 * The sort key of a multi-valued attribute (RFC 7644 §3.4.2.3): the
 * primary value, else the first one.
 */
static const char *
sort_multi(struct sqlc *c, const struct schema_ref *r,
    const struct schema_attr *t)
{
	const char	*arr = db_sql_json_attr(c, r, 0);
	const char	*v;
	int		 k = ++c->nalias;

	v = arena_printf(c->b->a, "(SELECT e%d.v->>'%s' FROM jsonb_array_elements("
	    "CASE WHEN jsonb_typeof(%s) = 'array' THEN %s ELSE '[]'::jsonb END) "
	    "WITH ORDINALITY AS e%d(v, i) ORDER BY (e%d.v->'primary' = "
	    "'true'::jsonb) IS NOT TRUE, e%d.i LIMIT 1)", k, db_sql_key(t->name),
	    arr, arr, k, k, k);
	return t->case_exact ? v : arena_printf(c->b->a, "scimd_fold(%s)", v);
}

/* Columns and constants of members / groups; *done = 0 when neither. */
static const char *
sort_column(struct sqlc *c, const struct schema_ref *r, const char **type,
    int *done)
{
	const char	*name = r->attr->name;

	*done = 1;
	*type = "text";
	if (r->schema == &schema_common) {
		if (strcmp(name, "id") == 0) {
			*type = "uuid";
			return arena_printf(c->b->a, "%s.id", c->t);
		}
		if (strcmp(name, "externalId") == 0)
			return arena_printf(c->b->a, "%s.external_id", c->t);
		*type = "timestamptz";
		if (r->sub != NULL && strcmp(r->sub->name, "created") == 0)
			return arena_printf(c->b->a, "%s.created_at", c->t);
		if (r->sub != NULL && strcmp(r->sub->name, "lastModified") == 0)
			return arena_printf(c->b->a, "%s.updated_at", c->t);
		if (r->sub != NULL && strcmp(r->sub->name, "resourceType") == 0)
			return "";	/* constant: only the tie-break orders */
		return NULL;
	}
	if (r->schema == c->rt->core && r->sub == NULL) {
		if (strcmp(name, "displayName") == 0)
			return arena_printf(c->b->a,
			    "scimd_fold(%s.display_name)", c->t);
		if (!c->is_group && strcmp(name, "userName") == 0)
			return "scimd_fold(m.user_name)";
		if (!c->is_group && strcmp(name, "active") == 0) {
			*type = "boolean";
			return "m.active";
		}
	}
	*done = 0;
	return NULL;
}

/* The ORDER BY expression for a resolved sort attribute, or NULL. */
static const char *
sort_expr(struct sqlc *c, const struct schema_ref *r, const char **type,
    const char **why)
{
	const struct schema_attr	*t = r->sub != NULL ? r->sub : r->attr;
	const char			*j, *x;
	int				 done;

	*why = "unsupported";
	x = sort_column(c, r, type, &done);
	if (done)
		return x;
	*type = "text";
	if (db_sql_relation(c, r) != EK_JSON)
		return NULL;
	if (r->attr->multi) {
		*why = "multi-valued";
		if (r->sub == NULL) {
			t = r->attr->type == SCHEMA_COMPLEX ?
			    schema_sub_find(r->attr, "value") : NULL;
			if (t == NULL)
				return NULL;
		}
		if (t->type != SCHEMA_STRING && t->type != SCHEMA_REFERENCE)
			return NULL;
		return sort_multi(c, r, t);
	}
	if (t->type == SCHEMA_COMPLEX) {
		*why = "complex";
		return NULL;
	}
	j = db_sql_json_attr(c, r, r->sub == NULL);
	if (r->sub != NULL) {
		x = arena_printf(c->b->a, "%s->'%s'", j, db_sql_key(t->name));
		j = arena_printf(c->b->a, "%s->>'%s'", j, db_sql_key(t->name));
	} else
		x = db_sql_json_attr(c, r, 0);
	switch (t->type) {
	case SCHEMA_BOOLEAN:
		*type = "boolean";
		return arena_printf(c->b->a, "CASE WHEN jsonb_typeof(%s) = "
		    "'boolean' THEN (%s)::boolean END", x, x);
	case SCHEMA_DECIMAL:
	case SCHEMA_INTEGER:
		*type = "numeric";
		return arena_printf(c->b->a, "CASE WHEN jsonb_typeof(%s) = "
		    "'number' THEN (%s)::numeric END", x, x);
	case SCHEMA_DATETIME:
		return NULL;
	default:
		return t->case_exact ? j : arena_printf(c->b->a, "scimd_fold(%s)", j);
	}
}

int
db_sql_sort(struct db_sort *s, struct db_sqlbuf *b, const struct query_path *by,
    int descending, const struct schema_rtype *rt, struct err *err)
{
	struct sqlc		 c;
	struct schema_ref	 r;
	const char		*x, *why;

	db_sqlc_init(&c, b, rt, err);
	memset(s, 0, sizeof(*s));
	s->t = c.t;
	if (by == NULL) {
		/* Creation order; the id breaks ties between equal timestamps. */
		s->ties_desc = descending;
		return 0;
	}
	if (schema_resolve(&r, rt, by->urn, by->attr, by->sub) == -1)
		return bad_sort(err, "unrecognized", by);
	x = sort_expr(&c, &r, &s->type, &why);
	if (x == NULL)
		return bad_sort(err, why, by);
	s->expr = *x != '\0' ? x : NULL;
	s->sorted = 1;
	s->descending = descending;
	return 0;
}

void
db_sql_sort_order(struct db_sqlbuf *b, const struct db_sort *s, int reverse)
{
	const char	*ties = (s->ties_desc ^ reverse) ? "DESC" : "ASC";

	if (s->expr != NULL)
		db_sqlbuf_addf(b, "%s %s, ", s->expr, (s->descending ^ reverse) ?
		    "DESC NULLS FIRST" : "ASC NULLS LAST");
	if (s->sorted && *ties == 'A')	/* the historical spelling */
		db_sqlbuf_addf(b, "%s.created_at, %s.id", s->t, s->t);
	else
		db_sqlbuf_addf(b, "%s.created_at %s, %s.id %s", s->t, ties,
		    s->t, ties);
}

void
db_sql_sort_cols(struct db_sqlbuf *b, const struct db_sort *s)
{
	if (s->expr == NULL)
		db_sqlbuf_add(b, ", NULL");
	else if (strcmp(s->type, "timestamptz") == 0)
		db_sqlbuf_addf(b, ", " MICROS("%s") "::text", s->expr);
	else
		db_sqlbuf_addf(b, ", (%s)::text", s->expr);
	db_sqlbuf_addf(b, ", " MICROS("%s.created_at") ", %s.id", s->t, s->t);
}

/* A key value as a typed SQL operand ($n::type). */
static void
add_key(struct db_sqlbuf *b, const char *type, const char *v)
{
	int	n = db_sqlbuf_param(b, v);

	if (strcmp(type, "timestamptz") == 0)
		db_sqlbuf_addf(b, "('epoch'::timestamptz + $%d::bigint * "
		    "interval '1 microsecond')", n);
	else
		db_sqlbuf_addf(b, "$%d::%s", n, type);
}

/* (created_at, id) strictly after p, a row comparison an index can use. */
static void
ties_after(struct db_sqlbuf *b, const struct db_sort *s,
    const struct db_keypos *p, int desc)
{
	db_sqlbuf_addf(b, "(%s.created_at, %s.id) %s (", s->t, s->t,
	    desc ? "<" : ">");
	add_key(b, "timestamptz", p->created);
	db_sqlbuf_add(b, ", ");
	add_key(b, "uuid", p->id);
	db_sqlbuf_add(b, ")");
}

/*
 * With a sort key x the rows after p are those whose x comes later, plus
 * those with an equal x (both NULL counts as equal) and later ties.
 * Ascending puts NULLs last, descending first.
 */
void
db_sql_sort_after(struct db_sqlbuf *b, const struct db_sort *s,
    const struct db_keypos *p, int reverse)
{
	int		 desc = s->descending ^ reverse;
	const char	*x = s->expr;

	if (x == NULL) {
		ties_after(b, s, p, s->ties_desc ^ reverse);
		return;
	}
	db_sqlbuf_add(b, "(");
	if (p->key == NULL) {
		db_sqlbuf_addf(b, "(%s IS NULL AND ", x);
		ties_after(b, s, p, s->ties_desc ^ reverse);
		db_sqlbuf_add(b, ")");
		if (desc)
			db_sqlbuf_addf(b, " OR %s IS NOT NULL", x);
		db_sqlbuf_add(b, ")");
		return;
	}
	db_sqlbuf_addf(b, "%s %s ", x, desc ? "<" : ">");
	add_key(b, s->type, p->key);
	if (!desc)
		db_sqlbuf_addf(b, " OR %s IS NULL", x);
	db_sqlbuf_addf(b, " OR (%s = ", x);
	add_key(b, s->type, p->key);
	db_sqlbuf_add(b, " AND ");
	ties_after(b, s, p, s->ties_desc ^ reverse);
	db_sqlbuf_add(b, "))");
}

int
db_sql_order(struct db_sqlbuf *b, const struct query_path *by, int descending,
    const struct schema_rtype *rt, struct err *err)
{
	struct db_sort	s;

	if (db_sql_sort(&s, b, by, descending, rt, err) == -1)
		return -1;
	db_sql_sort_order(b, &s, 0);
	return 0;
}
