// Users: filtering and paging (RFC 7644 §3.4.2.2, §3.4.2.4).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  get, createUser, uniqueUserName, uid, filterPath, patch, patchBody,
  assertListResponse, assertScimError, assertUserResource, ctx, ids,
} from './lib/scim.mjs';

function assertEmptyList(res, t) {
  const list = assertListResponse(res);
  assert.equal(list.totalResults, 0, `totalResults 0: ${ctx(res)}`);
  assert.equal(list.itemsPerPage, 0, 'itemsPerPage 0');
  assert.equal(list.startIndex, 1, 'startIndex 1');
  assert.equal(list.Resources.length, 0, 'no Resources');
  if (res.json.Resources === undefined && t) t.diagnostic('Resources absent on an empty list (allowed; [] preferred)');
}

describe('filter', () => {
  let u;
  before(async () => {
    u = await createUser({ externalId: `ExtId-${uid()}`, displayName: 'Filter Target' });
  });

  it('zero hits → 200 empty ListResponse, never 404 (Entra test connection with a GUID)', async (t) => {
    assertEmptyList(await get(filterPath(`userName eq "${randomUUID()}"`)), t);
    assertEmptyList(await get(filterPath(`userName eq "${uniqueUserName('nobody')}"`)), t);
  });

  it('zero hits with Okta paging parameters → 200 empty ListResponse with integers', async (t) => {
    const res = await get(filterPath(`userName eq "${uniqueUserName('nobody')}"`, '&startIndex=1&count=100'));
    assertEmptyList(res, t);
    assert.match(res.text, /"startIndex"\s*:\s*1\b/, 'startIndex serialised as the number 1');
  });

  it('userName eq finds the user', async () => {
    const list = assertListResponse(await get(filterPath(`userName eq "${u.userName}"`)));
    assert.equal(list.totalResults, 1);
    assert.equal(list.Resources[0].id, u.id);
    assertUserResource(list.Resources[0], { id: u.id });
    assert.deepEqual(list.Resources[0], u, 'filtered resource equals the created one');
  });

  it('userName eq is case-insensitive (upper-cased value finds the user)', async () => {
    const list = assertListResponse(await get(filterPath(`userName eq "${u.userName.toUpperCase()}"`)));
    assert.equal(list.totalResults, 1);
    assert.equal(list.Resources[0].id, u.id);
    assert.equal(list.Resources[0].userName, u.userName, 'userName returned as stored');
  });

  it('attribute names and operators are case-insensitive (USERNAME EQ)', async () => {
    const list = assertListResponse(await get(filterPath(`USERNAME EQ "${u.userName}"`)));
    assert.equal(list.totalResults, 1);
    assert.equal(list.Resources[0].id, u.id);
  });

  it('externalId eq is case-exact', async () => {
    const hit = assertListResponse(await get(filterPath(`externalId eq "${u.externalId}"`)));
    assert.equal(hit.totalResults, 1);
    assert.equal(hit.Resources[0].id, u.id);
    const miss = assertListResponse(await get(filterPath(`externalId eq "${u.externalId.toUpperCase()}"`)));
    assert.equal(miss.totalResults, 0, 'a different-case externalId does not match');
  });

  it('id eq finds the user', async () => {
    const list = assertListResponse(await get(filterPath(`id eq "${u.id}"`)));
    assert.equal(list.totalResults, 1);
    assert.equal(list.Resources[0].id, u.id);
  });

  it('emails.value eq finds the user', async () => {
    const list = assertListResponse(await get(filterPath(`emails.value eq "${u.emails[0].value}"`)));
    assert.equal(list.totalResults, 1);
    assert.equal(list.Resources[0].id, u.id);
  });

  it('and joins conditions', async () => {
    const hit = assertListResponse(await get(filterPath(`userName eq "${u.userName}" and externalId eq "${u.externalId}"`)));
    assert.equal(hit.totalResults, 1);
    assert.equal(hit.Resources[0].id, u.id);
    const miss = assertListResponse(await get(filterPath(`userName eq "${u.userName}" and externalId eq "other-${uid()}"`)));
    assert.equal(miss.totalResults, 0);
  });

  it('emails[type eq "work"].value eq finds the user (Entra matching attribute)', {
  }, async () => {
    const list = assertListResponse(await get(filterPath(`emails[type eq "work"].value eq "${u.emails[0].value}"`)));
    assert.equal(list.totalResults, 1);
    assert.equal(list.Resources[0].id, u.id);
  });

  it('a deactivated user is still found, with active:false', async () => {
    const d = await createUser();
    const p = await patch(`/Users/${d.id}`, patchBody({ op: 'replace', path: 'active', value: false }));
    assert.equal(p.status, 200, ctx(p));
    const list = assertListResponse(await get(filterPath(`userName eq "${d.userName}"`)));
    assert.equal(list.totalResults, 1);
    assert.equal(list.Resources[0].active, false);
  });

  for (const bad of [
    'userName eq',
    'userName "x@x.test"',
    'userName zz "x@x.test"',
    'userName eq "unterminated',
    '(userName eq "x@x.test"',
    'userName eq "a" and',
    'and',
  ]) {
    it(`bad filter → 400 invalidFilter: ${bad}`, async () => {
      assertScimError(await get(filterPath(bad)), 400, 'invalidFilter');
    });
  }
});

describe('paging', () => {
  // Five users sharing a secondary email value, so that one eq filter selects
  // exactly them however many other users the org holds.
  const N = 5;
  let shared;
  let created;
  const sel = (extra) => filterPath(`emails.value eq "${shared}"`, extra);

  before(async () => {
    shared = uniqueUserName('page-shared');
    created = [];
    for (let i = 0; i < N; i += 1) {
      const userName = uniqueUserName(`page${i}`);
      created.push(await createUser({
        emails: [{ value: userName, type: 'work', primary: true }, { value: shared, type: 'other' }],
      }));
    }
  });

  async function walk(count) {
    const seen = [];
    let total;
    for (let start = 1; start <= N + count; start += count) {
      const res = await get(sel(`&startIndex=${start}&count=${count}`));
      const page = assertListResponse(res);
      assert.equal(page.startIndex, start, `startIndex echoes the request: ${ctx(res)}`);
      if (total === undefined) total = page.totalResults;
      assert.equal(page.totalResults, total, 'totalResults is the same on every page');
      const expected = Math.max(0, Math.min(count, total - (start - 1)));
      assert.equal(page.Resources.length, expected, `page at ${start} holds ${expected} resources: ${ctx(res)}`);
      seen.push(...ids(page));
    }
    return { seen, total };
  }

  it('the selection filter returns all the users of this test', async () => {
    const res = await get(sel(''));
    const list = assertListResponse(res);
    assert.equal(list.totalResults, N, ctx(res));
    assert.deepEqual(new Set(ids(list)), new Set(created.map((c) => c.id)));
  });

  it('walking pages of 2 returns every user exactly once, in a stable order', async () => {
    const a = await walk(2);
    assert.equal(a.total, N, 'totalResults counts all matches');
    assert.equal(a.seen.length, N, `every user seen once: ${a.seen.join(', ')}`);
    assert.equal(new Set(a.seen).size, N, 'no duplicates across pages');
    assert.deepEqual(new Set(a.seen), new Set(created.map((c) => c.id)), 'exactly the created users');
    const b = await walk(2);
    assert.deepEqual(b.seen, a.seen, 'same order on a second walk');
    const c = await walk(3);
    assert.deepEqual(c.seen, a.seen, 'same order with another page size');
    const whole = assertListResponse(await get(sel('&startIndex=1&count=50')));
    assert.deepEqual(ids(whole), a.seen, 'same order as one big page');
  });

  it('a page past the end is empty but keeps totalResults', async () => {
    const res = await get(sel(`&startIndex=${N + 1}&count=2`));
    const page = assertListResponse(res);
    assert.equal(page.totalResults, N);
    assert.equal(page.startIndex, N + 1);
    assert.equal(page.itemsPerPage, 0);
    assert.equal(page.Resources.length, 0);
  });

  it('count=0 returns totalResults only, no resources', async () => {
    const res = await get(sel('&count=0'));
    const page = assertListResponse(res);
    assert.equal(page.totalResults, N);
    assert.equal(page.itemsPerPage, 0);
    assert.equal(page.Resources.length, 0, `no Resources with count=0: ${ctx(res)}`);
  });

  it('startIndex below 1 is interpreted as 1', async () => {
    const page = assertListResponse(await get(sel('&startIndex=0&count=2')));
    assert.equal(page.startIndex, 1);
    assert.equal(page.Resources.length, 2);
  });

  it('a huge count is capped, not an error', async () => {
    const page = assertListResponse(await get(sel('&count=1000000')));
    assert.equal(page.totalResults, N);
    assert.equal(page.Resources.length, N);
  });
});

describe('listing without a filter', () => {
  it('Okta credential probe GET /Users?startIndex=1&count=2', async () => {
    await createUser();
    const res = await get('/Users?startIndex=1&count=2');
    const page = assertListResponse(res);
    assert.equal(page.startIndex, 1);
    assert.ok(page.totalResults >= 1, 'the org has at least the user just created');
    assert.ok(page.Resources.length >= 1 && page.Resources.length <= 2, `1..2 resources: ${ctx(res)}`);
    for (const r of page.Resources) assertUserResource(r);
  });

  it('Google probe GET /Users?count=1', async () => {
    const page = assertListResponse(await get('/Users?count=1'));
    assert.ok(page.Resources.length <= 1);
  });

  it('itemsPerPage never exceeds filter.maxResults', async () => {
    const spc = await get('/ServiceProviderConfig');
    const max = spc.json?.filter?.maxResults;
    assert.ok(Number.isInteger(max), 'filter.maxResults advertised');
    const page = assertListResponse(await get(`/Users?count=${max + 1000}`));
    assert.ok(page.itemsPerPage <= max, `itemsPerPage ${page.itemsPerPage} <= maxResults ${max}`);
  });
});
