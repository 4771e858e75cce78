/* SPDX-License-Identifier: MIT */
/*
 * scim/patch/patch_index.c
 *
 * A hash index over the values of one multi-valued attribute, so that
 * adding n values to an attribute holding m costs O(n + m) rather than
 * O(n × m): `add emails` with tens of thousands of values used to spend
 * minutes comparing each new value with every value before it.
 *
 * The hash agrees with scim_patch_same_value: two elements that are the
 * same value always hash alike (by their `value` folded as the schema
 * compares it, or by their whole content when there is no `value`), so a
 * lookup only compares the elements of one probe sequence.
 */
#include "scim/patch/patch_int.h"

#include <stdint.h>
#include <string.h>

#include "domain/base/casefold.h"

#define FNV_OFFSET	1469598103934665603u
#define FNV_PRIME	1099511628211u

int
scim_patch_sub_equal(const struct schema_attr *sub, const cJSON *x,
    const cJSON *y)
{
	if (cJSON_IsString(x) && cJSON_IsString(y))
		return (sub != NULL && sub->case_exact) ?
		    strcmp(x->valuestring, y->valuestring) == 0 :
		    cf_equal(x->valuestring, y->valuestring);
	return cJSON_Compare(x, y, 1);
}

int
scim_patch_same_value(const struct schema_attr *attr, const cJSON *x,
    const cJSON *e)
{
	const cJSON	*ev = cJSON_GetObjectItemCaseSensitive(e, "value");
	const cJSON	*et = cJSON_GetObjectItemCaseSensitive(e, "type");
	const cJSON	*xt = cJSON_GetObjectItemCaseSensitive(x, "type");

	if (ev == NULL)
		return cJSON_Compare(x, e, 1);
	if (!scim_patch_sub_equal(schema_sub_find(attr, "value"), ev,
	    cJSON_GetObjectItemCaseSensitive(x, "value")))
		return 0;
	return et == NULL || xt == NULL || scim_patch_sub_equal(NULL, et, xt);
}

/*
 * FNV-1a of s, by case-folded code point when fold is set (cf_equal's
 * equality), by byte otherwise.
 */
static size_t
str_hash(const char *s, int fold)
{
	size_t		h = FNV_OFFSET;
	uint32_t	cp;

	while (*s != '\0') {
		cp = fold ? cf_next(&s) : (unsigned char)*s++;
		h = (h ^ cp) * FNV_PRIME;
	}
	return h;
}

/*
 * A hash equal for values cJSON_Compare(…, 1) finds equal: members of an
 * object are summed because the comparison ignores their order; numbers
 * hash by type only because they compare with a tolerance.
 */
static size_t
tree_hash(const cJSON *v)
{
	const cJSON	*it;
	size_t		 h;

	if (cJSON_IsString(v))
		return str_hash(v->valuestring, 0);
	if (cJSON_IsObject(v)) {
		h = 0x9e3779b97f4a7c15u;
		cJSON_ArrayForEach(it, v)
			h += str_hash(it->string != NULL ? it->string : "", 0) *
			    31 + tree_hash(it);
		return h;
	}
	if (cJSON_IsArray(v)) {
		h = 0x85ebca6b;
		cJSON_ArrayForEach(it, v)
			h = (h ^ tree_hash(it)) * FNV_PRIME;
		return h;
	}
	return (size_t)(v->type & 0xff) * 0x27d4eb2d;
}

static size_t
key_hash(const struct schema_attr *attr, const cJSON *e)
{
	const cJSON			*ev;
	const struct schema_attr	*sub;

	ev = cJSON_GetObjectItemCaseSensitive(e, "value");
	if (ev == NULL)
		return tree_hash(e);
	if (!cJSON_IsString(ev))
		return (size_t)(ev->type & 0xff);
	sub = schema_sub_find(attr, "value");
	return str_hash(ev->valuestring, sub == NULL || !sub->case_exact);
}

void
scim_patch_index_add(struct scim_patch_index *ix, cJSON *x)
{
	size_t	mask = ix->nslot - 1, i = key_hash(ix->attr, x) & mask;

	while (ix->slot[i].elem != NULL)
		i = (i + 1) & mask;
	ix->slot[i].elem = x;
	ix->slot[i].seq = ix->n++;
}

void
scim_patch_index_init(struct scim_patch_index *ix, struct arena *a,
    const struct schema_attr *attr, cJSON *arr, size_t more)
{
	cJSON	*x;
	size_t	 n = more;

	cJSON_ArrayForEach(x, arr)
		n++;
	ix->attr = attr;
	ix->n = 0;
	/* At most half full, so probe sequences stay short and end. */
	for (ix->nslot = 16; ix->nslot < 2 * n + 1; ix->nslot *= 2)
		;
	ix->slot = arena_alloc(a, ix->nslot * sizeof(*ix->slot));
	memset(ix->slot, 0, ix->nslot * sizeof(*ix->slot));
	cJSON_ArrayForEach(x, arr)
		scim_patch_index_add(ix, x);
}

cJSON *
scim_patch_index_find(const struct scim_patch_index *ix, const cJSON *e)
{
	size_t	mask = ix->nslot - 1, i = key_hash(ix->attr, e) & mask;
	size_t	best = SIZE_MAX;
	cJSON	*hit = NULL;

	/*
	 * e without a `type` is the same value as every element with its
	 * `value` (work and home alike): the first of them in the array
	 * wins, as a scan from the start would find.
	 */
	for (; ix->slot[i].elem != NULL; i = (i + 1) & mask) {
		if (ix->slot[i].seq < best &&
		    scim_patch_same_value(ix->attr, ix->slot[i].elem, e)) {
			hit = ix->slot[i].elem;
			best = ix->slot[i].seq;
		}
	}
	return hit;
}
