/* SPDX-License-Identifier: MIT */
/*
 * scim/main.c
 *
 * The composition root: hands the command line (scim/cli/) what needs
 * storage and the HTTP server, opening the database, migrating it, and
 * running the server. The one file that reaches past domain/ into
 * storage/. Not for parsing options: every subcommand is in scim/cli/.
 */
#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "domain/base/arena.h"
#include "scim/cli/cli.h"
#include "scim/http/server.h"
#include "scim/webhook/webhook.h"
#include "storage/db.h"

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

/* struct scim_cli_host.db_open */
static struct db_conn *
db_open(int *applied, const char *url)
{
	struct db_conn	*c;

	if ((c = connect_db(url)) == NULL)
		return NULL;
	if ((*applied = migrate(c)) == -1) {
		db_close(c);
		return NULL;
	}
	return c;
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

/* struct scim_cli_host.serve */
static int
serve(const struct scim_cli_serve *opt)
{
	struct scim_config	 cfg = { 0 };
	struct scim_worker_db	 workers = { worker_open, worker_close, &cfg };
	struct scim_webhook_config wcfg = { opt->event_retention_days,
	    opt->webhook_ca_file };
	struct scim_webhooks	*hooks;
	struct db_conn		*c;
	int			 rc;

	cfg.listen = opt->listen;
	cfg.database_url = opt->database;
	cfg.public_url = opt->public_url;
	cfg.workers = opt->workers;
	cfg.max_body = opt->max_body;
	cfg.tls_cert = opt->tls_cert;
	cfg.tls_key = opt->tls_key;
	cfg.plain_listen = opt->plain_listen;
	cfg.metrics_listen = opt->metrics_listen;
	cfg.max_connections = opt->max_connections;
	cfg.read_timeout_s = opt->read_timeout_s;
	cfg.statement_timeout_ms = 30000;
	if ((c = connect_db(cfg.database_url)) == NULL)
		return 1;
	rc = migrate(c);
	db_close(c);
	if (rc == -1)
		return 1;
	/* Webhook delivery runs beside the server, on its own connection. */
	if ((hooks = scim_webhooks_start(&wcfg, &workers)) == NULL)
		return 1;
	/* At SIGTERM deliveries stop first: a kill that follows a slow drain
	 * would otherwise leave their leases to run out. */
	cfg.on_stop = scim_webhooks_halt;
	cfg.on_stop_arg = hooks;
	rc = scim_server_run(&cfg, &workers);
	scim_webhooks_stop(hooks);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct scim_cli_host	host = {
		db_open, db_close, serve
	};
	cJSON_Hooks	hooks = { xmalloc, free };

	/* A NULL from cJSON then always means bad input, never OOM. */
	cJSON_InitHooks(&hooks);
	return scim_cli_main(&host, argc, argv);
}
