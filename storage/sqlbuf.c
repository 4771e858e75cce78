/* SPDX-License-Identifier: MIT */
/*
 * storage/sqlbuf.c
 *
 * SQL text builder; see sqlbuf.h for the one rule it exists to keep.
 */
#include "storage/sqlbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
db_sqlbuf_init(struct db_sqlbuf *b, struct arena *a)
{
	memset(b, 0, sizeof(*b));
	b->a = a;
	b->cap = 256;
	b->text = arena_alloc(a, b->cap);
}

static void
grow(struct db_sqlbuf *b, size_t extra)
{
	char	*n;
	size_t	 cap = b->cap;

	if (b->len + extra + 1 <= cap)
		return;
	while (b->len + extra + 1 > cap)
		cap *= 2;
	n = arena_alloc(b->a, cap);
	memcpy(n, b->text, b->len + 1);
	b->text = n;
	b->cap = cap;
}

void
db_sqlbuf_add(struct db_sqlbuf *b, const char *sql)
{
	size_t	n = strlen(sql);

	grow(b, n);
	memcpy(b->text + b->len, sql, n + 1);
	b->len += n;
}

void
db_sqlbuf_addf(struct db_sqlbuf *b, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->text + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

int
db_sqlbuf_param(struct db_sqlbuf *b, const char *value)
{
	if (b->nparams >= DB_SQL_MAX_PARAMS) {
		b->overflow = 1;
		return DB_SQL_MAX_PARAMS;
	}
	b->params[b->nparams++] = value ? arena_strdup(b->a, value) : NULL;
	return b->nparams;
}

void
db_sqlbuf_addp(struct db_sqlbuf *b, const char *value)
{
	db_sqlbuf_addf(b, "$%d", db_sqlbuf_param(b, value));
}

const char *
db_array_literal(struct arena *a, const char *const *v, size_t n)
{
	size_t	 i, cap = 3, len = 0;
	char	*buf;

	for (i = 0; i < n; i++)
		cap += (v[i] ? 2 * strlen(v[i]) : 4) + 3;
	buf = arena_alloc(a, cap);
	buf[len++] = '{';
	for (i = 0; i < n; i++) {
		const char	*s;

		if (i > 0)
			buf[len++] = ',';
		if (v[i] == NULL) {
			memcpy(buf + len, "NULL", 4);
			len += 4;
			continue;
		}
		buf[len++] = '"';
		for (s = v[i]; *s != '\0'; s++) {
			if (*s == '"' || *s == '\\')
				buf[len++] = '\\';
			buf[len++] = *s;
		}
		buf[len++] = '"';
	}
	buf[len++] = '}';
	buf[len] = '\0';
	return buf;
}
