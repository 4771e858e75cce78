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

void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes one already-formatted JSON line atomically. */
void	log_line(const char *json);

/*
 * Appends `s` JSON-escaped (without quotes) to buf of size cap at *len.
 * Output is truncated, never overflowed; *len is advanced.
 */
void	log_json_escape(char *buf, size_t cap, size_t *len, const char *s);

/* ISO 8601 UTC time with milliseconds, e.g. 2026-11-23T08:01:50.123Z. */
void	log_now_iso(char out[32]);

#endif
