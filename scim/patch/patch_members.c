/* SPDX-License-Identifier: MIT */
/*
 * scim/patch/patch_members.c
 *
 * PATCH operations on a Group's `members`, turned into the membership
 * delta of scim/patch/patch.h. Members are not part of the stored form, so
 * nothing here reads or writes the resource tree; whether the ids exist
 * is for the caller to check against the database.
 */
#include "scim/patch/patch_int.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "scim/model/codec.h"

static size_t
hash(const char *s)
{
	size_t	h = 1469598103934665603u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

/*
 * The slot holding id, or the first free slot of its probe sequence when
 * absent (a deleted slot is reused only for insertion, so lookups keep
 * probing past it). nslot is a power of two and never full.
 */
static size_t *
ids_slot(const struct scim_patch_ids *s, const char *id, int for_insert)
{
	size_t	 mask = s->nslot - 1, i = hash(id) & mask;
	size_t	*tomb = NULL;

	for (;; i = (i + 1) & mask) {
		if (s->slot[i] == 0)
			return for_insert && tomb != NULL ? tomb : &s->slot[i];
		if (s->slot[i] == SIZE_MAX) {
			if (tomb == NULL)
				tomb = &s->slot[i];
			continue;
		}
		if (strcmp(s->v[s->slot[i] - 1], id) == 0)
			return &s->slot[i];
	}
}

static int
ids_has(const struct scim_patch_ids *s, const char *id)
{
	return s->nslot > 0 && *ids_slot(s, id, 0) != 0;
}

/* Rebuilds the index at twice the entry capacity; arena memory, so the old one is just left behind. */
static void
ids_grow(struct scim_patch_ids *s, struct arena *a)
{
	const char	**v;
	size_t		  i, m = 0;

	s->cap = s->cap == 0 ? 16 : s->cap * 2;
	v = arena_alloc(a, s->cap * sizeof(*v));
	for (i = 0; i < s->n; i++)
		if (s->v[i] != NULL)
			v[m++] = s->v[i];	/* drop deletion holes */
	s->v = v;
	s->n = m;
	s->nslot = s->cap * 2;
	s->slot = arena_alloc(a, s->nslot * sizeof(*s->slot));
	memset(s->slot, 0, s->nslot * sizeof(*s->slot));
	for (i = 0; i < s->n; i++)
		*ids_slot(s, s->v[i], 1) = i + 1;
}

static void
ids_add(struct scim_patch_ids *s, struct arena *a, const char *id)
{
	if (ids_has(s, id))
		return;
	if (s->n == s->cap)
		ids_grow(s, a);
	s->v[s->n] = id;
	*ids_slot(s, id, 1) = ++s->n;
}

static void
ids_del(struct scim_patch_ids *s, const char *id)
{
	size_t	*sl;

	if (s->nslot == 0)
		return;
	sl = ids_slot(s, id, 0);
	if (*sl == 0)
		return;
	s->v[*sl - 1] = NULL;
	*sl = SIZE_MAX;
}

static void
ids_clear(struct scim_patch_ids *s)
{
	memset(s, 0, sizeof(*s));
}

/*
 * Removing then adding the same id leaves it a member, adding then
 * removing leaves it not one: keep the sets netted so that storage can
 * apply them in the fixed order clear, remove, add.
 */
static void
delta_add(struct scim_patch_ctx *c, const char *id)
{
	ids_del(&c->remove, id);
	ids_add(&c->add, c->a, id);
}

static void
delta_remove(struct scim_patch_ctx *c, const char *id)
{
	ids_del(&c->add, id);
	if (!c->clear)	/* after a clear, nothing but c->add is left */
		ids_add(&c->remove, c->a, id);
}

static void
delta_clear(struct scim_patch_ctx *c)
{
	c->clear = 1;
	ids_clear(&c->add);
	ids_clear(&c->remove);
}

/*
 * An added id carries the display it was sent with right after its NUL,
 * so the id sets (which compare with strcmp) need no second table; see
 * scim_patch_packed_display().
 */
static const char *
packed_id(struct arena *a, const char *id, const cJSON *display)
{
	const char	*d = cJSON_IsString(display) ? display->valuestring : "";
	size_t		 n = strlen(id), m = strlen(d);
	char		*p = arena_alloc(a, n + m + 2);

	memcpy(p, id, n + 1);
	memcpy(p + n + 1, d, m + 1);
	return p;
}

const char *
scim_patch_packed_display(const char *packed)
{
	const char	*d = packed + strlen(packed) + 1;

	return d[0] != '\0' ? d : NULL;
}

/*
 * The member ids of a value list: `[{"value":"u1"},…]`, a single object
 * (normalised by the codec like any multi-valued attribute, which also
 * drops Entra's `"$ref": null`). JSON null and [] give no ids.
 */
static int
value_ids(struct scim_patch_ctx *c, const struct schema_attr *attr,
    const cJSON *value, int remove, struct err *err)
{
	cJSON		*nv = NULL, *it, *id;
	int		 rc = -1, i = 0;

	if (scim_codec_value(&nv, attr, NULL, value, "members", err) == -1)
		goto out;
	cJSON_ArrayForEach(it, nv) {
		id = cJSON_GetObjectItemCaseSensitive(it, "value");
		if (!cJSON_IsString(id) || id->valuestring[0] == '\0') {
			err_set(err, 400, ST_INVALID_VALUE,
			    "member %d has no \"value\" (the member id)", i);
			goto out;
		}
		if (remove)
			delta_remove(c, arena_strdup(c->a, id->valuestring));
		else
			delta_add(c, packed_id(c->a, id->valuestring,
			    cJSON_GetObjectItemCaseSensitive(it, "display")));
		i++;
	}
	rc = 0;
out:
	cJSON_Delete(nv);
	return rc;
}

/*
 * valFilter on members that only selects ids: `value eq "id"`, possibly
 * or-joined. Anything else would need the member list, which the engine
 * does not have (see struct scim_patch_members).
 */
static int
filter_ids(struct scim_patch_ctx *c, const struct query_node *q,
    struct err *err)
{
	if (q->op == Q_OR)
		return filter_ids(c, q->left, err) == -1 ? -1 :
		    filter_ids(c, q->right, err);
	if (q->op == Q_EQ && q->path.sub == NULL && q->path.attr != NULL &&
	    strcasecmp(q->path.attr, "value") == 0 &&
	    q->value.type == QV_STRING) {
		delta_remove(c, q->value.str);
		return 0;
	}
	return err_set(err, 400, ST_INVALID_FILTER,
	    "unsupported filter on members: only `value eq \"<id>\"`, "
	    "optionally joined with `or`, can select members");
}

int
scim_patch_members_op(struct scim_patch_ctx *c, enum scim_patch_kind kind,
    const struct scim_patch_path *p, const cJSON *value, struct err *err)
{
	if (p->sub != NULL)
		return err_set(err, 400, ST_MUTABILITY,
		    "sub-attribute \"%s\" of members cannot be modified; "
		    "remove and add the member instead", p->sub->name);
	if (kind == SCIM_PATCH_REMOVE) {
		if (p->filter != NULL)
			return filter_ids(c, p->filter, err);
		/*
		 * Entra's default dialect removes members by listing them in
		 * `value`: remove exactly those. Only a remove without a value
		 * member clears the group; null or [] remove nothing, so a
		 * client bug cannot wipe a group.
		 */
		if (value != NULL)
			return value_ids(c, p->attr, value, 1, err);
		delta_clear(c);
		return 0;
	}
	/*
	 * add/replace through a filter (`members[value eq "x"]`) would mean
	 * changing an immutable member reference in place.
	 */
	if (p->filter != NULL)
		return err_set(err, 400, ST_INVALID_PATH,
		    "invalid path \"%.120s\": members can be added or "
		    "replaced only with the path \"members\"", p->text);
	if (kind == SCIM_PATCH_REPLACE)
		delta_clear(c);
	return value_ids(c, p->attr, value, 0, err);
}
