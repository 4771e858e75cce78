// Membership lifecycle — just-in-time provisioning at sign-in (/sso/v1/login):
// only for a verified domain with JIT on; otherwise "invitation required".
// A JIT sign-in racing a SCIM POST for the same new person ends with one
// member and at most one failed request (the POST's 409 uniqueness).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Org, uniq, uniqDomain, userBody, member, scalar, rows, ssoLogin, ssoSession,
  assertStatus, assertError, ctx,
} from './lib/lifecycle.mjs';

const liveCount = (org, email) => Number(scalar(`SELECT count(*) AS n FROM members
  WHERE org_id = :'org' AND deleted_at IS NULL AND lower(user_name) = lower(:'e')`, { org: org.id, e: email }));

test('JIT sign-in', async (t) => {
  const noJit = uniqDomain('nojit');
  const org = Org.create({ domains: [noJit] });
  await org.domainSet(org.domain, { verified: true, jit: true });
  const unverified = uniqDomain('unverified');
  await org.domainSet(unverified, { verified: false, jit: true });
  const secret = await org.ssoSecret();
  const scim = org.scim();

  await t.test('unknown email on a verified JIT domain → 200 provisioned:true, role member', async () => {
    const email = org.email('jit');
    const res = await ssoLogin(secret, email);
    assertStatus(res, 200, 'JIT sign-in');
    assert.equal(res.json.provisioned, true, `provisioned:true: ${ctx(res)}`);
    assert.equal(typeof res.json.session, 'string');
    assert.equal(res.json.member.role, 'member');
    const id = res.json.member.id;
    const m = member(id);
    assert.equal(m.org_id, org.id);
    assert.equal(m.role, 'member', 'members.role');
    assert.equal(m.active, true);
    assert.equal(m.deleted_at, null);
    assert.equal(m.user_name.toLowerCase(), email.toLowerCase());
    assertStatus(await ssoSession(res.json.session), 200, 'the session works');
    const ev = org.audit({ action: 'member.provisioned', target: id });
    assert.equal(ev.length, 1, 'one member.provisioned event');
    assert.equal(ev[0].detail.via, 'jit');
    // SCIM sees the member too.
    const f = await scim.get(`/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`);
    assertStatus(f, 200);
    assert.equal(f.json.totalResults, 1, `SCIM finds the JIT member: ${ctx(f)}`);
    assert.equal(f.json.Resources[0].id, id);

    const again = await ssoLogin(secret, email);
    assertStatus(again, 200, 'second sign-in');
    assert.equal(again.json.provisioned, false, 'not provisioned twice');
    assert.equal(again.json.member.id, id);
    assert.equal(liveCount(org, email), 1);
  });

  for (const [name, domain] of [['a verified domain with JIT off', noJit], ['an unverified domain with JIT on', unverified],
    ['a domain the org does not know', uniqDomain('stranger')]]) {
    await t.test(`unknown email on ${name} → 403 "invitation required", no member`, async () => {
      const email = `${uniq('nobody')}@${domain}`;
      assertError(await ssoLogin(secret, email), 403, 'invitation required', name);
      assert.equal(liveCount(org, email), 0);
    });
  }

  await t.test('two concurrent JIT sign-ins of one new person: one member, both 200', async () => {
    const email = org.email('twin');
    const [a, b] = await Promise.all([ssoLogin(secret, email), ssoLogin(secret, email)]);
    assertStatus(a, 200, 'first');
    assertStatus(b, 200, 'second');
    assert.equal(a.json.member.id, b.json.member.id, 'the same member');
    assert.equal([a, b].filter((r) => r.json.provisioned).length, 1, 'provisioned once');
    assert.equal(liveCount(org, email), 1);
  });

  await t.test('JIT respects the seat limit', async () => {
    const o = Org.create();
    await o.domainSet(o.domain, { verified: true, jit: true });
    await o.policy({ seatLimit: 1 });
    const sec = await o.ssoSecret();
    assertStatus(await ssoLogin(sec, o.email('first')), 200, 'first JIT sign-in takes the only seat');
    const email = o.email('second');
    assertError(await ssoLogin(sec, email), 403, /seat/i, 'no free seat');
    assert.equal(liveCount(o, email), 0);
  });

  await t.test('a wrong SSO secret → 401', async () => {
    assertError(await ssoLogin(`${secret}x`, org.email('x')), 401);
  });

  await t.test('JIT sign-in and SCIM POST for the same new person, concurrently: one member, at most one failure', async () => {
    const outcomes = [];
    for (let round = 0; round < 8; round++) {
      const email = org.email(`race${round}`);
      const [login, post] = await Promise.all([
        ssoLogin(secret, email),
        scim.post('/Users', userBody(email)),
      ]);
      assert.equal(liveCount(org, email), 1, `round ${round}: exactly one member (login ${login.status}, POST ${post.status})`);
      assert.ok(!(login.status !== 200 && post.status !== 201), `round ${round}: never both fail: ${ctx(login)} / ${ctx(post)}`);
      assertStatus(login, 200, `round ${round}: the sign-in succeeds either way`);
      if (post.status !== 201) {
        assertError(post, 409, undefined, `round ${round}: the POST loses with 409`);
        assert.equal(post.json.scimType, 'uniqueness', `round ${round}: scimType uniqueness: ${ctx(post)}`);
        assert.equal(login.json.provisioned, true, 'the sign-in was first');
      } else {
        assert.equal(login.json.member.id, post.json.id, 'the sign-in found the SCIM member');
        assert.equal(login.json.provisioned, false);
      }
      outcomes.push(post.status);
    }
    const ev = rows(`SELECT count(*)::int AS n FROM audit_events WHERE org_id = :'org' AND action = 'member.provisioned'
      AND target_user_name LIKE 'race%'`, { org: org.id });
    assert.equal(ev[0].n, 8, 'one member.provisioned per person');
    t.diagnostic(`POST statuses over 8 races: ${outcomes.join(' ')}`);
  });
});
