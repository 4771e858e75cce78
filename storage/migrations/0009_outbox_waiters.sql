-- Writers notify only while a feed reader of their org waits.
--
-- A NOTIFY in a transaction makes its commit take PostgreSQL's global
-- notification lock, so writing transactions that notify commit one at a
-- time, every org's alike. The outbox trigger therefore notifies only
-- when a long-poll of the events feed for one of the orgs it wrote to is
-- registered here (the reader's connection and how long it waits). A
-- reader whose registration is not yet visible to a writer in flight
-- still sees that event: it re-reads the feed at least once a second.
CREATE TABLE outbox_waiters (
    org_id       uuid NOT NULL,
    backend_pid  integer NOT NULL,
    until        timestamptz NOT NULL,
    PRIMARY KEY (org_id, backend_pid)
);

DROP TRIGGER outbox_events_notify ON outbox_events;

CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM outbox_waiters w
               WHERE w.until > now()
                 AND w.org_id IN (SELECT DISTINCT n.org_id FROM new_events n)) THEN
        PERFORM pg_notify('scimd_outbox', '');
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
    REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
