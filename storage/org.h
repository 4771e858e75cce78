/* SPDX-License-Identifier: MIT */
/*
 * storage/org.h
 *
 * Organizations, their domains, SCIM tokens and the audit trail. Strings
 * in out-structs are borrowed from the arena given.
 */
#ifndef SCIMD_ST_ORG_H
#define SCIMD_ST_ORG_H

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "storage/db.h"

struct db_token {
	const char	*id;
	const char	*org_id;
	const char	*created_by_member;	/* NULL when none */
	const char	*admin_person_id;	/* that member's person, or NULL */
};

struct db_audit {
	const char	*org_id;
	const char	*action;
	const char	*actor_token_id;
	const char	*actor_member_id;
	const char	*target_member_id;
	const char	*person_id;
	const char	*target_user_name;
	const char	*target_email;
	const char	*detail;		/* JSON object text or NULL */
};

/* Inserts an org and returns its id. */
int	db_org_insert(const char **id, struct db_conn *, struct arena *,
	    const char *name, int allow_outside_members, struct err *err);
/* 404 when the org does not exist. */
int	db_org_exists(struct db_conn *, const char *org_id, struct err *err);
int	db_org_domain_add(struct db_conn *, const char *org_id,
	    const char *domain, int verified, struct err *err);
int	db_member_set_role(struct db_conn *, const char *member_id,
	    const char *role, struct err *err);

int	db_token_insert(const char **id, struct db_conn *, struct arena *,
	    const char *org_id, const char *label, const char *hash_hex,
	    const char *created_by_member, struct err *err);
/* 401 when no live token has this hash. */
int	db_token_auth(struct db_token *out, struct db_conn *, struct arena *,
	    const char *hash_hex, struct err *err);

int	db_audit_insert(struct db_conn *, const struct db_audit *,
	    struct err *err);

#endif
