/* SPDX-License-Identifier: MIT */
/*
 * scim/main.c
 *
 * The composition root and command line: `scimd serve|migrate|org|token`
 * here, the operator subcommands in scim/cli/cli_admin.c. The one file that
 * reaches past domain/ into storage/ (to connect and migrate).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "domain/base/arena.h"
#include "domain/base/log.h"
#include "domain/org.h"
#include "scim/cli/cli.h"
#include "scim/http/server.h"
#include "storage/db.h"

#define DEFAULT_LISTEN		"127.0.0.1:8080"
#define DEFAULT_MAX_BODY	(1L << 20)

static const char usage_main[] =
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
    "  operator-token create\n"
    "                 create a token for the /admin/v1 API\n"
    "\n"
    "Run `scimd <command> --help` for a command's options.\n"
    "The database URL comes from --database or SCIMD_DATABASE_URL.\n";

static const char usage_serve[] =
    "usage: scimd serve [--listen HOST:PORT] [--database URL] [--workers N]\n"
    "                   [--public-url URL] [--max-body BYTES]\n"
    "\n"
    "  --listen HOST:PORT  address to listen on (SCIMD_LISTEN; default "
    DEFAULT_LISTEN ")\n"
    "  --database URL      PostgreSQL URL (SCIMD_DATABASE_URL)\n"
    "  --workers N         database workers, one connection each (default 8)\n"
    "  --public-url URL    external base URL, e.g. https://scim.example.com,\n"
    "                      used in meta.location (default: from the Host header)\n"
    "  --max-body BYTES    largest request body accepted (default 1048576)\n"
    "\n"
    "Migrates the database, then serves until SIGTERM or SIGINT.\n";

static const char usage_migrate[] =
    "usage: scimd migrate [--database URL]\n"
    "\n"
    "Applies pending migrations. Safe to run again and concurrently.\n";

static const char usage_org[] =
    "usage: scimd org create --name NAME [--domain DOMAIN]... "
    "[--owner-email EMAIL]\n"
    "                        [--allow-outside-members] [--database URL]\n"
    "\n"
    "Creates an organization and prints its id. Each --domain is added as a\n"
    "verified domain; --owner-email creates the Owner member. Members must\n"
    "have an address in a verified domain unless --allow-outside-members.\n"
    "\n"
    "See also `scimd org show --help` and `scimd org policy --help`.\n";

static const char usage_token[] =
    "usage: scimd token create --org ORG_ID [--label TEXT] [--admin USERNAME]\n"
    "                          [--database URL]\n"
    "\n"
    "Creates a SCIM bearer token and prints it once; only its SHA-256 hash is\n"
    "stored. --admin records the admin member on whose behalf it is created.\n"
    "\n"
    "See also `scimd token list --help` and `scimd token revoke --help`.\n";

static const char *
env_or(const char *flag, const char *env)
{
	const char	*v = getenv(env);

	return flag != NULL ? flag : (v != NULL && v[0] != '\0' ? v : NULL);
}

static struct db_conn *
connect_db(const char *url)
{
	struct err	 err = { 0 };
	struct db_conn	*c;

	if (url == NULL) {
		fprintf(stderr, "scimd: no database: set SCIMD_DATABASE_URL or "
		    "pass --database URL\n");
		return NULL;
	}
	c = db_connect(url, "scimd-cli", 0, &err);
	if (c == NULL)
		fprintf(stderr, "scimd: cannot connect to the database\n");
	return c;
}

static int
migrate(struct db_conn *c)
{
	struct err	err = { 0 };
	int		n;

	if (db_migrate(c, &n, &err) == -1) {
		fprintf(stderr, "scimd: migration failed: %s\n", err.detail);
		return -1;
	}
	return n;
}

struct db_conn *
scim_cli_db_open(const char *url)
{
	struct db_conn	*c;

	if ((c = connect_db(env_or(url, "SCIMD_DATABASE_URL"))) == NULL)
		return NULL;
	if (migrate(c) == -1) {
		db_close(c);
		return NULL;
	}
	return c;
}

void
scim_cli_db_close(struct db_conn *c)
{
	db_close(c);
}

/*
 * A server worker's connection: connected before its first request, so
 * that request does not pay for it; it reconnects by itself after
 * failures (db_conn_lazy).
 */
static struct db_conn *
worker_open(void *arg)
{
	const struct scim_config	*cfg = arg;
	struct db_conn			*c;
	struct err			 err = { 0 };

	c = db_conn_lazy(cfg->database_url, "scimd", cfg->statement_timeout_ms);
	(void)db_ensure(c, &err);
	return c;
}

static void
worker_close(struct db_conn *c, void *arg)
{
	(void)arg;
	db_close(c);
}

static int
parse_long(long *out, const char *s, long min, long max)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int
cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "database", required_argument, NULL, 'd' },
		{ "workers", required_argument, NULL, 'w' },
		{ "public-url", required_argument, NULL, 'p' },
		{ "max-body", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct scim_config	 cfg = { 0 };
	struct scim_worker_db	 workers = { worker_open, worker_close, &cfg };
	struct db_conn		*c;
	const char		*listen = NULL, *db = NULL;
	char			*pub = NULL;
	long			 v;
	int			 ch, rc;

	cfg.workers = 8;
	cfg.max_body = DEFAULT_MAX_BODY;
	cfg.statement_timeout_ms = 30000;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'l': listen = optarg; break;
		case 'd': db = optarg; break;
		case 'p': pub = optarg; break;
		case 'w':
			if (parse_long(&v, optarg, 1, 256) == -1)
				return scim_cli_usage_error(usage_serve,
				    "--workers must be 1..256, not \"%s\"", optarg);
			cfg.workers = (int)v;
			break;
		case 'm':
			if (parse_long(&v, optarg, 1024, 1L << 30) == -1)
				return scim_cli_usage_error(usage_serve,
				    "--max-body must be 1024..1073741824, not \"%s\"",
				    optarg);
			cfg.max_body = v;
			break;
		case 'h': fputs(usage_serve, stdout); return 0;
		default: fputs(usage_serve, stderr); return 2;
		}
	}
	if (optind < argc)
		return scim_cli_usage_error(usage_serve, "unexpected argument \"%s\"",
		    argv[optind]);
	cfg.listen = env_or(listen, "SCIMD_LISTEN");
	if (cfg.listen == NULL)
		cfg.listen = DEFAULT_LISTEN;
	cfg.database_url = env_or(db, "SCIMD_DATABASE_URL");
	if (pub != NULL) {
		size_t	n = strlen(pub);

		while (n > 0 && pub[n - 1] == '/')
			pub[--n] = '\0';
		if (strncmp(pub, "http://", 7) != 0 && strncmp(pub, "https://", 8) != 0)
			return scim_cli_usage_error(usage_serve,
			    "--public-url must start with http:// or https://, not \"%s\"",
			    pub);
		cfg.public_url = pub;
	}
	if ((c = connect_db(cfg.database_url)) == NULL)
		return 1;
	rc = migrate(c);
	db_close(c);
	if (rc == -1)
		return 1;
	return scim_server_run(&cfg, &workers);
}

static int
cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "database", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct db_conn	*c;
	const char	*db = NULL;
	int		 ch, n;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': db = optarg; break;
		case 'h': fputs(usage_migrate, stdout); return 0;
		default: fputs(usage_migrate, stderr); return 2;
		}
	}
	if (optind < argc)
		return scim_cli_usage_error(usage_migrate, "unexpected argument \"%s\"",
		    argv[optind]);
	if ((c = connect_db(env_or(db, "SCIMD_DATABASE_URL"))) == NULL)
		return 1;
	n = migrate(c);
	db_close(c);
	if (n == -1)
		return 1;
	fprintf(stderr, "scimd: %d migration(s) applied\n", n);
	return 0;
}

static int
cmd_org(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "domain", required_argument, NULL, 'D' },
		{ "owner-email", required_argument, NULL, 'o' },
		{ "allow-outside-members", no_argument, NULL, 'x' },
		{ "database", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct arena	 a = { 0 };
	struct err	 err = { 0 };
	struct db_conn	*c = NULL;
	const char	*name = NULL, *owner = NULL, *db = NULL, *id;
	const char	**domains = NULL;
	size_t		 nd = 0;
	int		 ch, rc = 1, outside = 0;

	if (argc < 2 || strcmp(argv[1], "create") != 0) {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
		    strcmp(argv[1], "-h") == 0)) {
			fputs(usage_org, stdout);
			return 0;
		}
		return scim_cli_usage_error(usage_org, "unknown org command \"%s\"",
		    argc >= 2 ? argv[1] : "");
	}
	argc--;
	argv++;
	domains = xcalloc((size_t)argc, sizeof(*domains));
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'n': name = optarg; break;
		case 'D': domains[nd++] = optarg; break;
		case 'o': owner = optarg; break;
		case 'x': outside = 1; break;
		case 'd': db = optarg; break;
		case 'h': fputs(usage_org, stdout); rc = 0; goto out;
		default: fputs(usage_org, stderr); rc = 2; goto out;
		}
	}
	if (name == NULL) {
		rc = scim_cli_usage_error(usage_org, "%s", "--name is required");
		goto out;
	}
	if ((c = connect_db(env_or(db, "SCIMD_DATABASE_URL"))) == NULL ||
	    migrate(c) == -1)
		goto out;
	if (dom_org_create(&id, c, &a, name, domains, nd, owner, outside,
	    &err) == -1) {
		fprintf(stderr, "scimd: cannot create organization: %s\n", err.detail);
		goto out;
	}
	printf("%s\n", id);
	rc = 0;
out:
	db_close(c);
	free(domains);
	arena_free(&a);
	return rc;
}

static int
cmd_token(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "org", required_argument, NULL, 'o' },
		{ "label", required_argument, NULL, 'l' },
		{ "admin", required_argument, NULL, 'a' },
		{ "database", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct arena	 a = { 0 };
	struct err	 err = { 0 };
	struct db_conn	*c = NULL;
	const char	*org = NULL, *label = NULL, *admin = NULL, *db = NULL, *tok;
	const char	*tok_id;
	int		 ch, rc = 1;

	if (argc < 2 || strcmp(argv[1], "create") != 0) {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
		    strcmp(argv[1], "-h") == 0)) {
			fputs(usage_token, stdout);
			return 0;
		}
		return scim_cli_usage_error(usage_token, "unknown token command \"%s\"",
		    argc >= 2 ? argv[1] : "");
	}
	argc--;
	argv++;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'o': org = optarg; break;
		case 'l': label = optarg; break;
		case 'a': admin = optarg; break;
		case 'd': db = optarg; break;
		case 'h': fputs(usage_token, stdout); return 0;
		default: fputs(usage_token, stderr); return 2;
		}
	}
	if (org == NULL)
		return scim_cli_usage_error(usage_token, "%s", "--org is required");
	if ((c = connect_db(env_or(db, "SCIMD_DATABASE_URL"))) == NULL ||
	    migrate(c) == -1)
		goto out;
	if (dom_token_create(&tok, &tok_id, c, &a, org, label, admin,
	    &err) == -1) {
		fprintf(stderr, "scimd: cannot create token: %s\n", err.detail);
		goto out;
	}
	printf("%s\n", tok);
	rc = 0;
out:
	db_close(c);
	arena_free(&a);
	return rc;
}

int
main(int argc, char **argv)
{
	cJSON_Hooks	hooks = { xmalloc, free };

	/* A NULL from cJSON then always means bad input, never OOM. */
	cJSON_InitHooks(&hooks);
	if (argc < 2) {
		fputs(usage_main, stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage_main, stdout);
		return 0;
	}
	if (strcmp(argv[1], "serve") == 0)
		return cmd_serve(argc - 1, argv + 1);
	if (strcmp(argv[1], "migrate") == 0)
		return cmd_migrate(argc - 1, argv + 1);
	/* Before org and token: `org show`, `token list` and the like. */
	if (scim_cli_admin_handles(argc - 1, argv + 1))
		return scim_cli_admin(argc - 1, argv + 1);
	if (strcmp(argv[1], "org") == 0)
		return cmd_org(argc - 1, argv + 1);
	if (strcmp(argv[1], "token") == 0)
		return cmd_token(argc - 1, argv + 1);
	return scim_cli_usage_error(usage_main, "unknown command \"%s\"", argv[1]);
}
