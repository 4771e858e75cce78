/* SPDX-License-Identifier: MIT */
/*
 * domain/base/casefold.h
 *
 * The one case folding of SCIM values: Unicode simple case folding
 * (CaseFolding.txt, statuses C and S), one code point to one. SQL folds
 * with scimd_fold(text) (storage/migrations/0011_casefold.sql), generated
 * from the same data by scripts/gen-casefold, so a value a list filter
 * finds in PostgreSQL is the value a PATCH value filter finds in memory.
 *
 * A folded string can be longer or shorter in bytes than the original
 * (U+212A KELVIN SIGN, 3 bytes, folds to "k"; U+023A to U+2C65 grows
 * from 2 to 3). Bytes that are not valid UTF-8 are kept as they are.
 */
#ifndef SCIMD_CASEFOLD_H
#define SCIMD_CASEFOLD_H

#include <stdint.h>

/* The simple case folding of code point c; c itself when it has none. */
uint32_t	cf_fold_cp(uint32_t c);
/*
 * The folded code point at *s (NUL-terminated, not at its end), and
 * moves *s past it. A byte that starts no valid character yields
 * CF_INVALID + that byte, which equals no code point.
 */
#define CF_INVALID	0x110000u
uint32_t	cf_next(const char **s);
/* Whether a and b are equal once folded; allocates nothing. */
int		cf_equal(const char *a, const char *b);
/* The folded copy of s, from xmalloc; the caller frees it. */
char		*cf_fold_dup(const char *s);

#endif
