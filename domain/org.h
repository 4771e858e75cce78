/* SPDX-License-Identifier: MIT */
/*
 * domain/org.h
 *
 * Operator actions on organizations and their SCIM tokens, as used by
 * the command line. Returned strings are borrowed from the arena.
 */
#ifndef SCIMD_DOM_ORG_H
#define SCIMD_DOM_ORG_H

#include <stddef.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"

struct db_conn;

/*
 * Creates an org with verified `domains` and, when owner_email is given,
 * its Owner as an active member with role owner. Returns the org id.
 */
int	dom_org_create(const char **id, struct db_conn *, struct arena *,
	    const char *name, const char *const *domains, size_t ndomains,
	    const char *owner_email, int allow_outside_members, struct err *err);

/*
 * Creates a SCIM token for the org, recording `admin_user_name` (an admin
 * or owner member of the org, or NULL) as its creator. Returns the token
 * in clear, to be shown once (only its hash is stored), and its id.
 */
int	dom_token_create(const char **token, const char **id, struct db_conn *,
	    struct arena *,
	    const char *org_id, const char *label, const char *admin_user_name,
	    struct err *err);

/* Whether the database answers: 0, or -1 with err = 503. */
int	dom_ready(struct db_conn *, struct err *err);

#endif
