/* SPDX-License-Identifier: MIT */
/*
 * storage/member.h
 *
 * Memberships (the SCIM User resource), people, and what removal revokes.
 * Rows are copied into the caller's arena: every string is borrowed from
 * it and valid until the request ends. Functions that change rows must
 * run inside db_tx_run.
 */
#ifndef SCIMD_ST_MEMBER_H
#define SCIMD_ST_MEMBER_H

#include <stddef.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/member_row.h"
#include "storage/db.h"


/* What a write sets. emails are the addresses as sent (lower-cased by SQL). */
struct db_member_write {
	const char		*person_id;
	const char		*user_name;
	const char		*external_id;
	const char		*display_name;
	const char *const	*emails;
	size_t			 nemails;
	int			 active;
	int			 managed;
	const char		*role;
	const char		*email;		/* primary */
	const char		*resource;
};


/* True when s is a canonical UUID (ids that are not cannot exist). */
int	db_uuid_valid(const char *s);

/* 404 when the member does not exist, is removed or is of another org. */
int	db_member_get(struct member_row *out, struct db_conn *, struct arena *,
	    const char *org_id, const char *id, int for_update, struct err *err);
/* 409 uniqueness when the userName is taken in the org. */
int	db_member_insert(struct member_row *out, struct db_conn *, struct arena *,
	    const char *org_id, const struct db_member_write *w, struct err *err);
/*
 * The same, with the person of person_email (db_person_upsert's, NULL for
 * a new person of the member's own) instead of w->person_id, in one
 * statement. *invited: the org has a pending invitation of the userName or
 * of w->email (read unlocked: db_invite_pending_of locks it).
 */
int	db_member_insert_person(struct member_row *out, int *invited,
	    struct db_conn *, struct arena *, const char *org_id,
	    const char *person_email, const struct db_member_write *w,
	    struct err *err);
int	db_member_update(struct member_row *out, struct db_conn *, struct arena *,
	    const char *org_id, const char *id, const struct db_member_write *w,
	    struct err *err);
/* Soft delete: deleted_at set, inactive, role reset. */
int	db_member_soft_delete(struct member_row *out, struct db_conn *,
	    struct arena *, const char *org_id, const char *id, struct err *err);
/* *rows is an arena array of *n members; *total counts every match. */
int	db_member_list(struct member_row **rows, size_t *n, long long *total,
	    struct db_conn *, struct arena *, const char *org_id,
	    const struct member_query *q, struct err *err);

/* What a new member is judged by (storage/lifecycle.h has the rest). */
struct db_provision_policy {
	int		allow_outside_members;
	int		seat_limit;		/* -1 = none */
	int		verified[2];		/* of each domain; 0 for NULL */
};

/* The org's policy and whether each domain is a verified one of it; 404. */
int	db_provision_policy(struct db_provision_policy *out, struct db_conn *,
	    const char *org_id, const char *domain0, const char *domain1,
	    struct err *err);
/* The person with this email (created when new), or a new one for NULL. */
int	db_person_upsert(const char **person_id, struct db_conn *,
	    struct arena *, const char *email, struct err *err);
/* Revokes live sessions / group memberships; counts what was revoked. */
int	db_sessions_revoke(long long *count, struct db_conn *,
	    const char *member_id, struct err *err);
int	db_group_memberships_revoke(long long *count, struct db_conn *,
	    const char *member_id, struct err *err);
/*
 * Bumps version and lastModified of every group the member is in: their
 * representation shows the member, so their ETags must change with it.
 */
int	db_member_groups_touch(struct db_conn *, const char *member_id,
	    struct err *err);

#endif
