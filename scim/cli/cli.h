/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/cli.h
 *
 * The command line of scimd: every subcommand, parsed by one table-driven
 * parser (scim/cli/). What needs storage or the HTTP server is handed in by
 * the composition root (scim/main.c) as a struct scim_cli_host, so nothing
 * in scim/cli/ reaches into storage/ and main.c knows no parser internals.
 */
#ifndef SCIMD_CLI_H
#define SCIMD_CLI_H

struct db_conn;

/* `scimd serve`'s options, checked and with their defaults applied. */
struct scim_cli_serve {
	const char	*listen;	/* HOST:PORT, never NULL */
	const char	*database;	/* NULL: no --database, no env */
	const char	*public_url;	/* no trailing '/'; NULL: Host header */
	int		 workers;
	long		 max_body;	/* bytes */
	const char	*tls_cert;	/* both or neither */
	const char	*tls_key;
	const char	*plain_listen;	/* NULL: no plain listener beside TLS */
	const char	*metrics_listen;	/* NULL: /metrics on the main port only */
	int		 max_connections;
	int		 read_timeout_s;
	int		 event_retention_days;
	const char	*webhook_ca_file;	/* NULL: the system's CAs only */
};

/*
 * The composition root's side. Each function prints why it failed on
 * stderr itself.
 *
 * db_open connects to `url` (NULL when neither --database nor
 * SCIMD_DATABASE_URL was given) and applies pending migrations, counting
 * them in *applied. Returns the connection (owned: close with db_close), or
 * NULL.
 *
 * serve migrates, then runs the server until SIGTERM or SIGINT. Returns the
 * exit status: 0 after a clean stop, 1 when it could not start.
 */
struct scim_cli_host {
	struct db_conn	*(*db_open)(int *applied, const char *url);
	void		 (*db_close)(struct db_conn *);
	int		 (*serve)(const struct scim_cli_serve *);
};

/*
 * Runs `scimd argv[1] ...` (argv[0] is the program). Returns the exit
 * status: 0; 1 when the action failed (the reason on stderr); 2 for bad
 * usage (the message and the usage text on stderr). --help anywhere a
 * command's options are read prints that command's usage on stdout, 0.
 */
int	scim_cli_main(const struct scim_cli_host *host, int argc, char **argv);

#endif
