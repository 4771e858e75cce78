/* SPDX-License-Identifier: MIT */
/*
 * storage/admin.h
 *
 * Queries behind the operator actions on an org's settings and roles
 * (domain/admin_org.c, domain/admin_roles.c): the policy, the domains,
 * the owner, the roles of members and groups. Tokens and keys are in
 * storage/admin_keys.h, the audit listing in storage/admin_audit.h.
 * Strings are copied into the arena given; writes run inside db_tx_run.
 */
#ifndef SCIMD_ST_ADMIN_H
#define SCIMD_ST_ADMIN_H

#include <stddef.h>

#include "domain/base/admin_row.h"
#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "storage/db.h"
#include "storage/lifecycle.h"

/* 404 when the org does not exist. */
int	db_org_name(const char **name, struct db_conn *, struct arena *,
	    const char *org_id, struct err *err);
int	db_org_policy_set(struct db_conn *, const char *org_id,
	    const struct db_org_policy *p, struct err *err);
/* The guard.refused events of the org, all time. */
int	db_org_refusals(long long *n, struct db_conn *, const char *org_id,
	    struct err *err);

/* *rows is an arena array of the org's *n domains, by name. */
int	db_domain_list(struct domain_row **rows, size_t *n, struct db_conn *,
	    struct arena *, const char *org_id, struct err *err);
/*
 * Adds the domain (lower-cased) or changes it. verified and jit are 0/1,
 * or negative to leave them as they are (false for a new domain).
 */
int	db_domain_upsert(struct db_conn *, const char *org_id,
	    const char *domain, int verified, int jit, struct err *err);
/* 404 when the org has no such domain. */
int	db_domain_delete(struct db_conn *, const char *org_id,
	    const char *domain, struct err *err);

/* A live member by id or userName; 404 if none. */
int	db_member_resolve(const char **id, const char **role, int *active,
	    struct db_conn *, struct arena *, const char *org_id,
	    const char *member, struct err *err);
/* The org's live owner, or *id NULL when it has none. */
int	db_org_owner(const char **id, struct db_conn *, struct arena *,
	    const char *org_id, struct err *err);
/* Bumps version and lastModified: the member's representation changed. */
int	db_member_touch(struct db_conn *, const char *member_id,
	    struct err *err);
/*
 * Sets the role a group grants (NULL: none) and returns its displayName;
 * 404 when the org has no such group.
 */
int	db_group_set_role(const char **display_name, struct db_conn *,
	    struct arena *, const char *org_id, const char *group_id,
	    const char *role, struct err *err);

#endif
