/* SPDX-License-Identifier: MIT */
/*
 * scim/model/discovery.h
 *
 * The discovery documents of RFC 7644 §4: /ServiceProviderConfig,
 * /ResourceTypes and /Schemas, generated from the schema catalog so they
 * say exactly what scimd implements. Pure; each returns an owned tree,
 * or NULL for an unknown id.
 */
#ifndef SCIMD_DISCOVERY_H
#define SCIMD_DISCOVERY_H

#include <cjson/cJSON.h>

#define SCIM_MAX_RESULTS	200	/* page size cap, advertised */
#define SCIM_BULK_MAX_OPS	1000	/* operations in one /Bulk request */
#define SCIM_CURSOR_TIMEOUT	3600	/* seconds; storage/cursor.h DB_CURSOR_TTL */

/* max_payload: the request body limit, advertised as bulk.maxPayloadSize. */
cJSON	*scim_discovery_spc(const char *base_url, long max_payload);
cJSON	*scim_discovery_resource_types(const char *base_url);
cJSON	*scim_discovery_resource_type(const char *base_url, const char *id);
cJSON	*scim_discovery_schemas(const char *base_url);
cJSON	*scim_discovery_schema(const char *base_url, const char *urn);

#endif
