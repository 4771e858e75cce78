/* SPDX-License-Identifier: MIT */
/*
 * scim/resources/bulk_parse.c
 *
 * The pure part of POST /Bulk: checking a BulkRequest body, resolving
 * bulkId references and turning one operation into a request. No I/O and
 * no database, so the fuzz target fuzz/fuzz_bulk.c runs exactly what the
 * server runs; bulk.c does the running.
 */
#include "scim/resources/bulk_int.h"

#include <string.h>
#include <strings.h>

#include "scim/model/codec.h"
#include "scim/model/discovery.h"

int
scim_bulk_is_removal(const cJSON *op)
{
	const cJSON	*method = scim_codec_get(op, "method");
	const cJSON	*path = scim_codec_get(op, "path");

	return cJSON_IsString(method) && strcasecmp(method->valuestring,
	    "DELETE") == 0 && cJSON_IsString(path) &&
	    strncasecmp(path->valuestring, "/Users", 6) == 0;
}

const char *
scim_bulk_resolve(const struct bulk_ids *m, const char *ref)
{
	size_t	i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->bulk[i], ref) == 0)
			return m->id[i];
	return NULL;
}

int
scim_bulk_substitute(cJSON *v, const struct bulk_ids *m, const char **missing)
{
	cJSON		*it;
	const char	*id;
	int		 ref = v->string != NULL && (strcmp(v->string, "value") == 0 ||
			    strcmp(v->string, "$ref") == 0);

	if (ref && cJSON_IsString(v) && strncmp(v->valuestring, "bulkId:", 7) == 0) {
		if ((id = scim_bulk_resolve(m, v->valuestring + 7)) == NULL) {
			*missing = v->valuestring + 7;
			return -1;
		}
		cJSON_SetValuestring(v, id);
		return 0;
	}
	cJSON_ArrayForEach(it, v)
		if (scim_bulk_substitute(it, m, missing) == -1)
			return -1;
	return 0;
}

static int
method_of(enum scim_method *m, const char *s)
{
	static const struct { const char *name; enum scim_method m; } t[] = {
		{ "POST", SCIM_POST }, { "PUT", SCIM_PUT },
		{ "PATCH", SCIM_PATCH }, { "DELETE", SCIM_DELETE },
	};
	size_t	i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcasecmp(s, t[i].name) == 0) {
			*m = t[i].m;
			return 0;
		}
	return -1;
}

int
scim_bulk_check_ops(const cJSON *ops, struct err *err)
{
	const cJSON	*op;
	int		 n = 0, removals = 0;

	if (!cJSON_IsArray(ops))
		return err_set(err, 400, ST_INVALID_SYNTAX,
		    "\"Operations\" must be an array");
	cJSON_ArrayForEach(op, ops) {
		n++;
		removals += scim_bulk_is_removal(op);
	}
	if (n == 0)
		return err_set(err, 400, ST_INVALID_SYNTAX,
		    "\"Operations\" must be a non-empty array");
	if (n > SCIM_BULK_MAX_OPS)
		return err_set(err, 413, ST_TOO_MANY,
		    "a bulk request may hold at most %d operations, not %d",
		    SCIM_BULK_MAX_OPS, n);
	if (removals > SCIM_BULK_MAX_REMOVALS)
		return err_set(err, 413, ST_TOO_MANY,
		    "a bulk request may remove at most %d users, not %d",
		    SCIM_BULK_MAX_REMOVALS, removals);
	return 0;
}

int
scim_bulk_fail_limit(const cJSON *body)
{
	const cJSON	*foe = scim_codec_get(body, "failOnErrors");

	if (!cJSON_IsNumber(foe) || !(foe->valuedouble >= 1))
		return 0;
	return foe->valuedouble > 1e6 ? 1000000 : (int)foe->valuedouble;
}

/* The body of a POST, PUT or PATCH, with bulkId references resolved. */
static int
op_body(struct scim_req *q, const cJSON *op, const struct bulk_ids *ids,
    struct err *err)
{
	cJSON		*data = cJSON_Duplicate(scim_codec_get(op, "data"), 1);
	const char	*missing;
	char		*text;
	int		 rc = -1;

	if (!cJSON_IsObject(data))
		err_set(err, 400, ST_INVALID_SYNTAX,
		    "\"data\" must be an object for %s", q->method_name);
	else if (scim_bulk_substitute(data, ids, &missing) == -1)
		err_set(err, 409, ST_INVALID_VALUE,
		    "bulkId \"%.64s\" has no resource yet", missing);
	else {
		text = cJSON_PrintUnformatted(data);
		q->body = arena_strdup(&q->arena, text);
		q->body_len = strlen(text);
		cJSON_free(text);
		rc = 0;
	}
	cJSON_Delete(data);
	return rc;
}

int
scim_bulk_request(struct scim_req *q, const char **path, struct arena *a,
    const cJSON *op, const struct bulk_ids *ids, struct err *err)
{
	const cJSON	*method = scim_codec_get(op, "method");
	const cJSON	*p = scim_codec_get(op, "path");
	const cJSON	*version = scim_codec_get(op, "version");
	const char	*ref, *id;

	*path = NULL;
	if (!cJSON_IsString(method) || method_of(&q->method,
	    method->valuestring) == -1)
		return err_set(err, 400, ST_INVALID_SYNTAX,
		    "\"method\" must be POST, PUT, PATCH or DELETE");
	q->method_name = arena_strdup(&q->arena, method->valuestring);
	if (!cJSON_IsString(p) || p->valuestring[0] != '/')
		return err_set(err, 400, ST_INVALID_SYNTAX, "\"path\" is required");
	if (q->method == SCIM_POST &&
	    !cJSON_IsString(scim_codec_get(op, "bulkId")))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "a POST needs a \"bulkId\"");
	*path = arena_strdup(a, p->valuestring);
	/* A path may name a resource created earlier: /Users/bulkId:qwerty. */
	if ((ref = strstr(*path, "/bulkId:")) != NULL) {
		if ((id = scim_bulk_resolve(ids, ref + 8)) == NULL)
			return err_set(err, 409, ST_INVALID_VALUE,
			    "bulkId \"%.64s\" has no resource yet", ref + 8);
		*path = arena_printf(a, "%.*s/%s", (int)(ref - *path), *path, id);
	}
	if (q->method != SCIM_DELETE && op_body(q, op, ids, err) == -1)
		return -1;
	q->path = arena_printf(&q->arena, "/scim/v2%s", *path);
	q->if_match = cJSON_IsString(version) ?
	    arena_strdup(&q->arena, version->valuestring) : NULL;
	return 0;
}
