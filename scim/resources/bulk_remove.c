/* SPDX-License-Identifier: MIT */
/*
 * scim/resources/bulk_remove.c
 *
 * Bulk removal is all or nothing: the user removals of a /Bulk request
 * are checked against every guard as one set and applied in one
 * transaction (dom_member_remove_set). When one is refused, none is
 * applied, the refused operation answers with its own status and every
 * other operation of the request with 424 Failed Dependency naming it.
 * Removals run before the request's other operations, which keep their
 * per-operation semantics (bulk.c).
 */
#include "scim/resources/bulk_remove.h"
#include "scim/resources/bulk_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/member.h"
#include "scim/model/codec.h"
#include "scim/model/etag.h"
#include "scim/model/render.h"

static int
version_check(const struct member_row *before, void *arg, struct err *err)
{
	return scim_etag_check_if_match(arg, before->version, err);
}

/* A result that starts like every result: method and bulkId echoed. */
static cJSON *
result_new(const cJSON *op)
{
	cJSON		*r = cJSON_CreateObject();
	const cJSON	*method = scim_codec_get(op, "method");
	const cJSON	*bulk_id = scim_codec_get(op, "bulkId");

	if (cJSON_IsString(method))
		cJSON_AddStringToObject(r, "method", method->valuestring);
	if (cJSON_IsString(bulk_id))
		cJSON_AddStringToObject(r, "bulkId", bulk_id->valuestring);
	return r;
}

static void
result_error(cJSON *r, struct arena *a, const struct err *e)
{
	struct scim_resp	resp;
	char			num[8];

	memset(&resp, 0, sizeof(resp));
	scim_render_error(&resp, a, e);
	snprintf(num, sizeof(num), "%d", e->status);
	cJSON_AddStringToObject(r, "status", num);
	cJSON_AddItemToObject(r, "response", cJSON_Parse(resp.body));
	free(resp.body);
}

/*
 * The member id a removal names, or NULL with err set: a bulkId cannot
 * stand here, since removals run before any POST of the request.
 */
static const char *
removal_id(const cJSON *op, struct err *err)
{
	const char	*p = scim_codec_get(op, "path")->valuestring;

	if (strncmp(p, "/Users/", 7) != 0 || p[7] == '\0') {
		err_set(err, 400, ST_INVALID_SYNTAX,
		    "\"path\" of a DELETE must be /Users/{id}");
		return NULL;
	}
	if (strncmp(p + 7, "bulkId:", 7) == 0) {
		err_set(err, 409, ST_INVALID_VALUE, "bulkId \"%.64s\" has no "
		    "resource yet: removals run before the other operations",
		    p + 14);
		return NULL;
	}
	return p + 7;
}

/* Every entry but the refused one's: 424, naming the refused removal. */
static void
fail_others(cJSON **out, struct scim_call *c, const cJSON *ops, int n,
    int refused, const char *path)
{
	struct err	dep = { 0 };
	int		i;

	err_set(&dep, 424, ST_NONE, "not applied: operation %d (DELETE %.80s) "
	    "was refused, and a bulk removal is all or nothing", refused + 1,
	    path);
	for (i = 0; i < n; i++) {
		if (i == refused)
			continue;
		cJSON_Delete(out[i]);
		out[i] = result_new(cJSON_GetArrayItem(ops, i));
		result_error(out[i], &c->req->arena, &dep);
	}
}

cJSON **
scim_bulk_removals(struct scim_call *c, const cJSON *ops, int n)
{
	struct dom_removal	*set;
	struct err		 e = { 0 };
	cJSON			**out;
	const cJSON		*op, *version;
	int			*at, i = 0, k = 0;
	size_t			 refused;

	set = arena_alloc(&c->req->arena, (size_t)n * sizeof(*set));
	at = arena_alloc(&c->req->arena, (size_t)n * sizeof(*at));
	out = arena_alloc(&c->req->arena, (size_t)n * sizeof(*out));
	memset(out, 0, (size_t)n * sizeof(*out));
	cJSON_ArrayForEach(op, ops) {
		if (scim_bulk_is_removal(op)) {
			version = scim_codec_get(op, "version");
			out[i] = result_new(op);
			at[k] = i;
			set[k].check = version_check;
			set[k].check_arg = cJSON_IsString(version) ?
			    version->valuestring : NULL;
			if ((set[k++].id = removal_id(op, &e)) == NULL)
				break;
		}
		i++;
	}
	if (k == 0)
		return NULL;
	if (e.status == 0 && dom_member_remove_set(&refused, c->conn,
	    &c->req->arena, c->actor, set, (size_t)k, &e) == 0) {
		for (i = 0; i < k; i++) {
			cJSON_AddStringToObject(out[at[i]], "location",
			    arena_printf(&c->req->arena, "%s/Users/%s",
			    c->req->base_url, set[i].id));
			cJSON_AddStringToObject(out[at[i]], "status", "204");
		}
		return out;
	}
	if (e.status != 0 && set[k - 1].id == NULL)
		refused = (size_t)k - 1;
	result_error(out[at[refused]], &c->req->arena, &e);
	fail_others(out, c, ops, n, at[refused],
	    scim_codec_get(cJSON_GetArrayItem(ops, at[refused]), "path")->valuestring);
	return out;
}
