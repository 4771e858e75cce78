-- scimd schema, version 1: organizations, people, memberships, groups,
-- tokens, sessions and the append-only audit trail.

CREATE TABLE orgs (
    id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                        text NOT NULL,
    allow_outside_members       boolean NOT NULL DEFAULT false,
    removal_rate_per_hour       integer NOT NULL DEFAULT 100 CHECK (removal_rate_per_hour >= 0),
    revoke_api_keys_on_removal  boolean NOT NULL DEFAULT false,
    seat_limit                  integer CHECK (seat_limit IS NULL OR seat_limit >= 0),
    sso_secret_hash             bytea,
    created_at                  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE org_domains (
    org_id       uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    domain       text NOT NULL CHECK (domain = lower(domain)),
    verified     boolean NOT NULL DEFAULT false,
    jit_enabled  boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, domain)
);

-- A person, global across organizations; found again by email when a
-- removed member is provisioned anew so the audit trail links both.
CREATE TABLE users (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email       text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    erased_at   timestamptz
);
CREATE UNIQUE INDEX users_email_uq ON users (lower(email)) WHERE email IS NOT NULL;

-- A membership: one per org and person, the SCIM User resource.
CREATE TABLE members (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    person_id       uuid REFERENCES users(id),
    user_name       text NOT NULL,
    external_id     text,
    display_name    text,
    emails          text[] NOT NULL DEFAULT '{}',   -- lower-cased email values, for filters
    active          boolean NOT NULL DEFAULT true,
    role            text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member')),
    managed         boolean NOT NULL DEFAULT false,
    resource        jsonb NOT NULL,                 -- the SCIM resource in stored form
    version         bigint NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),   -- the join date
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deactivated_at  timestamptz,
    deleted_at      timestamptz
);
CREATE UNIQUE INDEX members_user_name_uq ON members (org_id, lower(user_name)) WHERE deleted_at IS NULL;
CREATE INDEX members_external_id ON members (org_id, external_id) WHERE deleted_at IS NULL;
CREATE INDEX members_emails ON members USING gin (emails) WHERE deleted_at IS NULL;
CREATE INDEX members_order ON members (org_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX members_updated ON members (org_id, updated_at) WHERE deleted_at IS NULL;
CREATE INDEX members_person ON members (person_id);

CREATE TABLE groups (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id        uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    display_name  text NOT NULL,
    external_id   text,
    role          text CHECK (role IS NULL OR role IN ('admin', 'member')),
    resource      jsonb NOT NULL,                 -- stored form without members
    version       bigint NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX groups_display_name_uq ON groups (org_id, lower(display_name));
CREATE INDEX groups_external_id ON groups (org_id, external_id);
CREATE INDEX groups_order ON groups (org_id, created_at, id);

-- One row per membership, so adding one member to a large group is one insert.
CREATE TABLE group_members (
    group_id    uuid NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    member_id   uuid NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    org_id      uuid NOT NULL,
    display     text,                              -- as the client sent it, if it did
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, member_id)
);
CREATE INDEX group_members_member ON group_members (member_id);

CREATE TABLE scim_tokens (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id             uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    label              text NOT NULL DEFAULT '',
    token_hash         bytea NOT NULL UNIQUE,          -- SHA-256 of the token
    created_by_member  uuid REFERENCES members(id),
    created_at         timestamptz NOT NULL DEFAULT now(),
    last_used_at       timestamptz,
    revoked_at         timestamptz
);

CREATE TABLE sessions (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id      uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    member_id   uuid NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    token_hash  bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE INDEX sessions_member_live ON sessions (member_id) WHERE revoked_at IS NULL;

CREATE TABLE audit_events (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id            uuid NOT NULL,
    at                timestamptz NOT NULL DEFAULT clock_timestamp(),
    action            text NOT NULL,
    actor_token_id    uuid,
    actor_member_id   uuid,
    target_member_id  uuid,
    person_id         uuid,
    target_user_name  text,
    target_email      text,
    detail            jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_org_at ON audit_events (org_id, at);
CREATE INDEX audit_events_target ON audit_events (target_member_id);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
