/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/tests/test_cli_env.c
 *
 * The environment as the second source of every option that has a
 * variable (scim/cli/cli_parse.c): numbers, words and URLs from it are
 * checked as the flag's value is, an error names the variable, a flag wins
 * over it. Pure: nothing is opened.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/base/log.h"
#include "scim/cli/cli_int.h"

#include "cli_harness.h"

static void
test_cli_env__numbers_words_urls(void **state)
{
	struct cli_args	a = { 0 };
	struct err	e;

	(void)state;
	setenv("SCIMD_WORKERS", "3", 1);
	setenv("SCIMD_MAX_BODY", "4096", 1);
	setenv("SCIMD_LOG_LEVEL", "warn", 1);
	setenv("SCIMD_PUBLIC_URL", "https://scim.example.com/", 1);
	assert_int_equal(h_parse(&a, &e, "serve", NULL), 0);
	assert_int_equal(a.n[O_WORKERS], 3);
	assert_int_equal(a.n[O_MAX_BODY], 4096);
	assert_int_equal(a.n[O_LOG_LEVEL], LOG_LEVEL_WARN);
	assert_string_equal(a.v[O_PUBLIC_URL], "https://scim.example.com");
	/* The same variable serves every subcommand that takes the option. */
	assert_int_equal(h_parse(&a, &e, "invite create", "--org", "o",
	    "--email", "x@a.test", NULL), 0);
	assert_string_equal(a.v[O_PUBLIC_URL], "https://scim.example.com");
	arena_free(&a.arena);
}

static void
test_cli_env__defaults_without_env(void **state)
{
	struct cli_args	a = { 0 };
	struct err	e;

	(void)state;
	/* Set but empty is not set: a compose file's `SCIMD_WORKERS=`. */
	setenv("SCIMD_WORKERS", "", 1);
	assert_int_equal(h_parse(&a, &e, "serve", NULL), 0);
	assert_int_equal(a.n[O_WORKERS], 8);
	assert_int_equal(a.n[O_MAX_BODY], 1L << 20);
	assert_int_equal(a.n[O_LOG_LEVEL], LOG_LEVEL_INFO);
	assert_null(a.v[O_PUBLIC_URL]);
	assert_string_equal(a.v[O_LISTEN], "127.0.0.1:8080");
	arena_free(&a.arena);
}

static void
test_cli_env__flag_wins(void **state)
{
	struct cli_args	a = { 0 };
	struct err	e;

	(void)state;
	setenv("SCIMD_WORKERS", "3", 1);
	setenv("SCIMD_LOG_LEVEL", "error", 1);
	assert_int_equal(h_parse(&a, &e, "serve", "--workers", "5",
	    "--log-level=debug", NULL), 0);
	assert_int_equal(a.n[O_WORKERS], 5);
	assert_int_equal(a.n[O_LOG_LEVEL], LOG_LEVEL_DEBUG);
	/* A bad variable behind a flag is never read. */
	setenv("SCIMD_WORKERS", "many", 1);
	assert_int_equal(h_parse(&a, &e, "serve", "--workers", "5", NULL),
	    0);
	arena_free(&a.arena);
}

static void
test_cli_env__errors_name_the_variable(void **state)
{
	struct cli_args	a = { 0 };
	struct err	e;

	(void)state;
	setenv("SCIMD_WORKERS", "0", 1);
	assert_int_equal(h_parse(&a, &e, "serve", NULL), -1);
	assert_int_equal(e.status, 400);
	assert_string_equal(e.detail,
	    "SCIMD_WORKERS must be 1..256, not \"0\"");
	unsetenv("SCIMD_WORKERS");
	setenv("SCIMD_MAX_BODY", "1M", 1);
	assert_int_equal(h_parse(&a, &e, "serve", NULL), -1);
	assert_string_equal(e.detail,
	    "SCIMD_MAX_BODY must be 1024..1073741824, not \"1M\"");
	unsetenv("SCIMD_MAX_BODY");
	setenv("SCIMD_LOG_LEVEL", "loud", 1);
	assert_int_equal(h_parse(&a, &e, "serve", NULL), -1);
	assert_string_equal(e.detail, "SCIMD_LOG_LEVEL must be debug, info, "
	    "warn or error, not \"loud\"");
	unsetenv("SCIMD_LOG_LEVEL");
	setenv("SCIMD_PUBLIC_URL", "scim.example.com", 1);
	assert_int_equal(h_parse(&a, &e, "serve", NULL), -1);
	assert_string_equal(e.detail, "SCIMD_PUBLIC_URL must start with "
	    "http:// or https://, not \"scim.example.com\"");
	/* The flag's own message is unchanged. */
	assert_int_equal(h_parse(&a, &e, "serve", "--workers", "0", NULL),
	    -1);
	assert_string_equal(e.detail, "--workers must be 1..256, not \"0\"");
	/* A subcommand without the option does not read its variable. */
	assert_int_equal(h_parse(&a, &e, "seats", "--org", "o", NULL), 0);
	arena_free(&a.arena);
}

/*
 * Every option of `serve`, and --database everywhere, has a variable named
 * SCIMD_ after it; nothing with a variable is a flag or a list.
 */
static void
test_cli_env__every_serve_option_has_one(void **state)
{
	const struct cli_cmd	*serve = h_cmd("serve", NULL);
	char			 want[64];
	size_t			 i;
	int			 o;

	(void)state;
	for (o = 0; o < O_COUNT; o++) {
		if (cli_opts[o].env != NULL) {
			assert_true(cli_opts[o].type != CLI_FLAG &&
			    cli_opts[o].type != CLI_LIST);
			assert_int_equal(strncmp(cli_opts[o].env, "SCIMD_", 6),
			    0);
		}
		if (o != O_DATABASE && !(serve->allowed & CLI_OPT(o)))
			continue;
		assert_non_null(cli_opts[o].env);
		snprintf(want, sizeof(want), "SCIMD_%s", cli_opts[o].name);
		for (i = 6; want[i] != '\0'; i++)
			want[i] = want[i] == '-' ? '_' : (char)(want[i] & ~0x20);
		/* --database's is the URL libpq users know by that name. */
		if (o == O_DATABASE)
			strcat(want, "_URL");
		assert_string_equal(cli_opts[o].env, want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_cli_env__numbers_words_urls,
		    h_reset),
		cmocka_unit_test_setup(test_cli_env__defaults_without_env,
		    h_reset),
		cmocka_unit_test_setup(test_cli_env__flag_wins, h_reset),
		cmocka_unit_test_setup(test_cli_env__errors_name_the_variable,
		    h_reset),
		cmocka_unit_test_setup(test_cli_env__every_serve_option_has_one,
		    h_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
