/* SPDX-License-Identifier: MIT */
/*
 * scim/http/request.c
 *
 * Helpers every handler uses on the copied request and response: query
 * parameters, the JSON body and response headers. They sit below the
 * router and the handlers so that neither has to include the other.
 */
#include "scim/http/request.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <event2/http.h>

void
scim_resp_header(struct scim_resp *r, struct arena *a, const char *name,
    const char *value)
{
	if (r->nheaders >= SCIM_RESP_MAX_HEADERS)
		return;
	r->hname[r->nheaders] = arena_strdup(a, name);
	r->hvalue[r->nheaders] = arena_strdup(a, value);
	r->nheaders++;
}

int
scim_uri_decode(const char **out, struct arena *a, const char *raw, size_t n,
    int plus, const char *what, struct err *err)
{
	char	*in = arena_strndup(a, raw, n), *dec;
	size_t	 len;

	*out = NULL;
	if ((dec = evhttp_uridecode(in, plus, &len)) == NULL)
		return err_set(err, 500, ST_NONE, "out of memory");
	/* A C string would end at the NUL: a value would be read cut. */
	if (memchr(dec, '\0', len) != NULL) {
		free(dec);
		return err_set(err, 400, ST_INVALID_VALUE, "%s holds a NUL "
		    "character (%%00), which no value may contain", what);
	}
	*out = arena_strndup(a, dec, len);
	free(dec);
	return 0;
}

/*
 * evhttp_parse_query_str refuses a key without "=" and with it the whole
 * query, but RFC 9865 asks for the first page with a bare `?cursor`, so
 * pairs are split here. Keys compare as sent, values are decoded with
 * '+' as a space, as libevent does; a bare key has the value "".
 * `each` is called with every pair; a non-zero return stops the walk.
 */
static int
query_walk(const char *query, int (*each)(const char *key, size_t klen,
    const char *val, size_t vlen, void *arg), void *arg)
{
	const char	*p, *amp, *eq;
	size_t		 len, klen;
	int		 rc;

	for (p = query; p != NULL && *p != '\0'; p = amp ? amp + 1 : NULL) {
		amp = strchr(p, '&');
		len = amp ? (size_t)(amp - p) : strlen(p);
		eq = memchr(p, '=', len);
		klen = eq ? (size_t)(eq - p) : len;
		if ((rc = each(p, klen, eq ? eq + 1 : NULL,
		    eq ? len - klen - 1 : 0, arg)) != 0)
			return rc;
	}
	return 0;
}

struct param_find {
	struct scim_req	*req;
	const char	*name;
	const char	*value;
};

static int
param_find(const char *key, size_t klen, const char *val, size_t vlen,
    void *arg)
{
	struct param_find	*f = arg;
	struct err		 e = { 0 };

	if (klen != strlen(f->name) || strncasecmp(key, f->name, klen) != 0)
		return 0;
	if (val == NULL)
		f->value = "";
	else
		(void)scim_uri_decode(&f->value, &f->req->arena, val, vlen, 1,
		    f->name, &e);
	return 1;
}

const char *
scim_query_param(struct scim_req *req, const char *name)
{
	struct param_find	f = { req, name, NULL };

	(void)query_walk(req->query, param_find, &f);
	return f.value;
}

struct param_check {
	struct arena	*a;
	struct err	*err;
};

static int
param_check(const char *key, size_t klen, const char *val, size_t vlen,
    void *arg)
{
	struct param_check	*c = arg;
	const char		*name, *v;

	if (scim_uri_decode(&name, c->a, key, klen, 1,
	    "a query parameter's name", c->err) == -1)
		return -1;
	if (val == NULL)
		return 0;
	name = arena_printf(c->a, "query parameter \"%.64s\"", name);
	return scim_uri_decode(&v, c->a, val, vlen, 1, name, c->err);
}

int
scim_query_check(struct arena *a, const char *query, struct err *err)
{
	struct param_check	c = { a, err };

	return query_walk(query, param_check, &c) == 0 ? 0 : -1;
}

int
scim_request_id_ok(const char *v)
{
	return v != NULL && v[0] != '\0' && strlen(v) <= SCIM_REQUEST_ID_MAX &&
	    strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._:-") == strlen(v);
}

/*
 * Whether the JSON text holds a NUL, raw or as the escape \u0000: a C
 * string would silently end there, so a value would be stored cut. A
 * backslash appears only inside strings, so stepping over each escape
 * is enough to tell "\u0000" from an escaped backslash before "u0000".
 */
static int
has_nul(const char *b, size_t n)
{
	size_t	i;

	if (memchr(b, '\0', n) != NULL)
		return 1;
	for (i = 0; i + 1 < n; i++) {
		if (b[i] != '\\')
			continue;
		if (b[i + 1] == 'u' && i + 5 < n && memcmp(b + i + 2, "0000", 4) == 0)
			return 1;
		i++;
	}
	return 0;
}

int
scim_body_json(struct cJSON **out, struct scim_req *req, struct err *err)
{
	const char	*end = NULL;
	const char	*ct = req->content_type;

	*out = NULL;
	if (ct != NULL && strcasestr(ct, "json") == NULL)
		return err_set(err, 415, ST_NONE,
		    "unsupported content type \"%s\"; send application/scim+json",
		    ct);
	if (req->body == NULL || req->body_len == 0)
		return err_set(err, 400, ST_INVALID_SYNTAX, "request body is empty");
	if (has_nul(req->body, req->body_len))
		return err_set(err, 400, ST_INVALID_VALUE,
		    "request body holds a NUL character (U+0000), which no "
		    "value may contain");
	/* The length includes the NUL so trailing garbage is refused. */
	*out = cJSON_ParseWithLengthOpts(req->body, req->body_len + 1, &end, 1);
	if (*out == NULL)
		return err_set(err, 400, ST_INVALID_SYNTAX,
		    "request body is not valid JSON (near byte %ld)",
		    end ? (long)(end - req->body) : 0L);
	return 0;
}
