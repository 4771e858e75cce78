/* SPDX-License-Identifier: MIT */
/*
 * storage/invite.c
 *
 * Email invitations: insert, look up (by id or token selector), list and
 * end. Invite links are in storage/invite_link.c.
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

/* The columns decode() reads, in its order; i is invitations, m inviter. */
#define INVITE_COLS \
	"i.id, i.org_id, i.email, i.role, i.state, " \
	"(i.state = 'pending' AND i.expires_at <= now()), " \
	"i.invited_by_member, m.user_name, " \
	"(m.id IS NOT NULL AND m.deleted_at IS NOT NULL), " \
	TS("i.created_at") ", " TS("i.expires_at") ", " TS("i.ended_at") ", " \
	"i.accepted_member_id, i.accepted_via, i.replaced_by, " \
	"encode(i.token_hash, 'hex') " \
	"FROM invitations i LEFT JOIN members m ON m.id = i.invited_by_member "

static void
decode(void *row_out, struct arena *a, const PGresult *res, int row)
{
	struct invite_row	*r = row_out;

	r->id = db_col(a, res, row, 0);
	r->org_id = db_col(a, res, row, 1);
	r->email = db_col(a, res, row, 2);
	r->role = db_col(a, res, row, 3);
	r->state = db_col(a, res, row, 4);
	r->expired = PQgetvalue(res, row, 5)[0] == 't';
	r->invited_by = db_col(a, res, row, 6);
	r->invited_by_user_name = db_col(a, res, row, 7);
	r->inviter_removed = PQgetvalue(res, row, 8)[0] == 't';
	r->created = db_col(a, res, row, 9);
	r->expires = db_col(a, res, row, 10);
	r->ended = db_col(a, res, row, 11);
	r->accepted_member_id = db_col(a, res, row, 12);
	r->accepted_via = db_col(a, res, row, 13);
	r->replaced_by = db_col(a, res, row, 14);
	r->token_hash = db_col(a, res, row, 15);
}

/* At most one row: *found says whether there was one. */
static int
maybe_one(struct invite_row *out, int *found, struct arena *a, PGresult *res)
{
	if (res == NULL)
		return -1;
	*found = PQntuples(res) == 1;
	if (*found)
		decode(out, a, res, 0);
	PQclear(res);
	return 0;
}

static int
one(struct invite_row *out, struct arena *a, PGresult *res, struct err *err)
{
	int	found;

	if (maybe_one(out, &found, a, res) == -1)
		return -1;
	if (!found)
		return err_set(err, 404, ST_NONE, "invitation not found");
	return 0;
}

int
db_invite_insert(struct invite_row *out, struct db_conn *c, struct arena *a,
    const char *org_id, const struct db_invite_write *w, struct err *err)
{
	const char	*p[7];
	char		 ttl[32];
	const char	*id;
	PGresult	*res;

	snprintf(ttl, sizeof(ttl), "%ld", w->ttl_seconds);
	p[0] = org_id;
	p[1] = w->email;
	p[2] = w->role;
	p[3] = w->selector;
	p[4] = w->hash_hex;
	p[5] = w->invited_by;
	p[6] = ttl;
	res = db_exec_params(c, "INSERT INTO invitations (org_id, email, role, "
	    "token_selector, token_hash, invited_by_member, expires_at) "
	    "VALUES ($1, $2, $3, $4, decode($5, 'hex'), $6, "
	    "now() + make_interval(secs => $7::bigint)) RETURNING id", 7, p,
	    err);
	if (res == NULL)
		return -1;
	id = db_col(a, res, 0, 0);
	PQclear(res);
	return db_invite_get(out, c, a, org_id, id, 0, err);
}

int
db_invite_get(struct invite_row *out, struct db_conn *c, struct arena *a,
    const char *org_id, const char *id, int for_update, struct err *err)
{
	const char	*p[2] = { org_id, id };

	if (!db_uuid_valid(id))
		return err_set(err, 404, ST_NONE, "invitation not found");
	return one(out, a, db_exec_params(c, for_update ?
	    "SELECT " INVITE_COLS "WHERE i.org_id = $1 AND i.id = $2 "
	    "FOR UPDATE OF i" :
	    "SELECT " INVITE_COLS "WHERE i.org_id = $1 AND i.id = $2", 2, p,
	    err), err);
}

int
db_invite_by_selector(struct invite_row *out, struct db_conn *c,
    struct arena *a, const char *selector, struct err *err)
{
	const char	*p[1] = { selector };

	return one(out, a, db_exec_params(c, "SELECT " INVITE_COLS
	    "WHERE i.token_selector = $1 FOR UPDATE OF i", 1, p, err), err);
}

/*
 * One statement for both addresses: at most one pending invitation per
 * address (invitations_pending_uq), the first address's ahead, and only
 * the row returned is locked (LIMIT above the row locking).
 */
int
db_invite_pending_of(struct invite_row *out, int *found, struct db_conn *c,
    struct arena *a, const char *org_id, const char *email,
    const char *or_email, struct err *err)
{
	const char	*p[3] = { org_id, email, or_email };

	return maybe_one(out, found, a, db_exec_params(c, "SELECT " INVITE_COLS
	    "WHERE i.org_id = $1 AND i.state = 'pending' AND "
	    "scimd_fold(i.email) IN (scimd_fold($2), scimd_fold($3)) "
	    "ORDER BY scimd_fold(i.email) = scimd_fold($2) DESC LIMIT 1 "
	    "FOR UPDATE OF i", 3, p, err));
}

int
db_invite_list(struct invite_row **rows, size_t *n, struct db_conn *c,
    struct arena *a, const char *org_id, struct err *err)
{
	const char	*p[1] = { org_id };

	*rows = db_rows_decode(n, db_exec_params(c, "SELECT " INVITE_COLS
	    "WHERE i.org_id = $1 ORDER BY i.created_at DESC, i.id", 1, p, err),
	    a, sizeof(**rows), decode);
	return *rows != NULL ? 0 : -1;
}

int
db_invite_end(struct db_conn *c, const char *id, const char *state,
    const char *member_id, const char *via, const char *replaced_by,
    struct err *err)
{
	const char	*p[5] = { id, state, member_id, via, replaced_by };
	PGresult	*res;
	int		 rc;

	res = db_exec_params(c, "UPDATE invitations SET state = $2, "
	    "ended_at = now(), accepted_member_id = $3, accepted_via = $4, "
	    "replaced_by = $5 WHERE id = $1 AND state = 'pending'", 5, p, err);
	if (res == NULL)
		return -1;
	rc = strcmp(PQcmdTuples(res), "1") == 0 ? 0 :
	    err_set(err, 409, ST_NONE, "the invitation is no longer pending");
	PQclear(res);
	return rc;
}

int
db_org_invites_admit_outsiders(int *yes, struct db_conn *c,
    const char *org_id, struct err *err)
{
	const char	*p[1] = { org_id };
	PGresult	*res;

	res = db_exec_params(c, "SELECT invites_admit_outsiders FROM orgs "
	    "WHERE id = $1", 1, p, err);
	if (res == NULL)
		return -1;
	*yes = PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	return 0;
}

int
db_org_set_invites_admit_outsiders(struct db_conn *c, const char *org_id,
    int yes, struct err *err)
{
	const char	*p[2] = { org_id, yes ? "true" : "false" };
	PGresult	*res;
	int		 rc;

	if (!db_uuid_valid(org_id))
		return err_set(err, 404, ST_NONE, "organization not found");
	res = db_exec_params(c, "UPDATE orgs SET invites_admit_outsiders = $2 "
	    "WHERE id = $1", 2, p, err);
	if (res == NULL)
		return -1;
	rc = strcmp(PQcmdTuples(res), "1") == 0 ? 0 :
	    err_set(err, 404, ST_NONE, "organization not found");
	PQclear(res);
	return rc;
}

int
db_invite_replaced(struct db_conn *c, const char *id, const char *by,
    struct err *err)
{
	const char	*p[2] = { id, by };
	PGresult	*res;

	res = db_exec_params(c, "UPDATE invitations SET replaced_by = $2 "
	    "WHERE id = $1", 2, p, err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}
