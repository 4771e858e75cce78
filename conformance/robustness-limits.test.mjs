// conformance/robustness-limits.test.mjs: values longer than the schema
// allows are refused with 400 naming the attribute, before storage could
// overflow an index row with a 500 (issue 11, case 9).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  post, put, patch, get, createUser, userBody, uid, patchBody, URN,
  assertStatus, assertScimError, ctx,
} from './lib/scim.mjs';

const long = (n, c = 'a') => c.repeat(n);

function assertTooLong(res, attr) {
  const j = assertScimError(res, 400, 'invalidValue');
  assert.ok(j.detail.includes(`"${attr}"`), `detail names ${attr}: ${ctx(res)}`);
}

describe('length limits of indexed and name attributes', () => {
  it('POST /Users with a 3,000-character userName: 400 naming userName', async () => {
    const res = await post('/Users', userBody({ userName: `${long(3000)}@x.test` }));
    assertTooLong(res, 'userName');
  });

  it('POST /Users with a 5,000-character displayName or externalId: 400', async () => {
    assertTooLong(await post('/Users', userBody({ displayName: long(5000) })), 'displayName');
    assertTooLong(await post('/Users', userBody({ externalId: long(5000) })), 'externalId');
  });

  it('characters, not bytes, are counted: values at the limits in 4-byte characters are stored', async () => {
    // 4 bytes each: the worst case for the btree rows of the indexed columns.
    const p = uid();
    const userName = p + long(256 - p.length, '\u{1F600}');
    const u = await createUser({ userName, displayName: long(512, '\u{1F600}'), externalId: long(512, '\u{1F600}') });
    assert.equal([...u.userName].length, 256);
    assert.equal([...u.externalId].length, 512);
    assertTooLong(await post('/Users', userBody({ userName: long(257, '\u20ac') })), 'userName');
  });

  it('an email value over 320 characters and a long name part: 400 naming the sub-attribute', async () => {
    const body = userBody();
    body.emails = [{ value: `${long(400)}@x.test`, type: 'work' }];
    assertTooLong(await post('/Users', body), 'emails.value');
    assertTooLong(await post('/Users', userBody({ name: { givenName: long(1025) } })), 'name.givenName');
  });

  it('PUT and PATCH are held to the same limits', async () => {
    const u = await createUser();
    assertTooLong(await put(`/Users/${u.id}`, { ...userBody({ userName: u.userName }), externalId: long(5000) }), 'externalId');
    assertTooLong(await patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: 'displayName', value: long(5000) })), 'displayName');
    assertTooLong(await patch(`/Users/${u.id}`, patchBody({ op: 'replace', value: { externalId: long(5000) } })), 'externalId');
    assertStatus(await get(`/Users/${u.id}`), 200);
  });

  it('POST /Groups with a 5,000-character displayName: 400', async () => {
    const res = await post('/Groups', { schemas: [URN.group], displayName: long(5000) });
    assertTooLong(res, 'displayName');
  });
});
