/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_pg_group.c
 *
 * Groups against a real PostgreSQL: membership deltas (add, remove,
 * clear, and what they skip), displayName unique per organization
 * whatever its case, read, update and delete. Needs
 * SCIMD_TEST_DATABASE_URL (pg_harness.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/member_row.h"
#include "storage/db.h"
#include "storage/group.h"
#include "storage/member.h"

#include "pg_harness.h"

static struct group_row
new_group(struct arena *a, const char *org, const char *name)
{
	struct db_group_write	 w = { name, NULL, "{}" };
	struct group_row	 g;
	struct err		 e = { 0 };

	h_ok(db_group_insert(&g, h_conn, a, org, &w, &e), &e);
	return g;
}

/* The display of member id in the loaded group g; fails when absent. */
static const char *
member_display(const struct group_row *g, const char *id)
{
	size_t	i;

	for (i = 0; i < g->nmembers; i++)
		if (strcmp(g->members[i].id, id) == 0)
			return g->members[i].display;
	fail_msg("member %s not in group %s", id, g->id);
	return NULL;
}

static long long
group_count(struct arena *a, const char *gid)
{
	return strtoll(h_value(a, "SELECT count(*) FROM group_members "
	    "WHERE group_id = '%s'", gid), NULL, 10);
}

static void
test_pg__group_apply_add(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = h_new_org(&a), *other = h_new_org(&a);
	struct member_row	 m1 = h_new_member(&a, org, "m1");
	struct member_row	 m2 = h_new_member(&a, org, "m2");
	struct member_row	 gone = h_new_member(&a, org, "gone");
	struct member_row	 alien = h_new_member(&a, other, "alien"), del;
	struct group_row	 g = new_group(&a, org, "Staff"), got;
	struct group_member_ref	 add[7];
	struct group_delta	 d;
	struct db_group_applied	 ap;

	(void)state;
	assert_int_equal(g.version, 1);
	assert_int_equal(g.members_loaded, 0);
	h_ok(db_member_soft_delete(&del, h_conn, &a, org, gone.id, &e), &e);
	add[0] = (struct group_member_ref){ m1.id, "First" };
	add[1] = (struct group_member_ref){ m2.id, NULL };
	add[2] = (struct group_member_ref){ m1.id, "First again" };	/* duplicate */
	add[3] = (struct group_member_ref){ "not-a-uuid", NULL };
	add[4] = (struct group_member_ref){ h_random_uuid, NULL };	/* nobody */
	add[5] = (struct group_member_ref){ alien.id, NULL };		/* other org */
	add[6] = (struct group_member_ref){ gone.id, NULL };		/* removed */
	memset(&d, 0, sizeof(d));
	d.add = add;
	d.nadd = 7;
	h_ok(db_group_apply(&ap, h_conn, &a, org, g.id, &d, &e), &e);
	assert_int_equal(ap.added, 2);
	assert_int_equal(ap.removed, 0);
	assert_int_equal(group_count(&a, g.id), 2);

	h_ok(db_group_get(&got, h_conn, &a, org, g.id, 0, 1, &e), &e);
	assert_int_equal(got.members_loaded, 1);
	assert_int_equal(got.nmembers, 2);
	/* Added in one statement: same created_at, so no order between them. */
	assert_string_equal(member_display(&got, m1.id), "First");
	assert_string_equal(member_display(&got, m2.id), "m2");	/* userName */

	/* Adding an existing member again changes nothing. */
	d.nadd = 2;
	h_ok(db_group_apply(&ap, h_conn, &a, org, g.id, &d, &e), &e);
	assert_int_equal(ap.added, 0);
	assert_int_equal(group_count(&a, g.id), 2);

	/* Without with_members nothing is loaded. */
	h_ok(db_group_get(&got, h_conn, &a, org, g.id, 0, 0, &e), &e);
	assert_int_equal(got.members_loaded, 0);
	assert_int_equal(got.nmembers, 0);
	arena_free(&a);
}

static void
test_pg__group_apply_remove_and_clear(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = h_new_org(&a);
	struct member_row	 m1 = h_new_member(&a, org, "r1");
	struct member_row	 m2 = h_new_member(&a, org, "r2");
	struct member_row	 m3 = h_new_member(&a, org, "r3");
	struct group_row	 g = new_group(&a, org, "Readers");
	struct group_row	 h = new_group(&a, org, "Writers");
	struct group_member_ref	 add[3] = { { m1.id, NULL }, { m2.id, NULL },
		{ m3.id, NULL } };
	const char		*rm[4] = { m1.id, "junk", h_random_uuid, m1.id };
	struct group_delta	 d;
	struct db_group_applied	 ap;
	long long		 removed;

	(void)state;
	memset(&d, 0, sizeof(d));
	d.add = add;
	d.nadd = 3;
	h_ok(db_group_apply(&ap, h_conn, &a, org, g.id, &d, &e), &e);
	assert_int_equal(ap.added, 3);
	h_ok(db_group_apply(&ap, h_conn, &a, org, h.id, &d, &e), &e);
	assert_int_equal(ap.added, 3);

	/* Remove only the listed members (Entra's remove-with-value). */
	memset(&d, 0, sizeof(d));
	d.remove = rm;
	d.nremove = 4;
	h_ok(db_group_apply(&ap, h_conn, &a, org, g.id, &d, &e), &e);
	assert_int_equal(ap.removed, 1);
	assert_int_equal(ap.added, 0);
	assert_string_equal(ap.removed_ids, arena_printf(&a, "{%s}", m1.id));
	assert_string_equal(ap.added_ids, "{}");
	assert_int_equal(group_count(&a, g.id), 2);
	assert_int_equal(group_count(&a, h.id), 3);	/* other group untouched */

	/* Only junk to remove: nothing happens, no error. */
	d.remove = rm + 1;
	d.nremove = 2;
	h_ok(db_group_apply(&ap, h_conn, &a, org, g.id, &d, &e), &e);
	assert_int_equal(ap.removed, 0);

	/* Clear, then add in the same delta: replace the member list. */
	memset(&d, 0, sizeof(d));
	d.clear = 1;
	d.add = add;
	d.nadd = 1;
	h_ok(db_group_apply(&ap, h_conn, &a, org, g.id, &d, &e), &e);
	assert_int_equal(ap.removed, 2);
	assert_int_equal(ap.added, 1);
	/* For the events: who left and who joined, not the rows rewritten. */
	assert_string_equal(ap.removed_ids, strcmp(m2.id, m3.id) < 0 ?
	    arena_printf(&a, "{%s,%s}", m2.id, m3.id) :
	    arena_printf(&a, "{%s,%s}", m3.id, m2.id));
	assert_string_equal(ap.added_ids, arena_printf(&a, "{%s}", m1.id));
	assert_int_equal(group_count(&a, g.id), 1);
	assert_int_equal(group_count(&a, h.id), 3);

	/* Clear alone. */
	memset(&d, 0, sizeof(d));
	d.clear = 1;
	h_ok(db_group_apply(&ap, h_conn, &a, org, g.id, &d, &e), &e);
	assert_int_equal(ap.removed, 1);
	assert_int_equal(group_count(&a, g.id), 0);

	/* A member leaving every group (removal revokes memberships). */
	h_ok(db_group_memberships_revoke(&removed, h_conn, m2.id, &e), &e);
	assert_int_equal(removed, 1);
	assert_int_equal(group_count(&a, h.id), 2);
	arena_free(&a);
}

static void
test_pg__group_display_name_unique(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = h_new_org(&a), *other = h_new_org(&a);
	struct db_group_write	 w = { "ENGINEERING", NULL, "{}" };
	struct group_row	 g = new_group(&a, org, "Engineering"), x;

	(void)state;
	assert_int_equal(db_group_insert(&x, h_conn, &a, org, &w, &e), -1);
	assert_int_equal(e.status, 409);
	assert_int_equal(e.type, ST_UNIQUENESS);
	assert_non_null(strstr(e.detail, "ENGINEERING"));
	err_clear(&e);
	new_group(&a, other, "engineering");

	/* Renaming onto a taken name too. */
	x = new_group(&a, org, "Sales");
	w.display_name = "engineering";
	assert_int_equal(db_group_update(&x, h_conn, &a, org, x.id, &w, &e), -1);
	assert_int_equal(e.status, 409);
	assert_int_equal(e.type, ST_UNIQUENESS);
	err_clear(&e);
	(void)g;
	arena_free(&a);
}

static void
test_pg__group_get_update_delete(void **state)
{
	struct arena		 a = { 0 };
	struct err		 e = { 0 };
	const char		*org = h_new_org(&a), *other = h_new_org(&a);
	struct group_row	 g = new_group(&a, org, "Ops"), got;
	struct db_group_write	 w = { "Operations", "ext-g", "{\"displayName\": \"Operations\"}" };

	(void)state;
	assert_int_equal(db_group_get(&got, h_conn, &a, other, g.id, 0, 0, &e), -1);
	assert_int_equal(e.status, 404);
	err_clear(&e);
	assert_int_equal(db_group_get(&got, h_conn, &a, org, "nope", 0, 1, &e), -1);
	assert_int_equal(e.status, 404);
	err_clear(&e);

	h_ok(db_group_update(&got, h_conn, &a, org, g.id, &w, &e), &e);
	assert_int_equal(got.version, 2);
	assert_string_equal(got.display_name, "Operations");
	assert_string_equal(got.external_id, "ext-g");
	assert_string_equal(got.resource, "{\"displayName\": \"Operations\"}");
	/* Version bump only (membership change). */
	h_ok(db_group_update(&got, h_conn, &a, org, g.id, NULL, &e), &e);
	assert_int_equal(got.version, 3);
	assert_string_equal(got.display_name, "Operations");

	assert_int_equal(db_group_delete(h_conn, other, g.id, &e), -1);
	assert_int_equal(e.status, 404);
	err_clear(&e);
	h_ok(db_group_delete(h_conn, org, g.id, &e), &e);
	assert_int_equal(db_group_delete(h_conn, org, g.id, &e), -1);
	assert_int_equal(e.status, 404);
	err_clear(&e);
	assert_int_equal(db_group_get(&got, h_conn, &a, org, g.id, 0, 0, &e), -1);
	assert_int_equal(e.status, 404);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pg__group_apply_add),
		cmocka_unit_test(test_pg__group_apply_remove_and_clear),
		cmocka_unit_test(test_pg__group_display_name_unique),
		cmocka_unit_test(test_pg__group_get_update_delete),
	};

	return cmocka_run_group_tests(tests, h_group_setup,
	    h_group_teardown);
}
