-- Writers notify only while a feed reader of their org waits.
--
-- A NOTIFY in a transaction makes its commit take PostgreSQL's global
-- notification lock, so writing transactions that notify commit one at a
-- time, every org's alike; and a statement trigger to decide whether to
-- notify cost writes 40 % of their rate. So the statement that writes an
-- event notifies by itself (storage/outbox.c), and only when a long-poll
-- of the events feed for its org is registered here (the reader's
-- connection and how long it waits). A reader whose registration is not
-- yet visible to a writer in flight still sees that event: it re-reads
-- the feed at least once a second.
CREATE TABLE outbox_waiters (
    org_id       uuid NOT NULL,
    backend_pid  integer NOT NULL,
    until        timestamptz NOT NULL,
    PRIMARY KEY (org_id, backend_pid)
);

DROP TRIGGER IF EXISTS outbox_events_notify ON outbox_events;
DROP FUNCTION IF EXISTS outbox_notify();
