// Deactivation and reactivation in every IdP dialect (PATCH and PUT), and PUT
// /Users/{id} replace semantics: left-out attributes are cleared, a left-out
// `active` keeps its value, readOnly id/meta/groups are ignored.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  URN, get, put, createUser, uniqueUserName, uid, filterPath,
  assertStatus, assertScimContentType, assertListResponse, assertUserResource, ctx,
} from './lib/scim.mjs';
import { patchUser200, getUser, createGroup, assertMembers } from './lib/updates.mjs';

const ENT = URN.enterprise;

// PUT /Users/{id} and assert 200 + a full resource whose meta.version equals the ETag.
async function putUser200(id, body) {
  const res = await put(`/Users/${id}`, body);
  assertStatus(res, 200);
  assertScimContentType(res);
  assertUserResource(res.json, { id });
  assert.equal(res.headers.get('etag'), res.json.meta.version, `ETag header equals meta.version: ${ctx(res)}`);
  return res.json;
}

async function expectActive(u, active, why) {
  const g = await getUser(u.id);
  assert.equal(g.active, active, `GET shows active:${active} after ${why}`);
  const list = assertListResponse(await get(filterPath(`userName eq "${u.userName}"`)));
  assert.equal(list.totalResults, 1, `the filter still finds the user after ${why}`);
  assert.equal(list.Resources[0].active, active, `filter shows active:${active} after ${why}`);
  return g;
}

// Okta's full-object PUT: the GET representation with `active` set.
async function putFullObject(id, active) {
  const cur = await getUser(id);
  return putUser200(id, { ...cur, active });
}

const patchDialects = [
  ['PATCH Okta path-less {"active":false}', { op: 'replace', value: { active: false } }, { op: 'replace', value: { active: true } }],
  ['PATCH Entra "Replace" path active "False"/"True"', { op: 'Replace', path: 'active', value: 'False' }, { op: 'Replace', path: 'active', value: 'True' }],
  ['PATCH "replace" path active boolean', { op: 'replace', path: 'active', value: false }, { op: 'replace', path: 'active', value: true }],
  ['PATCH Entra guide "Replace" with boolean', { op: 'Replace', path: 'active', value: false }, { op: 'Replace', path: 'active', value: true }],
  ['PATCH older Entra SDK wrapped [{"value":"False"}]', { op: 'Replace', path: 'active', value: [{ value: 'False' }] }, { op: 'Replace', path: 'active', value: [{ $ref: null, value: 'True' }] }],
];

describe('deactivation arrives in every dialect; reactivation too', () => {
  for (const [name, off, on] of patchDialects) {
    it(name, async () => {
      const u = await createUser({ displayName: 'Leaver', schemas: [URN.user, ENT], [ENT]: { department: 'Dep' } });
      const r = await patchUser200(u.id, off);
      assert.equal(r.active, false, 'answer shows active:false');
      assert.notEqual(r.meta.version, u.meta.version, 'meta.version changed');
      const g = await expectActive(u, false, name);
      assert.equal(g.displayName, 'Leaver', 'other attributes kept');
      assert.equal(g[ENT]?.department, 'Dep', 'extension kept');
      const back = await patchUser200(u.id, on);
      assert.equal(back.active, true, 'answer shows active:true');
      await expectActive(u, true, `reactivation (${name})`);
    });
  }

  it('PUT full object with "active": false, then true (Okta AIW)', async () => {
    const u = await createUser({ displayName: 'Put Leaver' });
    const off = await putFullObject(u.id, false);
    assert.equal(off.active, false);
    assert.equal(off.displayName, 'Put Leaver');
    await expectActive(u, false, 'PUT active:false');
    const on = await putFullObject(u.id, true);
    assert.equal(on.active, true);
    await expectActive(u, true, 'PUT active:true');
  });

  it('mixed: deactivate by PATCH "False", reactivate by PUT; deactivate by PUT, reactivate by PATCH "True"', async () => {
    const u = await createUser();
    await patchUser200(u.id, { op: 'Replace', path: 'active', value: 'False' });
    await expectActive(u, false, 'PATCH "False"');
    await putFullObject(u.id, true);
    await expectActive(u, true, 'PUT true');
    await putFullObject(u.id, false);
    await expectActive(u, false, 'PUT false');
    await patchUser200(u.id, { op: 'Replace', path: 'active', value: 'True' });
    await expectActive(u, true, 'PATCH "True"');
  });

  it('a deactivated user keeps its group memberships (Entra expects that)', async () => {
    const u = await createUser();
    const g = await createGroup({ members: [{ value: u.id }] });
    await patchUser200(u.id, { op: 'Replace', path: 'active', value: 'False' });
    await assertMembers(g.id, [u.id], 'after deactivation');
    await patchUser200(u.id, { op: 'Replace', path: 'active', value: 'True' });
    await assertMembers(g.id, [u.id], 'after reactivation');
  });
});

describe('PUT /Users/{id} replace semantics', () => {
  it('attributes left out are cleared', async () => {
    const u = await createUser({
      schemas: [URN.user, ENT],
      displayName: 'Full', nickName: 'Nick', title: 'Boss', externalId: `put-${uid()}`,
      name: { givenName: 'Full', familyName: 'User', middleName: 'M' },
      phoneNumbers: [{ type: 'work', value: '+1 555 0100' }],
      [ENT]: { department: 'D', employeeNumber: '42' },
    });
    const r = await putUser200(u.id, {
      schemas: [URN.user], userName: u.userName, name: { givenName: 'Only' },
    });
    const g = await getUser(u.id);
    assert.deepEqual(g, r, 'persisted as answered');
    assert.equal(g.userName, u.userName);
    assert.deepEqual(g.name, { givenName: 'Only' }, 'name replaced as a whole');
    for (const k of ['displayName', 'nickName', 'title', 'externalId', 'phoneNumbers', 'emails', ENT]) {
      assert.equal(g[k], undefined, `${k} left out of the PUT must be cleared: ${JSON.stringify(g)}`);
    }
    assert.equal(g.active, true, 'active left out stays true');
    assert.equal(g.meta.created, u.meta.created, 'meta.created unchanged');
    assert.notEqual(g.meta.version, u.meta.version, 'meta.version changed');
  });

  it('PUT can change userName and values are stored as sent', async () => {
    const u = await createUser();
    const newName = uniqueUserName('renamed');
    const r = await putUser200(u.id, { schemas: [URN.user], userName: newName, displayName: 'Renamed', active: true });
    assert.equal(r.userName, newName);
    assert.equal((await getUser(u.id)).userName, newName);
  });

  it('`active` left out keeps true for an active user', async () => {
    const u = await createUser({ displayName: 'Stay Active' });
    const r = await putUser200(u.id, { schemas: [URN.user], userName: u.userName, displayName: 'Still Active' });
    assert.equal(r.active, true, 'PUT answer: active stays true');
    await expectActive(u, true, 'a PUT without active');
  });

  it('`active` left out keeps false for a deactivated user', async () => {
    const u = await createUser({ displayName: 'Stay Inactive' });
    await patchUser200(u.id, { op: 'replace', path: 'active', value: false });
    const r = await putUser200(u.id, { schemas: [URN.user], userName: u.userName, displayName: 'Still Inactive' });
    assert.equal(r.active, false, 'PUT answer: active stays false');
    assert.equal(r.displayName, 'Still Inactive', 'the rest of the PUT applied');
    await expectActive(u, false, 'a PUT without active on an inactive user');
  });

  it('Entra-style string "False" in a PUT body deactivates', async () => {
    const u = await createUser();
    const r = await putUser200(u.id, { schemas: [URN.user], userName: u.userName, active: 'False' });
    assert.equal(r.active, false);
    await expectActive(u, false, 'PUT active:"False"');
  });

  it('readOnly id (same value), meta and groups in a PUT body are ignored', async () => {
    const u = await createUser({ displayName: 'RO' });
    const r = await putUser200(u.id, {
      schemas: [URN.user], id: u.id, userName: u.userName, displayName: 'RO 2',
      meta: { resourceType: 'User', created: '2001-01-01T00:00:00Z', lastModified: '2001-01-01T00:00:00Z', version: 'W/"999"', location: 'http://evil.test/x' },
      groups: [],
    });
    assert.equal(r.displayName, 'RO 2');
    assert.equal(r.meta.created, u.meta.created, 'client meta.created ignored');
    assert.notEqual(r.meta.version, 'W/"999"', 'client meta.version ignored');
    assert.ok(!r.meta.location.startsWith('http://evil.test'), 'client meta.location ignored');
    assert.notEqual(r.meta.lastModified, '2001-01-01T00:00:00Z', 'client meta.lastModified ignored');
  });

  it('readOnly id with a DIFFERENT value in a PUT body is ignored', async () => {
    const u = await createUser({ displayName: 'RO Id' });
    const other = '11111111-2222-4333-8444-555555555555';
    const r = await putUser200(u.id, { schemas: [URN.user], id: other, userName: u.userName, displayName: 'RO Id 2' });
    assert.equal(r.id, u.id, 'id unchanged');
    assert.equal(r.displayName, 'RO Id 2');
    assertStatus(await get(`/Users/${u.id}`), 200);
    assert.equal((await get(`/Users/${other}`)).status, 404, 'no resource appears under the client id');
  });

  it('groups in a PUT body neither remove nor add memberships', async () => {
    const u = await createUser();
    const g1 = await createGroup({ members: [{ value: u.id }] });
    const g2 = await createGroup();
    await putUser200(u.id, { schemas: [URN.user], userName: u.userName, groups: [] });
    await assertMembers(g1.id, [u.id], 'groups:[] in a user PUT does not remove the membership');
    await putUser200(u.id, { schemas: [URN.user], userName: u.userName, groups: [{ value: g2.id }] });
    await assertMembers(g2.id, [], 'groups in a user PUT does not add a membership');
    await assertMembers(g1.id, [u.id]);
  });

  it('the full GET object with client meta and Okta extras (password, groups) PUT back works', async () => {
    const u = await createUser({ displayName: 'Okta Full' });
    const cur = await getUser(u.id);
    const r = await putUser200(u.id, { ...cur, displayName: 'Okta Full 2', groups: [], password: '1mz050nq', locale: 'en-US' });
    assert.equal(r.displayName, 'Okta Full 2');
    assert.equal(r.locale, 'en-US');
    assert.equal(r.password, undefined, 'password never returned');
    assert.equal(r.groups?.length ?? 0, 0);
  });
});
