/* SPDX-License-Identifier: MIT */
/*
 * storage/sql_filter.c
 *
 * Filter AST → SQL boolean expression over members (m) or groups (g);
 * ORDER BY is storage/sql_order.c. Only trusted text enters the SQL:
 * constants, column names and catalog attribute names; every value from
 * the request is a bound parameter. The semantics match scim/filter_eval.c:
 *
 * - Every leaf compiles to a two-valued expression (never SQL NULL), so
 *   NOT and ne are NULL-safe: a missing attribute is "not equal" and
 *   `not (x eq 1)` holds when x is missing. Nullable operands are written
 *   `(x IS NOT NULL AND x = $n)`, which stays usable by indexes.
 * - `ne` is NOT(eq); `eq null` is NOT(pr); `ne null` is pr.
 * - Multi-valued attributes match when any element does (EXISTS).
 * - Strings that are not caseExact compare as lower(x) = lower($n), the
 *   form the (org_id, lower(user_name)) index is built on; ordering
 *   comparisons use COLLATE "C" (code point order, as the evaluator).
 * - Casts of stored data are guarded (CASE on jsonb_typeof), and request
 *   values are checked in C before a cast ($n::uuid, $n::timestamptz), so
 *   no data and no filter can make PostgreSQL raise.
 */
#include "storage/sql_filter.h"

#include <assert.h>
#include <string.h>
#include <strings.h>

#include "domain/base/datetime.h"
#include "storage/sql_int.h"


struct elem {
	enum elem_kind			 kind;
	const struct schema_attr	*attr;
	const char			*base;
	int				 alias;
};


/* A scalar operand: its jsonb form (NULL for a column) and text form. */
struct operand {
	const char	*json;
	const char	*text;
};

static int emit_node(struct sqlc *, const struct query_node *,
	    const struct elem *);

static const char *const op_sql[] = {
	[Q_EQ] = "=", [Q_GT] = ">", [Q_GE] = ">=", [Q_LT] = "<", [Q_LE] = "<=",
};

static const char *const op_kw[] = {
	[Q_EQ] = "eq", [Q_NE] = "ne", [Q_CO] = "co", [Q_SW] = "sw",
	[Q_EW] = "ew", [Q_GT] = "gt", [Q_GE] = "ge", [Q_LT] = "lt",
	[Q_LE] = "le", [Q_PR] = "pr",
};

static int
is_ordering(enum query_op op)
{
	return op == Q_GT || op == Q_GE || op == Q_LT || op == Q_LE;
}

static int
is_substring(enum query_op op)
{
	return op == Q_CO || op == Q_SW || op == Q_EW;
}

/*
 * Catalog names go into SQL as quoted JSON keys. They are constants of
 * domain/base/schema.c, never request text; this guards the assumption.
 */
const char *
db_sql_key(const char *name)
{
	assert(strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789$:._-") == strlen(name));
	return name;
}

static int
unknown_attr(struct sqlc *c, const struct query_node *n)
{
	return err_set(c->err, 400, ST_INVALID_FILTER,
	    "unrecognized attribute \"%s%s%s\" at offset %d", n->path.attr,
	    n->path.sub ? "." : "", n->path.sub ? n->path.sub : "", n->offset);
}

/*
 * Whether the (positive) operator and the value fit attribute t; mirrors
 * scim_filter_check so an unchecked AST cannot produce a bad cast.
 */
static int
fits(struct sqlc *c, const struct query_node *n, const struct schema_attr *t)
{
	enum query_vtype	vt = n->value.type;
	int			ok;

	if (n->op == Q_PR)
		return 0;
	if (t->type == SCHEMA_COMPLEX)
		return err_set(c->err, 400, ST_INVALID_FILTER, "operator \"%s\" "
		    "cannot be applied to complex attribute \"%s\" at offset %d",
		    op_kw[n->op], t->name, n->offset);
	if ((is_ordering(n->op) && (t->type == SCHEMA_BOOLEAN ||
	    t->type == SCHEMA_BINARY)) || (is_substring(n->op) &&
	    t->type != SCHEMA_STRING && t->type != SCHEMA_REFERENCE &&
	    t->type != SCHEMA_BINARY))
		return err_set(c->err, 400, ST_INVALID_FILTER,
		    "operator \"%s\" cannot be applied to attribute \"%s\" at "
		    "offset %d", op_kw[n->op], t->name, n->offset);
	switch (t->type) {
	case SCHEMA_BOOLEAN:
		ok = vt == QV_BOOL;
		break;
	case SCHEMA_DECIMAL:
	case SCHEMA_INTEGER:
		ok = vt == QV_NUMBER;
		break;
	case SCHEMA_DATETIME:
		ok = vt == QV_STRING;	/* the format is checked by emit_time */
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

static void
add(struct sqlc *c, const char *sql)
{
	db_sqlbuf_add(c->b, sql);
}

/* "$n::type" for a new parameter. */
static void
addp(struct sqlc *c, const char *value, const char *type)
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
static void
emit_text(struct sqlc *c, const char *x, const struct query_node *n, int ci)
{
	const char	*v = n->value.str;
	const char	*lo = ci ? "lower(" : "", *lc = ci ? ")" : "";

	if (n->op == Q_PR) {
		db_sqlbuf_addf(c->b, "(%s IS NOT NULL AND %s <> '')", x, x);
		return;
	}
	db_sqlbuf_addf(c->b, "(%s IS NOT NULL AND %s%s%s", x, lo, x, lc);
	if (is_substring(n->op)) {
		add(c, " LIKE ");
		v = like_pattern(c, n->op, v);
	} else if (n->op == Q_EQ)
		add(c, " = ");
	else
		db_sqlbuf_addf(c->b, " COLLATE \"C\" %s ", op_sql[n->op]);
	add(c, lo);
	addp(c, v, "text");
	add(c, lc);
	add(c, ")");
}

/* The generic comparison on an operand of schema type t. */
static int
emit_operand(struct sqlc *c, const struct operand *o,
    const struct query_node *n, const struct schema_attr *t)
{
	if (fits(c, n, t) == -1)
		return -1;
	if (n->op == Q_PR) {
		if (o->json != NULL)
			emit_json_pr(c, o->json);
		else
			emit_text(c, o->text, n, 0);
		return 0;
	}
	switch (t->type) {
	case SCHEMA_BOOLEAN:
		db_sqlbuf_addf(c->b, "(%s IS NOT NULL AND %s = ", o->json, o->json);
		addp(c, n->value.boolean ? "true" : "false", "jsonb");
		add(c, ")");
		return 0;
	case SCHEMA_DECIMAL:
	case SCHEMA_INTEGER:
		db_sqlbuf_addf(c->b, "COALESCE(CASE WHEN jsonb_typeof(%s) = "
		    "'number' THEN (%s)::numeric %s ", o->json, o->json,
		    op_sql[n->op]);
		addp(c, n->value.str, "numeric");
		add(c, " END, false)");
		return 0;
	case SCHEMA_DATETIME:
		return err_set(c->err, 400, ST_INVALID_FILTER,
		    "filtering on dateTime attribute \"%s\" is not supported, "
		    "at offset %d", t->name, n->offset);
	default:
		emit_text(c, o->text, n, !t->case_exact);
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
static int
emit_uuid(struct sqlc *c, const char *col, const struct query_node *n,
    const struct schema_attr *t)
{
	const char	*v = n->value.str;
	int		 ci = !t->case_exact;

	if (fits(c, n, t) == -1)
		return -1;
	if (n->op == Q_PR) {
		add(c, "TRUE");		/* the column is NOT NULL */
		return 0;
	}
	if (n->op == Q_EQ) {
		if (n->value.type != QV_STRING || !is_uuid(v, !ci))
			add(c, "FALSE");
		else {
			db_sqlbuf_addf(c->b, "%s = ", col);
			addp(c, v, "uuid");
		}
		return 0;
	}
	emit_text(c, arena_printf(c->b->a, "%s::text", col), n, ci);
	return 0;
}

/* A comparison on a timestamptz column. */
static int
emit_time(struct sqlc *c, const char *col, const struct query_node *n,
    const struct schema_attr *t)
{
	const char	*v = n->value.str;
	struct dt_time	 tm;

	if (fits(c, n, t) == -1)
		return -1;
	if (n->op == Q_PR) {
		add(c, "TRUE");
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
	addp(c, v, "timestamptz");
	return 0;
}

/* meta.resourceType is the same for every row: decide in C. */
static int
emit_resource_type(struct sqlc *c, const struct query_node *n,
    const struct schema_attr *t)
{
	const char	*id = c->rt->id, *v = n->value.str;
	size_t		 li, lv;
	int		 r, cmp;

	if (fits(c, n, t) == -1)
		return -1;
	if (n->op == Q_PR) {
		add(c, "TRUE");
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
	add(c, r ? "TRUE" : "FALSE");
	return 0;
}

/* m.emails holds the lower-cased email values, GIN-indexed. */
static int
emit_emails_column(struct sqlc *c, const struct query_node *n,
    const struct schema_attr *t)
{
	const char	*v = n->value.str;

	if (fits(c, n, t) == -1)
		return -1;
	if (n->op == Q_EQ) {
		add(c, "m.emails @> ARRAY[lower(");
		addp(c, v, "text");
		add(c, ")]");
		return 0;
	}
	add(c, "EXISTS (SELECT 1 FROM unnest(m.emails) AS u(x) WHERE ");
	if (n->op == Q_PR)
		add(c, "u.x <> ''");
	else {
		if (is_substring(n->op)) {
			add(c, "u.x LIKE lower(");
			v = like_pattern(c, n->op, v);
		} else
			db_sqlbuf_addf(c->b, "u.x COLLATE \"C\" %s lower(",
			    op_sql[n->op]);
		addp(c, v, "text");
		add(c, ")");
	}
	add(c, ")");
	return 0;
}

/* Resolves a path against the elements of multi-valued el->attr. */
static const struct schema_attr *
elem_sub(const struct schema_attr *a, const struct query_path *p)
{
	if (p->urn != NULL || p->sub != NULL)
		return NULL;
	if (a->sub == NULL)
		return strcasecmp(p->attr, "value") == 0 ? a : NULL;
	return schema_sub_find(a, p->attr);
}

/* A positive leaf inside a value path. */
static int
emit_elem_leaf(struct sqlc *c, const struct query_node *n,
    const struct elem *el)
{
	const struct schema_attr	*t = elem_sub(el->attr, &n->path);
	struct operand			 o;

	if (t == NULL)
		return unknown_attr(c, n);
	if (el->kind == EK_JSON) {
		if (t == el->attr) {
			o.json = el->base;
			o.text = arena_printf(c->b->a, "(%s #>> '{}')", el->base);
		} else {
			o.json = arena_printf(c->b->a, "%s->'%s'", el->base, db_sql_key(t->name));
			o.text = arena_printf(c->b->a, "%s->>'%s'", el->base, db_sql_key(t->name));
		}
		return emit_operand(c, &o, n, t);
	}
	if (strcmp(t->name, "value") == 0)
		return emit_uuid(c, arena_printf(c->b->a, "gm%d.%s", el->alias,
		    el->kind == EK_GROUPS ? "group_id" : "member_id"), n, t);
	if (el->kind == EK_GROUPS && strcmp(t->name, "display") == 0) {
		if (fits(c, n, t) == -1)
			return -1;
		emit_text(c, arena_printf(c->b->a, "gg%d.display_name",
		    el->alias), n, 1);
		return 0;
	}
	return err_set(c->err, 400, ST_INVALID_FILTER,
	    "filtering on %s.%s is not supported, at offset %d",
	    el->attr->name, t->name, n->offset);
}

/*
 * EXISTS over the elements of a multi-valued attribute with `inner`
 * evaluated per element (NULL: any element). `arr` is the jsonb array
 * for EK_JSON; a non-array (bad data) counts as empty.
 */
static int
emit_exists(struct sqlc *c, enum elem_kind kind, const struct schema_attr *a,
    const char *arr, const struct query_node *inner)
{
	struct elem	el = { .kind = kind, .attr = a, .alias = ++c->nalias };

	switch (kind) {
	case EK_JSON:
		db_sqlbuf_addf(c->b, "EXISTS (SELECT 1 FROM jsonb_array_elements("
		    "CASE WHEN jsonb_typeof(%s) = 'array' THEN %s ELSE '[]'::jsonb "
		    "END) AS e%d(v)", arr, arr, el.alias);
		el.base = arena_printf(c->b->a, "e%d.v", el.alias);
		break;
	case EK_GROUPS:
		db_sqlbuf_addf(c->b, "EXISTS (SELECT 1 FROM group_members gm%d "
		    "JOIN groups gg%d ON gg%d.id = gm%d.group_id WHERE "
		    "gm%d.member_id = m.id", el.alias, el.alias, el.alias,
		    el.alias, el.alias);
		break;
	case EK_MEMBERS:
		db_sqlbuf_addf(c->b, "EXISTS (SELECT 1 FROM group_members gm%d "
		    "WHERE gm%d.group_id = g.id", el.alias, el.alias);
		break;
	}
	if (inner != NULL) {
		add(c, kind == EK_JSON ? " WHERE " : " AND ");
		if (emit_node(c, inner, &el) == -1)
			return -1;
	}
	add(c, ")");
	return 0;
}

enum elem_kind
db_sql_relation(const struct sqlc *c, const struct schema_ref *r)
{
	if (r->schema == c->rt->core && !c->is_group &&
	    strcmp(r->attr->name, "groups") == 0)
		return EK_GROUPS;
	if (r->schema == c->rt->core && c->is_group &&
	    strcmp(r->attr->name, "members") == 0)
		return EK_MEMBERS;
	return EK_JSON;
}

/* The jsonb expression of a top-level attribute. */
const char *
db_sql_json_attr(struct sqlc *c, const struct schema_ref *r, int text)
{
	const char	*arrow = text ? "->>" : "->";

	if (c->rt->ext != NULL && r->schema == c->rt->ext)
		return arena_printf(c->b->a, "%s.resource->'%s'%s'%s'", c->t,
		    db_sql_key(c->rt->ext->id), arrow, db_sql_key(r->attr->name));
	return arena_printf(c->b->a, "%s.resource%s'%s'", c->t, arrow,
	    db_sql_key(r->attr->name));
}

/*
 * Emails filters the m.emails column can answer: `emails.value` and
 * plain `emails` with any operator but pr of the array itself.
 */
static int
is_emails_value(const struct sqlc *c, const struct schema_ref *r,
    const struct query_node *n)
{
	return !c->is_group && r->schema == c->rt->core &&
	    strcmp(r->attr->name, "emails") == 0 &&
	    (r->sub != NULL ? strcmp(r->sub->name, "value") == 0 : n->op != Q_PR);
}

/* Columns of members / groups for common and core attributes. */
static int
emit_column_leaf(struct sqlc *c, const struct query_node *n,
    const struct schema_ref *r, int *done)
{
	const char	*name = r->attr->name;
	const char	*col = NULL;

	*done = 1;
	if (r->schema == &schema_common) {
		if (strcmp(name, "id") == 0)
			return emit_uuid(c, arena_printf(c->b->a, "%s.id", c->t),
			    n, r->attr);
		if (strcmp(name, "externalId") == 0) {
			if (fits(c, n, r->attr) == -1)
				return -1;
			emit_text(c, arena_printf(c->b->a, "%s.external_id", c->t),
			    n, !r->attr->case_exact);
			return 0;
		}
		/* meta */
		if (r->sub == NULL && n->op == Q_PR) {
			add(c, "TRUE");
			return 0;
		}
		if (r->sub != NULL && strcmp(r->sub->name, "created") == 0)
			col = "created_at";
		else if (r->sub != NULL && strcmp(r->sub->name, "lastModified") == 0)
			col = "updated_at";
		else if (r->sub != NULL && strcmp(r->sub->name, "resourceType") == 0)
			return emit_resource_type(c, n, r->sub);
		else if (r->sub != NULL && n->op == Q_PR) {
			add(c, "TRUE");
			return 0;
		}
		if (col == NULL)
			return err_set(c->err, 400, ST_INVALID_FILTER,
			    "filtering on meta%s%s is not supported, at offset %d",
			    r->sub ? "." : "", r->sub ? r->sub->name : "",
			    n->offset);
		return emit_time(c, arena_printf(c->b->a, "%s.%s", c->t, col),
		    n, r->sub);
	}
	if (r->schema != c->rt->core || r->sub != NULL) {
		*done = 0;
		return 0;
	}
	if (strcmp(name, "displayName") == 0)
		col = "display_name";
	else if (!c->is_group && strcmp(name, "userName") == 0)
		col = "user_name";
	else if (!c->is_group && strcmp(name, "active") == 0) {
		if (fits(c, n, r->attr) == -1)
			return -1;
		if (n->op == Q_PR)
			add(c, "TRUE");
		else {
			add(c, "m.active = ");
			addp(c, n->value.boolean ? "true" : "false", "boolean");
		}
		return 0;
	}
	if (col == NULL) {
		*done = 0;
		return 0;
	}
	if (fits(c, n, r->attr) == -1)
		return -1;
	emit_text(c, arena_printf(c->b->a, "%s.%s", c->t, col), n,
	    !r->attr->case_exact);
	return 0;
}

/* A positive leaf outside value paths. */
static int
emit_top_leaf(struct sqlc *c, const struct query_node *n)
{
	struct schema_ref	 r;
	struct query_node	 inner;
	struct operand		 o;
	const struct schema_attr *t;
	enum elem_kind		 kind;
	int			 done, rc;

	if (schema_resolve(&r, c->rt, n->path.urn, n->path.attr, n->path.sub) == -1)
		return unknown_attr(c, n);
	rc = emit_column_leaf(c, n, &r, &done);
	if (rc == -1 || done)
		return rc;
	/* gt/lt never fall back to `value`; nor does anything without one. */
	if (r.sub == NULL && r.attr->type == SCHEMA_COMPLEX && n->op != Q_PR &&
	    (!r.attr->multi || is_ordering(n->op) ||
	    schema_sub_find(r.attr, "value") == NULL))
		return err_set(c->err, 400, ST_INVALID_FILTER,
		    "operator \"%s\" cannot be applied to complex attribute "
		    "\"%s\" at offset %d", op_kw[n->op], r.attr->name, n->offset);
	if (is_emails_value(c, &r, n))
		return emit_emails_column(c, n, schema_sub_find(r.attr, "value"));
	kind = db_sql_relation(c, &r);
	if (r.attr->multi && !(n->op == Q_PR && r.sub == NULL)) {
		/* x.sub op v ≡ x[sub op v]; a complex x compares its value. */
		inner = *n;
		memset(&inner.path, 0, sizeof(inner.path));
		inner.path.attr = r.sub != NULL ? r.sub->name : "value";
		return emit_exists(c, kind, r.attr, kind == EK_JSON ?
		    db_sql_json_attr(c, &r, 0) : NULL, &inner);
	}
	if (kind != EK_JSON)		/* pr of groups / members */
		return emit_exists(c, kind, r.attr, NULL, NULL);
	if (r.sub != NULL) {
		o.json = arena_printf(c->b->a, "%s->'%s'", db_sql_json_attr(c, &r, 0),
		    db_sql_key(r.sub->name));
		o.text = arena_printf(c->b->a, "%s->>'%s'", db_sql_json_attr(c, &r, 0),
		    db_sql_key(r.sub->name));
		t = r.sub;
	} else {
		o.json = db_sql_json_attr(c, &r, 0);
		o.text = db_sql_json_attr(c, &r, 1);
		t = r.attr;
	}
	return emit_operand(c, &o, n, t);
}

/* Rewrites ne / null comparisons as a positive leaf plus NOT. */
static int
emit_leaf(struct sqlc *c, const struct query_node *n, const struct elem *el)
{
	struct query_node	pos = *n;
	int			neg = 0, rc;

	if (n->op == Q_EQ || n->op == Q_NE) {
		if (n->value.type == QV_NULL) {
			neg = n->op == Q_EQ;
			pos.op = Q_PR;
		} else {
			neg = n->op == Q_NE;
			pos.op = Q_EQ;
		}
	} else if (n->value.type == QV_NULL && n->op != Q_PR)
		return err_set(c->err, 400, ST_INVALID_FILTER,
		    "null can only be compared with eq or ne, at offset %d",
		    n->offset);
	if (neg)
		add(c, "(NOT ");
	rc = el != NULL ? emit_elem_leaf(c, &pos, el) : emit_top_leaf(c, &pos);
	if (neg)
		add(c, ")");
	return rc;
}

/*
 * Collects `value eq "x"` conjuncts of an emails value filter: the
 * m.emails column can pre-filter those rows through its GIN index.
 */
static void
emails_prefilter(struct sqlc *c, const struct query_node *n)
{
	if (n->op == Q_AND) {
		emails_prefilter(c, n->left);
		emails_prefilter(c, n->right);
		return;
	}
	if (n->op == Q_EQ && n->path.urn == NULL && n->path.sub == NULL &&
	    strcasecmp(n->path.attr, "value") == 0 &&
	    (n->value.type == QV_STRING || n->value.type == QV_NUMBER)) {
		add(c, "m.emails @> ARRAY[lower(");
		addp(c, n->value.str, "text");
		add(c, ")] AND ");
	}
}

static int
emit_value_path(struct sqlc *c, const struct query_node *n)
{
	struct schema_ref	r;
	struct elem		el;
	enum elem_kind		kind;
	int			rc;

	if (n->path.sub != NULL ||
	    schema_resolve(&r, c->rt, n->path.urn, n->path.attr, NULL) == -1)
		return unknown_attr(c, n);
	if (!r.attr->multi && r.attr->type != SCHEMA_COMPLEX)
		return err_set(c->err, 400, ST_INVALID_FILTER,
		    "value path on attribute \"%s\" that is neither "
		    "multi-valued nor complex, at offset %d", r.attr->name,
		    n->offset);
	kind = db_sql_relation(c, &r);
	if (r.attr->multi) {
		add(c, "(");
		if (!c->is_group && r.schema == c->rt->core &&
		    strcmp(r.attr->name, "emails") == 0)
			emails_prefilter(c, n->left);
		rc = emit_exists(c, kind, r.attr, kind == EK_JSON ?
		    db_sql_json_attr(c, &r, 0) : NULL, n->left);
		add(c, ")");
		return rc;
	}
	/* A singular complex attribute is its own one element. */
	memset(&el, 0, sizeof(el));
	el.kind = EK_JSON;
	el.attr = r.attr;
	el.base = db_sql_json_attr(c, &r, 0);
	return emit_node(c, n->left, &el);
}

static int
emit_node(struct sqlc *c, const struct query_node *n, const struct elem *el)
{
	int	rc;

	switch (n->op) {
	case Q_AND:
	case Q_OR:
		add(c, "(");
		if (emit_node(c, n->left, el) == -1)
			return -1;
		add(c, n->op == Q_AND ? " AND " : " OR ");
		rc = emit_node(c, n->right, el);
		add(c, ")");
		return rc;
	case Q_NOT:
		add(c, "(NOT ");
		rc = emit_node(c, n->left, el);
		add(c, ")");
		return rc;
	case Q_VALUEPATH:
		if (el != NULL)
			return err_set(c->err, 400, ST_INVALID_FILTER,
			    "value paths cannot be nested, at offset %d",
			    n->offset);
		return emit_value_path(c, n);
	default:
		return emit_leaf(c, n, el);
	}
}

void
db_sqlc_init(struct sqlc *c, struct db_sqlbuf *b, const struct schema_rtype *rt,
    struct err *err)
{
	memset(c, 0, sizeof(*c));
	c->b = b;
	c->rt = rt;
	c->is_group = rt == &schema_rtype_group;
	c->t = c->is_group ? "g" : "m";
	c->err = err;
}

int
db_sql_filter(struct db_sqlbuf *b, const struct query_node *f,
    const struct schema_rtype *rt, struct err *err)
{
	struct sqlc	c;

	db_sqlc_init(&c, b, rt, err);
	if (emit_node(&c, f, NULL) == -1)
		return -1;
	if (b->overflow)
		return err_set(err, 400, ST_INVALID_FILTER,
		    "filter has too many values (maximum %d)", DB_SQL_MAX_PARAMS);
	return 0;
}
