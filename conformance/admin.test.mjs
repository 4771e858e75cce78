// The operator API (/admin/v1) and the operator command line: every endpoint's
// happy path and main errors, operator/SCIM token separation both ways, and
// the CLI subcommands' output and exit codes. scimd-specific, so it does not
// use lib/scim.mjs (whose SCIM_TOKEN it does not need): it creates its own
// org and SCIM tokens through the API.
//
// Environment (all required; a missing one fails the file, never skips it):
//   SCIM_BASE_URL         e.g. http://127.0.0.1:8080/scim/v2 (root = without /scim/v2)
//   SCIMD_OPERATOR_TOKEN  from `scimd operator-token create`
//   SCIMD_BIN             the scimd binary, for the CLI checks
//   SCIMD_DATABASE_URL    the server's database, for the CLI checks
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';

const need = ['SCIM_BASE_URL', 'SCIMD_OPERATOR_TOKEN', 'SCIMD_BIN', 'SCIMD_DATABASE_URL'];
const missing = need.filter((k) => !process.env[k]);
if (missing.length) {
  throw new Error(`admin conformance: set ${missing.join(', ')} ` +
    '(SCIMD_OPERATOR_TOKEN comes from `scimd operator-token create`)');
}

const BASE = process.env.SCIM_BASE_URL.replace(/\/+$/, '');
const ROOT = BASE.replace(/\/scim\/v2$/i, '');
const OP = process.env.SCIMD_OPERATOR_TOKEN;
const BIN = process.env.SCIMD_BIN;
const URN_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const URN_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const URN_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// call(method, url, {body, raw, token, type}) → {status, headers, text, json}
async function call(method, url, opts = {}) {
  const { body, raw, token = OP, type = 'application/json' } = opts;
  const headers = { Accept: 'application/json' };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (raw !== undefined) payload = raw;
  else if (body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined) headers['Content-Type'] = type;
  const res = await fetch(url, { method, headers, body: payload });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json, method, url };
}

const admin = (method, path, opts) => call(method, `${ROOT}/admin/v1${path}`, opts);
const scim = (method, path, token, body) =>
  call(method, `${BASE}${path}`, { token, body, type: 'application/scim+json' });

function ctx(res) {
  return `${res.method} ${res.url} → ${res.status} ${(res.text || '').slice(0, 400)}`;
}

function expect(res, status) {
  assert.equal(res.status, status, `expected ${status}: ${ctx(res)}`);
  if (status !== 204 && res.text) {
    assert.match(res.headers.get('content-type') || '', /^application\/scim\+json/,
      `content type: ${ctx(res)}`);
  }
  return res.json;
}

// A SCIM Error with status as a string, and scimType when given.
function expectError(res, status, scimType) {
  assert.equal(res.status, status, `expected ${status}: ${ctx(res)}`);
  assert.ok(res.json, `error body is JSON: ${ctx(res)}`);
  assert.deepEqual(res.json.schemas, [URN_ERROR], ctx(res));
  assert.equal(res.json.status, String(status), ctx(res));
  assert.equal(typeof res.json.detail, 'string', ctx(res));
  if (scimType) assert.equal(res.json.scimType, scimType, ctx(res));
}

function cli(...args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', env: process.env, timeout: 30000 });
  return { status: r.status, stdout: r.stdout || '', stderr: r.stderr || '', args };
}

function cliOk(...args) {
  const r = cli(...args);
  assert.equal(r.status, 0, `scimd ${args.join(' ')} → ${r.status}: ${r.stderr}`);
  return r.stdout;
}

// A failure: non-zero exit, a message on stderr, nothing on stdout.
function cliFails(...args) {
  const r = cli(...args);
  assert.notEqual(r.status, 0, `scimd ${args.join(' ')} should fail: ${r.stdout}`);
  assert.match(r.stderr, /scimd: |option/, `stderr of scimd ${args.join(' ')}`);
  assert.equal(r.stdout, '', `stdout of failing scimd ${args.join(' ')}`);
  return r;
}

const jsonLines = (s) => s.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));

const rnd = randomUUID().slice(0, 8);
const DOMAIN = `adm-${rnd}.test`;
const OWNER = `owner@${DOMAIN}`;
const ALICE = `alice@${DOMAIN}`;
const NO_ORG = '00000000-0000-4000-8000-000000000000';

let org;		// id of this file's org
let scimToken;	// a SCIM token of that org
let alice;		// SCIM User id of a plain member
let group;		// SCIM Group id

async function newScimToken(label) {
  const res = await admin('POST', `/orgs/${org}/tokens`, { body: { label, admin: OWNER } });
  return expect(res, 201).token;
}

before(async () => {
  const res = await admin('POST', '/orgs', {
    body: { name: `Admin ${rnd}`, domains: [DOMAIN], ownerEmail: OWNER, allowOutsideMembers: false },
  });
  org = expect(res, 201).id;
  scimToken = await newScimToken('admin-test');
  const u = await scim('POST', '/Users', scimToken, {
    schemas: [URN_USER], userName: ALICE, active: true,
    name: { givenName: 'Alice', familyName: 'Admin' },
    emails: [{ value: ALICE, type: 'work', primary: true }],
  });
  alice = expect(u, 201).id;
  const g = await scim('POST', '/Groups', scimToken, {
    schemas: [URN_GROUP], displayName: `Admins ${rnd}`, members: [{ value: alice }],
  });
  group = expect(g, 201).id;
});

describe('admin API: authentication', () => {
  it('no Authorization → 401', async () => {
    expectError(await admin('GET', `/orgs/${org}`, { token: null }), 401);
  });
  it('an unknown token → 401', async () => {
    expectError(await admin('GET', `/orgs/${org}`, { token: 'op_nope' }), 401);
  });
  it('a SCIM token is refused on /admin/v1 → 401', async () => {
    expectError(await admin('GET', `/orgs/${org}`, { token: scimToken }), 401);
    expectError(await admin('POST', '/orgs', { token: scimToken, body: { name: 'x' } }), 401);
  });
  it('the operator token is refused on /scim/v2 → 401', async () => {
    expectError(await scim('GET', '/Users', OP), 401);
    expectError(await scim('GET', `/Users/${alice}`, OP), 401);
  });
});

describe('admin API: routing', () => {
  it('unknown paths → 404', async () => {
    for (const p of ['', '/', '/nope', `/orgs/${org}/nope`, `/orgs/${org}/tokens/a/b`,
      `/orgs/${org}/members/${alice}`]) {
      expectError(await admin('GET', p), 404);
    }
  });
  it('wrong methods → 405 with Allow', async () => {
    const cases = [
      ['GET', '/orgs', 'POST'], ['DELETE', `/orgs/${org}`, 'GET'],
      ['PUT', `/orgs/${org}/policy`, 'PATCH'], ['GET', `/orgs/${org}/domains/${DOMAIN}`, 'PUT, DELETE'],
      ['PUT', `/orgs/${org}/tokens`, 'GET, POST'], ['GET', `/orgs/${org}/sso-secret`, 'POST'],
      ['POST', `/orgs/${org}/seats`, 'GET'], ['DELETE', `/orgs/${org}/audit`, 'GET'],
    ];
    for (const [m, p, allow] of cases) {
      const res = await admin(m, p);
      expectError(res, 405);
      assert.equal(res.headers.get('allow'), allow, ctx(res));
    }
  });
  it('bad JSON → 400 invalidSyntax; a non-object or wrong types → 400 invalidValue', async () => {
    expectError(await admin('POST', '/orgs', { raw: '{"name":' }), 400, 'invalidSyntax');
    expectError(await admin('POST', '/orgs', { raw: '' }), 400, 'invalidSyntax');
    expectError(await admin('POST', '/orgs', { body: ['x'] }), 400, 'invalidValue');
    expectError(await admin('POST', '/orgs', { body: { name: 7 } }), 400, 'invalidValue');
  });
  it('a non-JSON content type → 415', async () => {
    expectError(await admin('POST', '/orgs', { raw: 'name=x', type: 'text/plain' }), 415);
  });
});

describe('admin API: orgs', () => {
  it('POST /orgs → 201 {id}; GET shows policy, domains and seats', async () => {
    const org2 = expect(await admin('POST', '/orgs', {
      body: { name: `Two ${rnd}`, domains: [`two-${rnd}.test`], allowOutsideMembers: true },
    }), 201).id;
    assert.match(org2, UUID_RE);
    const o = expect(await admin('GET', `/orgs/${org2}`), 200);
    assert.equal(o.id, org2);
    assert.equal(o.name, `Two ${rnd}`);
    assert.equal(o.policy.allowOutsideMembers, true);
    assert.deepEqual(o.domains, [{ domain: `two-${rnd}.test`, verified: true, jit: false }]);
    assert.deepEqual(o.seats, { used: 0, limit: null });
  });
  it('GET of this file\'s org: defaults and the owner + alice seats', async () => {
    const o = expect(await admin('GET', `/orgs/${org}`), 200);
    assert.deepEqual(Object.keys(o.policy).sort(),
      ['allowOutsideMembers', 'removalRatePerHour', 'revokeApiKeysOnRemoval', 'seatLimit',
        'sessionIdleHours', 'sessionMaxDays']);
    assert.equal(o.policy.sessionIdleHours, 12);
    assert.equal(o.policy.sessionMaxDays, 7);
    assert.equal(o.policy.allowOutsideMembers, false);
    assert.equal(typeof o.policy.removalRatePerHour, 'number');
    assert.deepEqual(o.seats, { used: 2, limit: null });
  });
  it('POST /orgs errors → 400 invalidValue', async () => {
    expectError(await admin('POST', '/orgs', { body: {} }), 400, 'invalidValue');
    expectError(await admin('POST', '/orgs', { body: { name: 'x', domains: 'a.test' } }), 400, 'invalidValue');
    expectError(await admin('POST', '/orgs', { body: { name: 'x', domains: [1] } }), 400, 'invalidValue');
    expectError(await admin('POST', '/orgs', { body: { name: 'x', allowOutsideMembers: 'yes' } }), 400, 'invalidValue');
    expectError(await admin('POST', '/orgs', { body: { name: 'x', ownerEmail: 5 } }), 400, 'invalidValue');
  });
  it('unknown org → 404 on every org endpoint', async () => {
    expectError(await admin('GET', `/orgs/${NO_ORG}`), 404);
    expectError(await admin('GET', '/orgs/not-a-uuid'), 404);
    expectError(await admin('PATCH', `/orgs/${NO_ORG}/policy`, { body: { seatLimit: 1 } }), 404);
    expectError(await admin('GET', `/orgs/${NO_ORG}/tokens`), 404);
    expectError(await admin('GET', `/orgs/${NO_ORG}/api-keys`), 404);
    expectError(await admin('GET', `/orgs/${NO_ORG}/seats`), 404);
    expectError(await admin('GET', `/orgs/${NO_ORG}/audit`), 404);
    expectError(await admin('POST', `/orgs/${NO_ORG}/sso-secret`), 404);
  });
});

describe('admin API: policy', () => {
  it('PATCH sets the given fields and GET shows them', async () => {
    const p = expect(await admin('PATCH', `/orgs/${org}/policy`, {
      body: { allowOutsideMembers: true, removalRatePerHour: 42, revokeApiKeysOnRemoval: true, seatLimit: 25,
        sessionIdleHours: 2, sessionMaxDays: 3 },
    }), 200);
    assert.deepEqual(p, { allowOutsideMembers: true, removalRatePerHour: 42, revokeApiKeysOnRemoval: true, seatLimit: 25,
      sessionIdleHours: 2, sessionMaxDays: 3 });
    const o = expect(await admin('GET', `/orgs/${org}`), 200);
    assert.deepEqual(o.policy, p);
    assert.deepEqual(o.seats, { used: 2, limit: 25 });
  });
  it('fields left out are kept; seatLimit null removes the limit', async () => {
    const p = expect(await admin('PATCH', `/orgs/${org}/policy`, {
      body: { allowOutsideMembers: false, seatLimit: null },
    }), 200);
    assert.deepEqual(p, { allowOutsideMembers: false, removalRatePerHour: 42, revokeApiKeysOnRemoval: true, seatLimit: null,
      sessionIdleHours: 2, sessionMaxDays: 3 });
    assert.deepEqual(expect(await admin('GET', `/orgs/${org}`), 200).policy, p);
  });
  it('wrong types and ranges → 400 invalidValue', async () => {
    for (const body of [{ allowOutsideMembers: 'yes' }, { removalRatePerHour: -1 },
      { removalRatePerHour: 1.5 }, { removalRatePerHour: null }, { seatLimit: 'x' },
      { seatLimit: -1 }, { revokeApiKeysOnRemoval: 1 }, { sessionIdleHours: 0 }, { sessionMaxDays: 3651 },
      { sessionIdleHours: null }]) {
      expectError(await admin('PATCH', `/orgs/${org}/policy`, { body }), 400, 'invalidValue');
    }
  });
});

describe('admin API: domains', () => {
  const d = `extra-${rnd}.test`;
  it('PUT adds a domain → 200; GET shows it; a second PUT keeps what it omits', async () => {
    const r = expect(await admin('PUT', `/orgs/${org}/domains/${d.toUpperCase()}`, {
      body: { verified: true, jit: true },
    }), 200);
    assert.deepEqual(r, { domain: d, verified: true, jit: true });
    const r2 = expect(await admin('PUT', `/orgs/${org}/domains/${d}`, { body: { jit: false } }), 200);
    assert.deepEqual(r2, { domain: d, verified: true, jit: false });
    const o = expect(await admin('GET', `/orgs/${org}`), 200);
    assert.deepEqual(o.domains.find((x) => x.domain === d), r2);
  });
  it('DELETE → 204; again → 404', async () => {
    assert.equal((await admin('DELETE', `/orgs/${org}/domains/${d}`)).status, 204);
    const o = expect(await admin('GET', `/orgs/${org}`), 200);
    assert.ok(!o.domains.some((x) => x.domain === d), 'domain removed');
    expectError(await admin('DELETE', `/orgs/${org}/domains/${d}`), 404);
  });
  it('errors: invalid domain, wrong types, unknown org', async () => {
    expectError(await admin('PUT', `/orgs/${org}/domains/not_a_domain`, { body: {} }), 400, 'invalidValue');
    expectError(await admin('PUT', `/orgs/${org}/domains/${d}`, { body: { verified: 'yes' } }), 400, 'invalidValue');
    expectError(await admin('PUT', `/orgs/${NO_ORG}/domains/${d}`, { body: { verified: true } }), 404);
  });
});

describe('admin API: SCIM tokens', () => {
  let tok;
  let tokId;
  it('POST → 201 {token}, which works on /scim/v2', async () => {
    tok = expect(await admin('POST', `/orgs/${org}/tokens`, {
      body: { label: `revoke-me-${rnd}`, admin: OWNER },
    }), 201).token;
    assert.equal(typeof tok, 'string');
    expect(await scim('GET', '/Users?count=1', tok), 200);
  });
  it('GET lists tokens with their creator, never the token itself', async () => {
    const res = await admin('GET', `/orgs/${org}/tokens`);
    const list = expect(res, 200).tokens;
    assert.ok(Array.isArray(list));
    const t = list.find((x) => x.label === `revoke-me-${rnd}`);
    assert.ok(t, ctx(res));
    assert.match(t.id, UUID_RE);
    assert.equal(t.admin, OWNER);
    assert.equal(t.revoked, null);
    assert.equal(typeof t.created, 'string');
    assert.ok(!res.text.includes(tok) && !res.text.includes(scimToken), 'no token in the list');
    tokId = t.id;
  });
  it('DELETE → 204; the token then gets 401 on /scim/v2/Users; again → 404', async () => {
    assert.equal((await admin('DELETE', `/orgs/${org}/tokens/${tokId}`)).status, 204);
    expectError(await scim('GET', '/Users', tok), 401);
    const t = expect(await admin('GET', `/orgs/${org}/tokens`), 200).tokens.find((x) => x.id === tokId);
    assert.equal(typeof t.revoked, 'string');
    expectError(await admin('DELETE', `/orgs/${org}/tokens/${tokId}`), 404);
    expectError(await admin('DELETE', `/orgs/${org}/tokens/nope`), 404);
    expect(await scim('GET', '/Users?count=1', scimToken), 200);
  });
  it('errors: wrong types → 400; unknown org → 404', async () => {
    expectError(await admin('POST', `/orgs/${org}/tokens`, { body: { label: 1 } }), 400, 'invalidValue');
    expectError(await admin('POST', `/orgs/${org}/tokens`, { body: { admin: true } }), 400, 'invalidValue');
    expectError(await admin('POST', `/orgs/${NO_ORG}/tokens`, { body: { label: 'x' } }), 404);
  });
});

describe('admin API: SSO secret', () => {
  it('POST → 201 {secret}; sign-in with it gives a session that /sso/v1/session accepts', async () => {
    const secret = expect(await admin('POST', `/orgs/${org}/sso-secret`), 201).secret;
    assert.equal(typeof secret, 'string');
    const login = await call('POST', `${ROOT}/sso/v1/login`, { token: secret, body: { email: ALICE } });
    const s = expect(login, 200);
    assert.equal(typeof s.session, 'string', ctx(login));
    const sess = expect(await call('GET', `${ROOT}/sso/v1/session`, { token: s.session }), 200);
    assert.equal(sess.userName, ALICE);
    assert.equal(sess.orgId, org);
    const again = expect(await admin('POST', `/orgs/${org}/sso-secret`), 201).secret;
    assert.notEqual(again, secret);
    expectError(await call('POST', `${ROOT}/sso/v1/login`, { token: secret, body: { email: ALICE } }), 401);
  });
});

describe('admin API: roles and ownership', () => {
  it('PUT members/{member}/role → 200, by id or userName', async () => {
    assert.deepEqual(expect(await admin('PUT', `/orgs/${org}/members/${alice}/role`, { body: { role: 'admin' } }), 200),
      { member: alice, role: 'admin' });
    expect(await admin('PUT', `/orgs/${org}/members/${ALICE}/role`, { body: { role: 'member' } }), 200);
    expect(await admin('PUT', `/orgs/${org}/members/${ALICE}/role`, { body: { role: 'admin' } }), 200);
  });
  it('member role errors: bad role 400, missing 400, unknown member 404, owner 409', async () => {
    expectError(await admin('PUT', `/orgs/${org}/members/${alice}/role`, { body: { role: 'boss' } }), 400, 'invalidValue');
    expectError(await admin('PUT', `/orgs/${org}/members/${alice}/role`, { body: {} }), 400, 'invalidValue');
    expectError(await admin('PUT', `/orgs/${org}/members/${alice}/role`, { body: { role: 1 } }), 400, 'invalidValue');
    expectError(await admin('PUT', `/orgs/${org}/members/nobody@${DOMAIN}/role`, { body: { role: 'admin' } }), 404);
    expectError(await admin('PUT', `/orgs/${org}/members/${OWNER}/role`, { body: { role: 'member' } }), 409);
  });
  it('PUT groups/{group}/role → 200; null stops granting a role', async () => {
    assert.deepEqual(expect(await admin('PUT', `/orgs/${org}/groups/${group}/role`, { body: { role: 'admin' } }), 200),
      { group, role: 'admin' });
    assert.deepEqual(expect(await admin('PUT', `/orgs/${org}/groups/${group}/role`, { body: { role: null } }), 200),
      { group, role: null });
  });
  it('group role errors: missing 400, wrong type 400, bad role 400, unknown group 404', async () => {
    expectError(await admin('PUT', `/orgs/${org}/groups/${group}/role`, { body: {} }), 400, 'invalidValue');
    expectError(await admin('PUT', `/orgs/${org}/groups/${group}/role`, { body: { role: 5 } }), 400, 'invalidValue');
    expectError(await admin('PUT', `/orgs/${org}/groups/${group}/role`, { body: { role: 'owner' } }), 400, 'invalidValue');
    expectError(await admin('PUT', `/orgs/${org}/groups/${NO_ORG}/role`, { body: { role: 'admin' } }), 404);
  });
  it('POST ownership → 200; the old owner becomes admin and may then be demoted; transfer back', async () => {
    assert.deepEqual(expect(await admin('POST', `/orgs/${org}/ownership`, { body: { to: ALICE } }), 200),
      { owner: ALICE });
    expectError(await admin('PUT', `/orgs/${org}/members/${ALICE}/role`, { body: { role: 'member' } }), 409);
    expect(await admin('PUT', `/orgs/${org}/members/${OWNER}/role`, { body: { role: 'member' } }), 200);
    expect(await admin('POST', `/orgs/${org}/ownership`, { body: { to: OWNER } }), 200);
  });
  it('ownership errors: missing to 400, unknown member 404', async () => {
    expectError(await admin('POST', `/orgs/${org}/ownership`, { body: {} }), 400, 'invalidValue');
    expectError(await admin('POST', `/orgs/${org}/ownership`, { body: { to: ['x'] } }), 400, 'invalidValue');
    expectError(await admin('POST', `/orgs/${org}/ownership`, { body: { to: `ghost@${DOMAIN}` } }), 404);
  });
});

// A refused operator change is audited as guard.refused naming what the
// operator acted on: a member by id and userName, a group by id and
// displayName (never as a userName). The org has no owner, so the one
// manager can be demoted through either path.
describe('admin API: guard.refused names its target', () => {
  const D = `ref-${rnd}.test`;
  const BOB = `bob@${D}`;
  const GROUP = `Managers ${rnd}`;
  let o;
  let bob;
  let grp;
  const refused = async () => jsonLines((await admin('GET', `/orgs/${o}/audit?action=guard.refused`)).text);

  before(async () => {
    o = expect(await admin('POST', '/orgs', { body: { name: `Refusals ${rnd}`, domains: [D] } }), 201).id;
    const tok = expect(await admin('POST', `/orgs/${o}/tokens`, { body: { label: 'refusals' } }), 201).token;
    bob = expect(await scim('POST', '/Users', tok, {
      schemas: [URN_USER], userName: BOB, active: true, emails: [{ value: BOB, type: 'work', primary: true }],
    }), 201).id;
    grp = expect(await scim('POST', '/Groups', tok, {
      schemas: [URN_GROUP], displayName: GROUP, members: [{ value: bob }],
    }), 201).id;
  });
  it('demoting the only manager, named by id: the member\'s id and userName', async () => {
    expect(await admin('PUT', `/orgs/${o}/members/${bob}/role`, { body: { role: 'admin' } }), 200);
    expectError(await admin('PUT', `/orgs/${o}/members/${bob}/role`, { body: { role: 'member' } }), 409);
    const ev = await refused();
    assert.equal(ev.length, 1, JSON.stringify(ev));
    assert.equal(ev[0].targetMemberId, bob);
    assert.equal(ev[0].targetUserName, BOB);
    assert.equal(ev[0].targetEmail, BOB);
  });
  it('unmapping the only admin group: the group\'s id and displayName, no userName', async () => {
    expect(await admin('PUT', `/orgs/${o}/groups/${grp}/role`, { body: { role: 'admin' } }), 200);
    expect(await admin('PUT', `/orgs/${o}/members/${bob}/role`, { body: { role: 'member' } }), 200);
    expectError(await admin('PUT', `/orgs/${o}/groups/${grp}/role`, { body: { role: null } }), 409);
    const ev = (await refused()).slice(1);
    assert.equal(ev.length, 1, JSON.stringify(ev));
    assert.equal(ev[0].targetUserName, null);
    assert.equal(ev[0].targetMemberId, null);
    assert.equal(ev[0].targetEmail, null);
    assert.equal(ev[0].detail.target_group_id, grp);
    assert.equal(ev[0].detail.target_display_name, GROUP);
    assert.equal(ev[0].detail.status, '409');
  });
});

describe('admin API: org API keys', () => {
  let key;
  it('POST → 201 {id, key}; GET lists it without the key; DELETE → 204, again 404', async () => {
    key = expect(await admin('POST', `/orgs/${org}/api-keys`, { body: { member: ALICE, label: `k-${rnd}` } }), 201);
    assert.match(key.id, UUID_RE);
    assert.equal(typeof key.key, 'string');
    const res = await admin('GET', `/orgs/${org}/api-keys`);
    const k = expect(res, 200).apiKeys.find((x) => x.id === key.id);
    assert.deepEqual({ label: k.label, member: k.member, revoked: k.revoked }, { label: `k-${rnd}`, member: alice, revoked: null });
    assert.ok(!res.text.includes(key.key), 'no key in the list');
    assert.equal((await admin('DELETE', `/orgs/${org}/api-keys/${key.id}`)).status, 204);
    const k2 = expect(await admin('GET', `/orgs/${org}/api-keys`), 200).apiKeys.find((x) => x.id === key.id);
    assert.equal(typeof k2.revoked, 'string');
    expectError(await admin('DELETE', `/orgs/${org}/api-keys/${key.id}`), 404);
  });
  it('errors: member missing 400, wrong type 400, unknown member 404', async () => {
    expectError(await admin('POST', `/orgs/${org}/api-keys`, { body: { label: 'x' } }), 400, 'invalidValue');
    expectError(await admin('POST', `/orgs/${org}/api-keys`, { body: { member: ALICE, label: 3 } }), 400, 'invalidValue');
    expectError(await admin('POST', `/orgs/${org}/api-keys`, { body: { member: `ghost@${DOMAIN}` } }), 404);
  });
});

describe('admin API: seats', () => {
  it('GET → {used, limit}, following the policy', async () => {
    expect(await admin('PATCH', `/orgs/${org}/policy`, { body: { seatLimit: 50 } }), 200);
    assert.deepEqual(expect(await admin('GET', `/orgs/${org}/seats`), 200), { used: 2, limit: 50 });
    expect(await admin('PATCH', `/orgs/${org}/policy`, { body: { seatLimit: null } }), 200);
    assert.deepEqual(expect(await admin('GET', `/orgs/${org}/seats`), 200), { used: 2, limit: null });
  });
});

describe('admin API: audit', () => {
  it('GET → 200 application/x-ndjson, one event per line, including what this file did', async () => {
    const res = await admin('GET', `/orgs/${org}/audit`);
    assert.equal(res.status, 200, ctx(res));
    assert.match(res.headers.get('content-type') || '', /^application\/x-ndjson/);
    assert.ok(res.text.endsWith('\n'), 'lines end with a newline');
    const events = jsonLines(res.text);
    const actions = new Set(events.map((e) => e.action));
    for (const a of ['token.created', 'token.revoked', 'org.policy_changed', 'member.role_changed',
      'ownership.transferred', 'api_key.created', 'api_key.revoked']) {
      assert.ok(actions.has(a), `audit has ${a}: ${[...actions].join(', ')}`);
    }
  });
  it('filters: action, target, limit, since/until', async () => {
    const byAction = jsonLines((await admin('GET', `/orgs/${org}/audit?action=token.created`)).text);
    assert.ok(byAction.length >= 2 && byAction.every((e) => e.action === 'token.created'));
    const byTarget = jsonLines((await admin('GET', `/orgs/${org}/audit?target=${encodeURIComponent(ALICE)}`)).text);
    assert.ok(byTarget.length >= 1 && byTarget.every((e) => e.targetMemberId === alice || e.targetUserName === ALICE));
    assert.equal(jsonLines((await admin('GET', `/orgs/${org}/audit?limit=1`)).text).length, 1);
    const future = await admin('GET', `/orgs/${org}/audit?since=2999-01-01T00:00:00Z`);
    assert.equal(future.status, 200);
    assert.equal(future.text, '');
    assert.equal(jsonLines((await admin('GET', `/orgs/${org}/audit?until=2000-01-01T00:00:00Z`)).text).length, 0);
  });
  it('bad parameters → 400 invalidValue', async () => {
    for (const q of ['limit=0', 'limit=x', 'limit=100001', 'since=yesterday', 'until=1']) {
      expectError(await admin('GET', `/orgs/${org}/audit?${q}`), 400, 'invalidValue');
    }
  });
});

describe('command line', () => {
  it('operator-token create prints one token that works on /admin/v1 only', async () => {
    const out = cliOk('operator-token', 'create', '--label', `cli-${rnd}`);
    assert.match(out, /^\S+\n$/);
    const t = out.trim();
    expect(await admin('GET', `/orgs/${org}`, { token: t }), 200);
    expectError(await scim('GET', '/Users', t), 401);
  });
  it('org show prints the org as one JSON line; org policy prints the new policy', async () => {
    const [o] = jsonLines(cliOk('org', 'show', '--org', org));
    assert.equal(o.id, org);
    assert.ok(o.domains.some((d) => d.domain === DOMAIN));
    const out = cliOk('org', 'policy', '--org', org, '--seat-limit', '3', '--removal-rate', '9',
      '--allow-outside-members', 'true', '--revoke-api-keys-on-removal', 'false',
      '--session-idle-hours', '5', '--session-max-days', '6');
    const want = { allowOutsideMembers: true, removalRatePerHour: 9, revokeApiKeysOnRemoval: false, seatLimit: 3,
      sessionIdleHours: 5, sessionMaxDays: 6 };
    assert.deepEqual(jsonLines(out), [want]);
    const p = expect(await admin('GET', `/orgs/${org}`), 200).policy;
    assert.deepEqual(p, want);
    assert.equal(jsonLines(cliOk('org', 'policy', '--org', org, '--seat-limit', 'none'))[0].seatLimit, null);
  });
  it('domain add|verify|jit-on|jit-off|unverify|remove', async () => {
    const d = `cli-${rnd}.test`;
    const state = async () => expect(await admin('GET', `/orgs/${org}`), 200).domains.find((x) => x.domain === d);
    assert.equal(cliOk('domain', 'add', '--org', org, '--domain', d), '');
    assert.deepEqual(await state(), { domain: d, verified: false, jit: false });
    cliOk('domain', 'verify', '--org', org, '--domain', d);
    cliOk('domain', 'jit-on', '--org', org, '--domain', d);
    assert.deepEqual(await state(), { domain: d, verified: true, jit: true });
    cliOk('domain', 'jit-off', '--org', org, '--domain', d);
    cliOk('domain', 'unverify', '--org', org, '--domain', d);
    assert.deepEqual(await state(), { domain: d, verified: false, jit: false });
    cliOk('domain', 'remove', '--org', org, '--domain', d);
    assert.equal(await state(), undefined);
    const r = cliFails('domain', 'remove', '--org', org, '--domain', d);
    assert.equal(r.status, 1);
  });
  it('token list / token revoke: the revoked token gets 401', async () => {
    const tok = cliOk('token', 'create', '--org', org, '--label', `cli-tok-${rnd}`, '--admin', OWNER).trim();
    expect(await scim('GET', '/Users?count=1', tok), 200);
    const list = jsonLines(cliOk('token', 'list', '--org', org));
    const t = list.find((x) => x.label === `cli-tok-${rnd}`);
    assert.ok(t && t.admin === OWNER, JSON.stringify(list));
    assert.ok(!JSON.stringify(list).includes(tok));
    assert.equal(cliOk('token', 'revoke', '--org', org, '--token', t.id), '');
    expectError(await scim('GET', '/Users', tok), 401);
  });
  it('sso-secret rotate prints a secret that signs in', async () => {
    const out = cliOk('sso-secret', 'rotate', '--org', org);
    assert.match(out, /^\S+\n$/);
    expect(await call('POST', `${ROOT}/sso/v1/login`, { token: out.trim(), body: { email: ALICE } }), 200);
  });
  it('member role, group role, ownership transfer', async () => {
    cliOk('member', 'role', '--org', org, '--member', ALICE, '--role', 'member');
    cliOk('group', 'role', '--org', org, '--group', group, '--role', 'admin');
    cliOk('group', 'role', '--org', org, '--group', group, '--role', 'none');
    cliOk('member', 'role', '--org', org, '--member', ALICE, '--role', 'admin');
    cliOk('ownership', 'transfer', '--org', org, '--to', ALICE);
    cliOk('ownership', 'transfer', '--org', org, '--to', OWNER);
    const events = jsonLines(cliOk('audit', '--org', org, '--action', 'group.role_changed'));
    assert.ok(events.length >= 2 && events.every((e) => e.action === 'group.role_changed'));
  });
  it('apikey create prints id then key; list; revoke', () => {
    const [id, key] = cliOk('apikey', 'create', '--org', org, '--member', ALICE, '--label', `cli-${rnd}`).trim().split('\n');
    assert.match(id, UUID_RE);
    assert.ok(key && key.length > 10);
    const k = jsonLines(cliOk('apikey', 'list', '--org', org)).find((x) => x.id === id);
    assert.equal(k.revoked, null);
    cliOk('apikey', 'revoke', '--org', org, '--key', id);
    assert.equal(typeof jsonLines(cliOk('apikey', 'list', '--org', org)).find((x) => x.id === id).revoked, 'string');
  });
  it('seats and audit print JSON lines', () => {
    assert.deepEqual(jsonLines(cliOk('seats', '--org', org)), [{ used: 2, limit: null }]);
    const ev = jsonLines(cliOk('audit', '--org', org, '--action', 'token.created', '--limit', '1'));
    assert.equal(ev.length, 1);
    assert.equal(ev[0].action, 'token.created');
    assert.ok(jsonLines(cliOk('audit', '--org', org, '--target', ALICE)).length >= 1);
  });
  it('--help prints usage on stdout and exits 0', () => {
    for (const args of [['--help'], ['org', 'show', '--help'], ['org', 'policy', '--help'],
      ['token', 'list', '--help'], ['token', 'revoke', '--help'], ['domain', '--help'],
      ['domain', 'add', '--help'], ['sso-secret', 'rotate', '--help'], ['ownership', 'transfer', '--help'],
      ['member', 'role', '--help'], ['group', 'role', '--help'], ['apikey', 'create', '--help'],
      ['seats', '--help'], ['audit', '--help'], ['operator-token', 'create', '--help']]) {
      const r = cli(...args);
      assert.equal(r.status, 0, `scimd ${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout, /usage: scimd/, `scimd ${args.join(' ')}`);
    }
    assert.match(cliOk('--help'), /operator-token create/);
  });
  it('bad arguments: non-zero exit and a message on stderr', () => {
    const bad = [
      ['seats'], ['seats', '--org'], ['seats', '--org', org, '--domain', 'x'], ['seats', '--bogus'],
      ['org', 'show'], ['org', 'policy', '--org', org, '--seat-limit', 'lots'],
      ['org', 'policy', '--org', org, '--allow-outside-members', 'maybe'],
      ['org', 'policy', '--org', org, '--removal-rate', '-1'],
      ['domain'], ['domain', 'frob', '--org', org], ['domain', 'add', '--org', org],
      ['token', 'revoke', '--org', org], ['member', 'role', '--org', org, '--member', ALICE, '--role', 'boss'],
      ['group', 'role', '--org', org, '--group', group, '--role', 'owner'],
      ['apikey', 'create', '--org', org], ['apikey', 'revoke', '--org', org],
      ['audit', '--org', org, '--limit', '0'], ['ownership', 'transfer', '--org', org],
      ['operator-token', 'create', 'extra'], ['sso-secret', 'spin', '--org', org],
    ];
    for (const args of bad) cliFails(...args);
  });
  it('domain errors exit 1 with the reason on stderr', () => {
    for (const args of [['seats', '--org', NO_ORG], ['org', 'show', '--org', 'nope'],
      ['member', 'role', '--org', org, '--member', `ghost@${DOMAIN}`, '--role', 'admin'],
      ['member', 'role', '--org', org, '--member', OWNER, '--role', 'member'],
      ['token', 'revoke', '--org', org, '--token', NO_ORG]]) {
      const r = cliFails(...args);
      assert.equal(r.status, 1, `scimd ${args.join(' ')}`);
      assert.match(r.stderr, /^scimd: cannot /, `scimd ${args.join(' ')}`);
    }
  });
});
