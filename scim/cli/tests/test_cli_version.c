/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/tests/test_cli_version.c
 *
 * `scimd --version` and `scimd version` print "scimd X.Y.Z", X.Y.Z being
 * the project version of CMakeLists.txt (SCIMD_PROJECT_VERSION, set by
 * scim/cli/CMakeLists.txt), followed by " (commit C)" when the build knew
 * its git commit; `version` takes no argument.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scim/cli/cli_int.h"
#include "scimd_version.h"

static const struct scim_cli_host	no_host;

/* Runs `scimd word [extra]`; its stdout into out, stderr into err. */
static int
run(char *out, char *err, size_t size, const char *word, const char *extra)
{
	char	*argv[] = { "scimd", (char *)word, (char *)extra, NULL };
	FILE	*o = tmpfile(), *e = tmpfile();
	size_t	 n;
	int	 rc;

	assert_non_null(o);
	assert_non_null(e);
	rc = cli_main(&no_host, o, e, extra != NULL ? 3 : 2, argv);
	rewind(o);
	n = fread(out, 1, size - 1, o);
	out[n] = '\0';
	rewind(e);
	n = fread(err, 1, size - 1, e);
	err[n] = '\0';
	fclose(o);
	fclose(e);
	return rc;
}

static void
test_cli_version__prints_project_version(void **state)
{
	static const char *const words[] = { "--version", "version" };
	const char	*p;
	char		 out[256], err[256], want[64];
	size_t		 i;

	(void)state;
	snprintf(want, sizeof(want), "scimd %s", SCIMD_PROJECT_VERSION);
	for (i = 0; i < 2; i++) {
		assert_int_equal(run(out, err, sizeof(out), words[i], NULL), 0);
		assert_string_equal(err, "");
		assert_int_equal(strncmp(out, want, strlen(want)), 0);
		p = out + strlen(want);
		if (SCIMD_COMMIT[0] == '\0') {
			assert_string_equal(p, "\n");
			continue;
		}
		assert_int_equal(strncmp(p, " (commit ", 9), 0);
		p += 9;
		/* 12 hex digits, "-dirty" when built with local changes. */
		assert_true(strspn(p, "0123456789abcdef") == 12);
		p += 12;
		if (strncmp(p, "-dirty", 6) == 0)
			p += 6;
		assert_string_equal(p, ")\n");
	}
}

static void
test_cli_version__takes_no_argument(void **state)
{
	char	out[4096], err[4096];

	(void)state;
	assert_int_equal(run(out, err, sizeof(out), "version", "--verbose"), 2);
	assert_string_equal(out, "");
	assert_int_equal(strncmp(err, "scimd: unexpected argument "
	    "\"--verbose\"\n", 39), 0);
	assert_non_null(strstr(err, "  version "));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli_version__prints_project_version),
		cmocka_unit_test(test_cli_version__takes_no_argument),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
