/* SPDX-License-Identifier: MIT */
/*
 * storage/rows.c
 *
 * The loop of every listing: rows of a result into an arena array.
 */
#include "storage/rows_int.h"

#include "storage/conn_int.h"

void *
db_rows_decode(size_t *n, PGresult *res, struct arena *a, size_t size,
    void (*decode)(void *row, struct arena *a, const PGresult *res, int i))
{
	char	*rows;
	int	 i, nt;

	if (res == NULL)
		return NULL;
	nt = PQntuples(res);
	rows = arena_alloc(a, (size_t)(nt + 1) * size);
	for (i = 0; i < nt; i++)
		decode(rows + (size_t)i * size, a, res, i);
	*n = (size_t)nt;
	PQclear(res);
	return rows;
}

void
db_row_text(void *row, struct arena *a, const PGresult *res, int i)
{
	*(const char **)row = db_col(a, res, i, 0);
}
