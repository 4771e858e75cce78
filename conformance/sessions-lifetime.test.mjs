// conformance/sessions-lifetime.test.mjs: sign-in sessions end after an
// idle time and an absolute lifetime set by org policy (defaults 12 hours
// and 7 days); an expired session gets 401, use extends the idle time, and
// sign-ins sweep expired sessions (issue 11, case 10).
//
// Setting timestamps back with SQL is the only way to age rows here: the
// server reads now() from PostgreSQL, and no test can wait 12 hours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Org, psql, scalar, login, ssoSession, cli, admin, assertStatus, assertError, ctx,
} from './lib/lifecycle.mjs';
import { createHash } from 'node:crypto';

const hashOf = (token) => createHash('sha256').update(token).digest('hex');
function age(session, { used, created }) {
  if (used) psql(`UPDATE sessions SET last_used_at = now() - :'i'::interval WHERE token_hash = decode(:'h', 'hex')`, { i: used, h: hashOf(session) });
  if (created) psql(`UPDATE sessions SET created_at = now() - :'i'::interval WHERE token_hash = decode(:'h', 'hex')`, { i: created, h: hashOf(session) });
}
const rowsOf = (session) => Number(scalar("SELECT count(*) AS n FROM sessions WHERE token_hash = decode(:'h', 'hex')", { h: hashOf(session) }));

test('session lifetimes', async (t) => {
  const org = Org.create();
  await org.domainSet(org.domain, { verified: true, jit: true });
  const secret = await org.ssoSecret();
  const email = org.email('s');

  await t.test('the defaults: 12 hours idle, 7 days in all', async () => {
    const p = (await admin('GET', `/orgs/${org.id}`)).json.policy;
    assert.equal(p.sessionIdleHours, 12);
    assert.equal(p.sessionMaxDays, 7);
  });

  await t.test('idle 11 h: still valid, and the use starts the idle time again', async () => {
    const s = await login(secret, email);
    age(s, { used: '11 hours' });
    assertStatus(await ssoSession(s), 200, 'used 11 h ago');
    const idle = Number(scalar("SELECT extract(epoch FROM now() - last_used_at) AS s FROM sessions WHERE token_hash = decode(:'h', 'hex')", { h: hashOf(s) }));
    assert.ok(idle < 60, `last_used_at moved to now (idle ${idle} s)`);
  });

  await t.test('idle 13 h: 401', async () => {
    const s = await login(secret, email);
    age(s, { used: '13 hours' });
    assertError(await ssoSession(s), 401, /expired/);
  });

  await t.test('8 days old though used a minute ago: 401', async () => {
    const s = await login(secret, email);
    age(s, { created: '8 days', used: '1 minute' });
    assertError(await ssoSession(s), 401, /expired/);
  });

  await t.test('a sign-in sweeps the org\'s expired sessions, not the live ones', async () => {
    const dead = await login(secret, email), live = await login(secret, email);
    age(dead, { used: '13 hours' });
    assert.equal(rowsOf(dead), 1);
    await login(secret, email);
    assert.equal(rowsOf(dead), 0, 'the expired session is deleted');
    assert.equal(rowsOf(live), 1, 'the live one stays');
  });

  await t.test('org policy --session-idle-hours / --session-max-days change the lifetimes', async () => {
    const out = cli(['org', 'policy', '--org', org.id, '--session-idle-hours', '1', '--session-max-days', '30']);
    const p = JSON.parse(out.trim().split('\n').pop());
    assert.equal(p.sessionIdleHours, 1, out);
    assert.equal(p.sessionMaxDays, 30, out);
    const s = await login(secret, email);
    age(s, { used: '2 hours' });
    assertError(await ssoSession(s), 401, /expired/);
    const old = await login(secret, email);
    age(old, { created: '20 days', used: '10 minutes' });
    assertStatus(await ssoSession(old), 200, '20 days old is within 30 days');
  });
});
