/* SPDX-License-Identifier: MIT */
/*
 * storage/sql_filter_roles.c
 *
 * Users' `roles` in filters. The stored resource holds no roles: the
 * renderer (scim/model/resource.c) shows one element, `{"value": R}`,
 * where R is the role held, the stronger of the member row's role and
 * the role its groups grant (schema_role_held). The filter reads the
 * same two sources in SQL: m.role and db_member_group_role, the
 * group_role column the renderer is given, combined in the order of
 * schema_roles. The element has no display, type or primary, so a
 * positive leaf on those is false, as the evaluator finds on the
 * rendered resource.
 */
#include "storage/sql_int.h"

#include <string.h>

#include "storage/stmt_int.h"

int
db_sql_is_roles(const struct sqlc *c, const struct schema_ref *r)
{
	return !c->is_group && r->schema == c->rt->core &&
	    strcmp(r->attr->name, "roles") == 0;
}

/* ARRAY['owner', …]: the roles strongest first, as schema_role_rank. */
static const char *
rank_array(struct sqlc *c)
{
	const char	*s = "ARRAY[";
	size_t		 i;

	for (i = 0; schema_roles[i] != NULL; i++)
		s = arena_printf(c->b->a, "%s%s'%s'", s, i ? ", " : "",
		    db_sql_key(schema_roles[i]));
	return arena_printf(c->b->a, "%s]::text[]", s);
}

/*
 * The group's role wins when it ranks and the direct one does not or
 * ranks lower; array_position gives NULL for no role, and a NULL
 * comparison falls to the direct role, as in schema_role_held.
 */
void
db_sql_roles_open(struct sqlc *c, int alias)
{
	const char	*ranks = rank_array(c);

	db_sqlbuf_addf(c->b, "EXISTS (SELECT 1 FROM (SELECT CASE WHEN "
	    "array_position(%s, rg%d.g) < COALESCE(array_position(%s, m.role), "
	    "2147483647) THEN rg%d.g ELSE m.role END FROM (SELECT %s) AS "
	    "rg%d(g)) AS r%d(v)", ranks, alias, ranks, alias,
	    db_member_group_role, alias, alias);
}

int
db_sql_emit_role(struct sqlc *c, const struct query_node *n,
    const struct schema_attr *t, int alias)
{
	struct sqlc_operand	o = { NULL, NULL };

	if (strcmp(t->name, "value") != 0) {
		if (db_sql_fits(c, n, t) == -1)
			return -1;
		db_sql_add(c, "FALSE");		/* never rendered */
		return 0;
	}
	o.text = arena_printf(c->b->a, "r%d.v", alias);
	return db_sql_emit_operand(c, &o, n, t);
}
