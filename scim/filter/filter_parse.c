/* SPDX-License-Identifier: MIT */
/*
 * scim/filter/filter_parse.c
 *
 * Recursive-descent parser from SCIM filter text (RFC 7644 §3.4.2.2) to
 * the neutral AST of domain/base/query.h. Syntax only: whether attributes
 * exist and operators fit them is scim_filter_check's job.
 *
 * The grammar, with precedence made explicit (not > and > or, RFC 7644
 * §3.4.2.2 "Filter precedence") and the value-filter recursion of errata
 * 7322 (value paths do not nest):
 *
 *   filter    = andExp *(SP "or" SP andExp)
 *   andExp    = unary *(SP "and" SP unary)
 *   unary     = "not" *SP "(" filter ")" / "(" filter ")" / attrExp
 *               / valuePath [ "." subAttr ( SP "pr" / SP compareOp SP compValue ) ]
 *   valuePath = attrPath "[" filter "]"
 *   attrExp   = attrPath SP "pr" / attrPath SP compareOp SP compValue
 *   attrPath  = [URI ":"] ATTRNAME ["." ATTRNAME]
 *
 * Whitespace is optional wherever a delimiter makes the split clear.
 */
#include "scim/filter/filter.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scim/filter/filter_int.h"

struct parser {
	struct arena	*a;
	const char	*text;
	size_t		 len;
	size_t		 pos;		/* next unread byte */
	int		 depth;
	int		 in_valpath;
	struct err	*err;
	/* the peeked token, valid while have_tok */
	int		 have_tok;
	enum scim_ftok	 tok;
	size_t		 tok_off;
	size_t		 tok_len;
};

static struct query_node *parse_or(struct parser *);

/* Skips spaces and reads the next token without consuming it. */
static enum scim_ftok
peek(struct parser *p)
{
	enum scim_ftok	t;
	size_t		n;

	if (p->have_tok)
		return p->tok;
	for (;;) {
		n = scim_filter_token(p->text + p->pos, p->len - p->pos, &t);
		if (t != FT_SPACE)
			break;
		p->pos += n;
	}
	p->have_tok = 1;
	p->tok = t;
	p->tok_off = p->pos;
	p->tok_len = n;
	return t;
}

static void
consume(struct parser *p)
{
	peek(p);
	p->pos = p->tok_off + p->tok_len;
	p->have_tok = 0;
}

/* 1 when the peeked token is the word `kw`, in any case. */
static int
peek_word(struct parser *p, const char *kw)
{
	size_t	n = strlen(kw);

	return peek(p) == FT_WORD && p->tok_len == n &&
	    strncasecmp(p->text + p->tok_off, kw, n) == 0;
}

static int
is_reserved(const char *s, size_t n)
{
	return (n == 3 && strncasecmp(s, "and", 3) == 0) ||
	    (n == 2 && strncasecmp(s, "or", 2) == 0) ||
	    (n == 3 && strncasecmp(s, "not", 3) == 0);
}

/*
 * Reports "expected <what> at offset N, found <token>" for the peeked
 * token. The token is quoted and cut to 40 bytes on a character boundary
 * (the text was checked to be UTF-8) so the detail stays readable.
 */
static void
fail_expected(struct parser *p, const char *what)
{
	size_t	n;

	peek(p);
	if (p->tok == FT_END) {
		err_set(p->err, 400, ST_INVALID_FILTER,
		    "expected %s at offset %zu, found end of input", what,
		    p->tok_off);
		return;
	}
	if (p->tok == FT_ILLEGAL) {
		err_set(p->err, 400, ST_INVALID_FILTER,
		    "expected %s at offset %zu, found control character 0x%02x",
		    what, p->tok_off, (unsigned char)p->text[p->tok_off]);
		return;
	}
	n = p->tok_len;
	if (n > 40) {
		n = 40;
		while (n > 0 && ((unsigned char)p->text[p->tok_off + n] & 0xc0) == 0x80)
			n--;
	}
	/* A string token carries its own quotes. */
	err_set(p->err, 400, ST_INVALID_FILTER,
	    p->tok == FT_STRING ? "expected %s at offset %zu, found string %.*s%s" :
	    "expected %s at offset %zu, found \"%.*s\"%s", what, p->tok_off,
	    (int)n, p->text + p->tok_off, n < p->tok_len ? "..." : "");
}

static int
expect(struct parser *p, enum scim_ftok t, const char *what)
{
	if (peek(p) != t) {
		fail_expected(p, what);
		return -1;
	}
	consume(p);
	return 0;
}

static int
enter(struct parser *p, size_t off)
{
	if (++p->depth > SCIM_FILTER_MAX_DEPTH)
		return err_set(p->err, 400, ST_INVALID_FILTER,
		    "filter nesting exceeds the maximum depth of %d at offset %zu",
		    SCIM_FILTER_MAX_DEPTH, off);
	return 0;
}

static struct query_node *
new_node(struct parser *p, enum query_op op, size_t off)
{
	struct query_node	*n = arena_alloc(p->a, sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->op = op;
	n->offset = (int)off;
	return n;
}

/* ATTRNAME = ALPHA *(nameChar); "$ref" is allowed as RFC 7643 uses it. */
static int
valid_name(const char *s, size_t n)
{
	size_t	i;

	if (n == 4 && memcmp(s, "$ref", 4) == 0)
		return 1;
	if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (i = 1; i < n; i++) {
		char	c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

/*
 * attrPath = [URI ":"] ATTRNAME *1subAttr, read from the peeked word.
 * The URN is everything before the last ':' (URNs contain ':' and '.',
 * attribute names contain neither), the rest splits at its one '.'.
 * With `bare` set (after `].` and inside nothing else) only a single
 * ATTRNAME is accepted.
 */
static int
parse_path(struct parser *p, struct query_path *out, int bare)
{
	const char	*w, *name, *colon, *dot, *c;
	size_t		 n, nlen;

	if (peek(p) != FT_WORD || is_reserved(p->text + p->tok_off, p->tok_len)) {
		fail_expected(p, bare ? "sub-attribute name" : "attribute path");
		return -1;
	}
	w = p->text + p->tok_off;
	n = p->tok_len;
	memset(out, 0, sizeof(*out));
	name = w;
	colon = NULL;
	if (!bare)
		for (c = w; c < w + n; c++)
			if (*c == ':')
				colon = c;
	if (colon != NULL) {
		if (colon == w)
			goto bad;
		out->urn = arena_strndup(p->a, w, (size_t)(colon - w));
		name = colon + 1;
	}
	nlen = (size_t)(w + n - name);
	dot = memchr(name, '.', nlen);
	if (dot != NULL) {
		if (bare || !valid_name(dot + 1, (size_t)(name + nlen - dot - 1)))
			goto bad;
		out->sub = arena_strndup(p->a, dot + 1, (size_t)(name + nlen - dot - 1));
		nlen = (size_t)(dot - name);
	}
	if (!valid_name(name, nlen))
		goto bad;
	out->attr = arena_strndup(p->a, name, nlen);
	consume(p);
	return 0;
bad:
	return err_set(p->err, 400, ST_INVALID_FILTER,
	    "invalid attribute path \"%.*s\" at offset %zu",
	    (int)(n > 80 ? 80 : n), w, p->tok_off);
}

static const struct {
	const char	*kw;
	enum query_op	 op;
} compare_ops[] = {
	{ "eq", Q_EQ }, { "ne", Q_NE }, { "co", Q_CO }, { "sw", Q_SW },
	{ "ew", Q_EW }, { "gt", Q_GT }, { "ge", Q_GE }, { "lt", Q_LT },
	{ "le", Q_LE }, { "pr", Q_PR },
};

static int
parse_op(struct parser *p, enum query_op *op)
{
	size_t	i;

	for (i = 0; i < sizeof(compare_ops) / sizeof(compare_ops[0]); i++)
		if (peek_word(p, compare_ops[i].kw)) {
			*op = compare_ops[i].op;
			consume(p);
			return 0;
		}
	fail_expected(p, "comparison operator");
	return -1;
}

/*
 * compValue = false / null / true / number / string.
 *
 * Tolerance: a bare word that is none of those is read as a string, so
 * `externalId eq jyoung` (an unquoted value in Microsoft's Entra
 * provisioning docs) matches externalId "jyoung" instead of failing the
 * IdP's user lookup. Nothing valid changes meaning: RFC filters never
 * have a bare word in value position. The reserved words and/or/not stay
 * errors, since `a eq and b pr` is a typo, not a value. true/false/null
 * are recognised in any case, like the operators.
 */
static int
parse_value(struct parser *p, struct query_value *v)
{
	const char	*w;
	size_t		 n, bad;
	const char	*why;
	char		*end;

	memset(v, 0, sizeof(*v));
	if (peek(p) == FT_STRING) {
		v->type = QV_STRING;
		v->str = scim_filter_unquote(p->a, p->text + p->tok_off,
		    p->tok_len, &bad, &why);
		if (v->str == NULL)
			return err_set(p->err, 400, ST_INVALID_FILTER,
			    "%s at offset %zu", why, p->tok_off + bad);
		consume(p);
		return 0;
	}
	if (p->tok == FT_UNTERMINATED)
		return err_set(p->err, 400, ST_INVALID_FILTER,
		    "unterminated string at offset %zu", p->tok_off);
	if (p->tok != FT_WORD || is_reserved(p->text + p->tok_off, p->tok_len)) {
		fail_expected(p, "comparison value");
		return -1;
	}
	w = p->text + p->tok_off;
	n = p->tok_len;
	if (peek_word(p, "true") || peek_word(p, "false")) {
		v->type = QV_BOOL;
		v->boolean = (n == 4);
	} else if (peek_word(p, "null")) {
		v->type = QV_NULL;
	} else if (scim_filter_is_number(w, n)) {
		v->type = QV_NUMBER;
		v->str = arena_strndup(p->a, w, n);
		errno = 0;
		v->num = strtod(v->str, &end);
		if (errno == ERANGE && !isfinite(v->num))
			return err_set(p->err, 400, ST_INVALID_FILTER,
			    "number out of range at offset %zu", p->tok_off);
	} else {
		v->type = QV_STRING;
		v->str = arena_strndup(p->a, w, n);
	}
	consume(p);
	return 0;
}

/* The rest of an attrExp once its path is read: "pr" or op + value. */
static struct query_node *
parse_comparison(struct parser *p, const struct query_path *path, size_t off)
{
	struct query_node	*n;
	enum query_op		 op;

	if (parse_op(p, &op) == -1)
		return NULL;
	n = new_node(p, op, off);
	n->path = *path;
	if (op != Q_PR && parse_value(p, &n->value) == -1)
		return NULL;
	return n;
}

/*
 * valuePath = attrPath "[" valFilter "]", optionally followed by Entra's
 * `.subAttr op value`, which is folded into the bracket filter as
 * query.h documents: path[F].sub op v ≡ path[F and sub op v].
 */
static struct query_node *
parse_value_path(struct parser *p, const struct query_path *path, size_t off)
{
	struct query_node	*vp, *leaf, *both;
	struct query_path	 sub;
	size_t			 sub_off;

	if (p->in_valpath) {
		err_set(p->err, 400, ST_INVALID_FILTER,
		    "value paths cannot be nested, at offset %zu", off);
		return NULL;
	}
	if (path->sub != NULL) {
		err_set(p->err, 400, ST_INVALID_FILTER,
		    "value path on sub-attribute \"%s.%s\" at offset %zu",
		    path->attr, path->sub, off);
		return NULL;
	}
	if (enter(p, p->tok_off) == -1)
		return NULL;
	consume(p);			/* "[" */
	vp = new_node(p, Q_VALUEPATH, off);
	vp->path = *path;
	p->in_valpath = 1;
	vp->left = parse_or(p);
	p->in_valpath = 0;
	if (vp->left == NULL || expect(p, FT_RBRACK, "\"]\"") == -1)
		return NULL;
	p->depth--;
	if (peek(p) != FT_DOT)
		return vp;
	consume(p);
	peek(p);
	sub_off = p->tok_off;
	if (parse_path(p, &sub, 1) == -1)
		return NULL;
	leaf = parse_comparison(p, &sub, sub_off);
	if (leaf == NULL)
		return NULL;
	both = new_node(p, Q_AND, sub_off);
	both->left = vp->left;
	both->right = leaf;
	vp->left = both;
	return vp;
}

/* unary = "not" "(" filter ")" / "(" filter ")" / attrExp / valuePath */
static struct query_node *
parse_unary(struct parser *p)
{
	struct query_node	*n, *inner;
	struct query_path	 path;
	size_t			 off;

	peek(p);
	off = p->tok_off;
	if (peek_word(p, "not")) {
		consume(p);
		if (peek(p) != FT_LPAREN) {
			fail_expected(p, "\"(\" after \"not\"");
			return NULL;
		}
		if (enter(p, p->tok_off) == -1)
			return NULL;
		consume(p);
		inner = parse_or(p);
		if (inner == NULL || expect(p, FT_RPAREN, "\")\"") == -1)
			return NULL;
		p->depth--;
		n = new_node(p, Q_NOT, off);
		n->left = inner;
		return n;
	}
	if (p->tok == FT_LPAREN) {
		if (enter(p, off) == -1)
			return NULL;
		consume(p);
		inner = parse_or(p);
		if (inner == NULL || expect(p, FT_RPAREN, "\")\"") == -1)
			return NULL;
		p->depth--;
		return inner;
	}
	if (parse_path(p, &path, 0) == -1)
		return NULL;
	if (peek(p) == FT_LBRACK)
		return parse_value_path(p, &path, off);
	return parse_comparison(p, &path, off);
}

/*
 * A left-associative chain `next *(SP word SP next)` of operator op: both
 * andExp (over unary) and filter (over andExp) have this shape.
 */
static struct query_node *
parse_chain(struct parser *p, const char *word, enum query_op op,
    struct query_node *(*next)(struct parser *))
{
	struct query_node	*left, *n;
	size_t			 off;

	left = next(p);
	while (left != NULL && peek_word(p, word)) {
		off = p->tok_off;
		consume(p);
		n = new_node(p, op, off);
		n->left = left;
		n->right = next(p);
		left = n->right != NULL ? n : NULL;
	}
	return left;
}

/* andExp = unary *(SP "and" SP unary) */
static struct query_node *
parse_and(struct parser *p)
{
	return parse_chain(p, "and", Q_AND, parse_unary);
}

/* filter = andExp *(SP "or" SP andExp) */
static struct query_node *
parse_or(struct parser *p)
{
	return parse_chain(p, "or", Q_OR, parse_and);
}

int
scim_filter_parse(struct query_node **out, struct arena *a, const char *text,
    struct err *err)
{
	struct parser		 p;
	struct query_node	*n;
	size_t			 len, bad;

	*out = NULL;
	len = strlen(text);
	if (len > SCIM_FILTER_MAX_LEN)
		return err_set(err, 400, ST_INVALID_FILTER,
		    "filter is too long (%zu bytes, maximum %d)", len,
		    SCIM_FILTER_MAX_LEN);
	bad = scim_filter_utf8_check(text, len);
	if (bad != len)
		return err_set(err, 400, ST_INVALID_FILTER,
		    "invalid UTF-8 byte sequence at offset %zu", bad);
	memset(&p, 0, sizeof(p));
	p.a = a;
	p.text = text;
	p.len = len;
	p.err = err;
	if (peek(&p) == FT_END)
		return err_set(err, 400, ST_INVALID_FILTER, "filter is empty");
	n = parse_or(&p);
	if (n == NULL)
		return -1;
	if (peek(&p) != FT_END) {
		fail_expected(&p, "\"and\", \"or\" or end of filter");
		return -1;
	}
	*out = n;
	return 0;
}
