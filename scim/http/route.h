/* SPDX-License-Identifier: MIT */
/*
 * scim/http/route.h
 *
 * The route table and the router over it: which handler answers a method
 * and path, what authenticates it, and where it runs. The table itself is
 * in scim/http/routes.c; the matching, authentication and error rendering
 * in scim/http/route.c.
 */
#ifndef SCIMD_ROUTE_H
#define SCIMD_ROUTE_H

#include "domain/base/arena.h"
#include "domain/base/schema.h"
#include "scim/http/call.h"
#include "scim/http/http.h"

struct db_conn;

/* Who may call a route, checked on the worker before the handler runs. */
enum scim_auth {
	SCIM_AUTH_NONE,		/* anyone: probes and discovery */
	SCIM_AUTH_SCIM,		/* a SCIM bearer token; sets call->actor */
	SCIM_AUTH_OPERATOR,	/* an operator token (/admin/v1) */
	/*
	 * The bearer is the org's SSO secret, or a session token. Both are
	 * checked by the handler's domain call, in the same transaction as
	 * the sign-in; the router only requires that one was sent.
	 */
	SCIM_AUTH_SSO_SECRET,
	SCIM_AUTH_SSO_SESSION
};

/* Route flags. */
#define SCIM_ROUTE_INLINE	0x1	/* answered on the I/O thread, no database */
#define SCIM_ROUTE_HEAD		0x2	/* HEAD is answered by the GET handler */
#define SCIM_ROUTE_ANY		0x4	/* the GET handler answers every method */
#define SCIM_ROUTE_BULK		0x8	/* its writes can be /Bulk operations */

/*
 * One endpoint. `path` is a template of '/'-separated segments: a fixed
 * segment matches case-insensitively (some clients send /users), a
 * "{name}" segment any non-empty segment, passed through as sent: "{org}"
 * into call->org, any other into call->id. Trailing slashes of a request
 * path are ignored. The first entry that matches wins, so a fixed
 * segment goes before a parameter in the same place (/Users/.search
 * before /Users/{id}).
 */
struct scim_route_def {
	const char		*path;
	const char		*name;		/* the request log's route */
	enum scim_auth		 auth;
	unsigned		 flags;
	/* The type the query's attributes/excludedAttributes name (SCIM). */
	const struct schema_rtype *rt;
	/* By method, GET to DELETE; NULL: 405 with the others in Allow. */
	scim_handler		 fn[SCIM_HEAD];
};

/* The table, in match order; *n is its length. */
const struct scim_route_def *scim_route_table(size_t *n);

/*
 * The route `path` matches, or NULL (404). Its parameters are copied
 * into `a` and returned in *org and *id (NULL when the template has none).
 */
const struct scim_route_def *scim_route_find(const char **org, const char **id,
	    struct arena *a, const char *path);

/* The handler of route r for method m, or NULL when r does not allow m. */
scim_handler	scim_route_handler(const struct scim_route_def *r,
		    enum scim_method m);

/* The methods r allows, as the Allow header lists them ("GET, POST"). */
void	scim_route_allow(char *buf, size_t cap, const struct scim_route_def *r);

/*
 * The credential of an Authorization header "Bearer <token>" (scheme in
 * any case), spaces around it trimmed: *token points into h, *len bytes.
 * -1 when h is NULL, another scheme, or the credential is empty.
 */
int	scim_bearer(const char **token, size_t *len, const char *h);

/*
 * Answers on the I/O thread what needs no database: oversized bodies
 * (413), unknown paths (404), methods a route does not allow (405 with
 * Allow), and SCIM_ROUTE_INLINE routes. Sets resp->route. Returns 1 when
 * it answered, else 0 and the request goes to a worker.
 */
int	scim_route_inline(struct scim_resp *, struct scim_req *,
	    const struct scim_config *);

/*
 * Runs a request on a worker: authenticates it as its route says (401
 * without a bearer token; 503 while c is NULL), runs the handler and
 * renders its error, if any. c is the worker's connection.
 */
void	scim_route(struct scim_resp *, struct scim_req *, struct db_conn *c,
	    const struct scim_config *);

#endif
