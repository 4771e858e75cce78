// conformance/input-nul.test.mjs: a NUL decoded from the request line
// (%00 in a path segment or in any query parameter) is refused with 400
// invalidValue before anything runs, as a NUL in a JSON body is: as a C
// string the value would silently end at the NUL (issue 11, case 11).
// A raw NUL in a header value never reaches scimd: libevent's header
// parser ends the value there, so it is not tested here (see README).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Org, BASE_URL, assertError, assertStatus, ctx,
} from './lib/lifecycle.mjs';

const org = Org.create();
const scim = org.scim();
const user = await scim.createUser(org.email('nul'));
const q = encodeURIComponent;

function assertNul(res, what) {
  const body = assertError(res, 400, /NUL character/, what);
  assert.equal(body.scimType, 'invalidValue', ctx(res));
  assert.match(body.detail, what === 'path' ? /the path/ : /query parameter/, ctx(res));
}

test('%00 in a query parameter: 400 invalidValue', async (t) => {
  const cases = {
    filter: `/Users?filter=${q(`userName eq "${user.userName}`)}%00${q('x"')}`,
    'filter at the end': `/Users?filter=${q(`userName eq "${user.userName}"`)}%00`,
    attributes: `/Users/${user.id}?attributes=userName%00emails`,
    excludedAttributes: `/Users?excludedAttributes=emails%00`,
    sortBy: '/Users?sortBy=userName%00x',
    sortOrder: '/Users?sortOrder=ascending%00',
    startIndex: '/Users?startIndex=1%00',
    count: '/Users?count=1%000',
    cursor: '/Users?cursor=%00',
    'a parameter scimd does not read': '/Users?unknown=a%00b',
    'a parameter name': '/Users?fil%00ter=x',
    'a bare key': '/Users?cursor%00',
  };
  for (const [name, path] of Object.entries(cases)) {
    await t.test(name, async () => {
      assertNul(await scim.get(path), 'query');
    });
  }
  await t.test('the same requests without the NUL are answered', async () => {
    const res = await scim.get(`/Users?filter=${q(`userName eq "${user.userName}"`)}&sortBy=userName&count=1&attributes=userName`);
    assertStatus(res, 200);
    assert.equal(res.json.totalResults, 1, ctx(res));
  });
});

test('%00 in a path segment: 400 invalidValue, not a lookup of the cut id', async (t) => {
  await t.test('GET /Users/abc%00def', async () => {
    assertNul(await scim.get('/Users/abc%00def'), 'path');
  });
  await t.test('an existing id with a NUL suffix is not that user', async () => {
    assertNul(await scim.get(`/Users/${user.id}%00x`), 'path');
    assertNul(await scim.del(`/Users/${user.id}%00`), 'path');
    assertStatus(await scim.get(`/Users/${user.id}`), 200, 'the user is still there');
  });
  await t.test('a NUL in a fixed segment, and without a token', async () => {
    assertNul(await scim.get('/Us%00ers'), 'path');
    const res = await fetch(`${BASE_URL}/Groups/%00`);
    const body = await res.json();
    assert.equal(res.status, 400);
    assert.equal(body.scimType, 'invalidValue');
  });
});
