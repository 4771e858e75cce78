/* SPDX-License-Identifier: MIT */
/*
 * storage/webhook_delivery.c
 *
 * The SQL of webhook deliveries: claiming due ones under a lease
 * (storage/migrations/0010_webhooks.sql says why a lease), recording each
 * attempt, replays and the listing. Endpoints are in storage/webhook.c.
 */
#include "storage/webhook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage/conn_int.h"
#include "storage/outbox_int.h"
#include "storage/rows_int.h"

#define TS(col) "to_char(" col " AT TIME ZONE 'UTC', " \
	"'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

/*
 * The endpoints with something due, locked for this claim; those another
 * instance is claiming for are skipped.
 */
static const char claim_lock_sql[] =
    "SELECT w.id FROM webhook_endpoints w WHERE w.removed_at IS NULL "
    "AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = "
    "w.id AND d.state = 'pending' AND d.next_at <= now()) "
    "LIMIT $1::int FOR UPDATE SKIP LOCKED";

/*
 * Then, in a statement of its own, so that its snapshot holds every lease
 * an earlier holder of these locks committed (read in the locking
 * statement's snapshot, two instances could each count the other's fresh
 * leases as free slots): per locked endpoint, the oldest due deliveries
 * whose subject has no earlier pending one, up to its free in-flight
 * slots, leased. The event document is the feed's (storage/outbox_int.h).
 * The head of a subject is found by a subquery per row, one probe of
 * webhook_deliveries_order each: as an anti-join, the planner, misled by
 * statistics a fast-filling table outruns, could compare every pending
 * row with every other.
 */
static const char claim_sql[] =
    "WITH ep AS (SELECT w.id, w.url, w.insecure_http, w.secret, "
    "CASE WHEN w.previous_until > now() THEN w.previous_secret END AS prev, "
    "$1::int - (SELECT count(*) FROM webhook_deliveries f WHERE "
    "f.endpoint_id = w.id AND f.state = 'pending' AND f.lease_until > "
    "now()) AS slots FROM webhook_endpoints w WHERE w.id = ANY "
    "($4::uuid[])), "
    "due AS (SELECT x.id FROM ep CROSS JOIN LATERAL (SELECT d.id FROM "
    "webhook_deliveries d WHERE d.endpoint_id = ep.id AND d.state = "
    "'pending' AND d.next_at <= now() AND (d.lease_until IS NULL OR "
    "d.lease_until <= now()) AND d.id = (SELECT e.id FROM "
    "webhook_deliveries e WHERE e.endpoint_id = d.endpoint_id AND "
    "e.subject = d.subject AND e.state = 'pending' ORDER BY e.id LIMIT 1) "
    "ORDER BY d.id LIMIT greatest(ep.slots, 0) FOR UPDATE SKIP LOCKED) x "
    "LIMIT $3::int), "
    "leased AS (UPDATE webhook_deliveries d SET lease_until = now() + "
    "make_interval(secs => $2::int), attempts = d.attempts + 1 FROM due "
    "WHERE d.id = due.id RETURNING d.id, d.endpoint_id, d.attempts, "
    "d.event_id, d.created_at) "
    "SELECT l.id, l.endpoint_id, l.attempts, ep.url, ep.insecure_http, "
    "ep.secret, ep.prev, " EVENT_ID("o.") ", " EVENT_DOC("o.") ", "
    "extract(epoch FROM now() - l.created_at)::bigint "
    "FROM leased l JOIN ep ON ep.id = l.endpoint_id JOIN outbox_events o "
    "ON o.id = l.event_id ORDER BY l.id";

static void
job_decode(void *row, struct arena *a, const PGresult *res, int i)
{
	struct webhook_job	*j = row;

	j->delivery_id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
	j->endpoint_id = db_col(a, res, i, 1);
	j->attempt = atoi(PQgetvalue(res, i, 2));
	j->url = db_col(a, res, i, 3);
	j->insecure_http = strcmp(PQgetvalue(res, i, 4), "t") == 0;
	j->secret = db_col(a, res, i, 5);
	j->previous_secret = db_col(a, res, i, 6);
	j->msg_id = db_col(a, res, i, 7);
	j->body = db_col(a, res, i, 8);
	j->age_s = strtoll(PQgetvalue(res, i, 9), NULL, 10);
}

struct claim {
	struct webhook_job	**jobs;
	size_t			 *n;
	struct arena		 *a;
	const char		 *p[4];	/* $1..$4 of claim_sql */
};

static int
claim_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct claim	*cl = arg;
	const char	**ids;
	size_t		  n = 0;

	ids = db_rows_decode(&n, db_exec_params(c, claim_lock_sql, 1,
	    &cl->p[2], err), cl->a, sizeof(*ids), db_row_text);
	if (ids == NULL)
		return -1;
	*cl->n = 0;
	*cl->jobs = arena_alloc(cl->a, sizeof(**cl->jobs));
	if (n == 0)
		return 0;
	cl->p[3] = db_array_literal(cl->a, ids, n);
	*cl->jobs = db_rows_decode(cl->n, db_exec_params(c, claim_sql, 4, cl->p,
	    err), cl->a, sizeof(**cl->jobs), job_decode);
	return *cl->jobs != NULL ? 0 : -1;
}

int
db_webhook_claim(struct webhook_job **jobs, size_t *n, struct db_conn *c,
    struct arena *a, int max_inflight, int lease_s, int limit,
    struct err *err)
{
	struct claim	cl = { jobs, n, a, { NULL } };

	cl.p[0] = arena_printf(a, "%d", max_inflight);
	cl.p[1] = arena_printf(a, "%d", lease_s);
	cl.p[2] = arena_printf(a, "%d", limit);
	return db_tx_run(c, 0, claim_tx, &cl, err);
}

/*
 * The attempts arrive as parallel arrays, numbered in the order they
 * finished (ord), so an endpoint's count of failures in a row is the
 * failures after its last success in the batch, or its old count plus
 * them when the batch has none. An endpoint whose count stays 0 is not
 * written: most batches change nothing there. Every attempt is logged,
 * but a failure whose lease ran out and was claimed again elsewhere
 * leaves the delivery to that claim, and one that ends after another
 * claim delivered it leaves it delivered; a success delivers it whatever.
 */
static const char done_sql[] =
    "WITH r AS (SELECT * FROM unnest($1::bigint[], $2::int[], $3::int[], "
    "$4::int[], $5::text[], $6::boolean[], $7::bigint[]) WITH ORDINALITY "
    "AS r(id, attempt, status, latency, excerpt, ok, retry_ms, ord)), "
    "att AS (INSERT INTO webhook_attempts (delivery_id, attempt, status, "
    "latency_ms, excerpt) SELECT id, attempt, status, latency, excerpt "
    "FROM r), "
    "del AS (UPDATE webhook_deliveries d SET lease_until = NULL, "
    "state = CASE WHEN r.ok THEN 'delivered' WHEN now() - d.created_at > "
    "make_interval(secs => $8::bigint) THEN 'expired' ELSE 'pending' END, "
    "delivered_at = CASE WHEN r.ok THEN now() END, next_at = CASE WHEN "
    "r.ok THEN d.next_at ELSE now() + make_interval(secs => r.retry_ms / "
    "1000.0) END FROM r WHERE d.id = r.id AND (r.ok OR (d.attempts = "
    "r.attempt AND d.state = 'pending')) RETURNING d.endpoint_id, r.ok, "
    "r.ord), "
    "last_ok AS (SELECT endpoint_id, max(ord) FILTER (WHERE ok) AS k FROM "
    "del GROUP BY endpoint_id), "
    "ep AS (SELECT l.endpoint_id, l.k IS NOT NULL AS any_ok, count(*) "
    "FILTER (WHERE NOT d.ok AND d.ord > coalesce(l.k, 0)) AS fails FROM "
    "del d JOIN last_ok l USING (endpoint_id) GROUP BY l.endpoint_id, l.k), "
    "cnt AS (SELECT ep.endpoint_id, ep.any_ok, CASE WHEN ep.any_ok THEN "
    "ep.fails ELSE w.consecutive_failures + ep.fails END AS n FROM ep "
    "JOIN webhook_endpoints w ON w.id = ep.endpoint_id) "
    "UPDATE webhook_endpoints w SET consecutive_failures = cnt.n, "
    "failing_since = CASE WHEN cnt.n >= $9::int THEN CASE WHEN cnt.any_ok "
    "THEN now() ELSE coalesce(w.failing_since, now()) END WHEN cnt.any_ok "
    "THEN NULL ELSE w.failing_since END FROM cnt WHERE w.id = "
    "cnt.endpoint_id AND NOT (cnt.n = 0 AND w.consecutive_failures = 0 "
    "AND w.failing_since IS NULL)";

int
db_webhook_done(struct db_conn *c, struct arena *a,
    const struct db_webhook_result *r, size_t n, long max_age_s,
    int fail_threshold, struct err *err)
{
	const char	**col[7], *p[9];
	size_t		 i, k;
	PGresult	*res;

	if (n == 0)
		return 0;
	for (k = 0; k < 7; k++)
		col[k] = arena_alloc(a, n * sizeof(*col[k]));
	for (i = 0; i < n; i++) {
		col[0][i] = arena_printf(a, "%lld", r[i].delivery_id);
		col[1][i] = arena_printf(a, "%d", r[i].attempt);
		col[2][i] = arena_printf(a, "%d", r[i].status);
		col[3][i] = arena_printf(a, "%d", r[i].latency_ms);
		col[4][i] = r[i].excerpt != NULL ? r[i].excerpt : "";
		col[5][i] = r[i].ok ? "t" : "f";
		col[6][i] = arena_printf(a, "%ld", r[i].retry_ms);
	}
	for (k = 0; k < 7; k++)
		p[k] = db_array_literal(a, col[k], n);
	p[7] = arena_printf(a, "%ld", max_age_s);
	p[8] = arena_printf(a, "%d", fail_threshold);
	if (db_ensure(c, err) == -1)
		return -1;
	res = db_exec_params(c, done_sql, 9, p, err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

/*
 * Runs `sql` with the leases as two array parameters, $1 the delivery ids
 * and $2 their attempts, and `extra` as $3 (or none).
 */
static int
lease_exec(struct db_conn *c, const char *sql, const struct webhook_lease *l,
    size_t n, const char *extra, struct err *err)
{
	struct arena	 a = { 0 };
	const char	**id, **at, *p[3];
	PGresult	*res;
	size_t		 i;

	if (n == 0)
		return 0;
	if (db_ensure(c, err) == -1)
		return -1;
	id = arena_alloc(&a, n * sizeof(*id));
	at = arena_alloc(&a, n * sizeof(*at));
	for (i = 0; i < n; i++) {
		id[i] = arena_printf(&a, "%lld", l[i].delivery_id);
		at[i] = arena_printf(&a, "%d", l[i].attempt);
	}
	p[0] = db_array_literal(&a, id, n);
	p[1] = db_array_literal(&a, at, n);
	p[2] = extra;
	res = db_exec_params(c, sql, extra != NULL ? 3 : 2, p, err);
	arena_free(&a);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

/* The leases of the parameters, still held by the claims that made them. */
#define HELD "FROM unnest($1::bigint[], $2::int[]) AS r(id, attempt) " \
	"WHERE d.id = r.id AND d.attempts = r.attempt AND d.state = " \
	"'pending' AND d.lease_until IS NOT NULL"

int
db_webhook_renew(struct db_conn *c, const struct webhook_lease *l, size_t n,
    int lease_s, struct err *err)
{
	char	secs[16];

	snprintf(secs, sizeof(secs), "%d", lease_s);
	return lease_exec(c, "UPDATE webhook_deliveries d SET lease_until = "
	    "now() + make_interval(secs => $3::int) " HELD, l, n, secs, err);
}

int
db_webhook_release(struct db_conn *c, const struct webhook_lease *l, size_t n,
    struct err *err)
{
	return lease_exec(c, "UPDATE webhook_deliveries d SET lease_until = "
	    "NULL, attempts = d.attempts - 1 " HELD, l, n, NULL, err);
}

int
db_webhook_replay(long long *n, struct db_conn *c, const char *org_id,
    const char *endpoint_id, const char *since, struct err *err)
{
	const char	*p[3] = { org_id, endpoint_id, since };
	PGresult	*res;

	res = db_exec_params(c, "WITH w AS (SELECT id, event_types FROM "
	    "webhook_endpoints WHERE org_id = $1::uuid AND id = $2::uuid AND "
	    "removed_at IS NULL), ins AS (INSERT INTO webhook_deliveries "
	    "(endpoint_id, event_id, subject) SELECT w.id, o.id, o.subject "
	    "FROM w JOIN outbox_events o ON o.org_id = $1::uuid AND o.seq IS "
	    "NOT NULL AND o.at >= $3::timestamptz AND (w.event_types IS NULL "
	    "OR o.type = ANY (w.event_types)) ORDER BY o.seq RETURNING 1) "
	    "SELECT (SELECT count(*) FROM w), (SELECT count(*) FROM ins)", 3, p,
	    err);
	if (res == NULL)
		return -1;
	if (strcmp(PQgetvalue(res, 0, 0), "0") == 0) {
		PQclear(res);
		return err_set(err, 404, ST_NONE, "webhook endpoint not found");
	}
	*n = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
	PQclear(res);
	return 0;
}

static void
delivery_decode(void *row, struct arena *a, const PGresult *res, int i)
{
	struct webhook_delivery_row	*r = row;

	r->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
	r->event_id = db_col(a, res, i, 1);
	r->type = db_col(a, res, i, 2);
	r->seq = strtoll(PQgetvalue(res, i, 3), NULL, 10);
	r->state = db_col(a, res, i, 4);
	r->attempts = atoi(PQgetvalue(res, i, 5));
	r->created = db_col(a, res, i, 6);
	r->next_at = db_col(a, res, i, 7);
	r->delivered = db_col(a, res, i, 8);
	r->attempts_json = db_col(a, res, i, 9);
}

int
db_webhook_deliveries(struct webhook_delivery_row **rows, size_t *n,
    struct db_conn *c, struct arena *a, const char *org_id,
    const char *endpoint_id, long long limit, struct err *err)
{
	const char	*p[3];
	char		 lim[24];

	snprintf(lim, sizeof(lim), "%lld", limit);
	p[0] = org_id;
	p[1] = endpoint_id;
	p[2] = lim;
	*rows = db_rows_decode(n, db_exec_params(c, "SELECT d.id, "
	    EVENT_ID("o.") ", o.type, o.seq, d.state, d.attempts, "
	    TS("d.created_at") ", " TS("d.next_at") ", " TS("d.delivered_at")
	    ", (SELECT coalesce(jsonb_agg(jsonb_build_object('attempt', "
	    "t.attempt, 'at', " TS("t.at") ", 'status', t.status, 'latencyMs', "
	    "t.latency_ms, 'excerpt', t.excerpt) ORDER BY t.attempt, t.at), "
	    "'[]')::text FROM webhook_attempts t WHERE t.delivery_id = d.id) "
	    "FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = "
	    "d.endpoint_id JOIN outbox_events o ON o.id = d.event_id WHERE "
	    "w.org_id = $1::uuid AND w.id = $2::uuid ORDER BY d.id DESC LIMIT "
	    "$3::bigint", 3, p, err), a, sizeof(**rows), delivery_decode);
	return *rows != NULL ? 0 : -1;
}
