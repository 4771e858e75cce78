/* SPDX-License-Identifier: MIT */
/*
 * domain/tests/test_webhook.c
 *
 * Unit tests of what domain/webhook.h decides without a database: the
 * Standard Webhooks signature (against the specification's published
 * example), the secret's form, the retry schedule, and where a delivery
 * may go (URL parsing and the SSRF address rule).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cmocka.h>

#include "domain/webhook.h"

/* The example of the Standard Webhooks reference libraries' tests. */
static void
test_webhook__sign_reference_vector(void **state)
{
	struct arena	 a = { 0 };
	const char	*body = "{\"test\": 2432232314}";
	const char	*sig;

	(void)state;
	sig = dom_webhook_sign(&a, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
	    NULL, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body,
	    strlen(body));
	assert_non_null(sig);
	assert_string_equal(sig,
	    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	/* During a rotation: the new secret's signature, then the old one's. */
	sig = dom_webhook_sign(&a, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
	    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
	    "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, strlen(body));
	assert_string_equal(sig,
	    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= "
	    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	assert_null(dom_webhook_sign(&a, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
	    NULL, "x", 1, body, strlen(body)));
	assert_null(dom_webhook_sign(&a, "whsec_abc", NULL, "x", 1, body,
	    strlen(body)));
	arena_free(&a);
}

static void
test_webhook__secret_form(void **state)
{
	char		 s[DOM_WEBHOOK_SECRET_LEN], t[DOM_WEBHOOK_SECRET_LEN];
	struct err	 e = { 0 };
	struct arena	 a = { 0 };

	(void)state;
	assert_int_equal(dom_webhook_secret_new(s, &e), 0);
	assert_int_equal(dom_webhook_secret_new(t, &e), 0);
	assert_int_equal(strlen(s), 6 + 44);
	assert_memory_equal(s, "whsec_", 6);
	assert_int_equal(s[49], '=');
	assert_string_not_equal(s, t);
	assert_non_null(dom_webhook_sign(&a, s, NULL, "m", 1, "{}", 2));
	arena_free(&a);
}

static void
test_webhook__retry_schedule(void **state)
{
	(void)state;
	/* 500 ms doubling, jitter [half, whole). */
	assert_int_equal(dom_webhook_retry_ms(1, 0), 250);
	assert_in_range(dom_webhook_retry_ms(1, 0xffffffffu), 499, 500);
	assert_int_equal(dom_webhook_retry_ms(2, 0), 500);
	assert_int_equal(dom_webhook_retry_ms(5, 0), 4000);
	/* Capped at an hour, however many tries. */
	assert_int_equal(dom_webhook_retry_ms(40, 0), 1800000);
	assert_in_range(dom_webhook_retry_ms(1000, 0xffffffffu), 3599999,
	    3600000);
}

/* 0 when a delivery may connect to `ip`, else the status of the refusal. */
static int
check(const char *ip, int https, int insecure, int allow_private)
{
	struct sockaddr_in	v4 = { .sin_family = AF_INET };
	struct sockaddr_in6	v6 = { .sin6_family = AF_INET6 };
	struct err		e = { 0 };
	const struct sockaddr	*sa = (const void *)&v4;

	if (inet_pton(AF_INET, ip, &v4.sin_addr) != 1) {
		assert_int_equal(inet_pton(AF_INET6, ip, &v6.sin6_addr), 1);
		sa = (const void *)&v6;
	}
	if (dom_webhook_addr_check(sa, https, insecure, allow_private,
	    &e) == 0)
		return 0;
	return e.status;
}

static void
test_webhook__address_rule(void **state)
{
	static const char *const never[] = { "0.0.0.0", "0.1.2.3", "::",
	    "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1",
	    "ff02::1", "::ffff:224.0.0.1" };
	static const char *const private[] = { "10.0.0.1", "172.16.0.1",
	    "172.31.255.255", "192.168.1.1", "100.64.0.1", "169.254.169.254",
	    "fd00::1", "fe80::1", "::ffff:10.1.2.3", "::ffff:169.254.169.254",
	    "fec0::1" };
	static const char *const public[] = { "93.184.216.34", "172.15.0.1",
	    "172.32.0.1", "100.128.0.1", "8.8.8.8", "2606:4700::1111",
	    "::ffff:8.8.8.8" };
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof(never) / sizeof(never[0]); i++) {
		assert_int_equal(check(never[i], 1, 1, 0), 400);
		assert_int_equal(check(never[i], 1, 1, 1), 400);
	}
	for (i = 0; i < sizeof(private) / sizeof(private[0]); i++) {
		assert_int_equal(check(private[i], 1, 0, 0), 400);
		assert_int_equal(check(private[i], 1, 0, 1), 0);
		/* Still https only, unless insecure. */
		assert_int_equal(check(private[i], 0, 0, 1), 400);
	}
	for (i = 0; i < sizeof(public) / sizeof(public[0]); i++) {
		assert_int_equal(check(public[i], 1, 0, 0), 0);
		assert_int_equal(check(public[i], 0, 0, 0), 400);
		assert_int_equal(check(public[i], 0, 1, 0), 0);
	}
	/* Loopback: http too. */
	assert_int_equal(check("127.0.0.1", 0, 0, 0), 0);
	assert_int_equal(check("127.9.9.9", 1, 0, 0), 0);
	assert_int_equal(check("::1", 0, 0, 0), 0);
	assert_int_equal(check("::ffff:127.0.0.1", 0, 0, 0), 0);
}

static void
test_webhook__url(void **state)
{
	struct dom_webhook_url	u;
	struct arena		a = { 0 };
	struct err		e = { 0 };

	(void)state;
	assert_int_equal(dom_webhook_url_parse(&u, &a,
	    "https://hooks.example.com/a/b?c=d", &e), 0);
	assert_true(u.https);
	assert_string_equal(u.host, "hooks.example.com");
	assert_string_equal(u.port, "443");
	assert_string_equal(u.authority, "hooks.example.com");
	assert_string_equal(u.path, "/a/b?c=d");
	assert_int_equal(dom_webhook_url_parse(&u, &a, "http://[::1]:8080",
	    &e), 0);
	assert_string_equal(u.host, "::1");
	assert_string_equal(u.port, "8080");
	assert_string_equal(u.authority, "[::1]:8080");
	assert_string_equal(u.path, "/");
	assert_int_equal(dom_webhook_url_parse(&u, &a, "http://h?x=1", &e), 0);
	assert_string_equal(u.path, "/?x=1");
	assert_int_equal(dom_webhook_url_parse(&u, &a, "ftp://h/", &e), -1);
	assert_int_equal(dom_webhook_url_parse(&u, &a, "https://u@h/", &e), -1);
	assert_int_equal(dom_webhook_url_parse(&u, &a, "https://h:0/", &e), -1);
	assert_int_equal(dom_webhook_url_parse(&u, &a, "https://h:1x/", &e), -1);
	assert_int_equal(dom_webhook_url_parse(&u, &a, "https:///x", &e), -1);
	assert_int_equal(dom_webhook_url_parse(&u, &a, "https://[::1/", &e), -1);
	assert_int_equal(dom_webhook_url_parse(&u, &a, "https://h/#f", &e), -1);
	/* What the add-time check knows without resolving. */
	assert_int_equal(dom_webhook_url_check("http://localhost:9/", 0, 0, &e),
	    0);
	assert_int_equal(dom_webhook_url_check("http://example.com/", 0, 0,
	    &e), -1);
	assert_int_equal(dom_webhook_url_check("https://example.com/", 0, 0,
	    &e), 0);
	assert_int_equal(dom_webhook_url_check("https://[fe80::1]/", 0, 0, &e),
	    -1);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_webhook__sign_reference_vector),
		cmocka_unit_test(test_webhook__secret_form),
		cmocka_unit_test(test_webhook__retry_schedule),
		cmocka_unit_test(test_webhook__address_rule),
		cmocka_unit_test(test_webhook__url),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
