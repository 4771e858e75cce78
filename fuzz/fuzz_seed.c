/* SPDX-License-Identifier: MIT */
/*
 * fuzz/fuzz_seed.c
 *
 * The resources every fuzz target starts from: the fixtures of
 * scim/patch/tests/patch_cases/00-fixtures.test (bjensen and the group),
 * with the id and meta the renderer adds.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz/fuzz_seed.h"

static const char user_json[] =
    "{\"id\": \"2819c223-7f76-453a-919d-413861904646\","
    "\"userName\": \"bjensen\", \"externalId\": \"bjensen-ext\","
    "\"name\": {\"formatted\": \"Ms. Barbara J Jensen\","
    " \"familyName\": \"Jensen\", \"givenName\": \"Barbara\"},"
    "\"displayName\": \"Babs Jensen\", \"active\": true, \"title\": \"Tour Guide\","
    "\"emails\": [{\"value\": \"bjensen@example.com\", \"type\": \"work\","
    " \"primary\": true}, {\"value\": \"babs@jensen.org\", \"type\": \"home\"}],"
    "\"phoneNumbers\": [{\"value\": \"555-555-8377\", \"type\": \"work\"}],"
    "\"addresses\": [{\"type\": \"work\", \"streetAddress\": \"100 Universal City Plaza\","
    " \"locality\": \"Hollywood\", \"region\": \"CA\", \"postalCode\": \"91608\","
    " \"country\": \"USA\", \"primary\": true}],"
    "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":"
    " {\"employeeNumber\": \"701984\", \"department\": \"Tour Operations\","
    " \"manager\": {\"value\": \"26118915-6090-4610-87e4-49d8ca9f808d\","
    " \"$ref\": \"../Users/26118915-6090-4610-87e4-49d8ca9f808d\"}},"
    "\"meta\": {\"resourceType\": \"User\", \"created\": \"2011-08-01T18:29:49.793Z\","
    " \"lastModified\": \"2011-08-01T18:29:49.793Z\", \"version\": \"W/\\\"3\\\"\"}}";

static const char group_json[] =
    "{\"id\": \"e9e30dba-f08f-4109-8486-d5c6a331660a\","
    "\"displayName\": \"Tour Guides\", \"externalId\": \"g-ext\","
    "\"meta\": {\"resourceType\": \"Group\", \"created\": \"2011-08-01T18:29:49.793Z\","
    " \"lastModified\": \"2011-08-01T20:31:02.315Z\", \"version\": \"W/\\\"1\\\"\"}}";

static cJSON *
must_parse(const char *s)
{
	cJSON	*j = cJSON_Parse(s);

	if (j == NULL)
		fuzz_die("bad seed resource", s, NULL);
	return j;
}

cJSON *
fuzz_seed_user(void)
{
	return must_parse(user_json);
}

cJSON *
fuzz_seed_group(void)
{
	return must_parse(group_json);
}

void
fuzz_die(const char *what, const char *d1, const char *d2)
{
	fprintf(stderr, "fuzz: %s%s%s%s%s\n", what, d1 ? ": " : "",
	    d1 ? d1 : "", d2 ? " / " : "", d2 ? d2 : "");
	abort();
}
