/* SPDX-License-Identifier: MIT */
/*
 * domain/webhook_url.c
 *
 * Where a webhook may be sent (the rule is in domain/webhook.h): the URL,
 * and each address before a connection, so that an endpoint cannot make
 * scimd reach into the network it runs in (SSRF). Pure: no I/O.
 */
#include "domain/webhook.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum addr_class {
	ADDR_PUBLIC, ADDR_LOOPBACK, ADDR_PRIVATE, ADDR_LINK_LOCAL,
	ADDR_NEVER		/* multicast, unspecified, broadcast, reserved */
};

static const char *const class_name[] = {
	"public", "loopback", "private", "link-local",
	"multicast, unspecified or reserved"
};

static enum addr_class
class_v4(uint32_t a)
{
	if ((a >> 24) == 127)
		return ADDR_LOOPBACK;
	if ((a >> 24) == 10 || (a >> 20) == 0xac1 || (a >> 16) == 0xc0a8 ||
	    (a >> 22) == (100 << 2 | 1))	/* 100.64/10, CGNAT */
		return ADDR_PRIVATE;
	if ((a >> 16) == 0xa9fe)		/* 169.254/16 */
		return ADDR_LINK_LOCAL;
	if ((a >> 24) == 0 || (a >> 28) >= 0xe)	/* 0/8, 224/4, 240/4 */
		return ADDR_NEVER;
	return ADDR_PUBLIC;
}

static enum addr_class
class_v6(const unsigned char *b)
{
	static const unsigned char	zero[16], mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	uint32_t			v4;

	if (memcmp(b, zero, 15) == 0 && b[15] == 1)
		return ADDR_LOOPBACK;
	if (memcmp(b, zero, 16) == 0)
		return ADDR_NEVER;
	/* ::ffff:a.b.c.d and ::a.b.c.d reach the IPv4 address. */
	if (memcmp(b, mapped, 12) == 0 || memcmp(b, zero, 12) == 0) {
		memcpy(&v4, b + 12, 4);
		return class_v4(ntohl(v4));
	}
	if (b[0] == 0xff)
		return ADDR_NEVER;
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
		return ADDR_LINK_LOCAL;
	if ((b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0))
		return ADDR_PRIVATE;	/* fc00::/7 ULA, fec0::/10 site-local */
	return ADDR_PUBLIC;
}

static int
verdict(enum addr_class k, int https, int insecure_http, int allow_private,
    struct err *err)
{
	if (k == ADDR_NEVER || ((k == ADDR_PRIVATE || k == ADDR_LINK_LOCAL) &&
	    !allow_private))
		return err_set(err, 400, ST_INVALID_VALUE, "webhook target "
		    "refused: %s address", class_name[k]);
	if (!https && !insecure_http && k != ADDR_LOOPBACK)
		return err_set(err, 400, ST_INVALID_VALUE, "plain http:// is "
		    "only for loopback; use https:// or --insecure-http");
	return 0;
}

int
dom_webhook_addr_check(const struct sockaddr *sa, int https,
    int insecure_http, int allow_private, struct err *err)
{
	const struct sockaddr_in	*v4 = (const void *)sa;
	const struct sockaddr_in6	*v6 = (const void *)sa;

	if (sa->sa_family == AF_INET)
		return verdict(class_v4(ntohl(v4->sin_addr.s_addr)), https,
		    insecure_http, allow_private, err);
	if (sa->sa_family == AF_INET6)
		return verdict(class_v6(v6->sin6_addr.s6_addr), https,
		    insecure_http, allow_private, err);
	return err_set(err, 400, ST_INVALID_VALUE,
	    "webhook target refused: not an IP address");
}

int
dom_webhook_allow_private(void)
{
	const char	*v = getenv("SCIMD_WEBHOOK_ALLOW_PRIVATE");

	return v != NULL && strcmp(v, "1") == 0;
}

/* The host part of the authority [h, e); brackets only around IPv6. */
static int
split_authority(struct dom_webhook_url *out, struct arena *a, const char *h,
    const char *e, struct err *err)
{
	const char	*colon, *end;

	out->authority = arena_strndup(a, h, (size_t)(e - h));
	if (*h == '[') {
		if ((end = memchr(h, ']', (size_t)(e - h))) == NULL)
			goto bad;
		out->host = arena_strndup(a, h + 1, (size_t)(end - h - 1));
		colon = end + 1 < e && end[1] == ':' ? end + 1 : NULL;
		if (colon == NULL && end + 1 != e)
			goto bad;
	} else {
		colon = memchr(h, ':', (size_t)(e - h));
		end = colon != NULL ? colon : e;
		out->host = arena_strndup(a, h, (size_t)(end - h));
	}
	out->port = out->https ? "443" : "80";
	if (colon != NULL) {
		char	*stop;
		long	 p = strtol(colon + 1, &stop, 10);

		if (stop != e || colon + 1 == e || p < 1 || p > 65535)
			goto bad;
		out->port = arena_strndup(a, colon + 1, (size_t)(e - colon - 1));
	}
	if (*out->host == '\0' || strpbrk(out->host, "@ \t/\\?#") != NULL)
		goto bad;
	return 0;
bad:
	return err_set(err, 400, ST_INVALID_VALUE, "invalid webhook URL host");
}

int
dom_webhook_url_parse(struct dom_webhook_url *out, struct arena *a,
    const char *url, struct err *err)
{
	const char	*h, *e;

	memset(out, 0, sizeof(*out));
	if (strlen(url) > DOM_WEBHOOK_MAX_URL || strpbrk(url, " \t\r\n#"))
		return err_set(err, 400, ST_INVALID_VALUE, "invalid webhook "
		    "URL: at most %d characters, no spaces or fragment",
		    DOM_WEBHOOK_MAX_URL);
	if (strncasecmp(url, "https://", 8) == 0) {
		out->https = 1;
		h = url + 8;
	} else if (strncasecmp(url, "http://", 7) == 0) {
		h = url + 7;
	} else
		return err_set(err, 400, ST_INVALID_VALUE,
		    "a webhook URL starts with https:// or http://");
	e = h + strcspn(h, "/?");
	if (memchr(h, '@', (size_t)(e - h)) != NULL)
		return err_set(err, 400, ST_INVALID_VALUE,
		    "a webhook URL has no user or password");
	if (split_authority(out, a, h, e, err) == -1)
		return -1;
	out->path = *e == '/' ? e : arena_printf(a, "/%s", e);
	return 0;
}

int
dom_webhook_url_check(const char *url, int insecure_http, int allow_private,
    struct err *err)
{
	struct dom_webhook_url	u;
	struct sockaddr_in	v4 = { .sin_family = AF_INET };
	struct sockaddr_in6	v6 = { .sin6_family = AF_INET6 };
	struct arena		a = { 0 };
	int			rc = 0;

	if (dom_webhook_url_parse(&u, &a, url, err) == -1) {
		rc = -1;
	} else if (inet_pton(AF_INET, u.host, &v4.sin_addr) == 1) {
		rc = dom_webhook_addr_check((struct sockaddr *)&v4, u.https,
		    insecure_http, allow_private, err);
	} else if (inet_pton(AF_INET6, u.host, &v6.sin6_addr) == 1) {
		rc = dom_webhook_addr_check((struct sockaddr *)&v6, u.https,
		    insecure_http, allow_private, err);
	} else if (!u.https && !insecure_http &&
	    strcasecmp(u.host, "localhost") != 0) {
		rc = err_set(err, 400, ST_INVALID_VALUE, "plain http:// is "
		    "only for loopback; use https:// or --insecure-http");
	}
	arena_free(&a);
	return rc;
}
