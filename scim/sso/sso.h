/* SPDX-License-Identifier: MIT */
/*
 * scim/sso/sso.h
 *
 * /sso/v1, the product's sign-in path. The bearer credential of the
 * request (call->token) is the org's SSO secret for login and a session
 * token for session; the domain checks it.
 */
#ifndef SCIMD_SSO_H
#define SCIMD_SSO_H

#include "scim/http/call.h"

struct cJSON;
struct member_row;

/* POST /sso/v1/login {email, subject?}: a session for the member. */
int	scim_sso_login(struct scim_call *, struct err *err);
/* GET /sso/v1/session: the member a session token belongs to. */
int	scim_sso_session(struct scim_call *, struct err *err);
/*
 * POST /sso/v1/invitations/accept {token, email, subject?} (also
 * /sso/v1/invite-links/accept): 201 with a session and the new member
 * (scim/sso/sso_invite.c).
 */
int	scim_sso_invite_accept(struct scim_call *, struct err *err);

/* {id, orgId, userName, role, active} of a member (owned by the caller). */
struct cJSON	*scim_sso_member_json(const struct member_row *);

#endif
