/* SPDX-License-Identifier: MIT */
/*
 * scim/admin/admin_invite.h
 *
 * /admin/v1/orgs/{org}/invitations and /invite-links, and the JSON
 * shapes the command line shares with them. Every cJSON returned is
 * owned by the caller (cJSON_Delete).
 */
#ifndef SCIMD_ADMIN_INVITE_H
#define SCIMD_ADMIN_INVITE_H

#include <cjson/cJSON.h>

#include "domain/invite.h"
#include "scim/http/call.h"

/* POST {invitations: [{email, role?}], role?, invitedBy?}; GET lists. */
int	scim_admin_invite_create(struct scim_call *, struct err *);
int	scim_admin_invite_list(struct scim_call *, struct err *);
/* DELETE …/invitations/{id}: cancels a pending invitation. */
int	scim_admin_invite_cancel(struct scim_call *, struct err *);
/* POST …/invitations/{id}/reinvite {role?}: a fresh token and 7 days. */
int	scim_admin_invite_reinvite(struct scim_call *, struct err *);
/* PUT …/invite-policy {admitOutsiders}. */
int	scim_admin_invite_policy(struct scim_call *, struct err *);
/* POST {role?, domains?, maxUses?, expiresAt?, createdBy?}; GET lists. */
int	scim_admin_link_create(struct scim_call *, struct err *);
int	scim_admin_link_list(struct scim_call *, struct err *);
/* DELETE …/invite-links/{id}. */
int	scim_admin_link_revoke(struct scim_call *, struct err *);

/*
 * {id, email, role, state, invitedBy, invitedByUserName, inviterRemoved,
 * created, expires, ended, acceptedMemberId, acceptedVia, replacedBy};
 * state is pending, expired, accepted, cancelled or reinvited.
 */
cJSON	*scim_admin_invite_json(const struct invite_row *);
/* The row, plus token and acceptUrl (shown once) and replaces. */
cJSON	*scim_admin_invite_issued_json(const struct dom_invite_issued *);
/*
 * {id, role, domains, maxUses, uses, expires, state, createdBy,
 * createdByUserName, created, revoked, revokedReason}; state is active,
 * revoked, expired or used_up.
 */
cJSON	*scim_admin_link_json(const struct invite_link_row *);
cJSON	*scim_admin_link_issued_json(const struct dom_link_issued *);

#endif
