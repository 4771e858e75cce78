// conformance/logging.test.mjs: what scimd writes to its log. A scimd of
// its own at --log-level debug (the most it ever writes) gets requests full
// of secrets and attribute values, good and bad: none of them may appear
// in its log. Also X-Request-Id: a client's is taken and returned, and
// --log-level warn leaves the request lines out.
//
// Environment: SCIMD_BIN, SCIMD_DATABASE_URL, SCIMD_OPERATOR_TOKEN.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { BIN, cli, DB, freePort, newOrg, serve, waitFor } from './lib/proc.mjs';

const OPERATOR = process.env.SCIMD_OPERATOR_TOKEN;
const mark = (what) => `${what}${randomBytes(6).toString('hex')}`;

async function start(args) {
  const port = await freePort();
  const root = `http://127.0.0.1:${port}`;
  const srv = serve(['--listen', `127.0.0.1:${port}`, '--workers', '2', ...args]);
  await waitFor(async () => (await fetch(`${root}/readyz`)).status === 200);
  return { srv, root };
}

describe('the log holds no secret and no attribute value', () => {
  let srv, root, token, org;
  const secrets = [];

  before(async () => {
    ({ org, token } = newOrg('Logging test', 'logging.test'));
    ({ srv, root } = await start(['--log-level', 'debug']));
  });
  after(async () => { await srv.stop(); });

  it('after good and bad requests carrying tokens, passwords and values', async () => {
    const sso = cli(['sso-secret', 'rotate', '--org', org]);
    const password = mark('Pw-');
    const given = mark('Given');
    const userName = `${mark('user')}@logging.test`;
    const outsider = `${mark('out')}@elsewhere.test`;
    const wrongToken = `scimd_${mark('wrong')}`;
    secrets.push(token, sso, OPERATOR, password, given, userName, outsider, wrongToken);
    const h = (t) => ({ Authorization: `Bearer ${t}`, 'Content-Type': 'application/scim+json' });
    const go = (path, opts) => fetch(`${root}${path}`, opts).then(async (r) => ({ status: r.status, body: await r.text() }));

    const c = await go('/scim/v2/Users', { method: 'POST', headers: h(token),
      body: JSON.stringify({ userName, password, name: { givenName: given, familyName: 'L' } }) });
    assert.equal(c.status, 201, c.body);
    const id = JSON.parse(c.body).id;
    const statuses = await Promise.all([
      go(`/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, { headers: h(token) }),
      go(`/scim/v2/Users?filter=${encodeURIComponent(`name.givenName sw "${given}" and (`)}`, { headers: h(token) }),
      go(`/scim/v2/Users/${id}`, { method: 'PATCH', headers: h(token), body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'password', value: password }] }) }),
      go(`/scim/v2/Users/${id}`, { method: 'PUT', headers: h(token), body: `{"userName":"${userName}", "password":` }),
      go('/scim/v2/Users', { method: 'POST', headers: h(token), body: JSON.stringify({ userName: outsider, password }) }),
      go('/scim/v2/Users', { headers: h(wrongToken) }),
      go('/admin/v1/orgs', { method: 'POST', headers: h(OPERATOR), body: JSON.stringify({ name: given }) }),
      go('/metrics', { headers: h(OPERATOR) }),
      go('/sso/v1/login', { method: 'POST', headers: h(sso), body: JSON.stringify({ email: userName }) }),
      go('/sso/v1/login', { method: 'POST', headers: h(`${sso}x`), body: JSON.stringify({ email: outsider }) }),
    ]).then((rs) => rs.map((r) => r.status));
    // Both answers and refusals were exercised.
    assert.ok(statuses.includes(200) && statuses.some((s) => s >= 400), `statuses ${statuses}`);
    assert.equal((await go(`/scim/v2/Users/${id}`, { method: 'DELETE', headers: h(token) })).status, 204);

    const { code } = await srv.stop();
    assert.equal(code, 0);
    const log = srv.log();
    assert.ok(log.split('\n').filter((l) => l.includes('"request_id"')).length >= 12, 'request lines were written');
    for (const s of secrets)
      assert.ok(!log.includes(s), `"${s.slice(0, 12)}…" reached the log:\n${log.split('\n').filter((l) => l.includes(s)).join('\n')}`);
  });
});

describe('X-Request-Id and --log-level', () => {
  it('takes a client request id, returns it, and logs it; replaces one unfit for a log', async () => {
    const { srv, root } = await start([]);
    try {
      const id = `idp-${randomBytes(4).toString('hex')}.42:x_y`;
      const r = await fetch(`${root}/healthz`, { headers: { 'X-Request-Id': id } });
      assert.equal(r.headers.get('x-request-id'), id);
      for (const bad of ['a b"c', 'x'.repeat(65), '{"inject":1}']) {
        const b = await fetch(`${root}/healthz`, { headers: { 'X-Request-Id': bad } });
        assert.match(b.headers.get('x-request-id'), /^[0-9a-f]{16}$/, `${bad} is replaced`);
      }
      const own = await fetch(`${root}/scim/v2/Users`);
      assert.match(own.headers.get('x-request-id'), /^[0-9a-f]{16}$/, 'every answer has one');
      await srv.stop();
      const line = srv.log().split('\n').find((l) => l.includes(id));
      assert.ok(line, 'the request line carries the client id');
      assert.equal(JSON.parse(line).request_id, id);
      assert.ok(!srv.log().includes('inject'), 'a refused id is not logged');
    } finally {
      await srv.stop();
    }
  });

  it('--log-level warn leaves out request lines; SCIMD_LOG_LEVEL works the same; a bad level is refused', async () => {
    const { srv, root } = await start(['--log-level', 'warn']);
    assert.equal((await fetch(`${root}/healthz`)).status, 200);
    const { code } = await srv.stop();
    assert.equal(code, 0);
    assert.ok(!srv.log().includes('"request_id"'), `no request line:\n${srv.log()}`);
    assert.ok(!srv.log().includes('"level":"info"'), 'no info line');

    const port = await freePort();
    const env = { ...process.env, SCIMD_DATABASE_URL: DB };
    let r = spawnSync(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--log-level', 'chatty'], { env, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--log-level must be debug, info, warn or error/);
    r = spawnSync(BIN, ['serve', '--listen', `127.0.0.1:${port}`], { env: { ...env, SCIMD_LOG_LEVEL: 'loud' }, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /SCIMD_LOG_LEVEL must be debug, info, warn or error, not "loud"/);
  });
});
