/* SPDX-License-Identifier: MIT */
/*
 * storage/admin.c
 *
 * Generic fixed-SQL helpers for the operator paths and the few queries
 * they share with nothing else.
 */
#include "storage/admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage/conn_int.h"
#include "storage/member.h"

int
db_admin_query(struct db_row **rows, size_t *n, struct db_conn *c,
    struct arena *a, const char *sql, int nparams, const char *const *params,
    struct err *err)
{
	PGresult	*res = db_exec_params(c, sql, nparams, params, err);
	int		 r, k, nt, nc;

	*rows = NULL;
	*n = 0;
	if (res == NULL)
		return -1;
	nt = PQntuples(res);
	nc = PQnfields(res);
	*rows = arena_alloc(a, (size_t)(nt ? nt : 1) * sizeof(**rows));
	for (r = 0; r < nt; r++) {
		(*rows)[r].ncol = nc;
		(*rows)[r].col = arena_alloc(a, (size_t)(nc ? nc : 1) *
		    sizeof(char *));
		for (k = 0; k < nc; k++)
			(*rows)[r].col[k] = db_col(a, res, r, k);
	}
	*n = (size_t)nt;
	PQclear(res);
	return 0;
}

int
db_admin_exec(long long *affected, struct db_conn *c, const char *sql,
    int nparams, const char *const *params, struct err *err)
{
	PGresult	*res = db_exec_params(c, sql, nparams, params, err);

	if (res == NULL)
		return -1;
	*affected = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

int
db_org_name(const char **name, struct db_conn *c, struct arena *a,
    const char *org_id, struct err *err)
{
	struct db_row	*rows;
	size_t		 n;
	const char	*p[1] = { org_id };

	if (!db_uuid_valid(org_id))
		return err_set(err, 404, ST_NONE, "organization not found");
	if (db_admin_query(&rows, &n, c, a, "SELECT name FROM orgs WHERE id = $1",
	    1, p, err) == -1)
		return -1;
	if (n == 0)
		return err_set(err, 404, ST_NONE, "organization not found");
	*name = rows[0].col[0];
	return 0;
}

int
db_org_policy_set(struct db_conn *c, const char *org_id,
    const struct db_org_policy *p, struct err *err)
{
	char		 rate[16], seats[16];
	const char	*v[5];
	long long	 n;

	snprintf(rate, sizeof(rate), "%d", p->removal_rate_per_hour);
	snprintf(seats, sizeof(seats), "%d", p->seat_limit);
	v[0] = org_id;
	v[1] = p->allow_outside_members ? "true" : "false";
	v[2] = rate;
	v[3] = p->revoke_api_keys_on_removal ? "true" : "false";
	v[4] = p->seat_limit < 0 ? NULL : seats;
	return db_admin_exec(&n, c, "UPDATE orgs SET allow_outside_members = "
	    "$2::boolean, removal_rate_per_hour = $3::int, "
	    "revoke_api_keys_on_removal = $4::boolean, seat_limit = $5::int "
	    "WHERE id = $1", 5, v, err);
}

int
db_member_resolve(const char **id, const char **role, int *active,
    struct db_conn *c, struct arena *a, const char *org_id, const char *member,
    struct err *err)
{
	struct db_row	*rows;
	size_t		 n;
	const char	*p[3] = { org_id, member, NULL };

	p[2] = db_uuid_valid(member) ? member : NULL;
	if (db_admin_query(&rows, &n, c, a, "SELECT id, role, active FROM members "
	    "WHERE org_id = $1 AND deleted_at IS NULL AND (id = $3::uuid OR "
	    "lower(user_name) = lower($2)) ORDER BY (id = $3::uuid) DESC LIMIT 1",
	    3, p, err) == -1)
		return -1;
	if (n == 0)
		return err_set(err, 404, ST_NONE, "no member \"%s\" in the "
		    "organization", member);
	*id = rows[0].col[0];
	*role = rows[0].col[1];
	*active = rows[0].col[2] != NULL && rows[0].col[2][0] == 't';
	return 0;
}
