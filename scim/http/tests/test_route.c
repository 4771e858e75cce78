/* SPDX-License-Identifier: MIT */
/*
 * scim/http/tests/test_route.c
 *
 * Unit tests of the route table (scim/http/routes.c) and the router over
 * it (scim/http/route.c): which route a path finds, its parameters, 404,
 * 405 with Allow, what is answered on the I/O thread, and the credential
 * each route asks for. No database: the worker side is driven with no
 * connection, where authentication stops before any query.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "scim/http/route.h"

static const struct scim_config cfg = {
	.listen = "127.0.0.1:8080", .workers = 1, .max_body = 4096,
};

static const char *const method_names[] = {
	[SCIM_GET] = "GET", [SCIM_POST] = "POST", [SCIM_PUT] = "PUT",
	[SCIM_PATCH] = "PATCH", [SCIM_DELETE] = "DELETE", [SCIM_HEAD] = "HEAD",
	[SCIM_OTHER] = "OTHER",
};

/* A request as the I/O thread copies it; free with req_done(). */
static void
req_init(struct scim_req *q, enum scim_method m, const char *path,
    const char *authorization)
{
	memset(q, 0, sizeof(*q));
	q->method = m;
	q->method_name = method_names[m];
	q->path = path;
	q->authorization = authorization;
	q->base_url = "http://127.0.0.1:8080/scim/v2";
}

static void
req_done(struct scim_req *q, struct scim_resp *r)
{
	free(r->body);
	arena_free(&q->arena);
}

static const char *
header(const struct scim_resp *r, const char *name)
{
	int	i;

	for (i = 0; i < r->nheaders; i++)
		if (strcmp(r->hname[i], name) == 0)
			return r->hvalue[i];
	return NULL;
}

/* The name of the route path finds, or NULL; *org and *id as found. */
static const char *
find(const char **org, const char **id, struct arena *a, const char *path)
{
	const struct scim_route_def	*r;

	r = scim_route_find(org, id, a, path);
	return r ? r->name : NULL;
}

static void
assert_route(const char *path, const char *name, const char *org,
    const char *id)
{
	struct arena	 a = { 0 };
	const char	*o, *i, *got = find(&o, &i, &a, path);

	if (got == NULL || strcmp(got, name) != 0)
		fail_msg("%s: route %s, expected %s", path, got ? got : "none",
		    name);
	if (org == NULL)
		assert_null(o);
	else
		assert_string_equal(o, org);
	if (id == NULL)
		assert_null(i);
	else
		assert_string_equal(i, id);
	arena_free(&a);
}

static void
assert_no_route(const char *path)
{
	struct arena	 a = { 0 };
	const char	*o, *i, *got = find(&o, &i, &a, path);

	if (got != NULL)
		fail_msg("%s: found route %s, expected none", path, got);
	arena_free(&a);
}

/* The status and the SCIM Error detail of an error response. */
static void
assert_error(const struct scim_resp *r, int status, const char *detail)
{
	cJSON	*o = cJSON_Parse(r->body);
	char	 num[8];

	assert_int_equal(r->status, status);
	assert_non_null(o);
	snprintf(num, sizeof(num), "%d", status);
	assert_string_equal(cJSON_GetObjectItem(o, "status")->valuestring, num);
	if (detail != NULL)
		assert_non_null(strstr(cJSON_GetObjectItem(o,
		    "detail")->valuestring, detail));
	cJSON_Delete(o);
}

/* Every entry is found by a path made from its own template. */
static void
test_route__every_template_matches_its_paths(void **state)
{
	const struct scim_route_def	*t, *r;
	struct arena			 a = { 0 };
	const char			*org, *id;
	char				 path[256], *p;
	size_t				 i, n, k;

	(void)state;
	t = scim_route_table(&n);
	assert_true(n >= 30);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s", t[i].path);
		/* {org} -> O1, any other parameter -> I1 */
		while ((p = strchr(path, '{')) != NULL) {
			const char	*end = strchr(p, '}');
			const char	*val = strncmp(p, "{org}", 5) == 0 ?
			    "O1" : "I1";

			memmove(p + 2, end + 1, strlen(end + 1) + 1);
			memcpy(p, val, 2);
		}
		r = scim_route_find(&org, &id, &a, path);
		if (r != &t[i])
			fail_msg("%s finds %s, not its own route", path,
			    r ? r->path : "nothing");
		assert_true(strstr(t[i].path, "{org}") ? org != NULL &&
		    strcmp(org, "O1") == 0 : org == NULL);
		k = 0;
		for (p = strchr(t[i].path, '{'); p; p = strchr(p + 1, '{'))
			k += strncmp(p, "{org}", 5) != 0;
		/* The table's contract: at most one parameter besides {org}. */
		assert_true(k <= 1);
		assert_true(k ? id != NULL && strcmp(id, "I1") == 0 : id == NULL);
		assert_non_null(t[i].name);
		for (k = 0; k < SCIM_HEAD && t[i].fn[k] == NULL; k++)
			;
		assert_true(k < SCIM_HEAD);
	}
	arena_free(&a);
}

static void
test_route__every_endpoint_by_name(void **state)
{
	(void)state;
	assert_route("/healthz", "/healthz", NULL, NULL);
	assert_route("/readyz", "/readyz", NULL, NULL);
	assert_route("/sso/v1/login", "/sso/v1/login", NULL, NULL);
	assert_route("/sso/v1/session", "/sso/v1/session", NULL, NULL);
	assert_route("/scim/v2/ServiceProviderConfig", "/ServiceProviderConfig",
	    NULL, NULL);
	assert_route("/scim/v2/serviceConfiguration", "/ServiceProviderConfig",
	    NULL, NULL);
	assert_route("/scim/v2/ResourceTypes", "/ResourceTypes", NULL, NULL);
	assert_route("/scim/v2/ResourceTypes/User", "/ResourceTypes/{id}", NULL,
	    "User");
	assert_route("/scim/v2/Schemas", "/Schemas", NULL, NULL);
	assert_route("/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User",
	    "/Schemas/{id}", NULL, "urn:ietf:params:scim:schemas:core:2.0:User");
	assert_route("/scim/v2/Users", "/Users", NULL, NULL);
	assert_route("/scim/v2/Users/.search", "/Users/.search", NULL, NULL);
	assert_route("/scim/v2/Users/42", "/Users/{id}", NULL, "42");
	assert_route("/scim/v2/Groups", "/Groups", NULL, NULL);
	assert_route("/scim/v2/Groups/.search", "/Groups/.search", NULL, NULL);
	assert_route("/scim/v2/Groups/g1", "/Groups/{id}", NULL, "g1");
	assert_route("/scim/v2/.search", "/.search", NULL, NULL);
	assert_route("/scim/v2/Bulk", "/Bulk", NULL, NULL);
	assert_route("/admin/v1/orgs", "/admin/v1/orgs", NULL, NULL);
	assert_route("/admin/v1/orgs/o1/domains/example.com",
	    "/admin/v1/orgs/{org}/domains/{domain}", "o1", "example.com");
	assert_route("/admin/v1/orgs/o1/members/m@example.com/role",
	    "/admin/v1/orgs/{org}/members/{member}/role", "o1",
	    "m@example.com");
	assert_route("/admin/v1/orgs/o1/api-keys/k1",
	    "/admin/v1/orgs/{org}/api-keys/{id}", "o1", "k1");
}

static void
test_route__fixed_segments_ignore_case(void **state)
{
	(void)state;
	assert_route("/scim/v2/users", "/Users", NULL, NULL);
	assert_route("/SCIM/V2/USERS/AbC", "/Users/{id}", NULL, "AbC");
	assert_route("/scim/v2/groups/.SEARCH", "/Groups/.search", NULL, NULL);
	assert_route("/scim/v2/serviceproviderconfig", "/ServiceProviderConfig",
	    NULL, NULL);
	assert_route("/scim/v2/bulk", "/Bulk", NULL, NULL);
	/* Parameters keep their case. */
	assert_route("/Admin/V1/Orgs/OrG/Tokens/TkN",
	    "/admin/v1/orgs/{org}/tokens/{id}", "OrG", "TkN");
}

static void
test_route__ids_pass_through_as_sent(void **state)
{
	(void)state;
	assert_route("/scim/v2/Users/a b+c%20@ü~:;=,!$&'()*",
	    "/Users/{id}", NULL, "a b+c%20@ü~:;=,!$&'()*");
	assert_route("/scim/v2/Users/bulkId:x", "/Users/{id}", NULL, "bulkId:x");
	assert_route("/scim/v2/Users/..", "/Users/{id}", NULL, "..");
	assert_route("/scim/v2/Groups/{id}", "/Groups/{id}", NULL, "{id}");
	assert_route("/scim/v2/Users/.searchx", "/Users/{id}", NULL, ".searchx");
}

static void
test_route__trailing_slashes_ignored(void **state)
{
	(void)state;
	assert_route("/scim/v2/Users/", "/Users", NULL, NULL);
	assert_route("/scim/v2/Users///", "/Users", NULL, NULL);
	assert_route("/scim/v2/Users/abc/", "/Users/{id}", NULL, "abc");
	assert_route("/healthz/", "/healthz", NULL, NULL);
	assert_route("/admin/v1/orgs/o1/", "/admin/v1/orgs/{org}", "o1", NULL);
}

static void
test_route__unknown_paths_find_nothing(void **state)
{
	(void)state;
	assert_no_route("");
	assert_no_route("/");
	assert_no_route("/scim/v2");
	assert_no_route("/scim/v2/");
	assert_no_route("/scim/v2Users");
	assert_no_route("/scim/v2/Nope");
	assert_no_route("/scim/v2/Users/a/b");
	assert_no_route("/scim/v2/Users//a");
	assert_no_route("//scim/v2/Users");
	assert_no_route("/scim/v2/ServiceProviderConfig/x");
	assert_no_route("/scim/v2/Bulk/x");
	assert_no_route("/scim/v2/.search/x");
	assert_no_route("/scim/v2/Userss");
	assert_no_route("/admin/v1");
	assert_no_route("/admin/v1/orgs/o1/nope");
	assert_no_route("/admin/v1/orgs/o1/tokens/a/b");
	assert_no_route("/admin/v1/orgs/o1/members/m1");
	assert_no_route("/sso/v1");
	assert_no_route("/healthzz");
}

/* Runs the I/O-thread half; returns what scim_route_inline returned. */
static int
inline_answer(struct scim_resp *r, struct scim_req *q, enum scim_method m,
    const char *path)
{
	req_init(q, m, path, NULL);
	memset(r, 0, sizeof(*r));
	return scim_route_inline(r, q, &cfg);
}

static void
test_route__unknown_path_is_404(void **state)
{
	struct scim_req		q;
	struct scim_resp	r;

	(void)state;
	assert_int_equal(inline_answer(&r, &q, SCIM_GET, "/scim/v2/Nope"), 1);
	assert_error(&r, 404, "no such endpoint");
	assert_null(r.route);
	req_done(&q, &r);
	assert_int_equal(inline_answer(&r, &q, SCIM_GET, "/admin/v1/x"), 1);
	assert_error(&r, 404, "no such endpoint");
	req_done(&q, &r);
}

static void
assert_405(enum scim_method m, const char *path, const char *allow)
{
	struct scim_req		q;
	struct scim_resp	r;
	char			detail[128];

	assert_int_equal(inline_answer(&r, &q, m, path), 1);
	snprintf(detail, sizeof(detail),
	    "method %s is not allowed here; allowed: %s", method_names[m], allow);
	assert_error(&r, 405, detail);
	assert_non_null(header(&r, "Allow"));
	assert_string_equal(header(&r, "Allow"), allow);
	assert_non_null(r.route);
	req_done(&q, &r);
}

static void
test_route__wrong_method_is_405_with_allow(void **state)
{
	(void)state;
	assert_405(SCIM_DELETE, "/scim/v2/Users", "GET, POST");
	assert_405(SCIM_PATCH, "/scim/v2/Groups", "GET, POST");
	assert_405(SCIM_POST, "/scim/v2/Users/u1", "GET, PUT, PATCH, DELETE");
	assert_405(SCIM_HEAD, "/scim/v2/Users/u1", "GET, PUT, PATCH, DELETE");
	assert_405(SCIM_GET, "/scim/v2/Users/.search", "POST");
	assert_405(SCIM_GET, "/scim/v2/.search", "POST");
	assert_405(SCIM_GET, "/scim/v2/Bulk", "POST");
	assert_405(SCIM_PUT, "/scim/v2/ServiceProviderConfig", "GET");
	assert_405(SCIM_OTHER, "/scim/v2/Schemas", "GET");
	assert_405(SCIM_GET, "/sso/v1/login", "POST");
	assert_405(SCIM_HEAD, "/sso/v1/session", "GET");
	assert_405(SCIM_GET, "/admin/v1/orgs", "POST");
	assert_405(SCIM_HEAD, "/admin/v1/orgs", "POST");
	assert_405(SCIM_GET, "/admin/v1/orgs/o1/domains/d.example",
	    "PUT, DELETE");
	assert_405(SCIM_PUT, "/admin/v1/orgs/o1/tokens", "GET, POST");
	assert_405(SCIM_OTHER, "/admin/v1/orgs/o1/audit", "GET");
}

/* Discovery and health need no database: answered on the I/O thread. */
static void
test_route__inline_routes_answer_on_the_io_thread(void **state)
{
	static const struct {
		enum scim_method m;
		const char	*path;
	} inl[] = {
		{ SCIM_GET, "/healthz" }, { SCIM_POST, "/healthz" },
		{ SCIM_OTHER, "/healthz" },
		{ SCIM_GET, "/scim/v2/ServiceProviderConfig" },
		{ SCIM_HEAD, "/scim/v2/ServiceProviderConfig" },
		{ SCIM_GET, "/scim/v2/serviceConfiguration" },
		{ SCIM_GET, "/scim/v2/ResourceTypes" },
		{ SCIM_GET, "/scim/v2/ResourceTypes/Group" },
		{ SCIM_GET, "/scim/v2/Schemas" },
		{ SCIM_GET,
		    "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group" },
	}, worker[] = {
		{ SCIM_GET, "/readyz" }, { SCIM_POST, "/readyz" },
		{ SCIM_GET, "/scim/v2/Users" }, { SCIM_POST, "/scim/v2/Bulk" },
		{ SCIM_POST, "/sso/v1/login" }, { SCIM_GET, "/sso/v1/session" },
		{ SCIM_GET, "/admin/v1/orgs/o1" }, { SCIM_HEAD, "/admin/v1/orgs/o1" },
	};
	struct scim_req		q;
	struct scim_resp	r;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof(inl) / sizeof(inl[0]); i++) {
		assert_int_equal(inline_answer(&r, &q, inl[i].m, inl[i].path), 1);
		if (r.status != 200)
			fail_msg("%s: %d", inl[i].path, r.status);
		assert_non_null(r.body);
		req_done(&q, &r);
	}
	for (i = 0; i < sizeof(worker) / sizeof(worker[0]); i++) {
		if (inline_answer(&r, &q, worker[i].m, worker[i].path) != 0)
			fail_msg("%s answered inline", worker[i].path);
		assert_int_equal(r.status, 0);
		assert_non_null(r.route);
		req_done(&q, &r);
	}
}

static void
test_route__inline_sets_log_name_and_finds_documents(void **state)
{
	struct scim_req		q;
	struct scim_resp	r;
	cJSON			*o;

	(void)state;
	assert_int_equal(inline_answer(&r, &q, SCIM_GET, "/scim/v2/users/"), 0);
	assert_string_equal(r.route, "/Users");
	req_done(&q, &r);

	assert_int_equal(inline_answer(&r, &q, SCIM_GET,
	    "/scim/v2/serviceConfiguration"), 1);
	assert_string_equal(r.route, "/ServiceProviderConfig");
	o = cJSON_Parse(r.body);
	/* The configured body limit is what the document advertises. */
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "bulk"),
	    "maxPayloadSize")->valueint, 4096);
	cJSON_Delete(o);
	req_done(&q, &r);

	assert_int_equal(inline_answer(&r, &q, SCIM_GET,
	    "/scim/v2/ResourceTypes/Group"), 1);
	o = cJSON_Parse(r.body);
	assert_string_equal(cJSON_GetObjectItem(o, "id")->valuestring, "Group");
	cJSON_Delete(o);
	req_done(&q, &r);

	assert_int_equal(inline_answer(&r, &q, SCIM_GET,
	    "/scim/v2/Schemas/urn:nope"), 1);
	assert_error(&r, 404, "resource not found");
	assert_string_equal(r.route, "/Schemas/{id}");
	req_done(&q, &r);
}

/* An oversized body is refused before anything else, even a 404. */
static void
test_route__oversized_body_is_413_first(void **state)
{
	struct scim_req		q;
	struct scim_resp	r;

	(void)state;
	req_init(&q, SCIM_GET, "/scim/v2/Nope", NULL);
	q.body_len = 4097;
	memset(&r, 0, sizeof(r));
	assert_int_equal(scim_route_inline(&r, &q, &cfg), 1);
	assert_error(&r, 413, "exceeds the limit of 4096 bytes");
	req_done(&q, &r);
}

static enum scim_auth
auth_of(const char *path)
{
	struct arena			 a = { 0 };
	const char			*org, *id;
	const struct scim_route_def	*r;

	r = scim_route_find(&org, &id, &a, path);
	assert_non_null(r);
	arena_free(&a);
	return r->auth;
}

static void
test_route__auth_kind_per_route(void **state)
{
	(void)state;
	assert_int_equal(auth_of("/healthz"), SCIM_AUTH_NONE);
	assert_int_equal(auth_of("/readyz"), SCIM_AUTH_NONE);
	assert_int_equal(auth_of("/scim/v2/ServiceProviderConfig"),
	    SCIM_AUTH_NONE);
	assert_int_equal(auth_of("/scim/v2/Schemas/x"), SCIM_AUTH_NONE);
	assert_int_equal(auth_of("/scim/v2/ResourceTypes"), SCIM_AUTH_NONE);
	assert_int_equal(auth_of("/scim/v2/Users"), SCIM_AUTH_SCIM);
	assert_int_equal(auth_of("/scim/v2/Users/u1"), SCIM_AUTH_SCIM);
	assert_int_equal(auth_of("/scim/v2/Groups/.search"), SCIM_AUTH_SCIM);
	assert_int_equal(auth_of("/scim/v2/.search"), SCIM_AUTH_SCIM);
	assert_int_equal(auth_of("/scim/v2/Bulk"), SCIM_AUTH_SCIM);
	assert_int_equal(auth_of("/sso/v1/login"), SCIM_AUTH_SSO_SECRET);
	assert_int_equal(auth_of("/sso/v1/session"), SCIM_AUTH_SSO_SESSION);
	assert_int_equal(auth_of("/admin/v1/orgs"), SCIM_AUTH_OPERATOR);
	assert_int_equal(auth_of("/admin/v1/orgs/o1/audit"), SCIM_AUTH_OPERATOR);
}

/* The worker half with no connection: the credential comes first. */
static void
worker_answer(struct scim_resp *r, struct scim_req *q, enum scim_method m,
    const char *path, const char *authorization)
{
	req_init(q, m, path, authorization);
	memset(r, 0, sizeof(*r));
	scim_route(r, q, NULL, &cfg);
}

static void
test_route__credential_routes_need_a_bearer(void **state)
{
	const struct scim_route_def	*t;
	struct scim_req			 q;
	struct scim_resp		 r;
	size_t				 i, n;
	int				 m;

	(void)state;
	t = scim_route_table(&n);
	for (i = 0; i < n; i++) {
		if (t[i].auth == SCIM_AUTH_NONE || (t[i].flags &
		    SCIM_ROUTE_INLINE))
			continue;
		for (m = 0; t[i].fn[m] == NULL; m++)
			;
		/* A template is itself a path that matches it. */
		worker_answer(&r, &q, (enum scim_method)m, t[i].path, NULL);
		assert_error(&r, 401, "Authorization: Bearer");
		assert_string_equal(header(&r, "WWW-Authenticate"),
		    "Bearer realm=\"scimd\"");
		assert_string_equal(r.route, t[i].name);
		req_done(&q, &r);
		worker_answer(&r, &q, (enum scim_method)m, t[i].path,
		    "Basic dXNlcjpwYXNz");
		assert_error(&r, 401, NULL);
		req_done(&q, &r);
		worker_answer(&r, &q, (enum scim_method)m, t[i].path, "Bearer   ");
		assert_error(&r, 401, NULL);
		req_done(&q, &r);
		/* With one, the missing database is next. */
		worker_answer(&r, &q, (enum scim_method)m, t[i].path,
		    "bearer tok");
		assert_error(&r, 503, "database unavailable");
		assert_string_equal(header(&r, "Retry-After"), "5");
		req_done(&q, &r);
	}
}

/* /readyz takes no credential: without a database it is 503, not 401. */
static void
test_route__probe_needs_no_bearer(void **state)
{
	struct scim_req		q;
	struct scim_resp	r;

	(void)state;
	worker_answer(&r, &q, SCIM_GET, "/readyz", NULL);
	assert_error(&r, 503, "database unavailable");
	assert_string_equal(r.route, "/readyz");
	req_done(&q, &r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route__every_template_matches_its_paths),
		cmocka_unit_test(test_route__every_endpoint_by_name),
		cmocka_unit_test(test_route__fixed_segments_ignore_case),
		cmocka_unit_test(test_route__ids_pass_through_as_sent),
		cmocka_unit_test(test_route__trailing_slashes_ignored),
		cmocka_unit_test(test_route__unknown_paths_find_nothing),
		cmocka_unit_test(test_route__unknown_path_is_404),
		cmocka_unit_test(test_route__wrong_method_is_405_with_allow),
		cmocka_unit_test(test_route__inline_routes_answer_on_the_io_thread),
		cmocka_unit_test(test_route__inline_sets_log_name_and_finds_documents),
		cmocka_unit_test(test_route__oversized_body_is_413_first),
		cmocka_unit_test(test_route__auth_kind_per_route),
		cmocka_unit_test(test_route__credential_routes_need_a_bearer),
		cmocka_unit_test(test_route__probe_needs_no_bearer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
