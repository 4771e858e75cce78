/* SPDX-License-Identifier: MIT */
/*
 * scim/model/project.c
 *
 * Projection over a rendered resource: core attributes at the top level,
 * extension attributes inside the extension URN object.
 */
#include "scim/model/project.h"

#include <string.h>
#include <strings.h>

#include "scim/model/codec.h"

static int
count_items(const char *s)
{
	int	n = 1;

	for (; *s != '\0'; s++)
		if (*s == ',')
			n++;
	return n;
}

/* Resolves one name: "attr", "attr.sub", "urn:…:attr[.sub]" or a bare URN. */
static int
resolve(struct scim_proj_path *p, const struct schema_rtype *rt, char *name)
{
	const char			*rest;
	const struct schema		*in = NULL;
	size_t				 urn;
	char				*dot;
	struct schema_ref		 ref;

	memset(p, 0, sizeof(*p));
	urn = schema_split_urn(rt, name, &rest);
	if (urn > 0)
		in = (rt->ext != NULL && strncasecmp(name, rt->ext->id, urn) == 0 &&
		    strlen(rt->ext->id) == urn) ? rt->ext : rt->core;
	else if (rt->ext != NULL && strcasecmp(name, rt->ext->id) == 0) {
		/* The extension URN alone names all of its attributes. */
		p->schema = rt->ext;
		return 0;
	}
	dot = strchr(rest, '.');
	if (dot != NULL)
		*dot = '\0';
	if (schema_resolve(&ref, rt, in ? in->id : NULL, rest,
	    dot ? dot + 1 : NULL) == -1)
		return -1;
	p->schema = ref.schema;
	p->attr = ref.attr;
	p->sub = ref.sub;
	return 0;
}

/*
 * Whether p is already in the list. Repeats are dropped, so the list is
 * bounded by the schema's attributes and applying it stays linear in the
 * request however many names it repeats.
 */
static int
seen(const struct scim_projection *out, const struct scim_proj_path *p)
{
	size_t	i;

	for (i = 0; i < out->npaths; i++)
		if (out->paths[i].schema == p->schema &&
		    out->paths[i].attr == p->attr && out->paths[i].sub == p->sub)
			return 1;
	return 0;
}

int
scim_projection_parse(struct scim_projection *out, struct arena *a,
    const struct schema_rtype *rt, const char *attributes, const char *excluded,
    struct err *err)
{
	const char	*list = attributes ? attributes : excluded;
	char		*copy, *tok, *end;

	memset(out, 0, sizeof(*out));
	if (attributes != NULL && excluded != NULL)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "attributes and excludedAttributes cannot be used together");
	if (list == NULL || list[0] == '\0')
		return 0;
	out->include = attributes != NULL;
	out->paths = arena_alloc(a, (size_t)count_items(list) * sizeof(*out->paths));
	copy = arena_strdup(a, list);
	for (tok = copy; tok != NULL; tok = end) {
		end = strchr(tok, ',');
		if (end != NULL)
			*end++ = '\0';
		while (*tok == ' ')
			tok++;
		{
			size_t	n = strlen(tok);

			while (n > 0 && tok[n - 1] == ' ')
				tok[--n] = '\0';
		}
		if (tok[0] == '\0')
			continue;
		if (resolve(&out->paths[out->npaths], rt, tok) == 0 &&
		    !seen(out, &out->paths[out->npaths]))
			out->npaths++;
	}
	return 0;
}

int
scim_projection_excludes(const struct scim_projection *p, const char *attr)
{
	size_t	i;

	for (i = 0; i < p->npaths; i++) {
		const struct scim_proj_path *x = &p->paths[i];

		if (x->attr != NULL && strcasecmp(x->attr->name, attr) == 0)
			return !p->include && x->sub == NULL;
	}
	return p->include && p->npaths > 0;
}

/* The object holding attributes of schema s inside doc (NULL if none). */
static cJSON *
holder(cJSON *doc, const struct schema *s, const struct schema_rtype *rt)
{
	if (rt->ext != NULL && s == rt->ext)
		return cJSON_GetObjectItemCaseSensitive(doc, rt->ext->id);
	return doc;
}

static void
remove_sub(cJSON *v, const char *sub)
{
	cJSON	*it;

	if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(it, v)
			cJSON_DeleteItemFromObjectCaseSensitive(it, sub);
	} else {
		cJSON_DeleteItemFromObjectCaseSensitive(v, sub);
	}
}

static void
exclude(cJSON *doc, const struct scim_proj_path *p, const struct schema_rtype *rt)
{
	cJSON	*h;

	if (p->attr == NULL) {
		cJSON_DeleteItemFromObjectCaseSensitive(doc, p->schema->id);
		return;
	}
	if (p->attr->returned == SCHEMA_RET_ALWAYS)
		return;
	h = holder(doc, p->schema, rt);
	if (h == NULL)
		return;
	if (p->sub == NULL)
		cJSON_DeleteItemFromObjectCaseSensitive(h, p->attr->name);
	else
		remove_sub(cJSON_GetObjectItemCaseSensitive(h, p->attr->name),
		    p->sub->name);
}

/* Copies the value of p from src into dst (same holder layout). */
static void
include(cJSON *dst, cJSON *src, const struct scim_proj_path *p,
    const struct schema_rtype *rt)
{
	cJSON	*hs, *hd, *v, *have, *it, *o, *sv;

	if (p->attr == NULL) {
		v = cJSON_GetObjectItemCaseSensitive(src, p->schema->id);
		if (v != NULL) {
			cJSON_DeleteItemFromObjectCaseSensitive(dst, p->schema->id);
			cJSON_AddItemToObject(dst, p->schema->id, cJSON_Duplicate(v, 1));
		}
		return;
	}
	hs = holder(src, p->schema, rt);
	v = hs ? cJSON_GetObjectItemCaseSensitive(hs, p->attr->name) : NULL;
	if (v == NULL)
		return;
	hd = dst;
	if (rt->ext != NULL && p->schema == rt->ext) {
		hd = cJSON_GetObjectItemCaseSensitive(dst, rt->ext->id);
		if (hd == NULL)
			hd = cJSON_AddObjectToObject(dst, rt->ext->id);
	}
	have = cJSON_GetObjectItemCaseSensitive(hd, p->attr->name);
	if (p->sub == NULL) {
		cJSON_DeleteItemFromObjectCaseSensitive(hd, p->attr->name);
		cJSON_AddItemToObject(hd, p->attr->name, cJSON_Duplicate(v, 1));
		return;
	}
	if (cJSON_IsArray(v)) {
		/*
		 * Sub-attributes of a multi-valued attribute, per element: the
		 * output array parallels the source one, so a second sub of
		 * the same attribute lands in the same elements.
		 */
		if (have == NULL) {
			have = cJSON_AddArrayToObject(hd, p->attr->name);
			cJSON_ArrayForEach(it, v)
				cJSON_AddItemToArray(have, cJSON_CreateObject());
		}
		o = have->child;
		cJSON_ArrayForEach(it, v) {
			if (o == NULL)
				break;
			sv = cJSON_GetObjectItemCaseSensitive(it, p->sub->name);
			if (sv != NULL &&
			    cJSON_GetObjectItemCaseSensitive(o, p->sub->name) == NULL)
				cJSON_AddItemToObject(o, p->sub->name,
				    cJSON_Duplicate(sv, 1));
			o = o->next;
		}
		return;
	}
	sv = cJSON_GetObjectItemCaseSensitive(v, p->sub->name);
	if (sv == NULL)
		return;
	if (have == NULL)
		have = cJSON_AddObjectToObject(hd, p->attr->name);
	if (cJSON_IsObject(have) &&
	    cJSON_GetObjectItemCaseSensitive(have, p->sub->name) == NULL)
		cJSON_AddItemToObject(have, p->sub->name, cJSON_Duplicate(sv, 1));
}

void
scim_project(cJSON *doc, const struct scim_projection *p,
    const struct schema_rtype *rt)
{
	cJSON	*src, *it, *next;
	size_t	 i;

	if (p->npaths == 0)
		return;
	if (!p->include) {
		for (i = 0; i < p->npaths; i++)
			exclude(doc, &p->paths[i], rt);
		return;
	}
	/* Keep schemas and id; rebuild the rest from a copy. */
	src = cJSON_Duplicate(doc, 1);
	for (it = doc->child; it != NULL; it = next) {
		next = it->next;
		if (strcmp(it->string, "schemas") != 0 && strcmp(it->string, "id") != 0)
			cJSON_DeleteItemFromObjectCaseSensitive(doc, it->string);
	}
	for (i = 0; i < p->npaths; i++)
		include(doc, src, &p->paths[i], rt);
	cJSON_Delete(src);
}
