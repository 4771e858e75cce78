/* SPDX-License-Identifier: MIT */
/*
 * domain/admin.h
 *
 * Operator actions on an organization, shared by the command line and
 * the HTTP admin API (/admin/v1): policies, domains, SCIM tokens, the SSO
 * secret, ownership, member and group roles, org API keys, seats and the
 * audit log. Every change is one transaction with its audit event, and
 * role changes pass the same guards as SCIM changes (owner, last
 * manager). Returned strings and arrays are borrowed from the arena.
 * Errors: 404 for an unknown org/member/group/token/key, 400 invalidValue
 * for bad input, 409 for a guard refusal.
 */
#ifndef SCIMD_DOM_ADMIN_H
#define SCIMD_DOM_ADMIN_H

#include <stddef.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"

struct db_conn;
struct dom_removal_count;

/* A policy change: fields left at DOM_KEEP stay as they are. */
#define DOM_KEEP	(-2)

struct dom_policy {
	int	allow_outside_members;		/* 0/1 */
	int	removal_rate_per_hour;		/* >= 0; 0 = unlimited */
	int	revoke_api_keys_on_removal;	/* 0/1 */
	int	seat_limit;			/* >= 0, or -1 = no limit */
};

struct dom_org_info {
	const char		*id;
	const char		*name;
	struct dom_policy	 policy;
	long long		 seats_used;
	long long		 refusals;	/* guard refusals, all time */
	/* The removal rate: counts in the last hour per admin or token. */
	struct dom_removal_count	*removals;
	size_t			 nremovals;
	size_t			 ndomains;
	const char		**domains;
	int			*verified;
	int			*jit;
};

struct dom_token_info {
	const char	*id;
	const char	*label;
	const char	*admin_user_name;	/* NULL when none */
	const char	*created;
	const char	*last_used;		/* NULL when never */
	const char	*revoked;		/* NULL when live */
};

struct dom_api_key_info {
	const char	*id;
	const char	*label;
	const char	*member_id;
	const char	*created;
	const char	*revoked;
};

struct dom_audit_query {
	const char	*target;	/* member id or userName, or NULL */
	const char	*action;	/* e.g. member.removed, or NULL */
	const char	*since;		/* ISO 8601, inclusive, or NULL */
	const char	*until;		/* ISO 8601, exclusive, or NULL */
	long long	 limit;		/* 0: 1000 */
};

/* Receives each audit event as one JSON object (a JSON line). */
typedef int (*dom_audit_sink)(const char *json_line, void *arg);

int	dom_admin_org_get(struct dom_org_info *out, struct db_conn *,
	    struct arena *, const char *org_id, struct err *err);
/* The policy after the change in *out. */
int	dom_admin_policy_set(struct dom_policy *out, struct db_conn *,
	    const char *org_id, const struct dom_policy *change, struct err *err);
/* Adds the domain if new; verified and jit may be DOM_KEEP. */
int	dom_admin_domain_set(struct db_conn *, const char *org_id,
	    const char *domain, int verified, int jit, struct err *err);
int	dom_admin_domain_remove(struct db_conn *, const char *org_id,
	    const char *domain, struct err *err);

int	dom_admin_token_list(struct dom_token_info **out, size_t *n,
	    struct db_conn *, struct arena *, const char *org_id,
	    struct err *err);
int	dom_admin_token_revoke(struct db_conn *, const char *org_id,
	    const char *token_id, struct err *err);

/* The org's owner becomes admin, `to` (member id or userName) owner. */
int	dom_admin_transfer_ownership(struct db_conn *, struct arena *,
	    const char *org_id, const char *to, struct err *err);
/*
 * role: "admin", "member" or "viewer"; the owner's role changes only by
 * transfer.
 */
int	dom_admin_member_role(struct db_conn *, struct arena *,
	    const char *org_id, const char *member, const char *role,
	    struct err *err);
/* role: "admin", "member", or NULL to stop granting a role. */
int	dom_admin_group_role(struct db_conn *, struct arena *,
	    const char *org_id, const char *group_id, const char *role,
	    struct err *err);

/* A key shown once; `member` is a member id or userName. */
int	dom_admin_api_key_create(const char **key, const char **id,
	    struct db_conn *, struct arena *, const char *org_id,
	    const char *member, const char *label, struct err *err);
int	dom_admin_api_key_list(struct dom_api_key_info **out, size_t *n,
	    struct db_conn *, struct arena *, const char *org_id,
	    struct err *err);
int	dom_admin_api_key_revoke(struct db_conn *, const char *org_id,
	    const char *key_id, struct err *err);

/* Calls sink for each matching event, oldest first. */
int	dom_admin_audit(struct db_conn *, struct arena *, const char *org_id,
	    const struct dom_audit_query *q, dom_audit_sink sink, void *arg,
	    struct err *err);

/* Operator tokens for /admin/v1: created on the command line only. */
int	dom_operator_token_create(const char **token, struct db_conn *,
	    struct arena *, const char *label, struct err *err);
/* 401 unless `token` is a live operator token. */
int	dom_operator_auth(struct db_conn *, const char *token, size_t len,
	    struct err *err);

#endif
