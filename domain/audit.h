/* SPDX-License-Identifier: MIT */
/*
 * domain/audit.h
 *
 * Building and writing audit events: one per lifecycle transition and
 * per refusal, with actor, target, the target's userName and email (kept
 * after removal) and a small JSON detail of what was revoked.
 */
#ifndef SCIMD_DOM_AUDIT_H
#define SCIMD_DOM_AUDIT_H

#include <stddef.h>

#include "domain/base/err.h"
#include "domain/base/member_row.h"
#include "domain/member.h"
#include "storage/org.h"

struct dom_audit {
	struct db_audit	ev;
	/* The outbox event's type when it differs from ev.action, or NULL. */
	const char	*event;
	char		detail[512];
	size_t		len;
	/* Repaired copies of a userName and email that were not UTF-8. */
	char		scrubbed[2][256];
};

/* actor may be NULL for operator actions (command line, admin API). */
void	dom_audit_init(struct dom_audit *, const struct dom_actor *actor,
	    const char *action);
void	dom_audit_org(struct dom_audit *, const char *org_id);
/* Target member; email NULL means the member's stored primary email. */
void	dom_audit_target(struct dom_audit *, const struct member_row *m,
	    const char *email);
void	dom_audit_add_str(struct dom_audit *, const char *key, const char *v);
void	dom_audit_add_int(struct dom_audit *, const char *key, long long v);
void	dom_audit_add_bool(struct dom_audit *, const char *key, int v);
/*
 * Inserts the event and its outbox row (domain/outbox.h), inside the
 * caller's transaction.
 */
int	dom_audit_write(struct db_conn *, struct dom_audit *, struct err *err);

/*
 * Records a refused change in a transaction of its own (the change was
 * rolled back). Failures are logged, never returned: the client gets the
 * refusal either way.
 */
void	dom_audit_refusal(struct db_conn *, const struct dom_actor *actor,
	    const struct member_row *target, const char *user_name,
	    const char *attempted, const struct err *why);

/*
 * The same for a refused change of a group: a group has no userName or
 * email, so the member columns stay empty and the group's id and
 * displayName (NULL when unknown) go in the detail.
 */
void	dom_audit_group_refusal(struct db_conn *, const struct dom_actor *actor,
	    const char *group_id, const char *display_name,
	    const char *attempted, const struct err *why);

#endif
