/* SPDX-License-Identifier: MIT */
/*
 * domain/base/datetime.c
 *
 * The one RFC 3339 reader of scimd, used by the codec (dateTime
 * attributes), the filter evaluator and the SQL filter compiler, so all
 * three accept and order exactly the same values.
 */
#include "domain/base/datetime.h"

#include <string.h>

static int
read_digits(const char *s, int n)
{
	int	v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
days_in_month(int y, int m)
{
	static const int	dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
dt_parse(struct dt_time *t, const char *s)
{
	int	Y, M, D, h, mi, sec, oh, om, scale, off = 0;
	int32_t	ns = 0;

	if (strlen(s) < 19 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
		return -1;
	Y = read_digits(s, 4);
	M = read_digits(s + 5, 2);
	D = read_digits(s + 8, 2);
	h = read_digits(s + 11, 2);
	mi = read_digits(s + 14, 2);
	sec = read_digits(s + 17, 2);
	if (Y < 1 || M < 1 || M > 12 || D < 1 || h < 0 || h > 23 ||
	    mi < 0 || mi > 59 || sec < 0 || sec > 60 ||
	    D > days_in_month(Y, M))
		return -1;
	s += 19;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return -1;
		/* Nanoseconds are kept; digits past the ninth are ignored. */
		for (scale = 100000000; *s >= '0' && *s <= '9'; s++) {
			ns += (int32_t)(*s - '0') * scale;
			scale /= 10;
		}
	}
	t->has_zone = 1;
	if (*s == 'Z' || *s == 'z')
		s++;
	else if (*s == '+' || *s == '-') {
		oh = read_digits(s + 1, 2);
		if (oh < 0 || s[3] != ':')
			return -1;
		om = read_digits(s + 4, 2);
		if (om < 0 || oh > 15 || om > 59)
			return -1;
		off = (oh * 60 + om) * 60 * (*s == '-' ? -1 : 1);
		s += 6;
	} else
		t->has_zone = 0;
	if (*s != '\0')
		return -1;
	t->sec = days_from_civil(Y, M, D) * 86400 + h * 3600 + mi * 60 + sec - off;
	t->nsec = ns;
	return 0;
}

int
dt_cmp(const struct dt_time *a, const struct dt_time *b)
{
	if (a->sec != b->sec)
		return a->sec < b->sec ? -1 : 1;
	if (a->nsec != b->nsec)
		return a->nsec < b->nsec ? -1 : 1;
	return 0;
}
