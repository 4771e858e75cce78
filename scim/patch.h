/* SPDX-License-Identifier: MIT */
/*
 * scim/patch.h
 *
 * The PATCH engine (RFC 7644 §3.5.2): a resource in stored form
 * (scim/codec.h) plus a PatchOp request body gives a new resource or a
 * SCIM error. Pure: no I/O. All operations of a request apply, or none.
 */
#ifndef SCIMD_PATCH_H
#define SCIMD_PATCH_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/schema.h"

#define SCIM_PATCH_MAX_OPS	1000

/*
 * Group membership changes. Group members are not part of the stored
 * form (a group may have 100k members); the engine turns every operation
 * on `members` into this delta, applied by storage in O(changed members).
 * Order of application: if `clear`, remove every member first; then
 * remove `remove`; then add `add`. Ids are borrowed from the arena.
 */
struct scim_patch_members {
	int		 clear;
	const char	**add;
	size_t		 nadd;
	const char	**remove;
	size_t		 nremove;
	/*
	 * Value filters on members other than `value eq "<id>"` (e.g.
	 * `members[display co "x"]`) need the member list: such filters are
	 * refused with 400 invalidFilter rather than silently ignored.
	 */
};

/*
 * Applies the PatchOp `body` to `*res` (stored form, resource type rt,
 * current id `id`). On success replaces *res with the new tree (the old
 * one is deleted; the caller owns the new one) and, when `members` is
 * non-NULL (rt is Group), fills the membership delta (arena memory).
 * On failure returns -1 with err set and leaves *res untouched.
 *
 * Errors: 400 invalidSyntax (body shape, missing Operations, unknown op),
 * invalidPath (path syntax or unknown attribute), noTarget (remove/replace
 * through a filter that matches nothing where the RFC says so),
 * mutability (readOnly attribute, or `id` different from the current id),
 * invalidValue (wrong value type, removal of a required attribute),
 * invalidFilter (bad value filter).
 */
int	scim_patch_apply(cJSON **res, struct scim_patch_members *members,
	    const struct schema_rtype *rt, const char *id, const cJSON *body,
	    struct arena *a, struct err *err);

#endif
