/* SPDX-License-Identifier: MIT */
/*
 * domain/invite_link.c
 *
 * The operator's side of open invite links: create (with a domain
 * restriction, usage limit and expiry, each optional), list with their
 * usage, revoke. Revoking a link removes nobody who joined through it.
 */
#include "domain/invite_int.h"

#include <ctype.h>
#include <string.h>

#include "domain/admin_int.h"
#include "domain/audit.h"
#include "domain/base/datetime.h"
#include "storage/admin.h"
#include "storage/db.h"
#include "storage/invite.h"
#include "storage/member.h"

/* A domain name as org domains are: lower-case letters, digits, '-', '.'. */
static int
domain_valid(const char *d, struct err *err)
{
	const char	*p;

	for (p = d; *p != '\0'; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
		    *p == '-' || *p == '.'))
			break;
	if (*d == '\0' || *p != '\0' || strchr(d, '.') == NULL ||
	    p - d > 253)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "invalid domain \"%.64s\" (lower-case, e.g. example.com)", d);
	return 0;
}

static int
check_new(const struct dom_link_new *in, struct err *err)
{
	struct dt_time	t;
	size_t		i;

	if (in->role != NULL && dom_invite_role_valid(in->role, err) == -1)
		return -1;
	if (in->ndomains > DOM_INVITE_MAX_DOMAINS)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "a link takes at most %d domains", DOM_INVITE_MAX_DOMAINS);
	for (i = 0; i < in->ndomains; i++)
		if (domain_valid(in->domains[i], err) == -1)
			return -1;
	if (in->max_uses == 0 || in->max_uses < -1)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "the usage limit must be at least 1");
	if (in->expires_at != NULL && dt_parse(&t, in->expires_at) == -1)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"%.64s\" is not an RFC 3339 date-time", in->expires_at);
	return 0;
}

struct create_arg {
	struct dom_link_issued		*out;
	struct arena			*a;
	const char			*org_id;
	const struct dom_link_new	*in;
	const char			*accept_base;
};

static int
create_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct create_arg	*x = arg;
	struct db_org_policy	 pol;
	struct db_link_write	 w;
	struct dom_invite_token	 t;
	struct member_row	 creator;
	struct dom_audit	 e;

	memset(&w, 0, sizeof(w));
	if (dom_admin_lock(&pol, c, x->org_id, err) == -1)
		return -1;
	if (x->in->creator != NULL) {
		if (dom_admin_member(&creator, c, x->a, x->org_id,
		    x->in->creator, err) == -1)
			return -1;
		w.created_by = creator.id;
	}
	if (dom_invite_token_new(&t, x->a, DOM_LINK_PREFIX, err) == -1)
		return -1;
	w.role = x->in->role != NULL ? x->in->role : "member";
	w.domains = x->in->domains;
	w.ndomains = x->in->ndomains;
	w.max_uses = x->in->max_uses;
	w.expires_at = x->in->expires_at;
	w.selector = t.selector;
	w.hash_hex = t.hash;
	if (db_link_insert(&x->out->row, c, x->a, x->org_id, &w, err) == -1)
		return -1;
	if (x->out->row.expired)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "the expiry %.64s is not in the future", x->in->expires_at);
	x->out->token = t.token;
	x->out->accept_url = dom_invite_accept_url(x->a, x->accept_base,
	    t.token);
	dom_admin_event(&e, x->org_id, "invite_link.created");
	dom_audit_add_str(&e, "invite_link_id", x->out->row.id);
	dom_audit_add_str(&e, "role", w.role);
	if (w.max_uses >= 0)
		dom_audit_add_int(&e, "max_uses", w.max_uses);
	if (w.created_by != NULL)
		dom_audit_add_str(&e, "created_by", w.created_by);
	dom_audit_add_str(&e, "accept_url",
	    dom_invite_accept_url(x->a, x->accept_base, "…"));
	return dom_audit_write(c, &e, err);
}

int
dom_invite_link_create(struct dom_link_issued *out, struct db_conn *c,
    struct arena *a, const char *org_id, const struct dom_link_new *in,
    const char *accept_base, struct err *err)
{
	struct create_arg	x = { out, a, org_id, in, accept_base };

	memset(out, 0, sizeof(*out));
	if (check_new(in, err) == -1)
		return -1;
	return db_tx_run(c, 0, create_tx, &x, err);
}

int
dom_invite_link_list(struct invite_link_row **out, size_t *n,
    struct db_conn *c, struct arena *a, const char *org_id, struct err *err)
{
	const char	*name;

	if (!db_uuid_valid(org_id))
		return err_set(err, 404, ST_NONE, "organization not found");
	if (db_org_name(&name, c, a, org_id, err) == -1)
		return -1;
	return db_link_list(out, n, c, a, org_id, err);
}

struct revoke_arg {
	const char	*org_id;
	const char	*id;
};

static int
revoke_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct revoke_arg	*x = arg;
	struct dom_audit	 e;
	int			 changed;

	if (db_link_revoke(&changed, c, x->org_id, x->id, "revoked", err) == -1)
		return -1;
	/* Revoking twice is the same as once: no second event. */
	if (!changed)
		return 0;
	dom_admin_event(&e, x->org_id, "invite_link.revoked");
	dom_audit_add_str(&e, "invite_link_id", x->id);
	dom_audit_add_str(&e, "reason", "revoked");
	return dom_audit_write(c, &e, err);
}

int
dom_invite_link_revoke(struct db_conn *c, struct arena *a, const char *org_id,
    const char *id, struct err *err)
{
	struct revoke_arg	x = { org_id, id };

	(void)a;
	if (!db_uuid_valid(org_id))
		return err_set(err, 404, ST_NONE, "organization not found");
	return db_tx_run(c, 0, revoke_tx, &x, err);
}
