// ETags (RFC 7644 §3.14) on Users and Groups: meta.version changes on every
// write and equals the ETag header; If-Match on PUT/PATCH/DELETE (current →
// success, old → 412 and nothing changes, "*" → success); If-None-Match on
// GET (current → 304 with ETag and no body, old → 200).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  URN, get, post, put, patch, del, createUser, userBody, patchBody,
  assertStatus, assertScimContentType, assertScimError, ctx,
} from './lib/scim.mjs';
import {
  createGroup, uniqueGroupName, assertMembers, snapshot, assertUnchanged, assertWeakTag,
} from './lib/updates.mjs';

const IM = (tag) => ({ headers: { 'If-Match': tag } });
const INM = (tag) => ({ headers: { 'If-None-Match': tag } });

async function etagOfGet(path) {
  const g = await get(path);
  assertStatus(g, 200);
  const tag = g.headers.get('etag');
  assertWeakTag(tag, `ETag of GET ${path}`);
  assert.equal(tag, g.json.meta.version, `GET ${path}: ETag header equals meta.version`);
  return tag;
}

describe('ServiceProviderConfig', () => {
  it('advertises etag.supported and patch.supported', async () => {
    const res = await get('/ServiceProviderConfig');
    assertStatus(res, 200);
    assert.equal(res.json?.etag?.supported, true, `etag.supported: ${ctx(res)}`);
    assert.equal(res.json?.patch?.supported, true, `patch.supported: ${ctx(res)}`);
  });
});

describe('Users: meta.version and the ETag header', () => {
  it('POST, GET, PATCH, PUT: header = meta.version, a new version on every write', async () => {
    const body = userBody({ displayName: 'V0' });
    const created = await post('/Users', body);
    assertStatus(created, 201);
    const id = created.json.id;
    const path = `/Users/${id}`;
    const seen = [];
    const check = (res, what) => {
      assertScimContentType(res);
      const tag = res.headers.get('etag');
      assertWeakTag(tag, `ETag of ${what}`);
      assert.equal(tag, res.json.meta.version, `${what}: ETag header equals meta.version`);
      return tag;
    };
    seen.push(check(created, 'POST'));
    const g0 = await get(path);
    assert.equal(check(g0, 'GET after POST'), seen[0], 'GET shows the POST version');

    const writes = [
      ['PATCH displayName', () => patch(path, patchBody({ op: 'replace', path: 'displayName', value: 'V1' }))],
      ['PATCH deactivate "False"', () => patch(path, patchBody({ op: 'Replace', path: 'active', value: 'False' }))],
      ['PUT', () => put(path, { schemas: [URN.user], userName: body.userName, displayName: 'V3', active: true })],
      ['PATCH add nickName', () => patch(path, patchBody({ op: 'Add', path: 'nickName', value: 'n' }))],
      ['PUT again', () => put(path, { schemas: [URN.user], userName: body.userName, displayName: 'V5' })],
    ];
    for (const [what, fn] of writes) {
      const res = await fn();
      assertStatus(res, 200);
      const tag = check(res, what);
      assert.ok(!seen.includes(tag), `${what}: meta.version must change on every write (${tag} seen before: ${seen.join(' ')})`);
      seen.push(tag);
      assert.equal(await etagOfGet(path), tag, `${what}: GET shows the version the write answered`);
    }
  });

  it('a PATCH with ?attributes= still sends the new ETag', async () => {
    const u = await createUser();
    const res = await patch(`/Users/${u.id}?attributes=userName`, patchBody({ op: 'replace', path: 'title', value: 't' }));
    assertStatus(res, 200);
    const tag = res.headers.get('etag');
    assertWeakTag(tag);
    assert.notEqual(tag, u.meta.version);
    assert.equal(await etagOfGet(`/Users/${u.id}`), tag);
  });
});

describe('Users: If-Match', () => {
  it('PATCH with the current tag succeeds; with the old tag → 412 and nothing changes', async () => {
    const u = await createUser({ displayName: 'IM' });
    const path = `/Users/${u.id}`;
    const ok = await patch(path, patchBody({ op: 'replace', path: 'displayName', value: 'IM 2' }), IM(u.meta.version));
    assertStatus(ok, 200);
    assert.equal(ok.json.displayName, 'IM 2');
    const before = await snapshot(path);
    const stale = await patch(path, patchBody({ op: 'replace', path: 'displayName', value: 'IM stale' }), IM(u.meta.version));
    assertScimError(stale, 412);
    await assertUnchanged(path, before, 'a PATCH with a stale If-Match');
    const stale2 = await patch(path, patchBody({ op: 'Replace', path: 'active', value: 'False' }), IM(u.meta.version));
    assertScimError(stale2, 412);
    await assertUnchanged(path, before, 'a deactivating PATCH with a stale If-Match');
  });

  it('PATCH with If-Match "*" succeeds', async () => {
    const u = await createUser();
    const res = await patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: 'displayName', value: 'Star' }), IM('*'));
    assertStatus(res, 200);
    assert.equal(res.json.displayName, 'Star');
  });

  it('PUT with the current tag succeeds; with the old tag → 412 and nothing changes; "*" succeeds', async () => {
    const u = await createUser({ displayName: 'PIM' });
    const path = `/Users/${u.id}`;
    const ok = await put(path, { schemas: [URN.user], userName: u.userName, displayName: 'PIM 2' }, IM(u.meta.version));
    assertStatus(ok, 200);
    assert.equal(ok.json.displayName, 'PIM 2');
    const before = await snapshot(path);
    const stale = await put(path, { schemas: [URN.user], userName: u.userName, displayName: 'PIM stale', active: false }, IM(u.meta.version));
    assertScimError(stale, 412);
    await assertUnchanged(path, before, 'a PUT with a stale If-Match');
    const star = await put(path, { schemas: [URN.user], userName: u.userName, displayName: 'PIM 3' }, IM('*'));
    assertStatus(star, 200);
    assert.equal(star.json.displayName, 'PIM 3');
  });

  it('a list of tags containing the current one matches', async () => {
    const u = await createUser();
    const res = await patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: 'title', value: 'x' }),
      IM(`W/"nope", ${u.meta.version}`));
    assertStatus(res, 200);
  });

  it('DELETE with the old tag → 412 and the user stays; with the current tag → 204', async () => {
    const u = await createUser({ displayName: 'Del IM' });
    const path = `/Users/${u.id}`;
    const upd = await patch(path, patchBody({ op: 'replace', path: 'displayName', value: 'Del IM 2' }));
    assertStatus(upd, 200);
    const before = await snapshot(path);
    assertScimError(await del(path, IM(u.meta.version)), 412);
    await assertUnchanged(path, before, 'a DELETE with a stale If-Match');
    const gone = await del(path, IM(upd.json.meta.version));
    assertStatus(gone, 204);
    assertScimError(await get(path), 404);
  });

  it('DELETE with If-Match "*" → 204', async () => {
    const u = await createUser();
    assertStatus(await del(`/Users/${u.id}`, IM('*')), 204);
    assertScimError(await get(`/Users/${u.id}`), 404);
  });
});

describe('Users: If-None-Match on GET', () => {
  it('current tag → 304 with the ETag header and an empty body; old tag → 200', async () => {
    const u = await createUser();
    const path = `/Users/${u.id}`;
    const nm = await get(path, INM(u.meta.version));
    assert.equal(nm.status, 304, `If-None-Match current: ${ctx(nm)}`);
    assert.equal(nm.headers.get('etag'), u.meta.version, '304 carries the ETag');
    assert.equal(nm.text, '', '304 has no body');
    const upd = await patch(path, patchBody({ op: 'replace', path: 'displayName', value: 'changed' }));
    assertStatus(upd, 200);
    const old = await get(path, INM(u.meta.version));
    assertStatus(old, 200);
    assert.equal(old.json.displayName, 'changed');
    assert.equal(old.headers.get('etag'), upd.json.meta.version);
    const cur = await get(path, INM(upd.json.meta.version));
    assert.equal(cur.status, 304, `If-None-Match new current tag: ${ctx(cur)}`);
    assert.equal(cur.text, '');
  });

  it('If-None-Match "*" on an existing user → 304', async () => {
    const u = await createUser();
    const nm = await get(`/Users/${u.id}`, INM('*'));
    assert.equal(nm.status, 304, ctx(nm));
  });
});

describe('Groups: meta.version, If-Match, If-None-Match', () => {
  it('POST, GET, PATCH (membership only and rename), PUT: a new version on every write, header = meta.version', async () => {
    const u = await createUser();
    const res = await post('/Groups', { schemas: [URN.group], displayName: uniqueGroupName('ver') });
    assertStatus(res, 201);
    const tag0 = res.headers.get('etag');
    assertWeakTag(tag0, 'POST /Groups ETag');
    assert.equal(tag0, res.json.meta.version);
    const path = `/Groups/${res.json.id}`;
    const seen = [tag0];
    assert.equal(await etagOfGet(path), tag0);
    const writes = [
      ['PATCH add member (204)', () => patch(path, patchBody({ op: 'add', path: 'members', value: [{ value: u.id }] }))],
      ['PATCH remove member (204)', () => patch(path, patchBody({ op: 'remove', path: `members[value eq "${u.id}"]` }))],
      ['PATCH rename (204)', () => patch(path, patchBody({ op: 'replace', path: 'displayName', value: uniqueGroupName('ver2') }))],
      ['PATCH with excludedAttributes (200)', () => patch(`${path}?excludedAttributes=members`, patchBody({ op: 'add', path: 'members', value: [{ value: u.id }] }))],
      ['PUT', () => put(path, { schemas: [URN.group], displayName: uniqueGroupName('ver3') })],
    ];
    for (const [what, fn] of writes) {
      const w = await fn();
      assert.ok(w.status === 200 || w.status === 204, `${what}: ${ctx(w)}`);
      const now = await etagOfGet(path);
      assert.ok(!seen.includes(now), `${what}: meta.version must change (${now} seen before: ${seen.join(' ')})`);
      const hdr = w.headers.get('etag');
      if (w.status === 200) {
        assert.equal(hdr, w.json.meta.version, `${what}: ETag header equals meta.version`);
        assert.equal(hdr, now, `${what}: GET shows the answered version`);
      } else if (hdr !== null) {
        assert.equal(hdr, now, `${what}: an ETag on a 204 must be the new version`);
      }
      seen.push(now);
    }
  });

  it('PATCH with the current tag → 204; with the old tag → 412, group and members unchanged; "*" → 204', async () => {
    const [a, b] = await Promise.all([createUser(), createUser()]);
    const g = await createGroup({ members: [{ value: a.id }] });
    const path = `/Groups/${g.id}`;
    assertStatus(await patch(path, patchBody({ op: 'add', path: 'members', value: [{ value: b.id }] }), IM(g.meta.version)), 204);
    await assertMembers(g.id, [a.id, b.id]);
    const before = await snapshot(path);
    const stale = await patch(path, patchBody({ op: 'Remove', path: 'members', value: [{ value: a.id }] }), IM(g.meta.version));
    assertScimError(stale, 412);
    await assertUnchanged(path, before, 'a group PATCH with a stale If-Match');
    const stale2 = await patch(`${path}?excludedAttributes=members`,
      patchBody({ op: 'replace', path: 'displayName', value: 'never' }), IM(g.meta.version));
    assertScimError(stale2, 412);
    await assertUnchanged(path, before, 'a group rename with a stale If-Match');
    assertStatus(await patch(path, patchBody({ op: 'remove', path: `members[value eq "${a.id}"]` }), IM('*')), 204);
    await assertMembers(g.id, [b.id]);
  });

  it('PUT with the current tag → 200; with the old tag → 412 and nothing changes; "*" → 200', async () => {
    const a = await createUser();
    const g = await createGroup({ members: [{ value: a.id }] });
    const path = `/Groups/${g.id}`;
    const ok = await put(path, { schemas: [URN.group], displayName: g.displayName, members: [{ value: a.id }] }, IM(g.meta.version));
    assertStatus(ok, 200);
    assert.equal(ok.headers.get('etag'), ok.json.meta.version);
    const before = await snapshot(path);
    assertScimError(await put(path, { schemas: [URN.group], displayName: 'stale', members: [] }, IM(g.meta.version)), 412);
    await assertUnchanged(path, before, 'a group PUT with a stale If-Match');
    assertStatus(await put(path, { schemas: [URN.group], displayName: g.displayName, members: [] }, IM('*')), 200);
    await assertMembers(g.id, []);
  });

  it('DELETE with the old tag → 412 and the group stays; with the current tag → 204', async () => {
    const g = await createGroup();
    const path = `/Groups/${g.id}`;
    assertStatus(await patch(path, patchBody({ op: 'replace', path: 'displayName', value: uniqueGroupName('del') })), 204);
    const before = await snapshot(path);
    assertScimError(await del(path, IM(g.meta.version)), 412);
    await assertUnchanged(path, before, 'a group DELETE with a stale If-Match');
    assertStatus(await del(path, IM(before.json.meta.version)), 204);
    assertScimError(await get(path), 404);
    const g2 = await createGroup();
    assertStatus(await del(`/Groups/${g2.id}`, IM('*')), 204);
  });

  it('If-None-Match: current tag → 304 + ETag + empty body; after a membership change the old tag → 200', async () => {
    const a = await createUser();
    const g = await createGroup();
    const path = `/Groups/${g.id}`;
    const nm = await get(path, INM(g.meta.version));
    assert.equal(nm.status, 304, ctx(nm));
    assert.equal(nm.headers.get('etag'), g.meta.version);
    assert.equal(nm.text, '');
    assertStatus(await patch(path, patchBody({ op: 'add', path: 'members', value: [{ value: a.id }] })), 204);
    const old = await get(path, INM(g.meta.version));
    assertStatus(old, 200);
    assert.deepEqual(old.json.members?.map((m) => m.value), [a.id], 'the 200 shows the new member');
    assert.notEqual(old.headers.get('etag'), g.meta.version);
    const nm2 = await get(`${path}?excludedAttributes=members`, INM(old.headers.get('etag')));
    assert.equal(nm2.status, 304, `If-None-Match with excludedAttributes=members: ${ctx(nm2)}`);
  });
});

// A group's representation includes its members (value, display). When a
// write elsewhere changes that representation, the group's version must change
// too, or If-None-Match answers 304 with a stale member list and If-Match
// lets a client overwrite a state it never saw (RFC 7232 §2.1, RFC 7644 §3.14).
describe('Groups: the ETag follows the group representation', () => {
  it('DELETE of a member user changes the group members → a new group version', async () => {
    const [a, c] = await Promise.all([createUser(), createUser()]);
    const g = await createGroup({ members: [{ value: a.id }, { value: c.id }] });
    assertStatus(await del(`/Users/${c.id}`), 204);
    const now = await get(`/Groups/${g.id}`);
    assertStatus(now, 200);
    assert.deepEqual(now.json.members.map((m) => m.value), [a.id], 'the deleted user is no longer a member');
    assert.notEqual(now.json.meta.version, g.meta.version,
      `the member list changed but meta.version stayed ${g.meta.version}`);
    const nm = await get(`/Groups/${g.id}`, INM(g.meta.version));
    assert.equal(nm.status, 200, `If-None-Match with the tag of the old member list must not answer 304: ${ctx(nm)}`);
  });

  it("a member's userName change (members[].display) → a new group version", async () => {
    const [a, c] = await Promise.all([createUser(), createUser()]);
    const g = await createGroup({ members: [{ value: a.id }, { value: c.id }] });
    const before = g.members.find((m) => m.value === c.id)?.display;
    const newName = `renamed-${c.userName}`;
    assertStatus(await patch(`/Users/${c.id}`, patchBody({ op: 'replace', path: 'userName', value: newName })), 200);
    const now = await get(`/Groups/${g.id}`);
    const after = now.json.members.find((m) => m.value === c.id)?.display;
    // c has no displayName, so its members[].display is its userName.
    assert.equal(after, newName, `members[].display follows the userName of a member without displayName (was ${before})`);
    assert.notEqual(now.json.meta.version, g.meta.version,
      `members[].display changed (${before} → ${after}) but meta.version stayed ${g.meta.version}`);
    const nm = await get(`/Groups/${g.id}`, INM(g.meta.version));
    assert.equal(nm.status, 200, `If-None-Match with the old tag must not answer 304: ${ctx(nm)}`);
  });
});

describe('concurrent writes', () => {
  it('10 concurrent user PATCHes with the same If-Match: exactly one wins, the others get 412', async () => {
    const u = await createUser();
    const rs = await Promise.all(Array.from({ length: 10 }, (_, i) => patch(`/Users/${u.id}`,
      patchBody({ op: 'replace', path: 'displayName', value: `race-${i}` }), IM(u.meta.version))));
    const codes = rs.map((r) => r.status);
    assert.equal(codes.filter((s) => s === 200).length, 1, `one 200: ${codes}`);
    assert.equal(codes.filter((s) => s === 412).length, 9, `nine 412: ${codes}`);
    const winner = rs.find((r) => r.status === 200);
    assert.deepEqual((await get(`/Users/${u.id}`)).json, winner.json, 'the stored user is the winner\'s');
  });

  it('10 concurrent user PATCHes without If-Match: all apply, each gets its own version', async () => {
    const u = await createUser();
    const rs = await Promise.all(Array.from({ length: 10 }, (_, i) => patch(`/Users/${u.id}`,
      patchBody({ op: 'replace', path: 'title', value: `t-${i}` }))));
    for (const r of rs) assertStatus(r, 200);
    const versions = new Set(rs.map((r) => r.json.meta.version));
    assert.equal(versions.size, 10, `distinct versions: ${[...versions]}`);
  });

  it('10 concurrent group member adds: no add is lost', async () => {
    const users = await Promise.all(Array.from({ length: 10 }, () => createUser()));
    const g = await createGroup();
    const rs = await Promise.all(users.map((x) => patch(`/Groups/${g.id}`,
      patchBody({ op: 'Add', path: 'members', value: [{ $ref: null, value: x.id }] }))));
    for (const r of rs) assertStatus(r, 204);
    await assertMembers(g.id, users.map((x) => x.id));
  });

  it('10 concurrent group PATCHes with the same If-Match: exactly one wins', async () => {
    const users = await Promise.all(Array.from({ length: 10 }, () => createUser()));
    const g = await createGroup({ members: users.map((x) => ({ value: x.id })) });
    const rs = await Promise.all(users.map((x) => patch(`/Groups/${g.id}`,
      patchBody({ op: 'remove', path: `members[value eq "${x.id}"]` }), IM(g.meta.version))));
    const codes = rs.map((r) => r.status);
    assert.equal(codes.filter((s) => s === 204).length, 1, `one 204: ${codes}`);
    assert.equal(codes.filter((s) => s === 412).length, 9, `nine 412: ${codes}`);
    const got = await get(`/Groups/${g.id}`);
    assert.equal(got.json.members.length, 9, 'exactly one member removed');
  });
});
