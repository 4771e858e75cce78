/* SPDX-License-Identifier: MIT */
/*
 * scim/model/render.h
 *
 * Turning results into responses: JSON bodies with the SCIM media type,
 * and the SCIM Error (RFC 7644 §3.12) — the only place an err becomes
 * JSON. Pure.
 */
#ifndef SCIMD_RENDER_H
#define SCIMD_RENDER_H

#include <cjson/cJSON.h>

#include "domain/base/err.h"
#include "scim/http/http.h"

#define SCIM_URN_ERROR		"urn:ietf:params:scim:api:messages:2.0:Error"
#define SCIM_URN_LIST		"urn:ietf:params:scim:api:messages:2.0:ListResponse"
#define SCIM_URN_PATCHOP	"urn:ietf:params:scim:api:messages:2.0:PatchOp"

/* Sets status and the body printed from `json` (consumed: deleted here). */
void	scim_render_json(struct scim_resp *, int status, cJSON *json);

/*
 * Renders err as a SCIM Error: `status` as a string, scimType when the
 * error has one, and the headers its status implies (WWW-Authenticate on
 * 401, Retry-After on 429/503 when known).
 */
void	scim_render_error(struct scim_resp *, struct arena *, const struct err *);

/*
 * Answers 304 Not Modified with the ETag when `if_none_match` names the
 * version (RFC 7232 §3.2). Returns 1 when it answered, else 0.
 */
int	scim_render_not_modified(struct scim_resp *, struct arena *,
	    const char *if_none_match, long long version);

#endif
