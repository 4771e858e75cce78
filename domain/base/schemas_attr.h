/* SPDX-License-Identifier: MIT */
/*
 * domain/base/schemas_attr.h
 *
 * The `schemas` attribute of a resource in filters: the core schema URN,
 * and the extension's when the resource holds extension data. Pure.
 */
#ifndef SCIMD_SCHEMAS_ATTR_H
#define SCIMD_SCHEMAS_ATTR_H

#include "domain/base/query.h"
#include "domain/base/schema.h"

/* Whether a filter path names `schemas` (no URN, no sub-attribute). */
int	schema_is_schemas_path(const struct query_path *);
/* Whether the leaf is one `schemas` supports: pr, or eq/ne a string or null. */
int	schema_schemas_op_ok(const struct query_node *);
/*
 * Whether a resource of type rt, holding extension data when has_ext,
 * satisfies the leaf `schemas op value` (a leaf schema_schemas_op_ok
 * accepts).
 */
int	schema_schemas_match(const struct query_node *,
	    const struct schema_rtype *rt, int has_ext);

#endif
