// The full provisioning lifecycle an IdP drives, as one ordered test:
// match (0 hits) → create → match (case-insensitive) → duplicate → deactivate
// → still visible → delete → gone → re-create with a new id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  URN, get, post, patch, del, uniqueUserName, userBody, patchBody, filterPath,
  assertStatus, assertScimContentType, assertScimError, assertListResponse, assertUserResource,
} from './lib/scim.mjs';

test('lifecycle: filter → POST → filter → 409 → deactivate → DELETE → re-POST', async (t) => {
  const userName = uniqueUserName('life');
  const byName = filterPath(`userName eq "${userName}"`);
  const byNameUpper = filterPath(`userName eq "${userName.toUpperCase()}"`);
  let first;
  // Steps run in order; once one fails the rest are skipped, not piled on.
  let failed = '';
  const step = (name, fn) => t.test(name, { skip: failed ? `step "${failed}" failed` : false }, async () => {
    try { await fn(); } catch (e) { failed = name; throw e; }
  });

  await step('1. filter for the userName → 200, totalResults 0', async () => {
    const list = assertListResponse(await get(byName));
    assert.equal(list.totalResults, 0);
    assert.equal(list.Resources.length, 0);
  });

  await step('2. POST /Users → 201', async () => {
    const res = await post('/Users', userBody({ userName, displayName: 'Life Cycle' }));
    assertStatus(res, 201);
    assertScimContentType(res);
    assertUserResource(res.json);
    assert.equal(res.json.active, true);
    first = res.json;
  });

  await step('3. same filter upper-cased → 1 result', async () => {
    const list = assertListResponse(await get(byNameUpper));
    assert.equal(list.totalResults, 1);
    assert.equal(list.Resources[0].id, first.id);
  });

  await step('4. POST again → 409 uniqueness', async () => {
    assertScimError(await post('/Users', userBody({ userName })), 409, 'uniqueness');
  });

  await step('5. PATCH active false (Okta form) → 200 "active": false', async () => {
    const res = await patch(`/Users/${first.id}`, patchBody({ op: 'replace', value: { active: false } }));
    assertStatus(res, 200);
    assert.equal(res.json.id, first.id);
    assert.equal(res.json.active, false);
  });

  await step('6. still returned by GET and by the filter, inactive', async () => {
    const g = await get(`/Users/${first.id}`);
    assertStatus(g, 200);
    assert.equal(g.json.active, false);
    const list = assertListResponse(await get(byName));
    assert.equal(list.totalResults, 1);
    assert.equal(list.Resources[0].id, first.id);
    assert.equal(list.Resources[0].active, false);
  });

  await step('7. DELETE → 204', async () => {
    const res = await del(`/Users/${first.id}`);
    assertStatus(res, 204);
    assert.equal(res.text, '');
  });

  await step('8. GET → 404, filter → 0 results', async () => {
    assertScimError(await get(`/Users/${first.id}`), 404);
    const list = assertListResponse(await get(byName));
    assert.equal(list.totalResults, 0, 'a removed user no longer matches');
  });

  await step('9. POST the same userName → 201 with a new id', async () => {
    const res = await post('/Users', userBody({ userName }));
    assertStatus(res, 201);
    assertUserResource(res.json);
    assert.notEqual(res.json.id, first.id, 'new id');
    assert.equal(res.json.active, true);
    assert.ok(res.json.schemas.includes(URN.user));
    const list = assertListResponse(await get(byName));
    assert.equal(list.totalResults, 1);
    assert.equal(list.Resources[0].id, res.json.id);
  });
});
