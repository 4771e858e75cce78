// Membership lifecycle — the removal rate limit: removals per token per hour,
// counted in PostgreSQL so that two scimd processes on one database share
// the limit; 429 with Retry-After past it; deactivation never throttled.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Org, Scim, member, scalar, tokenId, startServer, assertStatus, assertError, DEACTIVATE, ctx,
} from './lib/lifecycle.mjs';

const LIMIT = 3;
let second;
after(async () => { if (second) await second.stop(); });

function assertRetryAfter(res) {
  const ra = res.headers.get('retry-after');
  assert.ok(ra !== null, `429 carries Retry-After: ${ctx(res)}`);
  assert.match(ra, /^\d+$/, `Retry-After is whole seconds: "${ra}"`);
  const n = Number(ra);
  assert.ok(n >= 1 && n <= 3600, `Retry-After in 1..3600: ${n}`);
}

test(`removal rate ${LIMIT}/hour, shared by two scimd processes`, async (t) => {
  second = await startServer();
  const org = Org.create();
  await org.policy({ removalRate: LIMIT });
  const token = org.token();
  const here = new Scim(token);
  const there = here.on(second.base);
  const users = [];
  for (let i = 0; i < 2 * LIMIT + 2; i++) users.push(await here.createUser(org.email(`r${i}`)));

  await t.test('a DELETE that fails (404) or is refused costs no budget', async () => {
    assertStatus(await here.del('/Users/00000000-0000-4000-8000-000000000000'), 404, 'DELETE unknown id');
    assertStatus(await there.del('/Users/not-a-uuid'), 404, 'DELETE malformed id');
    assert.equal(Number(scalar("SELECT count(*) AS n FROM removal_log WHERE token_id = :'t'", { t: tokenId(token) })), 0);
  });

  let results;
  await t.test(`${2 * LIMIT} concurrent DELETEs spread over both processes: exactly ${LIMIT} succeed, the rest 429`, async () => {
    const batch = users.slice(0, 2 * LIMIT);
    results = await Promise.all(batch.map((u, i) => (i % 2 ? there : here).del(`/Users/${u.id}`)));
    const ok = results.filter((r) => r.status === 204);
    const limited = results.filter((r) => r.status === 429);
    assert.equal(ok.length + limited.length, results.length, `only 204 or 429: ${results.map(ctx).join('\n')}`);
    assert.equal(ok.length, LIMIT, `total allowed equals the limit: ${results.map((r) => r.status)}`);
    for (const r of limited) {
      assertError(r, 429, /rate limit/i);
      assertRetryAfter(r);
    }
    batch.forEach((u, i) => {
      const m = member(u.id);
      if (results[i].status === 204) assert.ok(m.deleted_at, `${u.userName} removed`);
      else assert.equal(m.deleted_at, null, `${u.userName} not removed after its 429`);
    });
    assert.equal(Number(scalar("SELECT count(*) AS n FROM removal_log WHERE token_id = :'t'", { t: tokenId(token) })), LIMIT,
      'removal_log holds exactly the allowed removals');
    assert.equal(org.auditCount('member.removed'), LIMIT, 'one member.removed per allowed removal');
  });

  await t.test('the next DELETE on either process → 429 with Retry-After; nothing written but guard.refused', async () => {
    const u = users[2 * LIMIT];
    for (const scim of [here, there]) {
      const { res } = await org.refusedWithoutEffect(() => scim.del(`/Users/${u.id}`), 'DELETE past the rate limit');
      assertError(res, 429, /rate limit/i);
      assertRetryAfter(res);
    }
    assertStatus(await here.get(`/Users/${u.id}`), 200, 'the user is still there');
  });

  await t.test('deactivation is never throttled', async () => {
    const u = users[2 * LIMIT + 1];
    assertStatus(await there.patchUser(u.id, DEACTIVATE.okta), 200, 'PATCH active false on the second process');
    assertStatus(await here.patchUser(users[2 * LIMIT].id, DEACTIVATE.entra), 200, 'PATCH active "False" on the first');
    assert.equal(member(u.id).active, false);
  });

  await t.test('another token of the same org has its own budget', async () => {
    const other = new Scim(org.token());
    assertStatus(await other.del(`/Users/${users[2 * LIMIT].id}`), 204, 'DELETE with a fresh token');
  });

  await second.stop();
  second = undefined;
});
