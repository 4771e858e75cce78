/* SPDX-License-Identifier: MIT */
/*
 * storage/sqlstate.c
 *
 * The one place where SQLSTATEs become scimd errors. Clients see a
 * status and a safe detail; the database's own text goes to the log.
 */
#include <string.h>

#include "domain/base/log.h"
#include "storage/conn_int.h"

int
db_err_from_result(struct err *err, const PGresult *res, const PGconn *pg)
{
	const char	*state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char	*msg = res ? PQresultErrorMessage(res) : PQerrorMessage(pg);

	if (state == NULL || strncmp(state, "08", 2) == 0 ||
	    PQstatus(pg) != CONNECTION_OK) {
		log_error("database connection problem (sqlstate %s): %s",
		    state ? state : "none", msg);
		err_set(err, 503, ST_NONE, "database unavailable");
		err->retry = ERR_RETRY_CONN;
		/* Workers reconnect within a second (storage/conn.c). */
		err->retry_after = 1;
		return -1;
	}
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0) {
		err_set(err, 503, ST_NONE,
		    "the change conflicted with concurrent changes; retry");
		err->retry = ERR_RETRY_TX;
		err->retry_after = 1;
		return -1;
	}
	if (strcmp(state, "23505") == 0)
		return err_set(err, 409, ST_UNIQUENESS,
		    "a resource with this unique attribute already exists");
	if (strcmp(state, "57014") == 0) {
		log_warn("statement timed out (sqlstate 57014)");
		err_set(err, 503, ST_NONE, "the request took too long; retry");
		err->retry_after = 1;
		return -1;
	}
	if (strncmp(state, "22", 2) == 0) {
		log_warn("data exception (sqlstate %s): %s", state, msg);
		return err_set(err, 400, ST_INVALID_VALUE, "invalid value");
	}
	log_error("database error (sqlstate %s): %s", state, msg);
	return err_internal(err);
}
