/* SPDX-License-Identifier: MIT */
/*
 * domain/admin_audit.c
 *
 * The audit log as operators read it: rows, oldest first. Rendering
 * them (JSON lines) is the caller's (scim/admin/admin_json.c).
 */
#include "domain/admin.h"

#include "storage/admin.h"
#include "storage/admin_audit.h"

#define ADMIN_AUDIT_DEFAULT_LIMIT	1000

int
dom_admin_audit(struct audit_row **out, size_t *n, struct db_conn *c,
    struct arena *a, const char *org_id, const struct audit_query *q,
    struct err *err)
{
	struct audit_query	 lq = *q;
	const char		*name;

	if (lq.limit <= 0)
		lq.limit = ADMIN_AUDIT_DEFAULT_LIMIT;
	if (db_org_name(&name, c, a, org_id, err) == -1)
		return -1;
	return db_audit_list(out, n, c, a, org_id, &lq, err);
}
