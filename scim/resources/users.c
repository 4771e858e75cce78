/* SPDX-License-Identifier: MIT */
/*
 * scim/resources/users.c
 *
 * /Users: the protocol side of memberships. Bodies are normalised by the
 * codec, changes computed by pure transforms, and the domain decides and
 * writes inside one transaction.
 */
#include "scim/resources/handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "domain/base/log.h"
#include "domain/base/schema.h"
#include "domain/member.h"
#include "scim/http/request.h"
#include "scim/model/codec.h"
#include "scim/model/etag.h"
#include "scim/model/project.h"
#include "scim/model/render.h"
#include "scim/model/resource.h"
#include "scim/patch/patch.h"
#include "scim/resources/list.h"
#include "scim/resources/search.h"

static const struct schema_rtype *const RT = &schema_rtype_user;

static const char *
str_of(struct arena *a, const cJSON *v)
{
	return cJSON_IsString(v) ? arena_strdup(a, v->valuestring) : NULL;
}

/*
 * The role the SCIM `roles` attribute names, in the canonical spelling
 * (values match case-insensitively). A value that is no role is returned
 * as sent, so that the domain refuses it with the list of roles; else the
 * strongest wins (so that "owner" among others is refused, not ignored).
 * An empty list is "member".
 */
static const char *
role_of(const cJSON *roles)
{
	const cJSON	*it, *v;
	size_t		 i, best = (size_t)-1;

	cJSON_ArrayForEach(it, roles) {
		v = cJSON_GetObjectItemCaseSensitive(it, "value");
		if (!cJSON_IsString(v))
			continue;
		for (i = 0; schema_roles[i] != NULL; i++)
			if (strcasecmp(v->valuestring, schema_roles[i]) == 0)
				break;
		if (schema_roles[i] == NULL)
			return v->valuestring;
		if (i < best)
			best = i;
	}
	return best == (size_t)-1 ? "member" : schema_roles[best];
}

/* Whether attribute `name` differs between two stored forms. */
static int
changed(const cJSON *before, const cJSON *after, const char *name)
{
	const cJSON	*x = cJSON_GetObjectItemCaseSensitive(before, name);
	const cJSON	*y = cJSON_GetObjectItemCaseSensitive(after, name);

	if (x == NULL || y == NULL)
		return x != y;
	return !cJSON_Compare(x, y, 1);
}

/*
 * Reads the facts the domain decides on out of a stored-form resource;
 * `before` is the current stored form for an update, NULL for a create.
 * The role is reported only when the request set or changed `roles`, so
 * an IdP that never sends roles never demotes anyone; `before` shows the
 * role held directly (scim_resource_user_stored). Strings are copied
 * into the arena.
 */
static int
facts_of(struct dom_member_facts *f, struct arena *a, const cJSON *res,
    const cJSON *before, struct err *err)
{
	const cJSON	*emails = cJSON_GetObjectItemCaseSensitive(res, "emails");
	const cJSON	*it, *active;
	const char	**list;
	size_t		 n = 0;
	int		 b;

	memset(f, 0, sizeof(*f));
	f->user_name = str_of(a, cJSON_GetObjectItemCaseSensitive(res, "userName"));
	if (f->user_name == NULL || f->user_name[0] == '\0')
		return err_set(err, 400, ST_INVALID_VALUE,
		    "attribute \"userName\" is required");
	f->external_id = str_of(a, cJSON_GetObjectItemCaseSensitive(res, "externalId"));
	f->display_name = str_of(a, cJSON_GetObjectItemCaseSensitive(res, "displayName"));
	active = cJSON_GetObjectItemCaseSensitive(res, "active");
	f->active = (active == NULL || scim_codec_bool(&b, active) == -1) ? 1 : b;
	list = arena_alloc(a, (size_t)(cJSON_GetArraySize(emails) + 1) * sizeof(*list));
	cJSON_ArrayForEach(it, emails) {
		const char	*v = str_of(a, cJSON_GetObjectItemCaseSensitive(it, "value"));

		if (v == NULL || v[0] == '\0')
			continue;
		list[n++] = v;
		/* The primary address wins; without one, the first. */
		if (f->primary_email == NULL ||
		    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "primary")))
			f->primary_email = v;
	}
	f->emails = list;
	f->nemails = n;
	f->resource = NULL;
	if (before == NULL ? cJSON_GetObjectItemCaseSensitive(res, "roles") != NULL :
	    changed(before, res, "roles"))
		f->role = arena_strdup(a,
		    role_of(cJSON_GetObjectItemCaseSensitive(res, "roles")));
	f->email_changed = before != NULL && changed(before, res, "emails");
	return 0;
}

/*
 * The stored form without `roles`: the member row holds the role (it may
 * be changed by operators and group mappings), and rendering shows it.
 */
static const char *
stored_of(struct arena *a, cJSON *res)
{
	cJSON_DeleteItemFromObjectCaseSensitive(res, "roles");
	return scim_resource_print(a, res);
}

/* Renders a member with projection; status 200 or 201. */
static int
reply_member(struct scim_call *c, const struct member_row *m, int status,
    struct err *err)
{
	cJSON		*doc = scim_resource_user(m, c->req->base_url);
	char		 tag[32];

	if (doc == NULL) {
		log_error("member %s has an unreadable stored resource", m->id);
		return err_internal(err);
	}
	scim_project(doc, c->proj, RT);
	scim_resource_etag(tag, sizeof(tag), m->version);
	scim_resp_header(c->resp, &c->req->arena, "ETag", tag);
	if (status == 201) {
		char	*loc = arena_printf(&c->req->arena, "%s/Users/%s",
		    c->req->base_url, m->id);

		scim_resp_header(c->resp, &c->req->arena, "Location", loc);
	}
	scim_render_json(c->resp, status, doc);
	return 0;
}

int
scim_users_create(struct scim_call *c, struct err *err)
{
	struct dom_member_facts	 f;
	struct member_row	 m;
	cJSON			*body = NULL, *res = NULL;
	int			 rc = -1;

	if (scim_body_json(&body, c->req, err) == -1 ||
	    scim_codec_normalize(&res, RT, body, err) == -1)
		goto out;
	if (cJSON_GetObjectItemCaseSensitive(res, "active") == NULL)
		cJSON_AddBoolToObject(res, "active", 1);
	if (facts_of(&f, &c->req->arena, res, NULL, err) == -1)
		goto out;
	f.resource = stored_of(&c->req->arena, res);
	if (dom_member_provision(&m, c->conn, &c->req->arena, c->actor, &f,
	    err) == -1)
		goto out;
	rc = reply_member(c, &m, 201, err);
out:
	cJSON_Delete(body);
	cJSON_Delete(res);
	return rc;
}

int
scim_users_get(struct scim_call *c, struct err *err)
{
	struct member_row	m;

	if (dom_member_get(&m, c->conn, &c->req->arena, c->actor, c->id,
	    err) == -1)
		return -1;
	if (scim_render_not_modified(c->resp, &c->req->arena,
	    c->req->if_none_match, m.version))
		return 0;
	return reply_member(c, &m, 200, err);
}

/* What a PUT or PATCH transform needs from the request. */
struct body_arg {
	const cJSON	*body;
	const char	*if_match;
};

/*
 * A PUT without `roles`, or with an empty list (Entra sends `roles: []`
 * with every profile), keeps the role: the IdP owns only what it sends,
 * and Okta pushes the whole profile, usually without roles, on every
 * change.
 */
static void
keep_roles(cJSON *res, const cJSON *old)
{
	const cJSON	*sent = cJSON_GetObjectItemCaseSensitive(res, "roles");
	const cJSON	*held = cJSON_GetObjectItemCaseSensitive(old, "roles");

	if (cJSON_GetArraySize(sent) > 0 || held == NULL)
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(res, "roles");
	cJSON_AddItemToObject(res, "roles", cJSON_Duplicate(held, 1));
}

/*
 * PUT: the body replaces the resource, but a missing `active` keeps the
 * current value — an IdP that leaves it out must not suspend anyone —
 * and so does a missing `roles`.
 */
static int
replace_fn(struct dom_member_facts *after, const struct member_row *before,
    struct arena *a, void *arg, struct err *err)
{
	struct body_arg		*r = arg;
	cJSON			*res = NULL, *old;
	int			 rc = -1;

	if (scim_etag_check_if_match(r->if_match, before->version, err) == -1)
		return -1;
	if ((old = scim_resource_user_stored(before)) == NULL) {
		log_error("member %s has an unreadable stored resource", before->id);
		return err_internal(err);
	}
	if (scim_codec_normalize(&res, RT, r->body, err) == 0) {
		if (cJSON_GetObjectItemCaseSensitive(res, "active") == NULL)
			cJSON_AddBoolToObject(res, "active", before->active);
		keep_roles(res, old);
		if (facts_of(after, a, res, old, err) == 0) {
			after->resource = stored_of(a, res);
			rc = 0;
		}
	}
	cJSON_Delete(old);
	cJSON_Delete(res);
	return rc;
}


static int
patch_fn(struct dom_member_facts *after, const struct member_row *before,
    struct arena *a, void *arg, struct err *err)
{
	struct body_arg		*p = arg;
	cJSON			*old = scim_resource_user_stored(before);
	cJSON			*res = cJSON_Duplicate(old, 1);
	int			 rc = -1;

	if (old == NULL) {
		log_error("member %s has an unreadable stored resource", before->id);
		return err_internal(err);
	}
	if (scim_etag_check_if_match(p->if_match, before->version, err) == 0 &&
	    scim_patch_apply(&res, NULL, RT, before->id, p->body, a, err) == 0 &&
	    facts_of(after, a, res, old, err) == 0) {
		after->resource = stored_of(a, res);
		rc = 0;
	}
	cJSON_Delete(old);
	cJSON_Delete(res);
	return rc;
}

static int
update(struct scim_call *c, dom_member_transform fn, struct err *err)
{
	struct member_row	 m;
	struct body_arg		 b;
	cJSON			*body = NULL;
	int			 rc = -1;

	if (scim_body_json(&body, c->req, err) == -1)
		return -1;
	b.body = body;
	b.if_match = c->req->if_match;
	if (dom_member_update(&m, c->conn, &c->req->arena, c->actor, c->id,
	    fn, &b, err) == 0)
		rc = reply_member(c, &m, 200, err);
	cJSON_Delete(body);
	return rc;
}

int
scim_users_replace(struct scim_call *c, struct err *err)
{
	return update(c, replace_fn, err);
}

int
scim_users_patch(struct scim_call *c, struct err *err)
{
	return update(c, patch_fn, err);
}

static int
delete_check(const struct member_row *before, void *arg, struct err *err)
{
	return scim_etag_check_if_match(arg, before->version, err);
}

int
scim_users_delete(struct scim_call *c, struct err *err)
{
	if (dom_member_remove(c->conn, &c->req->arena, c->actor, c->id,
	    delete_check, (void *)c->req->if_match, err) == -1)
		return -1;
	c->resp->status = 204;
	return 0;
}

int
scim_users_list(struct scim_call *c, struct err *err)
{
	struct scim_list	l;

	if (scim_list_params(&l, c->req, RT, "Users", err) == -1)
		return -1;
	return scim_search_run(c, &l, RT, err);
}
