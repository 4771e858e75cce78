/* SPDX-License-Identifier: MIT */
/*
 * scim/filter/filter.h
 *
 * SCIM filter expressions (RFC 7644 §3.4.2.2): parsing into the neutral
 * AST of domain/base/query.h, and in-memory evaluation against a resource
 * in stored form (scim/model/codec.h). Pure: no I/O.
 */
#ifndef SCIMD_FILTER_H
#define SCIMD_FILTER_H

#include <cjson/cJSON.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/query.h"
#include "domain/base/schema.h"

#define SCIM_FILTER_MAX_LEN	4096
#define SCIM_FILTER_MAX_DEPTH	32

/*
 * Parse a SCIM filter into an AST allocated in `a`.
 *
 * Returns 0 and sets *out, or returns -1 with err = 400 invalidFilter and
 * a detail naming the byte offset and what was expected. The AST is
 * borrowed from the arena. Nesting deeper than SCIM_FILTER_MAX_DEPTH and
 * text longer than SCIM_FILTER_MAX_LEN are rejected.
 */
int	scim_filter_parse(struct query_node **out, struct arena *a,
	    const char *text, struct err *err);

/*
 * Checks every attribute path of the AST against resource type rt
 * (unknown attribute → 400 invalidFilter; gt/ge/lt/le on a boolean or
 * complex attribute → 400 invalidFilter).
 */
int	scim_filter_check(const struct query_node *, const struct schema_rtype *rt,
	    struct err *err);

/*
 * Evaluates the filter against `res`, a resource in stored form with `id`
 * and `meta` present as in the rendered resource. `elem_attr` is non-NULL
 * when evaluating the inner filter of a value path against one element of
 * that multi-valued attribute. Returns 1 (match) or 0.
 */
int	scim_filter_match(const struct query_node *, const struct schema_rtype *rt,
	    const struct schema_attr *elem_attr, const cJSON *res);

/* Canonical text of an AST, for tests and logs. Allocated in `a`. */
const char *scim_filter_print(const struct query_node *, struct arena *a);

#endif
