/* SPDX-License-Identifier: MIT */
/*
 * storage/token_cache.h
 *
 * The per-process cache of token authentication (storage/token_cache.c):
 * short-lived (SCIMD_TOKEN_CACHE_TTL seconds, default 0 = off), emptied by
 * NOTIFY scimd_tokens on every revocation, off while the listening
 * connection is down. Thread-safe. Directory-private:
 * db_token_auth is its only user.
 */
#ifndef SCIMD_TOKEN_CACHE_H
#define SCIMD_TOKEN_CACHE_H

#include "domain/base/arena.h"
#include "storage/org.h"

/*
 * Looks up the token with SHA-256 hex `hash`; 1 with *out filled (strings
 * in a) on a hit, else 0. First (re)connects the listening connection to
 * `url` if needed and applies the notifications it received. *gen is
 * what db_token_cache_put needs: -1 when nothing may be cached now.
 */
int	db_token_cache_get(struct db_token *out, struct arena *a,
	    const char *url, const char *hash, long long *gen);

/*
 * Caches the live token t read from the database after a get that gave
 * *gen; does nothing if the cache was emptied in between.
 */
void	db_token_cache_put(const char *hash, const struct db_token *t,
	    long long gen);

#endif
