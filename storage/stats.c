/* SPDX-License-Identifier: MIT */
/*
 * storage/stats.c
 *
 * Planner statistics for a table that has never had any. Until its first
 * ANALYZE, PostgreSQL guesses the same selectivity for every condition,
 * so every partial index on (org_id, …) looks as good as the one a
 * lookup needs: a userName lookup right after an initial sync walked a
 * whole org through another index, 27 times slower, until autovacuum
 * came by. So the list path makes sure members has statistics as soon
 * as it holds a sync's worth of rows; once it has any, autovacuum keeps
 * them fresh and this costs nothing but one atomic load.
 */
#include "storage/stats.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "domain/base/log.h"
#include "storage/conn_int.h"

/* Pages of members below which any plan is fast enough (~2,000 rows). */
#define DB_STATS_MIN_PAGES	64
/* How often a process looks while the table has no statistics. */
#define DB_STATS_CHECK_SECONDS	5

static atomic_int	stats_ok;
static atomic_llong	next_check;

void
db_stats_ensure(struct db_conn *c)
{
	PGresult	*res;
	struct err	 err = { 0 };
	long long	 now = (long long)time(NULL), at, pages;
	int		 never;

	if (atomic_load(&stats_ok))
		return;
	at = atomic_load(&next_check);
	if (now < at || !atomic_compare_exchange_strong(&next_check, &at,
	    now + DB_STATS_CHECK_SECONDS))
		return;
	res = db_exec_params(c, "SELECT c.reltuples < 0, pg_relation_size(c.oid) "
	    "/ current_setting('block_size')::bigint FROM pg_class c "
	    "WHERE c.oid = 'members'::regclass", 0, NULL, &err);
	if (res == NULL)
		goto fail;
	never = PQgetvalue(res, 0, 0)[0] == 't';
	pages = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
	PQclear(res);
	if (never && pages < DB_STATS_MIN_PAGES)
		return;
	if (never) {
		log_info("members has no planner statistics yet: analyzing it");
		if (db_exec_simple(c, "ANALYZE members", &err) == -1)
			goto fail;
	}
	atomic_store(&stats_ok, 1);
	return;
fail:
	/* A read never fails for this; the next check is a few seconds off. */
	log_error("could not check the statistics of members: %s", err.detail);
}
