/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/cli_admin.c
 *
 * The operator subcommands of `scimd` (policies, domains, tokens, the SSO
 * secret, roles, API keys, seats, the audit log), one table entry each.
 * Options are parsed and checked here before the database is touched;
 * the actions are in scim/cli/cli_admin_run.c. Not for serve/migrate or
 * `org create`/`token create`, which stay in scim/main.c.
 */
#include "scim/cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/admin.h"
#include "scim/cli/cli_int.h"

static const char usage_org[] =
    "usage: scimd org show --org ORG_ID [--database URL]\n"
    "       scimd org policy --org ORG_ID [--allow-outside-members true|false]\n"
    "                        [--removal-rate N]\n"
    "                        [--revoke-api-keys-on-removal true|false]\n"
    "                        [--seat-limit N|none] [--database URL]\n"
    "\n"
    "show prints the organization (policy, domains, seats) as one JSON line.\n"
    "policy changes only the settings given and prints the resulting policy\n"
    "as one JSON line. --removal-rate is removals per SCIM token per hour\n"
    "(0: unlimited); --seat-limit none removes the seat limit.\n";

static const char usage_token[] =
    "usage: scimd token list --org ORG_ID [--database URL]\n"
    "       scimd token revoke --org ORG_ID --token TOKEN_ID [--database URL]\n"
    "\n"
    "list prints one JSON line per SCIM token (never the token itself).\n"
    "revoke makes the token answer 401 from now on.\n";

static const char usage_domain[] =
    "usage: scimd domain add|verify|unverify|jit-on|jit-off|remove\n"
    "                    --org ORG_ID --domain DOMAIN [--database URL]\n"
    "\n"
    "add adds an unverified domain without JIT; verify, unverify, jit-on and\n"
    "jit-off change one setting (adding the domain if new); remove deletes it.\n"
    "Members need an address in a verified domain unless the org allows\n"
    "outside members; JIT sign-in needs a verified domain with JIT on.\n";

static const char usage_sso[] =
    "usage: scimd sso-secret rotate --org ORG_ID [--database URL]\n"
    "\n"
    "Sets a new SSO secret for the org's sign-in path and prints it once.\n"
    "The previous secret stops working.\n";

static const char usage_ownership[] =
    "usage: scimd ownership transfer --org ORG_ID --to MEMBER [--database URL]\n"
    "\n"
    "Makes MEMBER (a member id or userName) the Owner; the previous Owner\n"
    "becomes an admin.\n";

static const char usage_member[] =
    "usage: scimd member role --org ORG_ID --member MEMBER --role admin|member|viewer\n"
    "                         [--database URL]\n"
    "\n"
    "Sets the role of MEMBER (a member id or userName). The Owner's role\n"
    "changes only by `scimd ownership transfer`; the last manager cannot be\n"
    "demoted.\n";

static const char usage_group[] =
    "usage: scimd group role --org ORG_ID --group GROUP_ID\n"
    "                        --role admin|member|none [--database URL]\n"
    "\n"
    "Sets the role the group grants its members; none stops granting one.\n";

static const char usage_apikey[] =
    "usage: scimd apikey create --org ORG_ID --member MEMBER [--label TEXT]\n"
    "       scimd apikey list --org ORG_ID\n"
    "       scimd apikey revoke --org ORG_ID --key KEY_ID\n"
    "       (each also takes [--database URL])\n"
    "\n"
    "create prints the key id, then the key (shown once), one per line.\n"
    "list prints one JSON line per key (never the key itself).\n";

static const char usage_seats[] =
    "usage: scimd seats --org ORG_ID [--database URL]\n"
    "\n"
    "Prints {\"used\":N,\"limit\":N|null} as one JSON line.\n";

static const char usage_audit[] =
    "usage: scimd audit --org ORG_ID [--target MEMBER] [--action ACTION]\n"
    "                   [--since TIME] [--until TIME] [--limit N]\n"
    "                   [--database URL]\n"
    "\n"
    "Prints the org's audit events, oldest first, one JSON line each.\n"
    "--target is a member id or userName, --action e.g. member.removed;\n"
    "TIME is ISO 8601 (--since inclusive, --until exclusive); --limit is\n"
    "1..10000 (default 1000).\n";

static const char usage_operator[] =
    "usage: scimd operator-token create [--label TEXT] [--database URL]\n"
    "\n"
    "Creates an operator token for the /admin/v1 API and prints it once.\n"
    "It works only there, never as a SCIM token.\n";

#define OPT(o)	(1u << (o))

static const struct cli_cmd cmds[] = {
	{ "org", "show", usage_org, OPT(O_ORG), OPT(O_ORG),
	    cli_run_org_show, "cannot show organization" },
	{ "org", "policy", usage_org, OPT(O_ORG) | OPT(O_ALLOW) | OPT(O_RATE) |
	    OPT(O_REVOKE) | OPT(O_SEATS), OPT(O_ORG),
	    cli_run_policy, "cannot change policy" },
	{ "token", "list", usage_token, OPT(O_ORG), OPT(O_ORG),
	    cli_run_token_list, "cannot list tokens" },
	{ "token", "revoke", usage_token, OPT(O_ORG) | OPT(O_TOKEN),
	    OPT(O_ORG) | OPT(O_TOKEN), cli_run_token_revoke,
	    "cannot revoke token" },
	{ "domain", "add", usage_domain, OPT(O_ORG) | OPT(O_DOMAIN),
	    OPT(O_ORG) | OPT(O_DOMAIN), cli_run_domain, "cannot add domain" },
	{ "domain", "verify", usage_domain, OPT(O_ORG) | OPT(O_DOMAIN),
	    OPT(O_ORG) | OPT(O_DOMAIN), cli_run_domain, "cannot verify domain" },
	{ "domain", "unverify", usage_domain, OPT(O_ORG) | OPT(O_DOMAIN),
	    OPT(O_ORG) | OPT(O_DOMAIN), cli_run_domain,
	    "cannot unverify domain" },
	{ "domain", "jit-on", usage_domain, OPT(O_ORG) | OPT(O_DOMAIN),
	    OPT(O_ORG) | OPT(O_DOMAIN), cli_run_domain, "cannot turn JIT on" },
	{ "domain", "jit-off", usage_domain, OPT(O_ORG) | OPT(O_DOMAIN),
	    OPT(O_ORG) | OPT(O_DOMAIN), cli_run_domain, "cannot turn JIT off" },
	{ "domain", "remove", usage_domain, OPT(O_ORG) | OPT(O_DOMAIN),
	    OPT(O_ORG) | OPT(O_DOMAIN), cli_run_domain_remove,
	    "cannot remove domain" },
	{ "sso-secret", "rotate", usage_sso, OPT(O_ORG), OPT(O_ORG),
	    cli_run_sso_rotate, "cannot rotate the SSO secret" },
	{ "ownership", "transfer", usage_ownership, OPT(O_ORG) | OPT(O_TO),
	    OPT(O_ORG) | OPT(O_TO), cli_run_ownership,
	    "cannot transfer ownership" },
	{ "member", "role", usage_member, OPT(O_ORG) | OPT(O_MEMBER) |
	    OPT(O_ROLE), OPT(O_ORG) | OPT(O_MEMBER) | OPT(O_ROLE),
	    cli_run_member_role, "cannot change role" },
	{ "group", "role", usage_group, OPT(O_ORG) | OPT(O_GROUP) | OPT(O_ROLE),
	    OPT(O_ORG) | OPT(O_GROUP) | OPT(O_ROLE), cli_run_group_role,
	    "cannot change group role" },
	{ "apikey", "create", usage_apikey, OPT(O_ORG) | OPT(O_MEMBER) |
	    OPT(O_LABEL), OPT(O_ORG) | OPT(O_MEMBER), cli_run_key_create,
	    "cannot create API key" },
	{ "apikey", "list", usage_apikey, OPT(O_ORG), OPT(O_ORG),
	    cli_run_key_list, "cannot list API keys" },
	{ "apikey", "revoke", usage_apikey, OPT(O_ORG) | OPT(O_KEY),
	    OPT(O_ORG) | OPT(O_KEY), cli_run_key_revoke,
	    "cannot revoke API key" },
	{ "seats", NULL, usage_seats, OPT(O_ORG), OPT(O_ORG),
	    cli_run_seats, "cannot count seats" },
	{ "audit", NULL, usage_audit, OPT(O_ORG) | OPT(O_TARGET) |
	    OPT(O_ACTION) | OPT(O_SINCE) | OPT(O_UNTIL) | OPT(O_LIMIT),
	    OPT(O_ORG), cli_run_audit, "cannot read the audit log" },
	{ "operator-token", "create", usage_operator, OPT(O_LABEL), 0,
	    cli_run_operator_token, "cannot create operator token" },
};

#define NCMDS	(sizeof(cmds) / sizeof(cmds[0]))
#define OPT_DATABASE	'd'
#define OPT_HELP	'h'

/* Indexed by enum cli_opt, so the option's name is opts[o].name. */
static const struct option opts[] = {
	[O_ORG] = { "org", required_argument, NULL, O_ORG },
	[O_DOMAIN] = { "domain", required_argument, NULL, O_DOMAIN },
	[O_TOKEN] = { "token", required_argument, NULL, O_TOKEN },
	[O_TO] = { "to", required_argument, NULL, O_TO },
	[O_MEMBER] = { "member", required_argument, NULL, O_MEMBER },
	[O_ROLE] = { "role", required_argument, NULL, O_ROLE },
	[O_GROUP] = { "group", required_argument, NULL, O_GROUP },
	[O_LABEL] = { "label", required_argument, NULL, O_LABEL },
	[O_KEY] = { "key", required_argument, NULL, O_KEY },
	[O_TARGET] = { "target", required_argument, NULL, O_TARGET },
	[O_ACTION] = { "action", required_argument, NULL, O_ACTION },
	[O_SINCE] = { "since", required_argument, NULL, O_SINCE },
	[O_UNTIL] = { "until", required_argument, NULL, O_UNTIL },
	[O_LIMIT] = { "limit", required_argument, NULL, O_LIMIT },
	[O_ALLOW] = { "allow-outside-members", required_argument, NULL,
	    O_ALLOW },
	[O_RATE] = { "removal-rate", required_argument, NULL, O_RATE },
	[O_REVOKE] = { "revoke-api-keys-on-removal", required_argument, NULL,
	    O_REVOKE },
	[O_SEATS] = { "seat-limit", required_argument, NULL, O_SEATS },
	[O_COUNT] = { "database", required_argument, NULL, OPT_DATABASE },
	[O_COUNT + 1] = { "help", no_argument, NULL, OPT_HELP },
	[O_COUNT + 2] = { NULL, 0, NULL, 0 },
};

int
scim_cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "scimd: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n\n%s", usage);
	return 2;
}

/* Commands whose group also has subcommands in scim/main.c. */
static int
shared_group(const char *group)
{
	return strcmp(group, "org") == 0 || strcmp(group, "token") == 0;
}

static const struct cli_cmd *
lookup(const char *group, const char *sub)
{
	size_t	i;

	for (i = 0; i < NCMDS; i++) {
		if (strcmp(cmds[i].group, group) != 0)
			continue;
		if (cmds[i].sub == NULL ||
		    (sub != NULL && strcmp(cmds[i].sub, sub) == 0))
			return &cmds[i];
	}
	return NULL;
}

static int
group_exists(const char *group)
{
	size_t	i;

	for (i = 0; i < NCMDS; i++)
		if (strcmp(cmds[i].group, group) == 0)
			return 1;
	return 0;
}

int
scim_cli_admin_handles(int argc, char **argv)
{
	if (argc < 1)
		return 0;
	if (shared_group(argv[0]))
		return argc >= 2 && lookup(argv[0], argv[1]) != NULL;
	return group_exists(argv[0]);
}

/* Every distinct usage text of the group, to `f`. */
static void
group_usage(FILE *f, const char *group)
{
	const char	*last = NULL;
	size_t		 i;

	for (i = 0; i < NCMDS; i++) {
		if (strcmp(cmds[i].group, group) != 0 || cmds[i].usage == last)
			continue;
		fprintf(f, "%s%s", last ? "\n" : "", cmds[i].usage);
		last = cmds[i].usage;
	}
}

static int
parse_num(long *out, const char *s, long min, long max)
{
	char	*end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && *out >= min &&
	    *out <= max ? 0 : -1;
}

static int
parse_bool(int *out, const char *s)
{
	if (strcmp(s, "true") == 0)
		*out = 1;
	else if (strcmp(s, "false") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

/* Turns the option strings into typed values; 2 after a usage error. */
static int
check_values(struct cli_args *a, const struct cli_cmd *cmd)
{
	const char	*u = cmd->usage;
	long		 n;

	a->allow = a->rate = a->revoke = a->seats = DOM_KEEP;
	if (a->v[O_ALLOW] != NULL && parse_bool(&a->allow, a->v[O_ALLOW]) == -1)
		return scim_cli_usage_error(u, "--allow-outside-members must be true or "
		    "false, not \"%s\"", a->v[O_ALLOW]);
	if (a->v[O_REVOKE] != NULL &&
	    parse_bool(&a->revoke, a->v[O_REVOKE]) == -1)
		return scim_cli_usage_error(u, "--revoke-api-keys-on-removal must be true "
		    "or false, not \"%s\"", a->v[O_REVOKE]);
	if (a->v[O_RATE] != NULL) {
		if (parse_num(&n, a->v[O_RATE], 0, 1000000) == -1)
			return scim_cli_usage_error(u, "--removal-rate must be 0..1000000, "
			    "not \"%s\"", a->v[O_RATE]);
		a->rate = (int)n;
	}
	if (a->v[O_SEATS] != NULL && strcmp(a->v[O_SEATS], "none") == 0) {
		a->seats = -1;
	} else if (a->v[O_SEATS] != NULL) {
		if (parse_num(&n, a->v[O_SEATS], 0, 10000000) == -1)
			return scim_cli_usage_error(u, "--seat-limit must be a number or "
			    "none, not \"%s\"", a->v[O_SEATS]);
		a->seats = (int)n;
	}
	if (a->v[O_LIMIT] != NULL) {
		if (parse_num(&n, a->v[O_LIMIT], 1, 10000) == -1)
			return scim_cli_usage_error(u, "--limit must be 1..10000, not \"%s\"",
			    a->v[O_LIMIT]);
		a->limit = n;
	}
	a->role = a->v[O_ROLE];
	if (a->role != NULL && strcmp(cmd->group, "group") == 0 &&
	    strcmp(a->role, "none") == 0)
		a->role = NULL;
	else if (a->role != NULL && strcmp(a->role, "admin") != 0 &&
	    strcmp(a->role, "member") != 0 && (strcmp(cmd->group, "group") == 0 ||
	    strcmp(a->role, "viewer") != 0))
		return scim_cli_usage_error(u, "--role must be %s, not \"%s\"",
		    strcmp(cmd->group, "group") == 0 ? "admin, member or none" :
		    "admin, member or viewer", a->role);
	return 0;
}

/* Parses argv (argv[0] the last command word); 0, or an exit status. */
static int
parse(struct cli_args *a, const struct cli_cmd *cmd, int argc, char **argv,
    int *done)
{
	int	ch, i;

	*done = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (ch == OPT_HELP) {
			fputs(cmd->usage, stdout);
			*done = 1;
			return 0;
		}
		if (ch == OPT_DATABASE) {
			a->database = optarg;
			continue;
		}
		if (ch < 0 || ch >= O_COUNT) {
			fputs(cmd->usage, stderr);
			return 2;
		}
		if (!(cmd->allowed & OPT(ch)))
			return scim_cli_usage_error(cmd->usage, "--%s does not apply here",
			    opts[ch].name);
		a->v[ch] = optarg;
	}
	if (optind < argc)
		return scim_cli_usage_error(cmd->usage, "unexpected argument \"%s\"",
		    argv[optind]);
	for (i = 0; i < O_COUNT; i++)
		if ((cmd->required & OPT(i)) && a->v[i] == NULL)
			return scim_cli_usage_error(cmd->usage, "--%s is required",
			    opts[i].name);
	return check_values(a, cmd);
}

int
scim_cli_admin(int argc, char **argv)
{
	const struct cli_cmd	*cmd;
	struct cli_args		 a;
	struct err		 err = { 0 };
	int			 rc, done, words;

	if (argc < 1)
		return 2;
	cmd = lookup(argv[0], argc >= 2 ? argv[1] : NULL);
	if (cmd == NULL) {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
		    strcmp(argv[1], "-h") == 0)) {
			group_usage(stdout, argv[0]);
			return 0;
		}
		fprintf(stderr, "scimd: unknown %s command \"%s\"\n\n", argv[0],
		    argc >= 2 ? argv[1] : "");
		group_usage(stderr, argv[0]);
		return 2;
	}
	memset(&a, 0, sizeof(a));
	words = cmd->sub != NULL ? 2 : 1;
	rc = parse(&a, cmd, argc - words + 1, argv + words - 1, &done);
	if (rc != 0 || done)
		return rc;
	a.cmd = cmd;
	if ((a.conn = scim_cli_db_open(a.database)) == NULL)
		return 1;
	rc = 0;
	if (cmd->run(&a, &err) == -1) {
		fprintf(stderr, "scimd: %s: %s\n", cmd->fail,
		    err.detail[0] ? err.detail : "internal error");
		rc = 1;
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, "scimd: cannot write output\n");
		rc = 1;
	}
	scim_cli_db_close(a.conn);
	arena_free(&a.arena);
	return rc;
}
