/* SPDX-License-Identifier: MIT */
/*
 * scim/filter/filter_eval.c
 *
 * Schema checking of a parsed filter and its in-memory evaluation against
 * a resource in stored form (scim/model/codec.h). The evaluator serves PATCH
 * value paths and tests; list queries run as SQL (storage/sql_filter.c),
 * whose semantics this file must match:
 *
 * - `ne` is `not eq`: a missing attribute is "not equal". On a
 *   multi-valued attribute, as every operator, `ne` matches when any value
 *   is not equal (RFC 7644 §3.4.2.2): `emails.type ne "home"` is
 *   `emails[type ne "home"]`, and no value at all matches nothing.
 * - `eq null` means "not present", `ne null` means "present".
 * - A multi-valued attribute matches when any value matches; a complex
 *   multi-valued attribute without a sub-attribute compares its `value`
 *   sub-attribute (RFC 7644 §3.4.2.2).
 * - pr is false for missing, null, "", [] and {}.
 * - Strings compare by code point; attributes that are not caseExact are
 *   case-folded first (domain/base/casefold.h: Unicode simple case
 *   folding, the scimd_fold() of the SQL side).
 * - dateTime values compare as instants; numbers numerically.
 */
#include "scim/filter/filter.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/base/casefold.h"
#include "domain/base/datetime.h"
#include "domain/base/schemas_attr.h"
#include "scim/filter/filter_int.h"

static const char *const op_kw[] = {
	[Q_EQ] = "eq", [Q_NE] = "ne", [Q_CO] = "co", [Q_SW] = "sw",
	[Q_EW] = "ew", [Q_GT] = "gt", [Q_GE] = "ge", [Q_LT] = "lt",
	[Q_LE] = "le", [Q_PR] = "pr", [Q_AND] = "and", [Q_OR] = "or",
	[Q_NOT] = "not", [Q_VALUEPATH] = "[]",
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

static const char *
type_name(enum schema_type t)
{
	switch (t) {
	case SCHEMA_STRING:	return "string";
	case SCHEMA_BOOLEAN:	return "boolean";
	case SCHEMA_DECIMAL:	return "decimal";
	case SCHEMA_INTEGER:	return "integer";
	case SCHEMA_DATETIME:	return "dateTime";
	case SCHEMA_REFERENCE:	return "reference";
	case SCHEMA_COMPLEX:	return "complex";
	case SCHEMA_BINARY:	return "binary";
	}
	return "unknown";
}

/*
 * The attribute whose values a leaf compares: the sub-attribute, else the
 * `value` sub-attribute of a complex multi-valued attribute, else the
 * attribute itself.
 */
static const struct schema_attr *
compared_attr(const struct schema_attr *a, const struct schema_attr *sub)
{
	const struct schema_attr	*v;

	if (sub != NULL)
		return sub;
	if (a->type == SCHEMA_COMPLEX && a->multi) {
		v = schema_sub_find(a, "value");
		if (v != NULL)
			return v;
	}
	return a;
}

/* Whether operator and value fit attribute t (the compared attribute). */
static int
check_leaf(const struct query_node *n, const struct schema_attr *t,
    const char *name, struct err *err)
{
	const char	*op = op_kw[n->op];
	enum query_vtype vt = n->value.type;
	struct dt_time	 tm;

	if (n->op == Q_PR)
		return 0;
	/* eq null / ne null test presence, which any attribute has. */
	if (vt == QV_NULL) {
		if (n->op == Q_EQ || n->op == Q_NE)
			return 0;
		return err_set(err, 400, ST_INVALID_FILTER,
		    "null can only be compared with eq or ne, at offset %d",
		    n->offset);
	}
	if (t->type == SCHEMA_COMPLEX)
		return err_set(err, 400, ST_INVALID_FILTER,
		    "operator \"%s\" cannot be applied to complex attribute "
		    "\"%s\" at offset %d; name a sub-attribute", op, name,
		    n->offset);
	if ((is_ordering(n->op) && (t->type == SCHEMA_BOOLEAN ||
	    t->type == SCHEMA_BINARY)) || (is_substring(n->op) &&
	    t->type != SCHEMA_STRING && t->type != SCHEMA_REFERENCE &&
	    t->type != SCHEMA_BINARY))
		return err_set(err, 400, ST_INVALID_FILTER,
		    "operator \"%s\" cannot be applied to %s attribute \"%s\" "
		    "at offset %d", op, type_name(t->type), name, n->offset);
	switch (t->type) {
	case SCHEMA_BOOLEAN:
		if (vt == QV_BOOL)
			return 0;
		break;
	case SCHEMA_DECIMAL:
	case SCHEMA_INTEGER:
		if (vt == QV_NUMBER)
			return 0;
		break;
	case SCHEMA_DATETIME:
		if (vt == QV_STRING && dt_parse(&tm, n->value.str) == 0)
			return 0;
		break;
	default:
		/* A number for a string is read as its literal text (ids). */
		if (vt == QV_STRING || vt == QV_NUMBER)
			return 0;
		break;
	}
	return err_set(err, 400, ST_INVALID_FILTER,
	    "invalid value for %s attribute \"%s\" at offset %d",
	    type_name(t->type), name, n->offset);
}

static int
unknown_attr(const struct query_node *n, struct err *err)
{
	const struct query_path	*p = &n->path;

	return err_set(err, 400, ST_INVALID_FILTER,
	    "unrecognized attribute \"%s%s%s%s%s\" at offset %d",
	    p->urn ? p->urn : "", p->urn ? ":" : "", p->attr,
	    p->sub ? "." : "", p->sub ? p->sub : "", n->offset);
}

/* Resolves a path relative to the elements of multi-valued `elem`. */
static const struct schema_attr *
elem_sub(const struct schema_attr *elem, const struct query_path *p)
{
	if (p->urn != NULL || p->sub != NULL)
		return NULL;
	if (elem->sub == NULL)
		return strcasecmp(p->attr, "value") == 0 ? elem : NULL;
	return schema_sub_find(elem, p->attr);
}

static int
check_node(const struct query_node *n, const struct schema_rtype *rt,
    const struct schema_attr *elem, struct err *err)
{
	struct schema_ref		 r;
	const struct schema_attr	*t;

	switch (n->op) {
	case Q_AND:
	case Q_OR:
		if (check_node(n->left, rt, elem, err) == -1)
			return -1;
		return check_node(n->right, rt, elem, err);
	case Q_NOT:
		return check_node(n->left, rt, elem, err);
	case Q_VALUEPATH:
		if (elem != NULL)
			return err_set(err, 400, ST_INVALID_FILTER,
			    "value paths cannot be nested, at offset %d",
			    n->offset);
		if (n->path.sub != NULL || schema_resolve(&r, rt, n->path.urn,
		    n->path.attr, NULL) == -1)
			return unknown_attr(n, err);
		if (!r.attr->multi && r.attr->type != SCHEMA_COMPLEX)
			return err_set(err, 400, ST_INVALID_FILTER,
			    "value path on attribute \"%s\" that is neither "
			    "multi-valued nor complex, at offset %d",
			    n->path.attr, n->offset);
		return check_node(n->left, rt, r.attr, err);
	default:
		break;
	}
	if (elem != NULL) {
		t = elem_sub(elem, &n->path);
		if (t == NULL)
			return unknown_attr(n, err);
		return check_leaf(n, t, n->path.attr, err);
	}
	if (schema_is_schemas_path(&n->path)) {
		if (!schema_schemas_op_ok(n))
			return err_set(err, 400, ST_INVALID_FILTER,
			    "\"schemas\" is compared only with eq or ne and a "
			    "string, or pr, at offset %d", n->offset);
		return 0;
	}
	if (schema_resolve(&r, rt, n->path.urn, n->path.attr, n->path.sub) == -1)
		return unknown_attr(n, err);
	t = r.sub != NULL ? r.sub : r.attr;
	/* gt/lt on a complex attribute has no `value` fallback. */
	if (is_ordering(n->op) && t->type == SCHEMA_COMPLEX)
		return check_leaf(n, t, n->path.attr, err);
	return check_leaf(n, compared_attr(r.attr, r.sub),
	    n->path.sub ? n->path.sub : n->path.attr, err);
}

int
scim_filter_check(const struct query_node *n, const struct schema_rtype *rt,
    struct err *err)
{
	return check_node(n, rt, NULL, err);
}

/* a op b for strings, both already folded when case does not matter. */
static int
str_op(enum query_op op, const char *a, const char *b)
{
	size_t	na, nb;
	int	c;

	switch (op) {
	case Q_CO:
		return strstr(a, b) != NULL;
	case Q_SW:
		return strncmp(a, b, strlen(b)) == 0;
	case Q_EW:
		na = strlen(a);
		nb = strlen(b);
		return na >= nb && memcmp(a + na - nb, b, nb) == 0;
	default:
		break;
	}
	c = strcmp(a, b);	/* UTF-8 byte order is code point order */
	switch (op) {
	case Q_EQ: return c == 0;
	case Q_GT: return c > 0;
	case Q_GE: return c >= 0;
	case Q_LT: return c < 0;
	case Q_LE: return c <= 0;
	default:   return 0;
	}
}

static int
cmp_op(enum query_op op, int c)
{
	switch (op) {
	case Q_EQ: return c == 0;
	case Q_GT: return c > 0;
	case Q_GE: return c >= 0;
	case Q_LT: return c < 0;
	case Q_LE: return c <= 0;
	default:   return 0;
	}
}

static int
present(const cJSON *c)
{
	if (c == NULL || cJSON_IsNull(c) || cJSON_IsInvalid(c))
		return 0;
	if (cJSON_IsString(c))
		return c->valuestring != NULL && c->valuestring[0] != '\0';
	if (cJSON_IsArray(c) || cJSON_IsObject(c))
		return c->child != NULL;
	return 1;
}

/* One stored value c against the leaf's operator and value. */
static int
test_one(enum query_op op, const struct query_value *v,
    const struct schema_attr *t, const cJSON *c)
{
	struct dt_time	 ta, tb;
	const char		*want;
	char			*fa, *fb;
	int			 r;

	if (op == Q_PR)
		return present(c);
	if (c == NULL)
		return 0;
	switch (t->type) {
	case SCHEMA_BOOLEAN:
		return op == Q_EQ && v->type == QV_BOOL && cJSON_IsBool(c) &&
		    (cJSON_IsTrue(c) ? 1 : 0) == (v->boolean ? 1 : 0);
	case SCHEMA_DECIMAL:
	case SCHEMA_INTEGER:
		if (v->type != QV_NUMBER || !cJSON_IsNumber(c))
			return 0;
		return cmp_op(op, c->valuedouble < v->num ? -1 :
		    c->valuedouble > v->num ? 1 : 0);
	case SCHEMA_DATETIME:
		if (v->type != QV_STRING || !cJSON_IsString(c) ||
		    dt_parse(&ta, c->valuestring) == -1 ||
		    dt_parse(&tb, v->str) == -1)
			return 0;
		return cmp_op(op, dt_cmp(&ta, &tb));
	case SCHEMA_COMPLEX:
		return 0;
	default:
		break;
	}
	if ((v->type != QV_STRING && v->type != QV_NUMBER) ||
	    !cJSON_IsString(c) || c->valuestring == NULL)
		return 0;
	want = v->str;
	if (t->case_exact)
		return str_op(op, c->valuestring, want);
	fa = cf_fold_dup(c->valuestring);
	fb = cf_fold_dup(want);
	r = str_op(op, fa, fb);
	free(fa);
	free(fb);
	return r;
}

static const cJSON *
member(const cJSON *obj, const char *name)
{
	return cJSON_IsObject(obj) ? cJSON_GetObjectItem(obj, name) : NULL;
}

/*
 * Rewrites ne and the null comparisons into a positive operator and a
 * negation, so "missing" falls out as "not equal".
 */
static enum query_op
positive_op(const struct query_node *n, int *negate)
{
	*negate = 0;
	if (n->op == Q_NE || n->op == Q_EQ) {
		if (n->value.type == QV_NULL) {
			*negate = n->op == Q_EQ;
			return Q_PR;
		}
		*negate = n->op == Q_NE;
		return Q_EQ;
	}
	return n->op;
}

/* A leaf against one element of a multi-valued (or complex) attribute. */
static int
match_elem_leaf(const struct query_node *n, const struct schema_attr *elem,
    const cJSON *e)
{
	const struct schema_attr	*t = elem_sub(elem, &n->path);
	const cJSON			*c;
	enum query_op			 op;
	int				 neg, hit;

	if (t == NULL)
		return 0;
	if (cJSON_IsObject(e))
		c = cJSON_GetObjectItem(e, t->name);
	else
		c = strcasecmp(n->path.attr, "value") == 0 ? e : NULL;
	op = positive_op(n, &neg);
	hit = test_one(op, &n->value, t, c);
	return neg ? !hit : hit;
}

static const cJSON *
attr_value(const struct schema_rtype *rt, const struct schema_ref *r,
    const cJSON *res)
{
	if (rt->ext != NULL && r->schema == rt->ext)
		return member(member(res, rt->ext->id), r->attr->name);
	return member(res, r->attr->name);
}

/*
 * One element e of multi-valued attribute r against the leaf: its
 * sub-attribute, the `value` of a complex element, or e itself. `neg`
 * applies per element (ne: this value is not equal).
 */
static int
match_one_elem(const struct query_node *n, enum query_op op, int neg,
    const struct schema_ref *r, const struct schema_attr *t, const cJSON *e)
{
	const cJSON	*c = e;
	int		 hit;

	if (r->sub != NULL)
		c = member(e, r->sub->name);
	else if (r->attr->type == SCHEMA_COMPLEX || !cJSON_IsArray(e))
		c = cJSON_IsObject(e) ? member(e, "value") : e;
	hit = test_one(op, &n->value, t, c);
	return neg ? !hit : hit;
}

static int
match_leaf(const struct query_node *n, const struct schema_rtype *rt,
    const cJSON *res)
{
	struct schema_ref		 r;
	const struct schema_attr	*t;
	const cJSON			*v, *e;
	enum query_op			 op;
	int				 neg, each;

	if (schema_resolve(&r, rt, n->path.urn, n->path.attr, n->path.sub) == -1)
		return 0;
	v = attr_value(rt, &r, res);
	t = compared_attr(r.attr, r.sub);
	op = positive_op(n, &neg);
	if (!r.attr->multi || (op == Q_PR && r.sub == NULL)) {
		e = r.sub != NULL ? member(v, r.sub->name) : v;
		return neg ? !test_one(op, &n->value, t, e) :
		    test_one(op, &n->value, t, e);
	}
	/* ne with a value: any value not equal; null tests stay presence. */
	each = neg && n->op == Q_NE;
	if (cJSON_IsArray(v)) {
		/* Stored form keeps arrays; a lone value is one element. */
		cJSON_ArrayForEach(e, v)
			if (match_one_elem(n, op, each, &r, t, e))
				return !(neg && !each);
		return neg && !each;
	}
	if (v == NULL)
		return neg && !each;
	return match_one_elem(n, op, each, &r, t, v) != (neg && !each);
}

static int
match_node(const struct query_node *n, const struct schema_rtype *rt,
    const struct schema_attr *elem, const cJSON *res)
{
	struct schema_ref	 r;
	const cJSON		*v, *e;

	switch (n->op) {
	case Q_AND:
		return match_node(n->left, rt, elem, res) &&
		    match_node(n->right, rt, elem, res);
	case Q_OR:
		return match_node(n->left, rt, elem, res) ||
		    match_node(n->right, rt, elem, res);
	case Q_NOT:
		return !match_node(n->left, rt, elem, res);
	case Q_VALUEPATH:
		if (elem != NULL || n->path.sub != NULL ||
		    schema_resolve(&r, rt, n->path.urn, n->path.attr, NULL) == -1)
			return 0;
		v = attr_value(rt, &r, res);
		if (!cJSON_IsArray(v))
			return v != NULL && match_node(n->left, rt, r.attr, v);
		cJSON_ArrayForEach(e, v)
			if (match_node(n->left, rt, r.attr, e))
				return 1;
		return 0;
	default:
		break;
	}
	if (elem != NULL)
		return match_elem_leaf(n, elem, res);
	if (schema_is_schemas_path(&n->path))
		return schema_schemas_match(n, rt, rt->ext != NULL &&
		    member(res, rt->ext->id) != NULL);
	return match_leaf(n, rt, res);
}

int
scim_filter_match(const struct query_node *n, const struct schema_rtype *rt,
    const struct schema_attr *elem_attr, const cJSON *res)
{
	return match_node(n, rt, elem_attr, res);
}
