// PATCH /Users/{id} in the dialects real IdPs send (RFC 7644 §3.5.2 plus the
// Okta and Entra deviations listed in the IdP notes (shared/IDP-NOTES.md)).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  URN, get, patch, createUser, uniqueUserName, uid, patchBody, filterPath,
  assertStatus, assertScimContentType, assertScimError, assertListResponse, assertUserResource, ctx,
} from './lib/scim.mjs';

async function patchOk(id, ...ops) {
  const res = await patch(`/Users/${id}`, patchBody(...ops));
  assertStatus(res, 200);
  assertScimContentType(res);
  assertUserResource(res.json, { id });
  assert.equal(res.headers.get('etag'), res.json.meta.version, 'ETag header equals meta.version');
  return res.json;
}

async function expectActive(u, active) {
  const g = await get(`/Users/${u.id}`);
  assertStatus(g, 200);
  assert.equal(g.json.active, active, `GET shows active:${active}`);
  const list = assertListResponse(await get(filterPath(`userName eq "${u.userName}"`)));
  assert.equal(list.totalResults, 1, 'the filter still returns the user');
  assert.equal(list.Resources[0].id, u.id);
  assert.equal(list.Resources[0].active, active, `filter shows active:${active}`);
}

const dialects = [
  {
    name: 'Okta OIN: path-less replace {"active":false}',
    off: { op: 'replace', value: { active: false } },
    on: { op: 'replace', value: { active: true } },
  },
  {
    name: 'Entra default: "op":"Replace", path active, string "False"/"True"',
    off: { op: 'Replace', path: 'active', value: 'False' },
    on: { op: 'Replace', path: 'active', value: 'True' },
  },
  {
    name: 'RFC / Entra flag: "op":"replace", path active, boolean',
    off: { op: 'replace', path: 'active', value: false },
    on: { op: 'replace', path: 'active', value: true },
  },
  {
    name: 'Entra guide: "op":"Replace", path active, boolean',
    off: { op: 'Replace', path: 'active', value: false },
    on: { op: 'Replace', path: 'active', value: true },
  },
];

describe('deactivate and reactivate in every dialect', () => {
  for (const d of dialects) {
    it(d.name, async () => {
      const u = await createUser({ displayName: 'Dialect Test' });
      assert.equal(u.active, true);

      const off = await patchOk(u.id, d.off);
      assert.equal(off.active, false, 'PATCH response shows active:false');
      assert.notEqual(off.meta.version, u.meta.version, 'meta.version changes');
      assert.equal(off.displayName, 'Dialect Test', 'other attributes untouched');
      assert.equal(off.userName, u.userName);
      await expectActive(u, false);

      const again = await patchOk(u.id, d.off);
      assert.equal(again.active, false, 'deactivating twice is idempotent');

      const on = await patchOk(u.id, d.on);
      assert.equal(on.active, true, 'PATCH response shows active:true');
      await expectActive(u, true);
    });
  }

  it('lower-case string "false"/"true" also work', {
  }, async () => {
    const u = await createUser();
    assert.equal((await patchOk(u.id, { op: 'replace', path: 'active', value: 'false' })).active, false);
    assert.equal((await patchOk(u.id, { op: 'replace', path: 'active', value: 'true' })).active, true);
  });
});

describe('attribute updates', () => {
  it('replace displayName', async () => {
    const u = await createUser({ displayName: 'Old Name' });
    const r = await patchOk(u.id, { op: 'replace', path: 'displayName', value: 'New Name' });
    assert.equal(r.displayName, 'New Name');
    assert.equal((await get(`/Users/${u.id}`)).json.displayName, 'New Name', 'persisted');
  });

  it('replace name.givenName keeps the other name parts', async () => {
    const u = await createUser({ name: { givenName: 'Ann', familyName: 'Keep' } });
    const r = await patchOk(u.id, { op: 'replace', path: 'name.givenName', value: 'Anna' });
    assert.equal(r.name.givenName, 'Anna');
    assert.equal(r.name.familyName, 'Keep', 'familyName untouched');
    assert.equal((await get(`/Users/${u.id}`)).json.name.givenName, 'Anna', 'persisted');
  });

  it('several ops in one request apply in order', async () => {
    const u = await createUser({ displayName: 'A' });
    const r = await patchOk(u.id,
      { op: 'replace', path: 'displayName', value: 'B' },
      { op: 'replace', path: 'displayName', value: 'C' });
    assert.equal(r.displayName, 'C');
  });

  it("Entra's default multi-op update body", async () => {
    const u = await createUser({
      schemas: [URN.user, URN.enterprise],
      displayName: 'Before', externalId: `before-${uid()}`,
      name: { givenName: 'Before', familyName: 'Before' },
      [URN.enterprise]: { employeeNumber: '1' },
    });
    const newExt = `Eqpj-${uid()}`;
    const newMail = uniqueUserName('entra-mail');
    const res = await patch(`/Users/${u.id}`, patchBody(
      { op: 'Replace', path: 'displayName', value: 'Pvlo' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: newMail },
      { op: 'Replace', path: 'name.givenName', value: 'Gtfd' },
      { op: 'Replace', path: 'name.familyName', value: 'Pkqf' },
      { op: 'Replace', path: 'externalId', value: newExt },
      { op: 'Replace', path: `${URN.enterprise}:employeeNumber`, value: 'Eqpj' },
    ));
    assertStatus(res, 200);
    const r = res.json;
    assert.equal(r.displayName, 'Pvlo');
    assert.equal(r.name.givenName, 'Gtfd');
    assert.equal(r.externalId, newExt);
    assert.equal(r.active, true, 'the update does not deactivate');
    const g = await get(`/Users/${u.id}`);
    assert.equal(g.json.displayName, 'Pvlo', 'persisted');
    assert.equal(g.json.externalId, newExt, 'persisted');
  });

  it('Entra flag shape: path-less replace with dotted and URN keys', {
  }, async () => {
    const u = await createUser({ name: { givenName: 'G', familyName: 'F' } });
    const r = await patchOk(u.id, {
      op: 'replace',
      value: {
        displayName: 'Bjfe', 'name.givenName': 'Kkom', 'name.familyName': 'Unua',
        [`${URN.enterprise}:employeeNumber`]: 'Aklq',
      },
    });
    assert.equal(r.displayName, 'Bjfe');
    assert.equal(r.name.givenName, 'Kkom');
    assert.equal(r.name.familyName, 'Unua');
    assert.equal(r['name.givenName'], undefined, 'no literal "name.givenName" key');
    assert.equal(r[URN.enterprise]?.employeeNumber, 'Aklq');
  });

  it('Okta path-less replace with several attributes', async () => {
    const u = await createUser({ displayName: 'Okta Before' });
    const r = await patchOk(u.id, { op: 'replace', value: { displayName: 'Okta After', active: true } });
    assert.equal(r.displayName, 'Okta After');
    assert.equal(r.active, true);
  });
});

describe('PATCH errors', () => {
  it('unknown id → 404', async () => {
    assertScimError(await patch(`/Users/${randomUUID()}`, patchBody({ op: 'replace', path: 'active', value: false })), 404);
  });

  it('unknown op → 400 SCIM Error, user unchanged', async () => {
    const u = await createUser({ displayName: 'Unchanged' });
    const res = await patch(`/Users/${u.id}`, patchBody({ op: 'frobnicate', path: 'displayName', value: 'X' }));
    assertScimError(res, 400);
    const g = await get(`/Users/${u.id}`);
    assert.equal(g.json.displayName, 'Unchanged', ctx(g));
  });

  it('a failing op aborts the whole request (atomic)', async () => {
    const u = await createUser({ displayName: 'Atomic' });
    const res = await patch(`/Users/${u.id}`, patchBody(
      { op: 'replace', path: 'displayName', value: 'Changed' },
      { op: 'replace', path: 'active', value: 'maybe' }));
    assertScimError(res, 400);
    const g = await get(`/Users/${u.id}`);
    assert.equal(g.json.displayName, 'Atomic', 'the first op was not applied');
    assert.equal(g.json.active, true);
  });
});
