/* SPDX-License-Identifier: MIT */
/*
 * storage/tests/test_pg_webhook_lease.c
 *
 * Webhook delivery leases against a real PostgreSQL: renewing, giving
 * back and recording a failure act only on a lease still held by the
 * claim that took it (the same attempt number); a lease that ran out and
 * was claimed again elsewhere stays the other claim's. A success delivers
 * whoever holds the lease, and a failure after it leaves it delivered.
 * Needs SCIMD_TEST_DATABASE_URL (pg_harness.h).
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

/* The delivery's state, whether leased, and how many attempts it logged. */
#define STATE_SQL "SELECT d.state || ' ' || (d.lease_until IS NOT NULL) || " \
	"' ' || (SELECT count(*) FROM webhook_attempts t WHERE " \
	"t.delivery_id = d.id) FROM webhook_deliveries d WHERE d.id = %lld"

/* Records one attempt of the claim `attempt`, ok or not. */
static void
record(long long id, int attempt, int ok)
{
	struct arena			a = { 0 };
	struct err			e = { 0 };
	struct db_webhook_result	r = { id, attempt, ok ? 200 : 503, 5,
					    "x", ok, 1000 };

	h_ok(db_webhook_done(h_conn, &a, &r, 1, 3 * 86400, 5, &e), &e);
	arena_free(&a);
}

static void
test_pg__a_late_failure_leaves_the_new_claim(void **state)
{
	struct arena	a = { 0 };
	long long	late = leased_delivery(&a, 2), ok = leased_delivery(&a, 2);

	(void)state;
	/* Attempt 1 ends after its lease ran out and attempt 2 was claimed. */
	record(late, 1, 0);
	assert_string_equal(h_value(&a, STATE_SQL, late), "pending true 1");
	record(ok, 1, 1);
	assert_string_equal(h_value(&a, STATE_SQL, ok), "delivered false 1");
	/* Attempt 2, sent meanwhile, fails after attempt 1 delivered it. */
	record(ok, 2, 0);
	assert_string_equal(h_value(&a, STATE_SQL, ok), "delivered false 2");
	assert_string_equal(h_value(&a, "SELECT consecutive_failures FROM "
	    "webhook_endpoints w JOIN webhook_deliveries d ON d.endpoint_id = "
	    "w.id WHERE d.id = %lld", late), "0");
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_pg__release_only_by_the_holder),
		cmocka_unit_test(test_pg__renew_only_by_the_holder),
		cmocka_unit_test(test_pg__a_late_failure_leaves_the_new_claim),
	};

	return cmocka_run_group_tests(tests, h_group_setup, h_group_teardown);
}
