/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/cli_admin_run.c
 *
 * The actions of the operator subcommands: one domain/admin.h call each,
 * with ids, tokens and secrets printed one per line and records as JSON
 * lines (the same shapes as /admin/v1) on stdout. Options are checked
 * before they run, as scim/cli/cli_table.c describes them.
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "domain/admin.h"
#include "domain/org.h"
#include "domain/sso.h"
#include "scim/admin/admin.h"
#include "scim/cli/cli_int.h"

int
cli_run_org_show(struct cli_args *a, struct err *err)
{
	struct dom_org_info	org;

	if (dom_admin_org_get(&org, a->conn, &a->arena, a->v[O_ORG], err) == -1)
		return -1;
	cli_print_json(scim_admin_org_json(&org));
	return 0;
}

int
cli_run_seats(struct cli_args *a, struct err *err)
{
	struct dom_org_info	org;

	if (dom_admin_org_get(&org, a->conn, &a->arena, a->v[O_ORG], err) == -1)
		return -1;
	cli_print_json(scim_admin_seats_json(org.seats_used, org.policy.seat_limit));
	return 0;
}

int
cli_run_policy(struct cli_args *a, struct err *err)
{
	struct dom_policy_change	change;
	struct dom_policy		after;

	change.org_id = a->v[O_ORG];
	change.set.allow_outside_members = a->allow;
	change.set.removal_rate_per_hour = a->rate;
	change.set.revoke_api_keys_on_removal = a->revoke;
	change.set.seat_limit = a->seats;
	change.set.session_idle_hours = a->session_idle;
	change.set.session_max_days = a->session_max;
	if (dom_admin_policy_set(&after, a->conn, &change, err) == -1)
		return -1;
	cli_print_json(scim_admin_policy_json(&after));
	return 0;
}

int
cli_run_token_list(struct cli_args *a, struct err *err)
{
	struct token_row	*t;
	size_t			 i, n;

	if (dom_admin_token_list(&t, &n, a->conn, &a->arena, a->v[O_ORG],
	    err) == -1)
		return -1;
	for (i = 0; i < n; i++)
		cli_print_json(scim_admin_token_json(&t[i]));
	return 0;
}

int
cli_run_token_revoke(struct cli_args *a, struct err *err)
{
	return dom_admin_token_revoke(a->conn, a->v[O_ORG], a->v[O_TOKEN], err);
}

/* add, verify, unverify, jit-on, jit-off: one setting each. */
int
cli_run_domain(struct cli_args *a, struct err *err)
{
	const char			*sub = a->cmd->sub;
	struct dom_domain_change	 ch = { a->v[O_ORG], a->v[O_DOMAIN],
					    DOM_KEEP, DOM_KEEP };

	if (strcmp(sub, "verify") == 0)
		ch.verified = 1;
	else if (strcmp(sub, "unverify") == 0)
		ch.verified = 0;
	else if (strcmp(sub, "jit-on") == 0)
		ch.jit = 1;
	else if (strcmp(sub, "jit-off") == 0)
		ch.jit = 0;
	return dom_admin_domain_set(a->conn, &ch, err);
}

int
cli_run_domain_remove(struct cli_args *a, struct err *err)
{
	return dom_admin_domain_remove(a->conn, a->v[O_ORG], a->v[O_DOMAIN],
	    err);
}

int
cli_run_sso_rotate(struct cli_args *a, struct err *err)
{
	const char	*secret;

	if (dom_sso_secret_rotate(&secret, a->conn, &a->arena, a->v[O_ORG],
	    err) == -1)
		return -1;
	printf("%s\n", secret);
	return 0;
}

int
cli_run_ownership(struct cli_args *a, struct err *err)
{
	struct dom_ownership_transfer	t = { a->v[O_ORG], a->v[O_TO] };

	return dom_admin_transfer_ownership(a->conn, &a->arena, &t, err);
}

int
cli_run_member_role(struct cli_args *a, struct err *err)
{
	struct dom_member_role_change	ch = { a->v[O_ORG], a->v[O_MEMBER],
					    a->role };

	return dom_admin_member_role(a->conn, &a->arena, &ch, err);
}

int
cli_run_group_role(struct cli_args *a, struct err *err)
{
	struct dom_group_role_change	ch = { a->v[O_ORG], a->v[O_GROUP],
					    a->role };

	return dom_admin_group_role(a->conn, &a->arena, &ch, err);
}

int
cli_run_key_create(struct cli_args *a, struct err *err)
{
	struct dom_api_key_request	rq = { a->v[O_ORG], a->v[O_MEMBER],
					    a->v[O_LABEL] };
	struct dom_api_key_created	k;

	if (dom_admin_api_key_create(&k, a->conn, &a->arena, &rq, err) == -1)
		return -1;
	printf("%s\n%s\n", k.id, k.key);
	return 0;
}

int
cli_run_key_list(struct cli_args *a, struct err *err)
{
	struct api_key_row	*k;
	size_t			 i, n;

	if (dom_admin_api_key_list(&k, &n, a->conn, &a->arena, a->v[O_ORG],
	    err) == -1)
		return -1;
	for (i = 0; i < n; i++)
		cli_print_json(scim_admin_api_key_json(&k[i]));
	return 0;
}

int
cli_run_key_revoke(struct cli_args *a, struct err *err)
{
	return dom_admin_api_key_revoke(a->conn, a->v[O_ORG], a->v[O_KEY], err);
}

int
cli_run_audit(struct cli_args *a, struct err *err)
{
	struct audit_query	 q;
	struct audit_row	*rows;
	size_t			 i, n;

	memset(&q, 0, sizeof(q));
	q.target = a->v[O_TARGET];
	q.action = a->v[O_ACTION];
	q.since = a->v[O_SINCE];
	q.until = a->v[O_UNTIL];
	q.limit = a->limit;
	if (dom_admin_audit(&rows, &n, a->conn, &a->arena, a->v[O_ORG], &q,
	    err) == -1)
		return -1;
	for (i = 0; i < n; i++)
		cli_print_json(scim_admin_audit_json(&rows[i]));
	return 0;
}

int
cli_run_operator_token(struct cli_args *a, struct err *err)
{
	const char	*token;

	if (dom_operator_token_create(&token, a->conn, &a->arena, a->v[O_LABEL],
	    err) == -1)
		return -1;
	printf("%s\n", token);
	return 0;
}
