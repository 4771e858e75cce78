/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/tests/test_cli_readme.c
 *
 * The configuration table of README.md (its "## Configuration" section)
 * against scim/cli/cli_table.c: one row per option of `scimd serve`, with
 * the option's environment variable, a default, a meaning and an example;
 * and no row for a flag serve does not have. SCIMD_README is the path of
 * README.md, set by scim/cli/CMakeLists.txt.
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

#define MAX_ROWS	64
#define ROW_LEN		512

struct table {
	char	rows[MAX_ROWS][ROW_LEN];
	int	n;
};

/* The table rows ("| ...") of the Configuration section, header excluded. */
static void
read_table(struct table *t)
{
	FILE	*f = fopen(SCIMD_README, "r");
	char	 line[ROW_LEN];
	int	 in = 0;

	assert_non_null(f);
	t->n = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "## ", 3) == 0)
			in = strcmp(line, "## Configuration\n") == 0;
		if (!in || line[0] != '|' || strncmp(line, "| setting", 9) == 0 ||
		    strncmp(line, "|---", 4) == 0)
			continue;
		assert_true(t->n < MAX_ROWS);
		snprintf(t->rows[t->n++], ROW_LEN, "%s", line);
	}
	fclose(f);
	assert_true(t->n > 0);
}

/* Cells between '|', each non-empty: setting, flag, default, meaning, example. */
static int
cells(const char *row)
{
	const char	*p, *q;
	int		 n = 0;

	for (p = row; (q = strchr(p + 1, '|')) != NULL; p = q) {
		assert_true(q - p > 2);		/* "| x |": never blank */
		n++;
	}
	return n;
}

static void
test_cli_readme__every_serve_option_has_a_row(void **state)
{
	static struct table	 t;
	const struct cli_cmd	*serve = &cli_cmds[0];
	char			 want[128];
	int			 o, r, found;

	(void)state;
	assert_string_equal(serve->group, "serve");
	read_table(&t);
	for (o = 0; o < O_COUNT; o++) {
		if (o != O_DATABASE && !(serve->allowed & CLI_OPT(o)))
			continue;
		snprintf(want, sizeof(want), "| `%s` | `--%s", cli_opts[o].env,
		    cli_opts[o].name);
		found = 0;
		for (r = 0; r < t.n; r++) {
			if (strncmp(t.rows[r], want, strlen(want)) != 0)
				continue;
			/* `--max-body BYTES`, not a longer name. */
			assert_true(strchr(" `", t.rows[r][strlen(want)]) !=
			    NULL);
			assert_int_equal(cells(t.rows[r]), 5);
			found++;
		}
		if (found != 1)
			fail_msg("README.md: %d rows for %s, not 1", found, want);
	}
}

static void
test_cli_readme__no_row_for_a_missing_flag(void **state)
{
	static struct table	 t;
	const struct cli_cmd	*serve = &cli_cmds[0];
	const char		*flag;
	size_t			 len;
	int			 o, r, known;

	(void)state;
	read_table(&t);
	for (r = 0; r < t.n; r++) {
		if ((flag = strstr(t.rows[r], "| `--")) == NULL)
			continue;
		flag += 5;
		len = strcspn(flag, " `");
		known = 0;
		for (o = 0; o < O_COUNT; o++)
			if ((o == O_DATABASE || (serve->allowed & CLI_OPT(o))) &&
			    strlen(cli_opts[o].name) == len &&
			    strncmp(cli_opts[o].name, flag, len) == 0)
				known = 1;
		if (!known)
			fail_msg("README.md lists --%.*s, which serve lacks",
			    (int)len, flag);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli_readme__every_serve_option_has_a_row),
		cmocka_unit_test(test_cli_readme__no_row_for_a_missing_flag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
