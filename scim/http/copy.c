/* SPDX-License-Identifier: MIT */
/*
 * scim/http/copy.c
 *
 * The I/O thread's copy of an evhttp request into the plain struct
 * scim_req that workers see, so no libevent object crosses threads.
 */
#include "scim/http/copy.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "scim/http/request.h"

static enum scim_method
method_of(struct evhttp_request *r, const char **name)
{
	switch (evhttp_request_get_command(r)) {
	case EVHTTP_REQ_GET:	*name = "GET";		return SCIM_GET;
	case EVHTTP_REQ_POST:	*name = "POST";		return SCIM_POST;
	case EVHTTP_REQ_PUT:	*name = "PUT";		return SCIM_PUT;
	case EVHTTP_REQ_PATCH:	*name = "PATCH";	return SCIM_PATCH;
	case EVHTTP_REQ_DELETE:	*name = "DELETE";	return SCIM_DELETE;
	case EVHTTP_REQ_HEAD:	*name = "HEAD";		return SCIM_HEAD;
	default:		*name = "OTHER";	return SCIM_OTHER;
	}
}

static const char *
header(struct arena *a, struct evhttp_request *r, const char *name)
{
	const char	*v = evhttp_find_header(
	    evhttp_request_get_input_headers(r), name);

	return v ? arena_strdup(a, v) : NULL;
}

/*
 * The base URL for meta.location and other links: configured, else the
 * listening address. Never the Host header: a client could otherwise
 * have the links of a reply (and of webhook events) point anywhere.
 */
static const char *
base_url(struct arena *a, const struct scim_config *cfg)
{
	if (cfg->public_url != NULL)
		return arena_printf(a, "%s/scim/v2", cfg->public_url);
	return arena_printf(a, "http://%s/scim/v2", cfg->listen);
}

/*
 * The client's X-Request-Id, so a request can be followed from the IdP's
 * logs into ours, when it is short and plain enough to log and echo as it
 * is; else one of our own.
 */
void
scim_http_request_id(char out[SCIM_REQUEST_ID_MAX + 1],
    struct evhttp_request *req)
{
	static const char	hex[] = "0123456789abcdef";
	const char		*v = evhttp_find_header(
	    evhttp_request_get_input_headers(req), "X-Request-Id");
	unsigned char		r[8];
	int			i;
	FILE			*f;

	if (scim_request_id_ok(v)) {
		strcpy(out, v);
		return;
	}
	f = fopen("/dev/urandom", "rb");
	if (f == NULL || fread(r, 1, sizeof(r), f) != sizeof(r))
		memset(r, 0, sizeof(r));
	if (f != NULL)
		fclose(f);
	for (i = 0; i < 8; i++) {
		out[2 * i] = hex[r[i] >> 4];
		out[2 * i + 1] = hex[r[i] & 15];
	}
	out[16] = '\0';
}

int
scim_http_copy(struct scim_req *q, struct evhttp_request *r,
    const struct scim_config *cfg, struct err *err)
{
	const struct evhttp_uri	*uri = evhttp_request_get_evhttp_uri(r);
	struct evbuffer		*in = evhttp_request_get_input_buffer(r);
	const char		*path = uri ? evhttp_uri_get_path(uri) : NULL;
	const char		*query = uri ? evhttp_uri_get_query(uri) : NULL;
	size_t			 n;

	q->method = method_of(r, &q->method_name);
	if (path == NULL || path[0] == '\0')
		path = "/";
	if (scim_uri_decode(&q->path, &q->arena, path, strlen(path), 0,
	    "the path", err) == -1 ||
	    scim_query_check(&q->arena, query, err) == -1)
		return -1;
	q->query = query ? arena_strdup(&q->arena, query) : NULL;
	q->authorization = header(&q->arena, r, "Authorization");
	q->content_type = header(&q->arena, r, "Content-Type");
	q->if_match = header(&q->arena, r, "If-Match");
	q->if_none_match = header(&q->arena, r, "If-None-Match");
	q->base_url = base_url(&q->arena, cfg);
	n = evbuffer_get_length(in);
	q->body_len = n;
	if (n > 0 && (long)n <= cfg->max_body) {
		char	*b = arena_alloc(&q->arena, n + 1);

		evbuffer_copyout(in, b, n);
		b[n] = '\0';
		q->body = b;
	}
	return 0;
}
