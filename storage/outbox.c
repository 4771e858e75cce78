/* SPDX-License-Identifier: MIT */
/*
 * storage/outbox.c
 *
 * The outbox's SQL: writing an event with the change, the sequencer that
 * orders committed events per org (storage/migrations/0007_events.sql
 * says why it exists), the feed, the notification wait and retention.
 * Not for webhook endpoints and deliveries (storage/webhook.c).
 */
#include "storage/outbox.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

#include "domain/base/log.h"
#include "storage/conn_int.h"
#include "storage/outbox_int.h"
#include "storage/rows_int.h"

/* seq, id, type and the document (storage/outbox_int.h). */
#define EVENT_COLS "seq, " EVENT_ID("") ", type, " EVENT_DOC("")

/*
 * The outbox INSERT, parameters $1..$10 as db_outbox_params sets them;
 * AUDIT is the SQL of the audit row's id. It notifies only while a
 * reader of the org waits (0009_outbox_waiters).
 */
#define OUTBOX_INSERT(AUDIT) \
	"ins AS (INSERT INTO outbox_events (org_id, type, " \
	"audit_event_id, subject, actor, data) SELECT $1::uuid, $2, " \
	AUDIT ", coalesce(t.mid::text, $4::text, ''), " \
	"jsonb_strip_nulls(jsonb_build_object('kind', CASE WHEN $7::uuid " \
	"IS NULL THEN 'operator' ELSE 'scim' END, 'tokenId', $7::uuid, " \
	"'memberId', $8::uuid)), " \
	"jsonb_strip_nulls(jsonb_build_object(" \
	"'member', (SELECT jsonb_build_object('id', m.id, 'userName', " \
	"m.user_name, 'externalId', m.external_id, 'displayName', " \
	"m.display_name, 'emails', coalesce(m.resource->'emails', " \
	"'[]'::jsonb), 'active', m.active, 'role', m.role, 'personId', " \
	"m.person_id, 'removed', m.deleted_at IS NOT NULL) " \
	"FROM members m WHERE m.id = t.mid), " \
	"'group', CASE WHEN $4::uuid IS NOT NULL THEN jsonb_build_object(" \
	"'id', $4::uuid, 'displayName', coalesce((SELECT g.display_name " \
	"FROM groups g WHERE g.id = $4::uuid), $5::text), 'externalId', " \
	"(SELECT g.external_id FROM groups g WHERE g.id = $4::uuid)) END, " \
	"'detail', coalesce($6::jsonb, '{}'::jsonb))) " \
	"FROM unnest(coalesce($9::uuid[], ARRAY[$3::uuid])) AS t(mid) " \
	"ORDER BY t.mid RETURNING 1) SELECT pg_notify('scimd_outbox', '') " \
	"FROM outbox_waiters w WHERE w.org_id = $1::uuid AND " \
	"w.until > now() LIMIT 1"

static void
outbox_params(const char **p, const struct db_outbox *e)
{
	p[0] = e->org_id;
	p[1] = e->type;
	p[2] = e->member_id;
	p[3] = e->group_id;
	p[4] = e->group_name;
	p[5] = e->detail;
	p[6] = e->actor_token_id;
	p[7] = e->actor_member_id;
	p[8] = e->member_set;
}

int
db_outbox_insert(struct db_conn *c, const struct db_outbox *e, struct err *err)
{
	const char	*p[9];
	PGresult	*res;

	outbox_params(p, e);
	res = db_exec_params(c, "WITH " OUTBOX_INSERT("NULL::bigint"), 9, p,
	    err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
db_audit_insert_event(struct db_conn *c, const struct db_audit *a,
    const struct db_outbox *e, struct err *err)
{
	const char	*p[18];
	PGresult	*res;

	outbox_params(p, e);
	p[9] = a->org_id;
	p[10] = a->action;
	p[11] = a->actor_token_id;
	p[12] = a->actor_member_id;
	p[13] = a->target_member_id;
	p[14] = a->person_id;
	p[15] = a->target_user_name;
	p[16] = a->target_email;
	p[17] = a->detail;
	/* One statement, one round trip: the audit row and its event. */
	res = db_exec_params(c, "WITH aud AS (INSERT INTO audit_events (org_id, "
	    "action, actor_token_id, actor_member_id, target_member_id, "
	    "person_id, target_user_name, target_email, detail) VALUES ($10, "
	    "$11, $12, $13, $14, $15, $16, $17, COALESCE($18::jsonb, '{}')) "
	    "RETURNING id), " OUTBOX_INSERT("(SELECT id FROM aud)"), 18, p, err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
db_outbox_erase_member(struct db_conn *c, const char *org_id,
    const char *member_id, const char *hashed_user_name, struct err *err)
{
	const char	*p[3] = { org_id, member_id, hashed_user_name };
	PGresult	*res;

	/* The subject of an event about a member is its id (OUTBOX_INSERT). */
	res = db_exec_params(c, "UPDATE outbox_events SET data = "
	    "jsonb_set(data, '{member}', (data->'member') - 'externalId' - "
	    "'displayName' || jsonb_build_object('userName', $3::text, "
	    "'emails', '[]'::jsonb)) WHERE subject = $2 AND org_id = $1::uuid "
	    "AND data->'member'->>'id' = $2", 3, p, err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

int
db_outbox_sequence(struct db_conn *c, struct err *err)
{
	PGresult	*res;

	if (db_ensure(c, err) == -1)
		return -1;
	res = db_exec_params(c, "SELECT outbox_sequence()", 0, NULL, err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return 0;
}

static void
event_decode(void *row, struct arena *a, const PGresult *res, int i)
{
	struct event_row	*r = row;

	r->seq = strtoll(PQgetvalue(res, i, 0), NULL, 10);
	r->event_id = db_col(a, res, i, 1);
	r->type = db_col(a, res, i, 2);
	r->body = db_col(a, res, i, 3);
}

int
db_outbox_list(struct event_row **rows, size_t *n, struct db_conn *c,
    struct arena *a, const char *org_id, long long after, long long limit,
    struct err *err)
{
	const char	*p[3];
	char		 aft[24], lim[24];

	snprintf(aft, sizeof(aft), "%lld", after);
	snprintf(lim, sizeof(lim), "%lld", limit);
	p[0] = org_id;
	p[1] = aft;
	p[2] = lim;
	*rows = db_rows_decode(n, db_exec_params(c, "SELECT " EVENT_COLS
	    " FROM outbox_events WHERE org_id = $1::uuid AND seq > $2::bigint "
	    "ORDER BY seq LIMIT $3::bigint", 3, p, err), a, sizeof(**rows),
	    event_decode);
	return *rows != NULL ? 0 : -1;
}

int
db_outbox_listen(struct db_conn *c, const char *org_id, int wait_ms,
    struct err *err)
{
	char		 ms[16];
	const char	*p[2] = { org_id, ms };
	PGresult	*res;

	if (db_ensure(c, err) == -1)
		return -1;
	if (org_id == NULL) {
		res = db_exec_params(c, "DELETE FROM outbox_waiters "
		    "WHERE backend_pid = pg_backend_pid()", 0, NULL, err);
		if (res == NULL)
			return -1;
		PQclear(res);
		return db_exec_simple(c, "UNLISTEN scimd_outbox", err);
	}
	/* Writers notify only while this row says someone waits. */
	snprintf(ms, sizeof(ms), "%d", wait_ms + 5000);
	res = db_exec_params(c, "INSERT INTO outbox_waiters (org_id, backend_pid, "
	    "until) VALUES ($1::uuid, pg_backend_pid(), now() + $2::int * "
	    "interval '1 millisecond') ON CONFLICT (org_id, backend_pid) DO "
	    "UPDATE SET until = EXCLUDED.until", 2, p, err);
	if (res == NULL)
		return -1;
	PQclear(res);
	return db_exec_simple(c, "LISTEN scimd_outbox", err);
}

/* Frees every queued notification; returns how many there were. */
static int
drain(PGconn *pg)
{
	PGnotify	*nt;
	int		 n = 0;

	while ((nt = PQnotifies(pg)) != NULL) {
		PQfreemem(nt);
		n++;
	}
	return n;
}

int
db_outbox_wait(struct db_conn *c, int timeout_ms, struct err *err)
{
	struct pollfd	pfd;
	int		rc;

	if (c->pg == NULL || PQconsumeInput(c->pg) == 0)
		goto broken;
	if (drain(c->pg) > 0)
		return 1;
	pfd.fd = PQsocket(c->pg);
	pfd.events = POLLIN;
	pfd.revents = 0;
	rc = poll(&pfd, 1, timeout_ms);
	if (rc == -1 && errno != EINTR)
		goto broken;
	if (rc <= 0)
		return 0;
	if (PQconsumeInput(c->pg) == 0)
		goto broken;
	return drain(c->pg) > 0;
broken:
	log_error("waiting for events: %s",
	    c->pg ? PQerrorMessage(c->pg) : "no connection");
	return err_set(err, 503, ST_NONE, "the database is unavailable");
}

int
db_outbox_prune(long long *n, struct db_conn *c, int days, struct err *err)
{
	const char	*p[1];
	char		 d[16];
	PGresult	*res;

	snprintf(d, sizeof(d), "%d", days);
	p[0] = d;
	res = db_exec_params(c, "DELETE FROM outbox_events o WHERE o.seq IS "
	    "NOT NULL AND o.at < now() - make_interval(days => $1::int) AND "
	    "NOT EXISTS (SELECT 1 FROM webhook_deliveries d JOIN "
	    "webhook_endpoints w ON w.id = d.endpoint_id WHERE d.event_id = "
	    "o.id AND d.state <> 'delivered' AND w.removed_at IS NULL)", 1, p,
	    err);
	if (res == NULL)
		return -1;
	*n = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}
