/* SPDX-License-Identifier: MIT */
/*
 * domain/admin_int.h
 *
 * What the operator actions (domain/admin*.c) share: the transaction
 * runner that audits guard refusals, the operator audit event, the org
 * lock and member lookup. Not for use outside domain/admin*.c.
 */
#ifndef SCIMD_DOM_ADMIN_INT_H
#define SCIMD_DOM_ADMIN_INT_H

#include "domain/admin.h"
#include "domain/audit.h"
#include "domain/base/member_row.h"
#include "storage/lifecycle.h"

/*
 * What a refused action was aimed at. The body fills it in as soon as
 * it has loaded the member or group, so the guard.refused event names
 * it even though the body's transaction is rolled back (the strings are
 * in the arena, not the database).
 */
struct admin_target {
	const struct member_row	*member;	/* or NULL */
	const char		*group_id;	/* or NULL */
	const char		*group_name;
};

/*
 * Runs body(c, arg, err) in one transaction. When it fails with a
 * guard's refusal (409), writes guard.refused for the org in a
 * transaction of its own, naming *who (may be NULL), and returns -1 with
 * the refusal unchanged.
 */
int	dom_admin_tx(struct db_conn *, const char *org_id,
	    int (*body)(struct db_conn *, void *, struct err *), void *arg,
	    const struct admin_target *who, struct err *err);

/* Starts an operator event: no actor token, "by":"operator". */
void	dom_admin_event(struct dom_audit *, const char *org_id,
	    const char *action);

/* Locks the org row (db_org_lock); 404 for an id that is no UUID. */
int	dom_admin_lock(struct db_org_policy *, struct db_conn *,
	    const char *org_id, struct err *err);

/* A live member by id or userName, as a full row; 404 if none. */
int	dom_admin_member(struct member_row *out, struct db_conn *,
	    struct arena *, const char *org_id, const char *member,
	    struct err *err);

#endif
