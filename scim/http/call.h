/* SPDX-License-Identifier: MIT */
/*
 * scim/http/call.h
 *
 * The context every endpoint handler gets from the route table
 * (scim/http/routes.c), and the one handler signature. It sits below the
 * router and every handler folder so that neither includes the other:
 * what a handler needs from the router (running a /Bulk operation) is a
 * function pointer here, not a call into scim/http.
 *
 * Everything in a call is borrowed from the router and valid until the
 * handler returns, except `body`, which the handler may set and the
 * router deletes.
 */
#ifndef SCIMD_CALL_H
#define SCIMD_CALL_H

#include <stddef.h>

#include "domain/base/err.h"
#include "scim/http/http.h"

struct cJSON;
struct db_conn;
struct dom_actor;
struct scim_projection;

struct scim_call {
	struct scim_resp		*resp;
	struct scim_req			*req;
	const struct scim_config	*cfg;
	struct db_conn			*conn;	/* NULL on the I/O thread */
	/* The SCIM token's org and creator; NULL unless SCIM_AUTH_SCIM. */
	const struct dom_actor		*actor;
	/*
	 * attributes/excludedAttributes of the query string, parsed before
	 * the handler runs so that a bad one is refused before any write.
	 * Never NULL; empty unless SCIM_AUTH_SCIM.
	 */
	const struct scim_projection	*proj;
	const char			*org;	/* the path's {org}, or NULL */
	const char			*id;	/* its other parameter, or NULL */
	/* The bearer credential as sent (SSO routes check it themselves). */
	const char			*token;
	size_t				 token_len;
	struct cJSON			*body;	/* a handler's parsed body */
	/*
	 * Runs `sub` (its req holds method, path, body and If-Match; resp,
	 * actor and proj are the caller's) through the route table as one
	 * operation of a bulk request. Only writes on /Users and /Groups
	 * resolve; anything else is 400 invalidValue. Returns 0 with
	 * sub->resp filled, or -1 with err set and sub->resp untouched.
	 */
	int				(*subrequest)(struct scim_call *sub,
					    struct err *err);
};

/*
 * An endpoint: fills call->resp and returns 0, or returns -1 with err set
 * (and the response untouched); the router then renders the error once.
 */
typedef int (*scim_handler)(struct scim_call *, struct err *);

#endif
