/* SPDX-License-Identifier: MIT */
/*
 * scim/http/routes.c
 *
 * The route table: every endpoint of /scim/v2, /admin/v1, /sso/v1 and
 * the probes, one entry each, with its handlers by method, the credential
 * it takes and where it runs (scim/http/route.h says what each field
 * means). Also the few handlers that are only glue: the probes and the
 * discovery documents. Matching and dispatch are in scim/http/route.c.
 */
#include "scim/http/route.h"

#include <cjson/cJSON.h>

#include "domain/org.h"
#include "scim/admin/admin.h"
#include "scim/admin/admin_invite.h"
#include "scim/http/metrics.h"
#include "scim/admin/admin_webhooks.h"
#include "scim/model/discovery.h"
#include "scim/model/render.h"
#include "scim/resources/handlers.h"
#include "scim/resources/search.h"
#include "scim/sso/sso.h"

#define SCIM		"/scim/v2"
#define ADMIN		"/admin/v1"
#define USER		(&schema_rtype_user)
#define GROUP		(&schema_rtype_group)
#define DISCOVERY	(SCIM_ROUTE_INLINE | SCIM_ROUTE_HEAD)

static int
health(struct scim_call *c, struct err *err)
{
	(void)err;
	scim_render_json(c->resp, 200, cJSON_Parse("{\"status\":\"ok\"}"));
	return 0;
}

static int
ready(struct scim_call *c, struct err *err)
{
	if (dom_ready(c->conn, err) == -1)
		return -1;
	scim_render_json(c->resp, 200, cJSON_Parse("{\"status\":\"ready\"}"));
	return 0;
}

/* A discovery document (consumed), or 404 when doc is NULL. */
static int
document(struct scim_call *c, cJSON *doc, struct err *err)
{
	if (doc == NULL)
		return err_set(err, 404, ST_NONE, "resource not found");
	scim_render_json(c->resp, 200, doc);
	return 0;
}

static int
spc(struct scim_call *c, struct err *err)
{
	return document(c, scim_discovery_spc(c->req->base_url,
	    c->cfg->max_body), err);
}

static int
resource_types(struct scim_call *c, struct err *err)
{
	return document(c, scim_discovery_resource_types(c->req->base_url),
	    err);
}

static int
resource_type(struct scim_call *c, struct err *err)
{
	return document(c, scim_discovery_resource_type(c->req->base_url,
	    c->id), err);
}

static int
schemas(struct scim_call *c, struct err *err)
{
	return document(c, scim_discovery_schemas(c->req->base_url), err);
}

static int
schema(struct scim_call *c, struct err *err)
{
	return document(c, scim_discovery_schema(c->req->base_url, c->id), err);
}

static const struct scim_route_def routes[] = {
	/* Probes: any method, no credential. */
	{ .path = "/healthz", .name = "/healthz", .auth = SCIM_AUTH_NONE,
	    .flags = SCIM_ROUTE_INLINE | SCIM_ROUTE_ANY,
	    .fn = { [SCIM_GET] = health } },
	{ .path = "/readyz", .name = "/readyz", .auth = SCIM_AUTH_NONE,
	    .flags = SCIM_ROUTE_ANY, .fn = { [SCIM_GET] = ready } },
	/* Prometheus; also without a token on --metrics-listen. */
	{ .path = "/metrics", .name = "/metrics", .auth = SCIM_AUTH_OPERATOR,
	    .fn = { [SCIM_GET] = scim_metrics_get } },

	/* The product's sign-in path. */
	{ .path = "/sso/v1/login", .name = "/sso/v1/login",
	    .auth = SCIM_AUTH_SSO_SECRET,
	    .fn = { [SCIM_POST] = scim_sso_login } },
	{ .path = "/sso/v1/session", .name = "/sso/v1/session",
	    .auth = SCIM_AUTH_SSO_SESSION,
	    .fn = { [SCIM_GET] = scim_sso_session } },
	{ .path = "/sso/v1/invitations/accept",
	    .name = "/sso/v1/invitations/accept", .auth = SCIM_AUTH_SSO_SECRET,
	    .fn = { [SCIM_POST] = scim_sso_invite_accept } },
	{ .path = "/sso/v1/invite-links/accept",
	    .name = "/sso/v1/invite-links/accept", .auth = SCIM_AUTH_SSO_SECRET,
	    .fn = { [SCIM_POST] = scim_sso_invite_accept } },

	/* The operator API. */
	{ .path = ADMIN "/orgs", .name = ADMIN "/orgs",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_POST] = scim_admin_org_create } },
	{ .path = ADMIN "/orgs/{org}", .name = ADMIN "/orgs/{org}",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_GET] = scim_admin_org_get } },
	{ .path = ADMIN "/orgs/{org}/policy",
	    .name = ADMIN "/orgs/{org}/policy",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_PATCH] = scim_admin_policy_set } },
	{ .path = ADMIN "/orgs/{org}/domains/{domain}",
	    .name = ADMIN "/orgs/{org}/domains/{domain}",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_PUT] = scim_admin_domain_set,
	    [SCIM_DELETE] = scim_admin_domain_remove } },
	{ .path = ADMIN "/orgs/{org}/tokens",
	    .name = ADMIN "/orgs/{org}/tokens",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_GET] = scim_admin_token_list,
	    [SCIM_POST] = scim_admin_token_create } },
	{ .path = ADMIN "/orgs/{org}/tokens/{id}",
	    .name = ADMIN "/orgs/{org}/tokens/{id}",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_DELETE] = scim_admin_token_revoke } },
	{ .path = ADMIN "/orgs/{org}/sso-secret",
	    .name = ADMIN "/orgs/{org}/sso-secret",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_POST] = scim_admin_sso_rotate } },
	{ .path = ADMIN "/orgs/{org}/ownership",
	    .name = ADMIN "/orgs/{org}/ownership",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_POST] = scim_admin_ownership } },
	{ .path = ADMIN "/orgs/{org}/members/{member}/role",
	    .name = ADMIN "/orgs/{org}/members/{member}/role",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_PUT] = scim_admin_member_role } },
	{ .path = ADMIN "/orgs/{org}/groups/{group}/role",
	    .name = ADMIN "/orgs/{org}/groups/{group}/role",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_PUT] = scim_admin_group_role } },
	{ .path = ADMIN "/orgs/{org}/api-keys",
	    .name = ADMIN "/orgs/{org}/api-keys",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_GET] = scim_admin_key_list,
	    [SCIM_POST] = scim_admin_key_create } },
	{ .path = ADMIN "/orgs/{org}/api-keys/{id}",
	    .name = ADMIN "/orgs/{org}/api-keys/{id}",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_DELETE] = scim_admin_key_revoke } },
	{ .path = ADMIN "/orgs/{org}/seats", .name = ADMIN "/orgs/{org}/seats",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_GET] = scim_admin_seats } },
	{ .path = ADMIN "/orgs/{org}/audit", .name = ADMIN "/orgs/{org}/audit",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_GET] = scim_admin_audit } },
	{ .path = ADMIN "/orgs/{org}/events", .name = ADMIN "/orgs/{org}/events",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_GET] = scim_admin_events } },
	{ .path = ADMIN "/orgs/{org}/webhooks",
	    .name = ADMIN "/orgs/{org}/webhooks",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_GET] = scim_admin_webhook_list,
	    [SCIM_POST] = scim_admin_webhook_add } },
	{ .path = ADMIN "/orgs/{org}/webhooks/{id}",
	    .name = ADMIN "/orgs/{org}/webhooks/{id}",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_DELETE] = scim_admin_webhook_remove } },
	{ .path = ADMIN "/orgs/{org}/webhooks/{id}/rotate-secret",
	    .name = ADMIN "/orgs/{org}/webhooks/{id}/rotate-secret",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_POST] = scim_admin_webhook_rotate } },
	{ .path = ADMIN "/orgs/{org}/webhooks/{id}/replay",
	    .name = ADMIN "/orgs/{org}/webhooks/{id}/replay",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_POST] = scim_admin_webhook_replay } },
	{ .path = ADMIN "/orgs/{org}/webhooks/{id}/deliveries",
	    .name = ADMIN "/orgs/{org}/webhooks/{id}/deliveries",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_GET] = scim_admin_webhook_deliveries } },
	{ .path = ADMIN "/orgs/{org}/invitations",
	    .name = ADMIN "/orgs/{org}/invitations",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_GET] = scim_admin_invite_list,
	    [SCIM_POST] = scim_admin_invite_create } },
	{ .path = ADMIN "/orgs/{org}/invitations/{id}",
	    .name = ADMIN "/orgs/{org}/invitations/{id}",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_DELETE] = scim_admin_invite_cancel } },
	{ .path = ADMIN "/orgs/{org}/invitations/{id}/reinvite",
	    .name = ADMIN "/orgs/{org}/invitations/{id}/reinvite",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_POST] = scim_admin_invite_reinvite } },
	{ .path = ADMIN "/orgs/{org}/invite-policy",
	    .name = ADMIN "/orgs/{org}/invite-policy",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_PUT] = scim_admin_invite_policy } },
	{ .path = ADMIN "/orgs/{org}/invite-links",
	    .name = ADMIN "/orgs/{org}/invite-links",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_GET] = scim_admin_link_list,
	    [SCIM_POST] = scim_admin_link_create } },
	{ .path = ADMIN "/orgs/{org}/invite-links/{id}",
	    .name = ADMIN "/orgs/{org}/invite-links/{id}",
	    .auth = SCIM_AUTH_OPERATOR, .flags = SCIM_ROUTE_HEAD,
	    .fn = { [SCIM_DELETE] = scim_admin_link_revoke } },

	/*
	 * SCIM discovery (RFC 7644 §4). /serviceConfiguration is what
	 * Microsoft's reference server and its test collection call the
	 * RFC's /ServiceProviderConfig.
	 */
	{ .path = SCIM "/ServiceProviderConfig",
	    .name = "/ServiceProviderConfig", .auth = SCIM_AUTH_NONE,
	    .flags = DISCOVERY, .fn = { [SCIM_GET] = spc } },
	{ .path = SCIM "/serviceConfiguration",
	    .name = "/ServiceProviderConfig", .auth = SCIM_AUTH_NONE,
	    .flags = DISCOVERY, .fn = { [SCIM_GET] = spc } },
	{ .path = SCIM "/ResourceTypes", .name = "/ResourceTypes",
	    .auth = SCIM_AUTH_NONE, .flags = DISCOVERY,
	    .fn = { [SCIM_GET] = resource_types } },
	{ .path = SCIM "/ResourceTypes/{id}", .name = "/ResourceTypes/{id}",
	    .auth = SCIM_AUTH_NONE, .flags = DISCOVERY,
	    .fn = { [SCIM_GET] = resource_type } },
	{ .path = SCIM "/Schemas", .name = "/Schemas",
	    .auth = SCIM_AUTH_NONE, .flags = DISCOVERY,
	    .fn = { [SCIM_GET] = schemas } },
	{ .path = SCIM "/Schemas/{id}", .name = "/Schemas/{id}",
	    .auth = SCIM_AUTH_NONE, .flags = DISCOVERY,
	    .fn = { [SCIM_GET] = schema } },

	/* SCIM resources. */
	{ .path = SCIM "/Users", .name = "/Users",
	    .auth = SCIM_AUTH_SCIM, .flags = SCIM_ROUTE_BULK, .rt = USER,
	    .fn = { [SCIM_GET] = scim_users_list,
	    [SCIM_POST] = scim_users_create } },
	/* RFC 7644 §3.4.3; before {id}: no resource id is ".search". */
	{ .path = SCIM "/Users/.search", .name = "/Users/.search",
	    .auth = SCIM_AUTH_SCIM, .rt = USER,
	    .fn = { [SCIM_POST] = scim_search_users } },
	{ .path = SCIM "/Users/{id}", .name = "/Users/{id}",
	    .auth = SCIM_AUTH_SCIM, .flags = SCIM_ROUTE_BULK, .rt = USER,
	    .fn = { [SCIM_GET] = scim_users_get,
	    [SCIM_PUT] = scim_users_replace, [SCIM_PATCH] = scim_users_patch,
	    [SCIM_DELETE] = scim_users_delete } },
	{ .path = SCIM "/Groups", .name = "/Groups",
	    .auth = SCIM_AUTH_SCIM, .flags = SCIM_ROUTE_BULK, .rt = GROUP,
	    .fn = { [SCIM_GET] = scim_groups_list,
	    [SCIM_POST] = scim_groups_create } },
	{ .path = SCIM "/Groups/.search", .name = "/Groups/.search",
	    .auth = SCIM_AUTH_SCIM, .rt = GROUP,
	    .fn = { [SCIM_POST] = scim_search_groups } },
	{ .path = SCIM "/Groups/{id}", .name = "/Groups/{id}",
	    .auth = SCIM_AUTH_SCIM, .flags = SCIM_ROUTE_BULK, .rt = GROUP,
	    .fn = { [SCIM_GET] = scim_groups_get,
	    [SCIM_PUT] = scim_groups_replace, [SCIM_PATCH] = scim_groups_patch,
	    [SCIM_DELETE] = scim_groups_delete } },
	/*
	 * The query string's attributes are read against User here too, as
	 * they always were; these answers carry no resource of their own.
	 */
	{ .path = SCIM "/.search", .name = "/.search",
	    .auth = SCIM_AUTH_SCIM, .rt = USER,
	    .fn = { [SCIM_POST] = scim_search_root } },
	{ .path = SCIM "/Bulk", .name = "/Bulk",
	    .auth = SCIM_AUTH_SCIM, .rt = USER,
	    .fn = { [SCIM_POST] = scim_bulk } },
};

const struct scim_route_def *
scim_route_table(size_t *n)
{
	*n = sizeof(routes) / sizeof(routes[0]);
	return routes;
}
