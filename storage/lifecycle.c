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
	    "revoke_api_keys_on_removal, COALESCE(seat_limit, -1), "
	    "session_idle_hours, session_max_days "
	    "FROM orgs WHERE id = $1 FOR NO KEY UPDATE" :
	    "SELECT allow_outside_members, removal_rate_per_hour, "
	    "revoke_api_keys_on_removal, COALESCE(seat_limit, -1), "
	    "session_idle_hours, session_max_days "
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
	out->session_idle_hours = (int)strtol(PQgetvalue(res, 0, 4), NULL, 10);
	out->session_max_days = (int)strtol(PQgetvalue(res, 0, 5), NULL, 10);
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
db_person_is_manager(int *is, struct db_conn *c, const char *org_id,
    const char *person_id, struct err *err)
{
	const char	*p[2] = { org_id, person_id };
	long long	 n;

	if (one_count(&n, db_exec_params(c, "SELECT count(*) FROM members m "
	    "WHERE m.org_id = $1 AND m.person_id = $2 AND m.deleted_at IS NULL "
	    "AND m.active AND (m.role IN ('owner', 'admin') OR EXISTS ("
	    "SELECT 1 FROM group_members gm JOIN groups g ON g.id = gm.group_id "
	    "WHERE gm.member_id = m.id AND g.role = 'admin'))", 2, p, err)) == -1)
		return -1;
	*is = n > 0;
	return 0;
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

/*
 * The lock that makes count-then-insert atomic across processes: the
 * admin's person row, shared by all of their tokens, or the token's row.
 */
static int
removal_lock(struct db_conn *c, const char *token_id,
    const char *admin_person_id, struct err *err)
{
	const char	*p[1] = { admin_person_id ? admin_person_id : token_id };
	PGresult	*res;

	res = db_exec_params(c, admin_person_id ?
	    "SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE" :
	    "SELECT 1 FROM scim_tokens WHERE id = $1 FOR NO KEY UPDATE", 1, p,
	    err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

/* The removals counted against the token or admin in the last hour. */
static int
removal_count(long long *count, int *retry_after, struct db_conn *c,
    const char *const *p, struct err *err)
{
	PGresult	*res;

	/*
	 * clock_timestamp(), not now(): this transaction may have waited on
	 * the org lock, and its start time would stretch the window.
	 */
	res = db_exec_params(c, "SELECT count(*), LEAST(3600, COALESCE(ceil("
	    "extract(epoch FROM (min(at) + interval '1 hour' - "
	    "clock_timestamp())))::int, 0)) FROM removal_log "
	    "WHERE (CASE WHEN $2::uuid IS NULL THEN token_id = $1::uuid "
	    "AND admin_person_id IS NULL ELSE admin_person_id = $2::uuid END) "
	    "AND at > clock_timestamp() - interval '1 hour'", 2, p, err);
	if (res == NULL)
		return -1;
	*count = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	*retry_after = (int)strtol(PQgetvalue(res, 0, 1), NULL, 10);
	PQclear(res);
	return 0;
}

int
db_removal_take(long long *count, int *retry_after, struct db_conn *c,
    const char *token_id, const char *admin_person_id, long long n,
    int limit, struct err *err)
{
	char		 num[24];
	const char	*p[3] = { token_id, admin_person_id, num };
	PGresult	*res;

	*count = 0;
	*retry_after = 0;
	/*
	 * Without a limit nothing is checked, so nothing is locked: the log
	 * is kept for the counts operators see.
	 */
	if (limit > 0) {
		if (removal_lock(c, token_id, admin_person_id, err) == -1 ||
		    removal_count(count, retry_after, c, p, err) == -1)
			return -1;
		if (*count + n > limit) {
			if (*retry_after < 1)
				*retry_after = 1;
			return 0;
		}
		*retry_after = 0;
	}
	snprintf(num, sizeof(num), "%lld", n);
	res = db_exec_params(c, "INSERT INTO removal_log (token_id, "
	    "admin_person_id, at) SELECT $1, $2, clock_timestamp() "
	    "FROM generate_series(1, $3::int)", 3, p, err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
db_removal_counts(struct db_removal_count **rows, size_t *n, struct db_conn *c,
    struct arena *a, const char *org_id, struct err *err)
{
	const char	*p[1] = { org_id };
	PGresult	*res;
	int		 i;

	res = db_exec_params(c, "SELECT (SELECT m.user_name FROM members m "
	    "WHERE m.person_id = r.admin_person_id AND m.org_id = $1 "
	    "ORDER BY m.deleted_at IS NULL DESC, m.created_at DESC LIMIT 1), "
	    "r.admin_person_id, CASE WHEN r.admin_person_id IS NULL "
	    "THEN r.token_id END, CASE WHEN r.admin_person_id IS NULL "
	    "THEN max(t.label) END, count(*) "
	    "FROM removal_log r JOIN scim_tokens t ON t.id = r.token_id "
	    "WHERE t.org_id = $1 AND r.at > clock_timestamp() - interval '1 hour' "
	    "GROUP BY r.admin_person_id, CASE WHEN r.admin_person_id IS NULL "
	    "THEN r.token_id END ORDER BY 5 DESC", 1, p, err);
	if (res == NULL)
		return -1;
	*n = (size_t)PQntuples(res);
	*rows = arena_alloc(a, (*n + 1) * sizeof(**rows));
	for (i = 0; i < PQntuples(res); i++) {
		(*rows)[i].admin_user_name = db_col(a, res, i, 0);
		(*rows)[i].admin_person_id = db_col(a, res, i, 1);
		(*rows)[i].token_id = db_col(a, res, i, 2);
		(*rows)[i].token_label = db_col(a, res, i, 3);
		(*rows)[i].count = strtoll(PQgetvalue(res, i, 4), NULL, 10);
	}
	PQclear(res);
	return 0;
}

int
db_audit_erase_names(struct db_conn *c, const char *member_id,
    const char *hashed_user_name, struct err *err)
{
	const char	*p[2] = { member_id, hashed_user_name };
	PGresult	*res;

	res = db_exec_params(c, "UPDATE audit_events SET target_user_name = $2, "
	    "target_email = NULL WHERE target_member_id = $1", 2, p, err);
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
	/* A person another live member still stands for is not erased. */
	res = db_exec_params(c, "UPDATE users SET email = NULL, erased_at = now() "
	    "WHERE id = $2::uuid AND NOT EXISTS (SELECT 1 FROM members "
	    "WHERE person_id = $2::uuid AND id <> $1::uuid "
	    "AND deleted_at IS NULL)", 2, p, err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}
