/* SPDX-License-Identifier: MIT */
/*
 * scim/http/request.h
 *
 * Reading the copied request and adding response headers. Strings
 * returned are arena strings of the request (borrowed: valid until the
 * request ends).
 */
#ifndef SCIMD_REQUEST_H
#define SCIMD_REQUEST_H

#include "domain/base/err.h"
#include "scim/http/http.h"

struct cJSON;

/*
 * The decoded value of query parameter `name` (case-insensitive), "" for
 * a bare key, NULL when absent or undecodable.
 */
const char *scim_query_param(struct scim_req *, const char *name);

/*
 * Parses the body as JSON into *out (owned: the caller deletes it).
 * 415 for a non-JSON content type, 400 invalidSyntax for an empty or
 * malformed body.
 */
int	scim_body_json(struct cJSON **out, struct scim_req *, struct err *err);

#endif
