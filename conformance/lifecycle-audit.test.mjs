// Membership lifecycle — the audit trail: one event per transition, with the
// acting token, the target's ids, userName and email (kept after removal);
// token and ownership events from the operator side; and the table is
// append-only (a trigger refuses UPDATE and DELETE).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Org, Scim, admin, cli, runBin, member, scalar, psqlFails, tokenId,
  assertStatus, assertError, DEACTIVATE, REACTIVATE, ctx,
} from './lib/lifecycle.mjs';

const detailOf = (e) => (typeof e.detail === 'string' ? JSON.parse(e.detail) : e.detail) || {};

test('one audit event per transition, kept after removal', async (t) => {
  const org = Org.create({ owner: true });
  const token = org.token({ label: 'audit' });
  const tid = tokenId(token);
  const scim = new Scim(token);
  const userName = org.email('aud');
  let u;

  await t.test('token.created names the token', async () => {
    // The token is the object of the event, not its actor: its id is in the detail.
    const ev = org.audit({ action: 'token.created' }).filter((e) => detailOf(e).token_id === tid);
    assert.equal(ev.length, 1, 'one token.created for the new token');
  });

  await t.test('member.provisioned → role_changed → deactivated → reactivated → removed', async () => {
    u = await scim.createUser(userName);
    assertStatus(await scim.patchUser(u.id, { op: 'add', path: 'roles', value: [{ value: 'admin' }] }), 200, 'grant admin');
    assert.equal(member(u.id).role, 'admin');
    // A profile change is no lifecycle transition.
    assertStatus(await scim.patchUser(u.id, { op: 'replace', path: 'displayName', value: 'Audited Person' }), 200);
    assertStatus(await scim.patchUser(u.id, DEACTIVATE.okta), 200, 'deactivate');
    assertStatus(await scim.patchUser(u.id, REACTIVATE.entra), 200, 'reactivate');
    assertStatus(await scim.del(`/Users/${u.id}`), 204, 'remove');

    const ev = org.audit({ target: u.id });
    const lifecycle = ev.map((e) => e.action).filter((a) => a !== 'member.updated');
    assert.deepEqual(lifecycle, ['member.provisioned', 'member.role_changed', 'member.deactivated',
      'member.reactivated', 'member.removed'], `one event per transition, in order: ${JSON.stringify(ev.map((e) => e.action))}`);
    const person = member(u.id).person_id;
    for (const e of ev) {
      assert.equal(e.actor_token_id, tid, `${e.action}: the acting token`);
      assert.equal(e.target_member_id, u.id, `${e.action}: target id`);
      assert.equal(e.person_id, person, `${e.action}: person id`);
      assert.equal(e.target_user_name, userName, `${e.action}: userName kept`);
      assert.equal(e.target_email, userName, `${e.action}: email kept`);
    }
    const rc = ev.find((e) => e.action === 'member.role_changed');
    assert.equal(rc.detail.role_from, 'member');
    assert.equal(rc.detail.role_to, 'admin');
    assert.equal(ev.find((e) => e.action === 'member.provisioned').detail.role, 'member');
    assert.equal(ev.find((e) => e.action === 'member.removed').detail.role_revoked, 'admin');
  });

  await t.test('guard.refused names the target and the reason', async () => {
    const ownerId = await scim.userIdOf(org.ownerEmail);
    assertError(await scim.del(`/Users/${ownerId}`), 409, 'the organization owner cannot be removed');
    const ev = org.audit({ action: 'guard.refused', target: ownerId });
    assert.equal(ev.length, 1);
    assert.equal(ev[0].actor_token_id, tid);
    assert.equal(ev[0].target_user_name, org.ownerEmail);
    assert.equal(ev[0].detail.status, '409');
    assert.match(ev[0].detail.reason, /owner/);
  });

  await t.test('the admin API returns the same events', async () => {
    const res = await admin('GET', `/orgs/${org.id}/audit?target=${u.id}`);
    assertStatus(res, 200, 'GET /admin/v1/orgs/{org}/audit');
    const lines = res.text.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((e) => e.id), org.audit({ target: u.id }).map((e) => Number(e.id)));
    assert.ok(lines.every((e) => e.targetUserName === userName && e.targetEmail === userName), 'userName and email kept');
    const byName = await admin('GET', `/orgs/${org.id}/audit?target=${encodeURIComponent(userName)}&action=member.removed`);
    assertStatus(byName, 200);
    assert.equal(byName.text.trim().split('\n').length, 1, `one member.removed found by userName after removal: ${ctx(byName)}`);
  });

  await t.test('`scimd audit --target` prints the same events, also by userName after removal', async () => {
    const r = runBin(['audit', '--org', org.id, '--target', u.id]);
    assert.ok(r.ok, `scimd audit: ${r.err}`);
    const lines = r.out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((e) => Number(e.id)), org.audit({ target: u.id }).map((e) => Number(e.id)));
    const byName = runBin(['audit', '--org', org.id, '--target', userName, '--action', 'member.removed']);
    assert.ok(byName.ok, byName.err);
    assert.equal(byName.out.split('\n').filter(Boolean).length, 1, `one member.removed by userName: ${byName.out}`);
  });

  await t.test('audit_events is append-only: UPDATE and DELETE fail, rows unchanged', async () => {
    // Raw SQL on purpose: the guard under test is the database's trigger,
    // which no interface of scimd can reach (none updates or deletes events).
    const before = org.audit();
    assert.match(psqlFails("UPDATE audit_events SET action = 'tampered' WHERE org_id = :'org';", { org: org.id }), /append-only/);
    assert.match(psqlFails("DELETE FROM audit_events WHERE org_id = :'org';", { org: org.id }), /append-only/);
    assert.deepEqual(org.audit(), before, 'audit rows unchanged');
  });
});

test('token.revoked: audited, and the token stops working', async () => {
  const org = Org.create();
  const token = org.token();
  const id = tokenId(token);
  const scim = new Scim(token);
  assertStatus(await scim.get('/Users?count=1'), 200, 'token works');
  cli(['token', 'revoke', '--org', org.id, '--token', id]);
  const ev = org.audit({ action: 'token.revoked' });
  assert.equal(ev.length, 1, 'one token.revoked');
  assert.equal(detailOf(ev[0]).token_id, id, 'names the revoked token');
  assert.ok(scalar("SELECT revoked_at FROM scim_tokens WHERE id = :'id'", { id }), 'scim_tokens.revoked_at set');
  // A short-lived auth cache may let the token work a moment longer.
  let res;
  for (let i = 0; i < 40; i++) {
    res = await scim.get('/Users?count=1');
    if (res.status === 401) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  assertError(res, 401, undefined, 'a revoked token is refused (within 10 s)');
});

test('ownership.transferred: audited, and the guard follows the new owner', async () => {
  const org = Org.create({ owner: true });
  const scim = org.scim();
  const oldOwner = await scim.userIdOf(org.ownerEmail);
  const heirName = org.email('heir');
  const heir = await scim.createUser(heirName);
  cli(['ownership', 'transfer', '--org', org.id, '--to', heirName]);
  assert.equal(member(heir.id).role, 'owner', 'the heir is owner');
  assert.equal(member(oldOwner).role, 'admin', 'the old owner becomes admin');
  const ev = org.audit({ action: 'ownership.transferred' });
  assert.equal(ev.length, 1, 'one ownership.transferred');
  assert.equal(ev[0].target_member_id, heir.id);
  assert.equal(ev[0].detail.from_member, oldOwner);
  assert.equal(ev[0].detail.to_member, heir.id);
  // The owner guard now protects the heir; the old owner can leave.
  assertError(await scim.del(`/Users/${heir.id}`), 409, 'the organization owner cannot be removed');
  assertStatus(await scim.del(`/Users/${oldOwner}`), 204, 'the former owner can be removed');
  const rm = org.audit({ action: 'member.removed', target: oldOwner });
  assert.equal(rm.length, 1);
  assert.equal(rm[0].target_user_name, org.ownerEmail);
  // ARCHITECTURE.md: lifecycle events carry the target's userName and email.
  assert.equal(ev[0].target_user_name, heirName, 'ownership.transferred carries the new owner\'s userName');
  assert.equal(ev[0].target_email, heirName, 'ownership.transferred carries the new owner\'s email');
});

test('operator role changes are audited as member.role_changed', async () => {
  const org = Org.create();
  const scim = org.scim();
  const name = org.email('promoted');
  const u = await scim.createUser(name);
  await org.memberRole(name, 'admin');
  assert.equal(member(u.id).role, 'admin');
  const ev = org.audit({ action: 'member.role_changed', target: u.id });
  assert.equal(ev.length, 1, 'one member.role_changed');
  assert.equal(ev[0].detail.role_from, 'member');
  assert.equal(ev[0].detail.role_to, 'admin');
  // ARCHITECTURE.md: every lifecycle change's event carries the target's
  // userName and email, so history stays readable after removal.
  assert.equal(ev[0].target_user_name, name, 'operator member.role_changed carries the target userName');
  assert.equal(ev[0].target_email, name, 'operator member.role_changed carries the target email');
  assert.equal(ev[0].person_id, member(u.id).person_id, 'operator member.role_changed carries the person id');
});
