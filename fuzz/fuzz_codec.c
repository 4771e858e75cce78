/* SPDX-License-Identifier: MIT */
/*
 * fuzz/fuzz_codec.c
 *
 * libFuzzer target: arbitrary bytes as a POST/PUT body of a User and of a
 * Group, through scim_codec_normalize. Besides crashes and sanitizer
 * reports, checks that a refusal is a 400 and that the stored form is a
 * fixed point: normalising it again succeeds and changes nothing.
 */
#include <stdint.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "domain/base/err.h"
#include "scim/model/codec.h"
#include "fuzz/fuzz_seed.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
run_type(const cJSON *body, const struct schema_rtype *rt)
{
	struct err	 e = { 0 };
	cJSON		*out = NULL, *again = NULL;
	char		*s;

	if (scim_codec_normalize(&out, rt, body, &e) != 0) {
		if (e.status != 400)
			fuzz_die("refusal that is not a 400", e.detail, NULL);
		return;
	}
	if (scim_codec_normalize(&again, rt, out, &e) != 0) {
		s = cJSON_PrintUnformatted(out);
		fuzz_die("stored form does not normalise", e.detail, s);
	}
	if (!cJSON_Compare(out, again, 1)) {
		s = cJSON_PrintUnformatted(out);
		fuzz_die("stored form is not a fixed point", s,
		    cJSON_PrintUnformatted(again));
	}
	cJSON_Delete(again);
	cJSON_Delete(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cJSON	*body;

	body = cJSON_ParseWithLength((const char *)data, size);
	if (body == NULL)
		return 0;
	run_type(body, &schema_rtype_user);
	run_type(body, &schema_rtype_group);
	cJSON_Delete(body);
	return 0;
}
