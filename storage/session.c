/* SPDX-License-Identifier: MIT */
/*
 * storage/session.c
 *
 * Sessions and SSO secrets. A session is good only while it is not
 * revoked and its member is active and not removed, so a deactivation
 * ends every session at once even before the revocation is written.
 */
#include "storage/session.h"

#include <stdlib.h>
#include <string.h>

#include "storage/conn_int.h"
#include "storage/member_int.h"

int
db_org_by_sso_secret(const char **org_id, struct db_conn *c, struct arena *a,
    const char *hash_hex, struct err *err)
{
	const char	*p[1] = { hash_hex };
	PGresult	*res;

	res = db_exec_params(c, "SELECT id FROM orgs WHERE sso_secret_hash = "
	    "decode($1, 'hex')", 1, p, err);
	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return err_set(err, 401, ST_NONE, "invalid SSO secret");
	}
	*org_id = db_col(a, res, 0, 0);
	PQclear(res);
	return 0;
}

int
db_org_set_sso_secret(struct db_conn *c, const char *org_id,
    const char *hash_hex, struct err *err)
{
	const char	*p[2] = { org_id, hash_hex };
	PGresult	*res;
	int		 rc = -1;

	res = db_exec_params(c, "UPDATE orgs SET sso_secret_hash = decode($2, 'hex') "
	    "WHERE id = $1", 2, p, err);
	if (res != NULL) {
		rc = strcmp(PQcmdTuples(res), "1") == 0 ? 0 :
		    err_set(err, 404, ST_NONE, "organization not found");
		PQclear(res);
	}
	return rc;
}

static int
member_row(struct member_row *out, struct arena *a, PGresult *res, int status,
    const char *detail, struct err *err)
{
	if (res == NULL)
		return -1;
	if (PQntuples(res) < 1) {
		PQclear(res);
		return err_set(err, status, ST_NONE, "%s", detail);
	}
	db_member_decode(out, a, res, 0);
	PQclear(res);
	return 0;
}

int
db_member_for_login(struct member_row *out, struct db_conn *c,
    struct arena *a, const char *org_id, const char *email, struct err *err)
{
	struct db_sqlbuf	 b;
	const char		*org = org_id;

	db_sqlbuf_init(&b, a);
	db_sqlbuf_add(&b, "SELECT ");
	db_sqlbuf_add(&b, db_member_cols);
	db_sqlbuf_add(&b, " FROM members m WHERE m.org_id = ");
	db_sqlbuf_addp(&b, org);
	db_sqlbuf_add(&b, " AND m.deleted_at IS NULL AND "
	    "(scimd_fold(m.user_name) = scimd_fold(");
	db_sqlbuf_addp(&b, email);
	db_sqlbuf_add(&b, ") OR scimd_fold(m.email) = scimd_fold($2)) "
	    "ORDER BY (scimd_fold(m.user_name) = scimd_fold($2)) DESC, "
	    "m.created_at LIMIT 1");
	return member_row(out, a, db_exec_buf(c, &b, err), 404, "no such member",
	    err);
}

int
db_session_insert(const char **id, struct db_conn *c, struct arena *a,
    const char *org_id, const char *member_id, const char *hash_hex,
    struct err *err)
{
	const char	*p[3] = { org_id, member_id, hash_hex };
	PGresult	*res;

	res = db_exec_params(c, "INSERT INTO sessions (org_id, member_id, token_hash) "
	    "VALUES ($1, $2, decode($3, 'hex')) RETURNING id", 3, p, err);
	if (res == NULL)
		return -1;
	*id = db_col(a, res, 0, 0);
	PQclear(res);
	return 0;
}

int
db_session_sweep(struct db_conn *c, const char *org_id, struct err *err)
{
	const char	*p[1] = { org_id };
	PGresult	*res;

	res = db_exec_params(c, "DELETE FROM sessions s USING orgs o "
	    "WHERE o.id = $1 AND s.org_id = o.id AND (s.last_used_at <= now() - "
	    "make_interval(hours => o.session_idle_hours) OR s.created_at <= "
	    "now() - make_interval(days => o.session_max_days))", 1, p, err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
db_session_member(struct member_row *out, struct db_conn *c, struct arena *a,
    const char *hash_hex, struct err *err)
{
	struct db_sqlbuf	b;

	/*
	 * One statement checks both lifetimes of the org's policy and
	 * starts the idle time again: a session in use stays, up to its
	 * absolute end.
	 */
	db_sqlbuf_init(&b, a);
	db_sqlbuf_add(&b, "WITH s AS (UPDATE sessions s SET last_used_at = now() "
	    "FROM orgs o WHERE o.id = s.org_id AND s.token_hash = decode(");
	db_sqlbuf_addp(&b, hash_hex);
	db_sqlbuf_add(&b, ", 'hex') AND s.revoked_at IS NULL "
	    "AND s.last_used_at > now() - make_interval(hours => o.session_idle_hours) "
	    "AND s.created_at > now() - make_interval(days => o.session_max_days) "
	    "RETURNING s.member_id) SELECT ");
	db_sqlbuf_add(&b, db_member_cols);
	db_sqlbuf_add(&b, " FROM s JOIN members m ON m.id = s.member_id "
	    "WHERE m.active AND m.deleted_at IS NULL");
	return member_row(out, a, db_exec_buf(c, &b, err), 401,
	    "session is not valid (expired, signed out, revoked, or the "
	    "member was deactivated)", err);
}
