/* SPDX-License-Identifier: MIT */
/*
 * scim/http/server.h
 *
 * The process: an evhttp I/O thread that never blocks, a pool of
 * workers each owning one PostgreSQL connection, and graceful shutdown.
 */
#ifndef SCIMD_SERVER_H
#define SCIMD_SERVER_H

#include "scim/http/http.h"

struct db_conn;

/*
 * How a worker gets its database connection. The composition root
 * (scim/main.c) fills it, so the server never reaches storage/.
 */
struct scim_worker_db {
	/*
	 * Called on each worker thread before its first request. Returns
	 * the connection the worker passes to every request (owned: given
	 * back to close). A NULL one makes every request that needs the
	 * database answer 503.
	 */
	struct db_conn	*(*open)(void *arg);
	/* Called on the worker thread as it exits; c may be NULL. */
	void		 (*close)(struct db_conn *c, void *arg);
	void		*arg;
};

/*
 * Serves until SIGTERM or SIGINT, then stops accepting, finishes the
 * requests in flight and returns 0. Returns 1 when it cannot start
 * (bad listen address, port taken), with the reason logged.
 */
int	scim_server_run(const struct scim_config *cfg,
	    const struct scim_worker_db *db);

#endif
