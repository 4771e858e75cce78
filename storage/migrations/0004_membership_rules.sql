-- scimd schema, version 4: the membership rules, second pass. The viewer
-- role; removals counted per admin (the person behind a token's --admin)
-- across all of their tokens; and the one change the audit trail allows:
-- erasing a managed account's names, which leaves a one-way hash of the
-- userName in their place.

ALTER TABLE members DROP CONSTRAINT members_role_check;
ALTER TABLE members ADD CONSTRAINT members_role_check
    CHECK (role IN ('owner', 'admin', 'member', 'viewer'));

-- NULL for tokens without an admin: those are counted per token.
ALTER TABLE removal_log ADD COLUMN admin_person_id uuid REFERENCES users(id);
CREATE INDEX removal_log_admin_at ON removal_log (admin_person_id, at)
    WHERE admin_person_id IS NOT NULL;

-- UPDATE goes from a statement trigger to a row trigger that lets exactly
-- one change through: target_user_name replaced by 'sha256:' and a hash,
-- target_email cleared, nothing else touched. DELETE and TRUNCATE stay
-- refused as before.
DROP TRIGGER audit_events_no_update ON audit_events;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

CREATE FUNCTION audit_events_erase_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.target_user_name LIKE 'sha256:%' AND NEW.target_email IS NULL
       AND (NEW.id, NEW.org_id, NEW.at, NEW.action, NEW.actor_token_id,
            NEW.actor_member_id, NEW.target_member_id, NEW.person_id, NEW.detail)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.org_id, OLD.at, OLD.action, OLD.actor_token_id,
            OLD.actor_member_id, OLD.target_member_id, OLD.person_id, OLD.detail)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_events_erase_only BEFORE UPDATE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_erase_only();
