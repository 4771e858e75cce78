/* SPDX-License-Identifier: MIT */
/*
 * domain/base/schemas_attr.c
 *
 * The `schemas` attribute in filters (RFC 7644 §3.4.2.2 filters on it):
 * not in the catalog, because no client sets it, but derived from the
 * resource: the core URN always, the extension URN when the resource
 * holds extension data. Filter evaluation (scim/filter) and SQL
 * (storage/) both ask here, so they cannot disagree.
 */
#include "domain/base/schemas_attr.h"

#include <stddef.h>
#include <strings.h>

int
schema_is_schemas_path(const struct query_path *p)
{
	return p->urn == NULL && p->sub == NULL && p->attr != NULL &&
	    strcasecmp(p->attr, "schemas") == 0;
}

int
schema_schemas_op_ok(const struct query_node *n)
{
	if (n->op == Q_PR)
		return 1;
	if (n->op != Q_EQ && n->op != Q_NE)
		return 0;
	return n->value.type == QV_STRING || n->value.type == QV_NULL;
}

/* URNs compare without case (RFC 8141 §3.1 for the NID; scimd's are ASCII). */
int
schema_schemas_match(const struct query_node *n, const struct schema_rtype *rt,
    int has_ext)
{
	const char	*v = n->value.str;
	int		 core, ext;

	if (n->op == Q_PR)
		return 1;
	if (n->value.type == QV_NULL)
		return n->op == Q_NE;	/* schemas is never unassigned */
	core = strcasecmp(v, rt->core->id) == 0;
	ext = has_ext && rt->ext != NULL && strcasecmp(v, rt->ext->id) == 0;
	if (n->op == Q_EQ)
		return core || ext;
	/* ne: any value not equal (multi-valued, as every ne). */
	return !core || (has_ext && rt->ext != NULL && !ext);
}
