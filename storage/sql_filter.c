/* SPDX-License-Identifier: MIT */
/*
 * storage/sql_filter.c
 *
 * Filter AST → SQL boolean expression over members (m) or groups (g):
 * resolving paths, value paths and EXISTS over multi-valued attributes;
 * the comparison at each leaf is storage/sql_filter_emit.c and ORDER BY
 * is storage/sql_order.c. Only trusted text enters the SQL: constants,
 * column names and catalog attribute names; every value from the request
 * is a bound parameter. The semantics match scim/filter/filter_eval.c:
 *
 * - Every leaf compiles to a two-valued expression (never SQL NULL), so
 *   NOT and ne are NULL-safe: a missing attribute is "not equal" and
 *   `not (x eq 1)` holds when x is missing. Nullable operands are written
 *   `(x IS NOT NULL AND x = $n)`, which stays usable by indexes.
 * - `ne` is NOT(eq); `eq null` is NOT(pr); `ne null` is pr.
 * - Multi-valued attributes match when any element does (EXISTS), for
 *   `ne` too: `emails.type ne "x"` is EXISTS(element WHERE NOT(type = x)).
 * - Strings that are not caseExact compare as scimd_fold(x) =
 *   scimd_fold($n) (Unicode simple case folding, migration 0011, the same
 *   as domain/base/casefold.h), the form the (org_id,
 *   scimd_fold(user_name)) index is built on; ordering
 *   comparisons use COLLATE "C" (code point order, as the evaluator).
 * - Casts of stored data are guarded (CASE on jsonb_typeof), and request
 *   values are checked in C before a cast ($n::uuid, $n::timestamptz), so
 *   no data and no filter can make PostgreSQL raise.
 */
#include "storage/sql_filter.h"

#include <assert.h>
#include <string.h>
#include <strings.h>

#include "domain/base/schemas_attr.h"
#include "storage/sql_int.h"

struct elem {
	enum elem_kind			 kind;
	const struct schema_attr	*attr;
	const char			*base;
	int				 alias;
};

static int emit_node(struct sqlc *, const struct query_node *,
	    const struct elem *);

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
	struct sqlc_operand			 o;

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
		return db_sql_emit_operand(c, &o, n, t);
	}
	if (el->kind == EK_ROLES)
		return db_sql_emit_role(c, n, t, el->alias);
	if (strcmp(t->name, "value") == 0)
		return db_sql_emit_uuid(c, arena_printf(c->b->a, "gm%d.%s", el->alias,
		    el->kind == EK_GROUPS ? "group_id" : "member_id"), n, t);
	if (el->kind == EK_GROUPS && strcmp(t->name, "display") == 0) {
		if (db_sql_fits(c, n, t) == -1)
			return -1;
		db_sql_emit_text(c, arena_printf(c->b->a, "gg%d.display_name",
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
	case EK_ROLES:
		db_sql_roles_open(c, el.alias);
		break;
	}
	if (inner != NULL) {
		db_sql_add(c, kind == EK_JSON || kind == EK_ROLES ? " WHERE " :
		    " AND ");
		if (emit_node(c, inner, &el) == -1)
			return -1;
	}
	db_sql_add(c, ")");
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

/*
 * Where filters read r: as db_sql_relation, but a user's roles come from
 * columns (sorting on them keeps the JSON path, storage/sql_order.c).
 */
static enum elem_kind
filter_relation(const struct sqlc *c, const struct schema_ref *r)
{
	return db_sql_is_roles(c, r) ? EK_ROLES : db_sql_relation(c, r);
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
	return !c->is_group && r->schema == c->rt->core && n->op != Q_NE &&
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
			return db_sql_emit_uuid(c, arena_printf(c->b->a, "%s.id", c->t),
			    n, r->attr);
		if (strcmp(name, "externalId") == 0) {
			if (db_sql_fits(c, n, r->attr) == -1)
				return -1;
			db_sql_emit_text(c, arena_printf(c->b->a, "%s.external_id", c->t),
			    n, !r->attr->case_exact);
			return 0;
		}
		/* meta */
		if (r->sub == NULL && n->op == Q_PR) {
			db_sql_add(c, "TRUE");
			return 0;
		}
		if (r->sub != NULL && strcmp(r->sub->name, "created") == 0)
			col = "created_at";
		else if (r->sub != NULL && strcmp(r->sub->name, "lastModified") == 0)
			col = "updated_at";
		else if (r->sub != NULL && strcmp(r->sub->name, "resourceType") == 0)
			return db_sql_emit_resource_type(c, n, r->sub);
		else if (r->sub != NULL && n->op == Q_PR) {
			db_sql_add(c, "TRUE");
			return 0;
		}
		if (col == NULL)
			return err_set(c->err, 400, ST_INVALID_FILTER,
			    "filtering on meta%s%s is not supported, at offset %d",
			    r->sub ? "." : "", r->sub ? r->sub->name : "",
			    n->offset);
		return db_sql_emit_time(c, arena_printf(c->b->a, "%s.%s", c->t, col),
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
		if (db_sql_fits(c, n, r->attr) == -1)
			return -1;
		if (n->op == Q_PR)
			db_sql_add(c, "TRUE");
		else {
			db_sql_add(c, "m.active = ");
			db_sql_addp(c, n->value.boolean ? "true" : "false", "boolean");
		}
		return 0;
	}
	if (col == NULL) {
		*done = 0;
		return 0;
	}
	if (db_sql_fits(c, n, r->attr) == -1)
		return -1;
	db_sql_emit_text(c, arena_printf(c->b->a, "%s.%s", c->t, col), n,
	    !r->attr->case_exact);
	return 0;
}

/* A positive leaf outside value paths. */
static int
emit_top_leaf(struct sqlc *c, const struct query_node *n)
{
	struct schema_ref	 r;
	struct query_node	 inner;
	struct sqlc_operand		 o;
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
	    (!r.attr->multi || db_sql_is_ordering(n->op) ||
	    schema_sub_find(r.attr, "value") == NULL))
		return err_set(c->err, 400, ST_INVALID_FILTER,
		    "operator \"%s\" cannot be applied to complex attribute "
		    "\"%s\" at offset %d", db_sql_op_kw[n->op], r.attr->name, n->offset);
	if (is_emails_value(c, &r, n))
		return db_sql_emit_emails(c, n, schema_sub_find(r.attr, "value"));
	kind = filter_relation(c, &r);
	if (r.attr->multi && !(n->op == Q_PR && r.sub == NULL)) {
		/* x.sub op v ≡ x[sub op v]; a complex x compares its value. */
		inner = *n;
		memset(&inner.path, 0, sizeof(inner.path));
		inner.path.attr = r.sub != NULL ? r.sub->name : "value";
		return emit_exists(c, kind, r.attr, kind == EK_JSON ?
		    db_sql_json_attr(c, &r, 0) : NULL, &inner);
	}
	if (kind != EK_JSON)		/* pr of groups / members / roles */
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
	return db_sql_emit_operand(c, &o, n, t);
}

/* The leaf's path names a multi-valued attribute (x or x.sub). */
static int
is_multi(const struct sqlc *c, const struct query_node *n)
{
	struct schema_ref	r;

	return schema_resolve(&r, c->rt, n->path.urn, n->path.attr,
	    n->path.sub) == 0 && r.attr->multi;
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
		} else if (el == NULL && n->op == Q_NE && is_multi(c, n)) {
			/* Any value not equal: the NOT goes inside the EXISTS. */
			return emit_top_leaf(c, n);
		} else {
			neg = n->op == Q_NE;
			pos.op = Q_EQ;
		}
	} else if (n->value.type == QV_NULL && n->op != Q_PR)
		return err_set(c->err, 400, ST_INVALID_FILTER,
		    "null can only be compared with eq or ne, at offset %d",
		    n->offset);
	if (neg)
		db_sql_add(c, "(NOT ");
	rc = el != NULL ? emit_elem_leaf(c, &pos, el) : emit_top_leaf(c, &pos);
	if (neg)
		db_sql_add(c, ")");
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
		db_sql_add(c, "m.emails @> ARRAY[scimd_fold(");
		db_sql_addp(c, n->value.str, "text");
		db_sql_add(c, ")] AND ");
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
	kind = filter_relation(c, &r);
	if (r.attr->multi) {
		db_sql_add(c, "(");
		if (!c->is_group && r.schema == c->rt->core &&
		    strcmp(r.attr->name, "emails") == 0)
			emails_prefilter(c, n->left);
		rc = emit_exists(c, kind, r.attr, kind == EK_JSON ?
		    db_sql_json_attr(c, &r, 0) : NULL, n->left);
		db_sql_add(c, ")");
		return rc;
	}
	/* A singular complex attribute is its own one element. */
	memset(&el, 0, sizeof(el));
	el.kind = EK_JSON;
	el.attr = r.attr;
	el.base = db_sql_json_attr(c, &r, 0);
	return emit_node(c, n->left, &el);
}

/*
 * `schemas` depends only on whether the resource holds extension data:
 * the answer for both cases comes from the one definition the evaluator
 * uses, and the SQL only tells the cases apart.
 */
static int
emit_schemas(struct sqlc *c, const struct query_node *n)
{
	int	without, with;

	if (!schema_schemas_op_ok(n))
		return err_set(c->err, 400, ST_INVALID_FILTER,
		    "\"schemas\" is compared only with eq or ne and a string, "
		    "or pr, at offset %d", n->offset);
	without = schema_schemas_match(n, c->rt, 0);
	with = c->rt->ext != NULL ? schema_schemas_match(n, c->rt, 1) : without;
	if (without == with)
		db_sql_add(c, with ? "TRUE" : "FALSE");
	else
		db_sql_add(c, arena_printf(c->b->a, "(%s(%s.resource ? '%s'))",
		    with ? "" : "NOT ", c->t, db_sql_key(c->rt->ext->id)));
	return 0;
}

static int
emit_node(struct sqlc *c, const struct query_node *n, const struct elem *el)
{
	int	rc;

	switch (n->op) {
	case Q_AND:
	case Q_OR:
		db_sql_add(c, "(");
		if (emit_node(c, n->left, el) == -1)
			return -1;
		db_sql_add(c, n->op == Q_AND ? " AND " : " OR ");
		rc = emit_node(c, n->right, el);
		db_sql_add(c, ")");
		return rc;
	case Q_NOT:
		db_sql_add(c, "(NOT ");
		rc = emit_node(c, n->left, el);
		db_sql_add(c, ")");
		return rc;
	case Q_VALUEPATH:
		if (el != NULL)
			return err_set(c->err, 400, ST_INVALID_FILTER,
			    "value paths cannot be nested, at offset %d",
			    n->offset);
		return emit_value_path(c, n);
	default:
		if (el == NULL && schema_is_schemas_path(&n->path))
			return emit_schemas(c, n);
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