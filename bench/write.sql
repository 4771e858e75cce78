-- bench/write.sql: pgbench's version of scimd's write for S4 (PATCH
-- active): in one transaction, the UPDATE of one member row as
-- storage/stmt.c's member_update does it, then the one statement that
-- writes the audit row and its outbox event (db_audit_insert_event in
-- storage/outbox.c). scimd finds the member by id; pgbench has no list of ids,
-- so it finds it by userName through members_user_name_uq, an index probe
-- of the same depth. Variables (pgbench -D): org, n (members user1..userN).
\set k random(1, :n)
BEGIN;
UPDATE members AS m SET user_name = m.user_name, external_id = m.external_id,
    display_name = m.display_name, emails = m.emails, active = NOT m.active,
    resource = jsonb_set(m.resource, '{active}', to_jsonb(NOT m.active)),
    role = m.role, email = m.email, version = m.version + 1, updated_at = now(),
    deactivated_at = CASE WHEN m.active THEN now() ELSE NULL END
    WHERE m.org_id = :org AND scimd_fold(m.user_name) = scimd_fold(format('user%s@bench.test', :k::int))
    AND m.deleted_at IS NULL
    RETURNING m.id AS mid, m.person_id AS pid, m.user_name AS uname, m.email AS mail,
    CASE WHEN m.active THEN 'member.reactivated' ELSE 'member.deactivated' END AS action
\gset
WITH aud AS (INSERT INTO audit_events (org_id, action, actor_token_id, actor_member_id,
    target_member_id, person_id, target_user_name, target_email, detail)
    VALUES (:org, :action, NULL, NULL, :mid, :pid, :uname, :mail, '{"via":"pgbench"}'::jsonb)
    RETURNING id),
ins AS (INSERT INTO outbox_events (org_id, type, audit_event_id, subject, actor, data)
    SELECT :org::uuid, :action, (SELECT id FROM aud), m.id::text,
    '{"kind":"operator"}'::jsonb,
    jsonb_strip_nulls(jsonb_build_object('member', jsonb_build_object('id', m.id,
        'userName', m.user_name, 'externalId', m.external_id, 'displayName',
        m.display_name, 'emails', coalesce(m.resource->'emails', '[]'::jsonb),
        'active', m.active, 'role', m.role, 'personId', m.person_id,
        'removed', m.deleted_at IS NOT NULL), 'detail', '{"via":"pgbench"}'::jsonb))
    FROM members m WHERE m.id = :mid RETURNING 1)
SELECT pg_notify('scimd_outbox', '') FROM outbox_waiters w
    WHERE w.org_id = :org::uuid AND w.until > now() LIMIT 1;
COMMIT;
