/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/tests/test_cli_main.c
 *
 * Unit tests of the command-line driver (scim/cli/cli_main.c): --help, usage
 * errors and unknown subcommands with their output and exit statuses, and
 * what is handed to the composition root. No database: the host records
 * what it was handed and opens nothing.
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

#include "cli_harness.h"

#define MAX_ARGS	16

/* What the recording host saw. */
static struct {
	int			 opens, closes, serves;
	const char		*url;
	struct scim_cli_serve	 serve;
	char			 public_url[64];	/* the run frees its */
	int			 serve_rc;
	struct db_conn		*conn;		/* what db_open returns */
	struct db_conn		*closed;
} host_seen;

static struct db_conn *
host_db_open(int *applied, const char *url)
{
	host_seen.opens++;
	host_seen.url = url;
	*applied = 3;
	return host_seen.conn;
}

static void
host_db_close(struct db_conn *c)
{
	host_seen.closes++;
	host_seen.closed = c;
}

static int
host_serve(const struct scim_cli_serve *s)
{
	host_seen.serves++;
	host_seen.serve = *s;
	snprintf(host_seen.public_url, sizeof(host_seen.public_url), "%s",
	    s->public_url != NULL ? s->public_url : "(null)");
	return host_seen.serve_rc;
}

static const struct scim_cli_host	host = {
	host_db_open, host_db_close, host_serve
};

static int
reset(void **state)
{
	(void)state;
	memset(&host_seen, 0, sizeof(host_seen));
	h_cli_env_clear();
	return 0;
}

/* Output of one cli_main() run. */
struct run {
	int	 rc;
	char	*out, *err;
	size_t	 nout, nerr;
};

/* Runs `scimd <args...>` (NULL-terminated) through the driver. */
static void
run_main(struct run *r, ...)
{
	char		*argv[MAX_ARGS];
	const char	*arg;
	FILE		*out, *err;
	va_list		 ap;
	int		 argc = 0;

	argv[argc++] = (char *)"scimd";
	va_start(ap, r);
	while ((arg = va_arg(ap, const char *)) != NULL && argc < MAX_ARGS)
		argv[argc++] = (char *)arg;
	va_end(ap);
	out = open_memstream(&r->out, &r->nout);
	err = open_memstream(&r->err, &r->nerr);
	assert_non_null(out);
	assert_non_null(err);
	r->rc = cli_main(&host, out, err, argc, argv);
	fclose(out);
	fclose(err);
}

static void
run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

static void
test_cli__main_help(void **state)
{
	struct run	r;

	(void)state;
	run_main(&r, "--help", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.out, cli_usage_main);
	assert_string_equal(r.err, "");
	run_free(&r);
	run_main(&r, "seats", "--help", NULL);
	assert_int_equal(r.rc, 0);
	assert_ptr_equal(strstr(r.out, "usage: scimd seats --org ORG_ID"), r.out);
	assert_null(strstr(r.out, "commands:"));
	run_free(&r);
	/* A group prints the usage of all its commands. */
	run_main(&r, "org", "--help", NULL);
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.out, "usage: scimd org create"));
	assert_non_null(strstr(r.out, "usage: scimd org show"));
	assert_string_equal(r.err, "");
	run_free(&r);
	assert_int_equal(host_seen.opens + host_seen.serves, 0);
}

static void
test_cli__main_unknown_command(void **state)
{
	struct run	r;

	(void)state;
	run_main(&r, "frobnicate", NULL);
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "scimd: unknown command \"frobnicate\"\n\n"
	    "usage: scimd <command>"));
	run_free(&r);
	run_main(&r, "domain", "frob", "--org", "o", NULL);
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "scimd: unknown domain command \"frob\"\n\n"
	    "usage: scimd domain add"));
	run_free(&r);
	run_main(&r, NULL);
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.err, cli_usage_main);
	run_free(&r);
	assert_int_equal(host_seen.opens, 0);
}

static void
test_cli__main_usage_error_exits_2(void **state)
{
	struct run	r;

	(void)state;
	run_main(&r, "serve", "--workers", "0", NULL);
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "scimd: --workers must be 1..256, not \"0\""
	    "\n\nusage: scimd serve"));
	run_free(&r);
	run_main(&r, "org", "create", NULL);
	assert_int_equal(r.rc, 2);
	assert_non_null(strstr(r.err, "scimd: --name is required\n\n"
	    "usage: scimd org create"));
	run_free(&r);
	/* Checked before anything is opened. */
	assert_int_equal(host_seen.opens + host_seen.serves, 0);
}

static void
test_cli__main_serve_hands_over_options(void **state)
{
	struct run	r;

	(void)state;
	host_seen.serve_rc = 1;
	run_main(&r, "serve", "--workers", "3", "--max-body", "2048",
	    "--listen", "0.0.0.0:9", "--public-url", "https://a.test/",
	    "--database", "postgresql://x/y", NULL);
	assert_int_equal(r.rc, 1);
	assert_int_equal(host_seen.serves, 1);
	assert_int_equal(host_seen.opens, 0);
	assert_int_equal(host_seen.serve.workers, 3);
	assert_int_equal(host_seen.serve.max_body, 2048);
	assert_string_equal(host_seen.serve.listen, "0.0.0.0:9");
	assert_string_equal(host_seen.public_url, "https://a.test");
	assert_string_equal(host_seen.serve.database, "postgresql://x/y");
	/* The server says why it stopped; nothing is added. */
	assert_string_equal(r.err, "");
	run_free(&r);
}

static void
test_cli__main_database_failure_exits_1(void **state)
{
	struct run	r;

	(void)state;
	run_main(&r, "seats", "--org", "o", "--database", "postgresql://a/b",
	    NULL);
	assert_int_equal(r.rc, 1);
	assert_int_equal(host_seen.opens, 1);
	assert_string_equal(host_seen.url, "postgresql://a/b");
	assert_int_equal(host_seen.closes, 0);
	run_free(&r);
}

static void
test_cli__main_closes_what_it_opened(void **state)
{
	struct run	r;
	int		token;

	(void)state;
	/* Never dereferenced: migrate only reports what db_open applied. */
	host_seen.conn = (struct db_conn *)&token;
	setenv("SCIMD_DATABASE_URL", "postgresql://env/db", 1);
	run_main(&r, "migrate", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(host_seen.url, "postgresql://env/db");
	assert_int_equal(host_seen.closes, 1);
	assert_ptr_equal(host_seen.closed, &token);
	run_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_cli__main_help, reset),
		cmocka_unit_test_setup(test_cli__main_unknown_command, reset),
		cmocka_unit_test_setup(test_cli__main_usage_error_exits_2,
		    reset),
		cmocka_unit_test_setup(test_cli__main_serve_hands_over_options,
		    reset),
		cmocka_unit_test_setup(test_cli__main_database_failure_exits_1,
		    reset),
		cmocka_unit_test_setup(test_cli__main_closes_what_it_opened,
		    reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
