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
#include "scim/http/call.h"

/*
 * The /admin/v1 handlers (scim/admin/admin_ops.c), routed by the table
 * in scim/http/routes.c after the operator token is checked. call->org
 * is the path's {org}, call->id its other parameter.
 */
int	scim_admin_org_create(struct scim_call *, struct err *);
int	scim_admin_org_get(struct scim_call *, struct err *);
int	scim_admin_policy_set(struct scim_call *, struct err *);
int	scim_admin_domain_set(struct scim_call *, struct err *);
int	scim_admin_domain_remove(struct scim_call *, struct err *);
int	scim_admin_token_create(struct scim_call *, struct err *);
int	scim_admin_token_list(struct scim_call *, struct err *);
int	scim_admin_token_revoke(struct scim_call *, struct err *);
int	scim_admin_sso_rotate(struct scim_call *, struct err *);
int	scim_admin_ownership(struct scim_call *, struct err *);
int	scim_admin_member_role(struct scim_call *, struct err *);
int	scim_admin_group_role(struct scim_call *, struct err *);
int	scim_admin_key_create(struct scim_call *, struct err *);
int	scim_admin_key_list(struct scim_call *, struct err *);
int	scim_admin_key_revoke(struct scim_call *, struct err *);
int	scim_admin_seats(struct scim_call *, struct err *);
int	scim_admin_audit(struct scim_call *, struct err *);
/* GET .../events?after=SEQ&limit=N&wait=S: the org's event feed. */
int	scim_admin_events(struct scim_call *, struct err *);

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
