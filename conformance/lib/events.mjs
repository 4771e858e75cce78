// The events feed as tests read it: GET /admin/v1/orgs/{org}/events.
import assert from 'node:assert/strict';
import { admin, assertStatus } from './lifecycle.mjs';

export async function feed(org, after = 0, extra = '') {
  const res = await admin('GET', `/orgs/${org.id}/events?after=${after}${extra}`);
  assertStatus(res, 200, 'GET events');
  return res.json;
}

// Every event of the org from `after` on, page by page (limit 2 to use the cursor).
export async function allEvents(org, after = 0) {
  const out = [];
  for (;;) {
    const page = await feed(org, after, '&limit=2');
    assert.ok(page.events.length <= 2, 'limit is honoured');
    if (page.events.length === 0) { assert.equal(page.next, after, 'an empty page keeps the cursor'); return out; }
    out.push(...page.events);
    after = page.next;
  }
}

export const types = (evs) => evs.map((e) => e.type);
