/* SPDX-License-Identifier: MIT */
/*
 * scim/model/etag.h
 *
 * Entity tags (RFC 7644 §3.14, RFC 7232): a resource's version is the
 * weak tag W/"<version>"; If-Match and If-None-Match compare weakly.
 * Pure.
 */
#ifndef SCIMD_ETAG_H
#define SCIMD_ETAG_H

#include "domain/base/err.h"

/*
 * Whether `header` (a comma-separated list of entity tags, or "*")
 * names `version`. Weak and strong forms of the same tag match.
 */
int	scim_etag_matches(const char *header, long long version);

/*
 * The If-Match precondition: 0 when header is NULL or matches, else -1
 * with err = 412 naming the current version.
 */
int	scim_etag_check_if_match(const char *header, long long version,
	    struct err *err);

#endif
