/* SPDX-License-Identifier: MIT */
/*
 * scim/filter/filter_print.c
 *
 * The canonical text of a filter AST, for the parser's data-file tests and
 * for logs. Every node is fully parenthesised so the text shows exactly
 * how precedence was applied:
 *
 *   (userName eq "bjensen")          attribute expression
 *   (title pr)                       presence
 *   ((a eq "x") and (b pr))          and / or
 *   (not (a eq "x"))                 not
 *   emails[(type eq "work")]         value path
 *
 * Operators and keywords print in lower case; attribute names keep the
 * spelling of the filter; strings are JSON-quoted (so a bare value prints
 * quoted) and numbers keep their literal text, so 12 and "12" differ.
 */
#include "scim/filter/filter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pbuf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

static void
put(struct pbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 128;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
puts_(struct pbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void
put_string(struct pbuf *b, const char *s)
{
	char	esc[8];

	put(b, "\"", 1);
	for (; *s != '\0'; s++) {
		unsigned char	c = (unsigned char)*s;

		switch (c) {
		case '"':  puts_(b, "\\\""); break;
		case '\\': puts_(b, "\\\\"); break;
		case '\b': puts_(b, "\\b"); break;
		case '\f': puts_(b, "\\f"); break;
		case '\n': puts_(b, "\\n"); break;
		case '\r': puts_(b, "\\r"); break;
		case '\t': puts_(b, "\\t"); break;
		default:
			if (c < 0x20 || c == 0x7f) {
				snprintf(esc, sizeof(esc), "\\u%04x", c);
				puts_(b, esc);
			} else
				put(b, s, 1);
		}
	}
	put(b, "\"", 1);
}

static void
put_path(struct pbuf *b, const struct query_path *p)
{
	if (p->urn != NULL) {
		puts_(b, p->urn);
		put(b, ":", 1);
	}
	puts_(b, p->attr);
	if (p->sub != NULL) {
		put(b, ".", 1);
		puts_(b, p->sub);
	}
}

static const char *const op_names[] = {
	[Q_EQ] = "eq", [Q_NE] = "ne", [Q_CO] = "co", [Q_SW] = "sw",
	[Q_EW] = "ew", [Q_GT] = "gt", [Q_GE] = "ge", [Q_LT] = "lt",
	[Q_LE] = "le", [Q_PR] = "pr", [Q_AND] = "and", [Q_OR] = "or",
	[Q_NOT] = "not",
};

static void
put_node(struct pbuf *b, const struct query_node *n)
{
	switch (n->op) {
	case Q_AND:
	case Q_OR:
		put(b, "(", 1);
		put_node(b, n->left);
		put(b, " ", 1);
		puts_(b, op_names[n->op]);
		put(b, " ", 1);
		put_node(b, n->right);
		put(b, ")", 1);
		return;
	case Q_NOT:
		/* The grammar wants "not (": a bare value path is no group. */
		if (n->left->op == Q_VALUEPATH) {
			puts_(b, "(not (");
			put_node(b, n->left);
			puts_(b, "))");
			return;
		}
		puts_(b, "(not ");
		put_node(b, n->left);
		put(b, ")", 1);
		return;
	case Q_VALUEPATH:
		put_path(b, &n->path);
		put(b, "[", 1);
		put_node(b, n->left);
		put(b, "]", 1);
		return;
	default:
		break;
	}
	put(b, "(", 1);
	put_path(b, &n->path);
	put(b, " ", 1);
	puts_(b, op_names[n->op]);
	switch (n->op == Q_PR ? QV_NONE : n->value.type) {
	case QV_STRING:
		put(b, " ", 1);
		put_string(b, n->value.str);
		break;
	case QV_NUMBER:
		put(b, " ", 1);
		puts_(b, n->value.str);
		break;
	case QV_BOOL:
		puts_(b, n->value.boolean ? " true" : " false");
		break;
	case QV_NULL:
		puts_(b, " null");
		break;
	case QV_NONE:
		break;
	}
	put(b, ")", 1);
}

const char *
scim_filter_print(const struct query_node *n, struct arena *a)
{
	struct pbuf	 b = { 0 };
	const char	*out;

	put_node(&b, n);
	out = arena_strndup(a, b.s, b.len);
	free(b.s);
	return out;
}
