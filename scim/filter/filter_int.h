/* SPDX-License-Identifier: MIT */
/*
 * scim/filter/filter_int.h
 *
 * Helpers shared by the filter files (scim/filter/filter_*.c) and nothing
 * else: the tokenizer, string literal decoding, the UTF-8 check and the
 * JSON number test. The dateTime reader is domain/base/datetime.h.
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

#endif
