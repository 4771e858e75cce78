// Webhooks across scimd instances: deliveries are shared through the
// database, so two instances send each event once per endpoint, together
// keep at most 8 requests in flight to an endpoint, and an instance
// killed with -9 mid-burst loses nothing (its leases run out and the
// deliveries go again). The suite's server is one instance; each test
// starts a second one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Org, pool, row, startServer } from './lib/lifecycle.mjs';
import { addWebhook, receiver, until, verify } from './lib/webhooks.mjs';

// Provisions n users through `scim`, at most 16 at once; with `half`,
// calls it when half of them are in and stops there (the requests then in
// flight may fail: half kills the server).
async function burst(org, scim, n, half) {
  let done = 0, stopping = false;
  await pool(16, Array.from({ length: n }, (_, i) => async () => {
    if (stopping) return;
    try {
      await scim.createUser(org.email(`b${i}`));
    } catch (e) {
      if (!stopping) throw e;
      return;
    }
    done += 1;
    if (half && done === n / 2) { stopping = true; await half(); }
  }));
}

const provisioned = (rx) => rx.ok().filter((g) => g.json.type === 'member.provisioned');

test('two scimd processes deliver each event once per endpoint', { timeout: 60000 }, async () => {
  const second = await startServer();
  const rx1 = await receiver(), rx2 = await receiver({ delayMs: 5 });
  try {
    const org = Org.create();
    const ep1 = addWebhook(org, rx1.url);
    const ep2 = addWebhook(org, rx2.url);
    const n = 300;
    // Half the changes through each instance.
    const scim = org.scim();
    const other = scim.on(second.base);
    await pool(16, Array.from({ length: n }, (_, i) => () => (i % 2 ? scim : other).createUser(org.email(`p${i}`))));
    for (const rx of [rx1, rx2]) {
      await until(() => provisioned(rx).length >= n, 40000, () => `${provisioned(rx).length} of ${n}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
    for (const [rx, ep] of [[rx1, ep1], [rx2, ep2]]) {
      const ids = rx.got.map((g) => g.headers['webhook-id']);
      assert.equal(provisioned(rx).length, n, 'every provisioning');
      assert.equal(new Set(ids).size, ids.length, 'no event twice');
      assert.ok(rx.got.every((g) => verify(ep.secret, g.headers, g.body)), 'all signed');
    }
    const d = row(`SELECT count(*) AS n, max(attempts) AS most FROM webhook_deliveries d
      JOIN webhook_endpoints w ON w.id = d.endpoint_id WHERE w.org_id = :'org' AND d.state = 'delivered'`, { org: org.id });
    assert.equal(Number(d.n), 2 * rx1.got.length, 'every delivery delivered');
    assert.equal(Number(d.most), 1, 'each on its first attempt');
  } finally {
    await second.stop();
    await rx1.close();
    await rx2.close();
  }
});

test('two scimd processes keep at most 8 requests in flight to an endpoint', { timeout: 60000 }, async () => {
  const second = await startServer();
  // Slow answers: with no bound, both instances would send all 64 at once.
  const rx = await receiver({ delayMs: 300 });
  try {
    const org = Org.create();
    addWebhook(org, rx.url, ['--events', 'member.provisioned']);
    const n = 64;
    const scim = org.scim();
    const other = scim.on(second.base);
    await pool(16, Array.from({ length: n }, (_, i) => () => (i % 2 ? scim : other).createUser(org.email(`f${i}`))));
    await until(() => provisioned(rx).length >= n, 40000, () => `${provisioned(rx).length} of ${n}`);
    assert.equal(rx.most(), 8, 'the bound is reached and never passed (MAX_INFLIGHT_ENDPOINT)');
  } finally {
    await second.stop();
    await rx.close();
  }
});

test('kill -9 halfway through a burst of 1,000 changes, start again: all 1,000 delivered', { timeout: 60000 }, async () => {
  let second = await startServer();
  // A slow receiver keeps deliveries in flight, so the killed instance holds some.
  const rx = await receiver({ delayMs: 20 });
  try {
    const org = Org.create();
    const ep = addWebhook(org, rx.url);
    const n = 1000;
    let killed = false;
    await burst(org, org.scim().on(second.base), n, async () => { await second.kill(); killed = true; });
    assert.ok(killed, 'the instance was killed halfway');
    second = await startServer();
    // The rest of the burst through the restarted instance (a change whose
    // answer the kill cut off may have committed: the database counts).
    const created = Number(row(`SELECT count(*) AS n FROM members WHERE org_id = :'org'`, { org: org.id }).n);
    assert.ok(created >= n / 2 && created < n, `${created} made before the kill`);
    await burst(org, org.scim().on(second.base), n - created);
    const ids = () => new Set(provisioned(rx).map((g) => g.headers['webhook-id']));
    await until(() => ids().size >= n, 30000, () => `${ids().size} of ${n} delivered`);
    assert.equal(ids().size, n, 'every provisioning, once or more (at-least-once)');
    assert.ok(rx.got.every((g) => verify(ep.secret, g.headers, g.body)));
    // What the killed instance had in flight goes again once its lease
    // runs out (DOM_WEBHOOK_LEASE_S), whether or not it had arrived.
    const left = () => Number(row(`SELECT count(*) AS n FROM webhook_deliveries WHERE endpoint_id = :'ep'
      AND state <> 'delivered'`, { ep: ep.id }).n);
    await until(() => left() === 0, 25000, () => `${left()} deliveries not delivered`);
  } finally {
    await second.stop();
    await rx.close();
  }
});
