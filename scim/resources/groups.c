/* SPDX-License-Identifier: MIT */
/*
 * scim/resources/groups.c
 *
 * /Groups. Members never travel inside the stored form: bodies are split
 * into attributes and a membership delta, so a change to one member of a
 * large group costs one row.
 */
#include "scim/resources/handlers.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "domain/base/log.h"
#include "domain/group.h"
#include "scim/http/request.h"
#include "scim/model/codec.h"
#include "scim/model/etag.h"
#include "scim/model/project.h"
#include "scim/model/render.h"
#include "scim/model/resource.h"
#include "scim/patch/patch.h"
#include "scim/resources/list.h"
#include "scim/resources/search.h"

static const struct schema_rtype *const RT = &schema_rtype_group;

/*
 * Splits a normalised Group body: takes `members` out of res into an add
 * list (with the display each member was sent with) and fills the facts.
 */
static int
split(struct dom_group_facts *f, struct group_delta *d, struct arena *a,
    cJSON *res, struct err *err)
{
	cJSON			*members, *it, *v, *disp;
	struct group_member_ref	*add;
	size_t			 n = 0;

	memset(f, 0, sizeof(*f));
	members = cJSON_DetachItemFromObjectCaseSensitive(res, "members");
	add = arena_alloc(a, (size_t)(cJSON_GetArraySize(members) + 1) * sizeof(*add));
	cJSON_ArrayForEach(it, members) {
		v = cJSON_GetObjectItemCaseSensitive(it, "value");
		if (!cJSON_IsString(v))
			continue;
		disp = cJSON_GetObjectItemCaseSensitive(it, "display");
		add[n].id = arena_strdup(a, v->valuestring);
		add[n].display = cJSON_IsString(disp) ?
		    arena_strdup(a, disp->valuestring) : NULL;
		n++;
	}
	cJSON_Delete(members);
	d->add = add;
	d->nadd = n;
	v = cJSON_GetObjectItemCaseSensitive(res, "displayName");
	if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
		return err_set(err, 400, ST_INVALID_VALUE,
		    "attribute \"displayName\" is required");
	f->display_name = arena_strdup(a, v->valuestring);
	v = cJSON_GetObjectItemCaseSensitive(res, "externalId");
	f->external_id = cJSON_IsString(v) ? arena_strdup(a, v->valuestring) : NULL;
	f->resource = scim_resource_print(a, res);
	return 0;
}

static int
reply_group(struct scim_call *c, const struct group_row *g, int status,
    struct err *err)
{
	cJSON		*doc = scim_resource_group(g, c->req->base_url);
	char		 tag[32];

	if (doc == NULL) {
		log_error("group %s has an unreadable stored resource", g->id);
		return err_internal(err);
	}
	scim_project(doc, c->proj, RT);
	scim_resource_etag(tag, sizeof(tag), g->version);
	scim_resp_header(c->resp, &c->req->arena, "ETag", tag);
	if (status == 201)
		scim_resp_header(c->resp, &c->req->arena, "Location",
		    arena_printf(&c->req->arena, "%s/Groups/%s", c->req->base_url,
		    g->id));
	scim_render_json(c->resp, status, doc);
	return 0;
}

/* Whether the response wants members (Entra asks not to load them). */
static int
wants_members(struct scim_call *c)
{
	return !scim_projection_excludes(c->proj, "members");
}

int
scim_groups_create(struct scim_call *c, struct err *err)
{
	struct dom_group_facts	 f;
	struct group_delta	 d;
	struct group_row	 g;
	cJSON			*body = NULL, *res = NULL;
	int			 rc = -1;

	memset(&d, 0, sizeof(d));
	if (scim_body_json(&body, c->req, err) == 0 &&
	    scim_codec_normalize(&res, RT, body, err) == 0 &&
	    split(&f, &d, &c->req->arena, res, err) == 0 &&
	    dom_group_create(&g, c->conn, &c->req->arena, c->actor, &f, &d,
	    err) == 0)
		rc = reply_group(c, &g, 201, err);
	cJSON_Delete(body);
	cJSON_Delete(res);
	return rc;
}

int
scim_groups_get(struct scim_call *c, struct err *err)
{
	struct group_row	g;

	if (dom_group_get(&g, c->conn, &c->req->arena, c->actor, c->id,
	    wants_members(c), err) == -1)
		return -1;
	if (scim_render_not_modified(c->resp, &c->req->arena,
	    c->req->if_none_match, g.version))
		return 0;
	return reply_group(c, &g, 200, err);
}

struct body_arg {
	const cJSON	*body;
	const char	*if_match;
};

/* PUT replaces attributes and the whole member list. */
static int
replace_fn(struct dom_group_facts *after, struct group_delta *delta,
    const struct group_row *before, struct arena *a, void *arg,
    struct err *err)
{
	struct body_arg	*b = arg;
	cJSON		*res = NULL;
	int		 rc;

	if (scim_etag_check_if_match(b->if_match, before->version, err) == -1 ||
	    scim_codec_normalize(&res, RT, b->body, err) == -1)
		return -1;
	rc = split(after, delta, a, res, err);
	delta->clear = 1;
	cJSON_Delete(res);
	return rc;
}

static int
patch_fn(struct dom_group_facts *after, struct group_delta *delta,
    const struct group_row *before, struct arena *a, void *arg,
    struct err *err)
{
	struct body_arg			*b = arg;
	struct scim_patch_members	 pm;
	struct group_member_ref		*add;
	cJSON				*res = cJSON_Parse(before->resource);
	size_t				 i;
	int				 rc = -1;

	if (res == NULL) {
		log_error("group %s has an unreadable stored resource", before->id);
		return err_internal(err);
	}
	memset(&pm, 0, sizeof(pm));
	if (scim_etag_check_if_match(b->if_match, before->version, err) == -1)
		goto out;
	if (scim_patch_apply(&res, &pm, RT, before->id, b->body, a, err) == -1)
		goto out;
	add = arena_alloc(a, (pm.nadd + 1) * sizeof(*add));
	for (i = 0; i < pm.nadd; i++) {
		add[i].id = pm.add[i];
		add[i].display = pm.add_display[i];
	}
	if (split(after, delta, a, res, err) == -1)
		goto out;
	delta->clear = pm.clear;
	delta->add = add;
	delta->nadd = pm.nadd;
	delta->remove = pm.remove;
	delta->nremove = pm.nremove;
	rc = 0;
out:
	cJSON_Delete(res);
	return rc;
}

static int
update(struct scim_call *c, dom_group_transform fn, int patch, struct err *err)
{
	struct group_row	 g;
	struct body_arg		 b;
	cJSON			*body = NULL;
	int			 full, rc = -1;

	if (scim_body_json(&body, c->req, err) == -1)
		return -1;
	/* PATCH answers 204 (Entra's advice) unless attributes were asked for. */
	full = !patch || scim_query_param(c->req, "attributes") != NULL ||
	    scim_query_param(c->req, "excludedAttributes") != NULL;
	b.body = body;
	b.if_match = c->req->if_match;
	if (dom_group_update(&g, c->conn, &c->req->arena, c->actor, c->id,
	    full && wants_members(c), fn, &b, err) == -1)
		goto out;
	if (full) {
		rc = reply_group(c, &g, 200, err);
		goto out;
	}
	c->resp->status = 204;
	rc = 0;
out:
	cJSON_Delete(body);
	return rc;
}

int
scim_groups_replace(struct scim_call *c, struct err *err)
{
	return update(c, replace_fn, 0, err);
}

int
scim_groups_patch(struct scim_call *c, struct err *err)
{
	return update(c, patch_fn, 1, err);
}

static int
delete_check(const struct group_row *before, void *arg, struct err *err)
{
	return scim_etag_check_if_match(arg, before->version, err);
}

int
scim_groups_delete(struct scim_call *c, struct err *err)
{
	if (dom_group_delete(c->conn, &c->req->arena, c->actor, c->id,
	    delete_check, (void *)c->req->if_match, err) == -1)
		return -1;
	c->resp->status = 204;
	return 0;
}

int
scim_groups_list(struct scim_call *c, struct err *err)
{
	struct scim_list	l;

	if (scim_list_params(&l, c->req, RT, "Groups", err) == -1)
		return -1;
	return scim_search_run(c, &l, RT, err);
}
