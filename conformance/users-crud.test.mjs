// Users: create, read, replace, delete, uniqueness, content negotiation
// (RFC 7644 §3.3, §3.4.1, §3.5.1, §3.6; RFC 7643 §4.1, §4.3).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  URN, request, get, post, put, patch, del, createUser, userBody, uniqueUserName, uid, patchBody,
  assertStatus, assertScimContentType, assertScimError, assertUserResource, ctx,
} from './lib/scim.mjs';

describe('POST /Users', () => {
  it('creates a user: 201, resource with id/schemas/meta, Location and ETag headers', async () => {
    const body = userBody({ displayName: 'Conformance Create', externalId: `ext-${uid()}` });
    const res = await post('/Users', body);
    assertStatus(res, 201);
    assertScimContentType(res);
    const u = res.json;
    assertUserResource(u);
    assert.equal(u.userName, body.userName);
    assert.equal(u.externalId, body.externalId);
    assert.equal(u.displayName, 'Conformance Create');
    assert.equal(u.active, true, 'active defaults to true when omitted');
    assert.equal(res.headers.get('location'), u.meta.location, 'Location header equals meta.location');
    assert.equal(res.headers.get('etag'), u.meta.version, 'ETag header equals meta.version');
  });

  it('stores and returns values as sent (name, emails, enterprise extension)', async () => {
    const userName = uniqueUserName('vals');
    const manager = await createUser({ displayName: 'The Manager' });
    const body = {
      schemas: [URN.user, URN.enterprise],
      userName,
      externalId: `Ext-MiXeD-${uid()}`,
      name: { givenName: 'Zoë', familyName: "O'Brien-Łukasz", formatted: "Zoë O'Brien-Łukasz" },
      displayName: 'Zoë Ö',
      title: 'Staff Engineer',
      emails: [
        { value: userName, type: 'work', primary: true },
        { value: `Other.${userName}`, type: 'home', primary: false },
      ],
      [URN.enterprise]: {
        employeeNumber: '000701',
        department: 'R&D / Platform',
        manager: { value: manager.id },
      },
    };
    const res = await post('/Users', body);
    assertStatus(res, 201);
    const u = res.json;
    assertUserResource(u);
    assert.equal(u.externalId, body.externalId, 'externalId kept as sent (case preserved)');
    assert.equal(u.name.givenName, 'Zoë');
    assert.equal(u.name.familyName, "O'Brien-Łukasz");
    assert.equal(u.name.formatted, "Zoë O'Brien-Łukasz");
    assert.equal(u.displayName, 'Zoë Ö');
    assert.equal(u.title, 'Staff Engineer');
    assert.ok(Array.isArray(u.emails) && u.emails.length === 2, `two emails: ${JSON.stringify(u.emails)}`);
    const work = u.emails.find((e) => e.type === 'work');
    const home = u.emails.find((e) => e.type === 'home');
    assert.equal(work.value, userName);
    assert.equal(work.primary, true);
    assert.equal(home.value, `Other.${userName}`, 'email value not reformatted');
    assert.ok(u.schemas.includes(URN.enterprise), 'schemas lists the enterprise extension when it has values');
    const ent = u[URN.enterprise];
    assert.ok(ent, 'enterprise extension returned');
    assert.equal(ent.employeeNumber, '000701', 'employeeNumber kept as a string with leading zeros');
    assert.equal(ent.department, 'R&D / Platform');
    assert.equal(ent.manager?.value, manager.id, 'manager.value');

    const again = await get(`/Users/${u.id}`);
    assertStatus(again, 200);
    assert.deepEqual(again.json.name, u.name, 'GET returns the same name');
    assert.deepEqual(again.json[URN.enterprise]?.employeeNumber, '000701');
  });

  it('never returns password', async () => {
    const res = await post('/Users', userBody({ password: 'S3cret-pa55word!' }));
    assertStatus(res, 201);
    assert.equal(res.json.password, undefined, 'password not in POST response');
    assert.ok(!res.text.includes('S3cret-pa55word!'), 'password text not echoed anywhere');
    const g = await get(`/Users/${res.json.id}`);
    assertStatus(g, 200);
    assert.equal(g.json.password, undefined, 'password not in GET response');
    assert.ok(!g.text.includes('S3cret-pa55word!'), 'password text not in GET body');
  });

  it('treats explicit nulls as unassigned (Entra "Example 2", typo URN tolerated)', async () => {
    const userName = uniqueUserName('nulls');
    const body = {
      schemas: [URN.user, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User'],
      externalId: `jy-${uid()}`, userName, active: true,
      addresses: null, displayName: 'Joy Young',
      emails: [{ type: 'work', value: userName, primary: true }],
      meta: { resourceType: 'User' },
      name: { familyName: 'Young', givenName: 'Joy' },
      phoneNumbers: null, preferredLanguage: null, title: null,
      department: null, manager: null,
    };
    const res = await post('/Users', body);
    assertStatus(res, 201);
    const u = res.json;
    assertUserResource(u);
    assert.equal(u.displayName, 'Joy Young');
    for (const k of ['addresses', 'phoneNumbers', 'preferredLanguage', 'title']) {
      assert.ok(u[k] === undefined || (Array.isArray(u[k]) && u[k].length === 0),
        `${k} sent as null must be absent, got ${JSON.stringify(u[k])}`);
      assert.notEqual(u[k], null, `${k} must not be returned as null`);
    }
    assert.ok(!u.schemas.includes('urn:ietf:params:scim:schemas:extension:enterprise:2.0User'),
      'the unknown typo URN is not echoed as a schema of the resource');
  });

  it('accepts the Entra current sample (client meta, roles:[])', async () => {
    const userName = uniqueUserName('entra');
    const res = await post('/Users', {
      schemas: [URN.user, URN.enterprise],
      externalId: randomUUID(), userName, active: true,
      emails: [{ primary: true, type: 'work', value: userName }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
    });
    assertStatus(res, 201);
    assertUserResource(res.json);
  });

  it('accepts the Okta sample (groups, password, locale) and ignores groups', async () => {
    const userName = uniqueUserName('okta');
    const res = await post('/Users', {
      schemas: [URN.user], userName,
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: userName, type: 'work' }],
      displayName: 'Test User', locale: 'en-US', externalId: `00u${uid()}`,
      groups: [{ value: randomUUID(), display: 'Should be ignored' }],
      password: '1mz050nq', active: true,
    }, { headers: { 'Accept-Charset': 'utf-8', 'User-Agent': 'Okta SCIM Client 1.0.0' } });
    assertStatus(res, 201);
    const u = res.json;
    assertUserResource(u);
    assert.equal(u.locale, 'en-US');
    const gs = u.groups || [];
    assert.ok(!gs.some((g) => g.display === 'Should be ignored'), 'client-sent groups are ignored');
  });

  it('ignores client-supplied id and meta', async () => {
    const fakeId = randomUUID();
    const res = await post('/Users', userBody({
      id: fakeId,
      meta: { resourceType: 'User', created: '2001-01-01T00:00:00Z', lastModified: '2001-01-01T00:00:00Z', version: 'W/"client"', location: 'https://evil.example/Users/x' },
    }));
    assertStatus(res, 201);
    const u = res.json;
    assertUserResource(u);
    assert.notEqual(u.id, fakeId, 'server assigns its own id');
    assert.notEqual(u.meta.created, '2001-01-01T00:00:00Z', 'server sets meta.created');
    assert.notEqual(u.meta.version, 'W/"client"', 'server sets meta.version');
    assert.ok(!u.meta.location.startsWith('https://evil.example'), 'server sets meta.location');
    const g = await get(`/Users/${fakeId}`);
    assertScimError(g, 404);
  });

  it('accepts active:false on create (provisioning a disabled account)', async () => {
    const u = await createUser({ active: false });
    assert.equal(u.active, false);
  });

  it('rejects an existing userName with 409 uniqueness (same case and any case)', async () => {
    const u = await createUser();
    const same = await post('/Users', userBody({ userName: u.userName }));
    assertScimError(same, 409, 'uniqueness');
    const upper = await post('/Users', userBody({ userName: u.userName.toUpperCase() }));
    assertScimError(upper, 409, 'uniqueness');
  });
});

describe('GET /Users/{id}', () => {
  it('returns the same resource as POST', async () => {
    const created = await createUser({ displayName: 'Read Me' });
    const res = await get(`/Users/${created.id}`);
    assertStatus(res, 200);
    assertScimContentType(res);
    assertUserResource(res.json, { id: created.id });
    assert.deepEqual(res.json, created, 'GET body equals the POST body');
    assert.equal(res.headers.get('etag'), created.meta.version, 'ETag header equals meta.version');
  });

  it('answers 404 SCIM Error for an unknown id', async () => {
    const res = await get(`/Users/${randomUUID()}`);
    assertScimError(res, 404);
  });

  it('answers 404 (not 400/500) for a malformed id', async () => {
    for (const bad of ['010101001010101011001010101011', 'not-a-uuid', '%27%20OR%201%3D1']) {
      const res = await get(`/Users/${bad}`);
      assertScimError(res, 404);
    }
  });
});

describe('PUT /Users/{id}', () => {
  it('replaces the resource: attributes left out are cleared', async () => {
    const u = await createUser({
      schemas: [URN.user, URN.enterprise],
      displayName: 'Before Put', title: 'Old Title', nickName: 'Nick',
      externalId: `put-${uid()}`,
      [URN.enterprise]: { department: 'Old Dept' },
    });
    const res = await put(`/Users/${u.id}`, {
      schemas: [URN.user], userName: u.userName,
      name: { givenName: 'After', familyName: 'Put' },
    });
    assertStatus(res, 200);
    assertScimContentType(res);
    const r = res.json;
    assertUserResource(r, { id: u.id });
    assert.equal(r.userName, u.userName);
    assert.equal(r.name.givenName, 'After');
    assert.equal(r.name.familyName, 'Put');
    for (const k of ['displayName', 'title', 'nickName', 'externalId']) {
      assert.equal(r[k], undefined, `${k} left out of PUT is cleared, got ${JSON.stringify(r[k])}`);
    }
    assert.ok(r.emails === undefined || (Array.isArray(r.emails) && r.emails.length === 0),
      `emails left out are cleared: ${JSON.stringify(r.emails)}`);
    assert.equal(r[URN.enterprise]?.department, undefined, 'enterprise department cleared');
    assert.equal(r.active, true, 'active left out keeps its value (true)');
    assert.equal(r.meta.created, u.meta.created, 'meta.created unchanged');
    assert.notEqual(r.meta.version, u.meta.version, 'meta.version changes on replace');
    assert.equal(res.headers.get('etag'), r.meta.version, 'ETag header equals meta.version');

    const g = await get(`/Users/${u.id}`);
    assertStatus(g, 200);
    assert.deepEqual(g.json, r, 'GET after PUT returns the PUT result');
  });

  it('PUT with active:false deactivates; PUT without active keeps it inactive', async () => {
    const u = await createUser({ displayName: 'Okta AIW' });
    const full = { schemas: [URN.user], userName: u.userName, name: u.name, emails: u.emails, displayName: 'Okta AIW' };

    const off = await put(`/Users/${u.id}`, { ...full, active: false });
    assertStatus(off, 200);
    assert.equal(off.json.active, false, 'PUT active:false deactivates');

    const keep = await put(`/Users/${u.id}`, { ...full, displayName: 'Okta AIW 2' });
    assertStatus(keep, 200);
    assert.equal(keep.json.displayName, 'Okta AIW 2', 'the PUT was applied');
    assert.equal(keep.json.active, false, 'PUT without active leaves a deactivated user inactive');

    const g = await get(`/Users/${u.id}`);
    assert.equal(g.json.active, false, 'GET still shows active:false');

    const on = await put(`/Users/${u.id}`, { ...full, active: true });
    assertStatus(on, 200);
    assert.equal(on.json.active, true, 'PUT active:true reactivates');
  });

  it('PUT without active keeps an active user active (Okta quirk)', async () => {
    const u = await createUser();
    const res = await put(`/Users/${u.id}`, { schemas: [URN.user], userName: u.userName, displayName: 'No Active Field' });
    assertStatus(res, 200);
    assert.equal(res.json.active, true, 'missing active is not read as false');
  });

  it('ignores a client id/meta in the PUT body', async () => {
    const u = await createUser();
    const res = await put(`/Users/${u.id}`, {
      schemas: [URN.user], id: u.id, userName: u.userName, displayName: 'With Id',
      meta: { resourceType: 'User', created: '2001-01-01T00:00:00Z' },
    });
    assertStatus(res, 200);
    assert.equal(res.json.id, u.id);
    assert.equal(res.json.meta.created, u.meta.created, 'meta.created not taken from the client');
  });

  it('answers 404 for an unknown id', async () => {
    const res = await put(`/Users/${randomUUID()}`, userBody());
    assertScimError(res, 404);
  });

  it('rejects a PUT that changes userName to an existing one with 409 uniqueness', async () => {
    const a = await createUser();
    const b = await createUser();
    const res = await put(`/Users/${b.id}`, { schemas: [URN.user], userName: a.userName.toUpperCase() });
    assertScimError(res, 409, 'uniqueness');
  });
});

describe('DELETE /Users/{id}', () => {
  it('204 empty body; then GET 404, DELETE 404; re-POST the same userName gets a new id', async () => {
    const u = await createUser();
    const d = await del(`/Users/${u.id}`);
    assertStatus(d, 204);
    assert.equal(d.text, '', 'DELETE 204 has an empty body');

    assertScimError(await get(`/Users/${u.id}`), 404);
    assertScimError(await del(`/Users/${u.id}`), 404);
    assertScimError(await patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: 'active', value: false })), 404);

    const again = await post('/Users', userBody({ userName: u.userName }));
    assertStatus(again, 201);
    assert.notEqual(again.json.id, u.id, 're-created user gets a new id');
    assert.equal(again.json.active, true);
  });

  it('answers 404 for an unknown id', async () => {
    assertScimError(await del(`/Users/${randomUUID()}`), 404);
  });
});

describe('content negotiation', () => {
  it('accepts Content-Type application/json', async () => {
    const res = await request('POST', '/Users', {
      body: userBody(), headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    });
    assertStatus(res, 201);
    assertUserResource(res.json);
  });

  it('accepts Content-Type application/scim+json; charset=utf-8', async () => {
    const res = await request('POST', '/Users', {
      body: userBody(), headers: { 'Content-Type': 'application/scim+json; charset=utf-8' },
    });
    assertStatus(res, 201);
    assertScimContentType(res);
  });

  it("works with Okta's headers (Accept scim+json, Accept-Charset, User-Agent)", async () => {
    const okta = { Accept: 'application/scim+json', 'Accept-Charset': 'utf-8', 'User-Agent': 'Okta SCIM Client 1.0.0' };
    const userName = uniqueUserName('oktahdr');
    const probe = await get('/Users?startIndex=1&count=2', { headers: okta });
    assertStatus(probe, 200);
    assertScimContentType(probe);
    const c = await request('POST', '/Users', { body: userBody({ userName }), headers: okta });
    assertStatus(c, 201);
    assertScimContentType(c);
    const g = await get(`/Users/${c.json.id}`, { headers: okta });
    assertStatus(g, 200);
    assertScimContentType(g);
    const p = await request('PATCH', `/Users/${c.json.id}`, {
      body: patchBody({ op: 'replace', value: { active: false } }), headers: okta,
    });
    assertStatus(p, 200);
    assert.equal(p.json.active, false);
  });

  it('answers with Content-Type application/scim+json; charset=utf-8 and valid UTF-8', async () => {
    const u = await createUser({ displayName: 'Ünïcödé ✓ 漢字' });
    const res = await get(`/Users/${u.id}`, { headers: { Accept: '*/*' } });
    assertStatus(res, 200);
    assertScimContentType(res);
    assert.equal(res.json.displayName, 'Ünïcödé ✓ 漢字', `UTF-8 round trip: ${ctx(res)}`);
  });
});
