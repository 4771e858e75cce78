/* SPDX-License-Identifier: MIT */
/*
 * scim/admin/admin_webhooks.c
 *
 * The /admin/v1 handlers of webhook endpoints and deliveries, and their
 * JSON: read the path and the body, call domain/webhook.h, render. The
 * URL rules are the domain's.
 */
#include "scim/admin/admin_webhooks.h"

#include <stdlib.h>
#include <string.h>

#include "domain/admin.h"
#include "scim/admin/admin_int.h"
#include "scim/http/request.h"
#include "scim/model/render.h"

static void
add_str(cJSON *o, const char *name, const char *v)
{
	if (v != NULL)
		cJSON_AddStringToObject(o, name, v);
	else
		cJSON_AddNullToObject(o, name);
}

cJSON *
scim_admin_webhook_json(const struct webhook_row *r)
{
	cJSON	*o = cJSON_CreateObject(), *ev;
	char	*list, *tok, *save = NULL;

	cJSON_AddStringToObject(o, "id", r->id);
	cJSON_AddStringToObject(o, "url", r->url);
	if (r->events == NULL) {
		cJSON_AddNullToObject(o, "events");
	} else {
		ev = cJSON_AddArrayToObject(o, "events");
		list = xstrdup(r->events);
		for (tok = strtok_r(list, ",", &save); tok != NULL;
		    tok = strtok_r(NULL, ",", &save))
			cJSON_AddItemToArray(ev, cJSON_CreateString(tok));
		free(list);
	}
	cJSON_AddBoolToObject(o, "insecureHttp", r->insecure_http);
	add_str(o, "created", r->created);
	add_str(o, "failingSince", r->failing_since);
	cJSON_AddNumberToObject(o, "failures", r->failures);
	cJSON_AddNumberToObject(o, "pending", (double)r->pending);
	add_str(o, "previousSecretUntil", r->previous_until);
	return o;
}

cJSON *
scim_admin_webhook_new_json(const struct dom_webhook_new *n)
{
	cJSON	*o = scim_admin_webhook_json(&n->row);

	cJSON_AddStringToObject(o, "secret", n->secret);
	return o;
}

cJSON *
scim_admin_delivery_json(const struct webhook_delivery_row *r)
{
	cJSON	*o = cJSON_CreateObject(), *log;

	cJSON_AddNumberToObject(o, "id", (double)r->id);
	cJSON_AddStringToObject(o, "eventId", r->event_id);
	cJSON_AddStringToObject(o, "type", r->type);
	cJSON_AddNumberToObject(o, "seq", (double)r->seq);
	cJSON_AddStringToObject(o, "state", r->state);
	cJSON_AddNumberToObject(o, "attempts", r->attempts);
	add_str(o, "created", r->created);
	add_str(o, "nextAt", strcmp(r->state, "pending") == 0 ?
	    r->next_at : NULL);
	add_str(o, "delivered", r->delivered);
	/* storage made the array; it parses unless storage is broken. */
	log = r->attempts_json ? cJSON_Parse(r->attempts_json) : NULL;
	cJSON_AddItemToObject(o, "attemptLog", log ? log :
	    cJSON_CreateArray());
	return o;
}

/* "events": null, or an array of strings joined with ',' in the arena. */
static int
events_of(const char **out, struct scim_call *call, struct err *err)
{
	const cJSON	*v, *e;
	char		*s;
	size_t		 len = 0;

	*out = NULL;
	v = cJSON_GetObjectItemCaseSensitive(call->body, "events");
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) > 100)
		goto bad;
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsString(e) || strlen(e->valuestring) > 100)
			goto bad;
		len += strlen(e->valuestring) + 1;
	}
	s = arena_alloc(&call->req->arena, len + 1);
	*s = '\0';
	cJSON_ArrayForEach(e, v) {
		if (*s != '\0')
			strcat(s, ",");
		strcat(s, e->valuestring);
	}
	*out = s;
	return 0;
bad:
	return err_set(err, 400, ST_INVALID_VALUE,
	    "\"events\" must be an array of event types");
}

int
scim_admin_webhook_add(struct scim_call *call, struct err *err)
{
	struct dom_webhook_new	 out;
	const char		*url, *events;
	int			 insecure;

	if (scim_admin_body(call, err) == -1 ||
	    scim_admin_str(&url, call, "url", ADMIN_REQUIRED, err) == -1 ||
	    events_of(&events, call, err) == -1 ||
	    scim_admin_bool(&insecure, call, "insecureHttp", err) == -1 ||
	    dom_webhook_add(&out, call->conn, &call->req->arena, call->org,
	    url, events, insecure == 1, err) == -1)
		return -1;
	scim_render_json(call->resp, 201, scim_admin_webhook_new_json(&out));
	return 0;
}

int
scim_admin_webhook_list(struct scim_call *call, struct err *err)
{
	struct webhook_row	*rows;
	cJSON			*o, *arr;
	size_t			 i, n;

	if (dom_webhook_list(&rows, &n, call->conn, &call->req->arena,
	    call->org, err) == -1)
		return -1;
	o = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(o, "webhooks");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, scim_admin_webhook_json(&rows[i]));
	scim_render_json(call->resp, 200, o);
	return 0;
}

int
scim_admin_webhook_remove(struct scim_call *call, struct err *err)
{
	if (dom_webhook_remove(call->conn, call->org, call->id, err) == -1)
		return -1;
	call->resp->status = 204;
	return 0;
}

int
scim_admin_webhook_rotate(struct scim_call *call, struct err *err)
{
	struct dom_webhook_new	out;
	int			overlap = DOM_KEEP;

	if (call->req->body_len > 0 && (scim_admin_body(call, err) == -1 ||
	    scim_admin_int(&overlap, call, "overlapSeconds", 0,
	    30 * 24 * 3600, DOM_KEEP, err) == -1))
		return -1;
	if (dom_webhook_rotate(&out, call->conn, &call->req->arena, call->org,
	    call->id, overlap == DOM_KEEP ? -1 : overlap, err) == -1)
		return -1;
	scim_render_json(call->resp, 200, scim_admin_webhook_new_json(&out));
	return 0;
}

int
scim_admin_webhook_replay(struct scim_call *call, struct err *err)
{
	const char	*since;
	long long	 n;
	cJSON		*o;

	if (scim_admin_body(call, err) == -1 ||
	    scim_admin_str(&since, call, "since", ADMIN_REQUIRED, err) == -1 ||
	    dom_webhook_replay(&n, call->conn, call->org, call->id, since,
	    err) == -1)
		return -1;
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "queued", (double)n);
	scim_render_json(call->resp, 200, o);
	return 0;
}

int
scim_admin_webhook_deliveries(struct scim_call *call, struct err *err)
{
	struct webhook_delivery_row	*rows;
	const char			*l = scim_query_param(call->req, "limit");
	cJSON				*o, *arr;
	size_t				 i, n;

	if (dom_webhook_deliveries(&rows, &n, call->conn, &call->req->arena,
	    call->org, call->id, l ? atoll(l) : 0, err) == -1)
		return -1;
	o = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(o, "deliveries");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, scim_admin_delivery_json(&rows[i]));
	scim_render_json(call->resp, 200, o);
	return 0;
}
