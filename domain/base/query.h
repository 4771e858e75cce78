/* SPDX-License-Identifier: MIT */
/*
 * domain/base/query.h
 *
 * The neutral filter AST (RFC 7644 §3.4.2.2). scim/ parses filter text
 * into it, storage/ compiles it to parameterised SQL, and scim/ evaluates
 * it in memory for PATCH value paths. Nodes live in a request arena.
 */
#ifndef SCIMD_QUERY_H
#define SCIMD_QUERY_H

enum query_op {
	Q_EQ, Q_NE, Q_CO, Q_SW, Q_EW, Q_GT, Q_GE, Q_LT, Q_LE,
	Q_PR,			/* path present; no value */
	Q_AND, Q_OR,		/* left, right */
	Q_NOT,			/* left */
	Q_VALUEPATH		/* path[left]: path names a multi-valued attribute */
};

enum query_vtype {
	QV_NONE,		/* Q_PR, logical nodes */
	QV_STRING,		/* str (decoded, NUL-terminated UTF-8) */
	QV_NUMBER,		/* num, and str holds the literal text */
	QV_BOOL,		/* boolean */
	QV_NULL
};

/*
 * An attribute path: `urn` is the schema URN when the filter was written
 * with one (e.g. the enterprise extension), else NULL; `attr` the
 * attribute name and `sub` the sub-attribute or NULL. Names keep the
 * spelling of the filter text; comparisons against the schema are
 * case-insensitive. Inside a Q_VALUEPATH's filter, paths are relative to
 * the multi-valued attribute (`attr` is the sub-attribute name).
 */
struct query_path {
	const char	*urn;
	const char	*attr;
	const char	*sub;
};

struct query_value {
	enum query_vtype type;
	const char	*str;
	double		 num;
	int		 boolean;
};

/*
 * The Entra form `emails[type eq "work"].value eq "x"` is normalised by
 * the parser into Q_VALUEPATH(emails, AND(type eq "work", value eq "x")),
 * which means the same thing: one element satisfies both.
 */
struct query_node {
	enum query_op		 op;
	struct query_path	 path;
	struct query_value	 value;
	struct query_node	*left;
	struct query_node	*right;
	int			 offset;	/* byte offset in the filter text */
};

/*
 * Cursor paging (RFC 9865) of a list query. `in` is the cursor the client
 * sent ("" asks for the first page) and `bind` the request's canonical
 * query text; storage checks `in` against both and fills `next` and
 * `prev` (NULL when there is no such page). Cursors are opaque to every
 * layer but storage/cursor.c.
 */
struct query_cursor {
	const char	*in;
	const char	*bind;
	const char	*next;		/* out */
	const char	*prev;		/* out */
};

#endif
