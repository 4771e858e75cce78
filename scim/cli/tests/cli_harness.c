/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/tests/cli_harness.c
 *
 * The scim/cli tests' shared setup (cli_harness.h). Pure: nothing is
 * opened.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli_harness.h"

#define MAX_ARGS	16

void
h_cli_env_clear(void)
{
	int	i;

	for (i = 0; i < O_COUNT; i++)
		if (cli_opts[i].env != NULL)
			unsetenv(cli_opts[i].env);
}

int
h_reset(void **state)
{
	(void)state;
	h_cli_env_clear();
	return 0;
}

const struct cli_cmd *
h_cmd(const char *group, const char *sub)
{
	size_t	i;

	for (i = 0; i < cli_ncmds; i++)
		if (strcmp(cli_cmds[i].group, group) == 0 &&
		    (cli_cmds[i].sub == NULL ? sub == NULL :
		    sub != NULL && strcmp(cli_cmds[i].sub, sub) == 0))
			return &cli_cmds[i];
	fail_msg("no command %s %s", group, sub ? sub : "");
	return NULL;
}

int
h_parse(struct cli_args *a, struct err *e, const char *words, ...)
{
	static char	 buf[64];
	char		*argv[MAX_ARGS], *sub;
	const char	*arg;
	va_list		 ap;
	int		 argc = 0;

	/* argv[0] is the last word, as cli_main hands it to cli_parse. */
	snprintf(buf, sizeof(buf), "%s", words);
	if ((sub = strchr(buf, ' ')) != NULL)
		*sub++ = '\0';
	argv[argc++] = sub != NULL ? sub : buf;
	va_start(ap, words);
	while ((arg = va_arg(ap, const char *)) != NULL && argc < MAX_ARGS)
		argv[argc++] = (char *)arg;
	va_end(ap);
	arena_free(&a->arena);
	memset(a, 0, sizeof(*a));
	memset(e, 0, sizeof(*e));
	return cli_parse(a, h_cmd(buf, sub), argc, argv, e);
}
