/* SPDX-License-Identifier: MIT */
/*
 * domain/base/log.c
 *
 * JSON-lines logger. Each line is written with one write(2) so lines from
 * concurrent workers never interleave.
 */
#include "domain/base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "domain/base/utf8.h"

static enum log_level	min_level = LOG_LEVEL_INFO;

void
log_set_level(enum log_level level)
{
	min_level = level;
}

int
log_enabled(enum log_level level)
{
	return level >= min_level;
}

int
log_level_parse(enum log_level *out, const char *s)
{
	static const char *const names[] = { "debug", "info", "warn", "error" };
	size_t			 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

void
log_now_iso(char out[32])
{
	struct timespec	ts;
	struct tm	tm;
	size_t		n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03dZ", (int)(ts.tv_nsec / 1000000) % 1000);
}

void
log_json_escape(char *buf, size_t cap, size_t *len, const char *s)
{
	size_t	n = *len, k, need;
	int	ok;

	for (; *s != '\0'; s += k) {
		unsigned char	c = (unsigned char)*s;

		k = utf8_step(s, &ok);
		/* Escaped as ASCII, so the output is valid whatever the input. */
		need = !ok ? 6 : c == '"' || c == '\\' ? 2 : c < 0x20 ? 6 : k;
		/* Whole characters only: never cut one in the middle. */
		if (n + need >= cap)
			break;
		if (!ok)
			memcpy(buf + n, "\\ufffd", 6);
		else if (c == '"' || c == '\\') {
			buf[n] = '\\';
			buf[n + 1] = (char)c;
		} else if (c < 0x20)
			snprintf(buf + n, cap - n, "\\u%04x", c);
		else
			memcpy(buf + n, s, k);
		n += need;
	}
	if (n < cap)
		buf[n] = '\0';
	*len = n;
}

void
log_line(const char *json)
{
	size_t	n = strlen(json);
	char	buf[4096];

	if (n + 2 > sizeof(buf))
		n = sizeof(buf) - 2;
	memcpy(buf, json, n);
	buf[n++] = '\n';
	(void)!write(STDERR_FILENO, buf, n);
}

static void
log_emit(enum log_level lv, const char *level, const char *fmt, va_list ap)
{
	char	msg[1024], line[2048], now[32];
	size_t	len;

	if (!log_enabled(lv))
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	log_now_iso(now);
	len = (size_t)snprintf(line, sizeof(line),
	    "{\"time\":\"%s\",\"level\":\"%s\",\"msg\":\"", now, level);
	log_json_escape(line, sizeof(line) - 3, &len, msg);
	line[len++] = '"';
	line[len++] = '}';
	line[len] = '\0';
	log_line(line);
}

void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_emit(LOG_LEVEL_DEBUG, "debug", fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_emit(LOG_LEVEL_INFO, "info", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_emit(LOG_LEVEL_WARN, "warn", fmt, ap);
	va_end(ap);
}

void
log_error(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_emit(LOG_LEVEL_ERROR, "error", fmt, ap);
	va_end(ap);
}
