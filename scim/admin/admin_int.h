/* SPDX-License-Identifier: MIT */
/*
 * scim/admin/admin_int.h
 *
 * Shared by the /admin/v1 router (scim/admin/admin.c) and its handlers
 * (scim/admin/admin_ops.c); not for use elsewhere.
 */
#ifndef SCIMD_ADMIN_INT_H
#define SCIMD_ADMIN_INT_H

#include <cjson/cJSON.h>

#include "domain/base/err.h"
#include "scim/http/http.h"

struct db_conn;

struct admin_call {
	struct scim_resp	*resp;
	struct scim_req		*req;
	struct db_conn		*conn;
	const char		*org;	/* {org} of the path, or NULL */
	const char		*id;	/* the path's second parameter, or NULL */
	cJSON			*body;	/* set by scim_admin_body; router deletes */
};

/*
 * A handler renders its success response itself; on failure it returns
 * -1 with err set and the router renders the error.
 */
typedef int (*admin_fn)(struct admin_call *, struct err *);

/* Field flags for scim_admin_str. */
#define ADMIN_OPTIONAL	0x0
#define ADMIN_REQUIRED	0x1	/* absent is 400 invalidValue */
#define ADMIN_NULLABLE	0x2	/* null is allowed and reads as NULL */

/* Parses the body into call->body; 400 unless it is a JSON object. */
int	scim_admin_body(struct admin_call *, struct err *err);
/* A string member of the body; *out is NULL when absent (or null). */
int	scim_admin_str(const char **out, const struct admin_call *,
	    const char *name, int flags, struct err *err);
/* A boolean member as 0/1, or DOM_KEEP when absent. */
int	scim_admin_bool(int *out, const struct admin_call *, const char *name,
	    struct err *err);
/*
 * An integer member in [min, max], DOM_KEEP when absent; null reads as
 * `if_null`, or is refused when if_null is DOM_KEEP.
 */
int	scim_admin_int(int *out, const struct admin_call *, const char *name,
	    int min, int max, int if_null, struct err *err);

int	scim_admin_org_create(struct admin_call *, struct err *);
int	scim_admin_org_get(struct admin_call *, struct err *);
int	scim_admin_policy_set(struct admin_call *, struct err *);
int	scim_admin_domain_set(struct admin_call *, struct err *);
int	scim_admin_domain_remove(struct admin_call *, struct err *);
int	scim_admin_token_create(struct admin_call *, struct err *);
int	scim_admin_token_list(struct admin_call *, struct err *);
int	scim_admin_token_revoke(struct admin_call *, struct err *);
int	scim_admin_sso_rotate(struct admin_call *, struct err *);
int	scim_admin_ownership(struct admin_call *, struct err *);
int	scim_admin_member_role(struct admin_call *, struct err *);
int	scim_admin_group_role(struct admin_call *, struct err *);
int	scim_admin_key_create(struct admin_call *, struct err *);
int	scim_admin_key_list(struct admin_call *, struct err *);
int	scim_admin_key_revoke(struct admin_call *, struct err *);
int	scim_admin_seats(struct admin_call *, struct err *);
int	scim_admin_audit(struct admin_call *, struct err *);

#endif
