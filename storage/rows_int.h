/* SPDX-License-Identifier: MIT */
/*
 * storage/rows_int.h
 *
 * Decoding a whole result into an array of typed rows, the shape every
 * listing shares; each file keeps its own decoder of one row.
 * Directory-private.
 */
#ifndef SCIMD_ROWS_INT_H
#define SCIMD_ROWS_INT_H

#include <stddef.h>

#include <libpq-fe.h>

#include "domain/base/arena.h"

/*
 * Decodes every row of res into a new zeroed array of `size`-byte
 * elements in a, one more than the rows (so a list of pointers ends with
 * NULL), calling decode(element, a, res, i) for row i; sets *n to the
 * number of rows. Consumes res (PQclear). Returns the array, or NULL
 * without touching *n when res is NULL: the query failed and set its
 * error already, so callers can pass db_exec_*() straight in.
 */
void	*db_rows_decode(size_t *n, PGresult *res, struct arena *a,
	    size_t size, void (*decode)(void *row, struct arena *a,
	    const PGresult *res, int i));

/* A decoder for one text column: the row is a `const char *`. */
void	 db_row_text(void *row, struct arena *a, const PGresult *res, int i);

#endif
