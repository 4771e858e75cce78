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

/* POST /sso/v1/login {email, subject?}: a session for the member. */
int	scim_sso_login(struct scim_call *, struct err *err);
/* GET /sso/v1/session: the member a session token belongs to. */
int	scim_sso_session(struct scim_call *, struct err *err);

#endif
