-- scimd schema, version 2: what the membership lifecycle needs beyond the
-- resources themselves: join dates, org API keys, the removal rate log,
-- operator tokens for the admin API.

ALTER TABLE members ADD COLUMN joined_at timestamptz NOT NULL DEFAULT now();
-- The primary email as sent, kept for the audit trail and sign-in.
ALTER TABLE members ADD COLUMN email text;
CREATE INDEX members_email ON members (org_id, lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX members_managers ON members (org_id)
    WHERE deleted_at IS NULL AND active AND role IN ('owner', 'admin');

-- API keys a member created for the org; revoked with the member when the
-- org's policy says so.
CREATE TABLE org_api_keys (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id             uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    created_by_member  uuid NOT NULL REFERENCES members(id),
    label              text NOT NULL DEFAULT '',
    key_hash           bytea NOT NULL UNIQUE,
    created_at         timestamptz NOT NULL DEFAULT now(),
    revoked_at         timestamptz
);
CREATE INDEX org_api_keys_member ON org_api_keys (created_by_member) WHERE revoked_at IS NULL;

-- One row per removal, counted over a rolling hour per token. Kept in
-- PostgreSQL so every scimd process sees the same count.
CREATE TABLE removal_log (
    token_id  uuid NOT NULL REFERENCES scim_tokens(id) ON DELETE CASCADE,
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX removal_log_token_at ON removal_log (token_id, at);

CREATE TABLE operator_tokens (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    label       text NOT NULL DEFAULT '',
    token_hash  bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

CREATE INDEX group_members_group ON group_members (group_id, created_at);
CREATE INDEX groups_role ON groups (org_id) WHERE role IS NOT NULL;
