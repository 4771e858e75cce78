// Membership lifecycle — the guards on every path that can reach a state:
// Owner (409), last manager (409, by role and by an admin-mapped group),
// self (403). Every refusal leaves the database exactly as it was, apart
// from one guard.refused audit event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Org, Scim, member, groupsOf, assertStatus, assertError, DEACTIVATE, patchBody, URN,
} from './lib/lifecycle.mjs';

const OWNER = 'the organization owner cannot be';
const LAST = /without an active member who can manage members/;

test('owner guard: the Owner cannot be deactivated, removed or demoted through SCIM', async (t) => {
  const org = Org.create({ owner: true });
  const scim = org.scim();
  const ownerId = await scim.userIdOf(org.ownerEmail);
  assert.equal(member(ownerId).role, 'owner');
  // Other admins exist: the last-manager guard is not what refuses here.
  await scim.createAdmin(org.email('adm'));

  const attempts = [
    ['PATCH active false (Okta)', () => scim.patchUser(ownerId, DEACTIVATE.okta), 'deactivated'],
    ['PATCH active "False" (Entra)', () => scim.patchUser(ownerId, DEACTIVATE.entra), 'deactivated'],
    ['PUT active:false', () => scim.putActive(ownerId, false), 'deactivated'],
    ['DELETE', () => scim.del(`/Users/${ownerId}`), 'removed'],
    ['PATCH roles → member', () => scim.patchUser(ownerId, { op: 'replace', path: 'roles', value: [{ value: 'member' }] }), 'demoted'],
  ];
  let prev;
  for (const [name, fn, verb] of attempts) {
    await t.test(`${name} → 409 "${OWNER} ${verb}"`, async () => {
      const before = prev;
      prev = undefined; // a failed step leaves no snapshot to chain
      const { res, event, after } = await org.refusedWithoutEffect(fn, name, before);
      prev = after;
      assertError(res, 409, `${OWNER} ${verb}`, name);
      assert.equal(event.target_member_id, ownerId, 'guard.refused names the owner');
    });
  }
  const m = member(ownerId);
  assert.equal(m.role, 'owner');
  assert.equal(m.active, true);
  assert.equal(m.deleted_at, null);
});

test('last-manager guard: the only admin cannot be deactivated, removed or demoted', async (t) => {
  const org = Org.create();
  const scim = org.scim();
  const a = await scim.createAdmin(org.email('only-admin'));
  await scim.createUser(org.email('m1'));
  await scim.createUser(org.email('m2'));

  const attempts = [
    ['PATCH active false (Okta)', () => scim.patchUser(a.id, DEACTIVATE.okta)],
    ['PATCH active "False" (Entra)', () => scim.patchUser(a.id, DEACTIVATE.entra)],
    ['PUT active:false', () => scim.putActive(a.id, false)],
    ['DELETE', () => scim.del(`/Users/${a.id}`)],
    ['PATCH roles → member', () => scim.patchUser(a.id, { op: 'replace', path: 'roles', value: [{ value: 'member' }] })],
    ['PATCH remove roles', () => scim.patchUser(a.id, { op: 'remove', path: 'roles' })],
  ];
  let prev;
  for (const [name, fn] of attempts) {
    await t.test(`${name} → 409`, async () => {
      const before = prev;
      prev = undefined; // a failed step leaves no snapshot to chain
      const { res, event, after } = await org.refusedWithoutEffect(fn, name, before);
      prev = after;
      assertError(res, 409, LAST, name);
      assert.equal(event.target_member_id, a.id);
    });
  }
  const m = member(a.id);
  assert.equal(m.role, 'admin');
  assert.equal(m.active, true);
  assert.equal(m.deleted_at, null);
});

test('last-manager guard through an admin-mapped group', async (t) => {
  const org = Org.create();
  const scim = org.scim();
  const g = await scim.createUser(org.email('via-group'));
  const other = await scim.createUser(org.email('plain'));
  const group = await scim.createGroup(`admins-${g.id.slice(0, 8)}`, [g.id, other.id]);
  // `other` leaves first: that is fine while g still manages.
  await org.groupRole(group.id, 'admin');
  assert.equal(member(g.id).role, 'member', 'g holds no admin role itself');
  const out = await scim.patch(`/Groups/${group.id}`, patchBody({ op: 'remove', path: `members[value eq "${other.id}"]` }));
  assert.ok(out.status === 204 || out.status === 200, 'removing a non-last manager from the group is allowed');
  assert.deepEqual(groupsOf(g.id), [group.id]);

  const attempts = [
    ['PATCH /Groups remove the last manager', () => scim.patch(`/Groups/${group.id}`,
      patchBody({ op: 'remove', path: `members[value eq "${g.id}"]` }))],
    ['PATCH /Groups remove all members', () => scim.patch(`/Groups/${group.id}`, patchBody({ op: 'remove', path: 'members' }))],
    ['PUT /Groups with no members', () => scim.put(`/Groups/${group.id}`, { schemas: [URN.group], displayName: `admins-${g.id.slice(0, 8)}`, members: [] })],
    ['DELETE /Groups', () => scim.del(`/Groups/${group.id}`)],
    ['DELETE the member', () => scim.del(`/Users/${g.id}`)],
    ['PATCH the member active false', () => scim.patchUser(g.id, DEACTIVATE.okta)],
  ];
  let prev;
  for (const [name, fn] of attempts) {
    await t.test(`${name} → 409`, async () => {
      const before = prev;
      prev = undefined; // a failed step leaves no snapshot to chain
      const { res, event, after } = await org.refusedWithoutEffect(fn, name, before);
      prev = after;
      assertError(res, 409, LAST, name);
      if (name.includes('/Groups')) {
        // The target is the group: no member columns, the group in the detail.
        assert.equal(event.target_member_id, null, `${name}: no member target`);
        assert.equal(event.target_user_name, null, `${name}: a group has no userName`);
        assert.equal(event.detail.target_group_id, group.id, `${name}: the group is named`);
      } else {
        assert.equal(event.target_member_id, g.id, `${name}: the member is named`);
      }
    });
  }
  assert.deepEqual(groupsOf(g.id), [group.id], 'still in the group');
  assertStatus(await scim.get(`/Groups/${group.id}`), 200, 'the group still exists');
});

test('with two admins the first change succeeds and the second is refused', async (t) => {
  const kinds = [
    ['deactivate', (scim, id) => scim.patchUser(id, DEACTIVATE.okta), 200],
    ['remove', (scim, id) => scim.del(`/Users/${id}`), 204],
    ['demote', (scim, id) => scim.patchUser(id, { op: 'replace', path: 'roles', value: [{ value: 'member' }] }), 200],
  ];
  for (const [name, fn, ok] of kinds) {
    await t.test(name, async () => {
      const org = Org.create();
      const scim = org.scim();
      const a1 = await scim.createAdmin(org.email('a1'));
      const a2 = await scim.createAdmin(org.email('a2'));
      await scim.createUser(org.email('m'));
      assertStatus(await fn(scim, a1.id), ok, `${name} the first admin`);
      const { res } = await org.refusedWithoutEffect(() => fn(scim, a2.id), `${name} the second admin`);
      assertError(res, 409, LAST, `${name} the second admin`);
      const m = member(a2.id);
      assert.equal(m.role, 'admin');
      assert.equal(m.active, true);
      assert.equal(m.deleted_at, null);
    });
  }
});

test('self guard: a token cannot deactivate or remove the admin who created it', async (t) => {
  const org = Org.create();
  const boot = org.scim();
  const selfName = org.email('self');
  const self = await boot.createAdmin(selfName);
  const other = await boot.createAdmin(org.email('other-admin'));
  const scim = new Scim(org.token({ admin: selfName }));
  const creator = member(self.id);

  const attempts = [
    ['PATCH active false (Okta)', () => scim.patchUser(self.id, DEACTIVATE.okta)],
    ['PATCH active "False" (Entra)', () => scim.patchUser(self.id, DEACTIVATE.entra)],
    ['PUT active:false', () => scim.putActive(self.id, false)],
    ['DELETE', () => scim.del(`/Users/${self.id}`)],
  ];
  let prev;
  for (const [name, fn] of attempts) {
    await t.test(`${name} → 403`, async () => {
      const before = prev;
      prev = undefined; // a failed step leaves no snapshot to chain
      const { res, event, after } = await org.refusedWithoutEffect(fn, name, before);
      prev = after;
      assertError(res, 403, /created by the member/, name);
      assert.equal(event.target_member_id, self.id);
    });
  }
  await t.test('the same token may change the other admin', async () => {
    assertStatus(await scim.patchUser(other.id, DEACTIVATE.okta), 200, 'deactivate the other admin');
  });
  await t.test('another token may remove the creator (another admin is gone: last-manager now refuses)', async () => {
    const { res } = await org.refusedWithoutEffect(() => boot.del(`/Users/${self.id}`), 'remove the only active admin');
    assertError(res, 409, LAST);
  });
  assert.equal(member(self.id).version, creator.version, 'the creator was never changed');
});

test('operator path: role changes through the CLI pass the same guards', async (t) => {
  const org = Org.create({ owner: true });
  const scim = org.scim();
  const ownerId = await scim.userIdOf(org.ownerEmail);
  const plain = await scim.createUser(org.email('plain'));
  await org.memberRole(plain.userName, 'admin');
  assert.equal(member(plain.id).role, 'admin');

  await t.test('the owner cannot be demoted by a member role change', async () => {
    const before = org.snapshot();
    const r = await org.tryMemberRole(org.ownerEmail, 'member');
    assert.equal(r.ok, false, 'refused');
    assert.equal(r.status, 1, 'the CLI exits 1');
    assert.match(r.detail, /owner cannot be demoted/);
    assert.deepEqual(org.snapshot().state, before.state, 'nothing written');
    assert.equal(member(ownerId).role, 'owner');
  });

  await t.test('the last manager (no owner) cannot be demoted; nor its admin group unmapped', async () => {
    const o2 = Org.create();
    const s2 = o2.scim();
    const only = await s2.createAdmin(o2.email('only'));
    const before = o2.snapshot();
    const r = await o2.tryMemberRole(only.userName, 'member');
    assert.equal(r.ok, false, `demoting the last admin is refused: ${r.detail}`);
    assert.equal(r.status, 1, 'the CLI exits 1');
    assert.match(r.detail, LAST);
    assert.deepEqual(o2.snapshot().state, before.state, 'nothing written');

    // A manager only through an admin group: unmapping the group is a demotion.
    const o3 = Org.create();
    const s3 = o3.scim();
    const g = await s3.createUser(o3.email('g'));
    const grp = await s3.createGroup(`adm-${g.id.slice(0, 8)}`, [g.id]);
    await o3.groupRole(grp.id, 'admin');
    const b3 = o3.snapshot();
    const r3 = await o3.tryGroupRole(grp.id, 'member');
    assert.equal(r3.ok, false, `unmapping the only admin group is refused: ${r3.detail}`);
    assert.equal(r3.status, 1, 'the CLI exits 1');
    assert.match(r3.detail, LAST);
    assert.deepEqual(o3.snapshot().state, b3.state, 'nothing written');
  });

  await t.test('operator refusals are audited as guard.refused', async () => {
    const o4 = Org.create();
    const s4 = o4.scim();
    const only = await s4.createAdmin(o4.email('only'));
    const before = o4.snapshot();
    const r = await o4.tryMemberRole(only.userName, 'member');
    assert.equal(r.ok, false);
    const added = o4.snapshot(before.auditMax).auditAdded;
    assert.deepEqual(added.map((e) => e.action), ['guard.refused']);
  });
});
