/* SPDX-License-Identifier: MIT */
/*
 * domain/admin.h
 *
 * Operator actions on an organization, shared by the command line and
 * the HTTP admin API (/admin/v1): policies, domains, SCIM tokens,
 * ownership, member and group roles, org API keys, seats and the audit
 * log. (SCIM token creation and the SSO secret are in domain/org.h and
 * domain/sso.h.) Every change is one transaction with its audit event,
 * and role changes pass the same guards as SCIM changes (owner, last
 * manager); a guard's refusal is audited as guard.refused, naming the
 * member or group the operator acted on. Returned strings and arrays are
 * borrowed from the arena. Errors: 404 for an unknown
 * org/member/group/token/key, 400 invalidValue for bad input, 409 for a
 * guard refusal.
 */
#ifndef SCIMD_DOM_ADMIN_H
#define SCIMD_DOM_ADMIN_H

#include <stddef.h>

#include "domain/base/admin_row.h"
#include "domain/base/arena.h"
#include "domain/base/err.h"

struct db_conn;
struct dom_removal_count;

/* A setting an action leaves as it is. */
#define DOM_KEEP	(-2)

struct dom_policy {
	int	allow_outside_members;		/* 0/1 */
	int	removal_rate_per_hour;		/* >= 0; 0 = unlimited */
	int	revoke_api_keys_on_removal;	/* 0/1 */
	int	seat_limit;			/* >= 0, or -1 = no limit */
	int	session_idle_hours;		/* 1..8760 */
	int	session_max_days;		/* 1..3650 */
};

struct dom_org_info {
	const char			*id;
	const char			*name;
	struct dom_policy		 policy;
	long long			 seats_used;
	long long			 refusals;	/* guard refusals, all time */
	/* The removal rate: counts in the last hour per admin or token. */
	struct dom_removal_count	*removals;
	size_t				 nremovals;
	size_t				 ndomains;
	const struct domain_row		*domains;	/* by name */
};

/* A policy change: fields of `set` left at DOM_KEEP stay as they are. */
struct dom_policy_change {
	const char		*org_id;
	struct dom_policy	 set;
};

/* Adds the domain if new (unverified, no JIT, unless set here). */
struct dom_domain_change {
	const char	*org_id;
	const char	*domain;
	int		 verified;	/* 0/1 or DOM_KEEP */
	int		 jit;		/* 0/1 or DOM_KEEP */
};

/* The owner becomes admin and `to` (member id or userName) the owner. */
struct dom_ownership_transfer {
	const char	*org_id;
	const char	*to;
};

/* The owner's role changes only by transfer. */
struct dom_member_role_change {
	const char	*org_id;
	const char	*member;	/* member id or userName */
	const char	*role;		/* "admin" or "member" */
};

struct dom_group_role_change {
	const char	*org_id;
	const char	*group_id;
	const char	*role;		/* "admin", "member", or NULL for none */
};

struct dom_api_key_request {
	const char	*org_id;
	const char	*member;	/* member id or userName */
	const char	*label;		/* or NULL */
};

/* A key shown once: only its hash is stored. */
struct dom_api_key_created {
	const char	*id;
	const char	*key;
};

int	dom_admin_org_get(struct dom_org_info *out, struct db_conn *,
	    struct arena *, const char *org_id, struct err *err);
/* The policy after the change in *out. */
int	dom_admin_policy_set(struct dom_policy *out, struct db_conn *,
	    const struct dom_policy_change *, struct err *err);
int	dom_admin_domain_set(struct db_conn *, const struct dom_domain_change *,
	    struct err *err);
int	dom_admin_domain_remove(struct db_conn *, const char *org_id,
	    const char *domain, struct err *err);

int	dom_admin_token_list(struct token_row **out, size_t *n,
	    struct db_conn *, struct arena *, const char *org_id,
	    struct err *err);
int	dom_admin_token_revoke(struct db_conn *, const char *org_id,
	    const char *token_id, struct err *err);

int	dom_admin_transfer_ownership(struct db_conn *, struct arena *,
	    const struct dom_ownership_transfer *, struct err *err);
/*
 * role: "admin", "member" or "viewer"; the owner's role changes only by
 * transfer.
 */
int	dom_admin_member_role(struct db_conn *, struct arena *,
	    const struct dom_member_role_change *, struct err *err);
int	dom_admin_group_role(struct db_conn *, struct arena *,
	    const struct dom_group_role_change *, struct err *err);

int	dom_admin_api_key_create(struct dom_api_key_created *out,
	    struct db_conn *, struct arena *, const struct dom_api_key_request *,
	    struct err *err);
int	dom_admin_api_key_list(struct api_key_row **out, size_t *n,
	    struct db_conn *, struct arena *, const char *org_id,
	    struct err *err);
int	dom_admin_api_key_revoke(struct db_conn *, const char *org_id,
	    const char *key_id, struct err *err);

/* The matching events, oldest first; q->limit 0 means 1000. */
int	dom_admin_audit(struct audit_row **out, size_t *n, struct db_conn *,
	    struct arena *, const char *org_id, const struct audit_query *q,
	    struct err *err);

/* Operator tokens for /admin/v1: created on the command line only. */
int	dom_operator_token_create(const char **token, struct db_conn *,
	    struct arena *, const char *label, struct err *err);
/* 401 unless `token` is a live operator token. */
int	dom_operator_auth(struct db_conn *, const char *token, size_t len,
	    struct err *err);

#endif
