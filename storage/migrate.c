/* SPDX-License-Identifier: MIT */
/*
 * storage/migrate.c
 *
 * Applies the embedded migrations in order. An advisory lock serialises
 * concurrent `scimd migrate` / `scimd serve` start-ups on one database.
 */
#include "storage/db.h"
#include "storage/migrate.h"

#include <string.h>

#include "domain/base/log.h"
#include "storage/conn_int.h"

#define MIGRATE_LOCK	"7310422"	/* any constant shared by all scimd */

static int
is_applied(struct db_conn *c, const char *name, int *applied, struct err *err)
{
	const char	*p[1] = { name };
	PGresult	*res;

	res = PQexecParams(c->pg,
	    "SELECT 1 FROM schema_migrations WHERE version = $1",
	    1, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		db_err_from_result(err, res, c->pg);
		PQclear(res);
		return -1;
	}
	*applied = PQntuples(res) > 0;
	PQclear(res);
	return 0;
}

static int
apply_one(struct db_conn *c, const struct db_migration *m, struct err *err)
{
	const char	*p[1] = { m->name };
	PGresult	*res;

	if (db_exec_simple(c, "BEGIN", err) == -1)
		return -1;
	if (db_exec_simple(c, m->sql, err) == -1)
		goto fail;
	res = PQexecParams(c->pg,
	    "INSERT INTO schema_migrations (version) VALUES ($1)",
	    1, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		db_err_from_result(err, res, c->pg);
		PQclear(res);
		goto fail;
	}
	PQclear(res);
	if (db_exec_simple(c, "COMMIT", err) == -1)
		goto fail;
	log_info("applied migration %s", m->name);
	return 0;
fail:
	log_error("migration %s failed", m->name);
	{
		struct err	ignored = { 0 };

		db_exec_simple(c, "ROLLBACK", &ignored);
	}
	return -1;
}

int
db_migrate(struct db_conn *c, int *napplied, struct err *err)
{
	struct err	 ignored = { 0 };
	int		 i, done, rc = -1;

	*napplied = 0;
	if (db_exec_simple(c, "SELECT pg_advisory_lock(" MIGRATE_LOCK ")", err) == -1)
		return -1;
	if (db_exec_simple(c, "SET client_min_messages = warning", err) == -1 ||
	    db_exec_simple(c, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version text PRIMARY KEY, "
	    "applied_at timestamptz NOT NULL DEFAULT now())", err) == -1)
		goto out;
	for (i = 0; db_migrations[i].name != NULL; i++) {
		if (is_applied(c, db_migrations[i].name, &done, err) == -1)
			goto out;
		if (done)
			continue;
		if (apply_one(c, &db_migrations[i], err) == -1)
			goto out;
		(*napplied)++;
	}
	rc = 0;
out:
	db_exec_simple(c, "SELECT pg_advisory_unlock(" MIGRATE_LOCK ")", &ignored);
	return rc;
}
