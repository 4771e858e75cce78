// Membership lifecycle — the last-manager guard under concurrency: 50 admins,
// 50 simultaneous requests (removals and deactivations, each for a different
// admin) spread over two scimd processes on one database. Exactly one admin
// must remain, exactly one request must be refused with 409.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Org, Scim, rows, startServer, pool, DEACTIVATE, ctx,
} from './lib/lifecycle.mjs';

const N = 50;
let second;
after(async () => { if (second) await second.stop(); });

test(`${N} admins, ${N} concurrent removals/deactivations on 2 processes → exactly one admin left`, async () => {
  second = await startServer();
  const org = Org.create();
  const here = org.scim();
  const there = here.on(second.base);
  const admins = await pool(10, Array.from({ length: N }, (_, i) => () => here.createAdmin(org.email(`adm${i}`))));
  assert.equal(admins.length, N);

  const plan = admins.map((a, i) => ({
    a,
    kind: i % 2 ? 'deactivate' : 'remove',
    scim: i < N / 2 ? here : there,
  }));
  const results = await Promise.all(plan.map((p) => (p.kind === 'remove'
    ? p.scim.del(`/Users/${p.a.id}`)
    : p.scim.patchUser(p.a.id, DEACTIVATE.okta))));

  const ok = [];
  const refused = [];
  const other = [];
  results.forEach((r, i) => {
    const want = plan[i].kind === 'remove' ? 204 : 200;
    if (r.status === want) ok.push(i);
    else if (r.status === 409) refused.push(i);
    else other.push(`${plan[i].kind} #${i}: ${ctx(r)}`);
  });
  assert.deepEqual(other, [], 'every request either succeeded or was refused with 409');
  assert.equal(ok.length, N - 1, `49 successes (got ${ok.length}; refused ${refused.length})`);
  assert.equal(refused.length, 1, 'exactly one 409');
  for (const i of refused) {
    assert.match(results[i].json.detail, /without an active member who can manage members/, ctx(results[i]));
  }

  const left = rows(`SELECT id FROM members WHERE org_id = :'org' AND deleted_at IS NULL AND active
      AND role IN ('owner', 'admin')`, { org: org.id });
  assert.equal(left.length, 1, `exactly one active, non-removed admin remains: ${JSON.stringify(left)}`);
  assert.equal(left[0].id, plan[refused[0]].a.id, 'it is the one whose request was refused');

  // Each success did exactly what it said, and nothing else.
  const state = new Map(rows("SELECT id, active, deleted_at, role FROM members WHERE org_id = :'org'", { org: org.id })
    .map((m) => [m.id, m]));
  for (const i of ok) {
    const m = state.get(plan[i].a.id);
    if (plan[i].kind === 'remove') assert.ok(m.deleted_at, `#${i} removed`);
    else {
      assert.equal(m.deleted_at, null, `#${i} deactivated, not removed`);
      assert.equal(m.active, false, `#${i} inactive`);
      assert.equal(m.role, 'admin', `#${i} keeps its role`);
    }
  }
  const byAction = Object.fromEntries(rows(`SELECT action, count(*)::int AS n FROM audit_events
      WHERE org_id = :'org' AND action IN ('member.removed', 'member.deactivated', 'guard.refused') GROUP BY action`,
  { org: org.id }).map((r) => [r.action, r.n]));
  const removed = ok.filter((i) => plan[i].kind === 'remove').length;
  assert.deepEqual(byAction, {
    'member.removed': removed,
    'member.deactivated': ok.length - removed,
    'guard.refused': 1,
  }, 'one audit event per transition and one for the refusal');

  await second.stop();
  second = undefined;
});
