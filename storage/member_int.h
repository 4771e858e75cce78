/* SPDX-License-Identifier: MIT */
/*
 * storage/member_int.h
 *
 * Decoding member rows selected with db_member_cols, shared by the
 * storage/ files that select members.
 */
#ifndef SCIMD_MEMBER_INT_H
#define SCIMD_MEMBER_INT_H

#include <libpq-fe.h>

#include "domain/base/arena.h"
#include "domain/base/member_row.h"
#include "storage/stmt_int.h"

void	db_member_decode(struct member_row *m, struct arena *a,
	    const PGresult *res, int row);

#endif
