/* SPDX-License-Identifier: MIT */
/*
 * storage/sqlbuf.h
 *
 * A growing SQL text with its bound parameters. Request values only ever
 * enter as parameters ($n); the text holds constants and $n references.
 * Everything lives in the arena given at init.
 */
#ifndef SCIMD_SQLBUF_H
#define SCIMD_SQLBUF_H

#include <stddef.h>

#include "domain/base/arena.h"

#define DB_SQL_MAX_PARAMS	256

struct db_sqlbuf {
	struct arena	*a;
	char		*text;
	size_t		 len;
	size_t		 cap;
	const char	*params[DB_SQL_MAX_PARAMS];
	int		 nparams;
	int		 overflow;	/* set when a parameter did not fit */
};

void	db_sqlbuf_init(struct db_sqlbuf *, struct arena *);
/* Appends trusted SQL text (never a request value). */
void	db_sqlbuf_add(struct db_sqlbuf *, const char *sql);
void	db_sqlbuf_addf(struct db_sqlbuf *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Binds `value` (copied into the arena; NULL binds SQL NULL) and returns
 * its 1-based number for "$n". On overflow sets b->overflow and returns
 * the last slot; callers check overflow once at the end.
 */
int	db_sqlbuf_param(struct db_sqlbuf *, const char *value);
/* Binds value and appends "$n" in one step. */
void	db_sqlbuf_addp(struct db_sqlbuf *, const char *value);

/*
 * A PostgreSQL array literal ({"a","b",NULL}) of n strings, every element
 * quoted and escaped; NULL entries become NULL.
 * Bound as one parameter, never spliced.
 */
const char *db_array_literal(struct arena *, const char *const *v, size_t n);

#endif
