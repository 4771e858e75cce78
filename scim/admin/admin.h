/* SPDX-License-Identifier: MIT */
/*
 * scim/admin/admin.h
 *
 * The operator API under /admin/v1 (not SCIM: plain JSON in and out,
 * errors as SCIM Error JSON so clients parse one format), and the JSON
 * shapes it shares with the admin command line. Every cJSON returned is
 * owned by the caller (cJSON_Delete).
 */
#ifndef SCIMD_ADMIN_H
#define SCIMD_ADMIN_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "domain/admin.h"
#include "scim/http/http.h"

struct db_conn;

/*
 * Answers on the I/O thread what needs no database: unknown paths below
 * /admin/v1 (404) and wrong methods (405). Sets resp->route to the route
 * template. Returns 1 when it answered, else 0.
 */
int	scim_admin_inline(struct scim_resp *, struct scim_req *);

/*
 * Runs an /admin/v1 request on a worker: checks that `token` is an
 * operator token (401 otherwise), then calls the endpoint's handler.
 */
void	scim_admin_route(struct scim_resp *, struct scim_req *,
	    struct db_conn *c, const char *token, size_t len);

/* {allowOutsideMembers, removalRatePerHour, revokeApiKeysOnRemoval, seatLimit} */
cJSON	*scim_admin_policy_json(const struct dom_policy *);
/* {used, limit}; limit is null when the org has no seat limit. */
cJSON	*scim_admin_seats_json(long long used, int limit);
/* {id, name, policy, domains: [{domain, verified, jit}], seats} */
cJSON	*scim_admin_org_json(const struct dom_org_info *);
/* {domain, verified, jit} of entry i of the org */
cJSON	*scim_admin_domain_json(const struct dom_org_info *, size_t i);
/* {id, label, admin, created, lastUsed, revoked}; never the token itself */
cJSON	*scim_admin_token_json(const struct token_row *);
/* {id, label, member, created, revoked}; never the key itself */
cJSON	*scim_admin_api_key_json(const struct api_key_row *);
/*
 * {id, at, action, actorTokenId, actorMemberId, targetMemberId, personId,
 * targetUserName, targetEmail, detail}: one line of an audit listing.
 */
cJSON	*scim_admin_audit_json(const struct audit_row *);

#endif
