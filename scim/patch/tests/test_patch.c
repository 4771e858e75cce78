/* SPDX-License-Identifier: MIT */
/*
 * scim/patch/tests/test_patch.c
 *
 * Unit tests of the PATCH engine (scim/patch/patch.h). Most cases are data:
 * every patch_cases/<name>.test file under $SCIMD_TEST_DATA is read and each
 * case becomes one cmocka test named test_patch__<case>. What a data file
 * cannot express (limits, big inputs) is test_patch_limits.c.
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

/* The section a %%DEFINE starts: the JSON of a new fixture (name owned). */
static char **
new_define(char *name)
{
	if (ndefs == capdefs) {
		capdefs = capdefs ? capdefs * 2 : 16;
		defs = xrealloc(defs, capdefs * sizeof(*defs));
	}
	defs[ndefs].name = name;
	defs[ndefs].json = NULL;
	return &defs[ndefs++].json;
}

/* %%FAIL <status> <scimType> [detail substring]; arg is freed. */
static void
parse_fail(struct patch_case *c, char *arg)
{
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
}

/*
 * A section header of case c with its argument arg (owned; NULL when
 * none). Returns where the JSON lines that follow go, or NULL when the
 * header takes none: an argument (@name, "unchanged") replaces them.
 */
static char **
case_section(struct patch_case *c, const char *line, char *arg,
    const char *file, int lineno)
{
	char	**section;

	if (strncmp(line, "%%TYPE", 6) == 0) {
		c->rt = strcmp(arg, "Group") == 0 ? &schema_rtype_group :
		    &schema_rtype_user;
		free(arg);
		return NULL;
	}
	if (strncmp(line, "%%ID", 4) == 0) {
		c->id = arg;
		return NULL;
	}
	if (strncmp(line, "%%FAIL", 6) == 0) {
		parse_fail(c, arg);
		return NULL;
	}
	if (strncmp(line, "%%RESOURCE", 10) == 0)
		section = &c->resource;
	else if (strncmp(line, "%%BODY", 6) == 0)
		section = &c->body;
	else if (strncmp(line, "%%EXPECT", 8) == 0)
		section = &c->expect;
	else if (strncmp(line, "%%MEMBERS", 9) == 0)
		section = &c->members;
	else {
		fprintf(stderr, "%s:%d: unknown section %s\n", file, lineno,
		    line);
		exit(1);
	}
	if (arg == NULL)
		return section;
	*section = arg;
	return NULL;
}

/* Reads one .test file into cases and defs. */
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
		arg = strchr(line, ' ');
		arg = arg != NULL ? trimmed(arg) : NULL;
		section = NULL;
		if (strncmp(line, "%%DEFINE", 8) == 0) {
			section = new_define(arg);
			c = NULL;
		} else if (strncmp(line, "%%CASE", 6) == 0) {
			c = new_case(arg, file, lineno);
			free(arg);
		} else if (c == NULL) {
			fprintf(stderr, "%s:%d: section outside a case\n", file,
			    lineno);
			exit(1);
		} else
			section = case_section(c, line, arg, file, lineno);
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
	struct CMUnitTest	*tests;
	size_t			 i;
	int			 rc;

	load_cases();
	tests = xcalloc(ncases, sizeof(*tests));
	for (i = 0; i < ncases; i++) {
		tests[i].name = cases[i].name;
		tests[i].test_func = run_case;
		tests[i].initial_state = &cases[i];
	}
	rc = _cmocka_run_group_tests("patch", tests, ncases, NULL, NULL);
	free(tests);
	free_cases();
	return rc;
}
