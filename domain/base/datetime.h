/* SPDX-License-Identifier: MIT */
/*
 * domain/base/datetime.h
 *
 * RFC 3339 date-times (xsd:dateTime, RFC 7643 §2.3.5) as instants.
 */
#ifndef SCIMD_DATETIME_H
#define SCIMD_DATETIME_H

#include <stdint.h>

/*
 * An instant: seconds since 1970-01-01T00:00:00Z plus nanoseconds.
 * `has_zone` is 0 when the text carried no offset (read as UTC).
 */
struct dt_time {
	int64_t	sec;
	int32_t	nsec;
	int	has_zone;
};

/*
 * Reads YYYY-MM-DDTHH:MM:SS[.frac][Z|±HH:MM], `T` and `Z` in either case.
 * The offset may be omitted (UTC is assumed). The accepted range is the
 * one PostgreSQL's timestamptz accepts for this form, so a value that
 * passes here never makes the database raise: years 0001-9999, real
 * calendar days, second 60 (a leap second rolls over as PostgreSQL does)
 * and offsets up to ±15:59. Returns 0, or -1 when s is not such a value.
 */
int	dt_parse(struct dt_time *t, const char *s);

/* -1, 0 or 1 as a is before, at or after b. */
int	dt_cmp(const struct dt_time *a, const struct dt_time *b);

#endif
