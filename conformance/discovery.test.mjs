// Discovery (RFC 7644 §4, RFC 7643 §5–7) and health endpoints.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  URN, get, assertStatus, assertScimContentType, assertScimError, assertListResponse, ctx,
} from './lib/scim.mjs';

describe('health endpoints (server root, no auth)', () => {
  it('GET /healthz answers 200 without a token', async () => {
    const res = await get('/healthz', { root: true, token: null });
    assertStatus(res, 200);
  });

  it('GET /readyz answers 200 without a token', async () => {
    const res = await get('/readyz', { root: true, token: null });
    assertStatus(res, 200);
  });
});

describe('GET /ServiceProviderConfig', () => {
  it('describes the supported features', async () => {
    const res = await get('/ServiceProviderConfig');
    assertStatus(res, 200);
    assertScimContentType(res);
    const c = res.json;
    assert.ok(c && Array.isArray(c.schemas), `schemas array: ${ctx(res)}`);
    assert.ok(c.schemas.includes(URN.spc), 'schemas contains the ServiceProviderConfig URN');

    assert.equal(c.patch?.supported, true, 'patch.supported is true');

    assert.equal(typeof c.bulk, 'object', 'bulk present');
    assert.equal(typeof c.bulk.supported, 'boolean', 'bulk.supported is a boolean');
    if (c.bulk.supported) {
      assert.ok(Number.isInteger(c.bulk.maxOperations), 'bulk.maxOperations integer');
      assert.ok(Number.isInteger(c.bulk.maxPayloadSize), 'bulk.maxPayloadSize integer');
    }

    assert.equal(c.filter?.supported, true, 'filter.supported is true');
    assert.ok(Number.isInteger(c.filter.maxResults) && c.filter.maxResults > 0,
      `filter.maxResults is a positive integer, got ${JSON.stringify(c.filter.maxResults)}`);

    for (const k of ['changePassword', 'sort', 'etag']) {
      assert.equal(typeof c[k], 'object', `${k} present`);
      assert.equal(typeof c[k].supported, 'boolean', `${k}.supported is a boolean`);
    }

    assert.ok(Array.isArray(c.authenticationSchemes) && c.authenticationSchemes.length > 0,
      'authenticationSchemes is a non-empty array');
    const bearer = c.authenticationSchemes.find((s) => s.type === 'oauthbearertoken');
    assert.ok(bearer, `an authentication scheme of type "oauthbearertoken": ${JSON.stringify(c.authenticationSchemes)}`);
    assert.equal(typeof bearer.name, 'string', 'scheme name');
    assert.equal(typeof bearer.description, 'string', 'scheme description');
  });
});

describe('GET /ResourceTypes', () => {
  it('lists the User resource type with the enterprise extension', async () => {
    const res = await get('/ResourceTypes');
    const list = assertListResponse(res);
    assert.ok(list.totalResults >= 1, 'at least one resource type');
    const user = list.Resources.find((r) => r.id === 'User' || r.name === 'User');
    assert.ok(user, `User resource type listed: ${ctx(res)}`);
    assert.equal(user.endpoint, '/Users', 'User endpoint');
    assert.equal(user.schema, URN.user, 'User schema');
    assert.ok(Array.isArray(user.schemaExtensions), 'schemaExtensions array');
    assert.ok(user.schemaExtensions.some((e) => e.schema === URN.enterprise),
      `enterprise extension listed: ${JSON.stringify(user.schemaExtensions)}`);
    const group = list.Resources.find((r) => r.id === 'Group' || r.name === 'Group');
    if (group) assert.equal(group.endpoint, '/Groups', 'Group endpoint (when present)');
  });

  it('GET /ResourceTypes/User returns the User resource type', async () => {
    const res = await get('/ResourceTypes/User');
    assertStatus(res, 200);
    assertScimContentType(res);
    const rt = res.json;
    assert.ok(Array.isArray(rt.schemas) && rt.schemas.includes(URN.resourceType), `ResourceType schema URN: ${ctx(res)}`);
    assert.equal(rt.name, 'User');
    assert.equal(rt.endpoint, '/Users');
    assert.equal(rt.schema, URN.user);
    const ext = rt.schemaExtensions.find((e) => e.schema === URN.enterprise);
    assert.ok(ext, 'enterprise extension');
    assert.equal(typeof ext.required, 'boolean', 'schemaExtensions[].required is a boolean');
  });
});

describe('GET /Schemas', () => {
  it('lists the core User schema and the enterprise extension with attributes', async () => {
    const res = await get('/Schemas');
    const list = assertListResponse(res);
    const user = list.Resources.find((s) => s.id === URN.user);
    const ent = list.Resources.find((s) => s.id === URN.enterprise);
    assert.ok(user, `core User schema listed: ${list.Resources.map((s) => s.id).join(', ')}`);
    assert.ok(ent, `enterprise extension schema listed: ${list.Resources.map((s) => s.id).join(', ')}`);
    for (const s of [user, ent]) {
      assert.ok(Array.isArray(s.attributes) && s.attributes.length > 0, `${s.id} has an attributes array`);
      for (const a of s.attributes) {
        assert.equal(typeof a.name, 'string', `${s.id}: attribute name`);
        assert.equal(typeof a.type, 'string', `${s.id}.${a.name}: type`);
        assert.equal(typeof a.multiValued, 'boolean', `${s.id}.${a.name}: multiValued`);
      }
    }
    const names = ent.attributes.map((a) => a.name);
    for (const n of ['employeeNumber', 'department', 'manager']) {
      assert.ok(names.includes(n), `enterprise schema has ${n}`);
    }
  });

  it('GET /Schemas/<core User URN> returns the schema', async () => {
    const res = await get(`/Schemas/${URN.user}`);
    assertStatus(res, 200);
    assertScimContentType(res);
    const s = res.json;
    assert.equal(s.id, URN.user);
    assert.ok(Array.isArray(s.attributes), 'attributes array');
    const userName = s.attributes.find((a) => a.name === 'userName');
    assert.ok(userName, 'userName attribute described');
    assert.equal(userName.type, 'string');
    assert.equal(userName.caseExact, false, 'userName is caseExact:false');
    assert.equal(userName.uniqueness, 'server', 'userName uniqueness "server"');
    assert.ok(s.attributes.some((a) => a.name === 'active' && a.type === 'boolean'), 'active is a boolean attribute');
    const emails = s.attributes.find((a) => a.name === 'emails');
    assert.ok(emails && emails.multiValued === true && emails.type === 'complex', 'emails is multi-valued complex');
  });

  it('GET /Schemas/<unknown URN> answers 404 SCIM Error', async () => {
    const res = await get('/Schemas/urn:ietf:params:scim:schemas:extension:nope:2.0:Nope');
    assertScimError(res, 404);
  });
});
