/* SPDX-License-Identifier: MIT */
/*
 * storage/lifecycle.h
 *
 * The facts the membership rules decide on, and the side effects of
 * lifecycle transitions. All of it runs inside db_tx_run. A change that
 * a rule counting across the org could object to takes db_org_lock
 * first, so that such changes of one org, from any number of scimd
 * processes, are decided one after the other; other changes lock only
 * their own rows (see domain/member.c for the protocol).
 */
#ifndef SCIMD_ST_LIFECYCLE_H
#define SCIMD_ST_LIFECYCLE_H

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "storage/db.h"

struct db_org_policy {
	int		allow_outside_members;
	int		removal_rate_per_hour;	/* 0 = unlimited */
	int		revoke_api_keys_on_removal;
	int		seat_limit;		/* -1 = none */
};

/* Locks the org row for the rest of the transaction; 404 if absent. */
int	db_org_lock(struct db_org_policy *out, struct db_conn *,
	    const char *org_id, struct err *err);
/* The same policy, read without a lock. */
int	db_org_policy_read(struct db_org_policy *out, struct db_conn *,
	    const char *org_id, struct err *err);
/* Whether the member is in a group mapped to the admin role. */
int	db_member_in_admin_group(int *yes, struct db_conn *,
	    const char *member_id, struct err *err);
/*
 * Share-locks member rows (in id order, so two lockers cannot deadlock):
 * a change that makes members managers holds these until it commits, so
 * a concurrent deactivation or removal that saw them as non-managers
 * either finishes first or waits and sees them as managers.
 */
int	db_members_share_lock(struct db_conn *, struct arena *,
	    const char *const *ids, size_t n, struct err *err);
/* The same for every member of a group. */
int	db_group_members_share_lock(struct db_conn *, const char *group_id,
	    struct err *err);
/*
 * Active, non-removed members holding members.manage: role owner or
 * admin, or a member of a group mapped to the admin role.
 */
int	db_managers_count(long long *n, struct db_conn *, const char *org_id,
	    struct err *err);
/* Non-removed members: each holds a seat, active or not. */
int	db_seats_used(long long *n, struct db_conn *, const char *org_id,
	    struct err *err);
/* *verified and *jit for the domain (both 0 when unknown). */
int	db_domain_status(int *verified, int *jit, struct db_conn *,
	    const char *org_id, const char *domain, struct err *err);

/*
 * Counts the token's removals in the last hour under a lock on the token
 * row. When *count < limit (or limit is 0) records this removal;
 * otherwise *retry_after is the seconds until the oldest one ages out.
 */
int	db_removal_take(long long *count, int *retry_after, struct db_conn *,
	    const char *token_id, int limit, struct err *err);

int	db_api_keys_revoke(long long *count, struct db_conn *,
	    const char *member_id, struct err *err);
/* Managed accounts: the person's data and the member's resource go. */
int	db_member_erase(struct db_conn *, const char *member_id,
	    const char *person_id, struct err *err);

#endif
