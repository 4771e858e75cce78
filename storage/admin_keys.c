/* SPDX-License-Identifier: MIT */
/*
 * storage/admin_keys.c
 *
 * Listing and revoking SCIM tokens and API keys, and operator tokens.
 * Token creation and the per-request token lookup are in storage/org.c.
 */
#include "storage/admin_keys.h"

#include "storage/admin_int.h"
#include "storage/conn_int.h"
#include "storage/member.h"
#include "storage/rows_int.h"

static void
token_decode(void *row, struct arena *a, const PGresult *res, int i)
{
	struct token_row	*r = row;

	r->id = db_col(a, res, i, 0);
	r->label = db_col(a, res, i, 1);
	r->admin_user_name = db_col(a, res, i, 2);
	r->created = db_col(a, res, i, 3);
	r->last_used = db_col(a, res, i, 4);
	r->revoked = db_col(a, res, i, 5);
}

int
db_token_list(struct token_row **rows, size_t *n, struct db_conn *c,
    struct arena *a, const char *org_id, struct err *err)
{
	const char	*p[1] = { org_id };

	*rows = db_rows_decode(n, db_exec_params(c, "SELECT t.id, t.label, "
	    "m.user_name, " DB_ISO_MS("t.created_at") ", "
	    DB_ISO_MS("t.last_used_at") ", " DB_ISO_MS("t.revoked_at")
	    " FROM scim_tokens t LEFT JOIN members m ON m.id = "
	    "t.created_by_member WHERE t.org_id = $1 ORDER BY t.created_at, "
	    "t.id", 1, p, err), a, sizeof(**rows), token_decode);
	return *rows != NULL ? 0 : -1;
}

/* Revokes a live credential of the org; `what` names it in the 404. */
static int
revoke(struct db_conn *c, const char *sql, const char *org_id, const char *id,
    const char *what, struct err *err)
{
	const char	*p[2] = { org_id, id };
	long long	 n;

	if (!db_uuid_valid(id))
		return err_set(err, 404, ST_NONE, "%s not found", what);
	if (db_exec_count(&n, c, sql, 2, p, err) == -1)
		return -1;
	if (n == 0)
		return err_set(err, 404, ST_NONE, "%s not found or already revoked",
		    what);
	return 0;
}

int
db_token_revoke(struct db_conn *c, const char *org_id, const char *token_id,
    struct err *err)
{
	return revoke(c, "UPDATE scim_tokens SET revoked_at = now() WHERE "
	    "org_id = $1 AND id = $2 AND revoked_at IS NULL", org_id, token_id,
	    "token", err);
}

int
db_api_key_insert(const char **id, struct db_conn *c, struct arena *a,
    const char *org_id, const char *member_id, const char *label,
    const char *hash_hex, struct err *err)
{
	const char	*p[4] = { org_id, member_id, label, hash_hex };
	PGresult	*res;

	res = db_exec_params(c, "INSERT INTO org_api_keys (org_id, "
	    "created_by_member, label, key_hash) VALUES ($1, $2, $3, "
	    "decode($4, 'hex')) RETURNING id", 4, p, err);
	if (res == NULL)
		return -1;
	*id = db_col(a, res, 0, 0);
	PQclear(res);
	return 0;
}

static void
key_decode(void *row, struct arena *a, const PGresult *res, int i)
{
	struct api_key_row	*r = row;

	r->id = db_col(a, res, i, 0);
	r->label = db_col(a, res, i, 1);
	r->member_id = db_col(a, res, i, 2);
	r->created = db_col(a, res, i, 3);
	r->revoked = db_col(a, res, i, 4);
}

int
db_api_key_list(struct api_key_row **rows, size_t *n, struct db_conn *c,
    struct arena *a, const char *org_id, struct err *err)
{
	const char	*p[1] = { org_id };

	*rows = db_rows_decode(n, db_exec_params(c, "SELECT id, label, "
	    "created_by_member, " DB_ISO_MS("created_at") ", "
	    DB_ISO_MS("revoked_at") " FROM org_api_keys WHERE org_id = $1 "
	    "ORDER BY created_at, id", 1, p, err), a, sizeof(**rows),
	    key_decode);
	return *rows != NULL ? 0 : -1;
}

int
db_api_key_revoke(struct db_conn *c, const char *org_id, const char *key_id,
    struct err *err)
{
	return revoke(c, "UPDATE org_api_keys SET revoked_at = now() WHERE "
	    "org_id = $1 AND id = $2 AND revoked_at IS NULL", org_id, key_id,
	    "API key", err);
}

int
db_operator_token_insert(struct db_conn *c, const char *label,
    const char *hash_hex, struct err *err)
{
	const char	*p[2] = { label, hash_hex };
	long long	 n;

	return db_exec_count(&n, c, "INSERT INTO operator_tokens (label, "
	    "token_hash) VALUES ($1, decode($2, 'hex'))", 2, p, err);
}

int
db_operator_token_auth(struct db_conn *c, const char *hash_hex,
    struct err *err)
{
	const char	*p[1] = { hash_hex };
	PGresult	*res;
	int		 found;

	res = db_exec_params(c, "SELECT 1 FROM operator_tokens WHERE "
	    "token_hash = decode($1, 'hex') AND revoked_at IS NULL", 1, p, err);
	if (res == NULL)
		return -1;
	found = PQntuples(res) > 0;
	PQclear(res);
	if (!found)
		return err_set(err, 401, ST_NONE, "invalid operator token");
	return 0;
}
