/* SPDX-License-Identifier: MIT */
/*
 * storage/stmt.c
 *
 * The fixed SQL of scimd, prepared once per connection. Dynamic queries
 * are built with sqlbuf.h where they run: lists in storage/list.c (from
 * sql_filter.c and sql_order.c) and cursor_page.c, logins in session.c.
 */
#include "storage/stmt_int.h"

/* The strongest role a group of member m grants, NULL for none. */
#define MEMBER_GROUP_ROLE \
	"(SELECT g.role FROM group_members gm JOIN groups g ON g.id = gm.group_id " \
	"WHERE gm.member_id = m.id AND g.role IS NOT NULL " \
	"ORDER BY g.role = 'admin' DESC LIMIT 1)"

/*
 * Times go out to the microsecond, as stored, so that a client filtering
 * on a meta time it was shown compares against the same instant.
 */
#define MEMBER_COLS \
	"m.id, m.org_id, m.person_id, m.user_name, m.external_id, m.active, " \
	"m.role, m.managed, m.resource::text, m.version, " \
	"to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), " \
	"to_char(m.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), " \
	"m.email, m.display_name, " MEMBER_GROUP_ROLE

const char db_member_cols[] = MEMBER_COLS;
const char db_member_group_role[] = MEMBER_GROUP_ROLE;

/*
 * One live member by id, in a form that no partial index matches (they
 * all say WHERE deleted_at IS NULL and lead with org_id), so the primary
 * key is the only index the planner can pick. Without statistics (a
 * fresh table, before autovacuum's first ANALYZE) it guesses 0.5 % for
 * both org_id = $1 and deleted_at IS NULL, every partial index then
 * looks as cheap as the key, and it took one whose scan filtered the
 * whole org for the id: 5 ms instead of 0.04 ms at 10,000 members, in
 * custom plans as in generic ones (bench/NOTES-read-path.md).
 */
#define BY_ID \
	"WHERE m.id = $2 AND m.org_id = $1 " \
	"AND coalesce(m.deleted_at, 'infinity') = 'infinity'"

/*
 * A member's row, with its person (users.id) as the SQL expression
 * `person`: the parameter of a known id, or the person upserted by the
 * same statement. A provision's insert also tells whether the userName
 * ($3) or the primary email ($11) has a pending invitation: it is one
 * round trip, not two, and the locked invitation lookup runs only then.
 */
#define MEMBER_INSERT(person) \
	"INSERT INTO members AS m (org_id, person_id, user_name, external_id, " \
	"display_name, emails, active, role, resource, deactivated_at, " \
	"managed, email) " \
	"VALUES ($1, " person ", $3, $4, $5, " \
	"ARRAY(SELECT scimd_fold(e) FROM unnest($6::text[]) e), " \
	"$7::boolean, $8, $9::jsonb, " \
	"CASE WHEN $7::boolean THEN NULL ELSE now() END, $10::boolean, $11) " \
	"RETURNING " MEMBER_COLS

/* The person of the address in parameter `param`, created when new. */
#define PERSON_UPSERT(param) \
	"INSERT INTO users AS u (email) VALUES (scimd_fold(" param ")) " \
	"ON CONFLICT ((scimd_fold(email))) WHERE email IS NOT NULL " \
	"DO UPDATE SET email = u.email RETURNING u.id"

const struct db_stmt_def db_stmts[STMT__COUNT] = {
	[STMT_TOKEN_AUTH] = { "token_auth",
	    "SELECT t.id, t.org_id, t.created_by_member, "
	    "(t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute'), "
	    "a.person_id FROM scim_tokens t "
	    "LEFT JOIN members a ON a.id = t.created_by_member "
	    "WHERE t.token_hash = decode($1, 'hex') AND t.revoked_at IS NULL", 1 },
	[STMT_TOKEN_TOUCH] = { "token_touch",
	    "UPDATE scim_tokens SET last_used_at = now() WHERE id = $1", 1 },
	[STMT_MEMBER_GET] = { "member_get",
	    "SELECT " MEMBER_COLS " FROM members m " BY_ID, 2 },
	[STMT_MEMBER_GET_LOCK] = { "member_get_lock",
	    "SELECT " MEMBER_COLS " FROM members m " BY_ID
	    " FOR NO KEY UPDATE", 2 },
	[STMT_MEMBER_INSERT] = { "member_insert", MEMBER_INSERT("$2"), 11 },
	[STMT_MEMBER_INSERT_PERSON] = { "member_insert_person",
	    "WITH p AS (" PERSON_UPSERT("$2") ") "
	    MEMBER_INSERT("(SELECT p.id FROM p)") ", "
	    "EXISTS (SELECT 1 FROM invitations i WHERE i.org_id = $1 "
	    "AND i.state = 'pending' "
	    "AND scimd_fold(i.email) IN (scimd_fold($3), scimd_fold($11)))", 11 },
	[STMT_MEMBER_UPDATE] = { "member_update",
	    "UPDATE members AS m SET user_name = $3, external_id = $4, "
	    "display_name = $5, "
	    "emails = ARRAY(SELECT scimd_fold(e) FROM unnest($6::text[]) e), "
	    "active = $7::boolean, "
	    "resource = $8::jsonb, role = COALESCE($9, m.role), email = $10, "
	    "version = m.version + 1, updated_at = now(), "
	    "deactivated_at = CASE WHEN $7::boolean THEN NULL "
	    "WHEN m.active THEN now() ELSE m.deactivated_at END "
	    BY_ID " RETURNING " MEMBER_COLS, 10 },
	[STMT_MEMBER_SOFT_DELETE] = { "member_soft_delete",
	    "UPDATE members AS m SET deleted_at = now(), active = false, "
	    "role = 'member', version = m.version + 1, updated_at = now() "
	    BY_ID " RETURNING " MEMBER_COLS, 2 },
	[STMT_PERSON_UPSERT] = { "person_upsert", PERSON_UPSERT("$1"), 1 },
	[STMT_SESSIONS_REVOKE] = { "sessions_revoke",
	    "UPDATE sessions SET revoked_at = now() "
	    "WHERE member_id = $1 AND revoked_at IS NULL", 1 },
	[STMT_GROUPS_LEAVE] = { "groups_leave",
	    "DELETE FROM group_members WHERE member_id = $1", 1 },
	[STMT_GROUPS_TOUCH] = { "groups_touch",
	    "UPDATE groups SET version = version + 1, updated_at = now() "
	    "WHERE id IN (SELECT group_id FROM group_members WHERE member_id = $1)",
	    1 },
	[STMT_AUDIT_INSERT] = { "audit_insert",
	    "INSERT INTO audit_events (org_id, action, actor_token_id, "
	    "actor_member_id, target_member_id, person_id, target_user_name, "
	    "target_email, detail) "
	    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9::jsonb, '{}'))", 9 },
};
