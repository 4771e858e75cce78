/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/tests/test_cli.c
 *
 * Unit tests of the command-line parser (scim/cli/cli_parse.c) and its
 * table (scim/cli/cli_table.c): each option type, ranges, required and
 * unknown options, --help, the environment. Pure: nothing is opened. The
 * driver (subcommand lookup, usage output, exit statuses) is tested in
 * test_cli_main.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/admin.h"
#include "scim/cli/cli_int.h"

#include "cli_harness.h"

static void
test_cli__string_option(void **state)
{
	struct cli_args	a = { 0 };
	struct err	e;

	(void)state;
	assert_int_equal(h_parse(&a, &e, "token revoke", "--org", "o1",
	    "--token=t1", NULL), 0);
	assert_string_equal(a.v[O_ORG], "o1");
	assert_string_equal(a.v[O_TOKEN], "t1");
	/* The last of a repeated single-valued option wins, as with getopt. */
	assert_int_equal(h_parse(&a, &e, "seats", "--org", "a", "--org", "b",
	    NULL), 0);
	assert_string_equal(a.v[O_ORG], "b");
	arena_free(&a.arena);
}

static void
test_cli__int_in_range(void **state)
{
	struct cli_args	a = { 0 };
	struct err	e;

	(void)state;
	assert_int_equal(h_parse(&a, &e, "audit", "--org", "o", "--limit", "1",
	    NULL), 0);
	assert_int_equal(a.limit, 1);
	assert_int_equal(h_parse(&a, &e, "audit", "--org", "o", "--limit",
	    "10000", NULL), 0);
	assert_int_equal(a.limit, 10000);
	assert_int_equal(h_parse(&a, &e, "audit", "--org", "o", NULL), 0);
	assert_int_equal(a.limit, 0);
	assert_int_equal(h_parse(&a, &e, "serve", NULL), 0);
	assert_int_equal(a.n[O_WORKERS], 8);
	assert_int_equal(a.n[O_MAX_BODY], 1L << 20);
	arena_free(&a.arena);
}

static void
test_cli__int_out_of_range(void **state)
{
	static const char	*bad[] = { "0", "10001", "5x", "", "-3",
	    "99999999999999999999" };
	struct cli_args		 a = { 0 };
	struct err		 e;
	char			 want[128];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(h_parse(&a, &e, "audit", "--org", "o",
		    "--limit", bad[i], NULL), -1);
		snprintf(want, sizeof(want),
		    "--limit must be 1..10000, not \"%s\"", bad[i]);
		assert_string_equal(e.detail, want);
	}
	/* A value is the next argument even when it starts with a dash. */
	assert_int_equal(h_parse(&a, &e, "org policy", "--org", "o",
	    "--removal-rate", "-1", NULL), -1);
	assert_string_equal(e.detail,
	    "--removal-rate must be 0..1000000, not \"-1\"");
	assert_int_equal(h_parse(&a, &e, "serve", "--workers", "257", NULL),
	    -1);
	assert_string_equal(e.detail, "--workers must be 1..256, not \"257\"");
	arena_free(&a.arena);
}

static void
test_cli__int_none_word(void **state)
{
	struct cli_args	a = { 0 };
	struct err	e;

	(void)state;
	assert_int_equal(h_parse(&a, &e, "org policy", "--org", "o",
	    "--seat-limit", "none", NULL), 0);
	assert_int_equal(a.seats, -1);
	assert_int_equal(h_parse(&a, &e, "org policy", "--org", "o",
	    "--seat-limit", "7", NULL), 0);
	assert_int_equal(a.seats, 7);
	assert_int_equal(h_parse(&a, &e, "org policy", "--org", "o", NULL), 0);
	assert_int_equal(a.seats, DOM_KEEP);
	assert_int_equal(a.rate, DOM_KEEP);
	assert_int_equal(h_parse(&a, &e, "org policy", "--org", "o",
	    "--seat-limit", "lots", NULL), -1);
	assert_string_equal(e.detail,
	    "--seat-limit must be 0..10000000 or none, not \"lots\"");
	arena_free(&a.arena);
}

static void
test_cli__flag(void **state)
{
	struct cli_args	a = { 0 };
	struct err	e;

	(void)state;
	assert_int_equal(h_parse(&a, &e, "org create", "--name", "n",
	    "--allow-outside-members", NULL), 0);
	assert_int_equal(a.n[O_OUTSIDE], 1);
	assert_int_equal(h_parse(&a, &e, "org create", "--name", "n", NULL), 0);
	assert_int_equal(a.n[O_OUTSIDE], 0);
	assert_int_equal(h_parse(&a, &e, "org create", "--name", "n",
	    "--allow-outside-members=yes", NULL), -1);
	assert_string_equal(e.detail, "--allow-outside-members takes no value");
	/* A flag never takes the next argument as its value. */
	assert_int_equal(h_parse(&a, &e, "org create",
	    "--allow-outside-members", "--name", "n", NULL), 0);
	assert_string_equal(a.v[O_NAME], "n");
	arena_free(&a.arena);
}

static void
test_cli__enum(void **state)
{
	struct cli_args	a = { 0 };
	struct err	e;

	(void)state;
	assert_int_equal(h_parse(&a, &e, "org policy", "--org", "o",
	    "--allow-outside-members", "true", "--revoke-api-keys-on-removal",
	    "false", NULL), 0);
	assert_int_equal(a.allow, 1);
	assert_int_equal(a.revoke, 0);
	assert_int_equal(h_parse(&a, &e, "org policy", "--org", "o", NULL), 0);
	assert_int_equal(a.allow, DOM_KEEP);
	assert_int_equal(a.revoke, DOM_KEEP);
	assert_int_equal(h_parse(&a, &e, "org policy", "--org", "o",
	    "--allow-outside-members", "maybe", NULL), -1);
	assert_string_equal(e.detail,
	    "--allow-outside-members must be true or false, not \"maybe\"");
	assert_int_equal(h_parse(&a, &e, "member role", "--org", "o",
	    "--member", "m", "--role", "admin", NULL), 0);
	assert_string_equal(a.role, "admin");
	assert_int_equal(h_parse(&a, &e, "member role", "--org", "o",
	    "--member", "m", "--role", "none", NULL), -1);
	assert_string_equal(e.detail,
	    "--role must be admin, member or viewer, not \"none\"");
	arena_free(&a.arena);
}

static void
test_cli__group_role_none_is_null(void **state)
{
	struct cli_args	a = { 0 };
	struct err	e;

	(void)state;
	assert_int_equal(h_parse(&a, &e, "group role", "--org", "o", "--group",
	    "g", "--role", "none", NULL), 0);
	assert_null(a.role);
	assert_int_equal(h_parse(&a, &e, "group role", "--org", "o", "--group",
	    "g", "--role", "member", NULL), 0);
	assert_string_equal(a.role, "member");
	assert_int_equal(h_parse(&a, &e, "group role", "--org", "o", "--group",
	    "g", "--role", "owner", NULL), -1);
	assert_string_equal(e.detail,
	    "--role must be admin, member or none, not \"owner\"");
	arena_free(&a.arena);
}

static void
test_cli__list(void **state)
{
	struct cli_args	a = { 0 };
	struct err	e;

	(void)state;
	assert_int_equal(h_parse(&a, &e, "org create", "--name", "n",
	    "--domain", "a.test", "--owner-email", "o@a.test",
	    "--domain=b.test", NULL), 0);
	assert_int_equal(a.nlist, 2);
	assert_string_equal(a.list[0], "a.test");
	assert_string_equal(a.list[1], "b.test");
	assert_string_equal(a.v[O_OWNER_EMAIL], "o@a.test");
	/* The same name is a single string where the command wants one. */
	assert_int_equal(h_parse(&a, &e, "domain add", "--org", "o", "--domain",
	    "a.test", NULL), 0);
	assert_string_equal(a.v[O_DOMAIN], "a.test");
	assert_int_equal(a.nlist, 0);
	arena_free(&a.arena);
}

static void
test_cli__url(void **state)
{
	struct cli_args	a = { 0 };
	struct err	e;

	(void)state;
	assert_int_equal(h_parse(&a, &e, "serve", "--public-url",
	    "https://scim.example.com/base//", NULL), 0);
	assert_string_equal(a.v[O_PUBLIC_URL], "https://scim.example.com/base");
	assert_int_equal(h_parse(&a, &e, "serve", NULL), 0);
	assert_null(a.v[O_PUBLIC_URL]);
	assert_int_equal(h_parse(&a, &e, "serve", "--public-url", "ftp://x",
	    NULL), -1);
	assert_string_equal(e.detail,
	    "--public-url must start with http:// or https://, not \"ftp://x\"");
	arena_free(&a.arena);
}

static void
test_cli__unknown_option(void **state)
{
	struct cli_args	a = { 0 };
	struct err	e;

	(void)state;
	assert_int_equal(h_parse(&a, &e, "seats", "--org", "o", "--bogus",
	    NULL), -1);
	assert_string_equal(e.detail, "unrecognized option \"--bogus\"");
	assert_int_equal(h_parse(&a, &e, "seats", "-x", NULL), -1);
	assert_string_equal(e.detail, "unrecognized option \"-x\"");
	/* Names are whole: no getopt-style abbreviation. */
	assert_int_equal(h_parse(&a, &e, "seats", "--or", "o", NULL), -1);
	assert_string_equal(e.detail, "unrecognized option \"--or\"");
	assert_int_equal(h_parse(&a, &e, "seats", "--org", "o", "--domain", "x",
	    NULL), -1);
	assert_string_equal(e.detail, "--domain does not apply here");
	assert_int_equal(h_parse(&a, &e, "serve", "--org=o", NULL), -1);
	assert_string_equal(e.detail, "--org does not apply here");
	arena_free(&a.arena);
}

static void
test_cli__missing_required(void **state)
{
	struct cli_args	a = { 0 };
	struct err	e;

	(void)state;
	assert_int_equal(h_parse(&a, &e, "seats", NULL), -1);
	assert_string_equal(e.detail, "--org is required");
	assert_int_equal(h_parse(&a, &e, "token revoke", "--org", "o", NULL),
	    -1);
	assert_string_equal(e.detail, "--token is required");
	assert_int_equal(h_parse(&a, &e, "org create", NULL), -1);
	assert_string_equal(e.detail, "--name is required");
	assert_int_equal(h_parse(&a, &e, "operator-token create", NULL), 0);
	arena_free(&a.arena);
}

static void
test_cli__missing_value(void **state)
{
	struct cli_args	a = { 0 };
	struct err	e;

	(void)state;
	assert_int_equal(h_parse(&a, &e, "seats", "--org", NULL), -1);
	assert_string_equal(e.detail, "--org requires a value");
	arena_free(&a.arena);
}

static void
test_cli__positional_argument(void **state)
{
	struct cli_args	a = { 0 };
	struct err	e;

	(void)state;
	assert_int_equal(h_parse(&a, &e, "operator-token create", "extra",
	    NULL), -1);
	assert_string_equal(e.detail, "unexpected argument \"extra\"");
	assert_int_equal(h_parse(&a, &e, "seats", "--org", "o", "--", NULL), 0);
	assert_int_equal(h_parse(&a, &e, "seats", "--org", "o", "--", "--x",
	    NULL), -1);
	assert_string_equal(e.detail, "unexpected argument \"--x\"");
	arena_free(&a.arena);
}

static void
test_cli__help_before_checks(void **state)
{
	struct cli_args	a = { 0 };
	struct err	e;

	(void)state;
	assert_int_equal(h_parse(&a, &e, "seats", "--help", NULL), 1);
	assert_int_equal(h_parse(&a, &e, "token revoke", "-h", NULL), 1);
	/* Options are read in order: an earlier error still wins. */
	assert_int_equal(h_parse(&a, &e, "seats", "--bogus", "--help", NULL),
	    -1);
	arena_free(&a.arena);
}

static void
test_cli__environment_defaults(void **state)
{
	struct cli_args	a = { 0 };
	struct err	e;

	(void)state;
	assert_int_equal(h_parse(&a, &e, "serve", NULL), 0);
	assert_null(a.v[O_DATABASE]);
	assert_string_equal(a.v[O_LISTEN], "127.0.0.1:8080");
	setenv("SCIMD_DATABASE_URL", "postgresql://env/db", 1);
	setenv("SCIMD_LISTEN", "0.0.0.0:9000", 1);
	assert_int_equal(h_parse(&a, &e, "serve", NULL), 0);
	assert_string_equal(a.v[O_DATABASE], "postgresql://env/db");
	assert_string_equal(a.v[O_LISTEN], "0.0.0.0:9000");
	assert_int_equal(h_parse(&a, &e, "serve", "--database",
	    "postgresql://f/d", "--listen", "127.0.0.1:1", NULL), 0);
	assert_string_equal(a.v[O_DATABASE], "postgresql://f/d");
	assert_string_equal(a.v[O_LISTEN], "127.0.0.1:1");
	/* Set but empty is the same as unset. */
	setenv("SCIMD_LISTEN", "", 1);
	assert_int_equal(h_parse(&a, &e, "serve", NULL), 0);
	assert_string_equal(a.v[O_LISTEN], "127.0.0.1:8080");
	arena_free(&a.arena);
}

static void
test_cli__parse_long(void **state)
{
	long	v;

	(void)state;
	assert_int_equal(cli_parse_long(&v, "42", 0, 42), 0);
	assert_int_equal(v, 42);
	assert_int_equal(cli_parse_long(&v, "-5", -5, 0), 0);
	assert_int_equal(v, -5);
	assert_int_equal(cli_parse_long(&v, "43", 0, 42), -1);
	assert_int_equal(cli_parse_long(&v, "-1", 0, 42), -1);
	assert_int_equal(cli_parse_long(&v, "", 0, 42), -1);
	assert_int_equal(cli_parse_long(&v, "4 ", 0, 42), -1);
	assert_int_equal(cli_parse_long(&v, "0x10", 0, 42), -1);
	assert_int_equal(cli_parse_long(&v, "9223372036854775808", 0,
	    9223372036854775807L), -1);
}

/* Each command's usage names it and every option it takes. */
static void
test_cli__table_is_consistent(void **state)
{
	const struct cli_cmd	*c;
	char			 want[64];
	size_t			 i;
	int			 o, p, lists;

	(void)state;
	for (i = 0; i < cli_ncmds; i++) {
		c = &cli_cmds[i];
		assert_int_equal(c->required & ~c->allowed, 0);
		snprintf(want, sizeof(want), "usage: scimd %s", c->group);
		assert_int_equal(strncmp(c->usage, want, strlen(want)), 0);
		lists = 0;
		for (o = 0; o < O_COUNT; o++) {
			if (!(c->allowed & CLI_OPT(o)) && o != O_DATABASE)
				continue;
			snprintf(want, sizeof(want), "--%s", cli_opts[o].name);
			assert_non_null(strstr(c->usage, want));
			lists += cli_opts[o].type == CLI_LIST;
			for (p = o + 1; p < O_COUNT; p++)
				if (c->allowed & CLI_OPT(p))
					assert_string_not_equal(cli_opts[o].name,
					    cli_opts[p].name);
		}
		assert_true(lists <= 1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_cli__string_option, h_reset),
		cmocka_unit_test_setup(test_cli__int_in_range, h_reset),
		cmocka_unit_test_setup(test_cli__int_out_of_range, h_reset),
		cmocka_unit_test_setup(test_cli__int_none_word, h_reset),
		cmocka_unit_test_setup(test_cli__flag, h_reset),
		cmocka_unit_test_setup(test_cli__enum, h_reset),
		cmocka_unit_test_setup(test_cli__group_role_none_is_null,
		    h_reset),
		cmocka_unit_test_setup(test_cli__list, h_reset),
		cmocka_unit_test_setup(test_cli__url, h_reset),
		cmocka_unit_test_setup(test_cli__unknown_option, h_reset),
		cmocka_unit_test_setup(test_cli__missing_required, h_reset),
		cmocka_unit_test_setup(test_cli__missing_value, h_reset),
		cmocka_unit_test_setup(test_cli__positional_argument, h_reset),
		cmocka_unit_test_setup(test_cli__help_before_checks, h_reset),
		cmocka_unit_test_setup(test_cli__environment_defaults, h_reset),
		cmocka_unit_test_setup(test_cli__parse_long, h_reset),
		cmocka_unit_test_setup(test_cli__table_is_consistent, h_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
