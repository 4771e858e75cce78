/* SPDX-License-Identifier: MIT */
/*
 * scim/filter/tests/test_filter_eval.c
 *
 * scim_filter_match over a fixed set of stored-form resources: case
 * rules per attribute, multi-valued "any value" semantics, value paths
 * binding one element, pr on empty values, dateTime as instants, NULL-safe
 * ne/not, and the element mode the PATCH engine uses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "scim/filter/filter.h"

#define ENT	"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

static const char *const users_json[] = {
	/* 0: the RFC 7643 §8.2 sample, trimmed */
	"{\"id\":\"2819c223-7f76-453a-919d-413861904646\","
	"\"externalId\":\"bjensen\",\"userName\":\"Bjensen@Example.com\","
	"\"name\":{\"familyName\":\"Jensen\",\"givenName\":\"Barbara\","
	"\"formatted\":\"Ms. Barbara J Jensen III\"},"
	"\"displayName\":\"Babs Jensen\",\"title\":\"Tour Guide\","
	"\"userType\":\"Employee\",\"active\":true,"
	"\"emails\":[{\"value\":\"bjensen@example.com\",\"type\":\"work\","
	"\"primary\":true},{\"value\":\"babs@jensen.org\",\"type\":\"home\"}],"
	"\"ims\":[{\"value\":\"someaimhandle\",\"type\":\"aim\"}],"
	"\"" ENT "\":{\"employeeNumber\":\"701984\","
	"\"department\":\"Tour Operations\",\"manager\":{\"value\":"
	"\"26118915-6090-4610-87e4-49d8ca9f808d\",\"displayName\":\"John Smith\"}},"
	"\"meta\":{\"resourceType\":\"User\",\"created\":\"2010-01-23T04:56:22Z\","
	"\"lastModified\":\"2011-05-13T04:42:34Z\"}}",
	/* 1: Entra's "Example 2" user, deactivated */
	"{\"id\":\"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\",\"externalId\":\"jyoung\","
	"\"userName\":\"jyoung\",\"active\":false,\"displayName\":\"Joy Young\","
	"\"emails\":[{\"value\":\"jyoung@Contoso.com\",\"type\":\"work\","
	"\"primary\":true}],\"name\":{\"familyName\":\"Young\",\"givenName\":\"Joy\"},"
	"\"meta\":{\"resourceType\":\"User\",\"created\":\"2011-05-13T06:42:34+02:00\","
	"\"lastModified\":\"2020-02-29T12:00:00.5Z\"}}",
	/* 2: non-ASCII userName and empty values that pr must not see */
	"{\"id\":\"5b9b2b5f-3b3d-4c63-9b1f-2e1c0f7a1d0e\","
	"\"userName\":\"\\u00c9LODIE.M\\u00fcller@ex\\u00e4mple.test\","
	"\"title\":\"\",\"roles\":[],\"name\":{},"
	"\"meta\":{\"resourceType\":\"User\","
	"\"created\":\"2021-01-01T00:00:00.000001Z\","
	"\"lastModified\":\"2021-01-01T00:00:00Z\"}}",
};

static const struct {
	const char	*filter;
	const char	*want;		/* one digit per user above */
} user_cases[] = {
	{ "userName eq \"bjensen@example.com\"", "100" },
	{ "userName eq \"BJENSEN@EXAMPLE.COM\"", "100" },
	{ "userName eq \"\\u00e9lodie.m\\u00dcller@EX\\u00c4MPLE.test\"", "001" },
	{ "userName sw \"\\u00e9\"", "001" },
	{ "userName gt \"c\"", "011" },
	{ "userName eq \"jyoung\" or userName eq \"bjensen@example.com\"", "110" },
	{ "externalId eq \"BJENSEN\"", "000" },
	{ "externalId eq \"bjensen\"", "100" },
	{ "externalId eq jyoung", "010" },
	{ "externalId ne \"bjensen\"", "011" },
	{ "not (externalId eq \"bjensen\")", "011" },
	{ "externalId pr", "110" },
	{ "externalId eq null", "001" },
	{ "id eq \"2819c223-7f76-453a-919d-413861904646\"", "100" },
	{ "id eq \"2819C223-7F76-453A-919D-413861904646\"", "000" },
	{ "id sw \"0a21\"", "010" },
	{ "id pr", "111" },
	{ "title pr", "100" },
	{ "title eq null", "011" },
	{ "title ne null", "100" },
	{ "roles pr", "000" },
	{ "name pr", "110" },
	{ "name eq null", "001" },
	{ "name ne null", "110" },
	{ "name.familyName co \"ens\"", "100" },
	{ "name.familyName sw \"y\"", "010" },
	{ "name.familyName ew \"EN\"", "100" },
	{ "name[givenName eq \"joy\"]", "010" },
	{ "displayName co \"young\"", "010" },
	{ "active eq true", "100" },
	{ "active eq false", "010" },
	{ "active ne true", "011" },
	{ "active pr", "110" },
	{ "emails co \"example.com\"", "100" },
	{ "emails co \"CONTOSO\"", "010" },
	{ "emails.value ew \".org\"", "100" },
	{ "emails eq \"babs@jensen.org\"", "100" },
	/* any value not equal (RFC 7644 §3.4.2.2), as the value path form */
	{ "emails ne \"babs@jensen.org\"", "110" },
	{ "emails.type eq \"home\"", "100" },
	{ "emails.type ne \"work\"", "100" },
	{ "not (emails.type eq \"work\")", "001" },
	{ "emails[type ne \"work\"]", "100" },
	{ "emails[type eq \"work\" and value co \"@example.com\"]", "100" },
	/* one element must satisfy both, unlike the flat form below */
	{ "emails[type eq \"home\" and primary eq true]", "000" },
	{ "emails.type eq \"home\" and emails.primary eq true", "100" },
	{ "emails[type eq \"work\"].value eq \"JYOUNG@contoso.com\"", "010" },
	{ "emails[type eq \"work\"].value eq \"babs@jensen.org\"", "000" },
	{ "emails[type eq \"home\"].value eq \"babs@jensen.org\"", "100" },
	{ "emails[not (primary eq true)]", "100" },
	{ "emails pr", "110" },
	{ "emails.value pr", "110" },
	{ "emails eq null", "001" },
	{ "emails ne null", "110" },
	{ "ims[type eq \"aim\"]", "100" },
	{ "meta.created lt \"2011-01-01T00:00:00Z\"", "100" },
	{ "meta.created eq \"2011-05-13T04:42:34Z\"", "010" },
	{ "meta.created eq \"2011-05-13T04:42:34.000Z\"", "010" },
	{ "meta.created eq \"2011-05-13T05:42:34+01:00\"", "010" },
	{ "meta.created gt \"2021-01-01T00:00:00Z\"", "001" },
	{ "meta.lastModified gt \"2020-02-29T12:00:00Z\"", "011" },
	{ "meta.lastModified ge \"2011-05-13T06:42:34+02:00\"", "111" },
	{ "meta.lastModified le \"2011-05-13T04:42:34Z\"", "100" },
	{ "meta.resourceType eq \"User\"", "111" },
	{ "meta.resourceType eq \"user\"", "000" },
	{ ENT ":department eq \"tour operations\"", "100" },
	{ ENT ":manager.value eq \"26118915-6090-4610-87e4-49d8ca9f808d\"", "100" },
	{ ENT ":manager.displayName sw \"john\"", "100" },
	{ ENT ":employeeNumber gt \"700000\"", "100" },
	{ ENT ":employeeNumber pr", "100" },
	{ "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"jyoung\"", "010" },
	{ "title eq \"Tour Guide\" and (userType eq \"Employee\" or "
	    "userType eq \"Intern\")", "100" },
	{ "userType eq \"Employee\" and not (emails co \"example.com\" or "
	    "emails.value co \"example.org\")", "000" },
	{ "userType ne \"Employee\" and not (emails co \"example.com\")", "011" },
};

static cJSON *
parse_json(const char *s)
{
	cJSON	*j = cJSON_Parse(s);

	if (j == NULL)
		fail_msg("bad fixture: %.60s", s);
	return j;
}

static struct query_node *
must_parse(struct arena *a, const char *text, const struct schema_rtype *rt)
{
	struct query_node	*q;
	struct err		 e = { 0 };

	if (scim_filter_parse(&q, a, text, &e) != 0)
		fail_msg("%s: %s", text, e.detail);
	if (rt != NULL && scim_filter_check(q, rt, &e) != 0)
		fail_msg("%s: %s", text, e.detail);
	return q;
}

static void
test_filter_eval__users_table(void **state)
{
	struct arena		 a = { 0 };
	cJSON			*u[3];
	struct query_node	*q;
	size_t			 i, k;
	int			 nfail = 0, got;

	(void)state;
	for (k = 0; k < 3; k++)
		u[k] = parse_json(users_json[k]);
	for (i = 0; i < sizeof(user_cases) / sizeof(user_cases[0]); i++) {
		q = must_parse(&a, user_cases[i].filter, &schema_rtype_user);
		for (k = 0; k < 3; k++) {
			got = scim_filter_match(q, &schema_rtype_user, NULL, u[k]);
			if (got != (user_cases[i].want[k] == '1')) {
				print_error("%s: user %zu: got %d\n",
				    user_cases[i].filter, k, got);
				nfail++;
			}
		}
	}
	for (k = 0; k < 3; k++)
		cJSON_Delete(u[k]);
	arena_free(&a);
	assert_int_equal(nfail, 0);
}

static void
test_filter_eval__unknown_attribute_never_matches(void **state)
{
	struct arena	 a = { 0 };
	cJSON		*u = parse_json(users_json[0]);

	(void)state;
	/* Unchecked ASTs are safe: unknown means absent. */
	assert_int_equal(scim_filter_match(must_parse(&a, "foo eq \"x\"", NULL),
	    &schema_rtype_user, NULL, u), 0);
	assert_int_equal(scim_filter_match(must_parse(&a, "not (foo eq \"x\")", NULL),
	    &schema_rtype_user, NULL, u), 1);
	assert_int_equal(scim_filter_match(must_parse(&a, "foo[bar pr]", NULL),
	    &schema_rtype_user, NULL, u), 0);
	assert_int_equal(scim_filter_match(must_parse(&a, "emails[bar pr]", NULL),
	    &schema_rtype_user, NULL, u), 0);
	/* A type mismatch compares false, it does not crash. */
	assert_int_equal(scim_filter_match(must_parse(&a, "active eq \"true\"", NULL),
	    &schema_rtype_user, NULL, u), 0);
	assert_int_equal(scim_filter_match(must_parse(&a, "title eq 5", NULL),
	    &schema_rtype_user, NULL, u), 0);
	cJSON_Delete(u);
	arena_free(&a);
}

static void
test_filter_eval__group_members(void **state)
{
	struct arena	 a = { 0 };
	const struct schema_rtype *rt = &schema_rtype_group;
	cJSON		*g = parse_json("{\"id\":\"e9e30dba-f08f-4109-8486-"
	    "d5c6a331660a\",\"displayName\":\"Tour Guides\",\"members\":["
	    "{\"value\":\"2819c223-7f76-453a-919d-413861904646\",\"display\":"
	    "\"Babs Jensen\"},{\"value\":\"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\"}],"
	    "\"meta\":{\"resourceType\":\"Group\"}}");

	(void)state;
	assert_true(scim_filter_match(must_parse(&a, "members[value eq "
	    "\"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\"]", rt), rt, NULL, g));
	assert_false(scim_filter_match(must_parse(&a, "members[value eq "
	    "\"0a21f0f2-0000-4f8e-bf98-7363c4aed4ef\"]", rt), rt, NULL, g));
	assert_true(scim_filter_match(must_parse(&a, "members eq "
	    "\"2819c223-7f76-453a-919d-413861904646\"", rt), rt, NULL, g));
	assert_true(scim_filter_match(must_parse(&a, "members.display co \"babs\"",
	    rt), rt, NULL, g));
	assert_true(scim_filter_match(must_parse(&a, "displayName eq \"tour guides\"",
	    rt), rt, NULL, g));
	assert_true(scim_filter_match(must_parse(&a, "meta.resourceType eq \"Group\"",
	    rt), rt, NULL, g));
	cJSON_Delete(g);
	arena_free(&a);
}

/* The PATCH engine evaluates a value filter against one element. */
static void
test_filter_eval__element_mode(void **state)
{
	struct arena		 a = { 0 };
	const struct schema_attr *emails = schema_attr_find(&schema_user, "emails");
	const struct schema_attr *members = schema_attr_find(&schema_group, "members");
	cJSON			*u = parse_json(users_json[0]);
	const cJSON		*home = cJSON_GetArrayItem(cJSON_GetObjectItem(u,
				    "emails"), 1);
	cJSON			*m = parse_json("{\"value\":\"u1091\"}");

	(void)state;
	assert_non_null(emails);
	assert_true(scim_filter_match(must_parse(&a, "type eq \"home\"", NULL),
	    &schema_rtype_user, emails, home));
	assert_true(scim_filter_match(must_parse(&a, "value ew \".ORG\"", NULL),
	    &schema_rtype_user, emails, home));
	assert_false(scim_filter_match(must_parse(&a, "primary eq true", NULL),
	    &schema_rtype_user, emails, home));
	assert_true(scim_filter_match(must_parse(&a, "primary ne true", NULL),
	    &schema_rtype_user, emails, home));
	assert_true(scim_filter_match(must_parse(&a,
	    "type eq \"work\" or not (primary pr)", NULL),
	    &schema_rtype_user, emails, home));
	assert_false(scim_filter_match(must_parse(&a, "display pr", NULL),
	    &schema_rtype_user, emails, home));
	/* paths that are not sub-attributes of the element never match */
	assert_false(scim_filter_match(must_parse(&a, "emails.type eq \"home\"",
	    NULL), &schema_rtype_user, emails, home));
	assert_false(scim_filter_match(must_parse(&a, "userName pr", NULL),
	    &schema_rtype_user, emails, home));
	assert_true(scim_filter_match(must_parse(&a, "value eq \"u1091\"", NULL),
	    &schema_rtype_group, members, m));
	cJSON_Delete(m);
	cJSON_Delete(u);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filter_eval__users_table),
		cmocka_unit_test(test_filter_eval__unknown_attribute_never_matches),
		cmocka_unit_test(test_filter_eval__group_members),
		cmocka_unit_test(test_filter_eval__element_mode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
