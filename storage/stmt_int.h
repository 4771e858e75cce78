/* SPDX-License-Identifier: MIT */
/*
 * storage/stmt_int.h
 *
 * The prepared statement table (storage/stmt.c).
 */
#ifndef SCIMD_STMT_INT_H
#define SCIMD_STMT_INT_H

#include "storage/conn_int.h"

struct db_stmt_def {
	const char	*name;
	const char	*sql;
	int		 nparams;
};

extern const struct db_stmt_def	db_stmts[STMT__COUNT];

/* The member select list, in the column order member.c decodes. */
extern const char		db_member_cols[];
/*
 * The role member `m` holds through its groups (NULL for none), the
 * group_role column of db_member_cols; the filter compiler reads the
 * same source (storage/sql_filter_roles.c).
 */
extern const char		db_member_group_role[];

#endif
