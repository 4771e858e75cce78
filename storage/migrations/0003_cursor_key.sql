-- scimd schema, version 3: what queries need. The key that signs paging
-- cursors (RFC 9865), one row shared by every scimd on the database and
-- created on first use; and the index behind `displayName eq` on Users.

CREATE TABLE cursor_keys (
    id          integer PRIMARY KEY CHECK (id = 1),
    secret      bytea NOT NULL CHECK (length(secret) = 32),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX members_display_name ON members (org_id, lower(display_name)) WHERE deleted_at IS NULL;
