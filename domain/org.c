/* SPDX-License-Identifier: MIT */
/*
 * domain/org.c
 *
 * Org and token creation: each is one transaction with its audit event.
 */
#include "domain/org.h"

#include <stdio.h>
#include <string.h>

#include "domain/base/log.h"
#include "domain/audit.h"
#include "domain/secret.h"
#include "storage/admin.h"
#include "storage/db.h"
#include "storage/member.h"
#include "storage/org.h"

struct org_arg {
	const char		**id;
	struct arena		 *a;
	const char		 *name;
	const char *const	 *domains;
	size_t			  ndomains;
	const char		 *owner;
	int			  allow_outside;
};

static int
valid_email(const char *s)
{
	const char	*at = strchr(s, '@');

	return at != NULL && at != s && at[1] != '\0' && strchr(at + 1, '@') == NULL;
}

static int
add_owner(struct db_conn *c, struct org_arg *o, struct err *err)
{
	struct db_member_write	 w;
	struct member_row	 m;
	struct dom_audit	 e;
	const char		*person, *emails[1];
	char			 esc[512], res[1200];
	size_t			 n = 0;

	log_json_escape(esc, sizeof(esc), &n, o->owner);
	snprintf(res, sizeof(res), "{\"userName\":\"%s\",\"active\":true,"
	    "\"emails\":[{\"value\":\"%s\",\"type\":\"work\",\"primary\":true}]}",
	    esc, esc);
	if (db_person_upsert(&person, c, o->a, o->owner, err) == -1)
		return -1;
	emails[0] = o->owner;
	memset(&w, 0, sizeof(w));
	w.person_id = person;
	w.user_name = o->owner;
	w.emails = emails;
	w.nemails = 1;
	w.active = 1;
	w.role = "owner";
	w.email = o->owner;
	w.resource = res;
	if (db_member_insert(&m, c, o->a, *o->id, &w, err) == -1)
		return -1;
	/* The event goes with the audit row, as for a SCIM provision. */
	dom_audit_init(&e, NULL, "member.provisioned");
	dom_audit_org(&e, *o->id);
	dom_audit_target(&e, &m, o->owner);
	dom_audit_add_str(&e, "role", "owner");
	dom_audit_add_str(&e, "by", "operator");
	return dom_audit_write(c, &e, err);
}

static int
org_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct org_arg	*o = arg;
	size_t		 i;

	if (db_org_insert(o->id, c, o->a, o->name, o->allow_outside, err) == -1)
		return -1;
	for (i = 0; i < o->ndomains; i++)
		if (db_org_domain_add(c, *o->id, o->domains[i], 1, err) == -1)
			return -1;
	if (o->owner != NULL)
		return add_owner(c, o, err);
	return 0;
}

int
dom_org_create(const char **id, struct db_conn *c, struct arena *a,
    const char *name, const char *const *domains, size_t ndomains,
    const char *owner_email, int allow_outside_members, struct err *err)
{
	struct org_arg	o = { id, a, name, domains, ndomains, owner_email,
			    allow_outside_members };
	size_t		i;

	if (name == NULL || name[0] == '\0')
		return err_set(err, 400, ST_INVALID_VALUE, "organization name is empty");
	if (owner_email != NULL && !valid_email(owner_email))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "invalid owner email \"%s\"", owner_email);
	for (i = 0; i < ndomains; i++)
		if (domains[i][0] == '\0' || strchr(domains[i], '@') != NULL ||
		    strchr(domains[i], '.') == NULL)
			return err_set(err, 400, ST_INVALID_VALUE,
			    "invalid domain \"%s\"", domains[i]);
	return db_tx_run(c, 0, org_tx, &o, err);
}

struct token_arg {
	const char	**id;
	struct arena	*a;
	const char	*org_id;
	const char	*label;
	const char	*admin;
	const char	*hash;
};

static int
token_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct token_arg	*t = arg;
	const char		*admin_id = NULL, *role;
	struct dom_audit	 e;
	int			 active;

	if (db_org_exists(c, t->org_id, err) == -1)
		return -1;
	/* The self guard protects this admin from the token it created. */
	if (t->admin != NULL) {
		if (db_member_resolve(&admin_id, &role, &active, c, t->a,
		    t->org_id, t->admin, err) == -1)
			return -1;
		if (strcmp(role, "owner") != 0 && strcmp(role, "admin") != 0)
			return err_set(err, 400, ST_INVALID_VALUE,
			    "member \"%s\" is not an admin of the organization",
			    t->admin);
	}
	if (db_token_insert(t->id, c, t->a, t->org_id, t->label, t->hash,
	    admin_id, err) == -1)
		return -1;
	dom_audit_init(&e, NULL, "token.created");
	dom_audit_org(&e, t->org_id);
	e.ev.actor_member_id = admin_id;
	dom_audit_add_str(&e, "token_id", *t->id);
	dom_audit_add_str(&e, "label", t->label);
	return dom_audit_write(c, &e, err);
}

int
dom_token_create(const char **token, const char **id, struct db_conn *c,
    struct arena *a, const char *org_id, const char *label,
    const char *admin_user_name, struct err *err)
{
	struct token_arg	 t = { id, a, org_id, label ? label : "",
				    admin_user_name, NULL };
	char			*secret = arena_alloc(a, DOM_SECRET_LEN);
	char			*hash = arena_alloc(a, DOM_SECRET_HASH_HEX);

	if (dom_secret_new(secret, "scimd", err) == -1)
		return -1;
	dom_secret_hash(hash, secret, strlen(secret));
	t.hash = hash;
	if (db_tx_run(c, 0, token_tx, &t, err) == -1)
		return -1;
	*token = secret;
	return 0;
}

int
dom_ready(struct db_conn *c, struct err *err)
{
	if (c == NULL) {
		err_set(err, 503, ST_NONE, "database unavailable");
		err->retry_after = 5;
		return -1;
	}
	return db_ping(c, err);
}
