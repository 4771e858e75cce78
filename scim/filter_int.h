/* SPDX-License-Identifier: MIT */
/*
 * scim/filter_int.h
 *
 * Helpers shared by the filter files (scim/filter_*.c) and nothing else:
 * the tokenizer, string literal decoding and the RFC 3339 dateTime reader.
 */
#ifndef SCIMD_FILTER_INT_H
#define SCIMD_FILTER_INT_H

#include <stddef.h>
#include <stdint.h>

#include "domain/base/arena.h"
#include "domain/base/query.h"

enum scim_ftok {
	FT_END,			/* end of input */
	FT_SPACE,		/* SP, HTAB, CR, LF */
	FT_LPAREN, FT_RPAREN,
	FT_LBRACK, FT_RBRACK,
	FT_DOT,			/* "." that starts a token: `emails[…].value` */
	FT_STRING,		/* "…" including both quotes, escapes not checked */
	FT_WORD,		/* names, operators, keywords, numbers, bare values */
	FT_UNTERMINATED,	/* a string that runs to the end of input */
	FT_ILLEGAL		/* a control character */
};

/*
 * Returns the length of the token starting at z[0] (n bytes remain, n may
 * be 0) and sets *type. Never allocates and never fails: bad input comes
 * back as FT_UNTERMINATED or FT_ILLEGAL for the parser to report.
 */
size_t	scim_filter_token(const char *z, size_t n, enum scim_ftok *type);

/*
 * Decodes the JSON string literal tok[0..n) (quotes included) into UTF-8
 * allocated in `a`. Returns the string, or NULL with *bad set to the
 * offset inside tok of the faulty escape and *why to a static reason.
 */
char	*scim_filter_unquote(struct arena *a, const char *tok, size_t n,
	    size_t *bad, const char **why);

/*
 * Returns the offset of the first byte that is not part of well-formed
 * UTF-8 (overlong forms, surrogates and code points past U+10FFFF are
 * malformed), or n when all of s[0..n) is valid.
 */
size_t	scim_filter_utf8_check(const char *s, size_t n);

/* 1 when tok[0..n) is a JSON number (RFC 8259 §6), else 0. */
int	scim_filter_is_number(const char *tok, size_t n);

/*
 * An instant: seconds since 1970-01-01T00:00:00Z plus nanoseconds.
 * `has_zone` is 0 when the text carried no offset (read as UTC).
 */
struct scim_filter_time {
	int64_t	sec;
	int32_t	nsec;
	int	has_zone;
};

/*
 * Reads an RFC 3339 date-time (xsd:dateTime as RFC 7643 §2.3.5 asks):
 * YYYY-MM-DDTHH:MM:SS[.frac][Z|±HH:MM], `T` and `Z` in either case. The
 * offset may be omitted (UTC is assumed). The accepted range is the one
 * PostgreSQL's timestamptz accepts for this form, so a literal that passes
 * here never makes the database raise: years 0001-9999, real calendar
 * days, second 60 (a leap second rolls over as PostgreSQL does) and
 * offsets up to ±15:59. Returns 0, or -1 when s is not such a value.
 */
int	scim_filter_time_parse(struct scim_filter_time *t, const char *s);

/* -1, 0 or 1 as a is before, at or after b. */
int	scim_filter_time_cmp(const struct scim_filter_time *a,
	    const struct scim_filter_time *b);

#endif
