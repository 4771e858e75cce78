/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/cli_webhooks.c
 *
 * The actions of `scimd webhook …`: one domain/webhook.h call each,
 * records printed as JSON lines in the shapes of /admin/v1
 * (scim/admin/admin_webhooks.h).
 */
#include <stdio.h>

#include <cjson/cJSON.h>

#include "domain/webhook.h"
#include "scim/admin/admin_webhooks.h"
#include "scim/cli/cli_int.h"

int
cli_run_webhook_add(struct cli_args *a, struct err *err)
{
	struct dom_webhook_new	out;

	if (dom_webhook_add(&out, a->conn, &a->arena, a->v[O_ORG],
	    a->v[O_URL], a->v[O_EVENTS], a->n[O_INSECURE] == 1, err) == -1)
		return -1;
	cli_print_json(scim_admin_webhook_new_json(&out));
	return 0;
}

int
cli_run_webhook_list(struct cli_args *a, struct err *err)
{
	struct webhook_row	*rows;
	size_t			 i, n;

	if (dom_webhook_list(&rows, &n, a->conn, &a->arena, a->v[O_ORG],
	    err) == -1)
		return -1;
	for (i = 0; i < n; i++)
		cli_print_json(scim_admin_webhook_json(&rows[i]));
	return 0;
}

int
cli_run_webhook_remove(struct cli_args *a, struct err *err)
{
	return dom_webhook_remove(a->conn, a->v[O_ORG], a->v[O_ENDPOINT], err);
}

int
cli_run_webhook_rotate(struct cli_args *a, struct err *err)
{
	struct dom_webhook_new	out;

	if (dom_webhook_rotate(&out, a->conn, &a->arena, a->v[O_ORG],
	    a->v[O_ENDPOINT], -1, err) == -1)
		return -1;
	cli_print_json(scim_admin_webhook_new_json(&out));
	return 0;
}

int
cli_run_webhook_replay(struct cli_args *a, struct err *err)
{
	long long	n;
	cJSON		*o;

	if (dom_webhook_replay(&n, a->conn, a->v[O_ORG], a->v[O_ENDPOINT],
	    a->v[O_SINCE], err) == -1)
		return -1;
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "queued", (double)n);
	cli_print_json(o);
	return 0;
}

int
cli_run_webhook_deliveries(struct cli_args *a, struct err *err)
{
	struct webhook_delivery_row	*rows;
	size_t				 i, n;

	if (dom_webhook_deliveries(&rows, &n, a->conn, &a->arena, a->v[O_ORG],
	    a->v[O_ENDPOINT], a->limit, err) == -1)
		return -1;
	for (i = 0; i < n; i++)
		cli_print_json(scim_admin_delivery_json(&rows[i]));
	return 0;
}
