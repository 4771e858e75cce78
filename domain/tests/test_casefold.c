/* SPDX-License-Identifier: MIT */
/*
 * domain/tests/test_casefold.c
 *
 * Unicode simple case folding in C (domain/base/casefold.h): every script
 * folds, not only ASCII and Latin-1; the byte length may change; what is
 * no letter or no valid UTF-8 stays as it is. storage/tests/
 * test_pg_casefold.c checks that scimd_fold() in SQL agrees.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/base/casefold.h"

static void
assert_folds(const char *in, const char *want)
{
	char	*got = cf_fold_dup(in);

	assert_string_equal(got, want);
	free(got);
	assert_true(cf_equal(in, want));
	assert_true(cf_equal(want, in));
}

static void
test_casefold__code_points(void **state)
{
	(void)state;
	assert_int_equal(cf_fold_cp('A'), 'a');
	assert_int_equal(cf_fold_cp('z'), 'z');
	assert_int_equal(cf_fold_cp('@'), '@');
	assert_int_equal(cf_fold_cp(0xc9), 0xe9);	/* É */
	assert_int_equal(cf_fold_cp(0xd7), 0xd7);	/* × is no letter */
	assert_int_equal(cf_fold_cp(0xdf), 0xdf);	/* ß: full folding only */
	assert_int_equal(cf_fold_cp(0x1e9e), 0xdf);	/* ẞ */
	assert_int_equal(cf_fold_cp(0x386), 0x3ac);	/* Ά */
	assert_int_equal(cf_fold_cp(0x3c2), 0x3c3);	/* final ς */
	assert_int_equal(cf_fold_cp(0x130), 0x130);	/* İ: F and T only */
	assert_int_equal(cf_fold_cp(0x212a), 'k');	/* Kelvin sign */
	assert_int_equal(cf_fold_cp(0x10400), 0x10428);	/* Deseret */
	assert_int_equal(cf_fold_cp(0x1e921), 0x1e943);	/* last pair, Adlam */
	assert_int_equal(cf_fold_cp(0x10ffff), 0x10ffff);
}

static void
test_casefold__strings(void **state)
{
	(void)state;
	assert_folds("", "");
	assert_folds("Bob@Example.COM", "bob@example.com");
	assert_folds("JOS\xc3\x89", "jos\xc3\xa9");			/* JOSÉ */
	/* ΆΝΝΑ -> άννα */
	assert_folds("\xce\x86\xce\x9d\xce\x9d\xce\x91",
	    "\xce\xac\xce\xbd\xce\xbd\xce\xb1");
	/* ИВАН -> иван, Ё -> ё */
	assert_folds("\xd0\x98\xd0\x92\xd0\x90\xd0\x9d \xd0\x81",
	    "\xd0\xb8\xd0\xb2\xd0\xb0\xd0\xbd \xd1\x91");
	/* Kelvin sign: 3 bytes fold to one. */
	assert_folds("\xe2\x84\xaa" "elvin", "kelvin");
	/* U+023A Ⱥ (2 bytes) folds to U+2C65 ⱥ (3 bytes). */
	assert_folds("\xc8\xba", "\xe2\xb1\xa5");
	/* Deseret 𐐀 U+10400 -> 𐐨 U+10428, 4 bytes each. */
	assert_folds("\xf0\x90\x90\x80x", "\xf0\x90\x90\xa8x");
	/* No letters: digits, punctuation, CJK, an emoji. */
	assert_folds("42 + ? \xe4\xb8\xad \xf0\x9f\x98\x80",
	    "42 + ? \xe4\xb8\xad \xf0\x9f\x98\x80");
	assert_false(cf_equal("abc", "abd"));
	assert_false(cf_equal("abc", "ab"));
	assert_false(cf_equal("\xc3\xa9", "e"));
}

static void
test_casefold__invalid_utf8_is_kept(void **state)
{
	(void)state;
	/* A lone continuation, a cut sequence, an overlong, a surrogate. */
	assert_folds("A\x80" "B", "a\x80" "b");
	assert_folds("\xc3", "\xc3");
	assert_folds("X\xe2\x82", "x\xe2\x82");
	assert_folds("\xc0\xaf" "Z", "\xc0\xaf" "z");
	assert_folds("\xed\xa0\x80Q", "\xed\xa0\x80q");
	/* Invalid bytes equal only themselves, never a character. */
	assert_false(cf_equal("\xc3", "\xc3\xa9"));
	assert_false(cf_equal("\x80", "\xc2\x80"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_casefold__code_points),
		cmocka_unit_test(test_casefold__strings),
		cmocka_unit_test(test_casefold__invalid_utf8_is_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
