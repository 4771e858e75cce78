/* SPDX-License-Identifier: MIT */
/*
 * domain/base/utf8.c
 *
 * Validating and repairing UTF-8 (RFC 3629 §4: no overlong forms, no
 * surrogates, nothing past U+10FFFF).
 */
#include "domain/base/utf8.h"

#include <string.h>

#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

size_t
utf8_step(const char *str, int *ok)
{
	const unsigned char	*s = (const unsigned char *)str;
	unsigned char		 lo = 0x80, hi = 0xbf;
	size_t			 need, i;

	*ok = 1;
	if (s[0] < 0x80)
		return 1;
	*ok = 0;
	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 1;
	need = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	/* The second byte's range excludes overlongs, surrogates, > U+10FFFF. */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	/* A NUL is out of every range, so this never reads past the end. */
	for (i = 1; i < need; i++) {
		if (s[i] < lo || s[i] > hi)
			return i;
		lo = 0x80;
		hi = 0xbf;
	}
	*ok = 1;
	return need;
}

int
utf8_valid(const char *s)
{
	int	ok = 1;

	while (*s != '\0' && ok)
		s += utf8_step(s, &ok);
	return ok;
}

size_t
utf8_scrub(char *dst, size_t cap, const char *src)
{
	size_t	n = 0, k;
	int	ok;

	for (; *src != '\0'; src += k) {
		k = utf8_step(src, &ok);
		if (n + (ok ? k : sizeof(REPLACEMENT) - 1) >= cap)
			break;
		if (ok)
			memcpy(dst + n, src, k);
		else
			memcpy(dst + n, REPLACEMENT, sizeof(REPLACEMENT) - 1);
		n += ok ? k : sizeof(REPLACEMENT) - 1;
	}
	dst[n] = '\0';
	return n;
}
