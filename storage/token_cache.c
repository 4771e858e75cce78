/* SPDX-License-Identifier: MIT */
/*
 * storage/token_cache.c
 *
 * Token authentication without a round trip: the tokens this process saw
 * lately, for SCIMD_TOKEN_CACHE_TTL seconds, dropped as soon as any token
 * changes. The
 * trigger of migration 0005 sends NOTIFY scimd_tokens when a token is
 * revoked or deleted; every process LISTENs on a connection of its own,
 * and every lookup first reads what that connection received, so a
 * revocation committed before a request arrived empties the cache before
 * the request is answered, in every process. While that connection is
 * down nothing is cached and every lookup asks the database.
 *
 * No thread: the listening connection is polled by the workers, under
 * the cache's mutex, with a non-blocking read. Connecting happens
 * outside the mutex, by one worker at a time, at most once a second.
 */
#include "storage/token_cache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "domain/base/log.h"

#define TC_SLOTS	256
#define TC_TTL_MAX	60	/* seconds */
#define UUID_LEN	36

struct tc_entry {
	char	hash[65];		/* "" when the slot is free */
	char	id[UUID_LEN + 1];
	char	org_id[UUID_LEN + 1];
	char	admin[UUID_LEN + 1];	/* "" when none */
	time_t	expires;
};

static struct {
	pthread_mutex_t	 mu;
	PGconn		*listen;	/* LISTEN scimd_tokens, or NULL */
	int		 connecting;	/* a worker is connecting it */
	int		 broken;	/* the server sent it an error */
	time_t		 next_try;
	unsigned long	 gen;		/* bumped at every flush */
	int		 ttl;		/* seconds; 0: off; -1: not read yet */
	struct tc_entry	 slots[TC_SLOTS];
} tc = { .mu = PTHREAD_MUTEX_INITIALIZER, .ttl = -1 };

/*
 * SCIMD_TOKEN_CACHE_TTL (seconds, default 0 = off). Off by default:
 * NOTIFY reaches the other processes asynchronously, so a request that
 * follows a revocation within the delivery delay (under a millisecond on
 * an idle machine, tens of them on a starved one) may still pass.
 * Called with tc.mu held.
 */
static int
ttl(void)
{
	const char	*v;

	if (tc.ttl < 0) {
		v = getenv("SCIMD_TOKEN_CACHE_TTL");
		tc.ttl = v != NULL ? atoi(v) : 0;
		if (tc.ttl < 0)
			tc.ttl = 0;
		if (tc.ttl > TC_TTL_MAX)
			tc.ttl = TC_TTL_MAX;
	}
	return tc.ttl;
}

static time_t
now_s(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* SHA-256 hex is uniform: its first 8 digits pick the slot. */
static struct tc_entry *
slot_of(const char *hash)
{
	char	head[9];

	memcpy(head, hash, 8);
	head[8] = '\0';
	return &tc.slots[strtoul(head, NULL, 16) % TC_SLOTS];
}

/* Called with tc.mu held. */
static void
flush(void)
{
	tc.gen++;
	memset(tc.slots, 0, sizeof(tc.slots));
}

/* Drops the listening connection: nothing is cached until it is back. */
static void
lost(const char *why)
{
	log_error("token cache off: %s", why);
	PQfinish(tc.listen);
	tc.listen = NULL;
	flush();
}

/*
 * Reads what the listening connection received; any notification empties
 * the cache. Called with tc.mu held. Returns whether the cache may be
 * used.
 */
static int
drain(void)
{
	PGnotify	*n;
	int		 any = 0;

	if (tc.listen == NULL)
		return 0;
	/* PQnotifies parses what PQconsumeInput read, errors included. */
	(void)PQconsumeInput(tc.listen);
	while ((n = PQnotifies(tc.listen)) != NULL) {
		any = 1;
		PQfreemem(n);
	}
	if (any)
		flush();
	if (tc.broken || PQstatus(tc.listen) != CONNECTION_OK) {
		lost(tc.broken ? "the server ended the listening connection" :
		    PQerrorMessage(tc.listen));
		return 0;
	}
	return 1;
}

/*
 * An idle listening connection gets a message only when the server ends
 * it ("terminating connection …"), and may get it before the socket
 * closes: from then on no NOTIFY reaches it. Called inside PQconsumeInput,
 * so under tc.mu.
 */
static void
on_notice(void *arg, const PGresult *res)
{
	(void)arg;
	(void)res;
	tc.broken = 1;
}

static PGconn *
open_listen(const char *url)
{
	const char	*keys[] = { "connect_timeout", "keepalives",
			    "keepalives_idle", "tcp_user_timeout",
			    "application_name", "dbname", NULL };
	const char	*vals[] = { "2", "1", "5", "10000", "scimd-tokens", url,
			    NULL };
	PGconn		*pg = PQconnectdbParams(keys, vals, 1);
	PGresult	*res;

	if (pg == NULL || PQstatus(pg) != CONNECTION_OK) {
		log_error("token cache off: %s",
		    pg ? PQerrorMessage(pg) : "out of memory");
		PQfinish(pg);
		return NULL;
	}
	res = PQexec(pg, "LISTEN scimd_tokens");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		log_error("token cache off: LISTEN failed: %s",
		    PQerrorMessage(pg));
		PQclear(res);
		PQfinish(pg);
		return NULL;
	}
	PQclear(res);
	PQsetNoticeReceiver(pg, on_notice, NULL);
	if (PQsetnonblocking(pg, 1) == -1) {
		log_error("token cache off: %s", PQerrorMessage(pg));
		PQfinish(pg);
		return NULL;
	}
	return pg;
}

/*
 * Connects the listening connection when it is down and nobody else is
 * connecting; called and returns with tc.mu held, releasing it meanwhile.
 * Whatever was revoked before LISTEN took effect is covered by the
 * flush: entries made earlier are gone and later ones were read after.
 */
static void
reconnect(const char *url)
{
	PGconn	*pg;
	time_t	 now = now_s();

	if (tc.listen != NULL || tc.connecting || now < tc.next_try)
		return;
	tc.connecting = 1;
	tc.next_try = now + 1;
	pthread_mutex_unlock(&tc.mu);
	pg = open_listen(url);
	pthread_mutex_lock(&tc.mu);
	tc.connecting = 0;
	tc.broken = 0;
	tc.listen = pg;
	flush();
}

int
db_token_cache_get(struct db_token *out, struct arena *a, const char *url,
    const char *hash, long long *gen)
{
	struct tc_entry	*e;
	int		 hit = 0;

	*gen = -1;
	if (strlen(hash) != 64)
		return 0;
	pthread_mutex_lock(&tc.mu);
	if (ttl() == 0)
		goto out;
	reconnect(url);
	if (!drain())
		goto out;
	*gen = (long long)tc.gen;
	e = slot_of(hash);
	if (strcmp(e->hash, hash) != 0 || now_s() >= e->expires)
		goto out;
	out->id = arena_strdup(a, e->id);
	out->org_id = arena_strdup(a, e->org_id);
	out->created_by_member = e->admin[0] ? arena_strdup(a, e->admin) : NULL;
	hit = 1;
out:
	pthread_mutex_unlock(&tc.mu);
	return hit;
}

void
db_token_cache_put(const char *hash, const struct db_token *t, long long gen)
{
	struct tc_entry	*e;

	if (gen < 0 || strlen(hash) != 64 || strlen(t->id) != UUID_LEN ||
	    strlen(t->org_id) != UUID_LEN || (t->created_by_member != NULL &&
	    strlen(t->created_by_member) != UUID_LEN))
		return;
	pthread_mutex_lock(&tc.mu);
	/* A flush since the lookup may have been this token's revocation. */
	if ((unsigned long long)gen == tc.gen && tc.listen != NULL) {
		e = slot_of(hash);
		memcpy(e->hash, hash, sizeof(e->hash));
		memcpy(e->id, t->id, sizeof(e->id));
		memcpy(e->org_id, t->org_id, sizeof(e->org_id));
		if (t->created_by_member != NULL)
			memcpy(e->admin, t->created_by_member, sizeof(e->admin));
		else
			e->admin[0] = '\0';
		e->expires = now_s() + tc.ttl;
	}
	pthread_mutex_unlock(&tc.mu);
}
