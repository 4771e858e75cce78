// Tenant isolation on the write paths of Users and Groups: a token of org B
// gets 404 for PATCH/PUT/DELETE of org A's user and group (with and without
// If-Match, even with org A's current tag), never 304/412/2xx, and org A's
// resources stay byte-for-byte unchanged. Needs SCIM_TOKEN_B.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  URN, TOKEN_B, requireTokenB, get, post, put, patch, del, createUser, uid, patchBody,
  assertScimError, assertStatus, ctx,
} from './lib/scim.mjs';
import {
  createGroup, uniqueGroupName, snapshot, assertUnchanged, assertMembers, groupMemberIds,
} from './lib/updates.mjs';

requireTokenB();

// Org B's verified domain (for the cross-tenant member tests).
const DOMAIN_B = process.env.SCIM_DOMAIN_B || 'y.test';

describe('tenant isolation of PATCH/PUT/DELETE (token B on org A resources)', () => {
  const B = { token: TOKEN_B };
  const BIM = (tag) => ({ token: TOKEN_B, headers: { 'If-Match': tag } });
  let u, member, g, uSnap, gSnap;

  before(async () => {
    member = await createUser();
    u = await createUser({ displayName: 'Org A Writes', schemas: [URN.user, URN.enterprise], [URN.enterprise]: { department: 'A' } });
    g = await createGroup({ displayName: uniqueGroupName('orgA'), members: [{ value: member.id }, { value: u.id }] });
    uSnap = await snapshot(`/Users/${u.id}`);
    gSnap = await snapshot(`/Groups/${g.id}`);
  });

  after(async () => {
    if (!u) return;
    await assertUnchanged(`/Users/${u.id}`, uSnap, "token B's attempts");
    await assertUnchanged(`/Groups/${g.id}`, gSnap, "token B's attempts");
  });

  const userWrites = () => [
    ['PATCH Okta deactivate', (o) => patch(`/Users/${u.id}`, patchBody({ op: 'replace', value: { active: false } }), o)],
    ['PATCH Entra "False"', (o) => patch(`/Users/${u.id}`, patchBody({ op: 'Replace', path: 'active', value: 'False' }), o)],
    ['PATCH displayName', (o) => patch(`/Users/${u.id}`, patchBody({ op: 'Replace', path: 'displayName', value: 'Hijacked' }), o)],
    ['PATCH with ?attributes=', (o) => patch(`/Users/${u.id}?attributes=displayName`, patchBody({ op: 'Replace', path: 'displayName', value: 'Hijacked' }), o)],
    ['PUT', (o) => put(`/Users/${u.id}`, { schemas: [URN.user], userName: u.userName, displayName: 'Hijacked', active: false }, o)],
    ['DELETE', (o) => del(`/Users/${u.id}`, o)],
  ];
  const groupWrites = () => [
    ['PATCH rename', (o) => patch(`/Groups/${g.id}`, patchBody({ op: 'replace', value: { id: g.id, displayName: 'Hijacked' } }), o)],
    ['PATCH Entra legacy remove', (o) => patch(`/Groups/${g.id}`, patchBody({ op: 'Remove', path: 'members', value: [{ value: member.id }] }), o)],
    ['PATCH value-less remove members', (o) => patch(`/Groups/${g.id}`, patchBody({ op: 'remove', path: 'members' }), o)],
    ['PATCH replace members []', (o) => patch(`/Groups/${g.id}?excludedAttributes=members`, patchBody({ op: 'replace', path: 'members', value: [] }), o)],
    ['PUT', (o) => put(`/Groups/${g.id}`, { schemas: [URN.group], displayName: 'Hijacked', members: [] }, o)],
    ['DELETE', (o) => del(`/Groups/${g.id}`, o)],
  ];

  it('User: every write with token B → 404', async () => {
    for (const [name, fn] of userWrites()) {
      const res = await fn(B);
      assertScimError(res, 404);
      assert.ok(res.status === 404, `${name}: ${ctx(res)}`);
    }
    await assertUnchanged(`/Users/${u.id}`, uSnap, 'token B user writes');
  });

  it('User: every write with token B and If-Match (org A\'s current tag, an old tag, "*") → 404, never 412', async () => {
    for (const tag of [uSnap.json.meta.version, 'W/"0"', '*']) {
      for (const [name, fn] of userWrites()) {
        const res = await fn(BIM(tag));
        assert.equal(res.status, 404, `${name} with If-Match ${tag}: ${ctx(res)}`);
        assertScimError(res, 404);
      }
    }
    await assertUnchanged(`/Users/${u.id}`, uSnap, 'token B user writes with If-Match');
  });

  it('Group: every write with token B → 404', async () => {
    for (const [name, fn] of groupWrites()) {
      const res = await fn(B);
      assert.equal(res.status, 404, `${name}: ${ctx(res)}`);
      assertScimError(res, 404);
    }
    await assertUnchanged(`/Groups/${g.id}`, gSnap, 'token B group writes');
  });

  it('Group: every write with token B and If-Match → 404, never 412', async () => {
    for (const tag of [gSnap.json.meta.version, 'W/"0"', '*']) {
      for (const [name, fn] of groupWrites()) {
        const res = await fn(BIM(tag));
        assert.equal(res.status, 404, `${name} with If-Match ${tag}: ${ctx(res)}`);
        assertScimError(res, 404);
      }
    }
    await assertUnchanged(`/Groups/${g.id}`, gSnap, 'token B group writes with If-Match');
  });

  it('GET with token B and If-None-Match (current tag, "*") → 404, never 304', async () => {
    for (const tag of [uSnap.json.meta.version, '*']) {
      const r = await get(`/Users/${u.id}`, { token: TOKEN_B, headers: { 'If-None-Match': tag } });
      assert.equal(r.status, 404, `user, If-None-Match ${tag}: ${ctx(r)}`);
    }
    for (const tag of [gSnap.json.meta.version, '*']) {
      const r = await get(`/Groups/${g.id}`, { token: TOKEN_B, headers: { 'If-None-Match': tag } });
      assert.equal(r.status, 404, `group, If-None-Match ${tag}: ${ctx(r)}`);
    }
  });

  it('token A can still write its resources afterwards (the 404s were not a broken server)', async () => {
    // on a fresh user/group, so the after() comparison of u and g stays valid
    const x = await createUser();
    const res = await patch(`/Users/${x.id}`, patchBody({ op: 'replace', path: 'displayName', value: 'A ok' }));
    assertStatus(res, 200);
    const gx = await createGroup();
    assertStatus(await patch(`/Groups/${gx.id}`, patchBody({ op: 'add', path: 'members', value: [{ value: x.id }] })), 204);
    await assertMembers(gx.id, [x.id]);
  });
});

describe('cross-tenant member ids in group writes', () => {
  const B = { token: TOKEN_B };
  let bUser;

  before(async () => {
    const res = await post('/Users', {
      schemas: [URN.user], userName: `u-${uid()}@${DOMAIN_B}`.toLowerCase(),
    }, B);
    assert.equal(res.status, 201, `create a user in org B (is SCIM_DOMAIN_B=${DOMAIN_B} its domain?): ${ctx(res)}`);
    bUser = res.json;
  });

  it("org A cannot add org B's user to its group (PATCH add, PATCH replace, PUT)", async () => {
    const a = await createUser();
    const g = await createGroup({ members: [{ value: a.id }] });
    const tries = [
      () => patch(`/Groups/${g.id}`, patchBody({ op: 'Add', path: 'members', value: [{ $ref: null, value: bUser.id }] })),
      () => patch(`/Groups/${g.id}`, patchBody({ op: 'replace', path: 'members', value: [{ value: a.id }, { value: bUser.id }] })),
      () => put(`/Groups/${g.id}`, { schemas: [URN.group], displayName: g.displayName, members: [{ value: a.id }, { value: bUser.id }] }),
    ];
    for (const fn of tries) {
      const res = await fn();
      assert.ok([200, 204, 400, 404].includes(res.status), `unexpected status: ${ctx(res)}`);
      const ids = await groupMemberIds(g.id);
      assert.ok(!ids.includes(bUser.id), `org B's user must never become a member of org A's group: ${JSON.stringify(ids)}`);
    }
    const gB = await post('/Groups', { schemas: [URN.group], displayName: uniqueGroupName('orgB') }, B);
    assertStatus(gB, 201);
    const res = await patch(`/Groups/${gB.json.id}`, patchBody({ op: 'add', path: 'members', value: [{ value: a.id }] }), B);
    assert.ok([200, 204, 400, 404].includes(res.status), `unexpected status: ${ctx(res)}`);
    const gBget = await get(`/Groups/${gB.json.id}`, B);
    assertStatus(gBget, 200);
    assert.ok(!(gBget.json.members || []).some((m) => m.value === a.id), "org A's user must never become a member of org B's group");
  });

  it("token B cannot remove org A's user from org A's group through org B's own group", async () => {
    const a = await createUser();
    const gA = await createGroup({ members: [{ value: a.id }] });
    const gB = await post('/Groups', { schemas: [URN.group], displayName: uniqueGroupName('orgB2'), members: [{ value: bUser.id }] }, B);
    assertStatus(gB, 201);
    const res = await patch(`/Groups/${gB.json.id}`, patchBody({ op: 'Remove', path: 'members', value: [{ value: a.id }] }), B);
    assert.ok([200, 204, 400].includes(res.status), ctx(res));
    await assertMembers(gA.id, [a.id], "org A's group untouched");
  });
});
