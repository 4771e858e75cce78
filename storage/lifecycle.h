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
	int		session_idle_hours;	/* >= 1 */
	int		session_max_days;	/* >= 1 */
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
/*
 * *is: whether the person holds members.manage in the org now, through
 * any live membership (role or admin group).
 */
int	db_person_is_manager(int *is, struct db_conn *, const char *org_id,
	    const char *person_id, struct err *err);
/* Non-removed members: each holds a seat, active or not. */
int	db_seats_used(long long *n, struct db_conn *, const char *org_id,
	    struct err *err);
/* *verified and *jit for the domain (both 0 when unknown). */
int	db_domain_status(int *verified, int *jit, struct db_conn *,
	    const char *org_id, const char *domain, struct err *err);

/*
 * Counts the removals of the last hour: the admin person's across all of
 * their tokens when admin_person_id is not NULL, else the token's, under
 * a lock on that person's or token's row. When *count + n <= limit (or
 * limit is 0) records n removals; otherwise records none and
 * *retry_after is the seconds until the oldest one ages out.
 */
int	db_removal_take(long long *count, int *retry_after, struct db_conn *,
	    const char *token_id, const char *admin_person_id, long long n,
	    int limit, struct err *err);

/* One row of the removal rate as it stands: who and how many. */
struct db_removal_count {
	const char	*admin_user_name;	/* NULL: counted per token */
	const char	*admin_person_id;
	const char	*token_id;		/* NULL: counted per admin */
	const char	*token_label;
	long long	 count;
};

/*
 * The org's removals in the last hour, per admin person or per token
 * without an admin; *rows is an arena array of *n.
 */
int	db_removal_counts(struct db_removal_count **rows, size_t *n,
	    struct db_conn *, struct arena *, const char *org_id,
	    struct err *err);

/*
 * Replaces userName and email in every audit event of the member by the
 * hash given ("sha256:<hex>"): the one update audit_events allows.
 */
int	db_audit_erase_names(struct db_conn *, const char *member_id,
	    const char *hashed_user_name, struct err *err);

int	db_api_keys_revoke(long long *count, struct db_conn *,
	    const char *member_id, struct err *err);
/* Managed accounts: the person's data and the member's resource go. */
int	db_member_erase(struct db_conn *, const char *member_id,
	    const char *person_id, struct err *err);

#endif
