/* SPDX-License-Identifier: MIT */
/*
 * scim/model/project.h
 *
 * Attribute projection (RFC 7644 §3.4.2.5 `attributes` and
 * `excludedAttributes`) over a rendered resource, honouring the
 * `returned` characteristic: `always` attributes (id, schemas) stay,
 * `never` ones (password) never appear. Pure.
 */
#ifndef SCIMD_PROJECT_H
#define SCIMD_PROJECT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/schema.h"

struct scim_proj_path {
	const struct schema		*schema;	/* core, extension or common */
	const struct schema_attr	*attr;
	const struct schema_attr	*sub;		/* NULL: the whole attribute */
};

struct scim_projection {
	int			 include;	/* 1: only these (+ always) */
	struct scim_proj_path	*paths;
	size_t			 npaths;
};

/*
 * Parses the comma-separated `attributes` or `excluded` list (at most one
 * of them may be non-NULL; both given → 400 invalidValue) for resource
 * type rt. Names that resolve to nothing are ignored, as the RFC's
 * "SHOULD ignore" allows. Memory comes from the arena.
 */
int	scim_projection_parse(struct scim_projection *out, struct arena *a,
	    const struct schema_rtype *rt, const char *attributes,
	    const char *excluded, struct err *err);

/* Applies p to *doc in place (no-op for an empty projection). */
void	scim_project(cJSON *doc, const struct scim_projection *p,
	    const struct schema_rtype *rt);

/* True when the projection excludes attr of core schema (e.g. members). */
int	scim_projection_excludes(const struct scim_projection *p,
	    const char *attr);

#endif
