/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/cli_main.c
 *
 * `scimd <command> ...`: finds the subcommand in scim/cli/cli_table.c,
 * has its options parsed (scim/cli/cli_parse.c), prints usage and usage
 * errors, and runs the action with the database the composition root
 * opens. The same words, messages and exit statuses for every subcommand.
 */
#include "scim/cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>


#include "scim/cli/cli_int.h"

static int
is_help(const char *s)
{
	return strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0;
}

static int
group_exists(const char *group)
{
	size_t	i;

	for (i = 0; i < cli_ncmds; i++)
		if (strcmp(cli_cmds[i].group, group) == 0)
			return 1;
	return 0;
}

/* `group sub`, or `group` alone when it has no subcommands; else NULL. */
static const struct cli_cmd *
lookup(const char *group, const char *sub)
{
	size_t	i;

	for (i = 0; i < cli_ncmds; i++) {
		if (strcmp(cli_cmds[i].group, group) != 0)
			continue;
		if (cli_cmds[i].sub == NULL ||
		    (sub != NULL && strcmp(cli_cmds[i].sub, sub) == 0))
			return &cli_cmds[i];
	}
	return NULL;
}

/*
 * The one usage printer: the usage of `cmd`; without one, every distinct
 * usage text of `group`; without either, scimd's list of commands.
 */
static void
print_usage(FILE *f, const char *group, const struct cli_cmd *cmd)
{
	const char	*last = NULL;
	size_t		 i;

	if (cmd != NULL) {
		fputs(cmd->usage, f);
		return;
	}
	if (group == NULL) {
		fputs(cli_usage_main, f);
		return;
	}
	for (i = 0; i < cli_ncmds; i++) {
		if (strcmp(cli_cmds[i].group, group) != 0 ||
		    cli_cmds[i].usage == last)
			continue;
		fprintf(f, "%s%s", last != NULL ? "\n" : "", cli_cmds[i].usage);
		last = cli_cmds[i].usage;
	}
}

/* "scimd: <message>", a blank line, then the usage as above; returns 2. */
static int
usage_error(FILE *f, const char *group, const struct cli_cmd *cmd,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
usage_error(FILE *f, const char *group, const struct cli_cmd *cmd,
    const char *fmt, ...)
{
	va_list	ap;

	fputs("scimd: ", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputs("\n\n", f);
	print_usage(f, group, cmd);
	return 2;
}

/* Opens the database if the action needs it, runs it; the exit status. */
static int
run(struct cli_args *a, FILE *errout)
{
	const struct cli_cmd	*cmd = a->cmd;
	struct err		 err = { 0 };
	int			 rc = 0;

	if (cmd->needs_db) {
		a->conn = a->host->db_open(&a->migrated, a->v[O_DATABASE]);
		if (a->conn == NULL)
			return 1;
	}
	if (cmd->run(a, &err) == -1) {
		if (cmd->fail != NULL)
			fprintf(errout, "scimd: %s: %s\n", cmd->fail,
			    err.detail[0] != '\0' ? err.detail :
			    "internal error");
		rc = 1;
	}
	/* A full disk or a closed pipe must not look like success. */
	if (fflush(stdout) != 0) {
		fprintf(errout, "scimd: cannot write output\n");
		rc = 1;
	}
	if (a->conn != NULL)
		a->host->db_close(a->conn);
	return rc;
}

int
cli_main(const struct scim_cli_host *host, FILE *out, FILE *errout,
    int argc, char **argv)
{
	const struct cli_cmd	*cmd;
	const char		*group, *sub;
	struct cli_args		 a;
	struct err		 err = { 0 };
	int			 rc, words;

	if (argc < 2) {
		print_usage(errout, NULL, NULL);
		return 2;
	}
	group = argv[1];
	sub = argc > 2 ? argv[2] : NULL;
	if (is_help(group) || strcmp(group, "help") == 0) {
		print_usage(out, NULL, NULL);
		return 0;
	}
	if (strcmp(group, "--version") == 0 || strcmp(group, "version") == 0) {
		if (argc > 2)
			return usage_error(errout, NULL, NULL,
			    "unexpected argument \"%s\"", argv[2]);
		cli_print_version(out);
		return 0;
	}
	if (!group_exists(group))
		return usage_error(errout, NULL, NULL, "unknown command \"%s\"",
		    group);
	if ((cmd = lookup(group, sub)) == NULL && sub != NULL && is_help(sub)) {
		print_usage(out, group, NULL);
		return 0;
	}
	if (cmd == NULL)
		return usage_error(errout, group, NULL,
		    "unknown %s command \"%s\"", group, sub != NULL ? sub : "");
	memset(&a, 0, sizeof(a));
	a.cmd = cmd;
	a.host = host;
	words = cmd->sub != NULL ? 2 : 1;
	rc = cli_parse(&a, cmd, argc - words, argv + words, &err);
	if (rc == 1) {
		print_usage(out, NULL, cmd);
		rc = 0;
	} else if (rc == -1) {
		rc = usage_error(errout, NULL, cmd, "%s", err.detail);
	} else {
		rc = run(&a, errout);
	}
	arena_free(&a.arena);
	return rc;
}

int
scim_cli_main(const struct scim_cli_host *host, int argc, char **argv)
{
	return cli_main(host, stdout, stderr, argc, argv);
}
