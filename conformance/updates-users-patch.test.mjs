// PATCH /Users/{id}: responses and projection, every user PATCH body of
// the IdP notes (shared/IDP-NOTES.md) end to end, readOnly/unknown-path errors, and
// all-or-nothing application of a request's operations.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  URN, BASE_URL, get, put, patch, createUser, uniqueUserName, uid, patchBody,
  assertStatus, assertScimContentType, assertScimError, ctx,
} from './lib/scim.mjs';
import { patchUser200, getUser, snapshot, assertUnchanged } from './lib/updates.mjs';

const ENT = URN.enterprise;

describe('PATCH /Users/{id} response', () => {
  it('answers 200 with the full resource, equal to a later GET', async () => {
    const u = await createUser({ displayName: 'Resp Before' });
    const r = await patchUser200(u.id, { op: 'replace', path: 'displayName', value: 'Resp After' });
    assert.equal(r.displayName, 'Resp After');
    assert.equal(r.userName, u.userName, 'userName in the response');
    assert.deepEqual(r.emails, u.emails, 'untouched attributes are in the response');
    assert.equal(r.meta.created, u.meta.created, 'meta.created unchanged');
    const g = await get(`/Users/${u.id}`);
    assertStatus(g, 200);
    assert.deepEqual(g.json, r, 'GET after PATCH returns what PATCH answered');
  });

  it('?attributes= projects the response (id always returned), the change is applied in full', async () => {
    const u = await createUser({ displayName: 'Proj Before', nickName: 'Nick' });
    const res = await patch(`/Users/${u.id}?attributes=displayName`,
      patchBody({ op: 'replace', path: 'displayName', value: 'Proj After' },
        { op: 'replace', path: 'nickName', value: 'Nick2' }));
    assertStatus(res, 200);
    assertScimContentType(res);
    const r = res.json;
    assert.equal(r.id, u.id, 'id is always returned');
    assert.equal(r.displayName, 'Proj After', 'requested attribute present');
    for (const k of ['userName', 'emails', 'name', 'nickName']) {
      assert.equal(r[k], undefined, `${k} must not be in a response projected to displayName: ${ctx(res)}`);
    }
    const g = await getUser(u.id);
    assert.equal(g.displayName, 'Proj After');
    assert.equal(g.nickName, 'Nick2', 'the op on an attribute outside the projection is applied too');
    assert.equal(res.headers.get('etag'), g.meta.version, 'ETag of the projected PATCH answer is the new version');
  });

  it('?excludedAttributes= projects the response', async () => {
    const u = await createUser({ displayName: 'Excl Before' });
    const res = await patch(`/Users/${u.id}?excludedAttributes=emails,name`,
      patchBody({ op: 'replace', path: 'displayName', value: 'Excl After' }));
    assertStatus(res, 200);
    const r = res.json;
    assert.equal(r.id, u.id);
    assert.equal(r.displayName, 'Excl After');
    assert.equal(r.userName, u.userName, 'not-excluded attributes stay');
    assert.equal(r.emails, undefined, `emails excluded: ${ctx(res)}`);
    assert.equal(r.name, undefined, `name excluded: ${ctx(res)}`);
    const g = await getUser(u.id);
    assert.deepEqual(g.emails, u.emails, 'excluded attributes are not removed from the resource');
  });
});

describe('IdP PATCH bodies (IDP-NOTES §1) end to end', () => {
  it('Entra default shape: six capitalised Replace ops incl. emails[type eq "work"].value and an URN path', async () => {
    const home = uniqueUserName('home');
    const u = await createUser({
      schemas: [URN.user, ENT],
      displayName: 'Before', externalId: `before-${uid()}`,
      name: { givenName: 'Before', familyName: 'Before' },
      [ENT]: { employeeNumber: '1', department: 'Keep' },
    });
    // a home address next to the work one: only the work one may change
    const withHome = await patchUser200(u.id, { op: 'add', path: 'emails', value: [{ type: 'home', value: home }] });
    assert.equal(withHome.emails.length, 2, 'home email added');
    const newMail = uniqueUserName('work');
    const newExt = `Eqpj-${uid()}`;
    const r = await patchUser200(u.id,
      { op: 'Replace', path: 'displayName', value: 'Pvlo' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: newMail },
      { op: 'Replace', path: 'name.givenName', value: 'Gtfd' },
      { op: 'Replace', path: 'name.familyName', value: 'Pkqf' },
      { op: 'Replace', path: 'externalId', value: newExt },
      { op: 'Replace', path: `${ENT}:employeeNumber`, value: 'Eqpj' });
    const g = await getUser(u.id);
    assert.deepEqual(g, r, 'persisted as answered');
    assert.equal(g.displayName, 'Pvlo');
    assert.equal(g.name.givenName, 'Gtfd');
    assert.equal(g.name.familyName, 'Pkqf');
    assert.equal(g.externalId, newExt);
    assert.equal(g[ENT]?.employeeNumber, 'Eqpj', `enterprise employeeNumber: ${JSON.stringify(g)}`);
    assert.equal(g[ENT]?.department, 'Keep', 'other enterprise attributes kept');
    const work = g.emails.filter((e) => e.type === 'work');
    assert.equal(work.length, 1, `exactly one work email: ${JSON.stringify(g.emails)}`);
    assert.equal(work[0].value, newMail, 'work email replaced');
    const homes = g.emails.filter((e) => e.type === 'home');
    assert.deepEqual(homes.map((e) => e.value), [home], 'home email untouched');
    assert.equal(g.active, true, 'an update does not deactivate');
  });

  it('Entra emails[type eq "work"].value replace CREATES the work email when the user has none', async () => {
    const u = await createUser({ emails: undefined });
    const before = await getUser(u.id);
    assert.ok(!before.emails || before.emails.length === 0, `precondition: no emails: ${JSON.stringify(before.emails)}`);
    const mail = uniqueUserName('created');
    const r = await patchUser200(u.id, { op: 'Replace', path: 'emails[type eq "work"].value', value: mail });
    assert.ok(Array.isArray(r.emails), `emails created: ${JSON.stringify(r)}`);
    assert.deepEqual(r.emails.map((e) => [e.type, e.value]), [['work', mail]], 'one work email with the value');
    const g = await getUser(u.id);
    assert.deepEqual(g.emails.map((e) => [e.type, e.value]), [['work', mail]], 'persisted');
  });

  it('Entra emails[type eq "work"].value replace adds a work email next to an existing home one', async () => {
    const home = uniqueUserName('onlyhome');
    const u = await createUser({ emails: [{ type: 'home', value: home }] });
    const mail = uniqueUserName('work2');
    await patchUser200(u.id, { op: 'Replace', path: 'emails[type eq "work"].value', value: mail });
    const g = await getUser(u.id);
    const pairs = g.emails.map((e) => [e.type, e.value]).sort();
    assert.deepEqual(pairs, [['home', home], ['work', mail]].sort(), `emails: ${JSON.stringify(g.emails)}`);
  });

  it('Entra flag shape: work-email replace + path-less replace with dotted and URN keys', async () => {
    const u = await createUser({
      schemas: [URN.user, ENT], displayName: 'Flag', name: { givenName: 'G', familyName: 'F', middleName: 'M' },
    });
    const mail = uniqueUserName('flag');
    const r = await patchUser200(u.id,
      { op: 'replace', path: 'emails[type eq "work"].value', value: mail },
      {
        op: 'replace',
        value: {
          displayName: 'Bjfe', 'name.givenName': 'Kkom', 'name.familyName': 'Unua',
          [`${ENT}:employeeNumber`]: 'Aklq',
        },
      });
    const g = await getUser(u.id);
    assert.deepEqual(g, r, 'persisted as answered');
    assert.equal(g.displayName, 'Bjfe');
    assert.equal(g.name.givenName, 'Kkom');
    assert.equal(g.name.familyName, 'Unua');
    assert.equal(g.name.middleName, 'M', 'a dotted key replaces only its sub-attribute');
    assert.equal(g[ENT]?.employeeNumber, 'Aklq', `URN key applied: ${JSON.stringify(g)}`);
    for (const k of Object.keys(g)) {
      assert.ok(!k.startsWith('name.'), `no literal dotted key stored: ${k}`);
      assert.ok(k !== `${ENT}:employeeNumber`, `no literal URN:attr key stored: ${k}`);
    }
    assert.equal(g.emails.find((e) => e.type === 'work')?.value, mail);
  });

  it('Entra default mode: {"op":"Add","path":"nickName","value":"Babs"}', async () => {
    const u = await createUser();
    const r = await patchUser200(u.id, { op: 'Add', path: 'nickName', value: 'Babs' });
    assert.equal(r.nickName, 'Babs');
    assert.equal((await getUser(u.id)).nickName, 'Babs', 'persisted');
    const r2 = await patchUser200(u.id, { op: 'Add', path: 'nickName', value: 'Babs2' });
    assert.equal(r2.nickName, 'Babs2', 'add on a single-valued attribute replaces it');
  });

  it('Entra manager as an array of one (path "manager", $ref URL)', async () => {
    const mgr = await createUser({ displayName: 'The Manager' });
    const u = await createUser();
    const r = await patchUser200(u.id,
      { op: 'Add', path: 'manager', value: [{ $ref: `${BASE_URL}/Users/${mgr.id}`, value: mgr.id }] });
    const g = await getUser(u.id);
    assert.deepEqual(g, r, 'persisted as answered');
    const m = g[ENT]?.manager;
    assert.ok(m && typeof m === 'object' && !Array.isArray(m), `manager is a single complex value: ${JSON.stringify(g)}`);
    assert.equal(m.value, mgr.id, 'manager.value');
    assert.equal(g.manager, undefined, 'no core-level "manager" attribute');
  });

  it('Entra manager (URN path) as [{"$ref":null,"value":…}] replaces the previous manager', async () => {
    const m1 = await createUser();
    const m2 = await createUser();
    const u = await createUser({ schemas: [URN.user, ENT], [ENT]: { department: 'D', manager: { value: m1.id } } });
    assert.equal(u[ENT]?.manager?.value, m1.id, 'precondition: manager m1');
    const r = await patchUser200(u.id,
      { op: 'Replace', path: `${ENT}:manager`, value: [{ $ref: null, value: m2.id }] });
    const m = r[ENT]?.manager;
    assert.ok(m && !Array.isArray(m), `manager single-valued: ${JSON.stringify(r)}`);
    assert.equal(m.value, m2.id);
    assert.notEqual(m.$ref, null, '"$ref": null is treated as absent, never stored as null');
    assert.equal(r[ENT].department, 'D', 'other enterprise attributes kept');
    assert.deepEqual(await getUser(u.id), r, 'persisted');
  });

  it('older Entra SDK shape: single-valued replace wrapped as [{"$ref":null,"value":…}]', async () => {
    const u = await createUser({ displayName: 'Unwrapped' });
    const r = await patchUser200(u.id, { op: 'Replace', path: 'displayName', value: [{ $ref: null, value: 'Wrapped' }] });
    assert.equal(r.displayName, 'Wrapped', `displayName unwrapped: ${JSON.stringify(r.displayName)}`);
    assert.equal((await getUser(u.id)).displayName, 'Wrapped', 'persisted');
  });

  it('Okta-style path-less replace carrying the current id is accepted', async () => {
    const u = await createUser({ displayName: 'Okta Id' });
    const r = await patchUser200(u.id, { op: 'replace', value: { id: u.id, displayName: 'Okta Id 2' } });
    assert.equal(r.id, u.id);
    assert.equal(r.displayName, 'Okta Id 2');
  });
});

describe('PATCH /Users errors leave the user unchanged', () => {
  const cases = [
    ['unknown attribute path', { op: 'replace', path: 'fooBarBaz', value: 'x' }, 'invalidPath'],
    ['unknown sub-attribute path', { op: 'replace', path: 'name.fooBarBaz', value: 'x' }, 'invalidPath'],
    ['unknown attribute of the enterprise extension', { op: 'replace', path: `${ENT}:fooBarBaz`, value: 'x' }, 'invalidPath'],
    ['unknown attribute, add', { op: 'add', path: 'fooBarBaz', value: 'x' }, 'invalidPath'],
    ['remove userName', { op: 'remove', path: 'userName' }, 'invalidValue'],
    ['replace meta', { op: 'replace', path: 'meta', value: { resourceType: 'User' } }, 'mutability'],
    ['replace meta.lastModified', { op: 'replace', path: 'meta.lastModified', value: '2020-01-01T00:00:00Z' }, 'mutability'],
    ['path-less replace containing meta', { op: 'replace', value: { meta: { resourceType: 'User' }, title: 'x' } }, 'mutability'],
    ['add groups', { op: 'add', path: 'groups', value: [{ value: '11111111-2222-3333-4444-555555555555' }] }, 'mutability'],
    ['replace groups', { op: 'replace', path: 'groups', value: [] }, 'mutability'],
    ['replace id with a different value', { op: 'replace', path: 'id', value: '11111111-2222-3333-4444-555555555555' }, 'mutability'],
    ['path-less replace with a different id', { op: 'replace', value: { id: '11111111-2222-3333-4444-555555555555', displayName: 'x' } }, 'mutability'],
    ['remove id', { op: 'remove', path: 'id' }, 'mutability'],
  ];
  for (const [name, op, scimType] of cases) {
    it(`${name} → 400 ${scimType}`, async () => {
      const u = await createUser({ displayName: 'Err Target', title: 'T' });
      const path = `/Users/${u.id}`;
      const before = await snapshot(path);
      const res = await patch(path, patchBody(op));
      assertScimError(res, 400, scimType);
      await assertUnchanged(path, before, name);
    });
  }
});

describe('all operations of a PATCH apply, or none (byte-for-byte unchanged)', () => {
  const failing = [
    ['op 2 removes userName', { op: 'remove', path: 'userName' }, 'invalidValue'],
    ['op 2 has the unknown op "frobnicate"', { op: 'frobnicate', path: 'nickName', value: 'x' }, 'invalidSyntax'],
    ['op 2 replaces id with a different value', { op: 'replace', path: 'id', value: '11111111-2222-3333-4444-555555555555' }, 'mutability'],
    ['op 2 has an unknown path', { op: 'replace', path: 'fooBarBaz', value: 'x' }, 'invalidPath'],
    ['op 2 sets active to "maybe"', { op: 'replace', path: 'active', value: 'maybe' }, 'invalidValue'],
  ];
  for (const [name, bad, scimType] of failing) {
    it(`op 1 replaces displayName, ${name} → 400 ${scimType}, nothing changes`, async () => {
      const u = await createUser({ displayName: 'Atomic Before', nickName: 'AN' });
      const path = `/Users/${u.id}`;
      const before = await snapshot(path);
      const res = await patch(path, patchBody(
        { op: 'replace', path: 'displayName', value: 'Atomic After' },
        bad));
      assertScimError(res, 400, scimType);
      await assertUnchanged(path, before, name);
    });
  }

  it('a failing op after a deactivation and an email change leaves the user active and unchanged', async () => {
    const u = await createUser({ displayName: 'Atomic Deact' });
    const path = `/Users/${u.id}`;
    const before = await snapshot(path);
    const res = await patch(path, patchBody(
      { op: 'Replace', path: 'active', value: 'False' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: uniqueUserName('atomic') },
      { op: 'Add', path: 'nickName', value: 'N' },
      { op: 'remove', path: 'userName' }));
    assertScimError(res, 400, 'invalidValue');
    await assertUnchanged(path, before, 'a failed 4-op request');
    assert.equal(before.json.active, true);
  });
});

// Every error answer means "nothing happened": the IdP retries, and must not
// find a change it was told had failed.
describe('a /Users write answered with an error changed nothing', () => {
  // RFC 7644 §3.9: attributes and excludedAttributes are alternatives. A
  // server may reject the pair (400) or honour one of them; it must not apply
  // the write and then answer 400.
  const both = '?attributes=displayName&excludedAttributes=emails';

  it(`PATCH ${both}: either 400 and unchanged, or 200 and applied`, async () => {
    const u = await createUser({ displayName: 'Both Before' });
    const path = `/Users/${u.id}`;
    const before = await snapshot(path);
    const res = await patch(path + both, patchBody({ op: 'replace', path: 'displayName', value: 'Both After' }));
    if (res.status >= 400) {
      assertScimError(res, res.status);
      await assertUnchanged(path, before, `PATCH answered ${res.status}`);
    } else {
      assertStatus(res, 200);
      assert.equal((await getUser(u.id)).displayName, 'Both After');
    }
  });

  it(`PUT ${both}: either 400 and unchanged, or 200 and applied`, async () => {
    const u = await createUser({ displayName: 'Both Put Before' });
    const path = `/Users/${u.id}`;
    const before = await snapshot(path);
    const res = await put(path + both, { schemas: [URN.user], userName: u.userName, displayName: 'Both Put After', active: false });
    if (res.status >= 400) {
      assertScimError(res, res.status);
      await assertUnchanged(path, before, `PUT answered ${res.status}`);
    } else {
      assertStatus(res, 200);
      assert.equal((await getUser(u.id)).displayName, 'Both Put After');
    }
  });

  it('PATCH userName to another user\'s (case-variant) + displayName → 409 uniqueness, unchanged', async () => {
    const [a, b] = await Promise.all([createUser(), createUser({ displayName: 'Dup Target' })]);
    const path = `/Users/${b.id}`;
    const before = await snapshot(path);
    const res = await patch(path, patchBody(
      { op: 'replace', path: 'displayName', value: 'Dup Changed' },
      { op: 'replace', path: 'userName', value: a.userName.toUpperCase() }));
    assertScimError(res, 409, 'uniqueness');
    await assertUnchanged(path, before, 'a 409 PATCH');
  });

  it('PUT with another user\'s userName → 409 uniqueness, unchanged', async () => {
    const [a, b] = await Promise.all([createUser(), createUser({ displayName: 'Dup Put' })]);
    const path = `/Users/${b.id}`;
    const before = await snapshot(path);
    const res = await put(path, { schemas: [URN.user], userName: a.userName, active: false });
    assertScimError(res, 409, 'uniqueness');
    await assertUnchanged(path, before, 'a 409 PUT');
  });

  it('PUT without userName → 400, unchanged', async () => {
    const u = await createUser({ displayName: 'No UN' });
    const path = `/Users/${u.id}`;
    const before = await snapshot(path);
    assertScimError(await put(path, { schemas: [URN.user], displayName: 'x', active: false }), 400);
    await assertUnchanged(path, before, 'a PUT without userName');
  });

  it('PATCH with an empty Operations list → 400 invalidValue, unchanged', async () => {
    const u = await createUser();
    const path = `/Users/${u.id}`;
    const before = await snapshot(path);
    assertScimError(await patch(path, patchBody()), 400, 'invalidValue');
    await assertUnchanged(path, before, 'an empty PATCH');
  });
});
