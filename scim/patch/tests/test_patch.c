/* SPDX-License-Identifier: MIT */
/*
 * scim/patch/tests/test_patch.c
 *
 * Unit tests of the PATCH engine (scim/patch/patch.h). Most cases are data:
 * every patch_cases/<name>.test file under $SCIMD_TEST_DATA is read and each
 * case becomes one cmocka test named test_patch__<case>. The C tests at
 * the end cover what a data file cannot express (limits, big inputs).
 *
 * Case file format (one case runs until the next %%CASE):
 *
 *   # comment
 *   %%DEFINE name        a JSON document usable as @name in any file
 *   %%CASE name
 *   %%TYPE User|Group    default User
 *   %%ID <id>            the resource's current id (default DEFAULT_ID)
 *   %%RESOURCE [@name]   starting resource, stored form
 *   %%BODY               the PatchOp body
 *   %%EXPECT [@name|unchanged]   resulting resource (compared
 *                        structurally, key order ignored)
 *   %%MEMBERS            expected delta {"clear":…,"add":[…],"remove":[…]}
 *                        (default: no change)
 *   %%FAIL <status> <scimType> [detail substring]
 *
 * A section's JSON is every line up to the next line starting with %%.
 * For every failing case the input resource must come back byte-identical.
 */
#include <dirent.h>
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
#include "domain/base/err.h"
#include "domain/base/schema.h"
#include "scim/patch/patch.h"

#define DEFAULT_ID	"2819c223-7f76-453a-919d-413861904646"

struct patch_case {
	char				*name;		/* test_patch__<case> */
	char				*where;		/* file:line */
	const struct schema_rtype	*rt;
	char				*id;
	char				*resource;
	char				*body;
	char				*expect;
	char				*members;
	int				 fail_status;
	char				*fail_type;
	char				*fail_detail;
};

struct define {
	char	*name;
	char	*json;
};

static struct patch_case	*cases;
static size_t			 ncases, capcases;
static struct define		*defs;
static size_t			 ndefs, capdefs;

static char *
slurp(const char *path)
{
	FILE	*f = fopen(path, "rb");
	char	*buf;
	long	 n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static char *
trimmed(const char *s)
{
	size_t	n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	return strndup(s, n);
}

/* Appends line to *dst (a growing section text). */
static void
append_line(char **dst, const char *line)
{
	size_t	old = *dst != NULL ? strlen(*dst) : 0, n = strlen(line);

	*dst = xrealloc(*dst, old + n + 2);
	memcpy(*dst + old, line, n);
	(*dst)[old + n] = '\n';
	(*dst)[old + n + 1] = '\0';
}

static struct patch_case *
new_case(const char *name, const char *file, int line)
{
	struct patch_case	*c;
	char			 buf[512];

	if (ncases == capcases) {
		capcases = capcases ? capcases * 2 : 64;
		cases = xrealloc(cases, capcases * sizeof(*cases));
	}
	c = &cases[ncases++];
	memset(c, 0, sizeof(*c));
	snprintf(buf, sizeof(buf), "test_patch__%s", name);
	c->name = xstrdup(buf);
	snprintf(buf, sizeof(buf), "%s:%d", file, line);
	c->where = xstrdup(buf);
	c->rt = &schema_rtype_user;
	return c;
}

/*
 * Reads one .test file. Section headers may carry an argument (@name,
 * "unchanged"); it replaces the JSON lines that would follow.
 */
static void
load_file(const char *path, const char *file)
{
	char			*text = slurp(path), *line, *next, *arg;
	char			**section = NULL;
	struct patch_case	*c = NULL;
	int			 lineno = 0;

	if (text == NULL) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(1);
	}
	for (line = text; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		if (line[0] == '#')
			continue;
		if (strncmp(line, "%%", 2) != 0) {
			if (section != NULL)
				append_line(section, line);
			continue;
		}
		section = NULL;
		arg = strchr(line, ' ');
		arg = arg != NULL ? trimmed(arg) : NULL;
		if (strncmp(line, "%%DEFINE", 8) == 0) {
			if (ndefs == capdefs) {
				capdefs = capdefs ? capdefs * 2 : 16;
				defs = xrealloc(defs, capdefs * sizeof(*defs));
			}
			defs[ndefs].name = arg;
			defs[ndefs].json = NULL;
			section = &defs[ndefs++].json;
			c = NULL;
			continue;
		}
		if (strncmp(line, "%%CASE", 6) == 0) {
			c = new_case(arg, file, lineno);
			free(arg);
			continue;
		}
		if (c == NULL) {
			fprintf(stderr, "%s:%d: section outside a case\n", file,
			    lineno);
			exit(1);
		}
		if (strncmp(line, "%%TYPE", 6) == 0) {
			c->rt = strcmp(arg, "Group") == 0 ? &schema_rtype_group :
			    &schema_rtype_user;
			free(arg);
		} else if (strncmp(line, "%%ID", 4) == 0)
			c->id = arg;
		else if (strncmp(line, "%%RESOURCE", 10) == 0)
			section = &c->resource;
		else if (strncmp(line, "%%BODY", 6) == 0)
			section = &c->body;
		else if (strncmp(line, "%%EXPECT", 8) == 0)
			section = &c->expect;
		else if (strncmp(line, "%%MEMBERS", 9) == 0)
			section = &c->members;
		else if (strncmp(line, "%%FAIL", 6) == 0) {
			char	*sp;

			c->fail_status = (int)strtol(arg, &sp, 10);
			while (*sp == ' ')
				sp++;
			c->fail_type = xstrdup(sp);
			sp = strchr(c->fail_type, ' ');
			if (sp != NULL) {
				*sp = '\0';
				c->fail_detail = xstrdup(sp + 1);
			}
			free(arg);
		} else {
			fprintf(stderr, "%s:%d: unknown section %s\n", file,
			    lineno, line);
			exit(1);
		}
		if (section != NULL && arg != NULL) {
			/* The argument is the content: @name or a keyword. */
			*section = arg;
			section = NULL;
		}
	}
	free(text);
}

static int
by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void
load_cases(void)
{
	const char	*dir = getenv("SCIMD_TEST_DATA");
	char		 path[1024], **names = NULL;
	size_t		 n = 0, i;
	DIR		*d;
	struct dirent	*de;

	snprintf(path, sizeof(path), "%s/patch_cases", dir ? dir : ".");
	d = opendir(path);
	if (d == NULL) {
		fprintf(stderr, "cannot open %s\n", path);
		exit(1);
	}
	while ((de = readdir(d)) != NULL) {
		size_t	len = strlen(de->d_name);

		if (len < 5 || strcmp(de->d_name + len - 5, ".test") != 0)
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		char	full[2048];

		snprintf(full, sizeof(full), "%s/%s", path, names[i]);
		load_file(full, names[i]);
		free(names[i]);
	}
	free(names);
}

static const char *
resolve(const char *text)
{
	size_t	i;

	if (text == NULL || text[0] != '@')
		return text;
	for (i = 0; i < ndefs; i++)
		if (strcmp(defs[i].name, text + 1) == 0)
			return defs[i].json;
	fail_msg("undefined fixture %s", text);
	return NULL;
}

static cJSON *
parse_or_fail(const char *text, const char *what, const struct patch_case *c)
{
	cJSON	*j;

	text = resolve(text);
	if (text == NULL)
		fail_msg("%s: %s: missing %s", c->where, c->name, what);
	j = cJSON_Parse(text);
	if (j == NULL)
		fail_msg("%s: %s: %s is not valid JSON", c->where, c->name, what);
	return j;
}

/* Structural equality: object key order does not matter, array order does. */
static int
json_equal(const cJSON *x, const cJSON *y)
{
	const cJSON	*it;

	if ((x->type & 0xff) != (y->type & 0xff))
		return 0;
	if (cJSON_IsObject(x)) {
		if (cJSON_GetArraySize(x) != cJSON_GetArraySize(y))
			return 0;
		cJSON_ArrayForEach(it, x) {
			const cJSON *o = cJSON_GetObjectItemCaseSensitive(y,
			    it->string);

			if (o == NULL || !json_equal(it, o))
				return 0;
		}
		return 1;
	}
	if (cJSON_IsArray(x)) {
		const cJSON	*o = y->child;

		cJSON_ArrayForEach(it, x) {
			if (o == NULL || !json_equal(it, o))
				return 0;
			o = o->next;
		}
		return o == NULL;
	}
	return cJSON_Compare(x, y, 1);
}

static void
expect_json(const cJSON *got, const cJSON *want, const char *what,
    const struct patch_case *c)
{
	char	*g, *w;

	if (json_equal(got, want))
		return;
	g = cJSON_Print(got);
	w = cJSON_Print(want);
	print_error("%s: %s: %s differs\n--- expected\n%s\n--- got\n%s\n",
	    c->where, c->name, what, w, g);
	cJSON_free(g);
	cJSON_free(w);
	fail();
}

static cJSON *
ids_json(const char **v, size_t n)
{
	cJSON	*arr = cJSON_CreateArray();
	size_t	 i;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(v[i]));
	return arr;
}

static cJSON *
members_json(const struct scim_patch_members *m)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddBoolToObject(o, "clear", m->clear);
	cJSON_AddItemToObject(o, "add", ids_json(m->add, m->nadd));
	cJSON_AddItemToObject(o, "remove", ids_json(m->remove, m->nremove));
	return o;
}

static void
run_case(void **state)
{
	const struct patch_case		*c = *state;
	struct scim_patch_members	 m;
	struct arena			 a = { 0 };
	struct err			 e = { 0 };
	cJSON				*res, *body, *want, *wm, *gm;
	char				*before, *after;
	int				 rc, is_group = c->rt == &schema_rtype_group;

	res = parse_or_fail(c->resource, "%%RESOURCE", c);
	body = parse_or_fail(c->body, "%%BODY", c);
	memset(&m, 0xa5, sizeof(m));	/* must be fully written */
	before = cJSON_PrintUnformatted(res);
	rc = scim_patch_apply(&res, is_group ? &m : NULL, c->rt,
	    c->id != NULL ? c->id : DEFAULT_ID, body, &a, &e);
	if (c->fail_status != 0) {
		if (rc != -1)
			fail_msg("%s: %s: expected %d %s, got success",
			    c->where, c->name, c->fail_status, c->fail_type);
		if (e.status != c->fail_status ||
		    strcmp(err_scim_type_name(e.type) ? err_scim_type_name(e.type) :
		    "-", c->fail_type) != 0)
			fail_msg("%s: %s: expected %d %s, got %d %s (%s)",
			    c->where, c->name, c->fail_status, c->fail_type,
			    e.status, err_scim_type_name(e.type), e.detail);
		if (c->fail_detail != NULL && strstr(e.detail, c->fail_detail) == NULL)
			fail_msg("%s: %s: detail \"%s\" lacks \"%s\"", c->where,
			    c->name, e.detail, c->fail_detail);
		/* All or nothing: the input must be untouched, byte for byte. */
		after = cJSON_PrintUnformatted(res);
		assert_string_equal(before, after);
		cJSON_free(after);
	} else {
		if (rc != 0)
			fail_msg("%s: %s: unexpected %d %s: %s", c->where,
			    c->name, e.status, err_scim_type_name(e.type),
			    e.detail);
		if (c->expect != NULL && strcmp(c->expect, "unchanged") == 0)
			want = cJSON_Parse(before);
		else
			want = parse_or_fail(c->expect, "%%EXPECT", c);
		expect_json(res, want, "resource", c);
		cJSON_Delete(want);
		if (is_group) {
			wm = c->members != NULL ?
			    parse_or_fail(c->members, "%%MEMBERS", c) :
			    cJSON_Parse("{\"clear\":false,\"add\":[],\"remove\":[]}");
			gm = members_json(&m);
			expect_json(gm, wm, "members delta", c);
			cJSON_Delete(gm);
			cJSON_Delete(wm);
		}
	}
	cJSON_free(before);
	cJSON_Delete(res);
	cJSON_Delete(body);
	arena_free(&a);
}

/*
 * Hand-written tests. Bodies built in C: a thousand operations or ten
 * thousand members do not belong in a data file.
 */
static const char *bjensen =
    "{\"userName\":\"bjensen\",\"name\":{\"givenName\":\"Barbara\"},"
    "\"emails\":[{\"value\":\"b@example.com\",\"type\":\"work\","
    "\"primary\":true}],\"active\":true}";

static int
apply_text(cJSON **res, struct scim_patch_members *m,
    const struct schema_rtype *rt, const char *body, struct arena *a,
    struct err *e)
{
	cJSON	*b = cJSON_Parse(body);
	int	 rc;

	assert_non_null(b);
	rc = scim_patch_apply(res, m, rt, DEFAULT_ID, b, a, e);
	cJSON_Delete(b);
	return rc;
}

static cJSON *
ops_body(int n)
{
	cJSON	*body = cJSON_CreateObject(), *ops, *op;
	int	 i;

	ops = cJSON_AddArrayToObject(body, "Operations");
	for (i = 0; i < n; i++) {
		op = cJSON_CreateObject();
		cJSON_AddStringToObject(op, "op", "replace");
		cJSON_AddStringToObject(op, "path", "nickName");
		cJSON_AddStringToObject(op, "value", "n");
		cJSON_AddItemToArray(ops, op);
	}
	return body;
}

static void
test_patch__max_ops_accepted(void **state)
{
	cJSON		*res = cJSON_Parse(bjensen), *body = ops_body(SCIM_PATCH_MAX_OPS);
	struct arena	 a = { 0 };
	struct err	 e = { 0 };

	(void)state;
	assert_int_equal(scim_patch_apply(&res, NULL, &schema_rtype_user,
	    DEFAULT_ID, body, &a, &e), 0);
	assert_string_equal(cJSON_GetObjectItem(res, "nickName")->valuestring, "n");
	cJSON_Delete(res);
	cJSON_Delete(body);
	arena_free(&a);
}

static void
test_patch__too_many_ops(void **state)
{
	cJSON		*res = cJSON_Parse(bjensen);
	cJSON		*body = ops_body(SCIM_PATCH_MAX_OPS + 1);
	struct arena	 a = { 0 };
	struct err	 e = { 0 };

	(void)state;
	assert_int_equal(scim_patch_apply(&res, NULL, &schema_rtype_user,
	    DEFAULT_ID, body, &a, &e), -1);
	assert_int_equal(e.status, 400);
	assert_int_equal(e.type, ST_INVALID_VALUE);
	assert_non_null(strstr(e.detail, "too many operations"));
	cJSON_Delete(res);
	cJSON_Delete(body);
	arena_free(&a);
}

static void
test_patch__path_too_long(void **state)
{
	cJSON		*res = cJSON_Parse(bjensen), *body = ops_body(1);
	cJSON		*op = cJSON_GetArrayItem(cJSON_GetObjectItem(body,
			    "Operations"), 0);
	char		*path = xmalloc(5000);
	struct arena	 a = { 0 };
	struct err	 e = { 0 };

	(void)state;
	memset(path, 'a', 4999);
	path[4999] = '\0';
	cJSON_ReplaceItemInObject(op, "path", cJSON_CreateString(path));
	assert_int_equal(scim_patch_apply(&res, NULL, &schema_rtype_user,
	    DEFAULT_ID, body, &a, &e), -1);
	assert_int_equal(e.type, ST_INVALID_PATH);
	free(path);
	cJSON_Delete(res);
	cJSON_Delete(body);
	arena_free(&a);
}

/*
 * A full Okta push of 20,000 members, each listed twice, then half of
 * them removed in the same request: the delta is netted and deduplicated
 * (this would take minutes with a quadratic set).
 */
static void
test_patch__large_member_push(void **state)
{
	struct scim_patch_members	 m;
	cJSON				*res = cJSON_Parse("{\"displayName\":\"g\"}");
	cJSON				*body = cJSON_CreateObject(), *ops, *op, *v;
	struct arena			 a = { 0 };
	struct err			 e = { 0 };
	char				 id[32];
	int				 i, k;

	(void)state;
	ops = cJSON_AddArrayToObject(body, "Operations");
	op = cJSON_CreateObject();
	cJSON_AddStringToObject(op, "op", "replace");
	cJSON_AddStringToObject(op, "path", "members");
	v = cJSON_AddArrayToObject(op, "value");
	for (k = 0; k < 2; k++)
		for (i = 0; i < 20000; i++) {
			cJSON	*mv = cJSON_CreateObject();

			snprintf(id, sizeof(id), "u%d", i);
			cJSON_AddStringToObject(mv, "value", id);
			cJSON_AddItemToArray(v, mv);
		}
	cJSON_AddItemToArray(ops, op);
	op = cJSON_CreateObject();
	cJSON_AddStringToObject(op, "op", "remove");
	cJSON_AddStringToObject(op, "path", "members");
	v = cJSON_AddArrayToObject(op, "value");
	for (i = 0; i < 20000; i += 2) {
		cJSON	*mv = cJSON_CreateObject();

		snprintf(id, sizeof(id), "u%d", i);
		cJSON_AddStringToObject(mv, "value", id);
		cJSON_AddItemToArray(v, mv);
	}
	cJSON_AddItemToArray(ops, op);
	assert_int_equal(scim_patch_apply(&res, &m, &schema_rtype_group,
	    DEFAULT_ID, body, &a, &e), 0);
	assert_true(m.clear);
	assert_int_equal(m.nadd, 10000);
	assert_int_equal(m.nremove, 0);
	assert_string_equal(m.add[0], "u1");
	assert_string_equal(m.add[9999], "u19999");
	cJSON_Delete(res);
	cJSON_Delete(body);
	arena_free(&a);
}

/* The error detail names the failing operation by index. */
static void
test_patch__detail_names_operation(void **state)
{
	cJSON		*res = cJSON_Parse(bjensen);
	struct arena	 a = { 0 };
	struct err	 e = { 0 };

	(void)state;
	assert_int_equal(apply_text(&res, NULL, &schema_rtype_user,
	    "{\"Operations\":[{\"op\":\"add\",\"path\":\"title\",\"value\":\"x\"},"
	    "{\"op\":\"add\",\"path\":\"bogus\",\"value\":\"x\"}]}", &a, &e), -1);
	assert_int_equal(e.type, ST_INVALID_PATH);
	assert_non_null(strstr(e.detail, "Operations[1]: "));
	assert_non_null(strstr(e.detail, "bogus"));
	cJSON_Delete(res);
	arena_free(&a);
}

/* Without a members out-parameter, member changes cannot be dropped silently. */
static void
test_patch__group_without_delta_refused(void **state)
{
	cJSON		*res = cJSON_Parse("{\"displayName\":\"g\"}");
	struct arena	 a = { 0 };
	struct err	 e = { 0 };

	(void)state;
	assert_int_equal(apply_text(&res, NULL, &schema_rtype_group,
	    "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\","
	    "\"value\":[{\"value\":\"u1\"}]}]}", &a, &e), -1);
	assert_int_equal(e.status, 400);
	cJSON_Delete(res);
	arena_free(&a);
}

static void
free_cases(void)
{
	size_t	i;

	for (i = 0; i < ncases; i++) {
		struct patch_case *c = &cases[i];

		free(c->name);
		free(c->where);
		free(c->id);
		free(c->resource);
		free(c->body);
		free(c->expect);
		free(c->members);
		free(c->fail_type);
		free(c->fail_detail);
	}
	for (i = 0; i < ndefs; i++) {
		free(defs[i].name);
		free(defs[i].json);
	}
	free(cases);
	free(defs);
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_patch__max_ops_accepted),
		cmocka_unit_test(test_patch__too_many_ops),
		cmocka_unit_test(test_patch__path_too_long),
		cmocka_unit_test(test_patch__large_member_push),
		cmocka_unit_test(test_patch__detail_names_operation),
		cmocka_unit_test(test_patch__group_without_delta_refused),
	};
	struct CMUnitTest	*tests;
	size_t			 i, n, nfixed = sizeof(fixed) / sizeof(fixed[0]);
	int			 rc;

	load_cases();
	n = ncases + nfixed;
	tests = xcalloc(n, sizeof(*tests));
	for (i = 0; i < ncases; i++) {
		tests[i].name = cases[i].name;
		tests[i].test_func = run_case;
		tests[i].initial_state = &cases[i];
	}
	for (i = 0; i < nfixed; i++)
		tests[ncases + i] = fixed[i];
	rc = _cmocka_run_group_tests("patch", tests, n, NULL, NULL);
	free(tests);
	free_cases();
	return rc;
}
