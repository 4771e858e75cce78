-- Erasing a managed member rewrites its earlier events (storage/outbox.c,
-- db_outbox_erase_member): they are found by subject, the member's id,
-- without a scan of the org's whole outbox.
CREATE INDEX outbox_events_subject ON outbox_events (subject);
