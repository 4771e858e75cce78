/* SPDX-License-Identifier: MIT */
/*
 * storage/admin.h
 *
 * Queries behind the operator actions (domain/admin.c). Strings are
 * copied into the arena given; writes run inside db_tx_run.
 */
#ifndef SCIMD_ST_ADMIN_H
#define SCIMD_ST_ADMIN_H

#include <stddef.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "storage/db.h"
#include "storage/lifecycle.h"

/* One row of a listing, as strings (NULL for SQL NULL). */
struct db_row {
	const char	**col;
	int		  ncol;
};

/*
 * Runs fixed SQL (no request text ever enters it) with bound parameters
 * and returns the rows. Used for the small admin listings.
 */
int	db_admin_query(struct db_row **rows, size_t *n, struct db_conn *,
	    struct arena *, const char *sql, int nparams,
	    const char *const *params, struct err *err);
/* Like db_admin_query for writes; *affected counts changed rows. */
int	db_admin_exec(long long *affected, struct db_conn *, const char *sql,
	    int nparams, const char *const *params, struct err *err);

int	db_org_name(const char **name, struct db_conn *, struct arena *,
	    const char *org_id, struct err *err);
int	db_org_policy_set(struct db_conn *, const char *org_id,
	    const struct db_org_policy *p, struct err *err);

/* A live member by id or userName; 404 if none. */
int	db_member_resolve(const char **id, const char **role, int *active,
	    struct db_conn *, struct arena *, const char *org_id,
	    const char *member, struct err *err);

#endif
