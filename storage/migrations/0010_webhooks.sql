-- scimd schema, version 10: webhook delivery. An instance that sends a
-- delivery leases it (lease_until) instead of holding a row lock across the
-- HTTP call: a killed instance's lease runs out and another instance sends
-- the delivery again (at-least-once). A leased row stays pending, so the
-- later deliveries of its subject keep waiting behind it, and the leases of
-- an endpoint count what is in flight to it across all instances.
ALTER TABLE webhook_deliveries ADD COLUMN lease_until timestamptz;
-- Failures in a row; failing_since is set when it reaches the threshold.
ALTER TABLE webhook_endpoints ADD COLUMN consecutive_failures integer
    NOT NULL DEFAULT 0;
-- The claim walks an endpoint's pending deliveries in order; the listing
-- all of them, newest first.
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (endpoint_id, id)
    WHERE state = 'pending';
CREATE INDEX webhook_deliveries_created ON webhook_deliveries (endpoint_id, id);
