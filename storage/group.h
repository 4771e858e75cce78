/* SPDX-License-Identifier: MIT */
/*
 * storage/group.h
 *
 * Groups and their memberships. Membership changes cost O(changed
 * members): one row per membership, never a rewritten list. Rows are
 * copied into the caller's arena. Writes run inside db_tx_run.
 */
#ifndef SCIMD_ST_GROUP_H
#define SCIMD_ST_GROUP_H

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/group_row.h"
#include "storage/db.h"

struct db_group_write {
	const char	*display_name;
	const char	*external_id;
	const char	*resource;
};

/* 409 uniqueness when the displayName is taken in the org. */
int	db_group_insert(struct group_row *out, struct db_conn *, struct arena *,
	    const char *org_id, const struct db_group_write *, struct err *err);
/* 404 when absent; members loaded only when with_members. */
int	db_group_get(struct group_row *out, struct db_conn *, struct arena *,
	    const char *org_id, const char *id, int for_update, int with_members,
	    struct err *err);
/* Sets attributes (w non-NULL) or only bumps version and lastModified. */
int	db_group_update(struct group_row *out, struct db_conn *, struct arena *,
	    const char *org_id, const char *id, const struct db_group_write *w,
	    struct err *err);
int	db_group_delete(struct db_conn *, const char *org_id, const char *id,
	    struct err *err);
/* What a membership delta changed. */
struct db_group_applied {
	long long	 added;		/* rows inserted */
	long long	 removed;	/* rows deleted */
	/*
	 * The members who joined and who left, as array literals (arena):
	 * for a replacement, the difference of the old and new lists.
	 */
	const char	*added_ids;
	const char	*removed_ids;
};

/*
 * Applies a membership delta. Ids that are not live members of the org
 * are skipped (a membership of nobody cannot exist). Costs what the
 * delta names, not the group's size, except for a replacement (clear).
 */
int	db_group_apply(struct db_group_applied *, struct db_conn *,
	    struct arena *, const char *org_id, const char *group_id,
	    const struct group_delta *, struct err *err);
int	db_group_list(struct group_row **rows, size_t *n, long long *total,
	    struct db_conn *, struct arena *, const char *org_id,
	    const struct group_query *q, struct err *err);

#endif
