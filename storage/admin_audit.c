/* SPDX-License-Identifier: MIT */
/*
 * storage/admin_audit.c
 *
 * The audit listing of the operator API and command line. Rows come back
 * as plain values; rendering them (JSON lines) is the caller's job.
 */
#include "storage/admin_audit.h"

#include <stdio.h>
#include <stdlib.h>

#include "storage/conn_int.h"
#include "storage/rows_int.h"

static void
decode(void *row, struct arena *a, const PGresult *res, int i)
{
	struct audit_row	*r = row;

	r->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
	r->at = db_col(a, res, i, 1);
	r->action = db_col(a, res, i, 2);
	r->actor_token_id = db_col(a, res, i, 3);
	r->actor_member_id = db_col(a, res, i, 4);
	r->target_member_id = db_col(a, res, i, 5);
	r->person_id = db_col(a, res, i, 6);
	r->target_user_name = db_col(a, res, i, 7);
	r->target_email = db_col(a, res, i, 8);
	r->detail = db_col(a, res, i, 9);
}

int
db_audit_list(struct audit_row **rows, size_t *n, struct db_conn *c,
    struct arena *a, const char *org_id, const struct audit_query *q,
    struct err *err)
{
	const char	*p[6];
	char		 lim[24];

	snprintf(lim, sizeof(lim), "%lld", q->limit);
	p[0] = org_id;
	p[1] = q->target;
	p[2] = q->action;
	p[3] = q->since;
	p[4] = q->until;
	p[5] = lim;
	*rows = db_rows_decode(n, db_exec_params(c, "SELECT id, "
	    "to_char(at AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), action, actor_token_id, "
	    "actor_member_id, target_member_id, person_id, target_user_name, "
	    "target_email, detail::text FROM audit_events WHERE org_id = $1 "
	    "AND ($2::text IS NULL OR target_member_id::text = $2 OR "
	    "scimd_fold(target_user_name) = scimd_fold($2) OR target_member_id IN "
	    "(SELECT id FROM members WHERE org_id = $1 AND "
	    "scimd_fold(user_name) = scimd_fold($2))) "
	    "AND ($3::text IS NULL OR action = $3) "
	    "AND ($4::timestamptz IS NULL OR at >= $4::timestamptz) "
	    "AND ($5::timestamptz IS NULL OR at < $5::timestamptz) "
	    "ORDER BY at, id LIMIT $6::bigint", 6, p, err), a, sizeof(**rows),
	    decode);
	return *rows != NULL ? 0 : -1;
}
