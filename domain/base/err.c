/* SPDX-License-Identifier: MIT */
/*
 * domain/base/err.c
 *
 * Setting and naming errors. Rendering them as JSON is scim/'s job.
 */
#include "domain/base/err.h"

#include <stdio.h>
#include <string.h>

#include "domain/base/utf8.h"

int
err_setv(struct err *e, int status, enum scim_type type, const char *fmt,
    va_list ap)
{
	char	raw[sizeof(e->detail)];

	if (e == NULL)
		return -1;
	e->status = status;
	e->type = type;
	e->retry = ERR_RETRY_NONE;
	e->retry_after = 0;
	/*
	 * Details quote request text, cut by %.Ns or by the buffer: they go
	 * into JSON bodies and audit rows, which must be valid UTF-8.
	 */
	vsnprintf(raw, sizeof(raw), fmt, ap);
	utf8_scrub(e->detail, sizeof(e->detail), raw);
	return -1;
}

int
err_set(struct err *e, int status, enum scim_type type, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	err_setv(e, status, type, fmt, ap);
	va_end(ap);
	return -1;
}

int
err_internal(struct err *e)
{
	return err_set(e, 500, ST_NONE, "internal server error");
}

void
err_clear(struct err *e)
{
	memset(e, 0, sizeof(*e));
}

const char *
err_scim_type_name(enum scim_type t)
{
	switch (t) {
	case ST_INVALID_FILTER:	return "invalidFilter";
	case ST_TOO_MANY:	return "tooMany";
	case ST_UNIQUENESS:	return "uniqueness";
	case ST_MUTABILITY:	return "mutability";
	case ST_INVALID_SYNTAX:	return "invalidSyntax";
	case ST_INVALID_PATH:	return "invalidPath";
	case ST_NO_TARGET:	return "noTarget";
	case ST_INVALID_VALUE:	return "invalidValue";
	case ST_INVALID_VERS:	return "invalidVers";
	case ST_SENSITIVE:	return "sensitive";
	case ST_INVALID_CURSOR:	return "invalidCursor";
	case ST_EXPIRED_CURSOR:	return "expiredCursor";
	case ST_NONE:		break;
	}
	return NULL;
}
