/* SPDX-License-Identifier: MIT */
/*
 * domain/group.h
 *
 * Group flows. Each write is one transaction. Rows and strings are
 * borrowed from the arena given.
 */
#ifndef SCIMD_DOM_GROUP_H
#define SCIMD_DOM_GROUP_H

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/group_row.h"
#include "domain/member.h"

struct dom_group_facts {
	const char	*display_name;
	const char	*external_id;
	const char	*resource;	/* stored form without members */
};

/*
 * Computes the new attributes (after) and membership change (delta) from
 * the current row (members not loaded). Pure: may run more than once.
 */
typedef int (*dom_group_transform)(struct dom_group_facts *after,
    struct group_delta *delta, const struct group_row *before,
    struct arena *a, void *arg, struct err *err);

int	dom_group_create(struct group_row *out, struct db_conn *, struct arena *,
	    const struct dom_actor *, const struct dom_group_facts *,
	    const struct group_delta *members, struct err *err);
int	dom_group_get(struct group_row *out, struct db_conn *, struct arena *,
	    const struct dom_actor *, const char *id, int with_members,
	    struct err *err);
int	dom_group_list(struct group_row **rows, size_t *n, long long *total,
	    struct db_conn *, struct arena *, const struct dom_actor *,
	    const struct group_query *, struct err *err);
/* *out is reloaded after the change; members only when with_members. */
int	dom_group_update(struct group_row *out, struct db_conn *,
	    struct arena *, const struct dom_actor *, const char *id,
	    int with_members, dom_group_transform fn, void *arg,
	    struct err *err);
/* check (may be NULL) sees the locked row before it goes. */
int	dom_group_delete(struct db_conn *, struct arena *,
	    const struct dom_actor *, const char *id,
	    int (*check)(const struct group_row *, void *, struct err *),
	    void *arg, struct err *err);

#endif
