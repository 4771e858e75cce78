/* SPDX-License-Identifier: MIT */
/*
 * fuzz/fuzz_seed.h
 *
 * What the fuzz targets share: the seeded resources they run against and
 * the way they report a broken invariant (abort, which libFuzzer records
 * as a crash with its input).
 */
#ifndef SCIMD_FUZZ_SEED_H
#define SCIMD_FUZZ_SEED_H

#include <cjson/cJSON.h>

/* A User in stored form with id and meta, as the evaluator sees it (owned). */
cJSON	*fuzz_seed_user(void);
/* A Group in stored form with id and meta (owned). */
cJSON	*fuzz_seed_group(void);
/* Prints what broke, with up to two details (NULL: none), and aborts. */
void	 fuzz_die(const char *what, const char *d1, const char *d2)
	    __attribute__((noreturn));

#endif
