/* SPDX-License-Identifier: MIT */
/*
 * scim/http/route.h
 *
 * Request dispatch: which handler answers a method and path, and the
 * common steps before it (authentication, body limits).
 */
#ifndef SCIMD_ROUTE_H
#define SCIMD_ROUTE_H

#include "scim/http/http.h"

struct db_conn;

/*
 * Answers what needs no database on the I/O thread (health, discovery,
 * unknown routes, oversized bodies). Returns 1 when it answered, else 0
 * and the request goes to a worker.
 */
int	scim_route_inline(struct scim_resp *, struct scim_req *,
	    const struct scim_config *);

/* Runs on a worker; c is NULL while the database is unreachable. */
void	scim_route(struct scim_resp *, struct scim_req *, struct db_conn *c,
	    const struct scim_config *);

struct scim_call;

/*
 * Runs one operation of a bulk request (its req holds method, path, body
 * and If-Match) with the bulk request's authentication; fills call->resp
 * as any request would be answered. Only writes on /Users and /Groups.
 */
void	scim_route_subrequest(struct scim_call *call);

#endif
