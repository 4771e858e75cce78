/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/cli_int.h
 *
 * Shared by the operator subcommands' parser (scim/cli/cli_admin.c) and their
 * actions (scim/cli/cli_admin_run.c); not for use elsewhere.
 */
#ifndef SCIMD_CLI_INT_H
#define SCIMD_CLI_INT_H

#include "domain/base/arena.h"
#include "domain/base/err.h"

struct db_conn;

/* The options with a value; each is one bit of cli_cmd.allowed. */
enum cli_opt {
	O_ORG, O_DOMAIN, O_TOKEN, O_TO, O_MEMBER, O_ROLE, O_GROUP, O_LABEL,
	O_KEY, O_TARGET, O_ACTION, O_SINCE, O_UNTIL, O_LIMIT, O_ALLOW, O_RATE,
	O_REVOKE, O_SEATS, O_COUNT
};

struct cli_cmd;

/* A parsed command line, checked before the database is opened. */
struct cli_args {
	const struct cli_cmd	*cmd;
	const char		*v[O_COUNT];	/* as given, or NULL */
	const char		*database;
	int			 allow, rate, revoke, seats;	/* DOM_KEEP: not given */
	long long		 limit;		/* 0: not given */
	const char		*role;		/* NULL for a group's "none" */
	struct db_conn		*conn;
	struct arena		 arena;
};

/* Prints the result on stdout; -1 with err set when the action failed. */
typedef int (*cli_run_fn)(struct cli_args *, struct err *);

struct cli_cmd {
	const char	*group;		/* first word: "domain" */
	const char	*sub;		/* second word: "add", or NULL */
	const char	*usage;
	unsigned	 allowed;	/* 1 << enum cli_opt */
	unsigned	 required;
	cli_run_fn	 run;
	const char	*fail;		/* "cannot add domain" */
};

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
int	cli_run_audit(struct cli_args *, struct err *);
int	cli_run_operator_token(struct cli_args *, struct err *);

#endif
