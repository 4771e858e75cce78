/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_pg_query.c
 *
 * The filter compiler against PostgreSQL: every filter of
 * scim/filter/tests/filters.test marked `%%CHECK User ok` runs through
 * db_member_list, and every one marked `%%CHECK Group ok` through
 * db_group_list, and through the in-memory evaluator (scim_filter_match)
 * over the same rows rendered as clients see them; both must pick the
 * same resources. Index use is test_pg_query_index.c. Needs
 * SCIMD_TEST_DATABASE_URL; links scim_filter and scim_model for the
 * parser, evaluator and renderer.
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

#include "domain/base/arena.h"
#include "domain/base/member_row.h"
#include "scim/filter/filter.h"
#include "scim/model/resource.h"
#include "storage/group.h"
#include "storage/member.h"
#include "storage/sqlbuf.h"

#include "pg_harness.h"

#define ENT	"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

static const char	*org_a;		/* the hand-made users */
static const char	*org_g;		/* hand-made groups of a few users */

/* Hand-made users for the filters of filters.test; ' stands for ". */
static const char *const seed[] = {
	"{'userName':'bjensen','externalId':'bjensen','name':{'familyName':"
	"'O\\u0027Malley','givenName':'Barbara'},'displayName':'Babs Jensen',"
	"'title':'Tour Guide','userType':'Employee','emails':[{'value':"
	"'bjensen@example.com','type':'work','primary':true},{'value':"
	"'babs@jensen.org','type':'home'}]}",
	"{'userName':'BJENSEN2','name':{'familyName':'Jensen','givenName':"
	"'barbara'},'userType':'Intern','emails':[{'value':'b2@example.org',"
	"'type':'home'}],'active':false}",
	"{'userName':'test.user@okta.local','externalId':'00ujl29u0le5T6Aj10h7',"
	"'displayName':'Test SCIMv2','emails':[{'value':'test.user@okta.local',"
	"'type':'work','primary':true}]}",
	"{'userName':'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee',"
	"'externalId':'jyoung','emails':[{'value':"
	"'TestBcwqnm@test.microsoft.com','type':'work'}],'" ENT "':{"
	"'employeeNumber':'Eqpj','department':'Sales','manager':{'value':"
	"'00aa00aa'}}}",
	"{'userName':'jyoung2','externalId':'12345','active':false,'emails':["
	"{'value':'x','type':'work'},{'value':'a@b.test','type':'home',"
	"'primary':true}],'" ENT "':{'department':'sales','manager':{'value':"
	"'x'}}}",
	"{'userName':'jsmith','externalId':'JYOUNG','userType':'Employee',"
	"'title':'','emails':[{'value':'js@acme.test','type':'work'},{'value':"
	"'js@example.com','type':'home'}],'ims':[{'value':'js@foo.com','type':"
	"'xmpp'}],'addresses':[{'type':'work','locality':'Paris'}]}",
	"{'userName':'nobody','emails':[],'x509Certificates':[{'value':'MIIB'}],"
	"'name':{}}",
	"{'userName':'mixed','userType':'employee','title':'Boss','emails':["
	"{'value':'MiXeD@Example.COM','type':'WORK'}],'ims':[{'value':"
	"'m@FOO.com','type':'xmpp'}],'addresses':[{'type':'home'}]}",
	"{'userName':'Jalpha','name':{'familyName':'jones'},'displayName':"
	"'J Alpha','" ENT "':{'employeeNumber':'eqpj'}}",
	"{'userName':'percent%_\\\\x','displayName':'100% real_name'}",
	"{'userName':'unicode','displayName':'\\u00dcn\\u00efc\\u00f6d\\u00e9',"
	"'name':{'givenName':'\\u00c9'}}",
};

/* Inserts a member whose columns follow its stored form, as the codec's. */
static void
insert_json(const char *org, const char *json, const char *created,
    const char *updated)
{
	char		*text = arena_strdup(&h_arena, json), *p;
	cJSON		*doc, *it, *v;
	const char	*emails[16], *prm[9];
	size_t		 n = 0;
	PGresult	*res;

	for (p = text; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	doc = cJSON_Parse(text);
	assert_non_null(doc);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(doc, "emails")) {
		v = cJSON_GetObjectItem(it, "value");
		if (n < 16 && cJSON_IsString(v))
			emails[n++] = v->valuestring;
	}
	prm[0] = org;
	prm[1] = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "userName"));
	prm[2] = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "externalId"));
	prm[3] = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "displayName"));
	prm[4] = db_array_literal(&h_arena, emails, n);
	prm[5] = cJSON_IsFalse(cJSON_GetObjectItem(doc, "active")) ? "f" : "t";
	prm[6] = text;
	prm[7] = created;
	prm[8] = updated;
	res = PQexecParams(h_raw, "INSERT INTO members (org_id, user_name, "
	    "external_id, display_name, emails, active, resource, created_at, "
	    "updated_at) VALUES ($1, $2, $3, $4, ARRAY(SELECT scimd_fold(e) FROM "
	    "unnest($5::text[]) e), $6, $7, $8, $9)", 9, NULL, prm, NULL,
	    NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		fail_msg("insert %s: %s", text, PQerrorMessage(h_raw));
	PQclear(res);
	cJSON_Delete(doc);
}

/* The hand-made users, then generated variations around them. */
static void
seed_org_a(void)
{
	static const char *const types[] = { "Employee", "Intern", NULL };
	static const char *const doms[] = { "example.com", "example.org",
	    "acme.test" };
	static const char *const depts[] = { "Sales", "Eng", NULL, "sales" };
	char	json[1024], created[64], updated[64];
	size_t	i;

	org_a = h_org(&h_arena, "query-a");
	for (i = 0; i < 160; i++) {
		snprintf(created, sizeof(created), "2019-12-%02zu 10:00:%02zu.%03zu+00",
		    1 + i % 28, i % 60, i * 7 % 1000);
		/* Around the RFC's 2011-05-13T04:42:34Z, one exactly on it. */
		snprintf(updated, sizeof(updated), i == 3 ?
		    "2011-05-13 04:42:34+00" : "2011-05-%02zu 04:42:%02zu.%03zu+00",
		    10 + i % 7, i % 60, i * 13 % 1000);
		if (i >= 150)
			snprintf(created, sizeof(created), "2020-01-01 %02zu:00:00.123+05:30",
			    i - 150);
		if (i < sizeof(seed) / sizeof(seed[0])) {
			insert_json(org_a, seed[i], created, updated);
			continue;
		}
		snprintf(json, sizeof(json), "{'userName':'Gen%zu@%s',%s%s%s%s"
		    "'emails':[{'value':'g%zu@%s','type':'%s'%s}],'active':%s%s%s%s}",
		    i, doms[i % 3],
		    i % 4 ? "'displayName':'Gen " : "", i % 4 ? (i % 8 < 4 ? "A" : "b") : "",
		    i % 4 ? "'," : "", i % 5 == 0 ? "'title':'T'," : "",
		    i, doms[(i + 1) % 3], i % 2 ? "work" : "home",
		    i % 6 == 0 ? ",'primary':true" : "", i % 3 ? "true" : "false",
		    types[i % 3] ? ",'userType':'" : "", types[i % 3] ? types[i % 3] : "",
		    types[i % 3] ? "'" : "");
		if (depts[i % 4] != NULL)
			snprintf(json + strlen(json) - 1, sizeof(json) - strlen(json),
			    ",'" ENT "':{'department':'%s','employeeNumber':'%zu'}}",
			    depts[i % 4], i);
		insert_json(org_a, json, created, updated);
	}
}

/* A hand-made group. */
struct group_seed {
	const char	*id;		/* NULL: generated */
	const char	*name;
	const char	*external_id;
	const char	*created;
	const char	*updated;
	const char	*members[4];	/* userName or "userName|display" */
};

/*
 * Groups for the Group filters of filters.test: the RFC's names and ids,
 * case variants (displayName folds, externalId and id do not), members
 * with and without a display of their own, no members, and lastModified
 * around 2011-05-13T04:42:34Z, one on it, one on it in another zone and
 * one 400 microseconds after it (meta renders the microseconds SQL
 * compares, so even that one agrees).
 */
static const struct group_seed group_seed[] = {
	{ "abf4dd94-a4c0-4f67-89c9-76b03340cb9b", "Group1DisplayName",
	  "00ujl29u0le5T6Aj10h7", "2011-05-01 08:00:00+00",
	  "2011-05-13 04:42:34.001+00", { "bjensen", "jsmith|Jonny S" } },
	{ NULL, "test scimv2", "00UJL29U0LE5T6AJ10H7", "2011-05-02 00:00:00+00",
	  "2011-05-13 04:42:34+00", { "BJENSEN2|Barbara Jensen" } },
	{ NULL, "Admins", NULL, "2010-01-01 00:00:00+00",
	  "2011-05-13 04:42:33.999+00",
	  { "bjensen", "test.user@okta.local", "jyoung2" } },
	{ NULL, "SALES", "sales", "2020-01-01 00:00:00.123+05:30",
	  "2020-06-01 12:00:00+00", { "jyoung2|J. Young" } },
	{ NULL, "Sales Team", "Sales", "2019-12-31 23:59:59.999+00",
	  "2011-05-13 10:12:34+05:30", { "jsmith" } },
	{ NULL, "X", NULL, "2012-02-29 00:00:00+00", "2011-05-13 04:42:34.0004+00",
	  { NULL } },
	{ NULL, "Group1DisplayName2", "abf4dd94-a4c0-4f67-89c9-76b03340cb9b",
	  "2011-05-13 04:42:35+00", "2011-05-13 04:42:35+00",
	  { "Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee" } },
	/* "Ünïcödé" in UTF-8. */
	{ NULL, "\xc3\x9c" "n\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9", "jensen",
	  "2021-03-04 05:06:07.089+00", "2021-03-04 05:06:07.089+00",
	  { "bjensen", "BJENSEN2" } },
	{ NULL, "100% real_name", NULL, "2015-01-01 00:00:00+00",
	  "2009-01-01 00:00:00+00", { NULL } },
	{ NULL, "Jensen fans", NULL, "2016-07-08 09:10:11.012+00",
	  "2016-07-08 09:10:11.012+00", { "BJENSEN2", "jsmith|Jensen, J." } },
};

#define NGROUPS	(sizeof(group_seed) / sizeof(group_seed[0]))

static void
insert_group(const struct group_seed *gs)
{
	const char	*p[6], *gid, *sep;
	PGresult	*res;
	size_t		 i;

	p[0] = gs->id;
	p[1] = org_g;
	p[2] = gs->name;
	p[3] = gs->external_id;
	p[4] = gs->created;
	p[5] = gs->updated;
	/* Stored form as groups.c keeps it: the body without members. */
	res = PQexecParams(h_raw, "INSERT INTO groups (id, org_id, display_name, "
	    "external_id, resource, created_at, updated_at) VALUES (COALESCE("
	    "$1::uuid, gen_random_uuid()), $2, $3, $4, jsonb_strip_nulls("
	    "jsonb_build_object('displayName', $3::text, 'externalId', "
	    "$4::text)), $5, $6) RETURNING id", 6, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("insert group %s: %s", gs->name, PQerrorMessage(h_raw));
	gid = arena_strdup(&h_arena, PQgetvalue(res, 0, 0));
	PQclear(res);
	for (i = 0; i < 4 && gs->members[i] != NULL; i++) {
		sep = strchr(gs->members[i], '|');
		p[0] = gid;
		p[1] = org_g;
		p[2] = sep != NULL ? sep + 1 : NULL;
		p[3] = sep != NULL ? arena_printf(&h_arena, "%.*s",
		    (int)(sep - gs->members[i]), gs->members[i]) : gs->members[i];
		res = PQexecParams(h_raw, "INSERT INTO group_members (group_id, "
		    "member_id, org_id, display) SELECT $1, id, org_id, $3 FROM "
		    "members WHERE org_id = $2 AND user_name = $4", 4, NULL, p,
		    NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_COMMAND_OK ||
		    strcmp(PQcmdTuples(res), "1") != 0)
			fail_msg("add %s to %s: %s", p[3], gs->name,
			    PQerrorMessage(h_raw));
		PQclear(res);
	}
}

/*
 * The first hand-made users (the RFC's member ids for two of them, one
 * in no group), then the groups.
 */
static void
seed_org_g(void)
{
	size_t	i;

	org_g = h_org(&h_arena, "query-g");
	for (i = 0; i < 7; i++)
		insert_json(org_g, seed[i], "2019-01-01 00:00:00+00",
		    "2019-01-02 00:00:00+00");
	h_execf("UPDATE members SET id = '2819c223-7f76-453a-919d-413861904646' "
	    "WHERE org_id = '%s' AND user_name = 'bjensen'", org_g);
	h_execf("UPDATE members SET id = '89bb1940-b905-4575-9e7f-6f887cfb368e' "
	    "WHERE org_id = '%s' AND user_name = 'BJENSEN2'", org_g);
	for (i = 0; i < NGROUPS; i++)
		insert_group(&group_seed[i]);
}

static int
setup(void **state)
{
	(void)state;
	if (h_setup() == -1)
		return -1;
	seed_org_a();
	seed_org_g();
	return 0;
}

#define BASE_URL	"https://scim.test/scim/v2"

static int
has_id(const char *const *ids, size_t n, const char *id)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return 1;
	return 0;
}

/*
 * 1 when SQL found (got, labelled by names, `total` counted) exactly the
 * ids the evaluator found (want); prints every difference under text.
 */
static int
same_ids(const char *text, const char **got, const char **names,
    size_t ngot, long long total, const char **want, size_t nwant)
{
	size_t	i;
	int	ok = 1;

	if (ngot != nwant || total != (long long)nwant) {
		print_error("%s: SQL found %zu (total %lld), evaluator %zu\n",
		    text, ngot, total, nwant);
		ok = 0;
	}
	for (i = 0; i < ngot; i++)
		if (!has_id(want, nwant, got[i])) {
			print_error("%s: SQL found %s (%s), evaluator did not\n",
			    text, names[i], got[i]);
			ok = 0;
		}
	for (i = 0; i < nwant; i++)
		if (!has_id(got, ngot, want[i])) {
			print_error("%s: evaluator found %s, SQL did not\n", text,
			    want[i]);
			ok = 0;
		}
	return ok;
}

static struct query_node *
parse_checked(const char *text, const struct schema_rtype *rt)
{
	struct query_node	*f;
	struct err		 e = { 0 };

	if (scim_filter_parse(&f, &h_arena, text, &e) == -1 ||
	    scim_filter_check(f, rt, &e) == -1)
		fail_msg("%s: %s", text, e.detail);
	return f;
}

/* 1 when SQL and evaluator agree on f over all of org A's members. */
static int
cross_check(const char *text, const struct member_row *all, size_t nall,
    int *hits)
{
	struct member_query	 q;
	struct query_node	*f = parse_checked(text, &schema_rtype_user);
	struct member_row	*rows;
	struct err		 e = { 0 };
	const char		**want, **got, **names;
	size_t			 n, i, nwant = 0;
	long long		 total;
	cJSON			*doc;

	want = arena_alloc(&h_arena, (nall + 1) * sizeof(*want));
	for (i = 0; i < nall; i++) {
		doc = scim_resource_user(&all[i], BASE_URL);
		assert_non_null(doc);
		if (scim_filter_match(f, &schema_rtype_user, NULL, doc))
			want[nwant++] = all[i].id;
		cJSON_Delete(doc);
	}
	memset(&q, 0, sizeof(q));
	q.filter = f;
	q.limit = 100000;
	if (db_member_list(&rows, &n, &total, h_conn, &h_arena, org_a, &q, &e) == -1) {
		print_error("%s: SQL failed: %s\n", text, e.detail);
		return 0;
	}
	got = arena_alloc(&h_arena, (n + 1) * sizeof(*got));
	names = arena_alloc(&h_arena, (n + 1) * sizeof(*names));
	for (i = 0; i < n; i++) {
		got[i] = rows[i].id;
		names[i] = rows[i].user_name;
	}
	*hits += nwant > 0;
	return same_ids(text, got, names, n, total, want, nwant);
}

/*
 * 1 when SQL and evaluator agree on f over org G's groups, rendered with
 * their members. SQL may decline a members sub-attribute it does not
 * filter on (400 "filtering on members.display is not supported", which
 * test_sql_filter pins): that counts in *declined, not as agreement.
 */
static int
group_cross_check(const char *text, const struct group_row *all,
    size_t nall, int *hits, int *declined)
{
	struct group_query	 q;
	struct query_node	*f = parse_checked(text, &schema_rtype_group);
	struct group_row	*rows;
	struct err		 e = { 0 };
	const char		**want, **got, **names;
	size_t			 n, i, nwant = 0;
	long long		 total;
	cJSON			*doc;

	want = arena_alloc(&h_arena, (nall + 1) * sizeof(*want));
	for (i = 0; i < nall; i++) {
		doc = scim_resource_group(&all[i], BASE_URL);
		assert_non_null(doc);
		if (scim_filter_match(f, &schema_rtype_group, NULL, doc))
			want[nwant++] = all[i].id;
		cJSON_Delete(doc);
	}
	memset(&q, 0, sizeof(q));
	q.filter = f;
	q.limit = 100000;
	if (db_group_list(&rows, &n, &total, h_conn, &h_arena, org_g, &q, &e) == -1) {
		if (e.status == 400 && e.type == ST_INVALID_FILTER &&
		    strncmp(e.detail, "filtering on members.", 21) == 0 &&
		    strstr(e.detail, "is not supported") != NULL) {
			print_message("%s: SQL declines (%s); evaluator finds "
			    "%zu\n", text, e.detail, nwant);
			(*declined)++;
			return 1;
		}
		print_error("%s: SQL failed: %s\n", text, e.detail);
		return 0;
	}
	got = arena_alloc(&h_arena, (n + 1) * sizeof(*got));
	names = arena_alloc(&h_arena, (n + 1) * sizeof(*names));
	for (i = 0; i < n; i++) {
		got[i] = rows[i].id;
		names[i] = rows[i].display_name;
	}
	*hits += nwant > 0;
	return same_ids(text, got, names, n, total, want, nwant);
}

/* The inputs of filters.test blocks that carry the line `mark`. */
static size_t
marked_filters(const char **out, size_t cap, const char *mark)
{
	const char	*env = getenv("SCIMD_FILTERS_TEST");
	char		 path[1024], *buf, *line, *next;
	const char	*input = NULL;
	FILE		*fp;
	long		 len;
	size_t		 n = 0;
	cJSON		*j;

	if (env != NULL)
		snprintf(path, sizeof(path), "%s", env);
	else {
		snprintf(path, sizeof(path), "%s", __FILE__);
		snprintf(strrchr(path, '/'), sizeof(path) - (size_t)(strrchr(path,
		    '/') - path), "/../../scim/filter/tests/filters.test");
	}
	if ((fp = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s (set SCIMD_FILTERS_TEST)", path);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = arena_alloc(&h_arena, (size_t)len + 1);
	assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
	buf[len] = '\0';
	fclose(fp);
	/* Blocks are separated by blank lines; the first line is the input. */
	for (line = buf; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (line[0] == '\0') {
			input = NULL;
			continue;
		}
		if (input == NULL && line[0] == '#')
			continue;
		if (input == NULL) {
			input = line;
			if (strncmp(line, "%%JSON ", 7) == 0 &&
			    (j = cJSON_Parse(line + 7)) != NULL) {
				input = arena_strdup(&h_arena, cJSON_GetStringValue(j));
				cJSON_Delete(j);
			}
		} else if (strcmp(line, mark) == 0 && n < cap)
			out[n++] = input;
	}
	return n;
}

static void
test_pg_query__filters_agree_with_evaluator(void **state)
{
	const char		*filters[256];
	struct member_query	 q;
	struct member_row	*all;
	struct err		 e = { 0 };
	size_t			 n, nall, i;
	long long		 total;
	int			 ok = 1, hits = 0;

	(void)state;
	memset(&q, 0, sizeof(q));
	q.limit = 100000;
	if (db_member_list(&all, &nall, &total, h_conn, &h_arena, org_a, &q, &e) == -1)
		fail_msg("%s", e.detail);
	assert_int_equal(nall, 160);
	n = marked_filters(filters, 256, "%%CHECK User ok");
	assert_true(n >= 50);
	for (i = 0; i < n; i++)
		ok &= cross_check(filters[i], all, nall, &hits);
	print_message("%zu filters of filters.test cross-checked, %d match "
	    "some member\n", n, hits);
	assert_true(ok);
	assert_true(hits * 3 >= (int)n * 2);
}

static void
test_pg_query__group_filters_agree_with_evaluator(void **state)
{
	const char		*filters[256];
	struct group_query	 q;
	struct group_row	*all;
	struct err		 e = { 0 };
	size_t			 n, nall, i;
	long long		 total;
	int			 ok = 1, hits = 0, declined = 0;

	(void)state;
	memset(&q, 0, sizeof(q));
	q.limit = 100000;
	q.with_members = 1;
	if (db_group_list(&all, &nall, &total, h_conn, &h_arena, org_g, &q, &e) == -1)
		fail_msg("%s", e.detail);
	assert_int_equal(nall, NGROUPS);
	n = marked_filters(filters, 256, "%%CHECK Group ok");
	assert_true(n >= 10);
	for (i = 0; i < n; i++)
		ok &= group_cross_check(filters[i], all, nall, &hits, &declined);
	print_message("%zu Group filters of filters.test cross-checked, %d "
	    "match some group, %d declined by SQL\n", n, hits, declined);
	assert_true(ok);
	/* Most filters find something; some find nothing. */
	assert_true(hits * 3 >= (int)n * 2);
	assert_true(hits + declined < (int)n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pg_query__filters_agree_with_evaluator),
		cmocka_unit_test(test_pg_query__group_filters_agree_with_evaluator),
	};

	return cmocka_run_group_tests(tests, setup, h_group_teardown);
}
