// Webhook delivery keeps its pace after a burst: once a burst of
// deliveries has ended, the next change is still delivered within a few
// hundred milliseconds. The delivery thread used to bring its timer
// forward by hand after every send, which libevent counts from the timer's
// previous due time: each send pushed the next tick further away, and
// after a burst nothing was sequenced or claimed for tens of seconds.
// Every receiver listens on 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Org, URN, assertStatus } from './lib/lifecycle.mjs';
import { addWebhook, receiver, until } from './lib/webhooks.mjs';

const MEMBERS = 40;
const CHANGES = 600;	// renames, 8 at a time, each its own event
// The next change's delivery, measured from its answer. Generous for a
// sanitizer build on a busy machine; the stall was tens of seconds.
const AFTER_BURST_MS = 5000;

const rename = (scim, id, displayName) => scim.patch(`/Users/${id}`, {
  schemas: [URN.patch], Operations: [{ op: 'replace', path: 'displayName', value: displayName }],
});

test('after a burst of deliveries, the next change is delivered at once', { timeout: 120000 }, async () => {
  const rx = await receiver();
  try {
    const org = Org.create();
    const scim = org.scim();
    const ops = Array.from({ length: MEMBERS }, (_, i) => ({
      method: 'POST', path: '/Users', bulkId: `b${i}`,
      data: { schemas: [URN.user], userName: org.email(`burst${i}`) },
    }));
    const res = await scim.post('/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: ops,
    });
    assertStatus(res, 200, 'the members');
    const ids = res.json.Operations.map((o) => o.location.split('/').pop());
    assert.equal(ids.length, MEMBERS);
    addWebhook(org, rx.url, ['--events', 'member.updated']);

    // A stream of single changes, each delivered on its own.
    let next = 0;
    const worker = async () => {
      while (next < CHANGES) {
        const i = next++;
        assertStatus(await rename(scim, ids[i % MEMBERS], `burst-${i}`), 200, `rename ${i}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await until(() => rx.ok().length >= CHANGES, 90000, () => `${rx.ok().length} of ${CHANGES} delivered`);

    // Quiet: every send has ended. Now one more change, alone.
    await new Promise((r) => setTimeout(r, 500));
    assertStatus(await rename(scim, ids[0], 'after-the-burst'), 200, 'the change after the burst');
    const t0 = Date.now();
    await until(() => rx.ok().some((g) => g.json?.data?.member?.displayName === 'after-the-burst'),
      AFTER_BURST_MS, () => `the change after the burst was not delivered within ${AFTER_BURST_MS} ms`);
    console.log(`# ${CHANGES} changes delivered; the next one arrived ${Date.now() - t0} ms after its answer`);
  } finally { await rx.close(); }
});
