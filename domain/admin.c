/* SPDX-License-Identifier: MIT */
/*
 * domain/admin.c
 *
 * What every operator action shares (domain/admin_int.h): one
 * transaction per action, guard refusals audited with their target,
 * operator events. The actions are in domain/admin_org.c,
 * domain/admin_roles.c, domain/admin_keys.c and domain/admin_audit.c.
 */
#include "domain/admin_int.h"


#include "storage/admin.h"
#include "storage/db.h"
#include "storage/member.h"

int
dom_admin_tx(struct db_conn *c, const char *org_id,
    int (*body)(struct db_conn *, void *, struct err *), void *arg,
    const struct admin_target *who, struct err *err)
{
	struct dom_actor	actor = { .org_id = org_id };

	if (db_tx_run(c, 0, body, arg, err) == 0)
		return 0;
	if (err->status != 409 || err->type != ST_NONE || org_id == NULL)
		return -1;
	if (who != NULL && who->group_id != NULL)
		dom_audit_group_refusal(c, &actor, who->group_id,
		    who->group_name, "operator change", err);
	else
		dom_audit_refusal(c, &actor, who ? who->member : NULL, NULL,
		    "operator change", err);
	return -1;
}

void
dom_admin_event(struct dom_audit *e, const char *org_id, const char *action)
{
	dom_audit_init(e, NULL, action);
	dom_audit_org(e, org_id);
	dom_audit_add_str(e, "by", "operator");
}

int
dom_admin_lock(struct db_org_policy *pol, struct db_conn *c,
    const char *org_id, struct err *err)
{
	if (!db_uuid_valid(org_id))
		return err_set(err, 404, ST_NONE, "organization not found");
	return db_org_lock(pol, c, org_id, err);
}

int
dom_admin_member(struct member_row *out, struct db_conn *c, struct arena *a,
    const char *org_id, const char *member, struct err *err)
{
	const char	*id, *role;
	int		 active;

	if (db_member_resolve(&id, &role, &active, c, a, org_id, member,
	    err) == -1)
		return -1;
	return db_member_get(out, c, a, org_id, id, 0, err);
}
