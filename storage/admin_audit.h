/* SPDX-License-Identifier: MIT */
/*
 * storage/admin_audit.h
 *
 * Reading the audit trail back for operators. Events are written by
 * db_audit_insert (storage/org.h). Strings are copied into the arena.
 */
#ifndef SCIMD_ST_ADMIN_AUDIT_H
#define SCIMD_ST_ADMIN_AUDIT_H

#include <stddef.h>

#include "domain/base/admin_row.h"
#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "storage/db.h"

/*
 * The org's events matching q, oldest first, at most q->limit. A target
 * matches the member id, the userName recorded in the event, or the
 * userName the member has now. *rows is an arena array of *n events.
 */
int	db_audit_list(struct audit_row **rows, size_t *n, struct db_conn *,
	    struct arena *, const char *org_id, const struct audit_query *q,
	    struct err *err);

#endif
