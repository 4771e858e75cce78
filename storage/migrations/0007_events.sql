-- scimd schema, version 7: events. Every change writes an outbox row in the
-- transaction of the change, so a rollback leaves none and a commit never
-- loses one. The write path only inserts: no counter row, no org lock.
--
-- Ordering: identity values are taken before commit, so a reader that
-- followed `id` could pass over a row whose transaction commits late. The
-- feed therefore follows `seq`, a dense per-org number given by
-- outbox_sequence() to rows once they are visible (committed). It runs
-- under a transaction-level advisory lock, so only one sequencer runs at a
-- time and no committed row can later get a smaller seq than one already
-- handed out. Readers (the feed, the delivery thread) call it first.

CREATE TABLE outbox_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    org_id          uuid NOT NULL,
    type            text NOT NULL,
    at              timestamptz NOT NULL DEFAULT clock_timestamp(),
    audit_event_id  bigint,         -- the audit row written with it, if any
    subject         text NOT NULL DEFAULT '',   -- member or group id: delivery order key
    actor           jsonb NOT NULL DEFAULT '{}',
    data            jsonb NOT NULL DEFAULT '{}',
    seq             bigint          -- per org, dense; NULL until sequenced
);
CREATE INDEX outbox_events_unsequenced ON outbox_events (id) WHERE seq IS NULL;
CREATE UNIQUE INDEX outbox_events_org_seq ON outbox_events (org_id, seq);
CREATE INDEX outbox_events_at ON outbox_events (at);

-- The last seq per org. Written only by the sequencer (one at a time), so
-- it is no hot row for the writers of changes.
CREATE TABLE outbox_org_seq (
    org_id    uuid PRIMARY KEY,
    last_seq  bigint NOT NULL
);

-- One notification per committing transaction (the payload is empty, so
-- PostgreSQL folds them); listeners then run the sequencer.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('scimd_outbox', '');
    RETURN NULL;
END;
$$;
CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

CREATE TABLE webhook_endpoints (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id           uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    url              text NOT NULL,
    event_types      text[],        -- NULL: every type
    secret           text NOT NULL, -- whsec_ + base64 of 32 random bytes
    previous_secret  text,          -- still signed with until previous_until
    previous_until   timestamptz,
    insecure_http    boolean NOT NULL DEFAULT false,
    failing_since    timestamptz,   -- set after repeated failures, cleared on success
    created_at       timestamptz NOT NULL DEFAULT now(),
    removed_at       timestamptz
);
CREATE INDEX webhook_endpoints_org ON webhook_endpoints (org_id) WHERE removed_at IS NULL;

-- One row per (event, endpoint), made by the sequencer in seq order, so
-- `id` is the delivery order; per subject, only the oldest pending row of
-- an endpoint may be sent.
CREATE TABLE webhook_deliveries (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id   uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    event_id      bigint NOT NULL REFERENCES outbox_events(id) ON DELETE CASCADE,
    subject       text NOT NULL,
    state         text NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'delivered', 'expired')),
    attempts      integer NOT NULL DEFAULT 0,
    next_at       timestamptz NOT NULL DEFAULT now(),
    created_at    timestamptz NOT NULL DEFAULT now(),
    delivered_at  timestamptz
);
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (endpoint_id, subject, id)
    WHERE state = 'pending';
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);

CREATE TABLE webhook_attempts (
    delivery_id  bigint NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
    attempt      integer NOT NULL,
    at           timestamptz NOT NULL DEFAULT now(),
    status       integer NOT NULL,      -- HTTP status, 0 when no answer
    latency_ms   integer NOT NULL,
    excerpt      text NOT NULL DEFAULT ''
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id);

-- Gives seq to the committed rows that have none, in id order, and makes
-- their deliveries; returns how many rows it sequenced. The statement after
-- the lock takes a fresh snapshot (a volatile function, read committed), so
-- it sees what the previous sequencer committed.
CREATE FUNCTION outbox_sequence() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    n integer;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('scimd_outbox_sequence'));
    WITH fresh AS (
        SELECT f.id, f.org_id, f.type, f.subject,
               row_number() OVER (PARTITION BY f.org_id ORDER BY f.id) AS rn
        FROM (SELECT id, org_id, type, subject FROM outbox_events
              WHERE seq IS NULL ORDER BY id LIMIT 10000) f
    ), counts AS (
        SELECT org_id, count(*) AS c FROM fresh GROUP BY org_id
    ), bumped AS (
        INSERT INTO outbox_org_seq AS s (org_id, last_seq)
            SELECT org_id, c FROM counts
        ON CONFLICT (org_id) DO UPDATE SET last_seq = s.last_seq + EXCLUDED.last_seq
        RETURNING s.org_id, s.last_seq
    ), numbered AS (
        UPDATE outbox_events o SET seq = b.last_seq - c.c + f.rn
        FROM fresh f JOIN counts c USING (org_id) JOIN bumped b USING (org_id)
        WHERE o.id = f.id
        RETURNING o.id
    ), fanned AS (
        INSERT INTO webhook_deliveries (endpoint_id, event_id, subject)
            SELECT w.id, f.id, f.subject
            FROM fresh f JOIN webhook_endpoints w ON w.org_id = f.org_id
            WHERE w.removed_at IS NULL
              AND (w.event_types IS NULL OR f.type = ANY (w.event_types))
            ORDER BY f.id, w.id
        RETURNING 1
    )
    -- fanned runs although nothing reads it: WITH runs every data change.
    SELECT count(*) INTO n FROM numbered;
    RETURN n;
END;
$$;
