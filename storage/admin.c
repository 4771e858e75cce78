/* SPDX-License-Identifier: MIT */
/*
 * storage/admin.c
 *
 * The operator queries on an org's policy, domains and roles. Tokens and
 * keys are in storage/admin_keys.c, the audit listing in
 * storage/admin_audit.c.
 */
#include "storage/admin.h"

#include <stdio.h>
#include <stdlib.h>

#include "storage/admin_int.h"
#include "storage/conn_int.h"
#include "storage/member.h"
#include "storage/rows_int.h"

int
db_exec_count(long long *n, struct db_conn *c, const char *sql, int nparams,
    const char *const *params, struct err *err)
{
	PGresult	*res = db_exec_params(c, sql, nparams, params, err);

	if (res == NULL)
		return -1;
	*n = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

int
db_org_name(const char **name, struct db_conn *c, struct arena *a,
    const char *org_id, struct err *err)
{
	const char	*p[1] = { org_id };
	PGresult	*res;
	int		 found;

	if (!db_uuid_valid(org_id))
		return err_set(err, 404, ST_NONE, "organization not found");
	res = db_exec_params(c, "SELECT name FROM orgs WHERE id = $1", 1, p, err);
	if (res == NULL)
		return -1;
	found = PQntuples(res) == 1;
	if (found)
		*name = db_col(a, res, 0, 0);
	PQclear(res);
	if (!found)
		return err_set(err, 404, ST_NONE, "organization not found");
	return 0;
}

int
db_org_policy_set(struct db_conn *c, const char *org_id,
    const struct db_org_policy *p, struct err *err)
{
	char		 rate[16], seats[16], idle[16], days[16];
	const char	*v[7];
	long long	 n;

	snprintf(rate, sizeof(rate), "%d", p->removal_rate_per_hour);
	snprintf(seats, sizeof(seats), "%d", p->seat_limit);
	v[0] = org_id;
	v[1] = p->allow_outside_members ? "true" : "false";
	v[2] = rate;
	v[3] = p->revoke_api_keys_on_removal ? "true" : "false";
	v[4] = p->seat_limit < 0 ? NULL : seats;
	snprintf(idle, sizeof(idle), "%d", p->session_idle_hours);
	snprintf(days, sizeof(days), "%d", p->session_max_days);
	v[5] = idle;
	v[6] = days;
	return db_exec_count(&n, c, "UPDATE orgs SET allow_outside_members = "
	    "$2::boolean, removal_rate_per_hour = $3::int, "
	    "revoke_api_keys_on_removal = $4::boolean, seat_limit = $5::int, "
	    "session_idle_hours = $6::int, session_max_days = $7::int "
	    "WHERE id = $1", 7, v, err);
}

int
db_org_refusals(long long *n, struct db_conn *c, const char *org_id,
    struct err *err)
{
	const char	*p[1] = { org_id };
	PGresult	*res;

	res = db_exec_params(c, "SELECT count(*) FROM audit_events "
	    "WHERE org_id = $1 AND action = 'guard.refused'", 1, p, err);
	if (res == NULL)
		return -1;
	*n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

static void
domain_decode(void *row, struct arena *a, const PGresult *res, int i)
{
	struct domain_row	*r = row;

	r->domain = db_col(a, res, i, 0);
	r->verified = PQgetvalue(res, i, 1)[0] == 't';
	r->jit = PQgetvalue(res, i, 2)[0] == 't';
}

int
db_domain_list(struct domain_row **rows, size_t *n, struct db_conn *c,
    struct arena *a, const char *org_id, struct err *err)
{
	const char	*p[1] = { org_id };

	*rows = db_rows_decode(n, db_exec_params(c, "SELECT domain, verified, "
	    "jit_enabled FROM org_domains WHERE org_id = $1 ORDER BY domain", 1,
	    p, err), a, sizeof(**rows), domain_decode);
	return *rows != NULL ? 0 : -1;
}

static const char *
tristate(int v)
{
	return v < 0 ? NULL : v ? "true" : "false";
}

int
db_domain_upsert(struct db_conn *c, const char *org_id, const char *domain,
    int verified, int jit, struct err *err)
{
	const char	*p[4] = { org_id, domain, tristate(verified),
			    tristate(jit) };
	long long	 n;

	return db_exec_count(&n, c, "INSERT INTO org_domains (org_id, domain, "
	    "verified, jit_enabled) VALUES ($1, lower($2), "
	    "COALESCE($3::boolean, false), COALESCE($4::boolean, false)) "
	    "ON CONFLICT (org_id, domain) DO UPDATE SET "
	    "verified = COALESCE($3::boolean, org_domains.verified), "
	    "jit_enabled = COALESCE($4::boolean, org_domains.jit_enabled)",
	    4, p, err);
}

int
db_domain_delete(struct db_conn *c, const char *org_id, const char *domain,
    struct err *err)
{
	const char	*p[2] = { org_id, domain };
	long long	 n;

	if (db_exec_count(&n, c, "DELETE FROM org_domains WHERE org_id = $1 AND "
	    "domain = lower($2)", 2, p, err) == -1)
		return -1;
	if (n == 0)
		return err_set(err, 404, ST_NONE, "domain \"%s\" not found",
		    domain);
	return 0;
}

int
db_member_resolve(const char **id, const char **role, int *active,
    struct db_conn *c, struct arena *a, const char *org_id, const char *member,
    struct err *err)
{
	const char	*p[3] = { org_id, member, NULL };
	PGresult	*res;
	int		 found;

	p[2] = db_uuid_valid(member) ? member : NULL;
	res = db_exec_params(c, "SELECT id, role, active FROM members "
	    "WHERE org_id = $1 AND deleted_at IS NULL AND (id = $3::uuid OR "
	    "scimd_fold(user_name) = scimd_fold($2)) "
	    "ORDER BY (id = $3::uuid) DESC LIMIT 1",
	    3, p, err);
	if (res == NULL)
		return -1;
	found = PQntuples(res) == 1;
	if (found) {
		*id = db_col(a, res, 0, 0);
		*role = db_col(a, res, 0, 1);
		*active = PQgetvalue(res, 0, 2)[0] == 't';
	}
	PQclear(res);
	if (!found)
		return err_set(err, 404, ST_NONE, "no member \"%s\" in the "
		    "organization", member);
	return 0;
}

int
db_org_owner(const char **id, struct db_conn *c, struct arena *a,
    const char *org_id, struct err *err)
{
	const char	*p[1] = { org_id };
	PGresult	*res;

	res = db_exec_params(c, "SELECT id FROM members WHERE org_id = $1 AND "
	    "role = 'owner' AND deleted_at IS NULL", 1, p, err);
	if (res == NULL)
		return -1;
	*id = PQntuples(res) > 0 ? db_col(a, res, 0, 0) : NULL;
	PQclear(res);
	return 0;
}

int
db_member_touch(struct db_conn *c, const char *member_id, struct err *err)
{
	const char	*p[1] = { member_id };
	long long	 n;

	return db_exec_count(&n, c, "UPDATE members SET version = version + 1, "
	    "updated_at = now() WHERE id = $1", 1, p, err);
}

int
db_group_set_role(const char **display_name, struct db_conn *c,
    struct arena *a, const char *org_id, const char *group_id,
    const char *role, struct err *err)
{
	const char	*p[3] = { org_id, group_id, role };
	PGresult	*res;
	int		 found;

	if (!db_uuid_valid(group_id))
		return err_set(err, 404, ST_NONE, "group not found");
	res = db_exec_params(c, "UPDATE groups SET role = $3 WHERE org_id = $1 "
	    "AND id = $2 RETURNING display_name", 3, p, err);
	if (res == NULL)
		return -1;
	found = PQntuples(res) == 1;
	if (found)
		*display_name = db_col(a, res, 0, 0);
	PQclear(res);
	if (!found)
		return err_set(err, 404, ST_NONE, "group not found");
	return 0;
}
