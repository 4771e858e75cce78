/* SPDX-License-Identifier: MIT */
/*
 * storage/org.c
 *
 * Administrative writes (run by the command line, so not prepared), the
 * token lookup of every request (prepared, behind storage/token_cache.c)
 * and audit inserts.
 */
#include "storage/org.h"

#include <string.h>

#include "storage/admin.h"
#include "storage/conn_int.h"
#include "storage/member.h"
#include "storage/stmt_int.h"
#include "storage/token_cache.h"

static int
returning_id(const char **id, struct arena *a, PGresult *res)
{
	if (res == NULL)
		return -1;
	*id = db_col(a, res, 0, 0);
	PQclear(res);
	return 0;
}

int
db_org_insert(const char **id, struct db_conn *c, struct arena *a,
    const char *name, int allow_outside_members, struct err *err)
{
	const char	*p[2] = { name, allow_outside_members ? "true" : "false" };

	return returning_id(id, a, db_exec_params(c,
	    "INSERT INTO orgs (name, allow_outside_members) "
	    "VALUES ($1, $2::boolean) RETURNING id", 2, p, err));
}

int
db_org_exists(struct db_conn *c, const char *org_id, struct err *err)
{
	const char	*p[1] = { org_id };
	PGresult	*res;
	int		 found;

	if (!db_uuid_valid(org_id))
		return err_set(err, 404, ST_NONE, "organization \"%s\" not found",
		    org_id);
	res = db_exec_params(c, "SELECT 1 FROM orgs WHERE id = $1", 1, p, err);
	if (res == NULL)
		return -1;
	found = PQntuples(res) > 0;
	PQclear(res);
	if (!found)
		return err_set(err, 404, ST_NONE, "organization \"%s\" not found",
		    org_id);
	return 0;
}

/* Leaves jit_enabled of a known domain as it is. */
int
db_org_domain_add(struct db_conn *c, const char *org_id, const char *domain,
    int verified, struct err *err)
{
	return db_domain_upsert(c, org_id, domain, verified != 0, -1, err);
}

int
db_member_set_role(struct db_conn *c, const char *member_id, const char *role,
    struct err *err)
{
	const char	*p[2] = { member_id, role };
	PGresult	*res;

	/* SCIM shows the role: its version and ETag change with it. */
	res = db_exec_params(c, "UPDATE members SET role = $2, "
	    "version = version + 1, updated_at = now() WHERE id = $1", 2, p, err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
db_token_insert(const char **id, struct db_conn *c, struct arena *a,
    const char *org_id, const char *label, const char *hash_hex,
    const char *created_by_member, struct err *err)
{
	const char	*p[4] = { org_id, label, hash_hex, created_by_member };

	return returning_id(id, a, db_exec_params(c,
	    "INSERT INTO scim_tokens (org_id, label, token_hash, created_by_member) "
	    "VALUES ($1, $2, decode($3, 'hex'), $4) RETURNING id", 4, p, err));
}

int
db_token_auth(struct db_token *out, struct db_conn *c, struct arena *a,
    const char *hash_hex, struct err *err)
{
	const char	*p[1] = { hash_hex };
	PGresult	*res;
	long long	 gen;
	int		 stale;

	if (db_token_cache_get(out, a, c->url, hash_hex, &gen))
		return 0;
	if ((res = db_exec_stmt(c, STMT_TOKEN_AUTH, 1, p, err)) == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return err_set(err, 401, ST_NONE, "invalid or revoked bearer token");
	}
	out->id = db_col(a, res, 0, 0);
	out->org_id = db_col(a, res, 0, 1);
	out->created_by_member = db_col(a, res, 0, 2);
	stale = PQgetvalue(res, 0, 3)[0] == 't';
	out->admin_person_id = db_col(a, res, 0, 4);
	PQclear(res);
	db_token_cache_put(hash_hex, out, gen);
	/*
	 * last_used_at is written at most once a minute, not per request,
	 * and only on cache misses: it is as exact as the minute plus TC_TTL.
	 */
	if (stale) {
		p[0] = out->id;
		if ((res = db_exec_stmt(c, STMT_TOKEN_TOUCH, 1, p, err)) == NULL)
			return -1;
		PQclear(res);
	}
	return 0;
}

int
db_audit_insert(struct db_conn *c, const struct db_audit *e, struct err *err)
{
	const char	*p[9];
	PGresult	*res;

	p[0] = e->org_id;
	p[1] = e->action;
	p[2] = e->actor_token_id;
	p[3] = e->actor_member_id;
	p[4] = e->target_member_id;
	p[5] = e->person_id;
	p[6] = e->target_user_name;
	p[7] = e->target_email;
	p[8] = e->detail;
	res = db_exec_stmt(c, STMT_AUDIT_INSERT, 9, p, err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}
