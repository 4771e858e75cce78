// PATCH and PUT /Groups/{id}: 204 vs 200, every group PATCH body of
// the IdP notes (shared/IDP-NOTES.md) end to end (membership checked with GET after
// each change), all-or-nothing application, PUT replace semantics.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  URN, get, put, patch, createUser, patchBody,
  assertStatus, assertScimContentType, assertScimError, ctx,
} from './lib/scim.mjs';
import {
  createGroup, uniqueGroupName, memberIdsOf, assertMembers, patchGroup204,
  snapshot, assertUnchanged,
} from './lib/updates.mjs';

let u1, u2, u3, u4;
const mem = (...us) => us.map((u) => ({ value: u.id }));

before(async () => {
  [u1, u2, u3, u4] = await Promise.all([
    createUser({ displayName: 'G1' }), createUser({ displayName: 'G2' }),
    createUser({ displayName: 'G3' }), createUser({ displayName: 'G4' }),
  ]);
});

describe('PATCH /Groups/{id} response', () => {
  it('answers 204 No Content without attributes/excludedAttributes', async () => {
    const g = await createGroup();
    const name = uniqueGroupName('renamed');
    await patchGroup204(g.id, { op: 'replace', path: 'displayName', value: name });
    const got = await get(`/Groups/${g.id}`);
    assertStatus(got, 200);
    assert.equal(got.json.displayName, name, 'rename applied');
  });

  it('membership-only PATCH answers 204 too', async () => {
    const g = await createGroup();
    await patchGroup204(g.id, { op: 'add', path: 'members', value: mem(u1) });
    await assertMembers(g.id, [u1.id]);
  });

  it('?excludedAttributes=members → 200 with the group, without members', async () => {
    const g = await createGroup({ members: mem(u1) });
    const name = uniqueGroupName('excl');
    const res = await patch(`/Groups/${g.id}?excludedAttributes=members`,
      patchBody({ op: 'replace', path: 'displayName', value: name }, { op: 'add', path: 'members', value: mem(u2) }));
    assertStatus(res, 200);
    assertScimContentType(res);
    assert.equal(res.json.id, g.id);
    assert.equal(res.json.displayName, name);
    assert.ok(Array.isArray(res.json.schemas) && res.json.schemas.includes(URN.group), 'group schemas');
    assert.equal(res.json.members, undefined, `members excluded: ${ctx(res)}`);
    assert.equal(res.json.meta?.resourceType, 'Group');
    assert.equal(res.headers.get('etag'), res.json.meta.version, 'ETag header equals meta.version');
    await assertMembers(g.id, [u1.id, u2.id], 'add applied');
  });

  it('?attributes=displayName → 200 with id and displayName only', async () => {
    const g = await createGroup({ members: mem(u1) });
    const name = uniqueGroupName('attr');
    const res = await patch(`/Groups/${g.id}?attributes=displayName`,
      patchBody({ op: 'replace', path: 'displayName', value: name }));
    assertStatus(res, 200);
    assert.equal(res.json.id, g.id, 'id always returned');
    assert.equal(res.json.displayName, name);
    assert.equal(res.json.members, undefined, `members not requested: ${ctx(res)}`);
    const full = await get(`/Groups/${g.id}`);
    assert.equal(res.headers.get('etag'), full.json.meta.version, 'ETag header is the new version');
  });

  it('?attributes=members → 200 with the new member list', async () => {
    const g = await createGroup({ members: mem(u1) });
    const res = await patch(`/Groups/${g.id}?attributes=members`,
      patchBody({ op: 'add', path: 'members', value: mem(u2) }));
    assertStatus(res, 200);
    assert.deepEqual(memberIdsOf(res.json), [u1.id, u2.id].sort(), `members in the answer: ${ctx(res)}`);
    await assertMembers(g.id, [u1.id, u2.id]);
  });

  it('unknown group id → 404 SCIM Error', async () => {
    assertScimError(await patch('/Groups/00000000-0000-4000-8000-000000000000',
      patchBody({ op: 'replace', path: 'displayName', value: 'x' })), 404);
  });
});

describe('Entra group PATCH bodies', () => {
  it('Add members with "$ref": null', async () => {
    const g = await createGroup();
    await patchGroup204(g.id, { op: 'Add', path: 'members', value: [{ $ref: null, value: u1.id }] });
    await assertMembers(g.id, [u1.id], 'first add');
    await patchGroup204(g.id, { op: 'Add', path: 'members', value: [{ $ref: null, value: u2.id }] });
    await assertMembers(g.id, [u1.id, u2.id], 'second add keeps the first member');
    await patchGroup204(g.id, { op: 'Add', path: 'members', value: [{ $ref: null, value: u2.id }] });
    await assertMembers(g.id, [u1.id, u2.id], 'adding an existing member is idempotent');
  });

  it('legacy Remove with a value list removes exactly the listed member, keeps the others', async () => {
    const g = await createGroup({ members: mem(u1, u2, u3) });
    await patchGroup204(g.id, { op: 'Remove', path: 'members', value: [{ value: u1.id }] });
    await assertMembers(g.id, [u2.id, u3.id]);
  });

  it('legacy Remove with "$ref": null inside the value', async () => {
    const g = await createGroup({ members: mem(u1, u2, u3) });
    await patchGroup204(g.id, { op: 'Remove', path: 'members', value: [{ $ref: null, value: u2.id }] });
    await assertMembers(g.id, [u1.id, u3.id]);
  });

  it('legacy Remove with several values removes those only', async () => {
    const g = await createGroup({ members: mem(u1, u2, u3, u4) });
    await patchGroup204(g.id, { op: 'Remove', path: 'members', value: [{ value: u2.id }, { value: u3.id }] });
    await assertMembers(g.id, [u1.id, u4.id]);
  });

  it('legacy Remove of a non-member leaves the group as it is', async () => {
    const g = await createGroup({ members: mem(u1, u2) });
    await patchGroup204(g.id, { op: 'Remove', path: 'members', value: [{ value: u4.id }] });
    await assertMembers(g.id, [u1.id, u2.id]);
  });

  it('flag shape: remove members[value eq "…"]', async () => {
    const g = await createGroup({ members: mem(u1, u2, u3) });
    await patchGroup204(g.id, { op: 'remove', path: `members[value eq "${u3.id}"]` });
    await assertMembers(g.id, [u1.id, u2.id]);
  });

  it('several membership changes in one PATCH (gallery checklist)', async () => {
    const g = await createGroup({ members: mem(u1, u2) });
    await patchGroup204(g.id,
      { op: 'Add', path: 'members', value: [{ $ref: null, value: u3.id }] },
      { op: 'Remove', path: 'members', value: [{ value: u1.id }] },
      { op: 'Add', path: 'members', value: [{ $ref: null, value: u4.id }] });
    await assertMembers(g.id, [u2.id, u3.id, u4.id]);
  });

  it('Replace displayName (capitalised op)', async () => {
    const g = await createGroup({ members: mem(u1) });
    const name = uniqueGroupName('entra-ren');
    await patchGroup204(g.id, { op: 'Replace', path: 'displayName', value: name });
    const got = await get(`/Groups/${g.id}`);
    assert.equal(got.json.displayName, name);
    assert.deepEqual(memberIdsOf(got.json), [u1.id], 'members untouched');
  });
});

describe('Okta group PATCH bodies', () => {
  it('rename: path-less replace with id equal to the current id', async () => {
    const g = await createGroup({ members: mem(u1, u2) });
    const name = uniqueGroupName('okta-ren');
    await patchGroup204(g.id, { op: 'replace', value: { id: g.id, displayName: name } });
    const got = await get(`/Groups/${g.id}`);
    assertStatus(got, 200);
    assert.equal(got.json.id, g.id);
    assert.equal(got.json.displayName, name);
    assert.deepEqual(memberIdsOf(got.json), [u1.id, u2.id].sort(), 'members untouched by the rename');
  });

  it('rename with a different id → 400 mutability, group unchanged', async () => {
    const g = await createGroup({ members: mem(u1) });
    const path = `/Groups/${g.id}`;
    const before = await snapshot(path);
    const res = await patch(path, patchBody({ op: 'replace', value: { id: '11111111-2222-4333-8444-555555555555', displayName: 'x' } }));
    assertScimError(res, 400, 'mutability');
    await assertUnchanged(path, before, 'a rejected rename');
  });

  it('remove by filter + add in one request', async () => {
    const g = await createGroup({ members: mem(u1, u2) });
    await patchGroup204(g.id,
      { op: 'remove', path: `members[value eq "${u1.id}"]` },
      { op: 'add', path: 'members', value: [{ value: u3.id, display: u3.userName }] });
    await assertMembers(g.id, [u2.id, u3.id]);
  });

  it('rename + membership change in one request (Okta sends the rename with every update)', async () => {
    const g = await createGroup({ members: mem(u1) });
    const name = uniqueGroupName('okta-both');
    await patchGroup204(g.id,
      { op: 'replace', value: { id: g.id, displayName: name } },
      { op: 'add', path: 'members', value: [{ value: u2.id, display: u2.userName }] });
    const got = await get(`/Groups/${g.id}`);
    assert.equal(got.json.displayName, name);
    assert.deepEqual(memberIdsOf(got.json), [u1.id, u2.id].sort());
  });

  it('full replace of members', async () => {
    const g = await createGroup({ members: mem(u1, u2) });
    await patchGroup204(g.id, {
      op: 'replace', path: 'members',
      value: [{ value: u2.id, display: u2.userName }, { value: u3.id, display: u3.userName }, { value: u4.id, display: u4.userName }],
    });
    await assertMembers(g.id, [u2.id, u3.id, u4.id]);
    await patchGroup204(g.id, { op: 'replace', path: 'members', value: [] });
    await assertMembers(g.id, [], 'replace with [] empties the group');
  });

  it('value-less remove of members clears the group (RFC)', async () => {
    const g = await createGroup({ members: mem(u1, u2) });
    await patchGroup204(g.id, { op: 'remove', path: 'members' });
    await assertMembers(g.id, []);
  });
});

describe('group PATCH errors leave the group unchanged (members included)', () => {
  const failing = [
    ['op 3 has the unknown op "frobnicate"', { op: 'frobnicate', path: 'displayName', value: 'x' }, 'invalidSyntax'],
    ['op 3 removes displayName', { op: 'remove', path: 'displayName' }, 'invalidValue'],
    ['op 3 replaces id with a different value', { op: 'replace', path: 'id', value: '11111111-2222-4333-8444-555555555555' }, 'mutability'],
    ['op 3 has an unknown path', { op: 'replace', path: 'fooBarBaz', value: 'x' }, 'invalidPath'],
    ['op 3 replaces meta', { op: 'replace', path: 'meta', value: { resourceType: 'Group' } }, 'mutability'],
  ];
  for (const [name, bad, scimType] of failing) {
    it(`rename + member add/remove, ${name} → 400 ${scimType}`, async () => {
      const g = await createGroup({ members: mem(u1, u2) });
      const path = `/Groups/${g.id}`;
      const before = await snapshot(path);
      const res = await patch(path, patchBody(
        { op: 'replace', path: 'displayName', value: uniqueGroupName('never') },
        { op: 'add', path: 'members', value: mem(u3) },
        { op: 'remove', path: 'members', value: mem(u1) },
        bad));
      assertScimError(res, 400, scimType);
      await assertUnchanged(path, before, name);
    });
  }
});

describe('PUT /Groups/{id}', () => {
  it('replaces attributes and the whole member list', async () => {
    const g = await createGroup({ externalId: `gx-${Date.now()}`, members: mem(u1, u2) });
    const name = uniqueGroupName('put');
    const res = await put(`/Groups/${g.id}`, { schemas: [URN.group], displayName: name, members: mem(u3) });
    assertStatus(res, 200);
    assertScimContentType(res);
    assert.equal(res.json.id, g.id);
    assert.equal(res.json.displayName, name);
    assert.equal(res.json.externalId, undefined, 'externalId left out → cleared');
    assert.deepEqual(memberIdsOf(res.json), [u3.id], 'PUT answer shows the new members');
    assert.equal(res.headers.get('etag'), res.json.meta.version);
    await assertMembers(g.id, [u3.id]);
    const got = await get(`/Groups/${g.id}`);
    assert.equal(got.json.externalId, undefined, 'externalId cleared (GET)');
  });

  it('PUT without members empties the group', async () => {
    const g = await createGroup({ members: mem(u1, u2) });
    assertStatus(await put(`/Groups/${g.id}`, { schemas: [URN.group], displayName: g.displayName }), 200);
    await assertMembers(g.id, []);
  });

  it('readOnly id and meta in a PUT body are ignored', async () => {
    const g = await createGroup({ members: mem(u1) });
    const res = await put(`/Groups/${g.id}`, {
      schemas: [URN.group, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
      id: '11111111-2222-4333-8444-555555555555',
      displayName: g.displayName, members: mem(u1, u2),
      meta: { resourceType: 'Group', created: '2001-01-01T00:00:00Z', version: 'W/"999"' },
    });
    assertStatus(res, 200);
    assert.equal(res.json.id, g.id, 'id unchanged');
    assert.equal(res.json.meta.created, g.meta.created, 'meta.created unchanged');
    assert.notEqual(res.json.meta.version, 'W/"999"', 'client meta.version ignored');
    await assertMembers(g.id, [u1.id, u2.id]);
    assertStatus(await get(`/Groups/${g.id}`), 200);
  });

  it('PUT without displayName → 400, group unchanged', async () => {
    const g = await createGroup({ members: mem(u1) });
    const path = `/Groups/${g.id}`;
    const before = await snapshot(path);
    const res = await put(path, { schemas: [URN.group], members: mem(u2) });
    assertScimError(res, 400);
    await assertUnchanged(path, before, 'a rejected PUT');
  });
});

describe('a /Groups write answered with an error changed nothing', () => {
  const both = '?attributes=displayName&excludedAttributes=members';

  it(`PATCH ${both}: either 4xx and unchanged, or 200 and applied`, async () => {
    const g = await createGroup({ members: mem(u1) });
    const path = `/Groups/${g.id}`;
    const before = await snapshot(path);
    const name = uniqueGroupName('both');
    const res = await patch(path + both, patchBody(
      { op: 'replace', path: 'displayName', value: name }, { op: 'add', path: 'members', value: mem(u2) }));
    if (res.status >= 400) {
      assertScimError(res, res.status);
      await assertUnchanged(path, before, `PATCH answered ${res.status}`);
    } else {
      assertStatus(res, 200);
      await assertMembers(g.id, [u1.id, u2.id]);
    }
  });

  it(`PUT ${both}: either 4xx and unchanged, or 200 and applied`, async () => {
    const g = await createGroup({ members: mem(u1) });
    const path = `/Groups/${g.id}`;
    const before = await snapshot(path);
    const res = await put(path + both, { schemas: [URN.group], displayName: uniqueGroupName('bothput'), members: [] });
    if (res.status >= 400) {
      assertScimError(res, res.status);
      await assertUnchanged(path, before, `PUT answered ${res.status}`);
    } else {
      assertStatus(res, 200);
      await assertMembers(g.id, []);
    }
  });

  it('rename to another group\'s displayName + member changes → 409 uniqueness, members unchanged', async () => {
    const other = await createGroup();
    const g = await createGroup({ members: mem(u1, u2) });
    const path = `/Groups/${g.id}`;
    const before = await snapshot(path);
    const res = await patch(path, patchBody(
      { op: 'remove', path: 'members', value: mem(u1) },
      { op: 'add', path: 'members', value: mem(u3) },
      { op: 'replace', path: 'displayName', value: other.displayName }));
    assertScimError(res, 409, 'uniqueness');
    await assertUnchanged(path, before, 'a 409 group PATCH');
  });

  it('PUT with another group\'s displayName → 409, members unchanged', async () => {
    const other = await createGroup();
    const g = await createGroup({ members: mem(u1, u2) });
    const path = `/Groups/${g.id}`;
    const before = await snapshot(path);
    assertScimError(await put(path, { schemas: [URN.group], displayName: other.displayName, members: mem(u4) }), 409, 'uniqueness');
    await assertUnchanged(path, before, 'a 409 group PUT');
  });
});
