/* SPDX-License-Identifier: MIT */
/*
 * scim/model/tests/model_harness.h
 *
 * What the scim/model tests share: test JSON parsed or the test failed,
 * structural comparison with a JSON text, and the codec's two outcomes
 * (a stored form, a refusal). Linked into every test program of this
 * folder; include after <cmocka.h>.
 */
#ifndef SCIMD_MODEL_HARNESS_H
#define SCIMD_MODEL_HARNESS_H

#include <cjson/cJSON.h>

#include "domain/base/err.h"
#include "domain/base/schema.h"

/* s parsed (owned: cJSON_Delete); fails the test when it does not parse. */
cJSON	*h_json(const char *s);
/* 1 when got equals the JSON text want structurally (key order free);
 * else prints both and returns 0. */
int	 h_json_eq(const cJSON *got, const char *want);
void	 h_assert_json_eq(const cJSON *got, const char *want);

/* Normalises body for rt and expects success with the stored form want. */
void	 h_expect_stored(const struct schema_rtype *rt, const char *body,
	    const char *want);
/*
 * Normalises body and expects -1 with status/type, *out left NULL, and
 * the detail containing `needle` (NULL: not checked).
 */
void	 h_expect_fail(const struct schema_rtype *rt, const char *body,
	    int status, enum scim_type type, const char *needle);

#endif
