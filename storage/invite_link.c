/* SPDX-License-Identifier: MIT */
/*
 * storage/invite_link.c
 *
 * Open invite links: insert, look up, list, count a use, revoke (one, or
 * every live link of a removed creator).
 */
#include "storage/invite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage/conn_int.h"
#include "storage/member.h"
#include "storage/rows_int.h"

#define TS(col)	"to_char(" col " AT TIME ZONE 'UTC', " \
		"'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"

/*
 * Domains come back space-separated: a domain name holds no space (the
 * domain checks each before it is stored).
 */
#define LINK_COLS \
	"l.id, l.org_id, l.role, array_to_string(l.domains, ' '), " \
	"COALESCE(l.max_uses, -1), l.uses, " TS("l.expires_at") ", " \
	"(l.expires_at IS NOT NULL AND l.expires_at <= now()), " \
	"l.created_by_member, m.user_name, " TS("l.created_at") ", " \
	TS("l.revoked_at") ", l.revoked_reason, encode(l.token_hash, 'hex') " \
	"FROM invite_links l LEFT JOIN members m ON m.id = l.created_by_member "

static void
split_domains(struct invite_link_row *r, struct arena *a, char *s)
{
	size_t	n = 0, i;
	char	*p;

	for (p = s; p != NULL && *p != '\0'; p++)
		n += *p == ' ';
	r->ndomains = s != NULL && *s != '\0' ? n + 1 : 0;
	r->domains = arena_alloc(a, (r->ndomains + 1) * sizeof(*r->domains));
	for (i = 0, p = s; i < r->ndomains; i++) {
		r->domains[i] = p;
		p = strchr(p, ' ');
		if (p != NULL)
			*p++ = '\0';
	}
	r->domains[r->ndomains] = NULL;
}

static void
decode(void *row_out, struct arena *a, const PGresult *res, int row)
{
	struct invite_link_row	*r = row_out;

	r->id = db_col(a, res, row, 0);
	r->org_id = db_col(a, res, row, 1);
	r->role = db_col(a, res, row, 2);
	split_domains(r, a, db_col(a, res, row, 3));
	r->max_uses = strtoll(PQgetvalue(res, row, 4), NULL, 10);
	r->uses = strtoll(PQgetvalue(res, row, 5), NULL, 10);
	r->expires = db_col(a, res, row, 6);
	r->expired = PQgetvalue(res, row, 7)[0] == 't';
	r->created_by = db_col(a, res, row, 8);
	r->created_by_user_name = db_col(a, res, row, 9);
	r->created = db_col(a, res, row, 10);
	r->revoked = db_col(a, res, row, 11);
	r->revoked_reason = db_col(a, res, row, 12);
	r->token_hash = db_col(a, res, row, 13);
}

static int
one(struct invite_link_row *out, struct arena *a, PGresult *res,
    struct err *err)
{
	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return err_set(err, 404, ST_NONE, "invite link not found");
	}
	decode(out, a, res, 0);
	PQclear(res);
	return 0;
}

int
db_link_insert(struct invite_link_row *out, struct db_conn *c,
    struct arena *a, const char *org_id, const struct db_link_write *w,
    struct err *err)
{
	const char	*p[8];
	char		 max[32];
	const char	*id;
	PGresult	*res;

	snprintf(max, sizeof(max), "%lld", w->max_uses);
	p[0] = org_id;
	p[1] = w->role;
	p[2] = db_array_literal(a, w->domains, w->ndomains);
	p[3] = w->max_uses >= 0 ? max : NULL;
	p[4] = w->expires_at;
	p[5] = w->selector;
	p[6] = w->hash_hex;
	p[7] = w->created_by;
	res = db_exec_params(c, "INSERT INTO invite_links (org_id, role, "
	    "domains, max_uses, expires_at, token_selector, token_hash, "
	    "created_by_member) VALUES ($1, $2, $3::text[], $4::integer, "
	    "$5::timestamptz, $6, decode($7, 'hex'), $8) RETURNING id", 8, p,
	    err);
	if (res == NULL)
		return -1;
	id = db_col(a, res, 0, 0);
	PQclear(res);
	return db_link_get(out, c, a, org_id, id, err);
}

int
db_link_get(struct invite_link_row *out, struct db_conn *c, struct arena *a,
    const char *org_id, const char *id, struct err *err)
{
	const char	*p[2] = { org_id, id };

	if (!db_uuid_valid(id))
		return err_set(err, 404, ST_NONE, "invite link not found");
	return one(out, a, db_exec_params(c, "SELECT " LINK_COLS
	    "WHERE l.org_id = $1 AND l.id = $2", 2, p, err), err);
}

int
db_link_by_selector(struct invite_link_row *out, struct db_conn *c,
    struct arena *a, const char *selector, struct err *err)
{
	const char	*p[1] = { selector };

	return one(out, a, db_exec_params(c, "SELECT " LINK_COLS
	    "WHERE l.token_selector = $1 FOR UPDATE OF l", 1, p, err), err);
}

int
db_link_list(struct invite_link_row **rows, size_t *n, struct db_conn *c,
    struct arena *a, const char *org_id, struct err *err)
{
	const char	*p[1] = { org_id };

	*rows = db_rows_decode(n, db_exec_params(c, "SELECT " LINK_COLS
	    "WHERE l.org_id = $1 ORDER BY l.created_at DESC, l.id", 1, p, err),
	    a, sizeof(**rows), decode);
	return *rows != NULL ? 0 : -1;
}

int
db_link_revoke(int *changed, struct db_conn *c, const char *org_id,
    const char *id, const char *reason, struct err *err)
{
	const char	*p[3] = { org_id, id, reason };
	PGresult	*res;

	if (!db_uuid_valid(id))
		return err_set(err, 404, ST_NONE, "invite link not found");
	/* The row lock orders a revocation after a use in flight. */
	res = db_exec_params(c, "WITH l AS (SELECT id, revoked_at FROM "
	    "invite_links WHERE org_id = $1 AND id = $2 FOR UPDATE), "
	    "u AS (UPDATE invite_links SET revoked_at = now(), "
	    "revoked_reason = $3 WHERE id = (SELECT id FROM l) AND "
	    "revoked_at IS NULL RETURNING id) "
	    "SELECT (SELECT count(*) FROM l), (SELECT count(*) FROM u)", 3, p,
	    err);
	if (res == NULL)
		return -1;
	if (strcmp(PQgetvalue(res, 0, 0), "0") == 0) {
		PQclear(res);
		return err_set(err, 404, ST_NONE, "invite link not found");
	}
	*changed = strcmp(PQgetvalue(res, 0, 1), "0") != 0;
	PQclear(res);
	return 0;
}

int
db_link_use(struct db_conn *c, const char *id, struct err *err)
{
	const char	*p[1] = { id };
	PGresult	*res;

	res = db_exec_params(c, "UPDATE invite_links SET uses = uses + 1 "
	    "WHERE id = $1", 1, p, err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
db_links_end_for_member(const char ***ids, size_t *n, struct db_conn *c,
    struct arena *a, const char *member_id, struct err *err)
{
	const char	*p[1] = { member_id };

	*ids = db_rows_decode(n, db_exec_params(c, "UPDATE invite_links SET "
	    "revoked_at = now(), revoked_reason = 'creator_removed' WHERE "
	    "created_by_member = $1 AND revoked_at IS NULL RETURNING id", 1, p,
	    err), a, sizeof(**ids), db_row_text);
	return *ids != NULL ? 0 : -1;
}
