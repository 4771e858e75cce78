/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/cli_int.h
 *
 * Shared inside scim/cli/: the option and subcommand tables
 * (cli_table.c), the parser (cli_parse.c), the driver (cli_main.c) and the
 * actions (cli_run.c, cli_admin_run.c). Not for use elsewhere.
 */
#ifndef SCIMD_CLI_INT_H
#define SCIMD_CLI_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "scim/cli/cli.h"

struct db_conn;

/*
 * Every option of every subcommand; each is one bit of cli_cmd.allowed.
 * Two ids may share a name when subcommands read it differently:
 * `--allow-outside-members` is a flag of `org create` but true|false for
 * `org policy`.
 */
enum cli_opt_id {
	O_ORG, O_DOMAIN, O_TOKEN, O_TO, O_MEMBER, O_ROLE, O_GROUP, O_LABEL,
	O_KEY, O_TARGET, O_ACTION, O_SINCE, O_UNTIL, O_LIMIT, O_ALLOW, O_RATE,
	O_REVOKE, O_SEATS, O_GROUP_ROLE, O_NAME, O_DOMAINS, O_OWNER_EMAIL,
	O_OUTSIDE, O_ADMIN, O_LISTEN, O_WORKERS, O_PUBLIC_URL, O_MAX_BODY,
	O_DATABASE, O_AFTER, O_EMAILS, O_ID, O_MAX_USES, O_EXPIRES, O_ADMIT,
	O_TLS_CERT, O_TLS_KEY, O_PLAIN_LISTEN, O_METRICS_LISTEN, O_LOG_LEVEL,
	O_MAX_CONNECTIONS, O_READ_TIMEOUT,
	O_RETENTION, O_WEBHOOK_CA, O_URL, O_EVENTS, O_INSECURE, O_ENDPOINT,
	O_SESSION_IDLE, O_SESSION_MAX,
	O_COUNT
};

#define CLI_OPT(o)	((uint64_t)1 << (o))

enum cli_type {
	CLI_STR,	/* --opt TEXT */
	CLI_LIST,	/* --opt TEXT, repeatable: every value is kept */
	CLI_INT,	/* --opt N with min <= N <= max, or the `none` word */
	CLI_FLAG,	/* --opt alone: 1 */
	CLI_ENUM,	/* --opt WORD, one of `words` */
	CLI_URL		/* --opt http(s)://...; trailing '/' dropped */
};

/*
 * An option. Numbers (CLI_INT, CLI_ENUM) take `dflt` when not given; the
 * value of an enum word is values[i], or its index i without `values`.
 * Any option not given comes from the environment variable `env` when it
 * is set and not empty, checked as the flag is (an error names the
 * variable), else from `sdflt`. Flags and lists have no `env`: a word
 * without a value or a repeated one has no single-variable spelling.
 */
struct cli_opt {
	const char		*name;		/* "workers" for --workers */
	enum cli_type		 type;
	long			 min, max;	/* CLI_INT */
	long			 dflt;
	const char		*none;		/* CLI_INT: a word meaning -1 */
	const char *const	*words;		/* CLI_ENUM: NULL-terminated */
	const long		*values;
	const char		*env;
	const char		*sdflt;
};

struct cli_args;

/*
 * An action: prints its result on stdout. Returns 0, or -1 with err set
 * (the detail is printed after cli_cmd.fail).
 */
typedef int (*cli_run_fn)(struct cli_args *, struct err *);

/* One subcommand: `scimd <group> [<sub>] [options]`. */
struct cli_cmd {
	const char	*group;		/* first word: "domain" */
	const char	*sub;		/* second word: "add", or NULL */
	const char	*usage;		/* may be shared within a group */
	uint64_t	 allowed;	/* CLI_OPT(id); --database always is */
	uint64_t	 required;
	int		 needs_db;	/* open (and migrate) before running */
	cli_run_fn	 run;
	const char	*fail;		/* "cannot add domain"; NULL: run tells */
};

/* A parsed command line, checked before the database is opened. */
struct cli_args {
	const struct cli_cmd		*cmd;
	const struct scim_cli_host	*host;
	const char		*v[O_COUNT];	/* given, env, default, or NULL */
	long			 n[O_COUNT];	/* numbers: value or default */
	const char		**list;		/* CLI_LIST values, in order */
	size_t			 nlist;
	int			 migrated;	/* by host->db_open */
	/* What the operator actions read, derived from v and n. */
	int			 allow, rate, revoke, seats;	/* or DOM_KEEP */
	int			 session_idle, session_max;	/* or DOM_KEEP */
	long long		 limit;		/* 0: not given */
	const char		*role;		/* NULL for a group's "none" */
	struct db_conn		*conn;
	struct arena		 arena;
};

/* Indexed by enum cli_opt_id. */
extern const struct cli_opt	cli_opts[O_COUNT];
extern const struct cli_cmd	cli_cmds[];
extern const size_t		cli_ncmds;
extern const char		cli_usage_main[];

/* Sets the fields the operator actions read from a->v and a->n. */
void	cli_args_derive(struct cli_args *a);

/*
 * The one number parser: a decimal `s`, whole, with min <= *out <= max.
 * Returns 0, or -1 leaving *out unspecified.
 */
int	cli_parse_long(long *out, const char *s, long min, long max);

/*
 * Parses the options of `cmd`: argv[0] is its last command word, the
 * options follow. Fills `a` (zeroed by the caller; strings it makes live in
 * a->arena) with defaults for what was not given, then derives the typed
 * fields. Returns 0 to run, 1 when --help or -h was given, or -1 with
 * err->detail the usage error ("--org is required").
 */
int	cli_parse(struct cli_args *a, const struct cli_cmd *cmd, int argc,
	    char **argv, struct err *err);

/* "scimd X.Y.Z" and " (commit C)" when known, one line on out. */
void	cli_print_version(FILE *out);

/* scim_cli_main() with the usage and the messages going to out and errout. */
int	cli_main(const struct scim_cli_host *host, FILE *out, FILE *errout,
	    int argc, char **argv);

int	cli_run_serve(struct cli_args *, struct err *);
int	cli_run_migrate(struct cli_args *, struct err *);
int	cli_run_org_create(struct cli_args *, struct err *);
int	cli_run_token_create(struct cli_args *, struct err *);
int	cli_run_org_show(struct cli_args *, struct err *);
int	cli_run_policy(struct cli_args *, struct err *);
int	cli_run_token_list(struct cli_args *, struct err *);
int	cli_run_token_revoke(struct cli_args *, struct err *);
int	cli_run_domain(struct cli_args *, struct err *);
int	cli_run_domain_remove(struct cli_args *, struct err *);
int	cli_run_sso_rotate(struct cli_args *, struct err *);
int	cli_run_ownership(struct cli_args *, struct err *);
int	cli_run_member_role(struct cli_args *, struct err *);
int	cli_run_group_role(struct cli_args *, struct err *);
int	cli_run_key_create(struct cli_args *, struct err *);
int	cli_run_key_list(struct cli_args *, struct err *);
int	cli_run_key_revoke(struct cli_args *, struct err *);
int	cli_run_seats(struct cli_args *, struct err *);
int	cli_run_events_tail(struct cli_args *, struct err *);
int	cli_run_audit(struct cli_args *, struct err *);
int	cli_run_operator_token(struct cli_args *, struct err *);
/* scim/cli/cli_invite_run.c */
int	cli_run_invite_create(struct cli_args *, struct err *);
int	cli_run_invite_list(struct cli_args *, struct err *);
int	cli_run_invite_cancel(struct cli_args *, struct err *);
int	cli_run_invite_resend(struct cli_args *, struct err *);
int	cli_run_invite_policy(struct cli_args *, struct err *);
int	cli_run_link_create(struct cli_args *, struct err *);
int	cli_run_link_list(struct cli_args *, struct err *);
int	cli_run_link_revoke(struct cli_args *, struct err *);
/* scim/cli/cli_webhooks.c */
int	cli_run_webhook_add(struct cli_args *, struct err *);
int	cli_run_webhook_list(struct cli_args *, struct err *);
int	cli_run_webhook_remove(struct cli_args *, struct err *);
int	cli_run_webhook_rotate(struct cli_args *, struct err *);
int	cli_run_webhook_replay(struct cli_args *, struct err *);
int	cli_run_webhook_deliveries(struct cli_args *, struct err *);

struct cJSON;

/* Prints json on one line of stdout and deletes it (consumed). */
void	cli_print_json(struct cJSON *json);

#endif
