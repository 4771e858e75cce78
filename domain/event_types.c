/* SPDX-License-Identifier: MIT */
/*
 * domain/event_types.c
 *
 * The event types the outbox writes: every audit action (each audited
 * change has its event, domain/outbox.h) and the group events. A webhook
 * filtered on a type not in this list would silently never fire, so
 * registering one is refused. A new audit action must be added here.
 */
#include "domain/webhook.h"

#include <string.h>

static const char *const types[] = {
	"api_key.created", "api_key.revoked", "domain.changed",
	"domain.removed", "group.changed", "group.created", "group.deleted",
	"group.member_added", "group.member_removed", "group.role_changed",
	"guard.refused", "invitation.accepted", "invitation.cancelled",
	"invitation.created", "invite_link.created", "invite_link.revoked",
	"invite_link.used", "member.deactivated", "member.erased",
	"member.provisioned", "member.reactivated", "member.removed",
	"member.role_changed", "member.updated", "org.policy_changed",
	"ownership.transferred", "sso_secret.rotated", "token.created",
	"token.revoked",
};

int
dom_event_type_known(const char *type, size_t len)
{
	size_t	i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strlen(types[i]) == len && memcmp(types[i], type, len) == 0)
			return 1;
	return 0;
}
