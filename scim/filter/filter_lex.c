/* SPDX-License-Identifier: MIT */
/*
 * scim/filter/filter_lex.c
 *
 * The filter tokenizer and the readers of literal text (JSON strings,
 * numbers, UTF-8). The tokenizer classifies bytes only; what a word
 * means (attribute path, operator, keyword or bare value) is the
 * parser's decision. dateTime values are read by dt_parse
 * (domain/base/datetime.c), which the evaluator calls.
 */
#include "scim/filter/filter_int.h"

#include <stdint.h>
#include <string.h>

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * A word runs until a byte that can end a token by itself. `"` ends it
 * too, so `userName eq"x"` still splits, and `.` inside a word stays (it
 * separates sub-attributes and appears in URNs and numbers); only a `.`
 * that starts a token is FT_DOT, which is the `].value` of Entra's form.
 */
static int
ends_word(unsigned char c)
{
	return is_space(c) || c == '(' || c == ')' || c == '[' || c == ']' ||
	    c == '"' || c < 0x20 || c == 0x7f;
}

size_t
scim_filter_token(const char *z, size_t n, enum scim_ftok *type)
{
	const unsigned char	*s = (const unsigned char *)z;
	size_t			 i;

	if (n == 0) {
		*type = FT_END;
		return 0;
	}
	switch (s[0]) {
	case ' ': case '\t': case '\r': case '\n':
		for (i = 1; i < n && is_space(s[i]); i++)
			;
		*type = FT_SPACE;
		return i;
	case '(':
		*type = FT_LPAREN;
		return 1;
	case ')':
		*type = FT_RPAREN;
		return 1;
	case '[':
		*type = FT_LBRACK;
		return 1;
	case ']':
		*type = FT_RBRACK;
		return 1;
	case '.':
		*type = FT_DOT;
		return 1;
	case '"':
		/* Escapes are checked when the string is decoded. */
		for (i = 1; i < n; i++) {
			if (s[i] == '\\' && i + 1 < n)
				i++;
			else if (s[i] == '"') {
				*type = FT_STRING;
				return i + 1;
			}
		}
		*type = FT_UNTERMINATED;
		return n;
	default:
		break;
	}
	if (s[0] < 0x20 || s[0] == 0x7f) {
		*type = FT_ILLEGAL;
		return 1;
	}
	for (i = 1; i < n && !ends_word(s[i]); i++)
		;
	*type = FT_WORD;
	return i;
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads the 4 hex digits after "\u" at s[0..4); -1 when malformed. */
static long
hex4(const unsigned char *s, size_t avail)
{
	long	v = 0;
	int	i, h;

	if (avail < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		h = hexval(s[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static size_t
put_utf8(char *o, unsigned long cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Decodes one "\uXXXX" escape at s (s[0] is the backslash), joining a
 * UTF-16 surrogate pair when one follows. A lone surrogate and U+0000 are
 * refused: neither can live in a C string or a PostgreSQL text value.
 * Returns the bytes consumed, or 0 when malformed.
 */
static size_t
read_u_escape(const unsigned char *s, size_t avail, unsigned long *cp)
{
	long	hi, lo;

	hi = hex4(s + 2, avail - 2);
	if (hi < 0 || hi == 0)
		return 0;
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return 0;
	if (hi < 0xd800 || hi > 0xdbff) {
		*cp = (unsigned long)hi;
		return 6;
	}
	if (avail < 12 || s[6] != '\\' || s[7] != 'u')
		return 0;
	lo = hex4(s + 8, avail - 8);
	if (lo < 0xdc00 || lo > 0xdfff)
		return 0;
	*cp = 0x10000 + (((unsigned long)hi - 0xd800) << 10) +
	    ((unsigned long)lo - 0xdc00);
	return 12;
}

char *
scim_filter_unquote(struct arena *a, const char *tok, size_t n, size_t *bad,
    const char **why)
{
	const unsigned char	*s = (const unsigned char *)tok;
	char			*out, *o;
	size_t			 i, used;
	unsigned long		 cp;

	/* Decoding never grows the text: "\uXXXX" (6) → at most 3 bytes. */
	out = arena_alloc(a, n + 1);
	o = out;
	for (i = 1; i + 1 < n; i++) {
		if (s[i] < 0x20) {
			*bad = i;
			*why = "control character in string";
			return NULL;
		}
		if (s[i] != '\\') {
			*o++ = (char)s[i];
			continue;
		}
		switch (s[i + 1]) {
		case '"':  *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/':  *o++ = '/'; break;
		case 'b':  *o++ = '\b'; break;
		case 'f':  *o++ = '\f'; break;
		case 'n':  *o++ = '\n'; break;
		case 'r':  *o++ = '\r'; break;
		case 't':  *o++ = '\t'; break;
		case 'u':
			/* n - 1 - i: bytes left before the closing quote. */
			used = read_u_escape(s + i, n - 1 - i, &cp);
			if (used == 0) {
				*bad = i;
				*why = "invalid \\u escape in string";
				return NULL;
			}
			o += put_utf8(o, cp);
			i += used - 2;
			break;
		default:
			*bad = i;
			*why = "invalid escape in string";
			return NULL;
		}
		i++;
	}
	*o = '\0';
	return out;
}

size_t
scim_filter_utf8_check(const char *z, size_t n)
{
	const unsigned char	*s = (const unsigned char *)z;
	size_t			 i = 0, len, k;
	unsigned long		 cp, min;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			len = 2; cp = s[i] & 0x1f; min = 0x80;
		} else if ((s[i] & 0xf0) == 0xe0) {
			len = 3; cp = s[i] & 0x0f; min = 0x800;
		} else if ((s[i] & 0xf8) == 0xf0) {
			len = 4; cp = s[i] & 0x07; min = 0x10000;
		} else
			return i;
		if (n - i < len)
			return i;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += len;
	}
	return n;
}

int
scim_filter_is_number(const char *tok, size_t n)
{
	size_t	i = 0;

	if (i < n && tok[i] == '-')
		i++;
	if (i >= n)
		return 0;
	if (tok[i] == '0')
		i++;
	else if (tok[i] >= '1' && tok[i] <= '9')
		while (i < n && tok[i] >= '0' && tok[i] <= '9')
			i++;
	else
		return 0;
	if (i < n && tok[i] == '.') {
		i++;
		if (i >= n || tok[i] < '0' || tok[i] > '9')
			return 0;
		while (i < n && tok[i] >= '0' && tok[i] <= '9')
			i++;
	}
	if (i < n && (tok[i] == 'e' || tok[i] == 'E')) {
		i++;
		if (i < n && (tok[i] == '+' || tok[i] == '-'))
			i++;
		if (i >= n || tok[i] < '0' || tok[i] > '9')
			return 0;
		while (i < n && tok[i] >= '0' && tok[i] <= '9')
			i++;
	}
	return i == n;
}
