/* SPDX-License-Identifier: MIT */
/*
 * storage/outbox.h
 *
 * The outbox: event rows written in the transaction of the change they
 * describe, their per-org order (the sequencer), and reading them back as
 * a feed. Webhook endpoints and deliveries are in storage/webhook.h.
 * Strings are copied into the caller's arena.
 */
#ifndef SCIMD_ST_OUTBOX_H
#define SCIMD_ST_OUTBOX_H

#include <stddef.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/event_row.h"
#include "storage/db.h"
#include "storage/org.h"

/* One event to write. NULL strings are absent. */
struct db_outbox {
	const char	*org_id;
	const char	*type;
	const char	*member_id;	/* the member it is about */
	const char	*group_id;	/* the group it is about */
	const char	*group_name;	/* kept when the group row is gone */
	const char	*actor_token_id;
	const char	*actor_member_id;
	const char	*detail;	/* JSON object text */
	/*
	 * A PostgreSQL uuid array literal: one event per member in it (none
	 * when empty) instead of one about member_id.
	 */
	const char	*member_set;
};

/*
 * Inserts the event inside the caller's transaction. The member and group
 * are read in that transaction, so the event carries their state after the
 * change (ids, userName, emails, externalId, role, active).
 */
int	db_outbox_insert(struct db_conn *, const struct db_outbox *,
	    struct err *err);
/* The audit row a and its event e (referencing it), in one statement. */
int	db_audit_insert_event(struct db_conn *, const struct db_audit *a,
	    const struct db_outbox *e, struct err *err);

/*
 * Erasure of a managed member: its events (about member_id, in org_id)
 * keep their ids, seq, type and member id, but their member loses every
 * personal field: userName becomes hashed_user_name (the audit's hash),
 * emails an empty array, externalId and displayName go. Inside the
 * caller's transaction.
 */
int	db_outbox_erase_member(struct db_conn *, const char *org_id,
	    const char *member_id, const char *hashed_user_name,
	    struct err *err);

/* Gives a seq to every committed event without one (its own transaction). */
int	db_outbox_sequence(struct db_conn *, struct err *err);

/*
 * The org's sequenced events with seq > after, in seq order, at most
 * limit. *rows is an arena array of *n.
 */
int	db_outbox_list(struct event_row **rows, size_t *n, struct db_conn *,
	    struct arena *, const char *org_id, long long after, long long limit,
	    struct err *err);

/*
 * Starts listening for committed events of org_id for about wait_ms, or
 * stops (org_id NULL). Writers of the org notify only meanwhile.
 */
int	db_outbox_listen(struct db_conn *, const char *org_id, int wait_ms,
	    struct err *err);

/*
 * Waits up to timeout_ms for a notification of a committed event. Returns
 * 1 when one came, 0 on timeout, -1 with err set when the connection
 * failed. Call db_outbox_listen first.
 */
int	db_outbox_wait(struct db_conn *, int timeout_ms, struct err *err);

/*
 * Deletes events older than `days` days that no live endpoint still wants
 * (no pending or expired delivery); *n is how many went.
 */
int	db_outbox_prune(long long *n, struct db_conn *, int days,
	    struct err *err);

#endif
