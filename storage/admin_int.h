/* SPDX-License-Identifier: MIT */
/*
 * storage/admin_int.h
 *
 * What the operator queries (storage/admin*.c) share; not for use
 * elsewhere.
 */
#ifndef SCIMD_ST_ADMIN_INT_H
#define SCIMD_ST_ADMIN_INT_H

#include "domain/base/err.h"
#include "storage/db.h"

/* A timestamptz column as ISO 8601 UTC with milliseconds, NULL stays NULL. */
#define DB_ISO_MS(col)	"to_char(" col " AT TIME ZONE 'UTC', " \
			"'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

/*
 * Executes a fixed write (db_exec_params) and sets *n to the number of
 * rows it changed.
 */
int	db_exec_count(long long *n, struct db_conn *, const char *sql,
	    int nparams, const char *const *params, struct err *err);

#endif
