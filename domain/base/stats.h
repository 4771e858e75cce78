/* SPDX-License-Identifier: MIT */
/*
 * domain/base/stats.h
 *
 * Process-wide event counters for what domain/ and storage/ decide: guard
 * refusals, removals, deactivations, audit rows, database connections.
 * They are counted where the decision is made, with atomics (any worker
 * thread may count), and read by the metrics endpoint (scim/http/metrics.c),
 * so neither layer needs to know about HTTP.
 */
#ifndef SCIMD_STATS_H
#define SCIMD_STATS_H

#include <stdint.h>

enum stat_id {
	/* Guard refusals, one per guard (scimd_guard_refusals_total). */
	STAT_GUARD_OWNER,		/* the Owner would leave */
	STAT_GUARD_SELF,		/* a token's own admin */
	STAT_GUARD_LAST_MANAGER,	/* no manager would be left */
	STAT_GUARD_SEATS,		/* no free seat */
	STAT_GUARD_DOMAIN,		/* email domain not verified */
	STAT_GUARD_COUNT_,		/* not a counter: the end of the guards */
	STAT_RATE_LIMITED = STAT_GUARD_COUNT_,	/* removal rate refusals */
	STAT_REMOVALS,			/* members removed (committed) */
	STAT_DEACTIVATIONS,		/* members deactivated (committed) */
	STAT_REACTIVATIONS,		/* members reactivated (committed) */
	STAT_AUDIT_WRITTEN,		/* audit rows inserted */
	STAT_DB_CONNECTS,		/* connections opened */
	STAT_DB_RECONNECTS,		/* of which after a lost connection */
	STAT_DB_CONNECT_FAILURES,	/* attempts that failed */
	STAT_DB_UP,			/* a gauge: connections open now */
	STAT_WEBHOOK_FAILING,		/* a gauge: endpoints marked failing */
	STAT_WEBHOOK_PENDING,		/* a gauge: deliveries waiting */
	STAT_COUNT
};

void		stats_add(enum stat_id id, int64_t n);
static inline void
stats_inc(enum stat_id id)
{
	stats_add(id, 1);
}
int64_t		stats_get(enum stat_id id);
/* Sets a gauge read from elsewhere (the database's webhook counts). */
void		stats_set(enum stat_id id, int64_t v);

/*
 * A count that holds only if the transaction running on this thread
 * commits: it waits in a per-thread tally that stats_tx_end() adds to the
 * counters (committed) or drops (rolled back). storage/'s db_tx_run calls
 * stats_tx_end after each attempt.
 */
void		stats_tx_add(enum stat_id id, int64_t n);
void		stats_tx_end(int committed);

/* The label of a guard counter ("owner", ...), or NULL past the guards. */
const char	*stats_guard_name(enum stat_id id);

#endif
