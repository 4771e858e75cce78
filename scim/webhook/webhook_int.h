/* SPDX-License-Identifier: MIT */
/*
 * scim/webhook/webhook_int.h
 *
 * Shared by the delivery thread (webhook_thread.c) and the sending of one
 * delivery (webhook_send.c); not for use elsewhere.
 */
#ifndef SCIMD_WEBHOOK_INT_H
#define SCIMD_WEBHOOK_INT_H

#include <pthread.h>

#include <openssl/ssl.h>

#include <event2/dns.h>
#include <event2/event.h>
#include <event2/http.h>

#include "domain/base/arena.h"
#include "domain/base/webhook_row.h"
#include "domain/webhook.h"
#include "scim/webhook/webhook.h"

#define WEBHOOK_TIMEOUT_S	10	/* connect + answer */
#define WEBHOOK_EXCERPT		200	/* bytes of the answer kept */

/* One delivery being sent; owned by the thread's list until reaped. */
struct wh_send {
	struct scim_webhooks		*w;
	struct arena			 arena;	/* the job's strings */
	struct webhook_job		 job;
	struct dom_webhook_url		 url;
	struct evdns_getaddrinfo_request *dns;
	struct evhttp_connection	*conn;
	struct bufferevent		*bev;
	long long			 start_ms;
	char				 error[160];	/* why no answer */
	int				 done;	/* ended, not yet recorded */
	int				 local;	/* failed here, not at the endpoint */
	int				 reached;	/* the endpoint had it (on_error) */
	int				 status;	/* once done: 0, no answer */
	int				 latency_ms;
	const char			*excerpt;	/* once done */
	struct wh_send			*next;
};

struct scim_webhooks {
	struct scim_webhook_config	 cfg;
	struct scim_worker_db		 db;
	struct db_conn			*conn;
	struct event_base		*base;
	struct evdns_base		*dns;
	SSL_CTX				*ssl;
	struct event			*tick, *stop, *reap, *grace;
	struct wh_send			*sending;	/* in flight, then done */
	int				 seq_failing;	/* logged once per episode */
	int				 starved;	/* no socket: logged once */
	int				 stopping;	/* no more claims */
	int				 renew_failing;	/* logged once */
	long long			 claim_after_ms;	/* claims paused */
	int				 inflight;
	int				 allow_private;
	long long			 next_prune_ms;
	long long			 next_gauges_ms;
	long long			 next_renew_ms;
	pthread_t			 thread;
};

/* Monotonic milliseconds. */
long long	wh_now_ms(void);
/*
 * Starts sending the claimed job (copied): resolve, check each address,
 * connect, POST. On the end, records the attempt and marks the send done
 * for wh_reap. Never fails: a refusal is a failed attempt.
 */
void	wh_send_start(struct scim_webhooks *, const struct webhook_job *job);
/*
 * Marks s done with its outcome, for on_reap to record; later calls do
 * nothing.
 */
void	wh_send_finish(struct wh_send *s, int status, const char *excerpt);
/* 1 when this process cannot open a socket now (descriptors, memory). */
int	wh_sockets_exhausted(void);
/* Frees a send (its connection included). */
void	wh_send_free(struct wh_send *s);

#endif
