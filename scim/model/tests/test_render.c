/* SPDX-License-Identifier: MIT */
/*
 * scim/model/tests/test_render.c
 *
 * Unit tests of SCIM Error rendering (scim/model/render.h): the RFC 7644 §3.12
 * body and the headers a status implies. Not for HTTP transport.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "scim/http/http.h"
#include "scim/model/render.h"

struct rendered {
	struct arena	 a;
	struct scim_resp r;
	cJSON		*body;
};

/* Renders e and parses the body; free with done(). */
static void
render(struct rendered *x, const struct err *e)
{
	memset(x, 0, sizeof(*x));
	scim_render_error(&x->r, &x->a, e);
	assert_non_null(x->r.body);
	assert_int_equal(x->r.body_len, strlen(x->r.body));
	x->body = cJSON_ParseWithLength(x->r.body, x->r.body_len);
	assert_non_null(x->body);
	assert_true(cJSON_IsObject(x->body));
}

static void
done(struct rendered *x)
{
	cJSON_Delete(x->body);
	free(x->r.body);
	arena_free(&x->a);
}

/* The value of response header name, or NULL; fails if it appears twice. */
static const char *
header(const struct scim_resp *r, const char *name)
{
	const char	*v = NULL;
	int		 i;

	for (i = 0; i < r->nheaders; i++) {
		if (strcasecmp(r->hname[i], name) != 0)
			continue;
		assert_null(v);
		v = r->hvalue[i];
	}
	return v;
}

static const char *
str_member(const cJSON *o, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);

	if (v == NULL)
		return NULL;
	assert_true(cJSON_IsString(v));
	return v->valuestring;
}

static void
test_render__error_body_shape(void **state)
{
	struct err	 e = { 0 };
	struct rendered	 x;
	const cJSON	*schemas;

	(void)state;
	err_set(&e, 409, ST_UNIQUENESS, "userName \"%s\" is already taken", "bjensen");
	render(&x, &e);
	assert_int_equal(x.r.status, 409);
	schemas = cJSON_GetObjectItemCaseSensitive(x.body, "schemas");
	assert_true(cJSON_IsArray(schemas));
	assert_int_equal(cJSON_GetArraySize(schemas), 1);
	assert_true(cJSON_IsString(cJSON_GetArrayItem(schemas, 0)));
	assert_string_equal(cJSON_GetArrayItem(schemas, 0)->valuestring,
	    "urn:ietf:params:scim:api:messages:2.0:Error");
	/* RFC 7644 §3.12: status is a string. */
	assert_string_equal(str_member(x.body, "status"), "409");
	assert_string_equal(str_member(x.body, "scimType"), "uniqueness");
	assert_string_equal(str_member(x.body, "detail"),
	    "userName \"bjensen\" is already taken");
	assert_int_equal(cJSON_GetArraySize(x.body), 4);
	assert_int_equal(x.r.nheaders, 0);
	done(&x);
}

static void
test_render__status_is_string_for_every_status(void **state)
{
	static const int statuses[] = { 400, 401, 403, 404, 409, 412, 413, 429,
		500, 501, 503 };
	struct err	 e;
	struct rendered	 x;
	char		 want[8];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		err_clear(&e);
		err_set(&e, statuses[i], ST_NONE, "d");
		render(&x, &e);
		assert_int_equal(x.r.status, statuses[i]);
		snprintf(want, sizeof(want), "%d", statuses[i]);
		assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(x.body,
		    "status")));
		assert_string_equal(str_member(x.body, "status"), want);
		done(&x);
	}
}

static void
test_render__no_scim_type_when_none(void **state)
{
	struct err	 e = { 0 };
	struct rendered	 x;

	(void)state;
	err_set(&e, 404, ST_NONE, "resource not found");
	render(&x, &e);
	assert_null(cJSON_GetObjectItemCaseSensitive(x.body, "scimType"));
	assert_string_equal(str_member(x.body, "status"), "404");
	assert_string_equal(str_member(x.body, "detail"), "resource not found");
	assert_int_equal(x.r.nheaders, 0);
	done(&x);
}

static void
test_render__every_scim_type_spelling(void **state)
{
	static const struct { enum scim_type t; const char *name; } types[] = {
		{ ST_INVALID_FILTER,	"invalidFilter" },
		{ ST_TOO_MANY,		"tooMany" },
		{ ST_UNIQUENESS,	"uniqueness" },
		{ ST_MUTABILITY,	"mutability" },
		{ ST_INVALID_SYNTAX,	"invalidSyntax" },
		{ ST_INVALID_PATH,	"invalidPath" },
		{ ST_NO_TARGET,		"noTarget" },
		{ ST_INVALID_VALUE,	"invalidValue" },
		{ ST_INVALID_VERS,	"invalidVers" },
		{ ST_SENSITIVE,		"sensitive" },
		{ ST_INVALID_CURSOR,	"invalidCursor" },
		{ ST_EXPIRED_CURSOR,	"expiredCursor" },
	};
	struct err	 e;
	struct rendered	 x;
	size_t		 i;

	(void)state;
	/* Every enumerator but ST_NONE is listed exactly once. */
	assert_int_equal(sizeof(types) / sizeof(types[0]), ST_EXPIRED_CURSOR);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		err_clear(&e);
		err_set(&e, 400, types[i].t, "x");
		render(&x, &e);
		assert_string_equal(str_member(x.body, "scimType"), types[i].name);
		assert_string_equal(err_scim_type_name(types[i].t), types[i].name);
		done(&x);
	}
	assert_null(err_scim_type_name(ST_NONE));
}

static void
test_render__detail_escaped(void **state)
{
	struct err	 e = { 0 };
	struct rendered	 x;

	(void)state;
	err_set(&e, 400, ST_INVALID_FILTER,
	    "unrecognized operator \"eqq\" at offset 12 \\ tab\there");
	render(&x, &e);
	assert_string_equal(str_member(x.body, "detail"),
	    "unrecognized operator \"eqq\" at offset 12 \\ tab\there");
	done(&x);
}

static void
test_render__unset_error_is_500(void **state)
{
	struct err	 e = { 0 };
	struct rendered	 x;

	(void)state;
	render(&x, &e);
	assert_int_equal(x.r.status, 500);
	assert_string_equal(str_member(x.body, "status"), "500");
	assert_non_null(str_member(x.body, "detail"));
	assert_true(str_member(x.body, "detail")[0] != '\0');
	assert_null(cJSON_GetObjectItemCaseSensitive(x.body, "scimType"));
	done(&x);

	err_internal(&e);
	render(&x, &e);
	assert_int_equal(x.r.status, 500);
	assert_string_equal(str_member(x.body, "detail"), "internal server error");
	done(&x);
}

static void
test_render__401_www_authenticate(void **state)
{
	struct err	 e = { 0 };
	struct rendered	 x;
	const char	*v;

	(void)state;
	err_set(&e, 401, ST_NONE, "invalid or revoked bearer token");
	render(&x, &e);
	assert_int_equal(x.r.status, 401);
	v = header(&x.r, "WWW-Authenticate");
	assert_non_null(v);
	assert_int_equal(strncmp(v, "Bearer", 6), 0);
	assert_null(header(&x.r, "Retry-After"));
	done(&x);

	/* Only 401 challenges. */
	err_set(&e, 403, ST_NONE, "forbidden");
	render(&x, &e);
	assert_null(header(&x.r, "WWW-Authenticate"));
	done(&x);
}

static void
test_render__retry_after(void **state)
{
	static const int statuses[] = { 429, 503 };
	struct err	 e;
	struct rendered	 x;
	size_t		 i;

	(void)state;
	for (i = 0; i < 2; i++) {
		err_clear(&e);
		err_set(&e, statuses[i], ST_NONE, "slow down");
		e.retry_after = 37;
		render(&x, &e);
		assert_int_equal(x.r.status, statuses[i]);
		assert_non_null(header(&x.r, "Retry-After"));
		assert_string_equal(header(&x.r, "Retry-After"), "37");
		assert_null(header(&x.r, "WWW-Authenticate"));
		done(&x);

		/* Unknown delay: no header rather than a made-up one. */
		err_clear(&e);
		err_set(&e, statuses[i], ST_NONE, "slow down");
		render(&x, &e);
		assert_null(header(&x.r, "Retry-After"));
		done(&x);
	}
}

static void
test_render__retry_after_only_for_429_503(void **state)
{
	struct err	 e = { 0 };
	struct rendered	 x;

	(void)state;
	err_set(&e, 400, ST_INVALID_VALUE, "bad");
	e.retry_after = 5;
	render(&x, &e);
	assert_null(header(&x.r, "Retry-After"));
	done(&x);
}

static void
test_render__rerender_replaces_body(void **state)
{
	struct err	 e = { 0 };
	struct arena	 a = { 0 };
	struct scim_resp r;
	cJSON		*j;

	(void)state;
	memset(&r, 0, sizeof(r));
	err_set(&e, 400, ST_INVALID_VALUE, "first");
	scim_render_error(&r, &a, &e);
	err_set(&e, 404, ST_NONE, "second");
	scim_render_error(&r, &a, &e);	/* the first body must not leak */
	assert_int_equal(r.status, 404);
	j = cJSON_Parse(r.body);
	assert_non_null(j);
	assert_string_equal(str_member(j, "detail"), "second");
	assert_null(cJSON_GetObjectItemCaseSensitive(j, "scimType"));
	cJSON_Delete(j);
	free(r.body);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_render__error_body_shape),
		cmocka_unit_test(test_render__status_is_string_for_every_status),
		cmocka_unit_test(test_render__no_scim_type_when_none),
		cmocka_unit_test(test_render__every_scim_type_spelling),
		cmocka_unit_test(test_render__detail_escaped),
		cmocka_unit_test(test_render__unset_error_is_500),
		cmocka_unit_test(test_render__401_www_authenticate),
		cmocka_unit_test(test_render__retry_after),
		cmocka_unit_test(test_render__retry_after_only_for_429_503),
		cmocka_unit_test(test_render__rerender_replaces_body),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
