/* SPDX-License-Identifier: MIT */
/*
 * domain/base/arena.h
 *
 * Per-request bump allocator and the aborting allocation wrappers. Memory
 * taken from an arena is never freed piecemeal: it dies with arena_free().
 * Running out of memory aborts the process (there is no useful recovery in
 * the middle of a request).
 */
#ifndef SCIMD_ARENA_H
#define SCIMD_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk	*head;
};

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);

/* An arena is zero-initialized (`struct arena a = { 0 };`) before use. */
void	*arena_alloc(struct arena *, size_t);
char	*arena_strdup(struct arena *, const char *);
char	*arena_strndup(struct arena *, const char *, size_t);
char	*arena_printf(struct arena *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Releases every allocation of the arena; the arena may be reused. */
void	 arena_free(struct arena *);

#endif
