/* SPDX-License-Identifier: MIT */
/*
 * scim/resources/bulk.c
 *
 * POST /Bulk (RFC 7644 §3.7), the running part (bulk_parse.c checks the
 * request and builds each operation): each operation runs as its own request
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
