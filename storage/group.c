/* SPDX-License-Identifier: MIT */
/*
 * storage/group.c
 *
 * Group rows and memberships. Group SQL is dynamic-free except for the
 * list filter; values always travel as parameters.
 */
#include "storage/group.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/base/schema.h"
#include "storage/conn_int.h"
#include "storage/list_int.h"
#include "storage/member.h"

/* Times to the microsecond, as stored: see MEMBER_COLS in stmt.c. */
#define GROUP_COLS \
	"g.id, g.org_id, g.display_name, g.external_id, g.resource::text, " \
	"g.version, " \
	"to_char(g.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), " \
	"to_char(g.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), " \
	"g.role"

static void
decode(struct group_row *g, struct arena *a, const PGresult *res, int row)
{
	memset(g, 0, sizeof(*g));
	g->id = db_col(a, res, row, 0);
	g->org_id = db_col(a, res, row, 1);
	g->display_name = db_col(a, res, row, 2);
	g->external_id = db_col(a, res, row, 3);
	g->resource = db_col(a, res, row, 4);
	g->version = strtoll(PQgetvalue(res, row, 5), NULL, 10);
	g->created = db_col(a, res, row, 6);
	g->updated = db_col(a, res, row, 7);
	g->role = db_col(a, res, row, 8);
}

static int
one_row(struct group_row *out, struct arena *a, PGresult *res,
    struct err *err)
{
	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return err_set(err, 404, ST_NONE, "resource not found");
	}
	decode(out, a, res, 0);
	PQclear(res);
	return 0;
}

static int
uniqueness(struct err *err, const char *name)
{
	if (err->status == 409 && err->type == ST_UNIQUENESS)
		err_set(err, 409, ST_UNIQUENESS,
		    "a group named \"%s\" already exists in this organization",
		    name);
	return -1;
}

/* Loads the members of rows[0..n) in one query. */
static int
load_members(struct group_row *rows, size_t n, struct db_conn *c,
    struct arena *a, struct err *err)
{
	const char		**ids;
	const char		*p[1];
	PGresult		*res;
	size_t			 i, k;
	int			 r, nt, end;

	if (n == 0)
		return 0;
	ids = arena_alloc(a, n * sizeof(*ids));
	for (i = 0; i < n; i++)
		ids[i] = rows[i].id;
	p[0] = db_array_literal(a, ids, n);
	res = db_exec_params(c, "SELECT gm.group_id, gm.member_id, "
	    "COALESCE(gm.display, m.display_name, m.user_name) "
	    "FROM group_members gm JOIN members m ON m.id = gm.member_id "
	    "WHERE gm.group_id = ANY($1::uuid[]) AND m.deleted_at IS NULL "
	    "ORDER BY gm.group_id, gm.created_at, gm.member_id", 1, p, err);
	if (res == NULL)
		return -1;
	nt = PQntuples(res);
	for (i = 0; i < n; i++) {
		rows[i].members = NULL;
		rows[i].nmembers = 0;
		rows[i].members_loaded = 1;
	}
	/*
	 * The rows come grouped by group: one pass, finding each block's
	 * group once, keeps a page of large groups linear in its members.
	 */
	for (r = 0; r < nt; r = end) {
		struct group_member_ref	*m;
		const char		*gid = PQgetvalue(res, r, 0);

		for (end = r + 1; end < nt &&
		    strcmp(PQgetvalue(res, end, 0), gid) == 0; end++)
			;
		for (i = 0; i < n && strcmp(rows[i].id, gid) != 0; i++)
			;
		if (i == n)
			continue;
		m = arena_alloc(a, (size_t)(end - r) * sizeof(*m));
		for (k = 0; r + (int)k < end; k++) {
			m[k].id = db_col(a, res, r + (int)k, 1);
			m[k].display = db_col(a, res, r + (int)k, 2);
		}
		rows[i].members = m;
		rows[i].nmembers = k;
	}
	PQclear(res);
	return 0;
}

int
db_group_insert(struct group_row *out, struct db_conn *c, struct arena *a,
    const char *org_id, const struct db_group_write *w, struct err *err)
{
	const char	*p[4] = { org_id, w->display_name, w->external_id, w->resource };

	if (one_row(out, a, db_exec_params(c, "INSERT INTO groups AS g (org_id, "
	    "display_name, external_id, resource) VALUES ($1, $2, $3, $4::jsonb) "
	    "RETURNING " GROUP_COLS, 4, p, err), err) == -1)
		return uniqueness(err, w->display_name);
	return 0;
}

int
db_group_get(struct group_row *out, struct db_conn *c, struct arena *a,
    const char *org_id, const char *id, int for_update, int with_members,
    struct err *err)
{
	const char	*p[2] = { org_id, id };

	if (!db_uuid_valid(id))
		return err_set(err, 404, ST_NONE, "resource not found");
	if (one_row(out, a, db_exec_params(c, for_update ?
	    "SELECT " GROUP_COLS " FROM groups g WHERE g.org_id = $1 AND g.id = $2 FOR NO KEY UPDATE" :
	    "SELECT " GROUP_COLS " FROM groups g WHERE g.org_id = $1 AND g.id = $2",
	    2, p, err), err) == -1)
		return -1;
	return with_members ? load_members(out, 1, c, a, err) : 0;
}

int
db_group_update(struct group_row *out, struct db_conn *c, struct arena *a,
    const char *org_id, const char *id, const struct db_group_write *w,
    struct err *err)
{
	const char	*p[5] = { org_id, id, NULL, NULL, NULL };

	if (w == NULL)
		return one_row(out, a, db_exec_params(c, "UPDATE groups AS g SET "
		    "version = g.version + 1, updated_at = now() "
		    "WHERE g.org_id = $1 AND g.id = $2 RETURNING " GROUP_COLS,
		    2, p, err), err);
	p[2] = w->display_name;
	p[3] = w->external_id;
	p[4] = w->resource;
	if (one_row(out, a, db_exec_params(c, "UPDATE groups AS g SET display_name = $3, "
	    "external_id = $4, resource = $5::jsonb, version = g.version + 1, "
	    "updated_at = now() WHERE g.org_id = $1 AND g.id = $2 "
	    "RETURNING " GROUP_COLS, 5, p, err), err) == -1)
		return uniqueness(err, w->display_name);
	return 0;
}

int
db_group_delete(struct db_conn *c, const char *org_id, const char *id,
    struct err *err)
{
	const char	*p[2] = { org_id, id };
	PGresult	*res;
	int		 rc = -1;

	if (!db_uuid_valid(id))
		return err_set(err, 404, ST_NONE, "resource not found");
	res = db_exec_params(c, "DELETE FROM groups WHERE org_id = $1 AND id = $2", 2, p,
	    err);
	if (res != NULL) {
		rc = strcmp(PQcmdTuples(res), "0") == 0 ?
		    err_set(err, 404, ST_NONE, "resource not found") : 0;
		PQclear(res);
	}
	return rc;
}

/* The valid UUIDs among ids, as an array literal; *n counts them. */
static const char *
uuid_array(struct arena *a, const char *const *ids, size_t nids, size_t *n)
{
	const char	**v = arena_alloc(a, (nids ? nids : 1) * sizeof(*v));
	size_t		  i;

	*n = 0;
	for (i = 0; i < nids; i++)
		if (db_uuid_valid(ids[i]))
			v[(*n)++] = ids[i];
	return db_array_literal(a, v, *n);
}

/*
 * Runs a statement of the form "WITH x AS (... RETURNING member_id)
 * SELECT ..." below: *n rows changed, *ids their member ids (an array
 * literal in the arena).
 */
static int
changed(long long *n, const char **ids, struct db_conn *c, struct arena *a,
    const char *sql, int np, const char *const *p, struct err *err)
{
	PGresult	*res = db_exec_params(c, sql, np, p, err);

	if (res == NULL)
		return -1;
	*n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	*ids = db_col(a, res, 0, 1);
	PQclear(res);
	return 0;
}

#define CHANGED_IDS \
	" RETURNING member_id) SELECT count(*), " \
	"coalesce(array_agg(member_id ORDER BY member_id), '{}')::text FROM x"

static int
apply_add(long long *added, const char **ids_out, struct db_conn *c,
    struct arena *a, const char *org_id, const char *group_id,
    const struct group_delta *d, struct err *err)
{
	const char	**ids = arena_alloc(a, d->nadd * sizeof(*ids));
	const char	**disp = arena_alloc(a, d->nadd * sizeof(*disp));
	const char	 *p[4];
	size_t		  i, n = 0;

	*added = 0;
	*ids_out = "{}";
	for (i = 0; i < d->nadd; i++) {
		if (!db_uuid_valid(d->add[i].id))
			continue;
		ids[n] = d->add[i].id;
		disp[n] = d->add[i].display;
		n++;
	}
	if (n == 0)
		return 0;
	p[0] = group_id;
	p[1] = db_array_literal(a, ids, n);
	p[2] = db_array_literal(a, disp, n);
	p[3] = org_id;
	return changed(added, ids_out, c, a, "WITH x AS (INSERT INTO "
	    "group_members (group_id, member_id, org_id, display) "
	    "SELECT $1, m.id, m.org_id, d.display "
	    "FROM unnest($2::uuid[], $3::text[]) AS d(id, display) "
	    "JOIN members m ON m.id = d.id AND m.org_id = $4 AND m.deleted_at IS NULL "
	    "ON CONFLICT (group_id, member_id) DO NOTHING" CHANGED_IDS, 4, p,
	    err);
}

/*
 * A replacement deletes every membership and inserts the new list; what
 * changed for the events is the difference of the two sets.
 */
static int
net_change(struct db_group_applied *x, struct db_conn *c, struct arena *a,
    const char *cleared, struct err *err)
{
	const char	*p[2] = { cleared, x->added_ids };
	PGresult	*res;

	res = db_exec_params(c, "SELECT array(SELECT unnest($1::uuid[]) EXCEPT "
	    "SELECT unnest($2::uuid[]) ORDER BY 1)::text, array(SELECT "
	    "unnest($2::uuid[]) EXCEPT SELECT unnest($1::uuid[]) ORDER BY 1)::text",
	    2, p, err);
	if (res == NULL)
		return -1;
	x->removed_ids = db_col(a, res, 0, 0);
	x->added_ids = db_col(a, res, 0, 1);
	PQclear(res);
	return 0;
}

int
db_group_apply(struct db_group_applied *x, struct db_conn *c,
    struct arena *a, const char *org_id, const char *group_id,
    const struct group_delta *d, struct err *err)
{
	const char	*p[2] = { group_id, NULL }, *cleared = "{}";
	long long	 n;
	size_t		 nids;

	memset(x, 0, sizeof(*x));
	x->removed_ids = "{}";
	if (d->clear && changed(&x->removed, &cleared, c, a, "WITH x AS ("
	    "DELETE FROM group_members WHERE group_id = $1" CHANGED_IDS, 1, p,
	    err) == -1)
		return -1;
	if (d->nremove > 0) {
		p[1] = uuid_array(a, d->remove, d->nremove, &nids);
		if (nids > 0) {
			if (changed(&n, &x->removed_ids, c, a, "WITH x AS ("
			    "DELETE FROM group_members WHERE group_id = $1 AND "
			    "member_id = ANY($2::uuid[])" CHANGED_IDS, 2, p,
			    err) == -1)
				return -1;
			x->removed += n;
		}
	}
	if (apply_add(&x->added, &x->added_ids, c, a, org_id, group_id, d,
	    err) == -1)
		return -1;
	return d->clear ? net_change(x, c, a, cleared, err) : 0;
}

/* Where list rows go: the arena array and how many it holds. */
struct list_out {
	struct arena		*a;
	struct group_row	*rows;
	size_t			 n;
};

static void
list_row(void *arg, const PGresult *res, int i)
{
	struct list_out	*o = arg;

	decode(&o->rows[o->n++], o->a, res, i);
}

/* As db_member_list: OFFSET for index paging, keyset for cursors. */
int
db_group_list(struct group_row **rows, size_t *n, long long *total,
    struct db_conn *c, struct arena *a, const char *org_id,
    const struct group_query *q, struct err *err)
{
	struct list_out	o = { .a = a };
	struct db_list	l = {
		.rt = &schema_rtype_group, .cols = GROUP_COLS,
		.table = "groups g",
		.from = " FROM groups g WHERE g.org_id = ",
		.filter = q->filter, .sort_by = q->sort_by,
		.descending = q->descending, .offset = q->offset,
		.limit = q->limit, .cursor = q->cursor,
		.row = list_row, .arg = &o,
	};

	o.rows = arena_alloc(a, (size_t)(q->limit > 0 ? q->limit : 1) *
	    sizeof(*o.rows));
	if (db_list_run(total, c, a, org_id, &l, err) == -1)
		return -1;
	*rows = o.rows;
	*n = o.n;
	return q->with_members ? load_members(*rows, *n, c, a, err) : 0;
}
