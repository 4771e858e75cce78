// conformance/domains.test.mjs: the verified-domain rule covers the primary
// email as well as the userName, on create and on every change.
// Org A (SCIM_TOKEN) must verify SCIM_DOMAIN (default x.test) and not
// allow outside members.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { get, post, patch, uniqueUserName, assertScimError, ctx, URN } from './lib/scim.mjs';

const OUTSIDE = 'outside-domain.invalid';

describe('verified domains', () => {
  it('refuses a primary email outside the verified domains, naming the domain', async () => {
    const res = await post('/Users', {
      schemas: [URN.user], userName: uniqueUserName('dom'),
      emails: [{ value: `ceo@${OUTSIDE}`, type: 'work', primary: true }],
    });
    assertScimError(res, 403);
    assert.match(res.json.detail, new RegExp(OUTSIDE.replace(/\./g, '\\.')));
  });

  it('accepts an outside address that is not the primary one', async () => {
    const userName = uniqueUserName('dom');
    const res = await post('/Users', {
      schemas: [URN.user], userName,
      emails: [{ value: userName, type: 'work', primary: true },
        { value: `home@${OUTSIDE}`, type: 'home' }],
    });
    assert.equal(res.status, 201, ctx(res));
  });

  it('refuses a PATCH that moves the primary email outside, and changes nothing', async () => {
    const userName = uniqueUserName('dom');
    const created = await post('/Users', {
      schemas: [URN.user], userName, emails: [{ value: userName, type: 'work', primary: true }],
    });
    assert.equal(created.status, 201, ctx(created));
    const before = await get(`/Users/${created.json.id}`);
    const res = await patch(`/Users/${created.json.id}`, {
      schemas: [URN.patch],
      Operations: [{ op: 'replace', path: 'emails[type eq "work"].value', value: `x@${OUTSIDE}` }],
    });
    assertScimError(res, 403);
    const after = await get(`/Users/${created.json.id}`);
    assert.deepEqual(after.json, before.json);
  });
});
