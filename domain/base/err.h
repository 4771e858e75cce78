/* SPDX-License-Identifier: MIT */
/*
 * domain/base/err.h
 *
 * The one error type of scimd: exactly what a SCIM Error (RFC 7644 §3.12)
 * needs. It is set once, where a failure is detected, and rendered once by
 * scim/model/render.c. Setting an error never allocates.
 */
#ifndef SCIMD_ERR_H
#define SCIMD_ERR_H

#include <stdarg.h>

enum scim_type {
	ST_NONE,
	ST_INVALID_FILTER,
	ST_TOO_MANY,
	ST_UNIQUENESS,
	ST_MUTABILITY,
	ST_INVALID_SYNTAX,
	ST_INVALID_PATH,
	ST_NO_TARGET,
	ST_INVALID_VALUE,
	ST_INVALID_VERS,
	ST_SENSITIVE,
	ST_INVALID_CURSOR,
	ST_EXPIRED_CURSOR
};

/* Internal-only marker codes kept in `retry`: never rendered. */
enum err_retry {
	ERR_RETRY_NONE,
	ERR_RETRY_TX,		/* serialization failure or deadlock: rerun */
	ERR_RETRY_CONN		/* connection lost: reconnect, answer 503 */
};

struct err {
	int		status;		/* HTTP status; 0 = no error */
	enum scim_type	type;
	enum err_retry	retry;
	int		retry_after;	/* seconds for Retry-After, 0 = none */
	char		detail[256];	/* client-safe, PostgreSQL message style */
};

/* Record an error. Always returns -1, so `return err_set(...)` works. */
int	err_set(struct err *, int status, enum scim_type, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
int	err_setv(struct err *, int status, enum scim_type, const char *fmt,
	    va_list ap) __attribute__((format(printf, 4, 0)));

/* A 500 whose detail is generic; the real cause is logged by the caller. */
int	err_internal(struct err *);

void	err_clear(struct err *);

/* The RFC 7644 spelling of a scimType, or NULL for ST_NONE. */
const char *err_scim_type_name(enum scim_type);

#endif
