/* SPDX-License-Identifier: MIT */
/*
 * storage/member.c
 *
 * Queries on members and people. The row layout is db_member_cols
 * (storage/stmt.c); db_member_decode() below follows it.
 */
#include "storage/member.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/base/schema.h"
#include "storage/conn_int.h"
#include "storage/list_int.h"
#include "storage/member_int.h"
#include "storage/stmt_int.h"

int
db_uuid_valid(const char *s)
{
	int	i;

	if (s == NULL)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	return s[36] == '\0';
}

/* The columns db_member_decode reads; a statement's own come after. */
#define DB_MEMBER_NCOLS	15

void
db_member_decode(struct member_row *m, struct arena *a, const PGresult *res,
    int row)
{
	m->id = db_col(a, res, row, 0);
	m->org_id = db_col(a, res, row, 1);
	m->person_id = db_col(a, res, row, 2);
	m->user_name = db_col(a, res, row, 3);
	m->external_id = db_col(a, res, row, 4);
	m->active = PQgetvalue(res, row, 5)[0] == 't';
	m->role = db_col(a, res, row, 6);
	m->managed = PQgetvalue(res, row, 7)[0] == 't';
	m->resource = db_col(a, res, row, 8);
	m->version = strtoll(PQgetvalue(res, row, 9), NULL, 10);
	m->created = db_col(a, res, row, 10);
	m->updated = db_col(a, res, row, 11);
	m->email = db_col(a, res, row, 12);
	m->display_name = db_col(a, res, row, 13);
	m->group_role = db_col(a, res, row, 14);
}

/* One row expected; 404 when there is none. */
static int
one_row(struct member_row *out, struct arena *a, PGresult *res,
    struct err *err)
{
	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return err_set(err, 404, ST_NONE, "resource not found");
	}
	db_member_decode(out, a, res, 0);
	PQclear(res);
	return 0;
}

int
db_member_get(struct member_row *out, struct db_conn *c, struct arena *a,
    const char *org_id, const char *id, int for_update, struct err *err)
{
	const char	*p[2] = { org_id, id };

	if (!db_uuid_valid(id))
		return err_set(err, 404, ST_NONE, "resource not found");
	return one_row(out, a, db_exec_stmt(c, for_update ?
	    STMT_MEMBER_GET_LOCK : STMT_MEMBER_GET, 2, p, err), err);
}

static int
uniqueness(struct err *err, const char *user_name)
{
	if (err->status == 409 && err->type == ST_UNIQUENESS)
		err_set(err, 409, ST_UNIQUENESS,
		    "userName \"%s\" is already taken in this organization",
		    user_name);
	return -1;
}

static void
insert_params(const char *p[11], struct arena *a, const char *org_id,
    const char *p1, const struct db_member_write *w)
{
	p[0] = org_id;
	p[1] = p1;
	p[2] = w->user_name;
	p[3] = w->external_id;
	p[4] = w->display_name;
	p[5] = db_array_literal(a, w->emails, w->nemails);
	p[6] = w->active ? "true" : "false";
	p[7] = w->role ? w->role : "member";
	p[8] = w->resource;
	p[9] = w->managed ? "true" : "false";
	p[10] = w->email;
}

int
db_member_insert(struct member_row *out, struct db_conn *c, struct arena *a,
    const char *org_id, const struct db_member_write *w, struct err *err)
{
	const char	*p[11];

	insert_params(p, a, org_id, w->person_id, w);
	if (one_row(out, a, db_exec_stmt(c, STMT_MEMBER_INSERT, 11, p, err),
	    err) == -1)
		return uniqueness(err, w->user_name);
	return 0;
}

int
db_member_insert_person(struct member_row *out, int *invited,
    struct db_conn *c, struct arena *a, const char *org_id,
    const char *person_email, const struct db_member_write *w,
    struct err *err)
{
	const char	*p[11];
	PGresult	*res;

	insert_params(p, a, org_id, person_email, w);
	res = db_exec_stmt(c, STMT_MEMBER_INSERT_PERSON, 11, p, err);
	*invited = res != NULL && PQntuples(res) == 1 &&
	    PQgetvalue(res, 0, DB_MEMBER_NCOLS)[0] == 't';
	if (one_row(out, a, res, err) == -1)
		return uniqueness(err, w->user_name);
	return 0;
}

int
db_member_update(struct member_row *out, struct db_conn *c, struct arena *a,
    const char *org_id, const char *id, const struct db_member_write *w,
    struct err *err)
{
	const char	*p[10];

	p[0] = org_id;
	p[1] = id;
	p[2] = w->user_name;
	p[3] = w->external_id;
	p[4] = w->display_name;
	p[5] = db_array_literal(a, w->emails, w->nemails);
	p[6] = w->active ? "true" : "false";
	p[7] = w->resource;
	p[8] = w->role;
	p[9] = w->email;
	if (one_row(out, a, db_exec_stmt(c, STMT_MEMBER_UPDATE, 10, p, err),
	    err) == -1)
		return uniqueness(err, w->user_name);
	return 0;
}

int
db_member_soft_delete(struct member_row *out, struct db_conn *c,
    struct arena *a, const char *org_id, const char *id, struct err *err)
{
	const char	*p[2] = { org_id, id };

	return one_row(out, a, db_exec_stmt(c, STMT_MEMBER_SOFT_DELETE, 2, p,
	    err), err);
}

/* Where list rows go: the arena array and how many it holds. */
struct list_out {
	struct arena		*a;
	struct member_row	*rows;
	size_t			 n;
};

static void
list_row(void *arg, const PGresult *res, int i)
{
	struct list_out	*o = arg;

	db_member_decode(&o->rows[o->n++], o->a, res, i);
}

/*
 * Index paging: OFFSET over the total order (sort key, created_at, id),
 * stable while nothing changes. Cursor paging: db_cursor_page, keyset.
 */
int
db_member_list(struct member_row **rows, size_t *n, long long *total,
    struct db_conn *c, struct arena *a, const char *org_id,
    const struct member_query *q, struct err *err)
{
	struct list_out	o = { .a = a };
	struct db_list	l = {
		.rt = &schema_rtype_user, .cols = db_member_cols,
		.table = "members m",
		.from = " FROM members m WHERE m.org_id = ",
		.live = " AND m.deleted_at IS NULL",
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
	return 0;
}

int
db_person_upsert(const char **person_id, struct db_conn *c, struct arena *a,
    const char *email, struct err *err)
{
	const char	*p[1] = { email };
	PGresult	*res;

	res = db_exec_stmt(c, STMT_PERSON_UPSERT, 1, p, err);
	if (res == NULL)
		return -1;
	*person_id = db_col(a, res, 0, 0);
	PQclear(res);
	return 0;
}

/*
 * What a provision is judged by, in one statement rather than three: the
 * policy read of db_org_policy_read and db_domain_status of each domain.
 */
int
db_provision_policy(struct db_provision_policy *out, struct db_conn *c,
    const char *org_id, const char *domain0, const char *domain1,
    struct err *err)
{
	const char	*p[3] = { org_id, domain0, domain1 };
	PGresult	*res;

	res = db_exec_params(c, "SELECT o.allow_outside_members, "
	    "COALESCE(o.seat_limit, -1), "
	    "EXISTS (SELECT 1 FROM org_domains d WHERE d.org_id = o.id "
	    "AND d.domain = lower($2) AND d.verified), "
	    "EXISTS (SELECT 1 FROM org_domains d WHERE d.org_id = o.id "
	    "AND d.domain = lower($3) AND d.verified) "
	    "FROM orgs o WHERE o.id = $1", 3, p, err);
	if (res == NULL)
		return -1;
	if (PQntuples(res) != 1) {
		PQclear(res);
		return err_set(err, 404, ST_NONE, "organization not found");
	}
	out->allow_outside_members = PQgetvalue(res, 0, 0)[0] == 't';
	out->seat_limit = (int)strtol(PQgetvalue(res, 0, 1), NULL, 10);
	out->verified[0] = PQgetvalue(res, 0, 2)[0] == 't';
	out->verified[1] = PQgetvalue(res, 0, 3)[0] == 't';
	PQclear(res);
	return 0;
}

static int
count_cmd(long long *count, struct db_conn *c, enum db_stmt s,
    const char *member_id, struct err *err)
{
	const char	*p[1] = { member_id };
	PGresult	*res = db_exec_stmt(c, s, 1, p, err);

	if (res == NULL)
		return -1;
	*count = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

int
db_sessions_revoke(long long *count, struct db_conn *c, const char *member_id,
    struct err *err)
{
	return count_cmd(count, c, STMT_SESSIONS_REVOKE, member_id, err);
}

int
db_group_memberships_revoke(long long *count, struct db_conn *c,
    const char *member_id, struct err *err)
{
	return count_cmd(count, c, STMT_GROUPS_LEAVE, member_id, err);
}

int
db_member_groups_touch(struct db_conn *c, const char *member_id,
    struct err *err)
{
	long long	n;

	return count_cmd(&n, c, STMT_GROUPS_TOUCH, member_id, err);
}
