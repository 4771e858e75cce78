/* SPDX-License-Identifier: MIT */
/*
 * scim/http/http.h
 *
 * The request and response as handlers see them: plain structs copied
 * off the evhttp request on the I/O thread, so a worker never touches
 * libevent's objects. Everything hangs off the request arena except the
 * response body, which is malloc'ed (the I/O thread sends then frees it).
 */
#ifndef SCIMD_HTTP_H
#define SCIMD_HTTP_H

#include <stddef.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"

enum scim_method { SCIM_GET, SCIM_POST, SCIM_PUT, SCIM_PATCH, SCIM_DELETE,
	SCIM_HEAD, SCIM_OTHER };

#define SCIM_RESP_MAX_HEADERS	8
/* A client's X-Request-Id longer than this is replaced by our own. */
#define SCIM_REQUEST_ID_MAX	64

struct scim_config {
	const char	*database_url;
	const char	*listen;
	const char	*public_url;	/* NULL: from the listen address */
	int		 workers;
	long		 max_body;	/* bytes */
	int		 statement_timeout_ms;
	/* TLS on `listen` when both are set (PEM; the cert may be a chain). */
	const char	*tls_cert;
	const char	*tls_key;
	const char	*plain_listen;	/* plain HTTP beside TLS, or NULL */
	const char	*metrics_listen;	/* /metrics without a token, or NULL */
	int		 max_connections;
	int		 read_timeout_s;	/* to send a request's head */
	/*
	 * Called once, on the server's thread, when SIGTERM or SIGINT starts
	 * the drain (or NULL): work beside the server stops taking new work.
	 */
	void		(*on_stop)(void *arg);
	void		*on_stop_arg;
};

struct scim_req {
	enum scim_method method;
	const char	*method_name;
	const char	*path;		/* decoded path, no query */
	const char	*query;		/* raw query string or NULL */
	const char	*authorization;
	const char	*content_type;
	const char	*if_match;
	const char	*if_none_match;
	const char	*base_url;	/* e.g. https://host/scim/v2 */
	const char	*body;		/* NUL-terminated; NULL when empty */
	size_t		 body_len;
	char		 request_id[SCIM_REQUEST_ID_MAX + 1];
	struct arena	 arena;
};

struct scim_resp {
	int		 status;
	char		*body;		/* malloc'ed, or NULL */
	size_t		 body_len;
	int		 nheaders;
	const char	*hname[SCIM_RESP_MAX_HEADERS];
	const char	*hvalue[SCIM_RESP_MAX_HEADERS];	/* arena strings */
	/* For the request log line; never attribute values. */
	const char	*route;
	const char	*org_id;
};

/* Adds a response header (name and value are copied into the arena). */
void	scim_resp_header(struct scim_resp *, struct arena *, const char *name,
	    const char *value);

#endif
