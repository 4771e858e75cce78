/* SPDX-License-Identifier: MIT */
/*
 * storage/stats.h
 *
 * Making sure the planner has statistics for members (see stats.c).
 */
#ifndef SCIMD_ST_STATS_H
#define SCIMD_ST_STATS_H

#include "storage/db.h"

/*
 * Runs ANALYZE on members once, when it has grown past a few thousand
 * rows without ever being analyzed; checks at most every few seconds
 * per process until then, and costs one atomic load after. Failures are
 * logged, never returned: the caller's read goes on either way.
 */
void	db_stats_ensure(struct db_conn *);

#endif
