/* SPDX-License-Identifier: MIT */
/*
 * scim/model/codec.h
 *
 * Validation and normalisation of SCIM resource JSON against the schema
 * catalog (domain/base/schema.h). Pure: no I/O.
 *
 * The *stored form* of a resource is what scimd keeps and what PATCH
 * operates on: a JSON object whose keys are the canonical attribute names
 * of the core schema (e.g. "userName", never "USERNAME"), with the
 * extension's attributes inside one object under the extension URN key,
 * and without `schemas`, `id`, `meta`, read-only attributes (`groups`,
 * group `members` are kept apart by storage) and `password`. Nulls,
 * empty arrays and empty objects are absent (null means unassigned);
 * strings are kept as sent. Booleans are JSON booleans; multi-valued
 * attributes are arrays; single-valued ones are not.
 */
#ifndef SCIMD_CODEC_H
#define SCIMD_CODEC_H

#include <cjson/cJSON.h>

#include "domain/base/err.h"
#include "domain/base/schema.h"

/*
 * The most values a multi-valued attribute may hold (emails, phoneNumbers,
 * roles, ...), as sent in a POST or PUT and after a PATCH: past it the
 * request is refused with 400 invalidValue, so no request does unbounded
 * work on one attribute. Group members are stored apart and bounded by
 * the body limit alone.
 */
#define SCIM_MAX_VALUES	10000

/*
 * Normalises a client-sent resource body (POST or PUT) into stored form.
 * Tolerates what real IdPs send: attribute names in any case, unknown or
 * misspelt schema URNs in `schemas`, client `meta`, `id`, `groups`,
 * `password` (dropped), explicit nulls (dropped), "True"/"False" strings
 * for booleans, a single object where an array is expected, a one-element
 * array for a single-valued complex attribute, `"$ref": null`, and
 * URN-qualified top-level keys ("urn:…:enterprise:2.0:User:department").
 * Unknown attributes are ignored. Wrong types give 400 invalidValue naming
 * the attribute; a missing required attribute gives 400 invalidValue.
 *
 * Returns 0 and sets *out (owned: caller frees with cJSON_Delete), or -1
 * with err set.
 */
int	scim_codec_normalize(cJSON **out, const struct schema_rtype *rt,
	    const cJSON *in, struct err *err);

/*
 * Normalises one value for attribute `attr` (and `sub` when the value is
 * for a sub-attribute; NULL otherwise), with the same tolerance as
 * scim_codec_normalize. For a multi-valued attribute with sub == NULL the
 * result is always an array. `*out` is set to NULL when the value means
 * "unassigned" (JSON null, empty array, empty object). `name` is used in
 * error details.
 *
 * A multi-valued attribute other than Group members with more than
 * SCIM_MAX_VALUES values is refused.
 *
 * Returns 0 and sets *out (owned), or -1 with err = 400 invalidValue.
 */
int	scim_codec_value(cJSON **out, const struct schema_attr *attr,
	    const struct schema_attr *sub, const cJSON *in, const char *name,
	    struct err *err);

/*
 * Reads a boolean the way IdPs send it: true/false, or the strings
 * "true"/"false" in any case. Returns 0 and sets *b, -1 otherwise.
 */
int	scim_codec_bool(int *b, const cJSON *v);

/* Case-insensitive object member lookup (attribute names are). */
cJSON	*scim_codec_get(const cJSON *obj, const char *name);

#endif
