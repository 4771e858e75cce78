/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/cli_run.c
 *
 * The actions of `serve`, `migrate`, `org create` and `token create`. The
 * first two hand over to the composition root (struct scim_cli_host); the
 * operator subcommands' actions are in scim/cli/cli_admin_run.c.
 */
#include <stdio.h>

#include "domain/base/log.h"
#include "domain/org.h"
#include "scim/cli/cli_int.h"

/* The server logs why it could not start; nothing is added here. */
int
cli_run_serve(struct cli_args *a, struct err *err)
{
	struct scim_cli_serve	s;

	(void)err;
	if ((a->v[O_TLS_CERT] == NULL) != (a->v[O_TLS_KEY] == NULL)) {
		fprintf(stderr, "scimd: --tls-cert and --tls-key go together\n");
		return -1;
	}
	if (a->v[O_PLAIN_LISTEN] != NULL && a->v[O_TLS_CERT] == NULL) {
		fprintf(stderr, "scimd: --plain-listen is for use with TLS; "
		    "without it --listen is plain HTTP\n");
		return -1;
	}
	log_set_level((enum log_level)a->n[O_LOG_LEVEL]);
	s.listen = a->v[O_LISTEN];
	s.database = a->v[O_DATABASE];
	s.public_url = a->v[O_PUBLIC_URL];
	s.workers = (int)a->n[O_WORKERS];
	s.max_body = a->n[O_MAX_BODY];
	s.tls_cert = a->v[O_TLS_CERT];
	s.tls_key = a->v[O_TLS_KEY];
	s.plain_listen = a->v[O_PLAIN_LISTEN];
	s.metrics_listen = a->v[O_METRICS_LISTEN];
	s.max_connections = (int)a->n[O_MAX_CONNECTIONS];
	s.read_timeout_s = (int)a->n[O_READ_TIMEOUT];
	s.event_retention_days = (int)a->n[O_RETENTION];
	s.webhook_ca_file = a->v[O_WEBHOOK_CA];
	return a->host->serve(&s) == 0 ? 0 : -1;
}

/* Opening the database applied the migrations; this only reports them. */
int
cli_run_migrate(struct cli_args *a, struct err *err)
{
	(void)err;
	fprintf(stderr, "scimd: %d migration(s) applied\n", a->migrated);
	return 0;
}

int
cli_run_org_create(struct cli_args *a, struct err *err)
{
	const char	*id;

	if (dom_org_create(&id, a->conn, &a->arena, a->v[O_NAME], a->list,
	    a->nlist, a->v[O_OWNER_EMAIL], (int)a->n[O_OUTSIDE], err) == -1)
		return -1;
	printf("%s\n", id);
	return 0;
}

int
cli_run_token_create(struct cli_args *a, struct err *err)
{
	const char	*token, *id;

	if (dom_token_create(&token, &id, a->conn, &a->arena, a->v[O_ORG],
	    a->v[O_LABEL], a->v[O_ADMIN], err) == -1)
		return -1;
	printf("%s\n", token);
	return 0;
}
