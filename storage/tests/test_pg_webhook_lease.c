/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_pg_webhook_lease.c
 *
 * Webhook delivery leases against a real PostgreSQL: renewing and giving
 * back act only on a lease still held by the claim that took it (the same
 * attempt number); a lease that ran out and was claimed again elsewhere
 * stays the other claim's. Needs SCIMD_TEST_DATABASE_URL (pg_harness.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "domain/base/webhook_row.h"
#include "storage/webhook.h"

#include "pg_harness.h"

/* A pending delivery leased for 1 s by the claim of attempt `attempts`. */
static long long
leased_delivery(struct arena *a, int attempts)
{
	const char	*org = h_org(a, "Leases");
	const char	*ep, *ev;

	ep = h_value(a, "INSERT INTO webhook_endpoints (org_id, url, secret) "
	    "VALUES ('%s', 'https://hooks.example.com/x', 'whsec_x') "
	    "RETURNING id", org);
	ev = h_value(a, "INSERT INTO outbox_events (org_id, type, seq) VALUES "
	    "('%s', 'member.updated', 1) RETURNING id", org);
	return strtoll(h_value(a, "INSERT INTO webhook_deliveries (endpoint_id, "
	    "event_id, subject, attempts, lease_until) VALUES ('%s', %s, 's', "
	    "%d, now() + interval '1 second') RETURNING id", ep, ev, attempts),
	    NULL, 10);
}

static void
test_pg__release_only_by_the_holder(void **state)
{
	struct arena		a = { 0 };
	struct err		e = { 0 };
	struct webhook_lease	l = { leased_delivery(&a, 2), 1 };

	(void)state;
	/* Attempt 1's lease ran out; attempt 2 holds it now. */
	h_ok(db_webhook_release(h_conn, &l, 1, &e), &e);
	assert_string_equal(h_value(&a, "SELECT attempts || ' ' || (lease_until "
	    "IS NOT NULL) FROM webhook_deliveries WHERE id = %lld",
	    l.delivery_id), "2 true");
	l.attempt = 2;
	h_ok(db_webhook_release(h_conn, &l, 1, &e), &e);
	assert_string_equal(h_value(&a, "SELECT attempts || ' ' || (lease_until "
	    "IS NOT NULL) FROM webhook_deliveries WHERE id = %lld",
	    l.delivery_id), "1 false");
	arena_free(&a);
}

static void
test_pg__renew_only_by_the_holder(void **state)
{
	struct arena		a = { 0 };
	struct err		e = { 0 };
	struct webhook_lease	l[2] = { { leased_delivery(&a, 3), 2 },
				    { leased_delivery(&a, 1), 1 } };

	(void)state;
	h_ok(db_webhook_renew(h_conn, l, 2, 60, &e), &e);
	assert_string_equal(h_value(&a, "SELECT string_agg((lease_until > now() "
	    "+ interval '30 seconds')::text, ' ' ORDER BY id) FROM "
	    "webhook_deliveries WHERE id IN (%lld, %lld)", l[0].delivery_id,
	    l[1].delivery_id), "false true");
	assert_string_equal(h_value(&a, "SELECT string_agg(attempts::text, ' ' "
	    "ORDER BY id) FROM webhook_deliveries WHERE id IN (%lld, %lld)",
	    l[0].delivery_id, l[1].delivery_id), "3 1");
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_pg__release_only_by_the_holder),
		cmocka_unit_test(test_pg__renew_only_by_the_holder),
	};

	return cmocka_run_group_tests(tests, h_group_setup, h_group_teardown);
}
