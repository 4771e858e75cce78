/* SPDX-License-Identifier: MIT */
/*
 * storage/migrate.h
 *
 * Schema migrations: plain .sql files under storage/migrations, embedded
 * at build time and applied in name order, each in its own transaction,
 * recorded in schema_migrations.
 */
#ifndef SCIMD_MIGRATE_H
#define SCIMD_MIGRATE_H

struct db_migration {
	const char	*name;		/* file name without .sql */
	const char	*sql;
};

/* NULL-terminated, sorted by name (generated). */
extern const struct db_migration db_migrations[];

#endif
