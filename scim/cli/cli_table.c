/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/cli_table.c
 *
 * The command line as data: every option of scimd with its type, range and
 * default, and every subcommand with its words, options, usage text and
 * action, one table entry each. The parser that reads them is
 * scim/cli/cli_parse.c; the actions are in scim/cli/cli_run.c and
 * scim/cli/cli_admin_run.c.
 */
#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "domain/admin.h"
#include "domain/base/log.h"
#include "scim/cli/cli_int.h"

#define CLI_DEFAULT_LISTEN	"127.0.0.1:8080"

const char cli_usage_main[] =
    "usage: scimd <command> [options]\n"
    "\n"
    "commands:\n"
    "  serve          run the SCIM server\n"
    "  migrate        apply pending database migrations\n"
    "  org create     create an organization\n"
    "  org show       print an organization: policy, domains, seats\n"
    "  org policy     change an organization's policy\n"
    "  token create   create a SCIM bearer token for an organization\n"
    "  token list     list an organization's SCIM tokens\n"
    "  token revoke   revoke a SCIM token\n"
    "  domain add|verify|unverify|jit-on|jit-off|remove\n"
    "                 manage an organization's email domains\n"
    "  sso-secret rotate\n"
    "                 set a new SSO secret for the sign-in path\n"
    "  ownership transfer\n"
    "                 make another member the Owner\n"
    "  member role    set a member's role\n"
    "  group role     set the role a group grants\n"
    "  apikey create|list|revoke\n"
    "                 manage a member's org API keys\n"
    "  seats          print seats used and the seat limit\n"
    "  audit          print audit events as JSON lines\n"
    "  events tail    print an organization's events, following new ones\n"
    "  operator-token create\n"
    "                 create a token for the /admin/v1 API\n"
    "  invite create|list|cancel|resend|policy\n"
    "                 invite people by email\n"
    "  invite-link create|list|revoke\n"
    "                 manage open invite links\n"
    "  version        print the version (also --version)\n"
    "  webhook add|list|remove|rotate-secret|replay|deliveries\n"
    "                 send an organization's events to HTTPS endpoints\n"
    "\n"
    "Run `scimd <command> --help` for a command's options.\n"
    "The database URL comes from --database or SCIMD_DATABASE_URL.\n";

static const char usage_serve[] =
    "usage: scimd serve [--listen HOST:PORT] [--database URL] [--workers N]\n"
    "                   [--public-url URL] [--max-body BYTES]\n"
    "                   [--tls-cert FILE --tls-key FILE] [--plain-listen HOST:PORT]\n"
    "                   [--metrics-listen HOST:PORT] [--log-level LEVEL]\n"
    "                   [--max-connections N] [--read-timeout SECONDS]\n"
    "                   [--event-retention-days N] [--webhook-ca-file FILE]\n"
    "\n"
    "  --listen HOST:PORT  address to listen on (SCIMD_LISTEN; default "
    CLI_DEFAULT_LISTEN ")\n"
    "  --database URL      PostgreSQL URL (SCIMD_DATABASE_URL)\n"
    "  --workers N         database workers, one connection each\n"
    "                      (SCIMD_WORKERS; default 8)\n"
    "  --public-url URL    external base URL, e.g. https://scim.example.com,\n"
    "                      used in meta.location (SCIMD_PUBLIC_URL;\n"
    "                      default: http:// and the --listen address)\n"
    "  --max-body BYTES    largest request body accepted (SCIMD_MAX_BODY;\n"
    "                      default 1048576)\n"
    "  --tls-cert FILE     serve HTTPS on --listen with this PEM certificate\n"
    "                      chain (SCIMD_TLS_CERT); needs --tls-key\n"
    "  --tls-key FILE      its PEM private key (SCIMD_TLS_KEY)\n"
    "  --plain-listen HOST:PORT\n"
    "                      with TLS, also serve plain HTTP here, e.g. for a\n"
    "                      local proxy (SCIMD_PLAIN_LISTEN; default: none)\n"
    "  --metrics-listen HOST:PORT\n"
    "                      serve GET /metrics here without a token\n"
    "                      (SCIMD_METRICS_LISTEN); on the main port /metrics\n"
    "                      always takes an operator token\n"
    "  --log-level LEVEL   debug, info, warn or error (SCIMD_LOG_LEVEL;\n"
    "                      default info; request lines are info)\n"
    "  --max-connections N open connections at most; more get 503\n"
    "                      (SCIMD_MAX_CONNECTIONS; default 1024)\n"
    "  --read-timeout SECONDS\n"
    "                      time to send a request from its first byte, plus\n"
    "                      1 s per 16 KiB sent (SCIMD_READ_TIMEOUT; default 10)\n"
    "  --event-retention-days N\n"
    "                      delete events older than N days once every\n"
    "                      webhook has them (SCIMD_EVENT_RETENTION_DAYS;\n"
    "                      default 30)\n"
    "  --webhook-ca-file FILE\n"
    "                      also trust these PEM CA certificates for HTTPS\n"
    "                      webhooks (SCIMD_WEBHOOK_CA_FILE; default: the\n"
    "                      system's store only)\n"
    "\n"
    "Migrates the database, then serves until SIGTERM or SIGINT. With TLS,\n"
    "SIGHUP reloads the certificate and key; a bad pair is refused and the\n"
    "previous one stays in use. A flag wins over its environment variable.\n";

static const char usage_migrate[] =
    "usage: scimd migrate [--database URL]\n"
    "\n"
    "Applies pending migrations. Safe to run again and concurrently.\n";

static const char usage_org_create[] =
    "usage: scimd org create --name NAME [--domain DOMAIN]... "
    "[--owner-email EMAIL]\n"
    "                        [--allow-outside-members] [--database URL]\n"
    "\n"
    "Creates an organization and prints its id. Each --domain is added as a\n"
    "verified domain; --owner-email creates the Owner member. Members must\n"
    "have an address in a verified domain unless --allow-outside-members.\n"
    "\n"
    "See also `scimd org show --help` and `scimd org policy --help`.\n";

static const char usage_token_create[] =
    "usage: scimd token create --org ORG_ID [--label TEXT] [--admin USERNAME]\n"
    "                          [--database URL]\n"
    "\n"
    "Creates a SCIM bearer token and prints it once; only its SHA-256 hash is\n"
    "stored. --admin records the admin member on whose behalf it is created.\n"
    "\n"
    "See also `scimd token list --help` and `scimd token revoke --help`.\n";

static const char usage_org[] =
    "usage: scimd org show --org ORG_ID [--database URL]\n"
    "       scimd org policy --org ORG_ID [--allow-outside-members true|false]\n"
    "                        [--removal-rate N]\n"
    "                        [--revoke-api-keys-on-removal true|false]\n"
    "                        [--seat-limit N|none]\n"
    "                        [--session-idle-hours N] [--session-max-days N]\n"
    "                        [--database URL]\n"
    "\n"
    "show prints the organization (policy, domains, seats) as one JSON line.\n"
    "policy changes only the settings given and prints the resulting policy\n"
    "as one JSON line. --removal-rate is removals per SCIM token per hour\n"
    "(0: unlimited); --seat-limit none removes the seat limit. A sign-in\n"
    "session ends after --session-idle-hours without use (default 12) and\n"
    "--session-max-days after sign-in (default 7).\n";

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

static const char usage_events[] =
    "usage: scimd events tail --org ORG_ID [--after SEQ] [--limit N]\n"
    "                         [--database URL]\n"
    "\n"
    "Prints the org's events in order, one JSON line each, starting after\n"
    "sequence number SEQ (default 0: the oldest kept), then waits for new\n"
    "ones. Stops after N events with --limit, else runs until interrupted.\n";

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

static const char usage_invite[] =
    "usage: scimd invite create --org ORG_ID --email EMAIL... [--role ROLE]\n"
    "                           [--member INVITER] [--public-url URL]\n"
    "       scimd invite list --org ORG_ID\n"
    "       scimd invite cancel --org ORG_ID --id INVITATION_ID\n"
    "       scimd invite resend --org ORG_ID --id INVITATION_ID [--role ROLE]\n"
    "                           [--public-url URL]\n"
    "       scimd invite policy --org ORG_ID --admit-outsiders true|false\n"
    "       (each also takes [--database URL])\n"
    "\n"
    "create invites each --email with ROLE (admin, member or viewer; default\n"
    "member), valid 7 days, and prints one JSON line per invitation with its\n"
    "token and acceptUrl (shown once; acceptUrl starts with --public-url).\n"
    "An address with a pending invitation is re-invited: the old one ends.\n"
    "resend re-invites the address of an invitation with a fresh token.\n"
    "list prints one JSON line per invitation with its state (pending,\n"
    "expired, accepted, cancelled, reinvited). policy says whether an\n"
    "invitation admits an address outside the verified domains.\n";

static const char usage_link[] =
    "usage: scimd invite-link create --org ORG_ID [--role ROLE] [--domain D]...\n"
    "                                [--max-uses N] [--expires TIME]\n"
    "                                [--member CREATOR] [--public-url URL]\n"
    "       scimd invite-link list --org ORG_ID\n"
    "       scimd invite-link revoke --org ORG_ID --id LINK_ID\n"
    "       (each also takes [--database URL])\n"
    "\n"
    "create prints the link as one JSON line with its token (shown once).\n"
    "Anyone holding it joins with ROLE (default member), only from the\n"
    "domains given (if any), at most N times, until TIME (RFC 3339).\n"
    "Removing CREATOR ends the link. list shows each link's uses and state.\n";

static const char usage_webhook[] =
    "usage: scimd webhook add --org ORG_ID --url URL [--events TYPE,...]\n"
    "                         [--insecure-http]\n"
    "       scimd webhook list --org ORG_ID\n"
    "       scimd webhook remove --org ORG_ID --endpoint ID\n"
    "       scimd webhook rotate-secret --org ORG_ID --endpoint ID\n"
    "       scimd webhook replay --org ORG_ID --endpoint ID --since TIME\n"
    "       scimd webhook deliveries --org ORG_ID --endpoint ID [--limit N]\n"
    "       (each also takes [--database URL])\n"
    "\n"
    "add registers an endpoint for the given event types (default: all) and\n"
    "prints it as one JSON line with its id and its whsec_ secret (shown\n"
    "once). URLs are https://; plain http:// only to loopback, or anywhere\n"
    "with --insecure-http. Private and link-local addresses are refused\n"
    "unless SCIMD_WEBHOOK_ALLOW_PRIVATE=1. rotate-secret prints a new\n"
    "secret; the old one signs too for 24 hours. replay sends the events\n"
    "since TIME (ISO 8601) again. deliveries prints the newest deliveries\n"
    "with each attempt's status, latency and answer excerpt.\n";

static const char *const bool_words[] = { "true", "false", NULL };
static const long bool_values[] = { 1, 0 };
static const char *const member_roles[] = { "admin", "member", "viewer", NULL };
static const char *const group_roles[] = { "admin", "member", "none", NULL };
/* In the order of enum log_level. */
static const char *const log_levels[] = { "debug", "info", "warn", "error",
    NULL };

const struct cli_opt cli_opts[O_COUNT] = {
	[O_ORG] = { "org", CLI_STR },
	[O_DOMAIN] = { "domain", CLI_STR },
	[O_TOKEN] = { "token", CLI_STR },
	[O_TO] = { "to", CLI_STR },
	[O_MEMBER] = { "member", CLI_STR },
	[O_ROLE] = { "role", CLI_ENUM, .words = member_roles },
	[O_GROUP] = { "group", CLI_STR },
	[O_LABEL] = { "label", CLI_STR },
	[O_KEY] = { "key", CLI_STR },
	[O_TARGET] = { "target", CLI_STR },
	[O_ACTION] = { "action", CLI_STR },
	[O_SINCE] = { "since", CLI_STR },
	[O_UNTIL] = { "until", CLI_STR },
	[O_LIMIT] = { "limit", CLI_INT, .min = 1, .max = 10000, .dflt = 0 },
	[O_AFTER] = { "after", CLI_INT, .min = 0, .max = LONG_MAX, .dflt = 0 },
	[O_ALLOW] = { "allow-outside-members", CLI_ENUM, .words = bool_words,
	    .values = bool_values, .dflt = DOM_KEEP },
	[O_RATE] = { "removal-rate", CLI_INT, .min = 0, .max = 1000000,
	    .dflt = DOM_KEEP },
	[O_REVOKE] = { "revoke-api-keys-on-removal", CLI_ENUM,
	    .words = bool_words, .values = bool_values, .dflt = DOM_KEEP },
	[O_SEATS] = { "seat-limit", CLI_INT, .min = 0, .max = 10000000,
	    .none = "none", .dflt = DOM_KEEP },
	[O_SESSION_IDLE] = { "session-idle-hours", CLI_INT, .min = 1,
	    .max = 8760, .dflt = DOM_KEEP },
	[O_SESSION_MAX] = { "session-max-days", CLI_INT, .min = 1,
	    .max = 3650, .dflt = DOM_KEEP },
	[O_GROUP_ROLE] = { "role", CLI_ENUM, .words = group_roles },
	[O_NAME] = { "name", CLI_STR },
	[O_DOMAINS] = { "domain", CLI_LIST },
	[O_OWNER_EMAIL] = { "owner-email", CLI_STR },
	[O_OUTSIDE] = { "allow-outside-members", CLI_FLAG },
	[O_ADMIN] = { "admin", CLI_STR },
	[O_LISTEN] = { "listen", CLI_STR, .env = "SCIMD_LISTEN",
	    .sdflt = CLI_DEFAULT_LISTEN },
	[O_WORKERS] = { "workers", CLI_INT, .min = 1, .max = 256, .dflt = 8,
	    .env = "SCIMD_WORKERS" },
	[O_PUBLIC_URL] = { "public-url", CLI_URL, .env = "SCIMD_PUBLIC_URL" },
	[O_MAX_BODY] = { "max-body", CLI_INT, .min = 1024, .max = 1L << 30,
	    .dflt = 1L << 20, .env = "SCIMD_MAX_BODY" },
	[O_MAX_CONNECTIONS] = { "max-connections", CLI_INT, .min = 1,
	    .max = 1L << 20, .dflt = 1024, .env = "SCIMD_MAX_CONNECTIONS" },
	[O_READ_TIMEOUT] = { "read-timeout", CLI_INT, .min = 1, .max = 3600,
	    .dflt = 10, .env = "SCIMD_READ_TIMEOUT" },
	[O_DATABASE] = { "database", CLI_STR, .env = "SCIMD_DATABASE_URL" },
	[O_EMAILS] = { "email", CLI_LIST },
	[O_ID] = { "id", CLI_STR },
	[O_MAX_USES] = { "max-uses", CLI_INT, .min = 1, .max = 1000000000,
	    .dflt = -1 },
	[O_EXPIRES] = { "expires", CLI_STR },
	[O_ADMIT] = { "admit-outsiders", CLI_ENUM, .words = bool_words,
	    .values = bool_values, .dflt = DOM_KEEP },
	[O_TLS_CERT] = { "tls-cert", CLI_STR, .env = "SCIMD_TLS_CERT" },
	[O_TLS_KEY] = { "tls-key", CLI_STR, .env = "SCIMD_TLS_KEY" },
	[O_PLAIN_LISTEN] = { "plain-listen", CLI_STR,
	    .env = "SCIMD_PLAIN_LISTEN" },
	[O_METRICS_LISTEN] = { "metrics-listen", CLI_STR,
	    .env = "SCIMD_METRICS_LISTEN" },
	[O_LOG_LEVEL] = { "log-level", CLI_ENUM, .words = log_levels,
	    .dflt = LOG_LEVEL_INFO, .env = "SCIMD_LOG_LEVEL" },
	[O_RETENTION] = { "event-retention-days", CLI_INT, .min = 1,
	    .max = 36500, .dflt = 30, .env = "SCIMD_EVENT_RETENTION_DAYS" },
	[O_WEBHOOK_CA] = { "webhook-ca-file", CLI_STR,
	    .env = "SCIMD_WEBHOOK_CA_FILE" },
	[O_URL] = { "url", CLI_STR },
	[O_EVENTS] = { "events", CLI_STR },
	[O_INSECURE] = { "insecure-http", CLI_FLAG },
	[O_ENDPOINT] = { "endpoint", CLI_STR },
};

#define OPT(o)	CLI_OPT(o)
#define ORG_DOMAIN	(OPT(O_ORG) | OPT(O_DOMAIN))
#define SERVE_OPS	(OPT(O_TLS_CERT) | OPT(O_TLS_KEY) | OPT(O_PLAIN_LISTEN) | \
	OPT(O_METRICS_LISTEN) | OPT(O_LOG_LEVEL))
#define ORG_ENDPOINT	(OPT(O_ORG) | OPT(O_ENDPOINT))

/* Every subcommand. A group's entries stay together: its usage is theirs. */
const struct cli_cmd cli_cmds[] = {
	{ "serve", NULL, usage_serve, OPT(O_LISTEN) | OPT(O_WORKERS) |
	    OPT(O_PUBLIC_URL) | OPT(O_MAX_BODY) | OPT(O_MAX_CONNECTIONS) |
	    OPT(O_READ_TIMEOUT) | OPT(O_RETENTION) | OPT(O_WEBHOOK_CA) | SERVE_OPS, 0, 0,
	    cli_run_serve, NULL },
	{ "migrate", NULL, usage_migrate, 0, 0, 1, cli_run_migrate, NULL },
	{ "org", "create", usage_org_create, OPT(O_NAME) | OPT(O_DOMAINS) |
	    OPT(O_OWNER_EMAIL) | OPT(O_OUTSIDE), OPT(O_NAME), 1,
	    cli_run_org_create, "cannot create organization" },
	{ "org", "show", usage_org, OPT(O_ORG), OPT(O_ORG), 1,
	    cli_run_org_show, "cannot show organization" },
	{ "org", "policy", usage_org, OPT(O_ORG) | OPT(O_ALLOW) | OPT(O_RATE) |
	    OPT(O_REVOKE) | OPT(O_SEATS) | OPT(O_SESSION_IDLE) |
	    OPT(O_SESSION_MAX), OPT(O_ORG), 1,
	    cli_run_policy, "cannot change policy" },
	{ "token", "create", usage_token_create, OPT(O_ORG) | OPT(O_LABEL) |
	    OPT(O_ADMIN), OPT(O_ORG), 1,
	    cli_run_token_create, "cannot create token" },
	{ "token", "list", usage_token, OPT(O_ORG), OPT(O_ORG), 1,
	    cli_run_token_list, "cannot list tokens" },
	{ "token", "revoke", usage_token, OPT(O_ORG) | OPT(O_TOKEN),
	    OPT(O_ORG) | OPT(O_TOKEN), 1, cli_run_token_revoke,
	    "cannot revoke token" },
	{ "domain", "add", usage_domain, ORG_DOMAIN, ORG_DOMAIN, 1,
	    cli_run_domain, "cannot add domain" },
	{ "domain", "verify", usage_domain, ORG_DOMAIN, ORG_DOMAIN, 1,
	    cli_run_domain, "cannot verify domain" },
	{ "domain", "unverify", usage_domain, ORG_DOMAIN, ORG_DOMAIN, 1,
	    cli_run_domain, "cannot unverify domain" },
	{ "domain", "jit-on", usage_domain, ORG_DOMAIN, ORG_DOMAIN, 1,
	    cli_run_domain, "cannot turn JIT on" },
	{ "domain", "jit-off", usage_domain, ORG_DOMAIN, ORG_DOMAIN, 1,
	    cli_run_domain, "cannot turn JIT off" },
	{ "domain", "remove", usage_domain, ORG_DOMAIN, ORG_DOMAIN, 1,
	    cli_run_domain_remove, "cannot remove domain" },
	{ "sso-secret", "rotate", usage_sso, OPT(O_ORG), OPT(O_ORG), 1,
	    cli_run_sso_rotate, "cannot rotate the SSO secret" },
	{ "ownership", "transfer", usage_ownership, OPT(O_ORG) | OPT(O_TO),
	    OPT(O_ORG) | OPT(O_TO), 1, cli_run_ownership,
	    "cannot transfer ownership" },
	{ "member", "role", usage_member, OPT(O_ORG) | OPT(O_MEMBER) |
	    OPT(O_ROLE), OPT(O_ORG) | OPT(O_MEMBER) | OPT(O_ROLE), 1,
	    cli_run_member_role, "cannot change role" },
	{ "group", "role", usage_group, OPT(O_ORG) | OPT(O_GROUP) |
	    OPT(O_GROUP_ROLE), OPT(O_ORG) | OPT(O_GROUP) | OPT(O_GROUP_ROLE), 1,
	    cli_run_group_role, "cannot change group role" },
	{ "apikey", "create", usage_apikey, OPT(O_ORG) | OPT(O_MEMBER) |
	    OPT(O_LABEL), OPT(O_ORG) | OPT(O_MEMBER), 1, cli_run_key_create,
	    "cannot create API key" },
	{ "apikey", "list", usage_apikey, OPT(O_ORG), OPT(O_ORG), 1,
	    cli_run_key_list, "cannot list API keys" },
	{ "apikey", "revoke", usage_apikey, OPT(O_ORG) | OPT(O_KEY),
	    OPT(O_ORG) | OPT(O_KEY), 1, cli_run_key_revoke,
	    "cannot revoke API key" },
	{ "seats", NULL, usage_seats, OPT(O_ORG), OPT(O_ORG), 1,
	    cli_run_seats, "cannot count seats" },
	{ "audit", NULL, usage_audit, OPT(O_ORG) | OPT(O_TARGET) |
	    OPT(O_ACTION) | OPT(O_SINCE) | OPT(O_UNTIL) | OPT(O_LIMIT),
	    OPT(O_ORG), 1, cli_run_audit, "cannot read the audit log" },
	{ "events", "tail", usage_events, OPT(O_ORG) | OPT(O_AFTER) |
	    OPT(O_LIMIT), OPT(O_ORG), 1, cli_run_events_tail,
	    "cannot read events" },
	{ "operator-token", "create", usage_operator, OPT(O_LABEL), 0, 1,
	    cli_run_operator_token, "cannot create operator token" },
	{ "invite", "create", usage_invite, OPT(O_ORG) | OPT(O_EMAILS) |
	    OPT(O_ROLE) | OPT(O_MEMBER) | OPT(O_PUBLIC_URL),
	    OPT(O_ORG) | OPT(O_EMAILS), 1, cli_run_invite_create,
	    "cannot invite" },
	{ "invite", "list", usage_invite, OPT(O_ORG), OPT(O_ORG), 1,
	    cli_run_invite_list, "cannot list invitations" },
	{ "invite", "cancel", usage_invite, OPT(O_ORG) | OPT(O_ID),
	    OPT(O_ORG) | OPT(O_ID), 1, cli_run_invite_cancel,
	    "cannot cancel invitation" },
	{ "invite", "resend", usage_invite, OPT(O_ORG) | OPT(O_ID) |
	    OPT(O_ROLE) | OPT(O_PUBLIC_URL), OPT(O_ORG) | OPT(O_ID), 1,
	    cli_run_invite_resend, "cannot re-invite" },
	{ "invite", "policy", usage_invite, OPT(O_ORG) | OPT(O_ADMIT),
	    OPT(O_ORG) | OPT(O_ADMIT), 1, cli_run_invite_policy,
	    "cannot change the invitation policy" },
	{ "invite-link", "create", usage_link, OPT(O_ORG) | OPT(O_ROLE) |
	    OPT(O_DOMAINS) | OPT(O_MAX_USES) | OPT(O_EXPIRES) | OPT(O_MEMBER) |
	    OPT(O_PUBLIC_URL), OPT(O_ORG), 1, cli_run_link_create,
	    "cannot create invite link" },
	{ "invite-link", "list", usage_link, OPT(O_ORG), OPT(O_ORG), 1,
	    cli_run_link_list, "cannot list invite links" },
	{ "invite-link", "revoke", usage_link, OPT(O_ORG) | OPT(O_ID),
	    OPT(O_ORG) | OPT(O_ID), 1, cli_run_link_revoke,
	    "cannot revoke invite link" },
	{ "webhook", "add", usage_webhook, OPT(O_ORG) | OPT(O_URL) |
	    OPT(O_EVENTS) | OPT(O_INSECURE), OPT(O_ORG) | OPT(O_URL), 1,
	    cli_run_webhook_add, "cannot add webhook" },
	{ "webhook", "list", usage_webhook, OPT(O_ORG), OPT(O_ORG), 1,
	    cli_run_webhook_list, "cannot list webhooks" },
	{ "webhook", "remove", usage_webhook, ORG_ENDPOINT, ORG_ENDPOINT, 1,
	    cli_run_webhook_remove, "cannot remove webhook" },
	{ "webhook", "rotate-secret", usage_webhook, ORG_ENDPOINT,
	    ORG_ENDPOINT, 1, cli_run_webhook_rotate, "cannot rotate secret" },
	{ "webhook", "replay", usage_webhook, ORG_ENDPOINT | OPT(O_SINCE),
	    ORG_ENDPOINT | OPT(O_SINCE), 1, cli_run_webhook_replay,
	    "cannot replay" },
	{ "webhook", "deliveries", usage_webhook, ORG_ENDPOINT | OPT(O_LIMIT),
	    ORG_ENDPOINT, 1, cli_run_webhook_deliveries,
	    "cannot list deliveries" },
};

const size_t	cli_ncmds = sizeof(cli_cmds) / sizeof(cli_cmds[0]);

void
cli_args_derive(struct cli_args *a)
{
	const char	*grole = a->v[O_GROUP_ROLE];

	a->allow = (int)a->n[O_ALLOW];
	a->rate = (int)a->n[O_RATE];
	a->session_idle = (int)a->n[O_SESSION_IDLE];
	a->session_max = (int)a->n[O_SESSION_MAX];
	a->revoke = (int)a->n[O_REVOKE];
	a->seats = (int)a->n[O_SEATS];
	a->limit = a->n[O_LIMIT];
	a->role = a->v[O_ROLE];
	/* A group that grants no role is the domain's NULL. */
	if (grole != NULL && strcmp(grole, "none") != 0)
		a->role = grole;
}
