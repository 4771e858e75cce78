/* SPDX-License-Identifier: MIT */
/*
 * scim/model/etag.c
 *
 * Weak comparison of entity tags against a resource version.
 */
#include "scim/model/etag.h"

#include <stdio.h>
#include <string.h>

/* Compares one tag (W/"n", "n", or n) of length len with the version. */
static int
tag_is(const char *t, size_t len, const char *want)
{
	if (len >= 2 && (t[0] == 'W' || t[0] == 'w') && t[1] == '/') {
		t += 2;
		len -= 2;
	}
	if (len >= 2 && t[0] == '"' && t[len - 1] == '"') {
		t++;
		len -= 2;
	}
	return len == strlen(want) && strncmp(t, want, len) == 0;
}

int
scim_etag_matches(const char *header, long long version)
{
	char		 want[24];
	const char	*p = header, *end;
	size_t		 len;

	snprintf(want, sizeof(want), "%lld", version);
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if ((len == 1 && p[0] == '*') || tag_is(p, len, want))
			return 1;
		p += end ? (size_t)(end - p) : strlen(p);
	}
	return 0;
}

int
scim_etag_check_if_match(const char *header, long long version,
    struct err *err)
{
	if (header == NULL || scim_etag_matches(header, version))
		return 0;
	return err_set(err, 412, ST_NONE,
	    "If-Match does not match the current version W/\"%lld\"", version);
}
