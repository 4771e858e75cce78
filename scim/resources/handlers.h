/* SPDX-License-Identifier: MIT */
/*
 * scim/resources/handlers.h
 *
 * The /Users, /Groups and /Bulk handlers, routed by the table in
 * scim/http/routes.c after the SCIM token is checked: call->actor is
 * the token's org, call->id the resource id of the path, call->proj the
 * query's attributes/excludedAttributes. Each fills the response, or
 * returns -1 with err set for the router to render.
 */
#ifndef SCIMD_HANDLERS_H
#define SCIMD_HANDLERS_H

#include "scim/http/call.h"

int	scim_users_list(struct scim_call *, struct err *);
int	scim_users_create(struct scim_call *, struct err *);
int	scim_users_get(struct scim_call *, struct err *);
int	scim_users_replace(struct scim_call *, struct err *);
int	scim_users_patch(struct scim_call *, struct err *);
int	scim_users_delete(struct scim_call *, struct err *);

int	scim_groups_list(struct scim_call *, struct err *);
int	scim_groups_create(struct scim_call *, struct err *);
int	scim_groups_get(struct scim_call *, struct err *);
int	scim_groups_replace(struct scim_call *, struct err *);
int	scim_groups_patch(struct scim_call *, struct err *);
int	scim_groups_delete(struct scim_call *, struct err *);

/*
 * POST /Bulk (RFC 7644 §3.7): runs each operation through
 * call->subrequest.
 */
int	scim_bulk(struct scim_call *, struct err *);

#endif
