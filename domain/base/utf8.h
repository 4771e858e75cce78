/* SPDX-License-Identifier: MIT */
/*
 * domain/base/utf8.h
 *
 * UTF-8 as RFC 3629 defines it, for text that leaves the process: error
 * details, audit rows and log lines. Requests may carry any bytes and
 * a detail may be cut anywhere; what PostgreSQL stores and what a client
 * reads must still be valid UTF-8, or the row is refused and the body is
 * unreadable.
 */
#ifndef SCIMD_UTF8_H
#define SCIMD_UTF8_H

#include <stddef.h>

/*
 * The bytes of the character at s (NUL-terminated) that form one step:
 * a whole valid character (*ok = 1), or the longest start of one that
 * is not valid, at least one byte (*ok = 0), which the caller replaces
 * with U+FFFD (Unicode's "maximal subpart" rule). 1 with *ok = 1 at the
 * terminating NUL.
 */
size_t	utf8_step(const char *s, int *ok);
/* Whether s is valid UTF-8 throughout. */
int	utf8_valid(const char *s);
/*
 * Copies src to dst (cap > 0 bytes, NUL included), replacing what is
 * not valid UTF-8 with U+FFFD and stopping before a character that
 * would not fit: the copy is cut only between characters. Returns the
 * length written. dst and src must not overlap.
 */
size_t	utf8_scrub(char *dst, size_t cap, const char *src);

#endif
