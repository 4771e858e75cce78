/* SPDX-License-Identifier: MIT */
/*
 * domain/admin_keys.c
 *
 * Operator actions on credentials: listing and revoking an org's SCIM
 * tokens, its members' API keys, and the operator tokens of /admin/v1.
 * Secrets are generated here and shown once; only their hashes reach
 * storage.
 */
#include "domain/admin_int.h"

#include <string.h>

#include "domain/secret.h"
#include "storage/admin.h"
#include "storage/admin_keys.h"
#include "storage/db.h"

int
dom_admin_token_list(struct token_row **out, size_t *n, struct db_conn *c,
    struct arena *a, const char *org_id, struct err *err)
{
	const char	*name;

	if (db_org_name(&name, c, a, org_id, err) == -1)
		return -1;
	return db_token_list(out, n, c, a, org_id, err);
}

/* A revocation: which credential, and how storage and the audit name it. */
struct revoke_arg {
	const char	*org_id;
	const char	*id;
	int		(*revoke)(struct db_conn *, const char *, const char *,
			    struct err *);
	const char	*action;	/* the audit event */
	const char	*key;		/* the detail key of the id */
};

static int
revoke_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct revoke_arg	*x = arg;
	struct dom_audit	 e;

	if (x->revoke(c, x->org_id, x->id, err) == -1)
		return -1;
	dom_admin_event(&e, x->org_id, x->action);
	dom_audit_add_str(&e, x->key, x->id);
	return dom_audit_write(c, &e, err);
}

int
dom_admin_token_revoke(struct db_conn *c, const char *org_id,
    const char *token_id, struct err *err)
{
	struct revoke_arg	x = { org_id, token_id, db_token_revoke,
				    "token.revoked", "token_id" };

	return dom_admin_tx(c, org_id, revoke_tx, &x, NULL, err);
}

struct key_arg {
	struct arena				*a;
	const struct dom_api_key_request	*in;
	const char				*hash;
	const char				*id;	/* out */
};

static int
key_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct key_arg		*x = arg;
	const char		*org_id = x->in->org_id;
	struct db_org_policy	 pol;
	struct member_row	 m;
	struct dom_audit	 e;

	if (dom_admin_lock(&pol, c, org_id, err) == -1 ||
	    dom_admin_member(&m, c, x->a, org_id, x->in->member, err) == -1 ||
	    db_api_key_insert(&x->id, c, x->a, org_id, m.id,
	    x->in->label ? x->in->label : "", x->hash, err) == -1)
		return -1;
	dom_admin_event(&e, org_id, "api_key.created");
	dom_audit_target(&e, &m, NULL);
	dom_audit_add_str(&e, "api_key_id", x->id);
	return dom_audit_write(c, &e, err);
}

int
dom_admin_api_key_create(struct dom_api_key_created *out, struct db_conn *c,
    struct arena *a, const struct dom_api_key_request *in, struct err *err)
{
	char		*secret = arena_alloc(a, DOM_SECRET_LEN);
	char		*hash = arena_alloc(a, DOM_SECRET_HASH_HEX);
	struct key_arg	 x = { a, in, hash, NULL };

	if (in->member == NULL || in->member[0] == '\0')
		return err_set(err, 400, ST_INVALID_VALUE, "member is required");
	if (dom_secret_new(secret, "key", err) == -1)
		return -1;
	dom_secret_hash(hash, secret, strlen(secret));
	if (dom_admin_tx(c, in->org_id, key_tx, &x, NULL, err) == -1)
		return -1;
	out->id = x.id;
	out->key = secret;
	return 0;
}

int
dom_admin_api_key_list(struct api_key_row **out, size_t *n,
    struct db_conn *c, struct arena *a, const char *org_id, struct err *err)
{
	const char	*name;

	if (db_org_name(&name, c, a, org_id, err) == -1)
		return -1;
	return db_api_key_list(out, n, c, a, org_id, err);
}

int
dom_admin_api_key_revoke(struct db_conn *c, const char *org_id,
    const char *key_id, struct err *err)
{
	struct revoke_arg	x = { org_id, key_id, db_api_key_revoke,
				    "api_key.revoked", "api_key_id" };

	return dom_admin_tx(c, org_id, revoke_tx, &x, NULL, err);
}

struct operator_arg {
	const char	*label;
	const char	*hash;
};

static int
operator_tx(struct db_conn *c, void *arg, struct err *err)
{
	struct operator_arg	*x = arg;

	return db_operator_token_insert(c, x->label, x->hash, err);
}

int
dom_operator_token_create(const char **token, struct db_conn *c,
    struct arena *a, const char *label, struct err *err)
{
	char			*secret = arena_alloc(a, DOM_SECRET_LEN);
	char			*hash = arena_alloc(a, DOM_SECRET_HASH_HEX);
	struct operator_arg	 x = { label ? label : "", hash };

	if (dom_secret_new(secret, "op", err) == -1)
		return -1;
	dom_secret_hash(hash, secret, strlen(secret));
	if (dom_admin_tx(c, NULL, operator_tx, &x, NULL, err) == -1)
		return -1;
	*token = secret;
	return 0;
}

int
dom_operator_auth(struct db_conn *c, const char *token, size_t len,
    struct err *err)
{
	char	hash[DOM_SECRET_HASH_HEX];

	if (len == 0 || len > 512)
		return err_set(err, 401, ST_NONE, "invalid operator token");
	dom_secret_hash(hash, token, len);
	if (db_ensure(c, err) == -1)
		return -1;
	return db_operator_token_auth(c, hash, err);
}
