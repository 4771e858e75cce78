/* SPDX-License-Identifier: MIT */
/*
 * domain/base/casefold.c
 *
 * Case folding over the generated table (casefold_table.c): a binary
 * search of about 1,400 pairs, with ASCII answered before it.
 */
#include "domain/base/casefold.h"

#include <string.h>

#include "domain/base/arena.h"
#include "domain/base/casefold_int.h"
#include "domain/base/utf8.h"

uint32_t
cf_fold_cp(uint32_t c)
{
	size_t	lo = 0, hi = cf_table_len, mid;

	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cf_table[mid][0] == c)
			return cf_table[mid][1];
		if (cf_table[mid][0] < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return c;
}

/* The code point of the valid n-byte character at s. */
static uint32_t
decode(const unsigned char *s, size_t n)
{
	uint32_t	c;
	size_t		i;

	if (n == 1)
		return s[0];
	c = s[0] & (0xff >> (n + 1));
	for (i = 1; i < n; i++)
		c = (c << 6) | (s[i] & 0x3f);
	return c;
}

/* Writes c as UTF-8 to o (room for 4 bytes); returns the length. */
static size_t
encode(unsigned char *o, uint32_t c)
{
	if (c < 0x80) {
		o[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (unsigned char)(0xc0 | (c >> 6));
		o[1] = (unsigned char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (c >> 12));
		o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | (c >> 18));
	o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (c & 0x3f));
	return 4;
}

uint32_t
cf_next(const char **s)
{
	const unsigned char	*p = (const unsigned char *)*s;
	size_t			 n;
	int			 ok;

	n = utf8_step(*s, &ok);
	if (!ok) {
		/* One byte at a time, so the bytes are kept as they are. */
		*s += 1;
		return CF_INVALID + p[0];
	}
	*s += n;
	return cf_fold_cp(decode(p, n));
}

int
cf_equal(const char *a, const char *b)
{
	while (*a != '\0' && *b != '\0')
		if (cf_next(&a) != cf_next(&b))
			return 0;
	return *a == '\0' && *b == '\0';
}

char *
cf_fold_dup(const char *s)
{
	size_t		 n = 0;
	const char	*p;
	unsigned char	 tmp[4], *o;
	uint32_t	 c;

	for (p = s; *p != '\0';) {
		c = cf_next(&p);
		n += c >= CF_INVALID ? 1 : encode(tmp, c);
	}
	o = xmalloc(n + 1);
	for (p = s, n = 0; *p != '\0';) {
		c = cf_next(&p);
		if (c >= CF_INVALID)
			o[n++] = (unsigned char)(c - CF_INVALID);
		else
			n += encode(o + n, c);
	}
	o[n] = '\0';
	return (char *)o;
}
