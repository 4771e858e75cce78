/* SPDX-License-Identifier: MIT */
/*
 * scim/resources/tests/test_bulk.c
 *
 * Unit tests of the pure steps of POST /Bulk (scim/resources/bulk_int.h):
 * bulkId references in paths and data, the checks on Operations
 * (maxOperations, the removal cap), failOnErrors, and turning one
 * operation into a request. Then the run itself, with a subrequest that
 * answers as the route table would for a created resource, to show
 * where failOnErrors stops and how a POST's id reaches later operations.
 * No database: no handler runs here (conformance/bulk.test.mjs does).
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

#include "scim/http/call.h"
#include "scim/http/request.h"
#include "scim/model/discovery.h"
#include "scim/model/render.h"
#include "scim/resources/bulk_int.h"
#include "scim/resources/handlers.h"

static const char *bulk_names[] = { "alice", "team" };
static const char *bulk_ids[] = { "id-alice", "id-team" };
static const struct bulk_ids ids = { bulk_names, bulk_ids, 2 };

static cJSON *
json(const char *text)
{
	cJSON	*v = cJSON_Parse(text);

	if (v == NULL)
		fail_msg("bad test JSON: %s", text);
	return v;
}

/* Whether v printed compactly equals `text`. */
static void
assert_json(const cJSON *v, const char *text)
{
	char	*s = cJSON_PrintUnformatted(v);

	if (strcmp(s, text) != 0)
		fail_msg("got %s\nwant %s", s, text);
	cJSON_free(s);
}

static void
test_bulk__resolve(void **state)
{
	(void)state;
	assert_string_equal(scim_bulk_resolve(&ids, "alice"), "id-alice");
	assert_string_equal(scim_bulk_resolve(&ids, "team"), "id-team");
	assert_null(scim_bulk_resolve(&ids, "Alice"));
	assert_null(scim_bulk_resolve(&ids, "bob"));
}

static void
test_bulk__substitute_references(void **state)
{
	cJSON		*v;
	const char	*missing = NULL;

	(void)state;
	/* Group members, repeated and mixed with a plain id. */
	v = json("{\"displayName\":\"bulkId:alice\",\"members\":["
	    "{\"value\":\"bulkId:alice\"},{\"value\":\"plain\"},"
	    "{\"value\":\"bulkId:team\",\"$ref\":\"bulkId:alice\"},"
	    "{\"value\":\"bulkId:alice\",\"display\":\"bulkId:team\"}]}");
	assert_int_equal(scim_bulk_substitute(v, &ids, &missing), 0);
	assert_json(v, "{\"displayName\":\"bulkId:alice\",\"members\":["
	    "{\"value\":\"id-alice\"},{\"value\":\"plain\"},"
	    "{\"value\":\"id-team\",\"$ref\":\"id-alice\"},"
	    "{\"value\":\"id-alice\",\"display\":\"bulkId:team\"}]}");
	cJSON_Delete(v);

	/* Nested: the enterprise manager, and a PATCH operation's value. */
	v = json("{\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:"
	    "User\":{\"manager\":{\"value\":\"bulkId:alice\"}},"
	    "\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":"
	    "[{\"value\":\"bulkId:team\"}]}]}");
	assert_int_equal(scim_bulk_substitute(v, &ids, &missing), 0);
	assert_json(v, "{\"urn:ietf:params:scim:schemas:extension:enterprise:"
	    "2.0:User\":{\"manager\":{\"value\":\"id-alice\"}},"
	    "\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":"
	    "[{\"value\":\"id-team\"}]}]}");
	cJSON_Delete(v);

	/* Data that merely looks like a reference stays as sent. */
	v = json("{\"userName\":\"bulkId:alice\",\"value\":7,"
	    "\"emails\":[{\"value\":\"bulkid:alice\"}]}");
	assert_int_equal(scim_bulk_substitute(v, &ids, &missing), 0);
	assert_json(v, "{\"userName\":\"bulkId:alice\",\"value\":7,"
	    "\"emails\":[{\"value\":\"bulkid:alice\"}]}");
	cJSON_Delete(v);
}

static void
test_bulk__substitute_unknown_reference(void **state)
{
	cJSON		*v;
	const char	*missing = NULL;

	(void)state;
	v = json("{\"members\":[{\"value\":\"bulkId:alice\"},"
	    "{\"value\":\"bulkId:ghost\"},{\"value\":\"bulkId:other\"}]}");
	assert_int_equal(scim_bulk_substitute(v, &ids, &missing), -1);
	assert_non_null(missing);
	/* The first one without an id is named. */
	assert_string_equal(missing, "ghost");
	cJSON_Delete(v);
}

/* {"Operations": [n operations]}, the first `deletes` DELETEs of path. */
static cJSON *
ops_of(int n, int deletes, const char *path)
{
	cJSON	*ops = cJSON_CreateArray(), *op;
	int	 i;

	for (i = 0; i < n; i++) {
		op = cJSON_CreateObject();
		cJSON_AddStringToObject(op, "method", i < deletes ? "delete" :
		    "PATCH");
		cJSON_AddStringToObject(op, "path", path);
		cJSON_AddItemToArray(ops, op);
	}
	return ops;
}

static void
assert_ops(int n, int deletes, const char *path, int status,
    enum scim_type type)
{
	struct err	 e = { 0 };
	cJSON		*ops = ops_of(n, deletes, path);

	assert_int_equal(scim_bulk_check_ops(ops, &e), status ? -1 : 0);
	assert_int_equal(e.status, status);
	assert_int_equal(e.type, type);
	cJSON_Delete(ops);
}

static void
test_bulk__max_operations(void **state)
{
	struct err	 e = { 0 };
	cJSON		*v = json("{}");

	(void)state;
	assert_ops(1, 0, "/Users/x", 0, ST_NONE);
	assert_ops(SCIM_BULK_MAX_OPS, 0, "/Users/x", 0, ST_NONE);
	assert_ops(SCIM_BULK_MAX_OPS + 1, 0, "/Users/x", 413, ST_TOO_MANY);
	assert_ops(0, 0, "/Users/x", 400, ST_INVALID_SYNTAX);
	assert_int_equal(scim_bulk_check_ops(v, &e), -1);
	assert_int_equal(e.status, 400);
	assert_int_equal(e.type, ST_INVALID_SYNTAX);
	assert_int_equal(scim_bulk_check_ops(NULL, &e), -1);
	cJSON_Delete(v);
}

static void
test_bulk__removal_cap(void **state)
{
	(void)state;
	assert_ops(12, SCIM_BULK_MAX_REMOVALS, "/Users/x", 0, ST_NONE);
	assert_ops(12, SCIM_BULK_MAX_REMOVALS + 1, "/Users/x", 413,
	    ST_TOO_MANY);
	assert_ops(12, SCIM_BULK_MAX_REMOVALS + 1, "/users/x", 413,
	    ST_TOO_MANY);
	/* Only removals of users count. */
	assert_ops(12, SCIM_BULK_MAX_REMOVALS + 1, "/Groups/x", 0, ST_NONE);
}

static void
test_bulk__fail_on_errors(void **state)
{
	static const struct { const char *body; int limit; } t[] = {
		{ "{}", 0 }, { "{\"failOnErrors\":0}", 0 },
		{ "{\"failOnErrors\":-3}", 0 }, { "{\"failOnErrors\":0.5}", 0 },
		{ "{\"failOnErrors\":\"2\"}", 0 }, { "{\"failOnErrors\":null}", 0 },
		{ "{\"failOnErrors\":1}", 1 }, { "{\"failOnErrors\":2.7}", 2 },
		{ "{\"FAILONERRORS\":3}", 3 },
		{ "{\"failOnErrors\":1e12}", 1000000 },
	};
	size_t	 i;
	cJSON	*v;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		v = json(t[i].body);
		if (scim_bulk_fail_limit(v) != t[i].limit)
			fail_msg("%s: %d", t[i].body, scim_bulk_fail_limit(v));
		cJSON_Delete(v);
	}
}

/* scim_bulk_request on `op`; q is zeroed first, free with arena_free. */
static int
request(struct scim_req *q, const char **path, struct arena *a,
    const char *op, struct err *e)
{
	cJSON	*v = json(op);
	int	 rc;

	memset(q, 0, sizeof(*q));
	memset(e, 0, sizeof(*e));
	rc = scim_bulk_request(q, path, a, v, &ids, e);
	cJSON_Delete(v);
	return rc;
}

static void
test_bulk__operation_becomes_a_request(void **state)
{
	struct arena	 a = { 0 };
	struct scim_req	 q;
	struct err	 e;
	const char	*path;

	(void)state;
	assert_int_equal(request(&q, &path, &a, "{\"method\":\"patch\","
	    "\"path\":\"/Groups/bulkId:team\",\"version\":\"W/\\\"3\\\"\","
	    "\"data\":{\"Operations\":[{\"op\":\"add\",\"value\":{\"members\":"
	    "[{\"value\":\"bulkId:alice\"}]}}]}}", &e), 0);
	assert_int_equal(q.method, SCIM_PATCH);
	assert_string_equal(q.method_name, "patch");
	assert_string_equal(path, "/Groups/id-team");
	assert_string_equal(q.path, "/scim/v2/Groups/id-team");
	assert_string_equal(q.if_match, "W/\"3\"");
	assert_string_equal(q.body, "{\"Operations\":[{\"op\":\"add\","
	    "\"value\":{\"members\":[{\"value\":\"id-alice\"}]}}]}");
	assert_int_equal(q.body_len, strlen(q.body));
	arena_free(&q.arena);

	assert_int_equal(request(&q, &path, &a, "{\"method\":\"DELETE\","
	    "\"path\":\"/Users/u1\"}", &e), 0);
	assert_int_equal(q.method, SCIM_DELETE);
	assert_string_equal(q.path, "/scim/v2/Users/u1");
	assert_null(q.body);
	assert_null(q.if_match);
	arena_free(&q.arena);

	assert_int_equal(request(&q, &path, &a, "{\"method\":\"POST\","
	    "\"bulkId\":\"b\",\"path\":\"/Users\",\"data\":{\"userName\":"
	    "\"x\"}}", &e), 0);
	assert_string_equal(q.path, "/scim/v2/Users");
	assert_string_equal(q.body, "{\"userName\":\"x\"}");
	arena_free(&q.arena);
	arena_free(&a);
}

static void
assert_bad_op(const char *op, int status, enum scim_type type,
    const char *detail)
{
	struct arena	 a = { 0 };
	struct scim_req	 q;
	struct err	 e;
	const char	*path;

	assert_int_equal(request(&q, &path, &a, op, &e), -1);
	assert_int_equal(e.status, status);
	assert_int_equal(e.type, type);
	if (strstr(e.detail, detail) == NULL)
		fail_msg("%s: detail \"%s\" lacks \"%s\"", op, e.detail, detail);
	arena_free(&q.arena);
	arena_free(&a);
}

static void
test_bulk__operation_checks(void **state)
{
	(void)state;
	assert_bad_op("{\"path\":\"/Users\"}", 400, ST_INVALID_SYNTAX,
	    "\"method\" must be");
	assert_bad_op("{\"method\":\"GET\",\"path\":\"/Users\"}", 400,
	    ST_INVALID_SYNTAX, "\"method\" must be");
	assert_bad_op("{\"method\":7,\"path\":\"/Users\"}", 400,
	    ST_INVALID_SYNTAX, "\"method\" must be");
	assert_bad_op("{\"method\":\"DELETE\"}", 400, ST_INVALID_SYNTAX,
	    "\"path\" is required");
	assert_bad_op("{\"method\":\"DELETE\",\"path\":\"Users/x\"}", 400,
	    ST_INVALID_SYNTAX, "\"path\" is required");
	assert_bad_op("{\"method\":\"POST\",\"path\":\"/Users\",\"data\":{}}",
	    400, ST_INVALID_VALUE, "a POST needs a \"bulkId\"");
	assert_bad_op("{\"method\":\"PUT\",\"path\":\"/Users/x\"}", 400,
	    ST_INVALID_SYNTAX, "\"data\" must be an object for PUT");
	assert_bad_op("{\"method\":\"PATCH\",\"path\":\"/Users/x\","
	    "\"data\":[]}", 400, ST_INVALID_SYNTAX, "\"data\" must be an object");
	assert_bad_op("{\"method\":\"DELETE\",\"path\":\"/Users/bulkId:ghost\"}",
	    409, ST_INVALID_VALUE, "bulkId \"ghost\" has no resource yet");
	assert_bad_op("{\"method\":\"PUT\",\"path\":\"/Groups/g\",\"data\":"
	    "{\"members\":[{\"value\":\"bulkId:ghost\"}]}}", 409,
	    ST_INVALID_VALUE, "bulkId \"ghost\" has no resource yet");
}

/*
 * The route table's stand-in: a POST creates "id-<n>" (201 with
 * Location), a path naming "fail" answers 404, anything else 204.
 * Records the paths and bodies it was given.
 */
static char	seen[8][128];
static int	nseen;

static int
fake_subrequest(struct scim_call *sub, struct err *err)
{
	struct scim_req	*q = sub->req;
	cJSON		*created;
	char		 id[16];

	snprintf(seen[nseen], sizeof(seen[0]), "%s %s%s%s", q->method_name,
	    q->path, q->body ? " " : "", q->body ? q->body : "");
	nseen++;
	if (strstr(q->path, "fail") != NULL)
		return err_set(err, 404, ST_NONE, "resource not found");
	if (q->method != SCIM_POST) {
		sub->resp->status = 204;
		return 0;
	}
	snprintf(id, sizeof(id), "id-%d", nseen);
	created = cJSON_CreateObject();
	cJSON_AddStringToObject(created, "id", id);
	scim_resp_header(sub->resp, &q->arena, "Location", "http://x/Users/1");
	scim_resp_header(sub->resp, &q->arena, "ETag", "W/\"1\"");
	scim_render_json(sub->resp, 201, created);
	return 0;
}

/* Runs scim_bulk on `body`; returns the response (free with cJSON_Delete). */
static cJSON *
run(const char *body)
{
	struct scim_req		q;
	struct scim_resp	r;
	struct scim_call	c;
	struct err		e = { 0 };
	cJSON			*out;

	memset(&q, 0, sizeof(q));
	memset(&r, 0, sizeof(r));
	memset(&c, 0, sizeof(c));
	q.method = SCIM_POST;
	q.method_name = "POST";
	q.body = body;
	q.body_len = strlen(body);
	q.base_url = "http://x/scim/v2";
	c.req = &q;
	c.resp = &r;
	c.subrequest = fake_subrequest;
	nseen = 0;
	assert_int_equal(scim_bulk(&c, &e), 0);
	assert_int_equal(r.status, 200);
	out = json(r.body);
	free(r.body);
	arena_free(&q.arena);
	return out;
}

static void
test_bulk__run_stops_after_fail_on_errors(void **state)
{
	cJSON	*out;

	(void)state;
	/* Group deletes: user removals run first, as one set (bulk_remove.c). */
	out = run("{\"failOnErrors\":2,\"Operations\":["
	    "{\"method\":\"DELETE\",\"path\":\"/Groups/fail1\"},"
	    "{\"method\":\"DELETE\",\"path\":\"/Groups/ok\"},"
	    "{\"method\":\"GET\",\"path\":\"/Groups/ok\"},"
	    "{\"method\":\"DELETE\",\"path\":\"/Groups/never\"}]}");
	/* The refused GET never reached the table but counts as an error. */
	assert_int_equal(nseen, 2);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(out,
	    "Operations")), 3);
	assert_json(cJSON_GetObjectItem(out, "Operations"),
	    "[{\"method\":\"DELETE\",\"status\":\"404\",\"response\":"
	    "{\"schemas\":[\"" SCIM_URN_ERROR "\"],\"status\":\"404\","
	    "\"detail\":\"resource not found\"}},"
	    "{\"method\":\"DELETE\",\"status\":\"204\",\"location\":"
	    "\"http://x/scim/v2/Groups/ok\"},"
	    "{\"method\":\"GET\",\"status\":\"400\",\"response\":"
	    "{\"schemas\":[\"" SCIM_URN_ERROR "\"],\"status\":\"400\","
	    "\"scimType\":\"invalidSyntax\",\"detail\":\"\\\"method\\\" must "
	    "be POST, PUT, PATCH or DELETE\"}}]");
	cJSON_Delete(out);

	/* Without failOnErrors every operation runs. */
	out = run("{\"Operations\":["
	    "{\"method\":\"DELETE\",\"path\":\"/Groups/fail1\"},"
	    "{\"method\":\"DELETE\",\"path\":\"/Groups/fail2\"},"
	    "{\"method\":\"DELETE\",\"path\":\"/Groups/ok\"}]}");
	assert_int_equal(nseen, 3);
	cJSON_Delete(out);
}

static void
test_bulk__run_passes_created_ids_on(void **state)
{
	cJSON	*out;

	(void)state;
	out = run("{\"Operations\":["
	    "{\"method\":\"POST\",\"bulkId\":\"u\",\"path\":\"/Users\","
	    "\"data\":{\"userName\":\"a\"}},"
	    "{\"method\":\"POST\",\"bulkId\":\"g\",\"path\":\"/Groups\","
	    "\"data\":{\"members\":[{\"value\":\"bulkId:u\"}]}},"
	    "{\"method\":\"PATCH\",\"path\":\"/Groups/bulkId:g\","
	    "\"data\":{\"members\":[{\"value\":\"bulkId:u\"}]}}]}");
	assert_int_equal(nseen, 3);
	assert_string_equal(seen[0], "POST /scim/v2/Users {\"userName\":\"a\"}");
	assert_string_equal(seen[1], "POST /scim/v2/Groups "
	    "{\"members\":[{\"value\":\"id-1\"}]}");
	assert_string_equal(seen[2], "PATCH /scim/v2/Groups/id-2 "
	    "{\"members\":[{\"value\":\"id-1\"}]}");
	assert_json(cJSON_GetArrayItem(cJSON_GetObjectItem(out, "Operations"),
	    0), "{\"method\":\"POST\",\"bulkId\":\"u\",\"status\":\"201\","
	    "\"location\":\"http://x/Users/1\",\"version\":\"W/\\\"1\\\"\"}");
	cJSON_Delete(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bulk__resolve),
		cmocka_unit_test(test_bulk__substitute_references),
		cmocka_unit_test(test_bulk__substitute_unknown_reference),
		cmocka_unit_test(test_bulk__max_operations),
		cmocka_unit_test(test_bulk__removal_cap),
		cmocka_unit_test(test_bulk__fail_on_errors),
		cmocka_unit_test(test_bulk__operation_becomes_a_request),
		cmocka_unit_test(test_bulk__operation_checks),
		cmocka_unit_test(test_bulk__run_stops_after_fail_on_errors),
		cmocka_unit_test(test_bulk__run_passes_created_ids_on),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
