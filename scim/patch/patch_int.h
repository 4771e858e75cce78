/* SPDX-License-Identifier: MIT */
/*
 * scim/patch/patch_int.h
 *
 * Private to scim/patch/patch_*.c: the parsed form of a PATCH `path`
 * shared by the path parser (patch_path.c) and the engine (patch_apply.c).
 * Not part of the public API; callers use scim/patch/patch.h.
 */
#ifndef SCIMD_PATCH_INT_H
#define SCIMD_PATCH_INT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/query.h"
#include "domain/base/schema.h"
#include "scim/model/codec.h"

/* Longest `path` accepted; longer ones are refused before any parsing. */
#define SCIM_PATCH_MAX_PATH	4096

/*
 * A resolved PATCH path (RFC 7644 §3.5.2, the PATH production):
 *
 *   urn:…:User:name.givenName   schema=ext/core, attr=name, sub=givenName
 *   emails[type eq "work"].value attr=emails, filter=…, sub=value
 *   urn:…:enterprise:2.0:User   schema=ext, attr=NULL (the whole extension)
 *
 * `schema` is the schema the attribute is stored under: rt->core,
 * rt->ext, or schema_common for id/externalId/meta. `filter` is the
 * bracket filter with paths relative to `attr` (NULL when absent). All
 * pointers are borrowed: catalog entries are static, the filter and
 * `text` live in the arena.
 */
struct scim_patch_path {
	const struct schema		*schema;
	const struct schema_attr	*attr;
	const struct query_node		*filter;
	const struct schema_attr	*sub;
	const char			*text;
};

/*
 * Parses and resolves `text` for resource type rt. Returns 0 and fills
 * *out, or -1 with err = 400 invalidPath (syntax, unknown schema URN,
 * unknown attribute or sub-attribute, filter on a single-valued
 * attribute) or 400 invalidFilter (the bracket filter itself).
 */
int	scim_patch_path_parse(struct scim_patch_path *out, struct arena *a,
	    const struct schema_rtype *rt, const char *text, struct err *err);

enum scim_patch_kind { SCIM_PATCH_ADD, SCIM_PATCH_REMOVE, SCIM_PATCH_REPLACE };

/*
 * A set of member ids in arena memory, in first-insertion order. `v`
 * may hold NULL holes left by deletions; `slot` is an open-addressing
 * index into v (0 = empty, SIZE_MAX = deleted, else index + 1) so that a
 * full push of a large group stays linear.
 */
struct scim_patch_ids {
	const char	**v;
	size_t		  n;
	size_t		  cap;
	size_t		 *slot;
	size_t		  nslot;
};

/*
 * State of one scim_patch_apply call. `res` is the working copy the
 * operations edit (owned by scim_patch_apply, swapped in at the end);
 * the member delta is kept already netted: an id is never in both sets.
 */
struct scim_patch_ctx {
	const struct schema_rtype	*rt;
	const char			*id;		/* the resource's id */
	struct arena			*a;
	cJSON				*res;
	int				 clear;
	struct scim_patch_ids		 add;
	struct scim_patch_ids		 remove;
};

/*
 * The most values a multi-valued attribute other than Group members may
 * hold after a PATCH: the bound that keeps every operation on one small,
 * the same as a POST or PUT may send (scim/model/codec.h).
 */
#define SCIM_PATCH_MAX_VALUES	SCIM_MAX_VALUES

/*
 * Whether element x of multi-valued attribute attr is the value e adds
 * (patch_index.c), and whether two sub-attribute values are equal the
 * way sub compares them (case-insensitively unless caseExact; sub may be
 * NULL: case-insensitive).
 */
int	scim_patch_same_value(const struct schema_attr *attr, const cJSON *x,
	    const cJSON *e);
int	scim_patch_sub_equal(const struct schema_attr *sub, const cJSON *x,
	    const cJSON *y);

/*
 * Open-addressing index over the elements of one array, keyed so that
 * elements scim_patch_same_value finds equal share a probe sequence;
 * `seq` is the order of insertion, so the first such element wins.
 * Arena memory, sized once by init for the elements of arr plus `more`.
 */
struct scim_patch_index_slot {
	cJSON	*elem;
	size_t	 seq;
};

struct scim_patch_index {
	const struct schema_attr	*attr;
	struct scim_patch_index_slot	*slot;
	size_t				 nslot;
	size_t				 n;
};

void	scim_patch_index_init(struct scim_patch_index *, struct arena *,
	    const struct schema_attr *attr, cJSON *arr, size_t more);
void	scim_patch_index_add(struct scim_patch_index *, cJSON *elem);
/* The first indexed element that is the same value as e, or NULL. */
cJSON	*scim_patch_index_find(const struct scim_patch_index *,
	    const cJSON *e);

/*
 * Applies one operation to a multi-valued attribute stored in
 * `container` (the resource or the extension object). `value` is the
 * operation's value member, NULL when the member is absent (which for
 * remove is not the same as JSON null). `name` is the attribute's name
 * for error details.
 */
int	scim_patch_multi_op(struct scim_patch_ctx *, enum scim_patch_kind,
	    cJSON *container, const struct scim_patch_path *,
	    const cJSON *value, const char *name, struct err *err);

/*
 * Turns an operation on a Group's `members` into the member delta of
 * ctx; the stored resource is not touched. Same `value` convention as
 * scim_patch_multi_op.
 */
/* The display an added member id was sent with (NULL: none). */
const char *scim_patch_packed_display(const char *packed_id);
int	scim_patch_members_op(struct scim_patch_ctx *, enum scim_patch_kind,
	    const struct scim_patch_path *, const cJSON *value,
	    struct err *err);

/*
 * Sets obj[name] = item, replacing any previous value. Consumes item.
 * Inline so that the operation files call into each other one way only
 * (patch_apply.c → patch_multi.c, patch_members.c).
 */
static inline void
scim_patch_obj_set(cJSON *obj, const char *name, cJSON *item)
{
	cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
	cJSON_AddItemToObject(obj, name, item);
}

#endif
