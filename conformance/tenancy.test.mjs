// Tenant isolation: a token is bound to one org; org B can neither see nor
// touch org A's users. Needs SCIM_TOKEN_B (a token of another org).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  URN, TOKEN_B, requireTokenB, get, put, patch, del, createUser, patchBody, filterPath,
  assertStatus, assertScimError, assertListResponse,
} from './lib/scim.mjs';

requireTokenB();

describe('tenant isolation (token A vs token B)', () => {
  let u;
  const B = { token: TOKEN_B };

  before(async () => {
    u = await createUser({
      schemas: [URN.user, URN.enterprise],
      displayName: 'Org A Only', externalId: `tenant-a-${Date.now()}`,
      [URN.enterprise]: { department: 'A' },
    });
  });

  it('token B is a valid token (ServiceProviderConfig answers 200)', async () => {
    assertStatus(await get('/ServiceProviderConfig', B), 200);
    assertListResponse(await get('/Users?count=1', B));
  });

  it('GET with token B → 404', async () => {
    assertScimError(await get(`/Users/${u.id}`, B), 404);
  });

  it('filters with token B find nothing', async () => {
    for (const f of [
      `userName eq "${u.userName}"`,
      `userName eq "${u.userName.toUpperCase()}"`,
      `id eq "${u.id}"`,
      `externalId eq "${u.externalId}"`,
      `emails.value eq "${u.emails[0].value}"`,
    ]) {
      const list = assertListResponse(await get(filterPath(f), B));
      assert.equal(list.totalResults, 0, `token B must not see org A's user via ${f}`);
      assert.equal(list.Resources.length, 0);
    }
  });

  it('org A users do not appear in org B listing pages', async () => {
    const list = assertListResponse(await get('/Users?startIndex=1&count=100', B));
    assert.ok(!list.Resources.some((r) => r.id === u.id), 'org A user not listed for token B');
  });

  it('PUT with token B → 404', async () => {
    const res = await put(`/Users/${u.id}`, {
      schemas: [URN.user], userName: u.userName, displayName: 'Hijacked by B', active: false,
    }, B);
    assertScimError(res, 404);
  });

  it('PATCH with token B → 404 (deactivation and update)', async () => {
    assertScimError(await patch(`/Users/${u.id}`, patchBody({ op: 'replace', value: { active: false } }), B), 404);
    assertScimError(await patch(`/Users/${u.id}`,
      patchBody({ op: 'Replace', path: 'displayName', value: 'Hijacked by B' }), B), 404);
  });

  it('DELETE with token B → 404', async () => {
    assertScimError(await del(`/Users/${u.id}`, B), 404);
  });

  it('the user is unchanged afterwards (checked with token A)', async () => {
    const g = await get(`/Users/${u.id}`);
    assertStatus(g, 200);
    assert.deepEqual(g.json, u, 'resource identical to the created one, meta.version included');
    assert.equal(g.json.active, true);
    assert.equal(g.json.displayName, 'Org A Only');
  });
});
