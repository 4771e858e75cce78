/* SPDX-License-Identifier: MIT */
/*
 * domain/audit.c
 *
 * Audit events. The detail is a flat JSON object built here with escaped
 * keys and values, so domain/ needs no JSON library.
 */
#include "domain/audit.h"

#include <stdio.h>
#include <string.h>

#include "domain/base/log.h"
#include "domain/base/utf8.h"
#include "domain/outbox.h"
#include "domain/base/stats.h"
#include "storage/db.h"

void
dom_audit_init(struct dom_audit *e, const struct dom_actor *actor,
    const char *action)
{
	memset(e, 0, sizeof(*e));
	e->ev.action = action;
	if (actor != NULL) {
		e->ev.org_id = actor->org_id;
		e->ev.actor_token_id = actor->token_id;
		e->ev.actor_member_id = actor->token_admin;
	}
	e->detail[0] = '{';
	e->len = 1;
}

void
dom_audit_org(struct dom_audit *e, const char *org_id)
{
	e->ev.org_id = org_id;
}

void
dom_audit_target(struct dom_audit *e, const struct member_row *m,
    const char *email)
{
	e->ev.target_member_id = m->id;
	e->ev.person_id = m->person_id;
	e->ev.target_user_name = m->user_name;
	e->ev.target_email = email ? email : m->email;
}

/* Appends `"key":` with a separating comma; leaves room for the end. */
static int
key(struct dom_audit *e, const char *k)
{
	if (e->len + strlen(k) + 8 >= sizeof(e->detail) - 2)
		return -1;
	if (e->len > 1)
		e->detail[e->len++] = ',';
	e->detail[e->len++] = '"';
	log_json_escape(e->detail, sizeof(e->detail) - 4, &e->len, k);
	e->detail[e->len++] = '"';
	e->detail[e->len++] = ':';
	e->detail[e->len] = '\0';
	return 0;
}

void
dom_audit_add_str(struct dom_audit *e, const char *k, const char *v)
{
	if (v == NULL || key(e, k) == -1)
		return;
	e->detail[e->len++] = '"';
	log_json_escape(e->detail, sizeof(e->detail) - 3, &e->len, v);
	e->detail[e->len++] = '"';
	e->detail[e->len] = '\0';
}

void
dom_audit_add_int(struct dom_audit *e, const char *k, long long v)
{
	if (key(e, k) == -1)
		return;
	e->len += (size_t)snprintf(e->detail + e->len, sizeof(e->detail) - 2 -
	    e->len, "%lld", v);
}

void
dom_audit_add_bool(struct dom_audit *e, const char *k, int v)
{
	if (key(e, k) == -1)
		return;
	e->len += (size_t)snprintf(e->detail + e->len, sizeof(e->detail) - 2 -
	    e->len, "%s", v ? "true" : "false");
}

/*
 * The userName and email of a refused request are the request's bytes:
 * PostgreSQL refuses a row that is not UTF-8, and the refusal would go
 * unrecorded. Returns s, or its repaired copy in buf.
 */
static const char *
scrub(char *buf, size_t cap, const char *s)
{
	if (s == NULL || utf8_valid(s))
		return s;
	utf8_scrub(buf, cap, s);
	return buf;
}

int
dom_audit_write(struct db_conn *c, struct dom_audit *e, struct err *err)
{
	e->ev.target_user_name = scrub(e->scrubbed[0], sizeof(e->scrubbed[0]),
	    e->ev.target_user_name);
	e->ev.target_email = scrub(e->scrubbed[1], sizeof(e->scrubbed[1]),
	    e->ev.target_email);
	e->detail[e->len] = '}';
	e->detail[e->len + 1] = '\0';
	e->ev.detail = e->detail;
	/* The event goes with the audit row: same statement, same fate. */
	if (dom_outbox_audit(c, e, err) == -1)
		return -1;
	/* Counted if the transaction commits: a refusal may roll it back. */
	stats_tx_add(STAT_AUDIT_WRITTEN, 1);
	return 0;
}

struct refusal_arg {
	struct dom_audit	*e;
};

static int
refusal_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct refusal_arg	*r = arg;

	return dom_audit_write(c, r->e, err);
}

/* Writes a guard.refused event prepared by the callers below. */
static void
refusal_write(struct db_conn *c, struct dom_audit *e, const char *attempted,
    const struct err *why)
{
	struct refusal_arg	r = { e };
	struct err		err = { 0 };
	char			status[8];

	snprintf(status, sizeof(status), "%d", why->status);
	dom_audit_add_str(e, "attempted", attempted);
	dom_audit_add_str(e, "status", status);
	dom_audit_add_str(e, "reason", why->detail);
	if (db_tx_run(c, 0, refusal_tx, &r, &err) == -1)
		log_error("could not record a refusal in the audit trail: %s",
		    err.detail);
}

void
dom_audit_refusal(struct db_conn *c, const struct dom_actor *actor,
    const struct member_row *target, const char *user_name,
    const char *attempted, const struct err *why)
{
	struct dom_audit	e;

	dom_audit_init(&e, actor, "guard.refused");
	if (target != NULL)
		dom_audit_target(&e, target, NULL);
	else
		e.ev.target_user_name = user_name;
	refusal_write(c, &e, attempted, why);
}

void
dom_audit_group_refusal(struct db_conn *c, const struct dom_actor *actor,
    const char *group_id, const char *display_name, const char *attempted,
    const struct err *why)
{
	struct dom_audit	e;

	dom_audit_init(&e, actor, "guard.refused");
	dom_audit_add_str(&e, "target_group_id", group_id);
	dom_audit_add_str(&e, "target_display_name", display_name);
	refusal_write(c, &e, attempted, why);
}
