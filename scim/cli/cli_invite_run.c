/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/cli_invite_run.c
 *
 * The actions of `scimd invite …` and `scimd invite-link …`: one
 * domain/invite.h call each, records printed as JSON lines in the shapes
 * of /admin/v1 (scim/admin/admin_invite.h).
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "domain/admin.h"
#include "domain/invite.h"
#include "scim/admin/admin_invite.h"
#include "scim/cli/cli_int.h"

int
cli_run_invite_create(struct cli_args *a, struct err *err)
{
	struct dom_invite_new		*in;
	struct dom_invite_issued	*out;
	size_t				 i;

	in = arena_alloc(&a->arena, (a->nlist + 1) * sizeof(*in));
	for (i = 0; i < a->nlist; i++) {
		in[i].email = a->list[i];
		in[i].role = a->role != NULL ? a->role : "member";
	}
	if (dom_invite_create(&out, a->conn, &a->arena, a->v[O_ORG], in,
	    a->nlist, a->v[O_MEMBER], a->v[O_PUBLIC_URL], err) == -1)
		return -1;
	for (i = 0; i < a->nlist; i++)
		cli_print_json(scim_admin_invite_issued_json(&out[i]));
	return 0;
}

int
cli_run_invite_list(struct cli_args *a, struct err *err)
{
	struct invite_row	*rows;
	size_t			 i, n;

	if (dom_invite_list(&rows, &n, a->conn, &a->arena, a->v[O_ORG],
	    err) == -1)
		return -1;
	for (i = 0; i < n; i++)
		cli_print_json(scim_admin_invite_json(&rows[i]));
	return 0;
}

int
cli_run_invite_cancel(struct cli_args *a, struct err *err)
{
	return dom_invite_cancel(a->conn, &a->arena, a->v[O_ORG], a->v[O_ID],
	    err);
}

int
cli_run_invite_resend(struct cli_args *a, struct err *err)
{
	struct dom_invite_issued	out;

	if (dom_invite_reinvite(&out, a->conn, &a->arena, a->v[O_ORG],
	    a->v[O_ID], a->role, a->v[O_PUBLIC_URL], err) == -1)
		return -1;
	cli_print_json(scim_admin_invite_issued_json(&out));
	return 0;
}

int
cli_run_invite_policy(struct cli_args *a, struct err *err)
{
	cJSON	*o;

	if (dom_invite_policy_set(a->conn, a->v[O_ORG], (int)a->n[O_ADMIT],
	    err) == -1)
		return -1;
	o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "admitOutsiders", a->n[O_ADMIT] == 1);
	cli_print_json(o);
	return 0;
}

int
cli_run_link_create(struct cli_args *a, struct err *err)
{
	struct dom_link_new	in;
	struct dom_link_issued	out;

	memset(&in, 0, sizeof(in));
	in.role = a->role;
	in.domains = a->list;
	in.ndomains = a->nlist;
	in.max_uses = a->n[O_MAX_USES];
	in.expires_at = a->v[O_EXPIRES];
	in.creator = a->v[O_MEMBER];
	if (dom_invite_link_create(&out, a->conn, &a->arena, a->v[O_ORG], &in,
	    a->v[O_PUBLIC_URL], err) == -1)
		return -1;
	cli_print_json(scim_admin_link_issued_json(&out));
	return 0;
}

int
cli_run_link_list(struct cli_args *a, struct err *err)
{
	struct invite_link_row	*rows;
	size_t			 i, n;

	if (dom_invite_link_list(&rows, &n, a->conn, &a->arena, a->v[O_ORG],
	    err) == -1)
		return -1;
	for (i = 0; i < n; i++)
		cli_print_json(scim_admin_link_json(&rows[i]));
	return 0;
}

int
cli_run_link_revoke(struct cli_args *a, struct err *err)
{
	return dom_invite_link_revoke(a->conn, &a->arena, a->v[O_ORG],
	    a->v[O_ID], err);
}
