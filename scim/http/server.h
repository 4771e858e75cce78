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

/*
 * Serves until SIGTERM or SIGINT, then stops accepting, finishes the
 * requests in flight and returns 0. Returns 1 when it cannot start
 * (bad listen address, port taken), with the reason logged.
 */
int	scim_server_run(const struct scim_config *cfg);

#endif
