/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/cli.h
 *
 * The operator subcommands of the command line (scim/cli/cli_admin.c) and
 * the two database helpers scim/main.c, the composition root, provides
 * them: the subcommands never reach into storage/ themselves.
 */
#ifndef SCIMD_CLI_H
#define SCIMD_CLI_H

struct db_conn;

/*
 * Connects to `url` (--database) or else SCIMD_DATABASE_URL and applies
 * pending migrations. Returns NULL after printing why on stderr.
 * Defined in scim/main.c; close with scim_cli_db_close().
 */
struct db_conn	*scim_cli_db_open(const char *url);
void		 scim_cli_db_close(struct db_conn *);

/*
 * Whether argv (argv[0] the command, e.g. "domain", argv[1] perhaps the
 * subcommand) is one of the operator subcommands below.
 */
int	scim_cli_admin_handles(int argc, char **argv);

/*
 * Runs an operator subcommand: `org show|policy`, `token list|revoke`,
 * `domain …`, `sso-secret rotate`, `ownership transfer`, `member role`,
 * `group role`, `apikey …`, `seats`, `audit`, `operator-token create`.
 * Returns the exit status: 0, 1 when the action failed, 2 for bad usage.
 */
int	scim_cli_admin(int argc, char **argv);

/*
 * Prints "scimd: <message>" and the usage text on stderr; returns 2, the
 * exit status of bad usage.
 */
int	scim_cli_usage_error(const char *usage, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
