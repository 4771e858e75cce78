// Membership rules — roles (issue 9, cases 1–3): the roles an org knows
// (owner, admin, member, viewer), `roles` read back as the member holds it
// however it was set, and the IdP owning only what it sends. Which source
// wins when they disagree (README "Roles"):
//   - SCIM and the operator write the same role, the one held directly:
//     the later explicit change wins; a PUT or PATCH without `roles` changes
//     nothing, whoever set it.
//   - A group mapped to a role grants it on top: the member holds the
//     stronger of the direct role and the group's, whatever SCIM sends.
//   - The owner changes only by ownership transfer.
// Operator changes go through the command line only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Org, cli, member, assertStatus, assertError, ctx, userBody, URN,
} from './lib/lifecycle.mjs';

const roleOf = (res) => (res.json.roles || []).map((r) => r.value);
const memberRole = (org, userName, role) =>
  cli(['member', 'role', '--org', org.id, '--member', userName, '--role', role]);
const groupRole = (org, groupId, role) =>
  cli(['group', 'role', '--org', org.id, '--group', groupId, '--role', role]);

// The whole profile as Okta pushes it on a profile change: PUT, no roles.
function oktaProfile(u, extra = {}) {
  return {
    schemas: [URN.user], userName: u.userName, active: true,
    name: { givenName: 'Okta', familyName: 'Push' },
    emails: [{ value: u.userName, type: 'work', primary: true }], ...extra,
  };
}

test('case 1: a PUT without roles keeps an admin admin (Okta profile push)', async () => {
  const org = Org.create();
  const scim = org.scim();
  const a = await scim.createAdmin(org.email('adm'));
  const audit0 = org.auditCount('member.role_changed');
  const res = await scim.put(`/Users/${a.id}`, oktaProfile(a, { displayName: 'Renamed' }));
  assertStatus(res, 200, 'PUT without roles');
  assert.deepEqual(roleOf(res), ['admin'], `the response still shows admin: ${ctx(res)}`);
  assert.equal(res.json.displayName, 'Renamed', 'the profile change applied');
  assert.equal(member(a.id).role, 'admin', 'the role column is unchanged');
  assert.equal(org.auditCount('member.role_changed'), audit0, 'no role_changed event');

  // The only admin too: no 409 for a profile push.
  const o2 = Org.create();
  const s2 = o2.scim();
  const only = await s2.createAdmin(o2.email('only'));
  assertStatus(await s2.put(`/Users/${only.id}`, oktaProfile(only)), 200, 'PUT without roles on the last manager');
  // Entra's empty list is no role either.
  assertStatus(await s2.put(`/Users/${only.id}`, oktaProfile(only, { roles: [] })), 200, 'PUT with roles: []');
  assert.equal(member(only.id).role, 'admin');
});

test('case 1: an Entra PATCH that leaves out roles keeps it; an explicit one changes it', async () => {
  const org = Org.create();
  const scim = org.scim();
  await scim.createAdmin(org.email('keep'));
  const a = await scim.createAdmin(org.email('adm'));
  let res = await scim.patchUser(a.id, { op: 'Replace', path: 'displayName', value: 'Entra Name' });
  assertStatus(res, 200, 'Entra PATCH of displayName');
  assert.deepEqual(roleOf(res), ['admin']);
  assert.equal(member(a.id).role, 'admin');
  res = await scim.patchUser(a.id, { op: 'Replace', path: 'roles', value: [{ value: 'viewer', primary: true }] });
  assertStatus(res, 200, 'Entra PATCH roles → viewer');
  assert.deepEqual(roleOf(res), ['viewer']);
  assert.equal(member(a.id).role, 'viewer');
  res = await scim.patchUser(a.id, { op: 'remove', path: 'roles' });
  assertStatus(res, 200, 'remove roles');
  assert.deepEqual(roleOf(res), ['member'], 'remove roles → member');
  assert.equal(member(a.id).role, 'member');
});

test('case 2: operator role changes and ownership transfer show in SCIM', async () => {
  const org = Org.create({ owner: true });
  const scim = org.scim();
  const u = await scim.createUser(org.email('op'));
  memberRole(org, u.userName, 'admin');
  let res = await scim.get(`/Users/${u.id}`);
  assert.deepEqual(roleOf(res), ['admin'], `GET after \`member role --role admin\`: ${ctx(res)}`);
  memberRole(org, u.userName, 'viewer');
  assert.deepEqual(roleOf(await scim.get(`/Users/${u.id}`)), ['viewer'], 'operator viewer');
  assert.equal(member(u.id).role, 'viewer');

  const ownerId = await scim.userIdOf(org.ownerEmail);
  cli(['ownership', 'transfer', '--org', org.id, '--to', u.userName]);
  assert.deepEqual(roleOf(await scim.get(`/Users/${u.id}`)), ['owner'], 'the new owner reads back owner');
  assert.deepEqual(roleOf(await scim.get(`/Users/${ownerId}`)), ['admin'], 'the previous owner reads back admin');
  // A list shows the same.
  res = await scim.get(`/Users?filter=${encodeURIComponent(`userName eq "${u.userName}"`)}`);
  assert.deepEqual(roleOf({ json: res.json.Resources[0] }), ['owner'], 'list shows owner');
});

test('case 3: unknown roles get 400 invalidValue; /Schemas lists the roles', async () => {
  const org = Org.create();
  const scim = org.scim();
  await scim.createAdmin(org.email('keep'));
  const u = await scim.createAdmin(org.email('u'));
  for (const value of ['superuser', 'root', 'Viewer ']) {
    const before = org.snapshot();
    const res = await scim.patchUser(u.id, { op: 'replace', path: 'roles', value: [{ value }] });
    assertError(res, 400, /unrecognized role.*"owner", "admin", "member" and "viewer"/, `PATCH roles ${value}`);
    assert.equal(res.json.scimType, 'invalidValue');
    assert.deepEqual(org.snapshot().state, before.state, `nothing written for ${value}`);
  }
  const put = await scim.put(`/Users/${u.id}`, oktaProfile(u, { roles: [{ value: 'superuser' }] }));
  assertError(put, 400, /unrecognized role/, 'PUT roles superuser');
  assert.equal(member(u.id).role, 'admin');
  // Known values match case-insensitively and are stored canonical.
  const v = await scim.patchUser(u.id, { op: 'replace', path: 'roles', value: [{ value: 'Viewer' }] });
  assertStatus(v, 200, 'PATCH roles Viewer');
  assert.deepEqual(roleOf(v), ['viewer']);
  assert.equal(member(u.id).role, 'viewer');

  const schemas = await scim.get(`/Schemas/${URN.user}`);
  assertStatus(schemas, 200, 'GET /Schemas/User');
  const roles = schemas.json.attributes.find((a) => a.name === 'roles');
  const value = roles.subAttributes.find((a) => a.name === 'value');
  assert.deepEqual(value.canonicalValues, ['owner', 'admin', 'member', 'viewer']);
});

test('a viewer, like a member, is no manager: the last-manager guard counts it out', async () => {
  const org = Org.create();
  const scim = org.scim();
  const a = await scim.createAdmin(org.email('only'));
  await scim.createUser(org.email('v'), { roles: [{ value: 'viewer' }] });
  const { res } = await org.refusedWithoutEffect(
    () => scim.patchUser(a.id, { op: 'replace', path: 'roles', value: [{ value: 'viewer' }] }), 'demote the only admin to viewer');
  assertError(res, 409, /without an active member who can manage members/);
});

test('source pairs: which role source wins', async (t) => {
  await t.test('SCIM then operator: the operator change wins and SCIM shows it', async () => {
    const org = Org.create();
    const scim = org.scim();
    await scim.createAdmin(org.email('keep'));
    const u = await scim.createAdmin(org.email('u'));
    memberRole(org, u.userName, 'member');
    assert.deepEqual(roleOf(await scim.get(`/Users/${u.id}`)), ['member']);
  });
  await t.test('operator then SCIM PUT without roles: the operator role stays', async () => {
    const org = Org.create();
    const scim = org.scim();
    const u = await scim.createUser(org.email('u'));
    memberRole(org, u.userName, 'admin');
    const res = await scim.put(`/Users/${u.id}`, oktaProfile(u));
    assertStatus(res, 200, 'PUT without roles');
    assert.deepEqual(roleOf(res), ['admin']);
    assert.equal(member(u.id).role, 'admin');
  });
  await t.test('operator then an explicit SCIM value: the later explicit value wins', async () => {
    const org = Org.create();
    const scim = org.scim();
    await scim.createAdmin(org.email('keep'));
    const u = await scim.createUser(org.email('u'));
    memberRole(org, u.userName, 'admin');
    const res = await scim.put(`/Users/${u.id}`, oktaProfile(u, { roles: [{ value: 'viewer' }] }));
    assertStatus(res, 200, 'PUT roles viewer');
    assert.equal(member(u.id).role, 'viewer');
  });
  await t.test('group then SCIM: the group grant holds against a SCIM downgrade and a PUT without roles', async () => {
    const org = Org.create();
    const scim = org.scim();
    await scim.createAdmin(org.email('keep'));
    const u = await scim.createUser(org.email('u'));
    const g = await scim.createGroup(`admins-${u.id.slice(0, 8)}`, [u.id]);
    groupRole(org, g.id, 'admin');
    assert.deepEqual(roleOf(await scim.get(`/Users/${u.id}`)), ['admin'], 'the group grants admin');
    let res = await scim.put(`/Users/${u.id}`, oktaProfile(u));
    assertStatus(res, 200, 'PUT without roles');
    assert.deepEqual(roleOf(res), ['admin'], 'still admin after a PUT without roles');
    res = await scim.patchUser(u.id, { op: 'replace', path: 'roles', value: [{ value: 'viewer' }] });
    assertStatus(res, 200, 'PATCH roles viewer');
    assert.equal(member(u.id).role, 'viewer', 'the direct role changes');
    assert.deepEqual(roleOf(res), ['admin'], 'the group still grants admin');
    // Out of the group, the direct role is what is left.
    assertStatus(await scim.patch(`/Groups/${g.id}`, { schemas: [URN.patch],
      Operations: [{ op: 'remove', path: `members[value eq "${u.id}"]` }] }), 204, 'leave the group');
    assert.deepEqual(roleOf(await scim.get(`/Users/${u.id}`)), ['viewer']);
  });
  await t.test('group then operator: the stronger of the two is held', async () => {
    const org = Org.create();
    const scim = org.scim();
    const u = await scim.createUser(org.email('u'));
    const g = await scim.createGroup(`members-${u.id.slice(0, 8)}`, [u.id]);
    groupRole(org, g.id, 'member');
    memberRole(org, u.userName, 'viewer');
    assert.deepEqual(roleOf(await scim.get(`/Users/${u.id}`)), ['member'], 'group member beats direct viewer');
    memberRole(org, u.userName, 'admin');
    assert.deepEqual(roleOf(await scim.get(`/Users/${u.id}`)), ['admin'], 'direct admin beats group member');
  });
  await t.test('SCIM cannot grant owner; the owner stays owner through a PUT', async () => {
    const org = Org.create({ owner: true });
    const scim = org.scim();
    const ownerId = await scim.userIdOf(org.ownerEmail);
    const cur = await scim.get(`/Users/${ownerId}`);
    const body = { ...cur.json };
    delete body.meta;
    delete body.roles;
    const res = await scim.put(`/Users/${ownerId}`, body);
    assertStatus(res, 200, 'PUT of the owner without roles');
    assert.deepEqual(roleOf(res), ['owner']);
    const u = await scim.createUser(org.email('u'));
    assertError(await scim.patchUser(u.id, { op: 'replace', path: 'roles', value: [{ value: 'owner' }] }), 400, /owner/);
    assert.equal(member(u.id).role, 'member');
  });
});

test('a created user echoes the role held, and the stored form keeps no roles', async () => {
  const org = Org.create();
  const scim = org.scim();
  const res = await scim.post('/Users', userBody(org.email('a'), { roles: [{ value: 'Admin', display: 'x' }] }));
  assertStatus(res, 201, 'POST');
  assert.deepEqual(res.json.roles, [{ value: 'admin' }]);
  assert.equal(member(res.json.id).resource.roles, undefined, 'the row holds the role, not the stored form');
});
