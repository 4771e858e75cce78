/* SPDX-License-Identifier: MIT */
/*
 * scim/model/codec.c
 *
 * Turns what IdPs send into the stored form (see codec.h): strict about
 * types, forgiving about the known deviations of real clients.
 */
#include "scim/model/codec.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "domain/base/datetime.h"
#include "domain/base/utf8.h"

cJSON *
scim_codec_get(const cJSON *obj, const char *name)
{
	cJSON	*it;

	if (!cJSON_IsObject(obj))
		return NULL;
	cJSON_ArrayForEach(it, obj) {
		if (it->string != NULL && strcasecmp(it->string, name) == 0)
			return it;
	}
	return NULL;
}

int
scim_codec_bool(int *b, const cJSON *v)
{
	if (cJSON_IsBool(v)) {
		*b = cJSON_IsTrue(v);
		return 0;
	}
	/* Entra's default PATCH dialect sends "True"/"False". */
	if (cJSON_IsString(v) && strcasecmp(v->valuestring, "true") == 0) {
		*b = 1;
		return 0;
	}
	if (cJSON_IsString(v) && strcasecmp(v->valuestring, "false") == 0) {
		*b = 0;
		return 0;
	}
	return -1;
}

/*
 * xsd:dateTime, read by the same code filters compare with. A stored
 * value must carry its offset: an instant, not a wall-clock time.
 */
static int
valid_datetime(const char *s)
{
	struct dt_time	t;

	return dt_parse(&t, s) == 0 && t.has_zone;
}

static const char *
type_name(enum schema_type t)
{
	switch (t) {
	case SCHEMA_STRING:	return "a string";
	case SCHEMA_BOOLEAN:	return "a boolean";
	case SCHEMA_DECIMAL:	return "a number";
	case SCHEMA_INTEGER:	return "an integer";
	case SCHEMA_DATETIME:	return "a dateTime string";
	case SCHEMA_REFERENCE:	return "a reference string";
	case SCHEMA_BINARY:	return "a base64 string";
	case SCHEMA_COMPLEX:	return "an object";
	}
	return "a value";
}

static int
bad_type(const struct schema_attr *a, const char *name, struct err *err)
{
	return err_set(err, 400, ST_INVALID_VALUE,
	    "attribute \"%s\" must be %s", name, type_name(a->type));
}

/*
 * A string within the attribute's length limit, counted in characters;
 * a longer one would overflow an index row in storage (500) if let by.
 */
static int
check_length(const struct schema_attr *a, const char *s, const char *name,
    struct err *err)
{
	size_t	max = a->max_len != 0 ? a->max_len : SCHEMA_MAX_LEN_DEFAULT;
	size_t	n = 0;
	int	ok;

	if (a->type == SCHEMA_BINARY)
		return 0;
	for (; *s != '\0' && n <= max; n++)
		s += utf8_step(s, &ok);
	if (n > max)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "attribute \"%s\" is longer than %zu characters", name, max);
	return 0;
}

/* A single non-complex value. */
static int
scalar(cJSON **out, const struct schema_attr *a, const cJSON *in,
    const char *name, struct err *err)
{
	int	b;

	*out = NULL;
	switch (a->type) {
	case SCHEMA_BOOLEAN:
		if (scim_codec_bool(&b, in) == -1)
			return bad_type(a, name, err);
		*out = cJSON_CreateBool(b);
		return 0;
	case SCHEMA_INTEGER:
		if (!cJSON_IsNumber(in) || floor(in->valuedouble) != in->valuedouble)
			return bad_type(a, name, err);
		*out = cJSON_Duplicate(in, 0);
		return 0;
	case SCHEMA_DECIMAL:
		if (!cJSON_IsNumber(in))
			return bad_type(a, name, err);
		*out = cJSON_Duplicate(in, 0);
		return 0;
	case SCHEMA_DATETIME:
		if (!cJSON_IsString(in) || !valid_datetime(in->valuestring))
			return bad_type(a, name, err);
		*out = cJSON_Duplicate(in, 0);
		return 0;
	case SCHEMA_STRING:
	case SCHEMA_REFERENCE:
	case SCHEMA_BINARY:
		if (!cJSON_IsString(in))
			return bad_type(a, name, err);
		if (check_length(a, in->valuestring, name, err) == -1)
			return -1;
		*out = cJSON_Duplicate(in, 0);
		return 0;
	case SCHEMA_COMPLEX:
		break;
	}
	return bad_type(a, name, err);
}

/* One complex value: an object of sub-attributes. */
static int
complex_value(cJSON **out, const struct schema_attr *a, const cJSON *in,
    const char *name, struct err *err)
{
	cJSON				*obj = NULL, *it, *v;
	const struct schema_attr	*sub;
	char				 subname[128];

	*out = NULL;
	/*
	 * A reference attribute (manager, members) given by the bare id of
	 * what it references is what some clients send: it means {"value": id}.
	 */
	if (cJSON_IsString(in) && schema_sub_find(a, "value") &&
	    schema_sub_find(a, "$ref")) {
		obj = cJSON_CreateObject();
		cJSON_AddItemToObject(obj, "value", cJSON_Duplicate(in, 0));
		*out = obj;
		return 0;
	}
	if (!cJSON_IsObject(in))
		return bad_type(a, name, err);
	obj = cJSON_CreateObject();
	cJSON_ArrayForEach(it, in) {
		if (it->string == NULL || cJSON_IsNull(it))
			continue;
		sub = schema_sub_find(a, it->string);
		/* Microsoft's reference clients label members with displayName. */
		if (sub == NULL && strcasecmp(it->string, "displayName") == 0)
			sub = schema_sub_find(a, "display");
		if (sub == NULL)
			continue;	/* unknown sub-attribute: ignored */
		if (sub->mutability == SCHEMA_RO && !a->multi)
			continue;
		snprintf(subname, sizeof(subname), "%s.%s", name, sub->name);
		if (scalar(&v, sub, it, subname, err) == -1)
			goto fail;
		cJSON_DeleteItemFromObjectCaseSensitive(obj, sub->name);
		cJSON_AddItemToObject(obj, sub->name, v);
	}
	if (obj->child == NULL) {
		cJSON_Delete(obj);
		obj = NULL;
	}
	*out = obj;
	return 0;
fail:
	cJSON_Delete(obj);
	return -1;
}

static int
one_value(cJSON **out, const struct schema_attr *a, const cJSON *in,
    const char *name, struct err *err)
{
	if (a->type == SCHEMA_COMPLEX)
		return complex_value(out, a, in, name, err);
	return scalar(out, a, in, name, err);
}

static int
multi_value(cJSON **out, const struct schema_attr *a, const cJSON *in,
    const char *name, struct err *err)
{
	cJSON	*arr, *it, *v;
	int	 n;

	*out = NULL;
	if (!cJSON_IsArray(in)) {
		/* A single value where an array is expected: wrap it. */
		if (one_value(&v, a, in, name, err) == -1)
			return -1;
		if (v == NULL)
			return 0;
		arr = cJSON_CreateArray();
		cJSON_AddItemToArray(arr, v);
		*out = arr;
		return 0;
	}
	n = cJSON_GetArraySize(in);
	if (n > SCIM_MAX_VALUES && strcmp(a->name, "members") != 0)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "too many values of \"%s\": %d (at most %d)", name, n,
		    SCIM_MAX_VALUES);
	arr = cJSON_CreateArray();
	cJSON_ArrayForEach(it, in) {
		if (cJSON_IsNull(it))
			continue;
		if (one_value(&v, a, it, name, err) == -1) {
			cJSON_Delete(arr);
			return -1;
		}
		if (v != NULL)
			cJSON_AddItemToArray(arr, v);
	}
	if (arr->child == NULL) {
		cJSON_Delete(arr);
		arr = NULL;
	}
	*out = arr;
	return 0;
}

int
scim_codec_value(cJSON **out, const struct schema_attr *attr,
    const struct schema_attr *sub, const cJSON *in, const char *name,
    struct err *err)
{
	*out = NULL;
	if (in == NULL || cJSON_IsNull(in))
		return 0;
	if (sub != NULL) {
		if (cJSON_IsNull(in))
			return 0;
		return scalar(out, sub, in, name, err);
	}
	if (attr->multi)
		return multi_value(out, attr, in, name, err);
	if (attr->type == SCHEMA_COMPLEX && cJSON_IsArray(in)) {
		/* Entra sends the single-valued manager as an array of one. */
		int	n = cJSON_GetArraySize(in);

		if (n == 0)
			return 0;
		if (n > 1)
			return err_set(err, 400, ST_INVALID_VALUE,
			    "attribute \"%s\" is single-valued", name);
		in = cJSON_GetArrayItem(in, 0);
	}
	return one_value(out, attr, in, name, err);
}

/* Normalises `v` for `a` and sets it in `dst` under the canonical name. */
static int
put_attr(cJSON *dst, const struct schema_attr *a, const cJSON *v,
    struct err *err)
{
	cJSON	*nv;

	if (a->mutability == SCHEMA_RO || a->returned == SCHEMA_RET_NEVER)
		return 0;	/* read-only and write-only (password): ignored */
	if (scim_codec_value(&nv, a, NULL, v, a->name, err) == -1)
		return -1;
	cJSON_DeleteItemFromObjectCaseSensitive(dst, a->name);
	if (nv != NULL)
		cJSON_AddItemToObject(dst, a->name, nv);
	return 0;
}

/* Sets a sub-attribute given by a dotted key ("manager.value"). */
static int
put_sub(cJSON *dst, const struct schema_attr *a, const char *subname,
    const cJSON *v, struct err *err)
{
	const struct schema_attr	*sub = schema_sub_find(a, subname);
	cJSON				*parent, *nv;

	if (sub == NULL || a->multi || a->mutability == SCHEMA_RO)
		return 0;
	if (scim_codec_value(&nv, a, sub, v, a->name, err) == -1)
		return -1;
	parent = cJSON_GetObjectItemCaseSensitive(dst, a->name);
	if (parent == NULL) {
		if (nv == NULL)
			return 0;
		parent = cJSON_AddObjectToObject(dst, a->name);
	}
	cJSON_DeleteItemFromObjectCaseSensitive(parent, sub->name);
	if (nv != NULL)
		cJSON_AddItemToObject(parent, sub->name, nv);
	if (parent->child == NULL)
		cJSON_DeleteItemFromObjectCaseSensitive(dst, a->name);
	return 0;
}

/* Applies "attr" or "attr.sub" of schema s to dst; unknown names are ignored. */
static int
put_path(cJSON *dst, const struct schema *s, const char *path,
    const cJSON *v, struct err *err)
{
	const struct schema_attr	*a;
	const char			*dot = strchr(path, '.');
	char				 head[128];

	if (dot == NULL) {
		a = schema_attr_find(s, path);
		return a == NULL ? 0 : put_attr(dst, a, v, err);
	}
	if ((size_t)(dot - path) >= sizeof(head))
		return 0;
	memcpy(head, path, (size_t)(dot - path));
	head[dot - path] = '\0';
	a = schema_attr_find(s, head);
	return a == NULL ? 0 : put_sub(dst, a, dot + 1, v, err);
}

static int
put_object(cJSON *dst, const struct schema *s, const cJSON *obj,
    struct err *err)
{
	cJSON	*it;

	if (cJSON_IsNull(obj))
		return 0;
	if (!cJSON_IsObject(obj))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"%s\" must be an object", s->id);
	cJSON_ArrayForEach(it, obj) {
		if (it->string != NULL && put_path(dst, s, it->string, it, err) == -1)
			return -1;
	}
	return 0;
}

static cJSON *
ext_object(cJSON *res, const struct schema *ext)
{
	cJSON	*o = cJSON_GetObjectItemCaseSensitive(res, ext->id);

	if (o == NULL)
		o = cJSON_AddObjectToObject(res, ext->id);
	return o;
}

static int
put_member(cJSON *res, const struct schema_rtype *rt, const cJSON *it,
    struct err *err)
{
	const char	*k = it->string, *rest;
	size_t		 urn;

	if (strcasecmp(k, "schemas") == 0 || strcasecmp(k, "id") == 0 ||
	    strcasecmp(k, "meta") == 0)
		return 0;	/* server-controlled: ignored, never an error */
	if (strcasecmp(k, "externalId") == 0) {
		return put_attr(res, schema_attr_find(&schema_common,
		    "externalId"), it, err);
	}
	if (rt->ext != NULL && strcasecmp(k, rt->ext->id) == 0)
		return put_object(ext_object(res, rt->ext), rt->ext, it, err);
	if (strcasecmp(k, rt->core->id) == 0)
		return put_object(res, rt->core, it, err);
	urn = schema_split_urn(rt, k, &rest);
	if (urn > 0 && rt->ext != NULL && strncasecmp(k, rt->ext->id, urn) == 0 &&
	    strlen(rt->ext->id) == urn)
		return put_path(ext_object(res, rt->ext), rt->ext, rest, it, err);
	if (urn > 0)
		return put_path(res, rt->core, rest, it, err);
	return put_path(res, rt->core, k, it, err);
}

int
scim_codec_normalize(cJSON **out, const struct schema_rtype *rt,
    const cJSON *in, struct err *err)
{
	cJSON	*res = NULL, *it, *ext;
	size_t	 i;

	*out = NULL;
	if (!cJSON_IsObject(in))
		return err_set(err, 400, ST_INVALID_SYNTAX,
		    "request body must be a JSON object");
	res = cJSON_CreateObject();
	cJSON_ArrayForEach(it, in) {
		if (it->string != NULL && put_member(res, rt, it, err) == -1)
			goto fail;
	}
	if (rt->ext != NULL) {
		ext = cJSON_GetObjectItemCaseSensitive(res, rt->ext->id);
		if (ext != NULL && ext->child == NULL)
			cJSON_DeleteItemFromObjectCaseSensitive(res, rt->ext->id);
	}
	for (i = 0; i < rt->core->nattrs; i++) {
		const struct schema_attr *a = &rt->core->attrs[i];

		const cJSON *v = cJSON_GetObjectItemCaseSensitive(res, a->name);

		if (a->required && (v == NULL ||
		    (cJSON_IsString(v) && v->valuestring[0] == '\0'))) {
			err_set(err, 400, ST_INVALID_VALUE,
			    "attribute \"%s\" is required", a->name);
			goto fail;
		}
	}
	*out = res;
	return 0;
fail:
	cJSON_Delete(res);
	return -1;
}
