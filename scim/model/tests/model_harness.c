/* SPDX-License-Identifier: MIT */
/*
 * scim/model/tests/model_harness.c
 *
 * What the scim/model tests share (model_harness.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scim/model/codec.h"

#include "model_harness.h"

cJSON *
h_json(const char *s)
{
	cJSON	*j = cJSON_Parse(s);

	if (j == NULL)
		fail_msg("test JSON does not parse: %s", s);
	return j;
}

int
h_json_eq(const cJSON *got, const char *want)
{
	cJSON	*w = h_json(want);
	char	*g;
	int	 eq = cJSON_Compare(got, w, 1);

	if (!eq) {
		g = got ? cJSON_PrintUnformatted(got) : NULL;
		print_error("got:  %s\nwant: %s\n", g ? g : "(null)", want);
		cJSON_free(g);
	}
	cJSON_Delete(w);
	return eq;
}

void
h_assert_json_eq(const cJSON *got, const char *want)
{
	assert_true(h_json_eq(got, want));
}

void
h_expect_stored(const struct schema_rtype *rt, const char *body,
    const char *want)
{
	cJSON		*in = h_json(body), *out = NULL;
	struct err	 e = { 0 };
	int		 rc, eq;

	rc = scim_codec_normalize(&out, rt, in, &e);
	if (rc != 0)
		print_error("unexpected error %d: %s\n", e.status, e.detail);
	eq = rc == 0 && e.status == 0 && out != NULL && h_json_eq(out, want);
	/* Freed before asserting, so a failure does not also leak. */
	cJSON_Delete(out);
	cJSON_Delete(in);
	assert_true(eq);
}

void
h_expect_fail(const struct schema_rtype *rt, const char *body, int status,
    enum scim_type type, const char *needle)
{
	cJSON		*in = h_json(body), *out = (cJSON *)1;
	struct err	 e = { 0 };

	assert_int_equal(scim_codec_normalize(&out, rt, in, &e), -1);
	assert_null(out);
	assert_int_equal(e.status, status);
	assert_int_equal(e.type, type);
	if (needle != NULL && strstr(e.detail, needle) == NULL)
		fail_msg("detail \"%s\" does not contain \"%s\"", e.detail, needle);
	cJSON_Delete(in);
}
