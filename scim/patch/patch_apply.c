/* SPDX-License-Identifier: MIT */
/*
 * scim/patch/patch_apply.c
 *
 * The PATCH engine (RFC 7644 §3.5.2): reads a PatchOp body, applies each
 * operation to a working copy of the stored resource, and swaps the copy
 * in only when every operation succeeded. Single-valued attributes are
 * handled here; multi-valued ones in patch_multi.c, Group members in
 * patch_members.c, paths in patch_path.c.
 */
#include "scim/patch/patch.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scim/model/codec.h"
#include "scim/patch/patch_int.h"

#define PATCHOP_URN	"urn:ietf:params:scim:api:messages:2.0:PatchOp"

static const char *const kind_name[] = { "add", "remove", "replace" };

static int apply_path(struct scim_patch_ctx *, enum scim_patch_kind,
    const struct scim_patch_path *, const cJSON *, struct err *);

/*
 * The object the attributes of schema s live in: the resource itself,
 * or the object under the extension URN, created when `create` is set.
 */
static cJSON *
container_of(struct scim_patch_ctx *c, const struct schema *s, int create)
{
	cJSON	*o;

	if (c->rt->ext == NULL || s != c->rt->ext)
		return c->res;
	o = cJSON_GetObjectItemCaseSensitive(c->res, s->id);
	if (o == NULL && create)
		o = cJSON_AddObjectToObject(c->res, s->id);
	return o;
}

/*
 * Path-less add/replace (and a path naming a whole schema): every member
 * of the value object is applied as if it were its own operation with
 * that member name as path. Names may themselves be paths, as Entra
 * sends them ("name.givenName", "urn:…:enterprise:2.0:User:department"),
 * so they go through the path parser rather than being stored
 * literally. `prefix` is the schema URN the names are relative to, NULL
 * at the top level.
 */
static int
apply_object(struct scim_patch_ctx *c, enum scim_patch_kind kind,
    const char *prefix, const cJSON *obj, struct err *err)
{
	struct scim_patch_path	 p;
	const cJSON		*it;
	const char		*text;

	if (!cJSON_IsObject(obj))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "%s without a path needs an object value",
		    kind_name[kind]);
	cJSON_ArrayForEach(it, obj) {
		/* `schemas` is message framing some clients echo. */
		if (prefix == NULL && strcasecmp(it->string, "schemas") == 0)
			continue;
		text = prefix == NULL ? it->string :
		    arena_printf(c->a, "%s:%s", prefix, it->string);
		if (scim_patch_path_parse(&p, c->a, c->rt, text, err) == -1)
			return -1;
		if (apply_path(c, kind, &p, it, err) == -1)
			return -1;
	}
	return 0;
}

/* A path naming a whole schema ("urn:…:enterprise:2.0:User"). */
static int
schema_op(struct scim_patch_ctx *c, enum scim_patch_kind kind,
    const struct scim_patch_path *p, const cJSON *value, struct err *err)
{
	if (kind == SCIM_PATCH_REMOVE) {
		if (p->schema == c->rt->core)
			return err_set(err, 400, ST_INVALID_PATH,
			    "the core schema of %s cannot be removed",
			    c->rt->id);
		cJSON_DeleteItemFromObjectCaseSensitive(c->res, p->schema->id);
		return 0;
	}
	if (cJSON_IsNull(value) && kind == SCIM_PATCH_ADD)
		return 0;
	return apply_object(c, kind, p->schema->id, value, err);
}

/*
 * Read-only and write-only attributes. Returns 1 when the operation is
 * done (accepted and dropped), 0 to go on, -1 on error.
 */
static int
check_mutability(enum scim_patch_kind kind,
    const struct scim_patch_path *p, const cJSON *value, const char *id,
    struct err *err)
{
	cJSON	*nv = NULL;
	int	 rc;

	if (p->attr->mutability == SCHEMA_RO ||
	    (p->sub != NULL && p->sub->mutability == SCHEMA_RO)) {
		/*
		 * Okta sends the current id in its path-less group rename;
		 * restating a value is not changing it.
		 */
		if (p->schema == &schema_common && p->sub == NULL &&
		    strcmp(p->attr->name, "id") == 0 &&
		    kind != SCIM_PATCH_REMOVE && cJSON_IsString(value) &&
		    id != NULL && strcmp(value->valuestring, id) == 0)
			return 1;
		return err_set(err, 400, ST_MUTABILITY,
		    "attribute \"%s%s%s\" is read-only", p->attr->name,
		    p->sub != NULL ? "." : "",
		    p->sub != NULL ? p->sub->name : "");
	}
	/*
	 * SCHEMA_IMMUTABLE is not checked here: in the catalog only the
	 * sub-attributes of Group members are immutable, and members never
	 * reach this function (patch_members.c).
	 */
	if (p->attr->mutability != SCHEMA_WO)
		return 0;
	/* password: checked like any value, then dropped: never stored. */
	if (kind == SCIM_PATCH_REMOVE)
		return 1;
	rc = scim_codec_value(&nv, p->attr, p->sub, value, p->attr->name, err);
	cJSON_Delete(nv);
	return rc == -1 ? -1 : 1;
}

/*
 * A complex value that names a different resource (a manager with a
 * different `value`) is a new value, not an edit: keeping the old $ref
 * or displayName would describe someone else.
 */
static int
other_reference(const cJSON *old, const cJSON *nv)
{
	const cJSON	*ov = cJSON_GetObjectItemCaseSensitive(old, "value");
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(nv, "value");

	return cJSON_IsString(v) &&
	    !(cJSON_IsString(ov) && strcmp(ov->valuestring, v->valuestring) == 0);
}

/*
 * A new `value` of a reference, set by its own path (`manager.value`),
 * moves the $ref along when the old one was the URI of the old value ("…/Users/<old>"):
 * the same base names the new resource. A $ref of another form, which
 * would describe someone else, is dropped with the old value.
 */
static void
carry_ref(const cJSON *old, cJSON *nv)
{
	const cJSON	*ov = cJSON_GetObjectItemCaseSensitive(old, "value");
	const cJSON	*ref = cJSON_GetObjectItemCaseSensitive(old, "$ref");
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(nv, "value");
	size_t		 nr, no;
	char		*buf;

	if (!cJSON_IsString(ov) || !cJSON_IsString(ref) || !cJSON_IsString(v) ||
	    cJSON_GetObjectItemCaseSensitive(nv, "$ref") != NULL)
		return;
	nr = strlen(ref->valuestring);
	no = strlen(ov->valuestring);
	if (no == 0 || nr <= no || ref->valuestring[nr - no - 1] != '/' ||
	    strcmp(ref->valuestring + nr - no, ov->valuestring) != 0)
		return;
	buf = malloc(nr - no + strlen(v->valuestring) + 1);
	if (buf == NULL)
		return;
	memcpy(buf, ref->valuestring, nr - no);
	strcpy(buf + nr - no, v->valuestring);
	cJSON_AddItemToObject(nv, "$ref", cJSON_CreateString(buf));
	free(buf);
}

/*
 * Older Entra SDK shapes wrap a single-valued simple value like a
 * multi-valued one: [{"$ref":null,"value":"x"}] for "x". Returns the
 * wrapped value, or v itself.
 */
static const cJSON *
unwrap_sdk(const struct scim_patch_path *p, const cJSON *v)
{
	const cJSON	*inner;

	if (p->attr->type == SCHEMA_COMPLEX || p->sub != NULL ||
	    !cJSON_IsArray(v) || cJSON_GetArraySize(v) != 1)
		return v;
	inner = scim_codec_get(v->child, "value");
	return inner != NULL ? inner : v;
}

/*
 * A remove that names the value it removes (`"path": "…:manager",
 * "value": {"value": "m1"}`, the Entra members dialect applied to a
 * single-valued attribute) removes only that value: when the attribute
 * holds something else the client is out of date and nothing changes.
 * Returns 1 when the current value matches (or no value was given).
 */
static int
remove_matches(const struct scim_patch_path *p, const cJSON *old,
    const cJSON *value, struct err *err)
{
	cJSON		*nv = NULL;
	const cJSON	*it, *cur;
	int		 hit = 1;

	if (value == NULL || cJSON_IsNull(value) || old == NULL)
		return 1;
	if (scim_codec_value(&nv, p->attr, p->sub, value, p->attr->name,
	    err) == -1)
		return -1;
	cur = p->sub != NULL ?
	    cJSON_GetObjectItemCaseSensitive(old, p->sub->name) : old;
	if (nv != NULL && cJSON_IsObject(nv) && cJSON_IsObject(cur)) {
		cJSON_ArrayForEach(it, nv) {
			if (!cJSON_Compare(it, cJSON_GetObjectItemCaseSensitive(
			    cur, it->string), 1))
				hit = 0;
		}
	} else if (nv != NULL)
		hit = cur != NULL && cJSON_Compare(nv, cur, 1);
	cJSON_Delete(nv);
	return hit;
}

/*
 * add/replace/remove of a single-valued attribute or one sub-attribute
 * of a single-valued complex attribute. add and replace are the same
 * here (RFC 7644 §3.5.2.1: "If the target location specifies a
 * single-valued attribute, the existing value is replaced"); for a
 * complex attribute the given sub-attributes replace theirs and the
 * others are kept (§3.5.2.3). JSON null in a replace unassigns.
 */
static int
single_op(cJSON *container, enum scim_patch_kind kind,
    const struct scim_patch_path *p, const cJSON *value, const char *name,
    struct err *err)
{
	const struct schema_attr	*a = p->attr;
	cJSON				*nv = NULL, *old, *it;
	int				 rc;

	value = unwrap_sdk(p, value);
	if (kind != SCIM_PATCH_REMOVE &&
	    scim_codec_value(&nv, a, p->sub, value, name, err) == -1)
		return -1;
	old = cJSON_GetObjectItemCaseSensitive(container, a->name);
	if (kind == SCIM_PATCH_REMOVE) {
		rc = remove_matches(p, old, value, err);
		if (rc != 1)
			return rc;
	}
	if (nv == NULL) {
		/* remove, or replace with null; add of nothing is a no-op. */
		if (kind == SCIM_PATCH_ADD ||
		    (kind == SCIM_PATCH_REPLACE && !cJSON_IsNull(value)))
			return 0;
		if (p->sub == NULL || old == NULL)
			cJSON_DeleteItemFromObjectCaseSensitive(container, a->name);
		else {
			cJSON_DeleteItemFromObjectCaseSensitive(old, p->sub->name);
			if (old->child == NULL)
				cJSON_DeleteItemFromObjectCaseSensitive(container,
				    a->name);
		}
		return 0;
	}
	if (p->sub != NULL) {
		it = nv;
		nv = cJSON_CreateObject();
		cJSON_AddItemToObject(nv, p->sub->name, it);
	}
	if (a->type != SCHEMA_COMPLEX || !cJSON_IsObject(old) ||
	    other_reference(old, nv)) {
		if (p->sub != NULL && cJSON_IsObject(old))
			carry_ref(old, nv);
		scim_patch_obj_set(container, a->name, nv);
		return 0;
	}
	cJSON_ArrayForEach(it, nv)
		scim_patch_obj_set(old, it->string, cJSON_Duplicate(it, 1));
	cJSON_Delete(nv);
	return 0;
}

static int
is_members(const struct schema_rtype *rt, const struct scim_patch_path *p)
{
	return p->schema == rt->core && rt->core == &schema_group &&
	    strcmp(p->attr->name, "members") == 0;
}

static int
apply_path(struct scim_patch_ctx *c, enum scim_patch_kind kind,
    const struct scim_patch_path *p, const cJSON *value, struct err *err)
{
	cJSON		*container;
	const char	*name;
	int		 rc;

	if (p->attr == NULL)
		return schema_op(c, kind, p, value, err);
	if (is_members(c->rt, p))
		return scim_patch_members_op(c, kind, p, value, err);
	rc = check_mutability(kind, p, value, c->id, err);
	if (rc != 0)
		return rc == 1 ? 0 : -1;
	container = container_of(c, p->schema, kind != SCIM_PATCH_REMOVE);
	if (container == NULL)
		return 0;	/* removing from an absent extension */
	name = p->sub == NULL ? p->attr->name :
	    arena_printf(c->a, "%s.%s", p->attr->name, p->sub->name);
	if (p->attr->multi)
		return scim_patch_multi_op(c, kind, container, p, value, name,
		    err);
	return single_op(container, kind, p, value, name, err);
}

static int
parse_kind(enum scim_patch_kind *kind, const cJSON *op, struct err *err)
{
	const cJSON	*v = scim_codec_get(op, "op");

	if (!cJSON_IsString(v))
		return err_set(err, 400, ST_INVALID_SYNTAX,
		    "missing \"op\" (add, remove or replace)");
	/* Entra sends "Add", "Replace", "Remove". */
	if (strcasecmp(v->valuestring, "add") == 0)
		*kind = SCIM_PATCH_ADD;
	else if (strcasecmp(v->valuestring, "remove") == 0)
		*kind = SCIM_PATCH_REMOVE;
	else if (strcasecmp(v->valuestring, "replace") == 0)
		*kind = SCIM_PATCH_REPLACE;
	else
		return err_set(err, 400, ST_INVALID_SYNTAX,
		    "unrecognized op \"%.40s\"", v->valuestring);
	return 0;
}

/* One element of Operations. */
static int
apply_op(struct scim_patch_ctx *c, const cJSON *op, struct err *err)
{
	enum scim_patch_kind	 kind = SCIM_PATCH_ADD;
	struct scim_patch_path	 p;
	const cJSON		*path, *value;

	if (!cJSON_IsObject(op))
		return err_set(err, 400, ST_INVALID_SYNTAX,
		    "an operation must be a JSON object");
	if (parse_kind(&kind, op, err) == -1)
		return -1;
	path = scim_codec_get(op, "path");
	value = scim_codec_get(op, "value");
	if (path != NULL && !cJSON_IsNull(path) && !cJSON_IsString(path))
		return err_set(err, 400, ST_INVALID_PATH,
		    "\"path\" must be a string");
	/* "path": null and "path": "" are sent by clients meaning none. */
	if (cJSON_IsNull(path) ||
	    (cJSON_IsString(path) && path->valuestring[0] == '\0'))
		path = NULL;
	if (kind != SCIM_PATCH_REMOVE && value == NULL)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "%s needs a \"value\"", kind_name[kind]);
	if (path == NULL) {
		/* RFC 7644 §3.5.2.2: remove without path is noTarget. */
		if (kind == SCIM_PATCH_REMOVE)
			return err_set(err, 400, ST_NO_TARGET,
			    "remove needs a \"path\"");
		return apply_object(c, kind, NULL, value, err);
	}
	if (scim_patch_path_parse(&p, c->a, c->rt, path->valuestring, err) == -1)
		return -1;
	return apply_path(c, kind, &p, value, err);
}

/*
 * The PatchOp message (RFC 7644 §3.5.2): `schemas` must name PatchOp
 * when present (its absence is tolerated: no IdP omits it, but some
 * hand-written clients do), `Operations` is matched in any case.
 */
static int
operations(const cJSON **out, const cJSON *body, struct err *err)
{
	const cJSON	*schemas, *ops, *it;
	int		 found = 0, n;

	if (!cJSON_IsObject(body))
		return err_set(err, 400, ST_INVALID_SYNTAX,
		    "request body must be a JSON object");
	schemas = scim_codec_get(body, "schemas");
	if (schemas != NULL && !cJSON_IsNull(schemas)) {
		cJSON_ArrayForEach(it, schemas) {
			if (cJSON_IsString(it) &&
			    strcasecmp(it->valuestring, PATCHOP_URN) == 0)
				found = 1;
		}
		if (!cJSON_IsArray(schemas) || !found)
			return err_set(err, 400, ST_INVALID_SYNTAX,
			    "\"schemas\" must contain \"%s\"", PATCHOP_URN);
	}
	ops = scim_codec_get(body, "Operations");
	if (!cJSON_IsArray(ops))
		return err_set(err, 400, ST_INVALID_SYNTAX,
		    "\"Operations\" must be an array of operations");
	n = cJSON_GetArraySize(ops);
	if (n == 0)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "\"Operations\" is empty");
	/* 400 rather than 413: the body itself was not too large. */
	if (n > SCIM_PATCH_MAX_OPS)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "too many operations: %d (at most %d)", n,
		    SCIM_PATCH_MAX_OPS);
	*out = ops;
	return 0;
}

/* RFC 7643 §2.2: a required attribute must not end up unassigned. */
static int
check_required(const struct scim_patch_ctx *c, struct err *err)
{
	const struct schema_attr	*a;
	const cJSON			*v;
	size_t				 i;

	for (i = 0; i < c->rt->core->nattrs; i++) {
		a = &c->rt->core->attrs[i];
		if (!a->required)
			continue;
		v = cJSON_GetObjectItemCaseSensitive(c->res, a->name);
		if (v == NULL || (cJSON_IsString(v) && v->valuestring[0] == '\0'))
			return err_set(err, 400, ST_INVALID_VALUE,
			    "attribute \"%s\" is required and cannot be "
			    "removed", a->name);
	}
	return 0;
}

/*
 * The result is held to the codec's rules like a PUT body: what an
 * operation builds from other input than its value (an element a value
 * filter describes, `emails[value eq 42]`) is checked here, once.
 */
static int
check_types(const struct scim_patch_ctx *c, struct err *err)
{
	cJSON	*chk = NULL;

	if (scim_codec_normalize(&chk, c->rt, c->res, err) == -1)
		return -1;
	cJSON_Delete(chk);
	return 0;
}

/* The netted id set as the NULL-free array of the public delta. */
static void
export_ids(const char ***out, size_t *n, const struct scim_patch_ids *s,
    struct arena *a)
{
	size_t	i;

	*out = arena_alloc(a, (s->n + 1) * sizeof(**out));
	*n = 0;
	for (i = 0; i < s->n; i++)
		if (s->v[i] != NULL)
			(*out)[(*n)++] = s->v[i];
}

/*
 * Prefixes the detail with the operation's index, so a client can find
 * the failing one; the tail of an already long detail is cut (err_set
 * cuts between characters).
 */
static void
blame(struct err *err, int i)
{
	char	d[sizeof(err->detail)];

	memcpy(d, err->detail, sizeof(d));
	err_set(err, err->status, err->type, "Operations[%d]: %.220s", i, d);
}

int
scim_patch_apply(cJSON **res, struct scim_patch_members *members,
    const struct schema_rtype *rt, const char *id, const cJSON *body,
    struct arena *a, struct err *err)
{
	struct scim_patch_ctx	 c;
	const cJSON		*ops = NULL, *op;
	cJSON			*ext;
	int			 i = 0, rc = -1;

	assert(res != NULL && *res != NULL);
	memset(&c, 0, sizeof(c));
	c.rt = rt;
	c.id = id;
	c.a = a;
	if (operations(&ops, body, err) == -1)
		return -1;
	/* All or nothing: edit a copy, swap it in at the end. */
	c.res = cJSON_Duplicate(*res, 1);
	cJSON_ArrayForEach(op, ops) {
		if (apply_op(&c, op, err) == -1) {
			blame(err, i);
			goto out;
		}
		i++;
	}
	ext = rt->ext != NULL ?
	    cJSON_GetObjectItemCaseSensitive(c.res, rt->ext->id) : NULL;
	if (ext != NULL && ext->child == NULL)
		cJSON_DeleteItemFromObjectCaseSensitive(c.res, rt->ext->id);
	if (check_required(&c, err) == -1 || check_types(&c, err) == -1)
		goto out;
	if (c.clear + c.add.n + c.remove.n > 0 && members == NULL) {
		err_set(err, 400, ST_INVALID_PATH,
		    "members cannot be modified on a %s", rt->id);
		goto out;
	}
	if (members != NULL) {
		memset(members, 0, sizeof(*members));
		members->clear = c.clear;
		export_ids(&members->add, &members->nadd, &c.add, a);
		members->add_display = arena_alloc(a, (members->nadd + 1) *
		    sizeof(*members->add_display));
		for (i = 0; i < (int)members->nadd; i++)
			members->add_display[i] =
			    scim_patch_packed_display(members->add[i]);
		export_ids(&members->remove, &members->nremove, &c.remove, a);
	}
	cJSON_Delete(*res);
	*res = c.res;
	c.res = NULL;
	rc = 0;
out:
	cJSON_Delete(c.res);
	return rc;
}
