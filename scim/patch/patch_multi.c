/* SPDX-License-Identifier: MIT */
/*
 * scim/patch/patch_multi.c
 *
 * PATCH operations on multi-valued attributes stored in the resource
 * (emails, phoneNumbers, addresses, roles, …): appending without
 * duplicates, value-path selection, sub-attribute edits and the one
 * `primary` rule. Group members are not here (patch_members.c).
 */
#include "scim/patch/patch_int.h"

#include <string.h>
#include <strings.h>

#include "scim/model/codec.h"
#include "scim/filter/filter.h"

/* Whether every sub-attribute of pattern p has the same value in x. */
static int
subset_match(const struct schema_attr *attr, const cJSON *x, const cJSON *p)
{
	const cJSON	*it;

	cJSON_ArrayForEach(it, p) {
		if (!scim_patch_sub_equal(schema_sub_find(attr, it->string), it,
		    cJSON_GetObjectItemCaseSensitive(x, it->string)))
			return 0;
	}
	return 1;
}

static int
is_primary(const cJSON *elem)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(elem, "primary"));
}

/* Copies every sub-attribute of src into dst (src's values win). */
static void
merge(cJSON *dst, const cJSON *src)
{
	const cJSON	*it;

	cJSON_ArrayForEach(it, src)
		scim_patch_obj_set(dst, it->string, cJSON_Duplicate(it, 1));
}

/*
 * Appends element e (consumed) to arr unless an equal value is there, in
 * which case e is merged into it. ix indexes arr and is kept up to date.
 * Returns the element now holding e.
 */
static cJSON *
append(struct scim_patch_index *ix, cJSON *arr, cJSON *e)
{
	cJSON	*x = scim_patch_index_find(ix, e);

	if (x != NULL) {
		/* Same value: keep its stored spelling ("store as sent"). */
		cJSON_DeleteItemFromObjectCaseSensitive(e, "value");
		merge(x, e);
		cJSON_Delete(e);
		return x;
	}
	cJSON_AddItemToArray(arr, e);
	scim_patch_index_add(ix, e);
	return e;
}

/*
 * RFC 7644 §3.12 leaves the bound to the server: past it every operation
 * on the attribute is refused, so no PATCH does unbounded work.
 */
static int
check_count(const cJSON *arr, const struct schema_attr *attr,
    struct err *err)
{
	int	n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;

	if (n <= SCIM_PATCH_MAX_VALUES)
		return 0;
	return err_set(err, 400, ST_INVALID_VALUE,
	    "too many values of \"%s\": %d (at most %d)", attr->name, n,
	    SCIM_PATCH_MAX_VALUES);
}

/*
 * RFC 7643 §2.4: "primary" true appears at most once. The element the
 * operation just set wins; the flag is removed from the others.
 */
static void
one_primary(cJSON *arr, const cJSON *winner)
{
	cJSON	*x;

	if (winner == NULL || !is_primary(winner))
		return;
	cJSON_ArrayForEach(x, arr) {
		if (x != winner && is_primary(x))
			cJSON_DeleteItemFromObjectCaseSensitive(x, "primary");
	}
}

static int
selected(const struct scim_patch_ctx *c, const struct scim_patch_path *p,
    const cJSON *elem)
{
	return p->filter == NULL ||
	    scim_filter_match(p->filter, c->rt, p->attr, elem);
}

/*
 * The element an `add` through a value filter creates when nothing
 * matches (`emails[type eq "work"].value` on a user without a work
 * email): the sub-attributes the filter pins with `eq`, joined by `and`.
 * Returns NULL when the filter is anything else: then there is no
 * sensible element to create.
 */
static cJSON *
element_from_filter(const struct schema_attr *attr, const struct query_node *q)
{
	const struct schema_attr	*sub;
	cJSON				*l, *r, *v;

	if (q->op == Q_AND) {
		l = element_from_filter(attr, q->left);
		r = element_from_filter(attr, q->right);
		if (l == NULL || r == NULL) {
			cJSON_Delete(l);
			cJSON_Delete(r);
			return NULL;
		}
		merge(l, r);
		cJSON_Delete(r);
		return l;
	}
	if (q->op != Q_EQ || q->path.attr == NULL || q->path.sub != NULL)
		return NULL;
	sub = schema_sub_find(attr, q->path.attr);
	if (sub == NULL)
		return NULL;
	switch (q->value.type) {
	case QV_STRING:	v = cJSON_CreateString(q->value.str); break;
	case QV_BOOL:	v = cJSON_CreateBool(q->value.boolean); break;
	case QV_NUMBER:	v = cJSON_CreateNumber(q->value.num); break;
	default:	return NULL;
	}
	l = cJSON_CreateObject();
	cJSON_AddItemToObject(l, sub->name, v);
	return l;
}

static cJSON *
get_array(cJSON *container, const struct schema_attr *attr, int create)
{
	cJSON	*arr = cJSON_GetObjectItemCaseSensitive(container, attr->name);

	if (arr == NULL && create) {
		arr = cJSON_CreateArray();
		cJSON_AddItemToObject(container, attr->name, arr);
	}
	return arr;
}

/* An empty array or element means unassigned: the stored form has none. */
static void
prune(cJSON *container, const struct schema_attr *attr)
{
	cJSON	*arr = get_array(container, attr, 0), *x, *next;

	if (arr == NULL)
		return;
	for (x = arr->child; x != NULL; x = next) {
		next = x->next;
		if (cJSON_IsObject(x) && x->child == NULL)
			cJSON_Delete(cJSON_DetachItemViaPointer(arr, x));
	}
	if (arr->child == NULL)
		cJSON_DeleteItemFromObjectCaseSensitive(container, attr->name);
}

/* remove (RFC 7644 §3.5.2.2) on a multi-valued attribute. */
static int
remove_op(struct scim_patch_ctx *c, cJSON *container,
    const struct scim_patch_path *p, const cJSON *value, const char *name,
    struct err *err)
{
	cJSON	*arr = get_array(container, p->attr, 0), *x, *next, *pat = NULL;
	cJSON	*pv;

	if (arr == NULL)
		return 0;	/* already unassigned: nothing to do */
	if (p->filter == NULL && p->sub == NULL && value == NULL) {
		cJSON_DeleteItemFromObjectCaseSensitive(container, p->attr->name);
		return 0;
	}
	/*
	 * A value list without a filter (Entra's members dialect, applied
	 * to every multi-valued attribute) removes the listed values only.
	 */
	if (p->filter == NULL && p->sub == NULL &&
	    scim_codec_value(&pat, p->attr, NULL, value, name, err) == -1)
		return -1;
	for (x = arr->child; x != NULL; x = next) {
		next = x->next;
		if (!selected(c, p, x))
			continue;
		if (p->sub != NULL) {
			cJSON_DeleteItemFromObjectCaseSensitive(x, p->sub->name);
			continue;
		}
		if (p->filter == NULL) {
			int	hit = 0;

			cJSON_ArrayForEach(pv, pat)
				hit = hit || subset_match(p->attr, x, pv);
			if (!hit)
				continue;
		}
		cJSON_Delete(cJSON_DetachItemViaPointer(arr, x));
	}
	cJSON_Delete(pat);
	prune(container, p->attr);
	return 0;
}

/* add/replace of whole values, no filter: append, or start over. */
static int
set_all(struct scim_patch_ctx *c, enum scim_patch_kind kind,
    cJSON *container, const struct scim_patch_path *p, const cJSON *value,
    const char *name, struct err *err)
{
	struct scim_patch_index	 ix;
	cJSON			*nv = NULL, *arr, *e, *winner = NULL, *got;

	if (scim_codec_value(&nv, p->attr, NULL, value, name, err) == -1)
		return -1;
	if (kind == SCIM_PATCH_REPLACE)
		cJSON_DeleteItemFromObjectCaseSensitive(container, p->attr->name);
	if (nv == NULL)
		return 0;
	arr = get_array(container, p->attr, 1);
	scim_patch_index_init(&ix, c->a, p->attr, arr,
	    (size_t)cJSON_GetArraySize(nv));
	while (nv->child != NULL) {
		e = cJSON_DetachItemViaPointer(nv, nv->child);
		got = append(&ix, arr, e);
		if (is_primary(got))
			winner = got;
	}
	cJSON_Delete(nv);
	one_primary(arr, winner);
	return check_count(arr, p->attr, err);
}

/*
 * add/replace through a value filter and/or on a sub-attribute. `nv` is
 * the normalised new element (no sub) or sub-attribute value (sub), or
 * NULL for JSON null, which unassigns what is selected.
 */
static int
set_selected(struct scim_patch_ctx *c, enum scim_patch_kind kind,
    cJSON *container, const struct scim_patch_path *p, cJSON *nv,
    struct err *err)
{
	struct scim_patch_index	 ix;
	cJSON			*arr = get_array(container, p->attr, 0), *x, *next;
	cJSON			*e, *winner = NULL;
	int			 n = 0;

	for (x = arr != NULL ? arr->child : NULL; x != NULL; x = next) {
		next = x->next;
		if (!selected(c, p, x))
			continue;
		n++;
		if (nv == NULL && p->sub == NULL)
			cJSON_Delete(cJSON_DetachItemViaPointer(arr, x));
		else if (nv == NULL)
			cJSON_DeleteItemFromObjectCaseSensitive(x, p->sub->name);
		else if (p->sub != NULL)
			scim_patch_obj_set(x, p->sub->name, cJSON_Duplicate(nv, 1));
		else if (kind == SCIM_PATCH_ADD)
			merge(x, nv);
		else {
			e = cJSON_Duplicate(nv, 1);
			cJSON_ReplaceItemViaPointer(arr, x, e);
			x = e;
		}
		if (nv != NULL && is_primary(x))
			winner = x;
	}
	/*
	 * RFC 7644 §3.5.2.3 makes a replace whose value filter matches
	 * nothing a 400 noTarget, but Entra replaces emails[type eq
	 * "work"].value on users that have no work email yet and retries
	 * a refusal forever. So a replace, like an add, creates the element
	 * the filter describes; only a filter that describes none (co, or,
	 * not, …) is noTarget.
	 */
	if (n == 0 && nv != NULL) {
		e = p->filter != NULL ? element_from_filter(p->attr, p->filter) :
		    cJSON_CreateObject();
		if (e == NULL)
			return err_set(err, 400, ST_NO_TARGET,
			    "no value of \"%s\" matches the filter of path "
			    "\"%.120s\", and it does not describe a value to "
			    "create", p->attr->name, p->text);
		if (p->sub != NULL)
			scim_patch_obj_set(e, p->sub->name, cJSON_Duplicate(nv, 1));
		else
			merge(e, nv);
		arr = get_array(container, p->attr, 1);
		scim_patch_index_init(&ix, c->a, p->attr, arr, 1);
		winner = append(&ix, arr, e);
	}
	if (arr != NULL)
		one_primary(arr, winner);
	prune(container, p->attr);
	return check_count(get_array(container, p->attr, 0), p->attr, err);
}

int
scim_patch_multi_op(struct scim_patch_ctx *c, enum scim_patch_kind kind,
    cJSON *container, const struct scim_patch_path *p, const cJSON *value,
    const char *name, struct err *err)
{
	cJSON	*nv = NULL, *e;
	int	 rc;

	/* Bounds the work below before any of it: remove_op is n × m. */
	if (check_count(value, p->attr, err) == -1)
		return -1;
	if (kind == SCIM_PATCH_REMOVE)
		return remove_op(c, container, p, value, name, err);
	if (p->filter == NULL && p->sub == NULL)
		return set_all(c, kind, container, p, value, name, err);
	if (scim_codec_value(&nv, p->attr, p->sub, value, name, err) == -1)
		return -1;
	if (p->sub == NULL && nv != NULL) {
		/* One element replaces or extends each selected one. */
		if (cJSON_GetArraySize(nv) != 1) {
			cJSON_Delete(nv);
			return err_set(err, 400, ST_INVALID_VALUE,
			    "path \"%.120s\" selects values of \"%s\": the value "
			    "must be a single object", p->text, p->attr->name);
		}
		e = cJSON_DetachItemFromArray(nv, 0);
		cJSON_Delete(nv);
		nv = e;
	}
	/* Adding nothing (null, [], {}) changes nothing. */
	if (nv == NULL && kind == SCIM_PATCH_ADD)
		return 0;
	rc = set_selected(c, kind, container, p, nv, err);
	cJSON_Delete(nv);
	return rc;
}
