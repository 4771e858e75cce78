// Queries: filters over HTTP (RFC 7644 §3.4.2.2), sorting (§3.4.2.3),
// projection (§3.4.2.5), cursor paging (RFC 9865) and POST /.search
// (§3.4.3) on /Users, /Groups and the root.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  get, post, createUser, uniqueUserName, RUN, URN, filterPath,
  assertListResponse, assertScimError, ctx, ids,
} from './lib/scim.mjs';

const P = `q${RUN}`;                        // every user of this file starts with it
const scoped = (f) => `userName sw "${P}-" and (${f})`;
const search = (body) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], ...body });

async function find(f, extra = '') {
  return assertListResponse(await get(filterPath(scoped(f), extra)));
}

async function names(f, extra = '') {
  return (await find(f, extra)).Resources.map((r) => r.userName.split('-')[1].slice(0, 2));
}

let U = [];   // created users, in creation order
let G;        // a group with U[0] and U[1]

before(async () => {
  const spec = [
    { tag: 'aa', displayName: 'Alpha Apple', title: 'Engineer', userType: 'Employee', dept: 'Sales', emails: [['work', 'aa@example.com'], ['home', 'aa@home.test']] },
    // The primary address must be in a verified domain; example.org is not one.
    { tag: 'bb', displayName: 'beta Banana', userType: 'Intern', dept: 'sales', emails: [['home', 'bb@x.test', true], ['work', 'bb@example.org']] },
    { tag: 'cc', displayName: 'Gamma Cherry', title: 'Manager', dept: 'Eng', emails: [['home', 'cc@example.com']], active: false },
    { tag: 'dd', emails: [['work', 'dd@acme.test']] },
    { tag: 'ee', displayName: 'epsilon', userType: 'Employee', emails: [['work', 'EE@Example.COM']] },
  ];
  for (const s of spec) {
    const body = {
      userName: uniqueUserName(P).replace(`${P}-`, `${P}-${s.tag}`),
      externalId: `Ext-${P}-${s.tag}`,
      emails: s.emails.map(([type, value, primary]) => (primary ? { type, value, primary } : { type, value })),
    };
    for (const k of ['displayName', 'title', 'userType', 'active']) if (s[k] !== undefined) body[k] = s[k];
    if (s.dept) {
      body.schemas = [URN.user, URN.enterprise];
      body[URN.enterprise] = { department: s.dept, employeeNumber: `${s.tag}-1` };
    }
    U.push(await createUser(body));
  }
  const g = await post('/Groups', {
    schemas: [URN.group], displayName: `${P} group`,
    members: [{ value: U[0].id }, { value: U[1].id }],
  });
  assert.equal(g.status, 201, ctx(g));
  G = g.json;
});

describe('filters over HTTP', () => {
  const cases = [
    ['displayName co "an"', ['bb']],                   // Banana (case-insensitive)
    ['displayName sw "ALPHA"', ['aa']],
    ['displayName ew "rry"', ['cc']],
    ['title pr', ['aa', 'cc']],
    ['not (title pr)', ['bb', 'dd', 'ee']],
    ['userType eq "Employee" or title eq "Manager"', ['aa', 'cc', 'ee']],
    ['active eq false', ['cc']],
    ['emails co "example.com"', ['aa', 'cc', 'ee']],
    ['emails.value ew "@example.org"', ['bb']],
    ['emails[type eq "work" and value co "example"]', ['aa', 'bb', 'ee']],
    ['emails[type eq "work"].value eq "ee@example.com"', ['ee']],
    [`${URN.enterprise}:department eq "sales"`, ['aa', 'bb']],
    [`${URN.enterprise}:employeeNumber gt "bb-1"`, ['cc']],
    ['externalId eq "' + `Ext-${P}-cc` + '"', ['cc']],
    ['DISPLAYNAME EQ "EPSILON"', ['ee']],
    ['displayName gt "b" and displayName lt "f"', ['bb', 'ee']],
    ['meta.created gt "2000-01-01T00:00:00Z"', ['aa', 'bb', 'cc', 'dd', 'ee']],
  ];
  for (const [f, want] of cases) {
    it(f, async () => {
      assert.deepEqual((await names(f, '&sortBy=userName')).sort(), want);
    });
  }

  it('externalId is case-exact, userName is not', async () => {
    assert.equal((await find(`externalId eq "EXT-${P}-AA"`)).totalResults, 0);
    assert.equal((await find(`userName eq "${U[0].userName.toUpperCase()}"`)).totalResults, 1);
  });

  for (const bad of ['userName eqq "x"', 'nosuch eq "x"', 'emails[type eq "work"', 'active gt true']) {
    it(`invalid filter ${bad} → 400 invalidFilter`, async () => {
      assertScimError(await get(filterPath(bad)), 400, 'invalidFilter');
    });
  }
});

describe('sorting', () => {
  it('sortBy=userName ascending and descending', async () => {
    assert.deepEqual(await names('userName pr', '&sortBy=userName'), ['aa', 'bb', 'cc', 'dd', 'ee']);
    assert.deepEqual(await names('userName pr', '&sortBy=userName&sortOrder=descending'), ['ee', 'dd', 'cc', 'bb', 'aa']);
  });
  it('sortBy=displayName: missing values last ascending, first descending', async () => {
    assert.deepEqual(await names('userName pr', '&sortBy=displayName'), ['aa', 'bb', 'ee', 'cc', 'dd']);
    assert.deepEqual(await names('userName pr', '&sortBy=displayName&sortOrder=descending'), ['dd', 'cc', 'ee', 'bb', 'aa']);
  });
  it('unknown sortBy → 400 invalidValue', async () => {
    assertScimError(await get('/Users?sortBy=nosuch'), 400, 'invalidValue');
  });
});

describe('projection', () => {
  it('attributes=userName returns id, schemas and userName only', async () => {
    const r = (await find('userName pr', '&attributes=userName')).Resources[0];
    assert.deepEqual(Object.keys(r).sort(), ['id', 'schemas', 'userName']);
  });
  it('excludedAttributes=emails,meta drops them', async () => {
    const r = (await find('userName pr', '&excludedAttributes=emails,meta')).Resources[0];
    assert.equal(r.emails, undefined);
    assert.equal(r.meta, undefined);
    assert.ok(r.userName);
  });
  it('Groups excludedAttributes=members leaves members out', async () => {
    const f = encodeURIComponent(`displayName eq "${P} group"`);
    const full = assertListResponse(await get(`/Groups?filter=${f}`));
    assert.equal(full.Resources[0].members.length, 2);
    const lean = assertListResponse(await get(`/Groups?filter=${f}&excludedAttributes=members`));
    assert.equal(lean.Resources[0].members, undefined);
    assert.equal(lean.Resources[0].displayName, `${P} group`);
  });
});

describe('cursor paging (RFC 9865)', () => {
  it('ServiceProviderConfig advertises cursor and index paging', async () => {
    const spc = (await get('/ServiceProviderConfig')).json;
    assert.equal(spc.pagination.cursor, true);
    assert.equal(spc.pagination.index, true);
    assert.ok(Number.isInteger(spc.pagination.cursorTimeout));
  });

  it('a walk with count=2 returns every match once, nextCursor absent on the last page', async () => {
    const seen = [];
    let cursor = '';
    let pages = 0;
    for (;;) {
      const res = await get(filterPath(scoped('userName pr'), `&sortBy=userName&count=2&cursor=${cursor}`));
      assert.equal(res.status, 200, ctx(res));
      assert.equal(res.json.totalResults, 5);
      assert.ok(res.json.Resources.length <= 2);
      seen.push(...ids(res.json));
      pages += 1;
      if (res.json.nextCursor === undefined) break;
      assert.match(res.json.nextCursor, /^[A-Za-z0-9._~-]+$/, 'cursor uses unreserved characters only');
      cursor = res.json.nextCursor;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, U.map((u) => u.id));
  });

  it('a bare ?cursor asks for the first page', async () => {
    const res = await get(`${filterPath(scoped('userName pr'))}&cursor&count=1`);
    assert.equal(res.status, 200, ctx(res));
    assert.equal(res.json.Resources.length, 1);
    assert.ok(res.json.nextCursor);
  });

  it('previousCursor leads back to the previous page', async () => {
    const p1 = (await get(filterPath(scoped('userName pr'), '&count=2&cursor='))).json;
    const p2 = (await get(filterPath(scoped('userName pr'), `&count=2&cursor=${p1.nextCursor}`))).json;
    assert.ok(p2.previousCursor);
    const back = (await get(filterPath(scoped('userName pr'), `&count=2&cursor=${p2.previousCursor}`))).json;
    assert.deepEqual(ids(back), ids(p1));
  });

  it('a tampered cursor, or one used with another filter, is 400 invalidCursor', async () => {
    const p1 = (await get(filterPath(scoped('userName pr'), '&count=1&cursor='))).json;
    const c = p1.nextCursor;
    const bad = c.slice(0, 5) + (c[5] === 'A' ? 'B' : 'A') + c.slice(6);
    assertScimError(await get(filterPath(scoped('userName pr'), `&count=1&cursor=${bad}`)), 400, 'invalidCursor');
    assertScimError(await get(filterPath(scoped('title pr'), `&count=1&cursor=${c}`)), 400, 'invalidCursor');
    assertScimError(await get(`/Groups?count=1&cursor=${c}`), 400, 'invalidCursor');
  });

  it('startIndex with cursor is 400 invalidValue', async () => {
    assertScimError(await get('/Users?cursor=&startIndex=2'), 400, 'invalidValue');
  });
});

describe('POST /.search', () => {
  it('/Users/.search answers as GET /Users does', async () => {
    const res = await post('/Users/.search', search({
      filter: scoped('emails co "example"'), sortBy: 'userName', sortOrder: 'descending',
      attributes: ['userName'], startIndex: 1, count: 2,
    }));
    const list = assertListResponse(res);
    assert.equal(list.totalResults, 4);
    assert.deepEqual(ids(list), [U[4].id, U[2].id]);
    assert.deepEqual(Object.keys(list.Resources[0]).sort(), ['id', 'schemas', 'userName']);
  });

  it('/Users/.search pages with cursors', async () => {
    const body = search({ filter: scoped('userName pr'), count: 3, cursor: '' });
    const p1 = (await post('/Users/.search', body)).json;
    const p2 = (await post('/Users/.search', { ...body, cursor: p1.nextCursor })).json;
    assert.deepEqual([...ids(p1), ...ids(p2)], U.map((u) => u.id));
    assert.equal(p2.nextCursor, undefined);
  });

  it('/Groups/.search with excludedAttributes', async () => {
    const list = assertListResponse(await post('/Groups/.search', search({
      filter: `displayName eq "${P} group"`, excludedAttributes: ['members'],
    })));
    assert.deepEqual(ids(list), [G.id]);
    assert.equal(list.Resources[0].members, undefined);
  });

  it('root /.search returns Users then Groups; a filter attribute of one type does not match the other', async () => {
    const filter = `userName sw "${P}-a" or displayName eq "${P} group"`;
    const list = assertListResponse(await post('/.search', search({ filter })));
    assert.deepEqual(ids(list), [U[0].id, G.id]);
    assert.equal(list.Resources[0].meta.resourceType, 'User');
    assert.equal(list.Resources[1].meta.resourceType, 'Group');
  });

  it('root /.search pages across both types, by index and by cursor', async () => {
    const filter = `userName sw "${P}-" or displayName eq "${P} group"`;
    const want = [...U.map((u) => u.id), G.id];
    const byIndex = [];
    for (let start = 1; start <= 6; start += 4) {
      const list = assertListResponse(await post('/.search', search({ filter, startIndex: start, count: 4 })));
      assert.equal(list.totalResults, 6);
      byIndex.push(...ids(list));
    }
    assert.deepEqual(byIndex, want);
    for (const count of [1, 5, 6]) {
      const byCursor = [];
      let cursor = '';
      for (let i = 0; i < 10; i++) {
        const res = await post('/.search', search({ filter, count, cursor }));
        assert.equal(res.status, 200, ctx(res));
        byCursor.push(...ids(res.json));
        if (res.json.nextCursor === undefined) break;
        cursor = res.json.nextCursor;
      }
      assert.deepEqual(byCursor, want, `count=${count}`);
    }
  });

  it('an attribute neither type has is 400 invalidFilter; a body without the SearchRequest schema is 400', async () => {
    assertScimError(await post('/.search', search({ filter: 'nosuch eq "x"' })), 400, 'invalidFilter');
    assertScimError(await post('/Users/.search', { filter: 'userName pr' }), 400, 'invalidSyntax');
    const res = await get('/Users/.search');
    assert.equal(res.status, 405, ctx(res));
  });
});
