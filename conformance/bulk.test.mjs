// conformance/bulk.test.mjs: POST /Bulk (RFC 7644 §3.7): bulkId references,
// per-operation results, failOnErrors, the caps (413 tooMany) and the
// membership guards, which hold inside a bulk request as everywhere else.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  get, post, URN, uniqueUserName, uid, createUser, filterPath, assertScimError, ctx,
} from './lib/scim.mjs';

const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const bulk = (ops, extra = {}) => post('/Bulk', { schemas: [BULK], Operations: ops, ...extra });

describe('POST /Bulk', () => {
  it('is advertised in ServiceProviderConfig', async () => {
    const spc = (await get('/ServiceProviderConfig')).json;
    assert.equal(spc.bulk.supported, true);
    assert.ok(Number.isInteger(spc.bulk.maxOperations) && spc.bulk.maxOperations > 0);
    assert.ok(Number.isInteger(spc.bulk.maxPayloadSize) && spc.bulk.maxPayloadSize > 0);
  });

  it('creates a user and a group that references it by bulkId, then changes both', async () => {
    const userName = uniqueUserName('bulk');
    const group = `bulk-group-${uid()}`;
    const res = await bulk([
      { method: 'POST', path: '/Users', bulkId: 'u', data: { schemas: [URN.user], userName } },
      { method: 'POST', path: '/Groups', bulkId: 'g',
        data: { schemas: [URN.group], displayName: group, members: [{ value: 'bulkId:u' }] } },
      { method: 'PATCH', path: '/Users/bulkId:u',
        data: { schemas: [URN.patch], Operations: [{ op: 'replace', path: 'active', value: false }] } },
    ]);
    assert.equal(res.status, 200, ctx(res));
    assert.deepEqual(res.json.schemas, ['urn:ietf:params:scim:api:messages:2.0:BulkResponse']);
    const [u, g, p] = res.json.Operations;
    assert.equal(u.status, '201');
    assert.equal(u.bulkId, 'u');
    assert.match(u.location, /\/Users\/[0-9a-f-]{36}$/);
    assert.match(u.version, /^W\/"/);
    assert.equal(g.status, '201');
    assert.equal(p.status, '200');
    const userId = u.location.split('/').pop();
    const groupId = g.location.split('/').pop();
    const gr = await get(`/Groups/${groupId}`);
    assert.deepEqual(gr.json.members.map((m) => m.value), [userId]);
    const ur = await get(`/Users/${userId}`);
    assert.equal(ur.json.active, false);
    assert.equal(ur.json.userName, userName);
  });

  it('reports each failing operation with its own SCIM error and keeps going', async () => {
    const res = await bulk([
      { method: 'PATCH', path: '/Users/bulkId:missing',
        data: { schemas: [URN.patch], Operations: [{ op: 'replace', path: 'active', value: false }] } },
      { method: 'GET', path: '/Users' },
      { method: 'POST', path: '/Users', data: { userName: uniqueUserName('nobulkid') } },
      { method: 'POST', path: '/Users', bulkId: 'ok', data: { userName: uniqueUserName('ok') } },
    ]);
    assert.equal(res.status, 200, ctx(res));
    const st = res.json.Operations.map((o) => o.status);
    assert.deepEqual(st, ['409', '400', '400', '201']);
    assert.equal(res.json.Operations[0].response.scimType, 'invalidValue');
    assert.deepEqual(res.json.Operations[1].response.schemas, [URN.error]);
  });

  it('stops after failOnErrors errors', async () => {
    const unchanged = { schemas: [URN.patch], Operations: [{ op: 'replace', path: 'active', value: true }] };
    const res = await bulk([
      { method: 'PATCH', path: '/Users/00000000-0000-0000-0000-000000000000', data: unchanged },
      { method: 'PATCH', path: '/Users/00000000-0000-0000-0000-000000000001', data: unchanged },
      { method: 'POST', path: '/Users', bulkId: 'never', data: { userName: uniqueUserName('never') } },
    ], { failOnErrors: 2 });
    assert.equal(res.status, 200, ctx(res));
    assert.deepEqual(res.json.Operations.map((o) => o.status), ['404', '404']);
  });

  it('refuses more than 10 removals in one request with 413 tooMany, before running any', async () => {
    const users = [];
    for (let i = 0; i < 11; i++) users.push(await createUser());
    const res = await bulk(users.map((u) => ({ method: 'DELETE', path: `/Users/${u.id}` })));
    assertScimError(res, 413, 'tooMany');
    for (const u of users) assert.equal((await get(`/Users/${u.id}`)).status, 200, 'nobody was removed');
  });

  it('keeps the owner guard: removing the Owner through /Bulk is refused with 409', async () => {
    const owners = await get(filterPath('userName eq "owner@example.com"'));
    assert.equal(owners.json.totalResults, 1, `org A's owner is owner@example.com (see README.md): ${ctx(owners)}`);
    const id = owners.json.Resources[0].id;
    const res = await bulk([{ method: 'DELETE', path: `/Users/${id}` }]);
    assert.equal(res.status, 200, ctx(res));
    assert.equal(res.json.Operations[0].status, '409');
    assert.match(res.json.Operations[0].response.detail, /owner cannot be removed/);
    assert.equal((await get(`/Users/${id}`)).status, 200);
  });

  it('rejects a body without Operations with 400 invalidSyntax', async () => {
    assertScimError(await post('/Bulk', { schemas: [BULK] }), 400, 'invalidSyntax');
    assertScimError(await post('/Bulk', { schemas: [BULK], Operations: [] }), 400, 'invalidSyntax');
  });
});
