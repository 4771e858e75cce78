-- scimd schema, version 3: what queries need. The key that signs paging
-- cursors (RFC 9865), one row shared by every scimd on the database and
-- created on first use; the index behind `displayName eq` on Users; and
-- statistics the planner needs for the case-insensitive lookups.

CREATE TABLE cursor_keys (
    id          integer PRIMARY KEY CHECK (id = 1),
    secret      bytea NOT NULL CHECK (length(secret) = 32),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX members_display_name ON members (org_id, lower(display_name)) WHERE deleted_at IS NULL;

-- The planner ignores the statistics of expressions in partial indexes,
-- so without these it guesses 0.5 % of the org for `userName eq` and,
-- on a large org, walks members_order for the ORDER BY … LIMIT instead
-- of looking the one member up (bench/RESULTS.md). Extended statistics
-- on the expressions give it the real distinct counts.
CREATE STATISTICS members_lower_user_name ON (lower(user_name)) FROM members;
CREATE STATISTICS members_lower_display_name ON (lower(display_name)) FROM members;
CREATE STATISTICS members_lower_email ON (lower(email)) FROM members;
