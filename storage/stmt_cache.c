/* SPDX-License-Identifier: MIT */
/*
 * storage/stmt_cache.c
 *
 * Prepared statements for SQL text that is built at run time (filters,
 * sort orders, paging) or written inline: planning such a statement took
 * several times longer than running it, and a list request paid that on
 * every call. Each connection keeps the texts it has prepared in a small
 * set-associative table; a text seen again runs as its prepared
 * statement, whose plans PostgreSQL itself invalidates when the table's
 * statistics or definition change. The table is bounded: the least
 * recently used entry of a full set is deallocated on the server too, so
 * a client sending ever-new filter shapes cannot grow the backend.
 */
#include "storage/stmt_cache.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/base/arena.h"
#include "domain/base/log.h"

#define DB_CACHE_SETS		64
#define DB_CACHE_WAYS		4
/* Longer texts are rare one-offs (huge filters): not worth a slot. */
#define DB_CACHE_MAX_TEXT	8192

struct entry {
	uint64_t		 hash;
	char			*text;		/* malloc'ed; NULL: free slot */
	unsigned		 id;		/* the statement is "dyn<id>" */
	unsigned long long	 used;
};

struct db_stmt_cache {
	struct entry		 e[DB_CACHE_SETS][DB_CACHE_WAYS];
	unsigned		 next_id;
	unsigned long long	 clock;
};

static uint64_t
fnv1a(const char *s)
{
	uint64_t	h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Only plannable statements can be prepared; utility commands cannot. */
static int
cacheable(const char *sql)
{
	static const char *const verbs[] = { "SELECT", "INSERT", "UPDATE",
	    "DELETE", "WITH", NULL };
	size_t	i;

	if (strlen(sql) > DB_CACHE_MAX_TEXT)
		return 0;
	for (i = 0; verbs[i] != NULL; i++)
		if (strncasecmp(sql, verbs[i], strlen(verbs[i])) == 0)
			return 1;
	return 0;
}

static void
entry_drop(PGconn *pg, struct entry *x)
{
	char		 sql[32];
	PGresult	*res;

	/* Inside a failed transaction this fails too; the reset drops all. */
	snprintf(sql, sizeof(sql), "DEALLOCATE dyn%u", x->id);
	res = PQexec(pg, sql);
	PQclear(res);
	free(x->text);
	x->text = NULL;
}

/* The entry for sql, prepared on the server; NULL with *fail on error. */
static struct entry *
entry_get(struct db_stmt_cache *k, PGconn *pg, const char *sql, int n,
    PGresult **fail)
{
	uint64_t	 h = fnv1a(sql);
	struct entry	*set = k->e[h % DB_CACHE_SETS], *x = NULL;
	char		 name[24];
	PGresult	*res;
	int		 i;

	for (i = 0; i < DB_CACHE_WAYS; i++) {
		if (set[i].text != NULL && set[i].hash == h &&
		    strcmp(set[i].text, sql) == 0) {
			set[i].used = ++k->clock;
			return &set[i];
		}
		if (x == NULL || set[i].text == NULL ||
		    (x->text != NULL && set[i].used < x->used))
			x = &set[i];
	}
	if (x->text != NULL)
		entry_drop(pg, x);
	x->id = k->next_id++;
	snprintf(name, sizeof(name), "dyn%u", x->id);
	res = PQprepare(pg, name, sql, n, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		*fail = res;
		return NULL;
	}
	PQclear(res);
	x->hash = h;
	x->text = xstrdup(sql);
	x->used = ++k->clock;
	return x;
}

PGresult *
db_stmt_cache_exec(struct db_stmt_cache **kp, PGconn *pg, const char *sql,
    int n, const char *const *params)
{
	struct entry	*x;
	PGresult	*res = NULL;
	char		 name[24];

	if (!cacheable(sql))
		return PQexecParams(pg, sql, n, NULL, params, NULL, NULL, 0);
	if (*kp == NULL)
		*kp = xcalloc(1, sizeof(**kp));
	if ((x = entry_get(*kp, pg, sql, n, &res)) == NULL)
		return res;
	snprintf(name, sizeof(name), "dyn%u", x->id);
	return PQexecPrepared(pg, name, n, params, NULL, NULL, 0);
}

void
db_stmt_cache_forget(struct db_stmt_cache *k, PGconn *pg, const char *sql)
{
	uint64_t	 h;
	struct entry	*set;
	int		 i;

	if (k == NULL || !cacheable(sql))
		return;
	h = fnv1a(sql);
	set = k->e[h % DB_CACHE_SETS];
	for (i = 0; i < DB_CACHE_WAYS; i++)
		if (set[i].text != NULL && set[i].hash == h &&
		    strcmp(set[i].text, sql) == 0)
			entry_drop(pg, &set[i]);
}

void
db_stmt_cache_free(struct db_stmt_cache *k)
{
	int	i, j;

	if (k == NULL)
		return;
	for (i = 0; i < DB_CACHE_SETS; i++)
		for (j = 0; j < DB_CACHE_WAYS; j++)
			free(k->e[i][j].text);
	free(k);
}
