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

#include <stddef.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "scim/http/http.h"

struct cJSON;

/*
 * Percent-decodes the n bytes at raw ('+' as a space when plus) into
 * *out (in a). 400 invalidValue when the result holds a NUL, naming the
 * value as `what` ("the path", "query parameter \"filter\"").
 */
int	scim_uri_decode(const char **out, struct arena *a, const char *raw,
	    size_t n, int plus, const char *what, struct err *err);

/*
 * Checks every name and value of a raw query string (NULL: none) as
 * scim_uri_decode does: 400 invalidValue for a NUL in any of them.
 */
int	scim_query_check(struct arena *a, const char *query, struct err *err);

/*
 * The decoded value of query parameter `name` (case-insensitive), "" for
 * a bare key, NULL when absent or undecodable (holding a NUL, which
 * scim_query_check refused before any handler ran).
 */
const char *scim_query_param(struct scim_req *, const char *name);

/*
 * Whether a client's X-Request-Id (NULL: none) is short and plain enough
 * (letters, digits, "._:-") to log and echo as it is.
 */
int	scim_request_id_ok(const char *v);

/*
 * Parses the body as JSON into *out (owned: the caller deletes it).
 * 415 for a non-JSON content type, 400 invalidSyntax for an empty or
 * malformed body.
 */
int	scim_body_json(struct cJSON **out, struct scim_req *, struct err *err);

#endif
