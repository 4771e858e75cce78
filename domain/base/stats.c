/* SPDX-License-Identifier: MIT */
/*
 * domain/base/stats.c
 *
 * The counters of stats.h: relaxed atomics, since each is a tally read
 * now and then by a scrape, never used to order other memory.
 */
#include "domain/base/stats.h"

#include <stdatomic.h>
#include <stddef.h>

static _Atomic int64_t	counters[STAT_COUNT];
static _Thread_local int64_t	pending[STAT_COUNT];
static _Thread_local int	npending;

void
stats_add(enum stat_id id, int64_t n)
{
	atomic_fetch_add_explicit(&counters[id], n, memory_order_relaxed);
}

int64_t
stats_get(enum stat_id id)
{
	return atomic_load_explicit(&counters[id], memory_order_relaxed);
}

void
stats_set(enum stat_id id, int64_t v)
{
	atomic_store_explicit(&counters[id], v, memory_order_relaxed);
}

void
stats_tx_add(enum stat_id id, int64_t n)
{
	pending[id] += n;
	npending = 1;
}

void
stats_tx_end(int committed)
{
	int	i;

	if (!npending)
		return;
	for (i = 0; i < STAT_COUNT; i++) {
		if (committed && pending[i] != 0)
			stats_add((enum stat_id)i, pending[i]);
		pending[i] = 0;
	}
	npending = 0;
}

const char *
stats_guard_name(enum stat_id id)
{
	static const char *const names[STAT_GUARD_COUNT_] = {
		[STAT_GUARD_OWNER] = "owner",
		[STAT_GUARD_SELF] = "token_admin",
		[STAT_GUARD_LAST_MANAGER] = "last_manager",
		[STAT_GUARD_SEATS] = "seats",
		[STAT_GUARD_DOMAIN] = "email_domain",
	};

	return id < STAT_GUARD_COUNT_ ? names[id] : NULL;
}
