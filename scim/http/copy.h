/* SPDX-License-Identifier: MIT */
/*
 * scim/http/copy.h
 *
 * Copying an evhttp request on the I/O thread (copy.c). Strings go to the
 * request's arena.
 */
#ifndef SCIMD_COPY_H
#define SCIMD_COPY_H

#include "domain/base/err.h"
#include "scim/http/http.h"

struct evhttp_request;

/*
 * Copies method, decoded path, query, the headers handlers read, the
 * base URL and the body (when within --max-body) of r into q. -1 with
 * err set (400 invalidValue) when the decoded path or a query parameter
 * holds a NUL.
 */
int	scim_http_copy(struct scim_req *q, struct evhttp_request *r,
	    const struct scim_config *cfg, struct err *err);

/* The client's X-Request-Id when plain and short enough, else a new one. */
void	scim_http_request_id(char out[SCIM_REQUEST_ID_MAX + 1],
	    struct evhttp_request *req);

#endif
