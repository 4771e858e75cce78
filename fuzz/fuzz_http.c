/* SPDX-License-Identifier: MIT */
/*
 * fuzz/fuzz_http.c
 *
 * libFuzzer target: the request path of scimd without a socket. The
 * input is a request as text:
 *
 *	METHOD URI
 *	Name: value		(any number of header lines)
 *
 *	body
 *
 * and goes through what the server runs on it: libevent's URI parse,
 * path and query decoding with the NUL check (as scim_http_copy does),
 * matching against the real route table, the list query parameters
 * (filter, sortBy, sortOrder, startIndex, count, attributes,
 * excludedAttributes, cursor) for the route's type, the bearer
 * credential, If-Match / If-None-Match entity tag lists, X-Request-Id,
 * and the Content-Type and body check. Beyond crashes and sanitizer
 * reports, a finding is a refusal with the wrong status or a broken
 * promise of one of these functions.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <event2/http.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/schema.h"
#include "scim/http/request.h"
#include "scim/http/route.h"
#include "scim/model/etag.h"
#include "scim/resources/list.h"
#include "fuzz/fuzz_seed.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fake {
	const char	*uri;
	const char	*if_match;
	const char	*if_none_match;
	const char	*request_id;
	const char	*auth;
};

static enum scim_method
method_of(const char *s)
{
	static const char *const names[] = { "GET", "POST", "PUT", "PATCH",
	    "DELETE", "HEAD" };
	int	m;

	for (m = 0; m < SCIM_OTHER; m++)
		if (strcmp(s, names[m]) == 0)
			return (enum scim_method)m;
	return SCIM_OTHER;
}

/* Splits the input into request line, headers and body (in q's arena). */
static void
read_input(struct scim_req *q, struct fake *f, const uint8_t *data,
    size_t size)
{
	const char	*end = memmem(data, size, "\n\n", 2);
	size_t		 head = end ? (size_t)(end - (const char *)data) : size;
	char		*h = arena_strndup(&q->arena, (const char *)data, head);
	char		*line, *sp, *v, *save = NULL;

	if (end != NULL) {
		q->body_len = size - head - 2;
		q->body = arena_strndup(&q->arena, end + 2, q->body_len);
	}
	line = strtok_r(h, "\n", &save);
	if (line == NULL)
		return;
	if ((sp = strchr(line, ' ')) != NULL) {
		*sp = '\0';
		f->uri = sp + 1;
	}
	q->method_name = line;
	q->method = method_of(line);
	while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
		if ((v = strchr(line, ':')) == NULL)
			continue;
		*v++ = '\0';
		v += strspn(v, " ");
		if (strcasecmp(line, "Authorization") == 0)
			f->auth = v;
		else if (strcasecmp(line, "Content-Type") == 0)
			q->content_type = v;
		else if (strcasecmp(line, "If-Match") == 0)
			f->if_match = v;
		else if (strcasecmp(line, "If-None-Match") == 0)
			f->if_none_match = v;
		else if (strcasecmp(line, "X-Request-Id") == 0)
			f->request_id = v;
	}
}

/* As scim_http_copy: the decoded path and the checked raw query. */
static int
copy_uri(struct scim_req *q, const char *uri, struct err *e)
{
	struct evhttp_uri	*u;
	const char		*path, *query;
	int			 rc;

	if (uri == NULL || (u = evhttp_uri_parse_with_flags(uri,
	    EVHTTP_URI_NONCONFORMANT)) == NULL)
		return 1;
	path = evhttp_uri_get_path(u);
	query = evhttp_uri_get_query(u);
	if (path == NULL || path[0] == '\0')
		path = "/";
	rc = scim_uri_decode(&q->path, &q->arena, path, strlen(path), 0,
	    "the path", e) == -1 || scim_query_check(&q->arena, query, e) == -1;
	if (rc == 0)
		q->query = query ? arena_strdup(&q->arena, query) : NULL;
	else if (e->status != 400 || e->type != ST_INVALID_VALUE)
		fuzz_die("request line refused without 400 invalidValue",
		    e->detail, NULL);
	evhttp_uri_free(u);
	return rc;
}

static void
check_param(const char *what, const char *v)
{
	if (v != NULL && (v[0] == '\0' || strchr(v, '/') != NULL))
		fuzz_die("path parameter is empty or holds a '/'", what, v);
}

/* The route table and, for its type, the list query parameters. */
static void
run_route(struct scim_req *q)
{
	const struct scim_route_def	*r;
	const char			*org, *id;
	struct scim_list_in		 in;
	struct scim_list		 l;
	struct err			 e = { 0 };
	char				 allow[64];

	r = scim_route_find(&org, &id, &q->arena, q->path);
	check_param("org", org);
	check_param("id", id);
	if (r != NULL) {
		scim_route_allow(allow, sizeof(allow), r);
		if (scim_route_handler(r, q->method) != NULL &&
		    q->method != SCIM_HEAD && allow[0] == '\0')
			fuzz_die("a handled route allows no method", r->path, NULL);
	}
	memset(&l, 0, sizeof(l));
	scim_list_in_query(&in, q);
	if (scim_list_parse(&l, &q->arena, &in, r && r->rt ? r->rt :
	    &schema_rtype_user, "/Users", &e) == -1 && e.status != 400)
		fuzz_die("list parameters refused without a 400", e.detail, NULL);
}

static void
run_headers(struct scim_req *q, const struct fake *f)
{
	const char	*token;
	size_t		 len;
	struct err	 e = { 0 };
	cJSON		*body;

	if (scim_bearer(&token, &len, f->auth) == 0 && (len == 0 ||
	    token[0] == ' ' || token[len - 1] == ' '))
		fuzz_die("bearer credential is empty or not trimmed", f->auth,
		    NULL);
	(void)scim_etag_matches(f->if_none_match ? f->if_none_match : "", 7);
	if (scim_etag_check_if_match(f->if_match, 1, &e) == -1 &&
	    e.status != 412)
		fuzz_die("If-Match refused without a 412", e.detail, NULL);
	if (scim_request_id_ok(f->request_id) &&
	    strlen(f->request_id) > SCIM_REQUEST_ID_MAX)
		fuzz_die("X-Request-Id kept over its limit", NULL, NULL);
	memset(&e, 0, sizeof(e));
	if (scim_body_json(&body, q, &e) == -1 && e.status != 400 &&
	    e.status != 415)
		fuzz_die("body refused without a 400 or 415", e.detail, NULL);
	cJSON_Delete(body);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scim_req	 q;
	struct fake	 f;
	struct err	 e = { 0 };

	memset(&q, 0, sizeof(q));
	memset(&f, 0, sizeof(f));
	read_input(&q, &f, data, size);
	if (copy_uri(&q, f.uri, &e) == 0)
		run_route(&q);
	run_headers(&q, &f);
	arena_free(&q.arena);
	return 0;
}
