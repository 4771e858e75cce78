// Membership lifecycle — ordinary writes race guarded ones on two scimd
// processes. Ordinary writes (a rename, an email, a group add) lock only
// their member row, guarded ones (removing, deactivating or demoting a
// manager) the org row too: the last-manager guard must still never be
// broken, and no ordinary write may be lost or refused.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Org, rows, scalar, startServer, DEACTIVATE, ctx, patchBody,
} from './lib/lifecycle.mjs';

let second;
after(async () => { if (second) await second.stop(); });

// Active, non-removed members holding members.manage, read from the tables.
function managers(orgId) {
  return Number(scalar(`SELECT count(*) AS n FROM members m WHERE m.org_id = :'org'
      AND m.deleted_at IS NULL AND m.active AND (m.role IN ('owner', 'admin') OR EXISTS (
        SELECT 1 FROM group_members gm JOIN groups g ON g.id = gm.group_id
        WHERE gm.member_id = m.id AND g.role = 'admin'))`, { org: orgId }));
}

const okStatus = (r) => r.status === 200 || r.status === 204;

test('renames, emails and group adds racing removals of the last managers: no write lost, one manager kept', async () => {
  second = second || await startServer();
  const org = Org.create();
  const here = org.scim();
  const there = here.on(second.base);
  const ROUNDS = 6;
  for (let round = 0; round < ROUNDS; round++) {
    const a1 = await here.createAdmin(org.email(`r${round}a1`));
    const a2 = await here.createAdmin(org.email(`r${round}a2`));
    const plain = [];
    for (let i = 0; i < 6; i++) plain.push(await here.createUser(org.email(`r${round}m${i}`)));
    const group = await here.createGroup(`plain-${round}-${org.id.slice(0, 6)}`);
    // The managers before this round: the two new admins and whoever is left from earlier rounds.
    const before = managers(org.id);

    const writes = [
      ...plain.map((m, i) => (i % 2 ? here : there).patchUser(m.id,
        { op: 'replace', path: 'displayName', value: `Renamed ${round}-${i}` })),
      ...plain.map((m, i) => (i % 2 ? there : here).patchUser(m.id,
        { op: 'add', path: 'emails', value: [{ value: `extra${i}@${org.domain}`, type: 'home' }] })),
      ...plain.map((m, i) => (i % 2 ? here : there).patch(`/Groups/${group.id}`,
        patchBody({ op: 'add', path: 'members', value: [{ value: m.id }] }))),
    ];
    // Every manager of the org, old and new, is targeted: removals on one
    // process, deactivations on the other.
    const targets = rows(`SELECT id FROM members WHERE org_id = :'org' AND deleted_at IS NULL AND active
        AND role = 'admin'`, { org: org.id }).map((r) => r.id);
    assert.ok(targets.includes(a1.id) && targets.includes(a2.id));
    const guarded = targets.map((id, i) => (i % 2 ? there.patchUser(id, DEACTIVATE.entra) : here.del(`/Users/${id}`)));

    const [w, g] = await Promise.all([Promise.all(writes), Promise.all(guarded)]);
    const lost = w.filter((r) => !okStatus(r)).map(ctx);
    assert.deepEqual(lost, [], `round ${round}: every ordinary write succeeds`);
    const refused = g.filter((r) => r.status === 409);
    const other = g.filter((r) => !okStatus(r) && r.status !== 409).map(ctx);
    assert.deepEqual(other, [], `round ${round}: guarded changes succeed or are refused with 409`);
    assert.equal(refused.length, 1, `round ${round}: exactly one of ${targets.length} guarded changes refused (before: ${before})`);
    assert.equal(managers(org.id), 1, `round ${round}: exactly one manager left`);

    // Each ordinary write is in the database.
    for (let i = 0; i < plain.length; i++) {
      const m = rows("SELECT resource->>'displayName' AS d, resource::text AS r FROM members WHERE id = :'id'",
        { id: plain[i].id })[0];
      assert.equal(m.d, `Renamed ${round}-${i}`, `round ${round}: rename of #${i} kept`);
      assert.ok(m.r.includes(`extra${i}@`), `round ${round}: email of #${i} kept`);
    }
    const inGroup = Number(scalar("SELECT count(*) AS n FROM group_members WHERE group_id = :'g'", { g: group.id }));
    assert.equal(inGroup, plain.length, `round ${round}: every group add kept`);
  }
});

test('a member joining an admin group while being deactivated, racing the demotion of the only other manager', async () => {
  second = second || await startServer();
  for (let round = 0; round < 10; round++) {
    const org = Org.create();
    const here = org.scim();
    const there = here.on(second.base);
    const adminGroup = await here.createGroup(`admins-${round}`);
    await org.groupRole(adminGroup.id, 'admin');
    const x = await here.createUser(org.email(`x${round}`));
    const a = await here.createAdmin(org.email(`a${round}`));
    assert.equal(managers(org.id), 1, `round ${round}: one manager to start with`);

    const [join, deact, demote] = await Promise.all([
      here.patch(`/Groups/${adminGroup.id}`, patchBody({ op: 'add', path: 'members', value: [{ value: x.id }] })),
      there.patchUser(x.id, DEACTIVATE.okta),
      (round % 2 ? here : there).patchUser(a.id, { op: 'replace', path: 'roles', value: [{ value: 'member' }] }),
    ]);
    const outcome = `join ${join.status}, deactivate ${deact.status}, demote ${demote.status}`;
    assert.ok(managers(org.id) >= 1, `round ${round}: the org keeps a manager (${outcome})`);
    assert.ok(okStatus(join), `round ${round}: the group add is never refused: ${ctx(join)}`);
    assert.ok(okStatus(deact) || deact.status === 409, `round ${round}: ${ctx(deact)}`);
    assert.ok(okStatus(demote) || demote.status === 409, `round ${round}: ${ctx(demote)}`);
  }
  await second.stop();
  second = undefined;
});
