/* SPDX-License-Identifier: MIT */
/*
 * scim/admin/admin_int.h
 *
 * The body readers of scim/admin/admin.c for the /admin/v1 handlers
 * (scim/admin/admin_ops.c); not for use elsewhere.
 */
#ifndef SCIMD_ADMIN_INT_H
#define SCIMD_ADMIN_INT_H

#include <cjson/cJSON.h>

#include "domain/base/err.h"
#include "scim/http/call.h"

/* Field flags for scim_admin_str. */
#define ADMIN_OPTIONAL	0x0
#define ADMIN_REQUIRED	0x1	/* absent is 400 invalidValue */
#define ADMIN_NULLABLE	0x2	/* null is allowed and reads as NULL */

/*
 * Parses the body into call->body (the router deletes it); 400 unless it
 * is a JSON object.
 */
int	scim_admin_body(struct scim_call *, struct err *err);
/* A string member of the body; *out is NULL when absent (or null). */
int	scim_admin_str(const char **out, const struct scim_call *,
	    const char *name, int flags, struct err *err);
/* A boolean member as 0/1, or DOM_KEEP when absent. */
int	scim_admin_bool(int *out, const struct scim_call *, const char *name,
	    struct err *err);
/*
 * An integer member in [min, max], DOM_KEEP when absent; null reads as
 * `if_null`, or is refused when if_null is DOM_KEEP.
 */
int	scim_admin_int(int *out, const struct scim_call *, const char *name,
	    int min, int max, int if_null, struct err *err);

#endif
