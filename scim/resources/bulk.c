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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "scim/model/codec.h"
#include "scim/model/discovery.h"
#include "scim/resources/bulk_remove.h"
#include "scim/resources/handlers.h"
#include "scim/model/render.h"
#include "scim/http/route.h"

#define SCIM_BULK_MAX_REMOVALS	10
#define URN_BULK_RESPONSE	"urn:ietf:params:scim:api:messages:2.0:BulkResponse"

/* bulkId → id of the resource an earlier POST of this request created. */
struct bulk_ids {
	const char	**bulk;
	const char	**id;
	size_t		  n;
};

static const char *
resolve(const struct bulk_ids *m, const char *ref)
{
	size_t	i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->bulk[i], ref) == 0)
			return m->id[i];
	return NULL;
}

/*
 * Replaces "bulkId:X" with the id created for X where a reference can
 * stand: the `value` or `$ref` of a complex value (members, manager).
 * Any other string that happens to start with "bulkId:" is data.
 * Returns 0, or -1 naming the first reference that has no id yet.
 */
static int
substitute(cJSON *v, const struct bulk_ids *m, const char **missing)
{
	cJSON		*it;
	const char	*id;
	int		 ref = v->string != NULL && (strcmp(v->string, "value") == 0 ||
			    strcmp(v->string, "$ref") == 0);

	if (ref && cJSON_IsString(v) && strncmp(v->valuestring, "bulkId:", 7) == 0) {
		if ((id = resolve(m, v->valuestring + 7)) == NULL) {
			*missing = v->valuestring + 7;
			return -1;
		}
		cJSON_SetValuestring(v, id);
		return 0;
	}
	cJSON_ArrayForEach(it, v)
		if (substitute(it, m, missing) == -1)
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

/* Checks the caps before anything runs (RFC 7644 §3.7.4: 413 tooMany). */
static int
check_caps(const cJSON *ops, struct err *err)
{
	const cJSON	*op, *method, *path;
	int		 n = 0, removals = 0;

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

static const char *
header_of(const struct scim_resp *r, const char *name)
{
	int	i;

	for (i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->hname[i], name) == 0)
			return r->hvalue[i];
	return NULL;
}

/* An operation refused before it could run: the result carries the error. */
static void
op_error(cJSON *result, struct arena *a, const struct err *e)
{
	struct scim_resp	r;
	char			num[8];

	memset(&r, 0, sizeof(r));
	scim_render_error(&r, a, e);
	snprintf(num, sizeof(num), "%d", e->status);
	cJSON_AddStringToObject(result, "status", num);
	cJSON_AddItemToObject(result, "response", cJSON_Parse(r.body));
	free(r.body);
}

/* Runs one operation; returns 1 when it failed. */
static int
run_op(struct scim_call *c, const cJSON *op, struct bulk_ids *ids,
    cJSON *result)
{
	struct scim_req		 q;
	struct scim_resp	 r;
	struct scim_call	 sub;
	struct err		 e = { 0 };
	const cJSON		*method = scim_codec_get(op, "method");
	const cJSON		*bulk_id = scim_codec_get(op, "bulkId");
	const cJSON		*path = scim_codec_get(op, "path");
	const cJSON		*version = scim_codec_get(op, "version");
	cJSON			*data = NULL, *body;
	const char		*missing, *p, *loc, *tag;
	char			 num[8], *text = NULL;
	int			 failed;

	memset(&q, 0, sizeof(q));
	memset(&r, 0, sizeof(r));
	if (cJSON_IsString(method))
		cJSON_AddStringToObject(result, "method", method->valuestring);
	if (cJSON_IsString(bulk_id))
		cJSON_AddStringToObject(result, "bulkId", bulk_id->valuestring);
	if (!cJSON_IsString(method) || method_of(&q.method, method->valuestring) == -1) {
		err_set(&e, 400, ST_INVALID_SYNTAX,
		    "\"method\" must be POST, PUT, PATCH or DELETE");
		goto refuse;
	}
	q.method_name = method->valuestring;
	if (!cJSON_IsString(path) || path->valuestring[0] != '/') {
		err_set(&e, 400, ST_INVALID_SYNTAX, "\"path\" is required");
		goto refuse;
	}
	if (q.method == SCIM_POST && !cJSON_IsString(bulk_id)) {
		err_set(&e, 400, ST_INVALID_VALUE, "a POST needs a \"bulkId\"");
		goto refuse;
	}
	p = path->valuestring;
	/* A path may name a resource created earlier: /Users/bulkId:qwerty. */
	if ((missing = strstr(p, "/bulkId:")) != NULL) {
		const char *id = resolve(ids, missing + 8);

		if (id == NULL) {
			err_set(&e, 409, ST_INVALID_VALUE,
			    "bulkId \"%.64s\" has no resource yet", missing + 8);
			goto refuse;
		}
		p = arena_printf(&c->req->arena, "%.*s/%s", (int)(missing - p), p, id);
	}
	if (q.method != SCIM_DELETE) {
		data = cJSON_Duplicate(scim_codec_get(op, "data"), 1);
		if (!cJSON_IsObject(data)) {
			err_set(&e, 400, ST_INVALID_SYNTAX,
			    "\"data\" must be an object for %s", q.method_name);
			goto refuse;
		}
		if (substitute(data, ids, &missing) == -1) {
			err_set(&e, 409, ST_INVALID_VALUE,
			    "bulkId \"%.64s\" has no resource yet", missing);
			goto refuse;
		}
		text = cJSON_PrintUnformatted(data);
		q.body = arena_strdup(&q.arena, text);
		q.body_len = strlen(text);
	}
	q.path = arena_printf(&q.arena, "/scim/v2%s", p);
	q.base_url = c->req->base_url;
	q.if_match = cJSON_IsString(version) ? version->valuestring : NULL;
	memcpy(q.request_id, c->req->request_id, sizeof(q.request_id));
	memset(&sub, 0, sizeof(sub));
	sub.resp = &r;
	sub.req = &q;
	sub.conn = c->conn;
	sub.actor = c->actor;
	scim_route_subrequest(&sub);

	snprintf(num, sizeof(num), "%d", r.status);
	cJSON_AddStringToObject(result, "status", num);
	failed = r.status >= 400;
	if (failed) {
		cJSON_AddItemToObject(result, "response", cJSON_Parse(r.body ? r.body : ""));
	} else {
		loc = header_of(&r, "Location");
		cJSON_AddStringToObject(result, "location", loc ? loc :
		    arena_printf(&c->req->arena, "%s%s", c->req->base_url, p));
		if ((tag = header_of(&r, "ETag")) != NULL)
			cJSON_AddStringToObject(result, "version", tag);
		if (q.method == SCIM_POST && (body = cJSON_Parse(r.body)) != NULL) {
			const cJSON *id = cJSON_GetObjectItemCaseSensitive(body, "id");

			if (cJSON_IsString(id)) {
				ids->bulk[ids->n] = arena_strdup(&c->req->arena,
				    bulk_id->valuestring);
				ids->id[ids->n++] = arena_strdup(&c->req->arena,
				    id->valuestring);
			}
			cJSON_Delete(body);
		}
	}
	goto out;
refuse:
	op_error(result, &c->req->arena, &e);
	failed = 1;
out:
	free(r.body);
	cJSON_free(text);
	cJSON_Delete(data);
	arena_free(&q.arena);
	return failed;
}

void
scim_bulk(struct scim_call *c)
{
	struct err	 e = { 0 };
	struct bulk_ids	 ids;
	cJSON		*body = NULL, *out, *results, *result;
	const cJSON	*ops, *op, *foe;
	cJSON		**done;
	int		 errors = 0, limit = 0, n, i = 0;

	if (scim_body_json(&body, c->req, &e) == -1)
		goto fail;
	ops = scim_codec_get(body, "Operations");
	if (!cJSON_IsArray(ops)) {
		err_set(&e, 400, ST_INVALID_SYNTAX, "\"Operations\" must be an array");
		goto fail;
	}
	if (check_caps(ops, &e) == -1)
		goto fail;
	foe = scim_codec_get(body, "failOnErrors");
	if (cJSON_IsNumber(foe) && foe->valuedouble >= 1)
		limit = foe->valuedouble > 1e6 ? 1000000 : (int)foe->valuedouble;
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
	cJSON_Delete(body);
	return;
fail:
	cJSON_Delete(body);
	scim_render_error(c->resp, &c->req->arena, &e);
}
