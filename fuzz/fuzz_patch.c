/* SPDX-License-Identifier: MIT */
/*
 * fuzz/fuzz_patch.c
 *
 * libFuzzer target: arbitrary bytes as a PatchOp body, applied to a seeded
 * User and a seeded Group. Besides crashes and sanitizer reports, checks
 * the engine's promises (scim/patch/patch.h): a failure is a 4xx and
 * leaves the resource untouched, a success hands back a new tree.
 */
#include <stdint.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "scim/patch/patch.h"
#include "fuzz/fuzz_seed.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The stored form: what the renderer adds taken off again (owned). */
static cJSON *
stored(cJSON *(*seed)(void))
{
	cJSON	*r = seed();

	cJSON_DeleteItemFromObject(r, "id");
	cJSON_DeleteItemFromObject(r, "meta");
	return r;
}

static void
run_type(const cJSON *body, const struct schema_rtype *rt,
    cJSON *(*seed)(void), const char *id)
{
	struct scim_patch_members	 m = { 0 };
	struct arena			 a = { 0 };
	struct err			 e = { 0 };
	cJSON				*res = stored(seed), *before;

	before = cJSON_Duplicate(res, 1);
	if (scim_patch_apply(&res, rt == &schema_rtype_group ? &m : NULL, rt,
	    id, body, &a, &e) != 0) {
		if (e.status < 400 || e.status > 499)
			fuzz_die("failure that is not a 4xx", e.detail, NULL);
		if (!cJSON_Compare(res, before, 1))
			fuzz_die("failed PATCH changed the resource", e.detail, NULL);
	} else if (res == NULL || !cJSON_IsObject(res))
		fuzz_die("PATCH gave no resource", NULL, NULL);
	cJSON_Delete(before);
	cJSON_Delete(res);
	arena_free(&a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON	*body;

	body = cJSON_ParseWithLength((const char *)data, size);
	if (body == NULL)
		return 0;
	run_type(body, &schema_rtype_user, fuzz_seed_user,
	    "2819c223-7f76-453a-919d-413861904646");
	run_type(body, &schema_rtype_group, fuzz_seed_group,
	    "e9e30dba-f08f-4109-8486-d5c6a331660a");
	cJSON_Delete(body);
	return 0;
}
