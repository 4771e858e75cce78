// Filters on `roles` (README "Roles"): `roles` is not stored with the
// resource; GET shows the role the member holds, the stronger of the role
// set directly (by SCIM or by `scimd member role`) and the role a group
// grants (`scimd group role`). A filter on roles must find exactly the
// members whose GET shows a matching role, in GET /Users and in
// POST /Users/.search alike. The rendered element carries only `value`, so
// filters on roles.primary / type / display find what the evaluator finds
// on that element: nothing for a positive test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Org, cli, assertStatus, ctx } from './lib/lifecycle.mjs';

const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const held = (u) => (u.roles || []).map((r) => r.value);

// One org whose members hold each role through each source.
async function setup() {
  const org = Org.create({ owner: true });
  const scim = org.scim();
  const memberRole = (u, role) =>
    cli(['member', 'role', '--org', org.id, '--member', u.userName, '--role', role]);
  const groupRole = (g, role) =>
    cli(['group', 'role', '--org', org.id, '--group', g.id, '--role', role]);
  const m = {};
  m.scimAdmin = await scim.createAdmin(org.email('sa'));
  m.scimViewer = await scim.createUser(org.email('sv'), { roles: [{ value: 'Viewer' }] });
  m.plain = await scim.createUser(org.email('pl'));
  m.opAdmin = await scim.createUser(org.email('oa'));
  memberRole(m.opAdmin, 'admin');
  m.opViewer = await scim.createAdmin(org.email('ov'));
  memberRole(m.opViewer, 'viewer');
  // Viewer directly, admin through a group.
  m.groupAdmin = await scim.createUser(org.email('ga'), { roles: [{ value: 'viewer' }] });
  // Admin directly, then demoted by SCIM while the group keeps them admin.
  m.demoted = await scim.createAdmin(org.email('dm'));
  const admins = await scim.createGroup(`admins-${m.groupAdmin.id.slice(0, 8)}`,
    [m.groupAdmin.id, m.demoted.id]);
  groupRole(admins, 'admin');
  const res = await scim.patchUser(m.demoted.id,
    { op: 'replace', path: 'roles', value: [{ value: 'viewer' }] });
  assertStatus(res, 200, 'SCIM demotion inside an admin group');
  // Viewer directly, member through a group; admin directly in the same group.
  m.groupMember = await scim.createUser(org.email('gm'), { roles: [{ value: 'viewer' }] });
  m.adminInMembers = await scim.createAdmin(org.email('am'));
  const members = await scim.createGroup(`members-${m.groupMember.id.slice(0, 8)}`,
    [m.groupMember.id, m.adminInMembers.id]);
  groupRole(members, 'member');

  // What GET shows for every member of the org, owner included.
  const shown = new Map();
  const list = await scim.get('/Users?count=100');
  assertStatus(list, 200, 'GET /Users');
  for (const r of list.json.Resources) {
    const one = await scim.get(`/Users/${r.id}`);
    assertStatus(one, 200, `GET /Users/${r.id}`);
    shown.set(r.id, held(one.json));
  }
  return { org, scim, m, shown };
}

// The ids the filter finds, through GET /Users and through .search.
async function found(scim, filter) {
  const res = await scim.get(`/Users?count=100&filter=${encodeURIComponent(filter)}`);
  assertStatus(res, 200, `GET /Users?filter=${filter}`);
  const search = await scim.post('/Users/.search', { schemas: [SEARCH], filter, count: 100 });
  assertStatus(search, 200, `POST /Users/.search ${filter}`);
  const ids = (r) => r.json.Resources.map((u) => u.id).sort();
  assert.equal(res.json.totalResults, res.json.Resources.length, `one page: ${ctx(res)}`);
  assert.deepEqual(ids(search), ids(res), `.search finds what GET finds for ${filter}`);
  return ids(res);
}

test('roles filters find exactly the members whose GET shows the role', async () => {
  const { scim, m, shown } = await setup();
  const want = (pred) => [...shown].filter(([, roles]) => pred(roles)).map(([id]) => id).sort();
  const ids = (...us) => us.map((u) => u.id).sort();

  // The setup holds what the README says, read from GET alone.
  assert.deepEqual(want((r) => r.includes('admin')), ids(m.scimAdmin, m.opAdmin,
    m.groupAdmin, m.demoted, m.adminInMembers), `admins as GET shows them: ${JSON.stringify([...shown])}`);
  assert.deepEqual(want((r) => r.includes('viewer')), ids(m.scimViewer, m.opViewer));
  assert.deepEqual(want((r) => r.includes('member')), ids(m.plain, m.groupMember));
  assert.equal(want((r) => r.includes('owner')).length, 1, 'the owner');
  assert.ok([...shown.values()].every((r) => r.length === 1), 'every member shows one role');

  const cases = [
    ['roles.value eq "admin"', (r) => r.includes('admin')],
    ['roles[value eq "ADMIN"]', (r) => r.includes('admin')],
    ['roles eq "viewer"', (r) => r.includes('viewer')],
    ['roles.value eq "member"', (r) => r.includes('member')],
    ['roles.value eq "owner"', (r) => r.includes('owner')],
    ['roles.value ne "admin"', (r) => r.some((v) => v !== 'admin')],
    ['not (roles.value eq "admin")', (r) => !r.includes('admin')],
    ['roles[value eq "member" or value eq "viewer"]', (r) => r.includes('member') || r.includes('viewer')],
    ['roles.value sw "Own"', (r) => r.some((v) => v.startsWith('own'))],
    ['roles pr', (r) => r.length > 0],
    ['roles.value pr', (r) => r.length > 0],
    ['roles.value eq "admin" and userName pr', (r) => r.includes('admin')],
    // Never rendered: no element has them.
    ['roles.primary eq true', () => false],
    ['roles.type pr', () => false],
    ['roles[value eq "admin" and display pr]', () => false],
    ['roles.display ne "x"', (r) => r.length > 0],
  ];
  for (const [filter, pred] of cases)
    assert.deepEqual(await found(scim, filter), want(pred), `filter ${filter}`);
});

test('a role change through any source moves the member between filter results', async () => {
  const org = Org.create();
  const scim = org.scim();
  const admins = async () => found(scim, 'roles.value eq "admin"');
  const keep = await scim.createAdmin(org.email('keep'));
  const u = await scim.createUser(org.email('u'));
  assert.deepEqual(await admins(), [keep.id]);
  cli(['member', 'role', '--org', org.id, '--member', u.userName, '--role', 'admin']);
  assert.deepEqual(await admins(), [keep.id, u.id].sort(), 'after `scimd member role --role admin`');
  assertStatus(await scim.patchUser(u.id, { op: 'replace', path: 'roles', value: [{ value: 'viewer' }] }),
    200, 'SCIM demotion');
  assert.deepEqual(await admins(), [keep.id], 'after the SCIM demotion');
  assert.deepEqual(await found(scim, 'roles eq "viewer"'), [u.id]);
  const g = await scim.createGroup(`g-${u.id.slice(0, 8)}`, [u.id]);
  cli(['group', 'role', '--org', org.id, '--group', g.id, '--role', 'admin']);
  assert.deepEqual(await admins(), [keep.id, u.id].sort(), 'after the group grants admin');
  assert.deepEqual(await found(scim, 'roles eq "viewer"'), [], 'the direct viewer role is not shown');
  cli(['group', 'role', '--org', org.id, '--group', g.id, '--role', 'none']);
  assert.deepEqual(await admins(), [keep.id], 'after the group mapping is dropped');
  assert.deepEqual(await found(scim, 'roles eq "viewer"'), [u.id]);
});
