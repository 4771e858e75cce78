/* SPDX-License-Identifier: MIT */
/*
 * domain/invite_rule.c
 *
 * Invitation tokens and the verdicts on an invitation or link: no I/O.
 * The flows that load the rows and act on the verdicts are
 * domain/invite.c, domain/invite_link.c and domain/invite_accept.c.
 */
#include "domain/invite_int.h"

#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "domain/base/casefold.h"
#include "domain/guard.h"

int
dom_invite_token_new(struct dom_invite_token *out, struct arena *a,
    const char *prefix, struct err *err)
{
	char	*t = arena_alloc(a, DOM_SECRET_LEN);
	char	*h = arena_alloc(a, DOM_SECRET_HASH_HEX);

	if (dom_secret_new(t, prefix, err) == -1)
		return -1;
	dom_secret_hash(h, t, strlen(t));
	out->token = t;
	out->selector = arena_strndup(a, t + strlen(prefix) + 1,
	    DOM_INVITE_SELECTOR_LEN);
	out->hash = h;
	return 0;
}

/* The random part after "<prefix>_" when t has that prefix, else NULL. */
static const char *
after_prefix(const char *t, const char *prefix)
{
	size_t	n = strlen(prefix);

	if (strncmp(t, prefix, n) != 0 || t[n] != '_')
		return NULL;
	return t + n + 1;
}

int
dom_invite_token_read(struct dom_invite_token *out, int *is_link,
    struct arena *a, const char *token, struct err *err)
{
	const char	*rest;
	char		*h;

	if (token == NULL || strlen(token) > DOM_SECRET_LEN)
		return err_set(err, 404, ST_NONE, "invitation not found");
	*is_link = 1;
	rest = after_prefix(token, DOM_LINK_PREFIX);
	if (rest == NULL) {
		*is_link = 0;
		rest = after_prefix(token, DOM_INVITE_PREFIX);
	}
	if (rest == NULL || strlen(rest) < DOM_INVITE_SELECTOR_LEN)
		return err_set(err, 404, ST_NONE, "invitation not found");
	h = arena_alloc(a, DOM_SECRET_HASH_HEX);
	dom_secret_hash(h, token, strlen(token));
	out->token = token;
	out->selector = arena_strndup(a, rest, DOM_INVITE_SELECTOR_LEN);
	out->hash = h;
	return 0;
}

int
dom_invite_token_matches(const char *stored, const char *presented)
{
	if (stored == NULL || strlen(stored) != DOM_SECRET_HASH_HEX - 1 ||
	    strlen(presented) != DOM_SECRET_HASH_HEX - 1)
		return 0;
	return CRYPTO_memcmp(stored, presented, DOM_SECRET_HASH_HEX - 1) == 0;
}

const char *
dom_invite_accept_url(struct arena *a, const char *base, const char *token)
{
	return arena_printf(a, "%s/invitations/accept?token=%s",
	    base != NULL ? base : "", token);
}

int
dom_invite_email_valid(const char *email, struct err *err)
{
	const char	*at;

	if (email == NULL || (at = strchr(email, '@')) == NULL ||
	    at == email || at[1] == '\0' || strchr(at + 1, '@') != NULL ||
	    strlen(email) > 320 || strpbrk(email, " \t\r\n") != NULL)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"%.64s\" is not an email address", email ? email : "");
	return 0;
}

int
dom_invite_role_valid(const char *role, struct err *err)
{
	if (role != NULL && (strcmp(role, "admin") == 0 ||
	    strcmp(role, "member") == 0 || strcmp(role, "viewer") == 0))
		return 0;
	return err_set(err, 400, ST_INVALID_VALUE,
	    "unrecognized invitation role \"%.64s\"; it is \"admin\", "
	    "\"member\" or \"viewer\" (the Owner is made by ownership "
	    "transfer)", role ? role : "");
}

int
dom_invite_verdict(const struct invite_row *r, const char *email,
    struct err *err)
{
	if (strcmp(r->state, "accepted") == 0)
		return err_set(err, 410, ST_NONE,
		    "the invitation was already used");
	if (strcmp(r->state, "cancelled") == 0)
		return err_set(err, 410, ST_NONE,
		    "the invitation was cancelled");
	if (strcmp(r->state, "reinvited") == 0)
		return err_set(err, 410, ST_NONE,
		    "the invitation was replaced by a newer one; use the "
		    "latest invitation");
	if (r->expired)
		return err_set(err, 410, ST_NONE, "the invitation expired on %s",
		    r->expires);
	if (!cf_equal(r->email, email))
		return err_set(err, 403, ST_NONE,
		    "the invitation is for another address");
	return 0;
}

int
dom_invite_link_verdict(const struct invite_link_row *r, const char *email,
    struct err *err)
{
	const char	*domain = dom_guard_email_domain(email, NULL);
	size_t		 i;

	if (r->revoked != NULL)
		return err_set(err, 410, ST_NONE, "the invite link was revoked%s",
		    r->revoked_reason != NULL &&
		    strcmp(r->revoked_reason, "creator_removed") == 0 ?
		    " (its creator left the organization)" : "");
	if (r->expired)
		return err_set(err, 410, ST_NONE, "the invite link expired on %s",
		    r->expires);
	if (r->max_uses >= 0 && r->uses >= r->max_uses)
		return err_set(err, 410, ST_NONE,
		    "the invite link is used up (%lld of %lld uses)", r->uses,
		    r->max_uses);
	if (r->ndomains == 0)
		return 0;
	for (i = 0; domain != NULL && i < r->ndomains; i++)
		if (strcasecmp(r->domains[i], domain) == 0)
			return 0;
	return err_set(err, 403, ST_NONE,
	    "wrong domain: the invite link admits only addresses in its "
	    "domains, not \"%.64s\"", domain ? domain : "");
}
