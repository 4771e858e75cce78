/* SPDX-License-Identifier: MIT */
/*
 * domain/base/event_row.h
 *
 * An outbox event as every layer sees it: storage fills it, domain passes
 * it on, scim sends it (feed, webhooks). The body is the event's JSON
 * document, made by storage/ from the outbox row, so the feed and every
 * webhook send the same bytes. Plain data; strings are borrowed from the
 * arena that holds the row.
 */
#ifndef SCIMD_EVENT_ROW_H
#define SCIMD_EVENT_ROW_H

struct event_row {
	long long	 seq;		/* per org, dense: the feed's cursor */
	const char	*event_id;	/* "evt_" and a uuid: stable */
	const char	*type;
	const char	*body;		/* JSON object text */
};

#endif
