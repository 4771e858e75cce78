/* SPDX-License-Identifier: MIT */
/*
 * scim/patch/patch.h
 *
 * The PATCH engine (RFC 7644 §3.5.2): a resource in stored form
 * (scim/model/codec.h) plus a PatchOp request body gives a new resource or a
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
	const char	**add_display;	/* parallel to add; NULL entries: none sent */
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
 * On failure returns -1 with err set and leaves *res untouched (not a
 * byte of it changes: the operations run on a copy). `body` is borrowed.
 * For a Group `members` must be non-NULL; an operation on members
 * without it is refused (400) rather than dropped.
 *
 * Semantics beyond the RFC's letter (see scim/patch/patch_*.c for the why):
 * `op` and member names in any case; a missing `schemas` or a
 * lower-case "operations" are tolerated; a path-less add/replace applies
 * each key of its object as a path ("name.givenName", URN-qualified
 * keys); `id` equal to the current id is accepted and ignored;
 * `password` is checked and dropped; remove of something absent, or
 * through a filter matching nothing, is a no-op; add through a filter
 * matching nothing creates the value the filter's `eq` terms describe;
 * remove with a `value` removes only the listed values (Entra), and only
 * a value-less remove of `members` clears the group.
 *
 * Errors (all 400): invalidSyntax (body shape, missing Operations,
 * unknown op), invalidPath (path syntax or unknown attribute or schema),
 * noTarget (remove without path; replace through a value filter that
 * matches nothing), mutability (readOnly attribute, or `id` different
 * from the current id), invalidValue (wrong value type, missing value,
 * removal of a required attribute, empty Operations, more than
 * SCIM_PATCH_MAX_OPS operations), invalidFilter (bad value filter, or a
 * members filter other than `value eq` joined by `or`). The detail of
 * an error in an operation starts with "Operations[i]: ".
 */
int	scim_patch_apply(cJSON **res, struct scim_patch_members *members,
	    const struct schema_rtype *rt, const char *id, const cJSON *body,
	    struct arena *a, struct err *err);

#endif
