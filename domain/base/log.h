/* SPDX-License-Identifier: MIT */
/*
 * domain/base/log.h
 *
 * Structured logging: one JSON object per line on stderr. Never pass
 * tokens, passwords or attribute values to these functions.
 */
#ifndef SCIMD_LOG_H
#define SCIMD_LOG_H

#include <stddef.h>

enum log_level { LOG_LEVEL_DEBUG, LOG_LEVEL_INFO, LOG_LEVEL_WARN,
	LOG_LEVEL_ERROR };

/*
 * The least severe level written (default info). Set once at start-up,
 * before any thread logs.
 */
void	log_set_level(enum log_level level);
int	log_enabled(enum log_level level);
/* "debug", "info", "warn" or "error". Returns 0, or -1 for another word. */
int	log_level_parse(enum log_level *out, const char *s);

void	log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes one already-formatted JSON line atomically, whatever the level. */
void	log_line(const char *json);

/*
 * Appends `s` JSON-escaped (without quotes) to buf of size cap at *len.
 * Output is truncated, never overflowed; *len is advanced.
 */
void	log_json_escape(char *buf, size_t cap, size_t *len, const char *s);

/* ISO 8601 UTC time with milliseconds, e.g. 2026-11-23T08:01:50.123Z. */
void	log_now_iso(char out[32]);

#endif
