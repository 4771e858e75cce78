/* SPDX-License-Identifier: MIT */
/*
 * domain/tests/test_secret.c
 *
 * Unit tests of bearer secret generation and hashing (domain/secret.h):
 * the printable format and the SHA-256 digest they are stored under. Not
 * for token lookup (storage/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/base/err.h"
#include "domain/secret.h"

#define B64URL	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

/* 32 random bytes in unpadded base64url: ceil(256 / 6) characters. */
#define RANDOM_CHARS	43

static void
test_secret__new_format(void **state)
{
	char		 s[DOM_SECRET_LEN];
	struct err	 e = { 0 };
	const char	*body, *last;

	(void)state;
	memset(s, 'X', sizeof(s));
	assert_int_equal(dom_secret_new(s, "scim", &e), 0);
	assert_int_equal(e.status, 0);
	assert_int_equal(strncmp(s, "scim_", 5), 0);
	assert_int_equal(strlen(s), 5 + RANDOM_CHARS);
	body = s + 5;
	assert_int_equal(strspn(body, B64URL), RANDOM_CHARS);
	/*
	 * The last character carries 4 data bits and 2 zero pad bits: a
	 * canonical encoding, so its index in the alphabet is a multiple of 4.
	 */
	last = strchr(B64URL, body[RANDOM_CHARS - 1]);
	assert_non_null(last);
	assert_int_equal((last - B64URL) % 4, 0);
}

static void
test_secret__new_other_prefix(void **state)
{
	char		s[DOM_SECRET_LEN];
	struct err	e = { 0 };

	(void)state;
	assert_int_equal(dom_secret_new(s, "sess", &e), 0);
	assert_int_equal(strncmp(s, "sess_", 5), 0);
	assert_int_equal(strlen(s), 5 + RANDOM_CHARS);
	assert_int_equal(strspn(s + 5, B64URL), RANDOM_CHARS);
}

static void
test_secret__new_differs(void **state)
{
	char		a[DOM_SECRET_LEN], b[DOM_SECRET_LEN];
	struct err	e = { 0 };
	int		i;

	(void)state;
	assert_int_equal(dom_secret_new(a, "scim", &e), 0);
	for (i = 0; i < 16; i++) {
		assert_int_equal(dom_secret_new(b, "scim", &e), 0);
		assert_string_not_equal(a, b);
	}
}

/* Every alphabet position is reachable: no bias to a sub-range. */
static void
test_secret__new_uses_whole_alphabet(void **state)
{
	char		s[DOM_SECRET_LEN];
	struct err	e = { 0 };
	int		seen[64] = { 0 }, i, j, n = 0;

	(void)state;
	for (i = 0; i < 200; i++) {
		assert_int_equal(dom_secret_new(s, "t", &e), 0);
		for (j = 2; j < 2 + RANDOM_CHARS - 1; j++)
			seen[strchr(B64URL, s[j]) - B64URL] = 1;
	}
	for (i = 0; i < 64; i++)
		n += seen[i];
	/* 200 * 42 draws: missing a symbol has probability ~ 64 * e^-131. */
	assert_int_equal(n, 64);
}

static void
test_secret__hash_known_vectors(void **state)
{
	char	h[DOM_SECRET_HASH_HEX];

	(void)state;
	dom_secret_hash(h, "abc", 3);
	assert_string_equal(h,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(strlen(h), 64);
	assert_int_equal(strspn(h, "0123456789abcdef"), 64);

	dom_secret_hash(h, "", 0);
	assert_string_equal(h,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void
test_secret__hash_honours_length(void **state)
{
	char	a[DOM_SECRET_HASH_HEX], b[DOM_SECRET_HASH_HEX];

	(void)state;
	/* Only the first len bytes count: "abcdef" cut to 3 is "abc". */
	dom_secret_hash(a, "abcdef", 3);
	assert_string_equal(a,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	dom_secret_hash(b, "abcdef", 6);
	assert_string_not_equal(a, b);
	assert_int_equal(strlen(b), 64);
}

static void
test_secret__hash_of_new_secret(void **state)
{
	char		s[DOM_SECRET_LEN], h1[DOM_SECRET_HASH_HEX];
	char		h2[DOM_SECRET_HASH_HEX];
	struct err	e = { 0 };

	(void)state;
	assert_int_equal(dom_secret_new(s, "scim", &e), 0);
	dom_secret_hash(h1, s, strlen(s));
	dom_secret_hash(h2, s, strlen(s));
	assert_string_equal(h1, h2);
	assert_int_equal(strspn(h1, "0123456789abcdef"), 64);
	assert_null(strstr(h1, s + 5));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secret__new_format),
		cmocka_unit_test(test_secret__new_other_prefix),
		cmocka_unit_test(test_secret__new_differs),
		cmocka_unit_test(test_secret__new_uses_whole_alphabet),
		cmocka_unit_test(test_secret__hash_known_vectors),
		cmocka_unit_test(test_secret__hash_honours_length),
		cmocka_unit_test(test_secret__hash_of_new_secret),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
