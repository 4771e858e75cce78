/* SPDX-License-Identifier: MIT */
/*
 * storage/webhook.c
 *
 * The SQL of webhook endpoints: registering, listing, removing, rotating
 * the secret, and the endpoints marked failing. Deliveries are in
 * storage/webhook_delivery.c.
 */
#include "storage/webhook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage/conn_int.h"
#include "storage/rows_int.h"

#define TS(col) "to_char(" col " AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* The columns read_row reads, over webhook_endpoints w. */
#define ENDPOINT_COLS \
	"w.id, w.org_id, w.url, array_to_string(w.event_types, ','), " \
	"w.insecure_http, " TS("w.created_at") ", " TS("w.removed_at") ", " \
	TS("w.failing_since") ", w.consecutive_failures, " \
	TS("CASE WHEN w.previous_until > now() THEN w.previous_until END") \
	", (SELECT count(*) FROM webhook_deliveries d WHERE d.endpoint_id = " \
	"w.id AND d.state = 'pending')"

static void
read_row(void *row, struct arena *a, const PGresult *res, int i)
{
	struct webhook_row	*r = row;

	memset(r, 0, sizeof(*r));
	r->id = db_col(a, res, i, 0);
	r->org_id = db_col(a, res, i, 1);
	r->url = db_col(a, res, i, 2);
	r->events = db_col(a, res, i, 3);
	r->insecure_http = strcmp(PQgetvalue(res, i, 4), "t") == 0;
	r->created = db_col(a, res, i, 5);
	r->removed = db_col(a, res, i, 6);
	r->failing_since = db_col(a, res, i, 7);
	r->failures = atoi(PQgetvalue(res, i, 8));
	r->previous_until = db_col(a, res, i, 9);
	r->pending = strtoll(PQgetvalue(res, i, 10), NULL, 10);
}

/* The one row of res into out, or 404 `what` when there is none. */
static int
one_row(struct webhook_row *out, struct arena *a, PGresult *res,
    const char *what, struct err *err)
{
	if (PQntuples(res) == 0) {
		PQclear(res);
		return err_set(err, 404, ST_NONE, "%s not found", what);
	}
	if (out != NULL)
		read_row(out, a, res, 0);
	PQclear(res);
	return 0;
}

int
db_webhook_insert(struct webhook_row *out, struct db_conn *c, struct arena *a,
    const char *org_id, const char *url, const char *events,
    const char *secret, int insecure_http, struct err *err)
{
	const char	*p[5] = { org_id, url, events, secret,
	    insecure_http ? "true" : "false" };
	PGresult	*res;

	res = db_exec_params(c, "WITH w AS (INSERT INTO webhook_endpoints "
	    "(org_id, url, event_types, secret, insecure_http) SELECT o.id, $2, "
	    "string_to_array($3, ','), $4, $5::boolean FROM orgs o WHERE "
	    "o.id = $1::uuid RETURNING *) "
	    "SELECT " ENDPOINT_COLS " FROM w", 5, p, err);
	if (res == NULL)
		return -1;
	return one_row(out, a, res, "organization", err);
}

int
db_webhook_list(struct webhook_row **rows, size_t *n, struct db_conn *c,
    struct arena *a, const char *org_id, struct err *err)
{
	const char	*p[1] = { org_id };

	*rows = db_rows_decode(n, db_exec_params(c, "SELECT " ENDPOINT_COLS
	    " FROM webhook_endpoints w WHERE w.org_id = $1::uuid AND "
	    "w.removed_at IS NULL ORDER BY w.created_at, w.id", 1, p, err), a,
	    sizeof(**rows), read_row);
	return *rows != NULL ? 0 : -1;
}

int
db_webhook_remove(struct db_conn *c, const char *org_id, const char *id,
    struct err *err)
{
	const char	*p[2] = { org_id, id };
	PGresult	*res;
	int		 found;

	res = db_exec_params(c, "UPDATE webhook_endpoints SET removed_at = "
	    "now() WHERE org_id = $1::uuid AND id = $2::uuid AND removed_at IS "
	    "NULL", 2, p, err);
	if (res == NULL)
		return -1;
	found = strcmp(PQcmdTuples(res), "0") != 0;
	PQclear(res);
	if (!found)
		return err_set(err, 404, ST_NONE, "webhook endpoint not found");
	return 0;
}

int
db_webhook_rotate(struct webhook_row *out, struct db_conn *c, struct arena *a,
    const char *org_id, const char *id, const char *secret, long overlap_s,
    struct err *err)
{
	const char	*p[4];
	char		 ov[24];
	PGresult	*res;

	snprintf(ov, sizeof(ov), "%ld", overlap_s);
	p[0] = org_id;
	p[1] = id;
	p[2] = secret;
	p[3] = ov;
	res = db_exec_params(c, "UPDATE webhook_endpoints w SET "
	    "previous_secret = w.secret, previous_until = now() + "
	    "make_interval(secs => $4::bigint), secret = $3 WHERE w.org_id = "
	    "$1::uuid AND w.id = $2::uuid AND w.removed_at IS NULL "
	    "RETURNING " ENDPOINT_COLS, 4, p, err);
	if (res == NULL)
		return -1;
	return one_row(out, a, res, "webhook endpoint", err);
}

static void
failing_decode(void *row, struct arena *a, const PGresult *res, int i)
{
	struct webhook_failing_row	*r = row;

	r->id = db_col(a, res, i, 0);
	r->org_id = db_col(a, res, i, 1);
	r->url = db_col(a, res, i, 2);
	r->failing_since = db_col(a, res, i, 3);
	r->failures = atoi(PQgetvalue(res, i, 4));
}

int
db_webhook_failing(struct webhook_failing_row **rows, size_t *n,
    struct db_conn *c, struct arena *a, struct err *err)
{
	*rows = db_rows_decode(n, db_exec_params(c, "SELECT id, org_id, url, "
	    TS("failing_since") ", consecutive_failures FROM webhook_endpoints "
	    "WHERE failing_since IS NOT NULL AND removed_at IS NULL ORDER BY "
	    "failing_since", 0, NULL, err), a, sizeof(**rows), failing_decode);
	return *rows != NULL ? 0 : -1;
}

int
db_webhook_gauges(long long *failing, long long *pending, struct db_conn *c,
    struct err *err)
{
	PGresult	*res;

	/* Both counts read the partial indexes on live and pending rows. */
	res = db_exec_params(c, "SELECT (SELECT count(*) FROM "
	    "webhook_endpoints WHERE failing_since IS NOT NULL AND removed_at "
	    "IS NULL), (SELECT count(*) FROM webhook_deliveries d JOIN "
	    "webhook_endpoints w ON w.id = d.endpoint_id WHERE d.state = "
	    "'pending' AND w.removed_at IS NULL)", 0, NULL, err);
	if (res == NULL)
		return -1;
	*failing = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	*pending = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
	PQclear(res);
	return 0;
}
