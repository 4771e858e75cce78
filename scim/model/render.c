/* SPDX-License-Identifier: MIT */
/*
 * scim/model/render.c
 *
 * Response bodies. Every error a client can see leaves through
 * scim_render_error, so none is HTML or empty.
 */
#include "scim/model/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scim/model/etag.h"
#include "scim/model/resource.h"

void
scim_render_json(struct scim_resp *r, int status, cJSON *json)
{
	char	*s = cJSON_PrintUnformatted(json);

	cJSON_Delete(json);
	free(r->body);
	r->status = status;
	r->body = s;
	r->body_len = s ? strlen(s) : 0;
}

void
scim_render_error(struct scim_resp *r, struct arena *a, const struct err *e)
{
	cJSON		*o = cJSON_CreateObject();
	cJSON		*schemas = cJSON_AddArrayToObject(o, "schemas");
	const char	*type = err_scim_type_name(e->type);
	char		 num[16];
	int		 status = e->status ? e->status : 500;

	cJSON_AddItemToArray(schemas, cJSON_CreateString(SCIM_URN_ERROR));
	snprintf(num, sizeof(num), "%d", status);
	cJSON_AddStringToObject(o, "status", num);
	if (type != NULL)
		cJSON_AddStringToObject(o, "scimType", type);
	cJSON_AddStringToObject(o, "detail", e->detail[0] ? e->detail :
	    "internal server error");
	if (status == 401)
		scim_resp_header(r, a, "WWW-Authenticate",
		    "Bearer realm=\"scimd\"");
	if ((status == 429 || status == 503) && e->retry_after > 0) {
		snprintf(num, sizeof(num), "%d", e->retry_after);
		scim_resp_header(r, a, "Retry-After", num);
	}
	scim_render_json(r, status, o);
}

int
scim_render_not_modified(struct scim_resp *r, struct arena *a,
    const char *if_none_match, long long version)
{
	char	tag[32];

	if (if_none_match == NULL || !scim_etag_matches(if_none_match, version))
		return 0;
	scim_resource_etag(tag, sizeof(tag), version);
	scim_resp_header(r, a, "ETag", tag);
	r->status = 304;
	return 1;
}
