/* SPDX-License-Identifier: MIT */
/*
 * scim/resources/search_root.c
 *
 * POST /.search at the root (RFC 7644 §3.4.3): Users then Groups in one
 * ListResponse. The filter applies to both types; each type gets a copy
 * in which the comparisons on attributes it lacks are constant false
 * (`meta.resourceType eq ""`, which both the SQL compiler and the
 * evaluator decide without data). Paging runs over the concatenation:
 * index paging by offsets, cursor paging by phase ("u." or "g." before
 * the type's own cursor). previousCursor is not offered here.
 */
#include <string.h>

#include "domain/base/schema.h"
#include "scim/filter/filter.h"
#include "scim/model/render.h"
#include "scim/resources/search_int.h"

static const struct schema_rtype *const TYPES[2] = {
	&schema_rtype_user, &schema_rtype_group
};

static int
known(const struct query_node *n, const struct schema_rtype *rt)
{
	struct schema_ref	r;

	return schema_resolve(&r, rt, n->path.urn, n->path.attr,
	    n->op == Q_VALUEPATH ? NULL : n->path.sub) == 0;
}

/* Every comparison must name an attribute of at least one type. */
static int
check_known(const struct query_node *n, struct err *err)
{
	switch (n->op) {
	case Q_AND:
	case Q_OR:
		if (check_known(n->left, err) == -1)
			return -1;
		return check_known(n->right, err);
	case Q_NOT:
		return check_known(n->left, err);
	default:
		if (known(n, TYPES[0]) || known(n, TYPES[1]))
			return 0;
		return err_set(err, 400, ST_INVALID_FILTER,
		    "unrecognized attribute \"%s%s%s\" at offset %d",
		    n->path.attr, n->path.sub ? "." : "",
		    n->path.sub ? n->path.sub : "", n->offset);
	}
}

/* n for rt: comparisons on attributes rt lacks become false. */
static const struct query_node *
for_type(struct arena *a, const struct query_node *n,
    const struct schema_rtype *rt)
{
	struct query_node	*x;

	if (n->op != Q_AND && n->op != Q_OR && n->op != Q_NOT) {
		if (known(n, rt))
			return n;
		x = arena_alloc(a, sizeof(*x));
		memset(x, 0, sizeof(*x));
		x->op = Q_EQ;
		x->path.attr = "meta";
		x->path.sub = "resourceType";
		x->value.type = QV_STRING;
		x->value.str = "";
		x->offset = n->offset;
		return x;
	}
	x = arena_alloc(a, sizeof(*x));
	*x = *n;
	x->left = (struct query_node *)for_type(a, n->left, rt);
	if (n->op != Q_NOT)
		x->right = (struct query_node *)for_type(a, n->right, rt);
	return x;
}

/*
 * Sets up both parts. sortBy must name an attribute of one type; the
 * other sorts by a constant (meta.resourceType): creation order.
 */
static int
parts(struct search_part p[2], struct arena *a, const struct scim_list *l,
    const struct scim_list_in *in, struct err *err)
{
	static const struct query_path constant = { NULL, "meta", "resourceType" };
	struct query_path	*by;
	struct err		 scratch = { 0 };
	int			 i, sorted = 0;

	if (l->filter != NULL && check_known(l->filter, err) == -1)
		return -1;
	for (i = 0; i < 2; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		p[i].rt = TYPES[i];
		if (l->filter != NULL) {
			p[i].filter = for_type(a, l->filter, TYPES[i]);
			if (scim_filter_check(p[i].filter, TYPES[i], err) == -1)
				return -1;
		}
		if (scim_list_sort_by(&by, a, in->sort_by, TYPES[i],
		    &scratch) == 0) {
			p[i].sort_by = by;
			sorted |= by != NULL;
		} else
			p[i].sort_by = &constant;
		if (scim_projection_parse(&p[i].projection, a, TYPES[i],
		    in->attributes, in->excluded, err) == -1)
			return -1;
	}
	if (in->sort_by != NULL && in->sort_by[0] != '\0' && !sorted)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "unrecognized sortBy attribute \"%s\"", in->sort_by);
	return 0;
}

/* Index paging over Users ‖ Groups. */
static int
by_index(cJSON *items, struct search_part p[2], struct scim_call *c,
    const struct scim_list *l, struct err *err)
{
	long long	shown;

	p[0].offset = l->start_index - 1;
	p[0].limit = l->count;
	if (scim_search_part(items, &p[0], c, l->descending, err) == -1)
		return -1;
	shown = cJSON_GetArraySize(items);
	p[1].offset = p[0].offset > p[0].total ? p[0].offset - p[0].total : 0;
	p[1].limit = l->count - shown;
	return scim_search_part(items, &p[1], c, l->descending, err);
}

/*
 * Cursor paging over Users ‖ Groups. In the users phase a page that
 * exhausts the users fills up with the first groups; the other type is
 * counted only, for totalResults.
 */
static int
by_cursor(cJSON *items, struct search_part p[2], struct scim_call *c,
    struct scim_list *l, struct arena *a, struct err *err)
{
	struct query_cursor	*qc = l->cursor, cur[2];
	const char		*in = qc->in;
	int			 phase = 0;

	if (in[0] != '\0') {
		if ((in[0] != 'u' && in[0] != 'g') || in[1] != '.')
			return err_set(err, 400, ST_INVALID_CURSOR, "cursor is "
			    "invalid; start again with an empty cursor");
		phase = in[0] == 'g';
		in += 2;
	}
	memset(cur, 0, sizeof(cur));
	cur[0].bind = cur[1].bind = qc->bind;
	cur[phase].in = in;
	p[phase].cursor = &cur[phase];
	p[phase].limit = l->count;
	if (scim_search_part(items, &p[phase], c, l->descending, err) == -1)
		return -1;
	if (phase == 0 && cur[0].next == NULL) {
		cur[1].in = "";
		p[1].cursor = &cur[1];
		p[1].limit = l->count - cJSON_GetArraySize(items);
		phase = 1;
		if (scim_search_part(items, &p[1], c, l->descending, err) == -1)
			return -1;
	} else if (scim_search_part(items, &p[1 - phase], c, l->descending,
	    err) == -1)
		return -1;
	qc->next = cur[phase].next == NULL ? NULL :
	    arena_printf(a, "%c.%s", phase ? 'g' : 'u', cur[phase].next);
	qc->prev = NULL;
	return 0;
}

int
scim_search_root(struct scim_call *c, struct err *err)
{
	struct arena		*a = &c->req->arena;
	struct scim_list_in	 in;
	struct scim_list	 l;
	struct search_part	 p[2];
	cJSON			*items = NULL;

	if (scim_search_body(&in, c->req, err) == -1 ||
	    scim_list_parse(&l, a, &in, NULL, NULL, err) == -1 ||
	    parts(p, a, &l, &in, err) == -1)
		return -1;
	items = cJSON_CreateArray();
	if (l.cursor != NULL) {
		/* Bound to the whole query, so a phase cannot change it. */
		l.cursor->bind = arena_printf(a, "/.search\n%s\n%s\n%d",
		    l.filter ? scim_filter_print(l.filter, a) : "",
		    in.sort_by ? in.sort_by : "", l.descending);
		if (by_cursor(items, p, c, &l, a, err) == -1)
			goto fail;
	} else if (by_index(items, p, c, &l, err) == -1)
		goto fail;
	scim_render_json(c->resp, 200, scim_list_reply(items,
	    p[0].total + p[1].total, &l));
	return 0;
fail:
	cJSON_Delete(items);
	return -1;
}
