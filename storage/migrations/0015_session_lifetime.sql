-- Sign-in sessions end: after session_idle_hours without use, and
-- session_max_days after sign-in whatever the use (org policy). Existing
-- sessions start their idle time now; their age counts from created_at.
ALTER TABLE orgs
    ADD COLUMN session_idle_hours integer NOT NULL DEFAULT 12
        CHECK (session_idle_hours BETWEEN 1 AND 8760),
    ADD COLUMN session_max_days integer NOT NULL DEFAULT 7
        CHECK (session_max_days BETWEEN 1 AND 3650);

ALTER TABLE sessions ADD COLUMN last_used_at timestamptz NOT NULL DEFAULT now();
-- The sweep at sign-in deletes an org's expired sessions.
CREATE INDEX sessions_org_used ON sessions (org_id, last_used_at);
