/* SPDX-License-Identifier: MIT */
/*
 * storage/outbox_int.h
 *
 * The event document, as the feed (storage/outbox.c) and webhook
 * deliveries (storage/webhook_delivery.c) send it: built in one place so
 * the two cannot drift apart. Internal to storage/.
 */
#ifndef SCIMD_OUTBOX_INT_H
#define SCIMD_OUTBOX_INT_H

/* "evt_" and the event's uuid without dashes; T is a table alias and ".". */
#define EVENT_ID(T) "'evt_' || replace(" T "event_id::text, '-', '')"

/* The document as JSON text, from an outbox_events row aliased T. */
#define EVENT_DOC(T) \
	"jsonb_build_object('id', " EVENT_ID(T) ", 'seq', " T "seq, " \
	"'type', " T "type, 'timestamp', to_char(" T "at AT TIME ZONE " \
	"'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), 'org', " T "org_id, " \
	"'actor', " T "actor, 'data', " T "data)::text"

#endif
