// conformance/robustness-quirks.test.mjs: input quirks that must be
// refused rather than half-understood (issue 11, case 11): an address with
// two '@', a NUL inside a string, a number stored in emails.value through
// a PATCH value filter, and a Host header echoed into Location.
import { test } from 'node:test';
import net from 'node:net';
import assert from 'node:assert/strict';
import {
  Org, BASE_URL, ssoLogin, uniq, assertStatus, assertError, ctx, scalar, URN,
} from './lib/lifecycle.mjs';

test('JIT refuses an address with two @, whatever the last domain is', async () => {
  const org = Org.create();
  await org.domainSet(org.domain, { verified: true, jit: true });
  const secret = await org.ssoSecret();
  const evil = `${uniq('evil')}@attacker.example@${org.domain}`;
  const res = await ssoLogin(secret, evil);
  assertError(res, 400, /must be an email address/);
  assert.equal(scalar("SELECT count(*) FROM members WHERE org_id = :'org' AND lower(user_name) = lower(:'u')",
    { org: org.id, u: evil }), 0);
  assertStatus(await ssoLogin(secret, org.email('good')), 200, 'a one-@ address of the domain still signs in');
});

// A request with a hand-written body and headers: fetch would neither
// send a raw NUL as typed nor let the Host header be chosen.
function rawHttp(method, path, token, { body = '', host } = {}) {
  const u = new URL(BASE_URL + path);
  const bytes = Buffer.from(body);
  const head = `${method} ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${host || u.host}\r\n`
    + `Authorization: Bearer ${token}\r\nContent-Type: application/scim+json\r\n`
    + `Content-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(u.port), u.hostname, () => s.end(Buffer.concat([Buffer.from(head), bytes])));
    const got = [];
    s.setTimeout(10000, () => s.destroy(new Error('no answer in 10 s')));
    s.on('data', (d) => got.push(d));
    s.on('error', reject);
    s.on('close', () => {
      const text = Buffer.concat(got).toString('utf8');
      const [top, ...rest] = text.split('\r\n\r\n');
      const status = Number(top.split(' ')[1]);
      const headers = Object.fromEntries(top.split('\r\n').slice(1).map((l) => {
        const i = l.indexOf(':');
        return [l.slice(0, i).toLowerCase(), l.slice(i + 1).trim()];
      }));
      resolve({ status, headers, text: rest.join('\r\n\r\n') });
    });
  });
}

test('a NUL in a string is refused, never stored cut', async (t) => {
  const org = Org.create();
  const token = org.token();
  const scim = org.scim();
  const before = Number(scalar("SELECT count(*) AS n FROM members WHERE org_id = :'org'", { org: org.id }));
  for (const [name, nul] of [['escaped \\u0000', '\\u0000'], ['raw byte 0', '\0']]) {
    await t.test(`${name} in userName: 400`, async () => {
      const body = `{"schemas":["${URN.user}"],"userName":"${uniq('n')}@${org.domain}${nul}admin"}`;
      const res = await rawHttp('POST', '/Users', token, { body });
      assert.equal(res.status, 400, `${res.status} ${res.text}`);
      assert.match(res.text, /NUL/);
    });
  }
  await t.test('an escaped backslash before u0000 is text, not a NUL', async () => {
    const u = await scim.createUser(org.email('bs'), { displayName: 'a\\u0000b' });
    assert.equal(u.displayName, 'a\\u0000b');
  });
  await t.test('PATCH too', async () => {
    const u = await scim.createUser(org.email('p'));
    const body = `{"schemas":["${URN.patch}"],"Operations":[{"op":"replace","path":"displayName","value":"x\\u0000y"}]}`;
    const res = await rawHttp('PATCH', `/Users/${u.id}`, token, { body });
    assert.equal(res.status, 400, `${res.status} ${res.text}`);
  });
  assert.equal(Number(scalar("SELECT count(*) AS n FROM members WHERE org_id = :'org'", { org: org.id })), before + 2);
});

test('a PATCH value filter cannot store a number in emails.value', async () => {
  const org = Org.create();
  const scim = org.scim();
  const u = await scim.createUser(org.email('f'));
  const res = await scim.patchUser(u.id, { op: 'add', path: 'emails[value eq 42].display', value: 'x' });
  assertError(res, 400, /"emails\.value" must be a string/);
  assert.equal(res.json.scimType, 'invalidValue', ctx(res));
  const now = await scim.get(`/Users/${u.id}`);
  assert.ok(now.json.emails.every((e) => typeof e.value === 'string'), ctx(now));
  // The same with a string is an ordinary add.
  assertStatus(await scim.patchUser(u.id, { op: 'add', path: `emails[value eq "${org.email('g')}"].display`, value: 'x' }), 200);
});

test('the Host header is not reflected into Location', async () => {
  const org = Org.create();
  const body = JSON.stringify({ schemas: [URN.user], userName: org.email('h') });
  const res = await rawHttp('POST', '/Users', org.token(), { body, host: 'attacker.example' });
  assert.equal(res.status, 201, `${res.status} ${res.text}`);
  const base = new URL(BASE_URL);
  assert.ok(res.headers.location.startsWith(`http://${base.host}/`), `Location ${res.headers.location}`);
  assert.ok(!res.text.includes('attacker.example'), res.text);
});
