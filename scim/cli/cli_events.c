/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/cli_events.c
 *
 * `scimd events tail`: an org's event feed on standard output, one JSON
 * line per event, following new events as they commit (the long-poll of
 * domain/outbox.h). Not for webhooks (scim/cli/cli_webhooks.c).
 */
#include <stdio.h>

#include "domain/base/arena.h"
#include "domain/outbox.h"
#include "scim/cli/cli_int.h"

#define TAIL_PAGE	500
#define TAIL_WAIT_MS	30000

/*
 * Prints from the start of the feed (or after --after); with --limit N,
 * stops after N events, otherwise runs until killed.
 */
int
cli_run_events_tail(struct cli_args *a, struct err *err)
{
	struct event_row	*rows;
	struct arena		 page = { 0 };
	long long		 after = a->n[O_AFTER], printed = 0;
	size_t			 i, n;
	int			 rc = -1;

	while (a->limit == 0 || printed < a->limit) {
		if (dom_events_feed(&rows, &n, a->conn, &page, a->v[O_ORG],
		    after, TAIL_PAGE, TAIL_WAIT_MS, err) == -1)
			goto out;
		for (i = 0; i < n && (a->limit == 0 || printed < a->limit);
		    i++, printed++) {
			printf("%s\n", rows[i].body);
			after = rows[i].seq;
		}
		fflush(stdout);
		arena_free(&page);
	}
	rc = 0;
out:
	arena_free(&page);
	return rc;
}
