/* SPDX-License-Identifier: MIT */
/*
 * scim/resources/bulk.c
 *
 * POST /Bulk (RFC 7644 §3.7): each operation runs as its own request
 * through the same handlers, guards and transactions as a single call,
 * so no path around the membership rules exists. Operations are not one
 * transaction together (the RFC does not ask for it); failOnErrors
 * stops the run. User removals are the exception: they are applied
 * first, all or none (bulk_remove.c).
 */
#include "scim/resources/bulk_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scim/http/call.h"
#include "scim/http/request.h"
#include "scim/model/codec.h"
#include "scim/model/discovery.h"
#include "scim/model/project.h"
#include "scim/resources/bulk_remove.h"
#include "scim/model/render.h"
#include "scim/resources/handlers.h"

#define URN_BULK_RESPONSE	"urn:ietf:params:scim:api:messages:2.0:BulkResponse"

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
	const cJSON	*op, *method, *path;
	int		 n = 0, removals = 0;

	if (!cJSON_IsArray(ops))
		return err_set(err, 400, ST_INVALID_SYNTAX,
		    "\"Operations\" must be an array");
	cJSON_ArrayForEach(op, ops) {
		n++;
		method = scim_codec_get(op, "method");
		path = scim_codec_get(op, "path");
		if (cJSON_IsString(method) && strcasecmp(method->valuestring,
		    "DELETE") == 0 && cJSON_IsString(path) &&
		    strncasecmp(path->valuestring, "/Users", 6) == 0)
			removals++;
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

static const char *
header_of(const struct scim_resp *r, const char *name)
{
	int	i;

	for (i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->hname[i], name) == 0)
			return r->hvalue[i];
	return NULL;
}

/*
 * Records the answer r to operation op in its result, and the id a POST
 * created under its bulkId. Returns 1 when the operation failed.
 */
static int
op_record(cJSON *result, struct scim_call *c, const struct scim_req *q,
    const struct scim_resp *r, const char *path, const cJSON *op,
    struct bulk_ids *ids)
{
	const cJSON	*bulk_id = scim_codec_get(op, "bulkId"), *id;
	const char	*loc, *tag;
	cJSON		*body;
	char		 num[8];

	snprintf(num, sizeof(num), "%d", r->status);
	cJSON_AddStringToObject(result, "status", num);
	if (r->status >= 400) {
		cJSON_AddItemToObject(result, "response",
		    cJSON_Parse(r->body ? r->body : ""));
		return 1;
	}
	loc = header_of(r, "Location");
	cJSON_AddStringToObject(result, "location", loc ? loc :
	    arena_printf(&c->req->arena, "%s%s", c->req->base_url, path));
	if ((tag = header_of(r, "ETag")) != NULL)
		cJSON_AddStringToObject(result, "version", tag);
	if (q->method == SCIM_POST && r->body != NULL &&
	    (body = cJSON_Parse(r->body)) != NULL) {
		id = cJSON_GetObjectItemCaseSensitive(body, "id");
		if (cJSON_IsString(id)) {
			ids->bulk[ids->n] = arena_strdup(&c->req->arena,
			    bulk_id->valuestring);
			ids->id[ids->n++] = arena_strdup(&c->req->arena,
			    id->valuestring);
		}
		cJSON_Delete(body);
	}
	return 0;
}

/*
 * Runs one operation as its own request with the bulk request's
 * credential; an operation refused before it could run carries its error
 * like any other. Returns 1 when it failed.
 */
static int
run_op(struct scim_call *c, const cJSON *op, struct bulk_ids *ids,
    cJSON *result)
{
	static const struct scim_projection	none;
	const cJSON		*method = scim_codec_get(op, "method");
	const cJSON		*bulk_id = scim_codec_get(op, "bulkId");
	struct scim_req		 q;
	struct scim_resp	 r;
	struct scim_call	 sub;
	struct err		 e = { 0 };
	const char		*path;
	int			 failed;

	memset(&q, 0, sizeof(q));
	memset(&r, 0, sizeof(r));
	if (cJSON_IsString(method))
		cJSON_AddStringToObject(result, "method", method->valuestring);
	if (cJSON_IsString(bulk_id))
		cJSON_AddStringToObject(result, "bulkId", bulk_id->valuestring);
	q.base_url = c->req->base_url;
	memcpy(q.request_id, c->req->request_id, sizeof(q.request_id));
	memset(&sub, 0, sizeof(sub));
	sub.resp = &r;
	sub.req = &q;
	sub.cfg = c->cfg;
	sub.conn = c->conn;
	sub.actor = c->actor;
	sub.proj = &none;
	sub.subrequest = c->subrequest;
	if (scim_bulk_request(&q, &path, &c->req->arena, op, ids, &e) == -1 ||
	    c->subrequest(&sub, &e) == -1)
		scim_render_error(&r, &q.arena, &e);
	failed = op_record(result, c, &q, &r, path, op, ids);
	free(r.body);
	cJSON_Delete(sub.body);
	arena_free(&q.arena);
	return failed;
}

int
scim_bulk(struct scim_call *c, struct err *err)
{
	struct bulk_ids	 ids;
	cJSON		*body = NULL, *out, *results, *result;
	const cJSON	*ops, *op;
	cJSON		**done;
	int		 errors = 0, limit, n, i = 0, rc = -1;

	if (scim_body_json(&body, c->req, err) == -1)
		goto out;
	ops = scim_codec_get(body, "Operations");
	if (scim_bulk_check_ops(ops, err) == -1)
		goto out;
	limit = scim_bulk_fail_limit(body);
	n = cJSON_GetArraySize(ops);
	ids.bulk = arena_alloc(&c->req->arena, (size_t)n * sizeof(*ids.bulk));
	ids.id = arena_alloc(&c->req->arena, (size_t)n * sizeof(*ids.id));
	ids.n = 0;
	out = cJSON_CreateObject();
	cJSON_AddItemToObject(out, "schemas", cJSON_CreateStringArray(
	    (const char *[]){ URN_BULK_RESPONSE }, 1));
	results = cJSON_AddArrayToObject(out, "Operations");
	done = scim_bulk_removals(c, ops, n);
	cJSON_ArrayForEach(op, ops) {
		if (done != NULL && done[i] != NULL) {
			cJSON_AddItemToArray(results, done[i++]);
			continue;
		}
		i++;
		result = cJSON_CreateObject();
		cJSON_AddItemToArray(results, result);
		errors += run_op(c, op, &ids, result);
		if (limit > 0 && errors >= limit)
			break;
	}
	while (done != NULL && i < n)
		cJSON_Delete(done[i++]);	/* removals past a failOnErrors stop */
	scim_render_json(c->resp, 200, out);
	rc = 0;
out:
	cJSON_Delete(body);
	return rc;
}
