/* SPDX-License-Identifier: MIT */
/*
 * fuzz/fuzz_bulk.c
 *
 * libFuzzer target: arbitrary bytes as the body of POST /Bulk, through
 * what the server runs before any handler: the JSON body check
 * (scim_body_json), the Operations checks, failOnErrors, and each
 * operation turned into a request (scim/resources/bulk_parse.c), with
 * every POST that has a bulkId counted as creating a resource, as a
 * successful run does. Beyond crashes and sanitizer reports, a finding
 * is an error that is not 400/409/413, or a built request whose path or
 * body still holds a bulkId reference.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "scim/http/request.h"
#include "scim/model/codec.h"
#include "scim/model/discovery.h"
#include "scim/resources/bulk_int.h"
#include "fuzz/fuzz_seed.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_status(const struct err *e, const char *step)
{
	if (e->status != 400 && e->status != 409 && e->status != 413)
		fuzz_die("refusal is not 400, 409 or 413", step, e->detail);
	if (e->detail[0] == '\0')
		fuzz_die("refusal without a detail", step, NULL);
}

/* A built request: /scim/v2 path without a reference, JSON object body. */
static void
check_built(const struct scim_req *q, const char *path)
{
	static const struct bulk_ids	none;
	const char			*missing;
	cJSON				*body;

	if (path == NULL || path[0] != '/' ||
	    strncmp(q->path, "/scim/v2/", 9) != 0)
		fuzz_die("built path is not below /scim/v2/", q->path, path);
	if (strstr(path, "/bulkId:") != NULL)
		fuzz_die("bulkId left in the path", path, NULL);
	if (q->method == SCIM_DELETE)
		return;
	if (q->body == NULL || strlen(q->body) != q->body_len)
		fuzz_die("built body length is wrong", q->body, NULL);
	body = cJSON_Parse(q->body);
	if (!cJSON_IsObject(body))
		fuzz_die("built body is not an object", q->body, NULL);
	if (scim_bulk_substitute(body, &none, &missing) != 0)
		fuzz_die("bulkId left in the body", q->body, missing);
	cJSON_Delete(body);
}

/* Records the id a successful POST with a bulkId would have created. */
static void
record(struct bulk_ids *ids, struct arena *a, const struct scim_req *q,
    const cJSON *op)
{
	const cJSON	*bulk_id = scim_codec_get(op, "bulkId");

	if (q->method != SCIM_POST || !cJSON_IsString(bulk_id))
		return;
	ids->bulk[ids->n] = arena_strdup(a, bulk_id->valuestring);
	ids->id[ids->n] = arena_printf(a, "id-%zu", ids->n);
	ids->n++;
}

static void
run_ops(const cJSON *ops, struct arena *a)
{
	struct bulk_ids	 ids;
	const cJSON	*op;
	struct scim_req	 q;
	struct err	 e;
	const char	*path;
	size_t		 n = (size_t)cJSON_GetArraySize(ops);

	ids.bulk = arena_alloc(a, n * sizeof(*ids.bulk));
	ids.id = arena_alloc(a, n * sizeof(*ids.id));
	ids.n = 0;
	cJSON_ArrayForEach(op, ops) {
		memset(&q, 0, sizeof(q));
		memset(&e, 0, sizeof(e));
		if (scim_bulk_request(&q, &path, a, op, &ids, &e) == -1)
			check_status(&e, "operation");
		else {
			check_built(&q, path);
			record(&ids, a, &q, op);
		}
		arena_free(&q.arena);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scim_req	 req;
	struct err	 e = { 0 };
	cJSON		*body = NULL;
	const cJSON	*ops;
	int		 limit;

	memset(&req, 0, sizeof(req));
	req.content_type = "application/scim+json";
	/* As the server copies a body: NUL-terminated, length as sent. */
	req.body = arena_strndup(&req.arena, (const char *)data, size);
	req.body_len = size;
	if (scim_body_json(&body, &req, &e) == -1) {
		if (e.status != 400)
			fuzz_die("body refused without a 400", e.detail, NULL);
		goto out;
	}
	ops = scim_codec_get(body, "Operations");
	if (scim_bulk_check_ops(ops, &e) == -1) {
		check_status(&e, "Operations");
		goto out;
	}
	limit = scim_bulk_fail_limit(body);
	if (limit < 0 || limit > 1000000)
		fuzz_die("failOnErrors out of range", NULL, NULL);
	run_ops(ops, &req.arena);
out:
	cJSON_Delete(body);
	arena_free(&req.arena);
	return 0;
}
