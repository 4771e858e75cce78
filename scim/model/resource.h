/* SPDX-License-Identifier: MIT */
/*
 * scim/model/resource.h
 *
 * Rendering stored rows as SCIM resources (RFC 7643 §3): schemas, id,
 * the stored attributes, and meta. Pure.
 */
#ifndef SCIMD_RESOURCE_H
#define SCIMD_RESOURCE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "domain/base/arena.h"
#include "domain/base/group_row.h"
#include "domain/base/member_row.h"

/*
 * The stored form printed for storage, copied into the arena (borrowed
 * until the request ends); NULL only when printing fails.
 */
const char *scim_resource_print(struct arena *a, const cJSON *stored);

/* The weak entity tag of a version: W/"<version>". */
void	scim_resource_etag(char *buf, size_t cap, long long version);

/*
 * The User resource of a member. `base_url` is the absolute SCIM base
 * (…/scim/v2). Returns an owned tree (cJSON_Delete), or NULL when the
 * stored JSON is unreadable (a bug or a damaged row: logged by caller).
 */
cJSON	*scim_resource_user(const struct member_row *m, const char *base_url);

/*
 * The member's stored form with `active` and `roles` set from the row,
 * which is authoritative: `roles` is the role held directly (SCIM or
 * operator), the basis a PUT or PATCH changes. scim_resource_user shows
 * the role held, a group mapping's included. Owned, or NULL when
 * unreadable.
 */
cJSON	*scim_resource_user_stored(const struct member_row *m);

/*
 * The Group resource. Members are rendered only when the row has them
 * loaded (members_loaded); otherwise the attribute is left out.
 */
cJSON	*scim_resource_group(const struct group_row *g, const char *base_url);

#endif
