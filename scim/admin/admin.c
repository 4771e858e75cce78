/* SPDX-License-Identifier: MIT */
/*
 * scim/admin/admin.c
 *
 * Typed fields of an /admin/v1 JSON body, for the handlers in
 * scim/admin/admin_ops.c. Routing and the operator token are the route
 * table's (scim/http/routes.c).
 */
#include "scim/admin/admin_int.h"

#include <string.h>

#include "domain/admin.h"
#include "scim/http/request.h"

int
scim_admin_body(struct scim_call *call, struct err *err)
{
	const char	*ct = call->req->content_type;

	/* Checked here too so the hint names this API's media type. */
	if (ct != NULL && strcasestr(ct, "json") == NULL)
		return err_set(err, 415, ST_NONE,
		    "unsupported content type \"%.100s\"; send application/json",
		    ct);
	if (scim_body_json(&call->body, call->req, err) == -1)
		return -1;
	if (!cJSON_IsObject(call->body))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "request body must be a JSON object");
	return 0;
}

int
scim_admin_str(const char **out, const struct scim_call *call,
    const char *name, int flags, struct err *err)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(call->body, name);

	*out = NULL;
	if (v == NULL || (cJSON_IsNull(v) && (flags & ADMIN_NULLABLE))) {
		if (v == NULL && (flags & ADMIN_REQUIRED))
			return err_set(err, 400, ST_INVALID_VALUE,
			    "\"%s\" is required", name);
		return 0;
	}
	if (!cJSON_IsString(v))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"%s\" must be a string%s", name,
		    (flags & ADMIN_NULLABLE) ? " or null" : "");
	if ((flags & ADMIN_REQUIRED) && v->valuestring[0] == '\0')
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"%s\" must not be empty", name);
	*out = v->valuestring;
	return 0;
}

int
scim_admin_bool(int *out, const struct scim_call *call, const char *name,
    struct err *err)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(call->body, name);

	*out = DOM_KEEP;
	if (v == NULL)
		return 0;
	if (!cJSON_IsBool(v))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"%s\" must be true or false", name);
	*out = cJSON_IsTrue(v) ? 1 : 0;
	return 0;
}

int
scim_admin_int(int *out, const struct scim_call *call, const char *name,
    int min, int max, int if_null, struct err *err)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(call->body, name);
	double		 d;

	*out = DOM_KEEP;
	if (v == NULL)
		return 0;
	if (cJSON_IsNull(v) && if_null != DOM_KEEP) {
		*out = if_null;
		return 0;
	}
	d = cJSON_IsNumber(v) ? v->valuedouble : (double)min - 1;
	/* The range test first: casting an out-of-range double is undefined. */
	if (!(d >= min && d <= max) || d != (double)(int)d)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"%s\" must be an integer from %d to %d%s", name, min, max,
		    if_null != DOM_KEEP ? ", or null" : "");
	*out = (int)d;
	return 0;
}
