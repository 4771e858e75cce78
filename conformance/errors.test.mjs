// Error responses (RFC 7644 §3.12): every failure is a SCIM Error JSON body
// with status as a string, scimType where defined, application/scim+json.
// The last test checks the server still answers after all the bad requests.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  URN, TOKEN, request, rawRequest, get, post, createUser, userBody, uniqueUserName,
  assertStatus, assertScimError, ctx,
} from './lib/scim.mjs';

describe('request body errors', () => {
  it('invalid JSON → 400 invalidSyntax', async () => {
    for (const raw of ['{"schemas": [', '{userName: "x"}', 'not json at all', '']) {
      const res = await request('POST', '/Users', {
        rawBody: raw, headers: { 'Content-Type': 'application/scim+json' },
      });
      assertScimError(res, 400, 'invalidSyntax');
    }
  });

  it('a JSON body that is not an object → 400', async () => {
    for (const raw of ['[]', '"user"', '42', 'null']) {
      const res = await request('POST', '/Users', { rawBody: raw });
      assertScimError(res, 400);
    }
  });

  it('missing userName → 400 invalidValue', async () => {
    const body = userBody();
    delete body.userName;
    assertScimError(await post('/Users', body), 400, 'invalidValue');
  });

  it('empty userName → 400 invalidValue', async () => {
    assertScimError(await post('/Users', userBody({ userName: '' })), 400, 'invalidValue');
  });

  it('userName: 42 → 400 invalidValue', async () => {
    assertScimError(await post('/Users', userBody({ userName: 42 })), 400, 'invalidValue');
  });

  it('active: "maybe" → 400 invalidValue', async () => {
    assertScimError(await post('/Users', userBody({ active: 'maybe' })), 400, 'invalidValue');
  });

  it('emails: "x" → 400 invalidValue', async () => {
    assertScimError(await post('/Users', userBody({ emails: 'x' })), 400, 'invalidValue');
  });

  it('name: "string" (complex expected) → 400 invalidValue', async () => {
    assertScimError(await post('/Users', userBody({ name: 'Just A String' })), 400, 'invalidValue');
  });

  it('a rejected create leaves no user behind', async () => {
    const userName = uniqueUserName('rejected');
    assertScimError(await post('/Users', userBody({ userName, active: 'maybe' })), 400, 'invalidValue');
    // The same userName is still free.
    const ok = await post('/Users', userBody({ userName }));
    assertStatus(ok, 201);
  });

  it('PUT with a wrong type → 400 invalidValue, user unchanged', async () => {
    const u = await createUser({ displayName: 'Keep Me' });
    const res = await request('PUT', `/Users/${u.id}`, { body: { schemas: [URN.user], userName: 42 } });
    assertScimError(res, 400, 'invalidValue');
    const g = await get(`/Users/${u.id}`);
    assert.equal(g.json.displayName, 'Keep Me', ctx(g));
  });

  it('body over 1 MiB → 413 SCIM Error (still JSON)', async () => {
    const big = JSON.stringify(userBody({ displayName: 'x'.repeat(1024 * 1024 + 16) }));
    const res = await rawRequest('POST', '/Users', { body: big });
    assertScimError(res, 413);
  });
});

describe('authentication errors → 401 with WWW-Authenticate: Bearer', () => {
  const cases = [
    ['no Authorization header', { token: null }],
    ['unknown bearer token', { token: `nope-${uniqueUserName('tok')}` }],
    ['empty bearer token', { token: null, headers: { Authorization: 'Bearer ' } }],
    ['"Bearer" without a token', { token: null, headers: { Authorization: 'Bearer' } }],
    ['Basic scheme', { token: null, headers: { Authorization: `Basic ${Buffer.from('user:pass').toString('base64')}` } }],
    ['token without a scheme', { token: null, headers: { Authorization: TOKEN } }],
    ['token with trailing garbage', { token: `${TOKEN}x` }],
  ];
  for (const [name, opts] of cases) {
    it(`${name} → 401`, async () => {
      const res = await get('/Users', opts);
      assertScimError(res, 401);
      const wa = res.headers.get('www-authenticate') || '';
      assert.match(wa, /Bearer/i, `WWW-Authenticate contains "Bearer": "${wa}"`);
    });
  }

  it('a write without a token → 401 and creates nothing', async () => {
    const userName = uniqueUserName('noauth');
    const res = await post('/Users', userBody({ userName }), { token: null });
    assertScimError(res, 401);
    const ok = await post('/Users', userBody({ userName }));
    assertStatus(ok, 201);
  });
});

describe('routing errors', () => {
  it('unknown route GET /scim/v2/Nope → 404 SCIM Error', async () => {
    assertScimError(await get('/Nope'), 404);
  });

  it('unknown nested route GET /Users/{id}/nope → 404 SCIM Error', async () => {
    const u = await createUser();
    assertScimError(await get(`/Users/${u.id}/nope`), 404);
  });

  it('DELETE /Users (collection) → 405 SCIM Error', async () => {
    assertScimError(await request('DELETE', '/Users'), 405);
  });

  it('PUT /ServiceProviderConfig → 405 SCIM Error', async () => {
    const res = await request('PUT', '/ServiceProviderConfig', {
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'] },
    });
    assertScimError(res, 405);
  });

  it('PATCH /Users (collection) → 405 SCIM Error', async () => {
    const res = await request('PATCH', '/Users', {
      body: { schemas: [URN.patch], Operations: [{ op: 'replace', path: 'active', value: false }] },
    });
    assertScimError(res, 405);
  });

  it('POST /Users/{id} → 405 SCIM Error', async () => {
    const u = await createUser();
    assertScimError(await post(`/Users/${u.id}`, userBody()), 405);
  });
});

describe('the server survived', () => {
  it('GET /healthz still answers 200 after all the bad requests', async () => {
    const res = await get('/healthz', { root: true, token: null });
    assertStatus(res, 200);
    const g = await get('/ServiceProviderConfig');
    assertStatus(g, 200);
  });
});
