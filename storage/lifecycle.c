/* SPDX-License-Identifier: MIT */
/*
 * storage/lifecycle.c
 *
 * Queries behind the guards and the side effects of removal.
 */
#include "storage/lifecycle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage/conn_int.h"
#include "storage/member.h"
#include "storage/sqlbuf.h"

static int
one_count(long long *n, PGresult *res)
{
	if (res == NULL)
		return -1;
	*n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

static int
org_policy(struct db_org_policy *out, struct db_conn *c, const char *org_id,
    int lock, struct err *err)
{
	const char	*p[1] = { org_id };
	PGresult	*res;

	res = db_exec_params(c, lock ?
	    "SELECT allow_outside_members, removal_rate_per_hour, "
	    "revoke_api_keys_on_removal, COALESCE(seat_limit, -1) "
	    "FROM orgs WHERE id = $1 FOR NO KEY UPDATE" :
	    "SELECT allow_outside_members, removal_rate_per_hour, "
	    "revoke_api_keys_on_removal, COALESCE(seat_limit, -1) "
	    "FROM orgs WHERE id = $1", 1, p, err);
	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return err_set(err, 404, ST_NONE, "organization not found");
	}
	out->allow_outside_members = PQgetvalue(res, 0, 0)[0] == 't';
	out->removal_rate_per_hour = (int)strtol(PQgetvalue(res, 0, 1), NULL, 10);
	out->revoke_api_keys_on_removal = PQgetvalue(res, 0, 2)[0] == 't';
	out->seat_limit = (int)strtol(PQgetvalue(res, 0, 3), NULL, 10);
	PQclear(res);
	return 0;
}

int
db_org_lock(struct db_org_policy *out, struct db_conn *c, const char *org_id,
    struct err *err)
{
	return org_policy(out, c, org_id, 1, err);
}

int
db_org_policy_read(struct db_org_policy *out, struct db_conn *c,
    const char *org_id, struct err *err)
{
	return org_policy(out, c, org_id, 0, err);
}

int
db_member_in_admin_group(int *yes, struct db_conn *c, const char *member_id,
    struct err *err)
{
	const char	*p[1] = { member_id };
	PGresult	*res;

	res = db_exec_params(c, "SELECT EXISTS (SELECT 1 FROM group_members gm "
	    "JOIN groups g ON g.id = gm.group_id "
	    "WHERE gm.member_id = $1 AND g.role = 'admin')", 1, p, err);
	if (res == NULL)
		return -1;
	*yes = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	return 0;
}

int
db_members_share_lock(struct db_conn *c, struct arena *a,
    const char *const *ids, size_t n, struct err *err)
{
	const char	*p[1];
	PGresult	*res;

	if (n == 0)
		return 0;
	p[0] = db_array_literal(a, ids, n);
	res = db_exec_params(c, "SELECT 1 FROM members WHERE id = ANY($1::uuid[]) "
	    "ORDER BY id FOR SHARE", 1, p, err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
db_group_members_share_lock(struct db_conn *c, const char *group_id,
    struct err *err)
{
	const char	*p[1] = { group_id };
	PGresult	*res;

	res = db_exec_params(c, "SELECT 1 FROM members m JOIN group_members gm "
	    "ON gm.member_id = m.id WHERE gm.group_id = $1 ORDER BY m.id "
	    "FOR SHARE OF m", 1, p, err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

/*
 * Two indexed halves (members_managers, groups_role) instead of testing
 * every member of the org: this runs on each guarded change, and an org
 * may have a million members but only a handful of managers.
 */
int
db_managers_count(long long *n, struct db_conn *c, const char *org_id,
    struct err *err)
{
	const char	*p[1] = { org_id };

	return one_count(n, db_exec_params(c, "SELECT count(*) FROM ("
	    "SELECT m.id FROM members m WHERE m.org_id = $1 AND "
	    "m.deleted_at IS NULL AND m.active AND m.role IN ('owner', 'admin') "
	    "UNION SELECT m.id FROM groups g "
	    "JOIN group_members gm ON gm.group_id = g.id "
	    "JOIN members m ON m.id = gm.member_id "
	    "WHERE g.org_id = $1 AND g.role = 'admin' AND m.deleted_at IS NULL "
	    "AND m.active) AS managers", 1, p, err));
}

int
db_seats_used(long long *n, struct db_conn *c, const char *org_id,
    struct err *err)
{
	const char	*p[1] = { org_id };

	return one_count(n, db_exec_params(c, "SELECT count(*) FROM members "
	    "WHERE org_id = $1 AND deleted_at IS NULL", 1, p, err));
}

int
db_domain_status(int *verified, int *jit, struct db_conn *c,
    const char *org_id, const char *domain, struct err *err)
{
	const char	*p[2] = { org_id, domain };
	PGresult	*res;

	*verified = *jit = 0;
	res = db_exec_params(c, "SELECT verified, jit_enabled FROM org_domains "
	    "WHERE org_id = $1 AND domain = lower($2)", 2, p, err);
	if (res == NULL)
		return -1;
	if (PQntuples(res) == 1) {
		*verified = PQgetvalue(res, 0, 0)[0] == 't';
		*jit = PQgetvalue(res, 0, 1)[0] == 't';
	}
	PQclear(res);
	return 0;
}

int
db_removal_take(long long *count, int *retry_after, struct db_conn *c,
    const char *token_id, int limit, struct err *err)
{
	const char	*p[1] = { token_id };
	PGresult	*res;

	*retry_after = 0;
	/* The token row lock makes count-then-insert atomic across processes. */
	res = db_exec_params(c, "SELECT 1 FROM scim_tokens WHERE id = $1 FOR NO KEY UPDATE", 1, p,
	    err);
	if (res == NULL)
		return -1;
	PQclear(res);
	/*
	 * clock_timestamp(), not now(): this transaction may have waited on
	 * the org lock, and its start time would stretch the window.
	 */
	res = db_exec_params(c, "SELECT count(*), LEAST(3600, COALESCE(ceil("
	    "extract(epoch FROM (min(at) + interval '1 hour' - "
	    "clock_timestamp())))::int, 0)) FROM removal_log "
	    "WHERE token_id = $1 AND at > clock_timestamp() - interval '1 hour'",
	    1, p, err);
	if (res == NULL)
		return -1;
	*count = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	*retry_after = (int)strtol(PQgetvalue(res, 0, 1), NULL, 10);
	PQclear(res);
	if (limit > 0 && *count >= limit) {
		if (*retry_after < 1)
			*retry_after = 1;
		return 0;
	}
	*retry_after = 0;
	res = db_exec_params(c, "INSERT INTO removal_log (token_id, at) "
	    "VALUES ($1, clock_timestamp())", 1, p, err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
db_api_keys_revoke(long long *count, struct db_conn *c, const char *member_id,
    struct err *err)
{
	const char	*p[1] = { member_id };
	PGresult	*res;

	res = db_exec_params(c, "UPDATE org_api_keys SET revoked_at = now() "
	    "WHERE created_by_member = $1 AND revoked_at IS NULL", 1, p, err);
	if (res == NULL)
		return -1;
	*count = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

int
db_member_erase(struct db_conn *c, const char *member_id,
    const char *person_id, struct err *err)
{
	const char	*p[2] = { member_id, person_id };
	PGresult	*res;

	/* The userName goes too: the member's own id stands in for it. */
	res = db_exec_params(c, "UPDATE members SET resource = '{}', "
	    "display_name = NULL, external_id = NULL, emails = '{}', "
	    "email = NULL, user_name = id::text WHERE id = $1", 1, p, err);
	if (res == NULL)
		return -1;
	PQclear(res);
	if (person_id == NULL)
		return 0;
	res = db_exec_params(c, "UPDATE users SET email = NULL, erased_at = now() "
	    "WHERE id = $2::uuid AND $1::uuid IS NOT NULL", 2, p, err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}
