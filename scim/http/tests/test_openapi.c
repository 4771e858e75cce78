/* SPDX-License-Identifier: MIT */
/*
 * scim/http/tests/test_openapi.c
 *
 * docs/openapi.yaml against the route table (scim/http/routes.c): every
 * /admin/v1 route and method is documented, and every documented path and
 * method is a route. SCIMD_OPENAPI is the file's path, set by
 * scim/http/CMakeLists.txt. The file is read with a line parser that knows
 * only its layout: under `paths:`, a path at two spaces of indent, its
 * methods at four.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scim/http/route.h"

#define ADMIN		"/admin/v1/"
#define MAX_OPS		128
#define OP_LEN		160

/* "get /admin/v1/orgs/{org}": one operation. */
struct ops {
	char	op[MAX_OPS][OP_LEN];
	int	n;
};

static const char *const methods[SCIM_HEAD] = {
	[SCIM_GET] = "get", [SCIM_POST] = "post", [SCIM_PUT] = "put",
	[SCIM_PATCH] = "patch", [SCIM_DELETE] = "delete"
};

static void
add(struct ops *s, const char *method, const char *path, size_t len)
{
	assert_true(s->n < MAX_OPS);
	snprintf(s->op[s->n++], OP_LEN, "%s %.*s", method, (int)len, path);
}

static int
has(const struct ops *s, const char *op)
{
	int	i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->op[i], op) == 0)
			return 1;
	return 0;
}

static int
is_method(const char *word, size_t len)
{
	int	m;

	for (m = 0; m < SCIM_HEAD; m++)
		if (strlen(methods[m]) == len &&
		    strncmp(methods[m], word, len) == 0)
			return 1;
	return 0;
}

static void
read_spec(struct ops *s)
{
	FILE	*f = fopen(SCIMD_OPENAPI, "r");
	char	 line[1024], path[OP_LEN] = "";
	size_t	 len;
	int	 in = 0;

	assert_non_null(f);
	s->n = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] != ' ' && line[0] != '#' && line[0] != '\n')
			in = strcmp(line, "paths:\n") == 0;
		if (!in)
			continue;
		len = strcspn(line, ":");
		if (strncmp(line, "  /", 3) == 0 && line[len] == ':') {
			snprintf(path, sizeof(path), "%.*s", (int)len - 2,
			    line + 2);
			/* Every path is under /admin/v1. */
			assert_int_equal(strncmp(path, ADMIN, strlen(ADMIN)), 0);
		} else if (strncmp(line, "    ", 4) == 0 && line[4] != ' ' &&
		    is_method(line + 4, len - 4)) {
			assert_true(path[0] != '\0');
			assert_true(s->n < MAX_OPS);
			snprintf(s->op[s->n++], OP_LEN, "%.*s %s", (int)len - 4,
			    line + 4, path);
		}
	}
	fclose(f);
}

static void
read_routes(struct ops *s)
{
	const struct scim_route_def	*r;
	size_t				 i, n;
	int				 m;

	r = scim_route_table(&n);
	s->n = 0;
	for (i = 0; i < n; i++) {
		if (strncmp(r[i].path, ADMIN, strlen(ADMIN)) != 0)
			continue;
		for (m = 0; m < SCIM_HEAD; m++)
			if (r[i].fn[m] != NULL)
				add(s, methods[m], r[i].path,
				    strlen(r[i].path));
	}
}

static void
test_openapi__matches_the_route_table(void **state)
{
	static struct ops	spec, routes;
	int			i, missing = 0;

	(void)state;
	read_spec(&spec);
	read_routes(&routes);
	assert_true(routes.n > 0);
	for (i = 0; i < routes.n; i++)
		if (!has(&spec, routes.op[i])) {
			print_error("docs/openapi.yaml lacks the route %s\n",
			    routes.op[i]);
			missing++;
		}
	for (i = 0; i < spec.n; i++)
		if (!has(&routes, spec.op[i])) {
			print_error("docs/openapi.yaml has %s, not a route\n",
			    spec.op[i]);
			missing++;
		}
	assert_int_equal(missing, 0);
	/* Both sides in each other and as many: no operation twice. */
	assert_int_equal(spec.n, routes.n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openapi__matches_the_route_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
