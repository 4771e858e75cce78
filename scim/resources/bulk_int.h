/* SPDX-License-Identifier: MIT */
/*
 * scim/resources/bulk_int.h
 *
 * The pure steps of POST /Bulk (scim/resources/bulk_parse.c): checking
 * the request, resolving bulkId references and turning one operation into
 * a request. Shared with bulk.c, bulk_remove.c, the unit tests and the
 * fuzz target; not for use elsewhere. None does I/O.
 */
#ifndef SCIMD_BULK_INT_H
#define SCIMD_BULK_INT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "scim/http/http.h"

/* DELETEs of /Users in one request (ARCHITECTURE.md: bulk cap). */
#define SCIM_BULK_MAX_REMOVALS	10

/*
 * bulkId → id of the resource an earlier POST of this request created;
 * the arrays hold one slot per operation. Strings are borrowed.
 */
struct bulk_ids {
	const char	**bulk;
	const char	**id;
	size_t		  n;
};

/* The id created for bulkId `ref`, or NULL when there is none (yet). */
const char *scim_bulk_resolve(const struct bulk_ids *, const char *ref);

/*
 * Replaces "bulkId:X" in v with the id created for X where a reference
 * can stand: the `value` or `$ref` of a complex value (members,
 * manager), at any depth. Any other string that happens to start with
 * "bulkId:" is data. Returns 0, or -1 with *missing naming the first
 * reference that has no id yet (borrowed from v).
 */
int	scim_bulk_substitute(cJSON *v, const struct bulk_ids *,
	    const char **missing);

/* Whether op is a user removal (DELETE /Users/…). */
int	scim_bulk_is_removal(const cJSON *op);

/*
 * Checks "Operations" before anything runs (RFC 7644 §3.7.4): a
 * non-empty array (400 invalidSyntax) of at most SCIM_BULK_MAX_OPS
 * operations, at most SCIM_BULK_MAX_REMOVALS of them DELETEs of /Users
 * (413 tooMany).
 */
int	scim_bulk_check_ops(const cJSON *ops, struct err *err);

/*
 * failOnErrors of the request body: the number of errors after which the
 * run stops, or 0 to run every operation (absent, not a number, < 1).
 */
int	scim_bulk_fail_limit(const cJSON *body);

/*
 * Turns operation `op` into request q (zeroed by the caller; strings go
 * to q->arena): method, path below /scim/v2 with a "/bulkId:X" segment
 * resolved, body with references substituted, and `version` as If-Match.
 * *path is the resolved path as the operation named it, in `a`. 400
 * invalidSyntax for a bad method, path or data, 400 invalidValue for a
 * POST without bulkId, 409 invalidValue for a reference to a bulkId that
 * has no resource yet.
 */
int	scim_bulk_request(struct scim_req *q, const char **path, struct arena *a,
	    const cJSON *op, const struct bulk_ids *, struct err *err);

#endif
