// conformance/lib/lifecycle.mjs: helpers for the lifecycle-*.test.mjs files,
// which check the membership lifecycle (provision, deactivate, reactivate,
// remove) and its guards over HTTP *and* in the database. Node built-ins
// only: global fetch, node:child_process (the scimd command line, psql, a
// second `scimd serve`), node:worker_threads (one psql session per file),
// node:assert.
//
// Environment:
//   SCIM_BASE_URL        e.g. http://127.0.0.1:8080/scim/v2            (required)
//   SCIMD_BIN            the scimd binary, for `org create`, `token create`
//                        and the operator subcommands; also started as a
//                        second `serve` process by the multi-process tests (required)
//   SCIMD_DATABASE_URL   the server's PostgreSQL, read with psql        (required)
//   SCIMD_OPERATOR_TOKEN bearer token for /admin/v1                     (required)
//   SCIM_TIMEOUT_MS      per-request timeout (default 15000)
//   PSQL                 the psql binary (default: PostgreSQL's own, else psql on PATH)
//
// Each test file makes its own organizations (random names and domains), so
// the files run in parallel against one server and one database, and again
// and again, without colliding. Nothing here reads SCIM_TOKEN.
//
// Operator actions go through the command line (scimd <subcommand>) and
// nothing else: a step that fails throws. The tests about the admin API
// call it with admin(). SQL only reads, to assert the database state.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';

const missing = ['SCIM_BASE_URL', 'SCIMD_BIN', 'SCIMD_DATABASE_URL', 'SCIMD_OPERATOR_TOKEN']
  .filter((k) => !process.env[k]);
if (missing.length) {
  // A run without a target must fail, never pass silently.
  throw new Error(`lifecycle tests: set ${missing.join(', ')} ` +
    '(SCIM_BASE_URL=http://HOST:PORT/scim/v2, SCIMD_BIN=path/to/scimd, ' +
    'SCIMD_DATABASE_URL=postgresql://... of that server, SCIMD_OPERATOR_TOKEN from ' +
    '`scimd operator-token create`)');
}

export const BASE_URL = process.env.SCIM_BASE_URL.replace(/\/+$/, '');
export const ROOT_URL = /\/scim\/v2$/i.test(BASE_URL)
  ? BASE_URL.replace(/\/scim\/v2$/i, '')
  : new URL(BASE_URL).origin;
export const BIN = process.env.SCIMD_BIN;
export const DB_URL = process.env.SCIMD_DATABASE_URL;
export const OPERATOR_TOKEN = process.env.SCIMD_OPERATOR_TOKEN;
const TIMEOUT_MS = Number(process.env.SCIM_TIMEOUT_MS || 15000);

export const URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
};

// ---- unique names ----------------------------------------------------------------

export const RUN = randomBytes(3).toString('hex');
let seq = 0;
export function uniq(prefix = 'x') {
  seq += 1;
  return `${prefix}-${RUN}${seq.toString(36)}${randomBytes(2).toString('hex')}`.toLowerCase();
}
export const uniqDomain = (prefix = 'life') => `${uniq(prefix)}.test`;

// ---- the scimd command line -------------------------------------------------------

const childEnv = () => ({ ...process.env, SCIMD_DATABASE_URL: DB_URL });

// Runs `scimd args...`; never throws. {ok, status, out, err}
export function runBin(args) {
  try {
    const out = execFileSync(BIN, args, {
      encoding: 'utf8', env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000,
    });
    return { ok: true, status: 0, out: out.trim(), err: '' };
  } catch (e) {
    return { ok: false, status: e.status, out: String(e.stdout || '').trim(), err: String(e.stderr || e.message) };
  }
}

// `scimd args...`, stdout trimmed; throws with stderr when it fails.
export function cli(args) {
  const r = runBin(args);
  if (!r.ok) throw new Error(`scimd ${args.join(' ')} exited ${r.status}: ${r.err.trim()}`);
  return r.out;
}

// ---- psql -------------------------------------------------------------------------

// Database assertions go through the psql command-line client, with values
// passed as psql variables (used in the SQL as :'name'), never spliced into
// SQL text. One psql process per test file serves every query: starting
// psql costs ~0.1 s, which over a few hundred queries would be most of the
// run. It lives in a worker thread so that psql() stays synchronous: the
// caller blocks on Atomics.wait while the worker talks to psql. Each query
// is sent as `\set name 'value'` lines (the session form of `-v name=value`),
// the SQL, and an end marker echoed on stdout and stderr.
//
// Debian's /usr/bin/psql is a Perl wrapper; the real binary is used when it
// is there (PSQL overrides).
const PSQL = process.env.PSQL || ['17', '16', '15', '14', '13']
  .map((v) => `/usr/lib/postgresql/${v}/bin/psql`).find((p) => existsSync(p)) || 'psql';

const PSQL_WORKER = `
const { workerData } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const { bin, url, sab, port } = workerData;
const flag = new Int32Array(sab);
const child = spawn(bin, [url, '-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=0'], { stdio: ['pipe', 'pipe', 'pipe'] });
let out = '', err = '', pending = null, seq = 0, dead = null;
const finish = (msg) => { pending = null; port.postMessage(msg); Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); };
const check = () => {
  if (!pending) return;
  const i = out.indexOf(pending), j = err.indexOf(pending);
  if (i < 0 || j < 0) return;
  const o = out.slice(0, i), e = err.slice(0, j);
  out = out.slice(i + pending.length);
  err = err.slice(j + pending.length);
  finish({ out: o, err: e });
};
child.stdout.setEncoding('utf8');
child.stderr.setEncoding('utf8');
child.stdout.on('data', (d) => { out += d; check(); });
child.stderr.on('data', (d) => { err += d; check(); });
child.stdin.on('error', () => {});
child.on('error', (e) => { dead = 'cannot run ' + bin + ': ' + e.message; if (pending) finish({ error: dead }); });
child.on('exit', (code) => { dead = 'psql exited (' + code + '): ' + err; if (pending) finish({ error: dead }); });
const quote = (v) => "'" + String(v).replace(/\\\\/g, '\\\\\\\\').replace(/'/g, "''")
  .replace(/\\n/g, '\\\\n').replace(/\\r/g, '\\\\r').replace(/\\t/g, '\\\\t') + "'";
port.on('message', ({ sql, vars }) => {
  if (dead) { finish({ error: dead }); return; }
  seq += 1;
  pending = '__lifecycle_end_' + seq + '__\\n';
  let s = '';
  for (const [k, v] of vars) s += '\\\\set ' + k + ' ' + quote(v) + '\\n';
  s += sql.trim().replace(/;*$/, ';') + '\\n';
  for (const [k] of vars) s += '\\\\unset ' + k + '\\n';
  s += '\\\\echo __lifecycle_end_' + seq + '__\\n\\\\warn __lifecycle_end_' + seq + '__\\n';
  child.stdin.write(s);
});
`;

let session;
function psqlSession() {
  if (session) return session;
  const sab = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(PSQL_WORKER, {
    eval: true, workerData: { bin: PSQL, url: DB_URL, sab, port: port2 }, transferList: [port2],
  });
  worker.unref();
  worker.on('error', (e) => process.stderr.write(`# lifecycle: psql worker failed: ${e.message}\n`));
  session = { flag: new Int32Array(sab), port: port1 };
  return session;
}

// Runs SQL (one or more statements) with psql variables; returns stdout
// trimmed, or throws with psql's error (e.stderr).
export function psql(sql, vars = {}) {
  const s = psqlSession();
  const entries = [];
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined || v === null) continue;
    assert.match(k, /^[A-Za-z_][A-Za-z0-9_]*$/, `psql variable name ${k}`);
    entries.push([k, String(v)]);
  }
  Atomics.store(s.flag, 0, 0);
  s.port.postMessage({ sql, vars: entries });
  if (Atomics.wait(s.flag, 0, 0, 60000) === 'timed-out') throw new Error(`psql: no answer in 60 s\nSQL: ${sql}`);
  const got = receiveMessageOnPort(s.port);
  if (!got) throw new Error(`psql: no answer\nSQL: ${sql}`);
  const { out, err, error } = got.message;
  if (error) throw new Error(`psql: ${error}`);
  if (/\b(ERROR|FATAL):/.test(err)) {
    const e = new Error(`psql failed: ${err.trim()}\nSQL: ${sql}`);
    e.stderr = err;
    throw e;
  }
  return out.trim();
}

// Rows of a SELECT (no trailing semicolon) as an array of objects.
export function rows(select, vars = {}) {
  const out = psql(`SELECT coalesce(json_agg(t), '[]'::json) FROM (${select}) t;`, vars);
  return JSON.parse(out);
}
export function row(select, vars = {}) {
  const r = rows(select, vars);
  assert.ok(r.length <= 1, `expected at most one row, got ${r.length}: ${select}`);
  return r[0];
}
export function scalar(select, vars = {}) {
  const r = row(select, vars);
  return r === undefined ? undefined : Object.values(r)[0];
}

// The SQL must fail; returns psql's stderr.
export function psqlFails(sql, vars = {}) {
  try {
    const out = psql(sql, vars);
    assert.fail(`psql was expected to fail but succeeded (${out}): ${sql}`);
  } catch (e) {
    if (e.code === 'ERR_ASSERTION') throw e;
    return e.stderr || e.message;
  }
  return '';
}

// ---- HTTP -------------------------------------------------------------------------

export async function http(method, url, { token, body, headers = {}, contentType } = {}) {
  const h = { Accept: 'application/scim+json, application/json' };
  if (token) h.Authorization = `Bearer ${token}`;
  let payload;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    h['Content-Type'] = contentType || 'application/scim+json';
  }
  Object.assign(h, headers);
  let res;
  try {
    res = await fetch(url, { method, headers: h, body: payload, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    const cause = e && e.cause ? ` (${e.cause.code || e.cause.message || e.cause})` : '';
    throw new Error(`${method} ${url} failed: ${e.message}${cause}`);
  }
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json, method, url };
}

export function ctx(res) {
  const t = res.text && res.text.length > 500 ? `${res.text.slice(0, 500)}…` : res.text;
  return `${res.method} ${res.url} → ${res.status} ${t}`;
}
export function assertStatus(res, status, why = '') {
  assert.equal(res.status, status, `${why ? `${why}: ` : ''}expected ${status}: ${ctx(res)}`);
  return res;
}
// A SCIM error with this status whose detail matches `detail` (RegExp or substring).
export function assertError(res, status, detail, why = '') {
  assertStatus(res, status, why);
  assert.ok(res.json && Array.isArray(res.json.schemas) && res.json.schemas.includes(URN.error),
    `SCIM error body expected: ${ctx(res)}`);
  assert.equal(res.json.status, String(status), `error status: ${ctx(res)}`);
  if (detail !== undefined) {
    const d = String(res.json.detail || '');
    if (detail instanceof RegExp) assert.match(d, detail, `error detail: ${ctx(res)}`);
    else assert.ok(d.includes(detail), `error detail should contain "${detail}": ${ctx(res)}`);
  }
  return res.json;
}

export const patchBody = (...ops) => ({ schemas: [URN.patch], Operations: ops });

// The three ways an IdP deactivates (and reactivates) a user.
export const DEACTIVATE = {
  okta: { op: 'replace', value: { active: false } },
  entra: { op: 'Replace', path: 'active', value: 'False' },
};
export const REACTIVATE = {
  okta: { op: 'replace', value: { active: true } },
  entra: { op: 'Replace', path: 'active', value: 'True' },
};

export function userBody(userName, extra = {}) {
  const b = { schemas: [URN.user], userName, name: { givenName: 'Life', familyName: 'Cycle' } };
  if (userName.includes('@')) b.emails = [{ value: userName, type: 'work', primary: true }];
  return { ...b, ...extra };
}

// A SCIM client bound to one token and one server.
export class Scim {
  constructor(token, base = BASE_URL) { this.token = token; this.base = base; }
  req(method, path, body, headers) { return http(method, this.base + path, { token: this.token, body, headers }); }
  get(path) { return this.req('GET', path); }
  post(path, body) { return this.req('POST', path, body); }
  put(path, body) { return this.req('PUT', path, body); }
  patch(path, body) { return this.req('PATCH', path, body); }
  del(path) { return this.req('DELETE', path); }
  on(base) { return new Scim(this.token, base); }

  async createUser(userName, extra = {}) {
    const res = await this.post('/Users', userBody(userName, extra));
    assertStatus(res, 201, `POST /Users ${userName}`);
    assert.ok(res.json && res.json.id, `POST /Users returned no id: ${ctx(res)}`);
    return res.json;
  }
  async createAdmin(userName, extra = {}) {
    return this.createUser(userName, { roles: [{ value: 'admin' }], ...extra });
  }
  async createGroup(displayName, memberIds = []) {
    const res = await this.post('/Groups', {
      schemas: [URN.group], displayName, members: memberIds.map((value) => ({ value })),
    });
    assertStatus(res, 201, `POST /Groups ${displayName}`);
    return res.json;
  }
  async addToGroup(groupId, memberId) {
    const res = await this.patch(`/Groups/${groupId}`, patchBody({ op: 'add', path: 'members', value: [{ value: memberId }] }));
    assert.ok(res.status === 204 || res.status === 200, `add member to group: ${ctx(res)}`);
  }
  patchUser(id, ...ops) { return this.patch(`/Users/${id}`, patchBody(...ops)); }
  // PUT the user's current resource back with `active` set.
  async putActive(id, active) {
    const cur = await this.get(`/Users/${id}`);
    assertStatus(cur, 200, 'GET before PUT');
    const body = { ...cur.json, active };
    delete body.meta;
    return this.put(`/Users/${id}`, body);
  }
  async userIdOf(userName) {
    const res = await this.get(`/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
    assertStatus(res, 200, 'filter by userName');
    assert.equal(res.json.totalResults, 1, `one user named ${userName}: ${ctx(res)}`);
    return res.json.Resources[0].id;
  }
}

// ---- the admin API ------------------------------------------------------------------

export function admin(method, path, body) {
  return http(method, `${ROOT_URL}/admin/v1${path}`, { token: OPERATOR_TOKEN, body, contentType: 'application/json' });
}

// ---- sign-in (/sso/v1) ----------------------------------------------------------------

export function ssoLogin(secret, email, root = ROOT_URL) {
  return http('POST', `${root}/sso/v1/login`, { token: secret, body: { email }, contentType: 'application/json' });
}
export function ssoSession(session, root = ROOT_URL) {
  return http('GET', `${root}/sso/v1/session`, { token: session });
}
export async function login(secret, email) {
  const res = await ssoLogin(secret, email);
  assertStatus(res, 200, `sign-in of ${email}`);
  assert.equal(typeof res.json.session, 'string', `sign-in returns a session: ${ctx(res)}`);
  return res.json.session;
}

const sha256hex = (s) => createHash('sha256').update(s).digest('hex');

const tried = (r) => ({ ok: r.ok, status: r.status, detail: r.ok ? r.out : r.err });

// An organization made by this test run, with the helpers its tests need.
export class Org {
  constructor(id, domain, ownerEmail) { this.id = id; this.domain = domain; this.ownerEmail = ownerEmail; }

  // opts: owner (bool), outside (bool), domains (extra verified domains)
  static create({ owner = false, outside = false, domains = [], name } = {}) {
    const domain = uniqDomain('life');
    const args = ['org', 'create', '--name', name || uniq('org'), '--domain', domain];
    for (const d of domains) args.push('--domain', d);
    const ownerEmail = owner ? `owner-${uniq('o')}@${domain}` : undefined;
    if (ownerEmail) args.push('--owner-email', ownerEmail);
    if (outside) args.push('--allow-outside-members');
    const id = cli(args).split('\n').pop().trim();
    assert.match(id, /^[0-9a-f-]{36}$/i, `org create printed an id: ${id}`);
    return new Org(id, domain, ownerEmail);
  }

  email(prefix = 'u') { return `${uniq(prefix)}@${this.domain}`; }

  // A SCIM token (optionally created on behalf of an admin member).
  token({ admin: adminUser, label } = {}) {
    const args = ['token', 'create', '--org', this.id];
    if (adminUser) args.push('--admin', adminUser);
    if (label) args.push('--label', label);
    const t = cli(args).split('\n').pop().trim();
    assert.ok(t.length > 10, `token create printed a token: ${t}`);
    return t;
  }
  scim(opts) { return new Scim(this.token(opts)); }

  async ssoSecret() {
    const s = cli(['sso-secret', 'rotate', '--org', this.id]).split('\n').pop().trim();
    assert.ok(s.length > 10, `SSO secret: ${s}`);
    return s;
  }

  // Adds or changes a domain; verified/jit booleans.
  async domainSet(domain, { verified = true, jit = false } = {}) {
    cli(['domain', verified ? 'verify' : 'unverify', '--org', this.id, '--domain', domain]);
    cli(['domain', jit ? 'jit-on' : 'jit-off', '--org', this.id, '--domain', domain]);
    const d = row("SELECT verified, jit_enabled FROM org_domains WHERE org_id = :'org' AND domain = lower(:'d')", { org: this.id, d: domain });
    assert.deepEqual(d, { verified, jit_enabled: jit }, `domain ${domain} stored as asked`);
  }

  // {removalRate, revokeKeys, seatLimit}
  async policy({ removalRate, revokeKeys, seatLimit } = {}) {
    const args = ['org', 'policy', '--org', this.id];
    if (removalRate !== undefined) args.push('--removal-rate', String(removalRate));
    if (revokeKeys !== undefined) args.push('--revoke-api-keys-on-removal', String(revokeKeys));
    if (seatLimit !== undefined) args.push('--seat-limit', String(seatLimit));
    cli(args);
    const p = row("SELECT removal_rate_per_hour AS rate, revoke_api_keys_on_removal AS rk, seat_limit AS seats FROM orgs WHERE id = :'org'", { org: this.id });
    if (removalRate !== undefined) assert.equal(p.rate, removalRate, 'policy: removal rate stored');
    if (revokeKeys !== undefined) assert.equal(p.rk, revokeKeys, 'policy: revoke_api_keys_on_removal stored');
    if (seatLimit !== undefined) assert.equal(p.seats, seatLimit, 'policy: seat limit stored');
  }

  // Operator role change: member is a userName; throws when refused.
  async memberRole(userName, role) {
    return cli(['member', 'role', '--org', this.id, '--member', userName, '--role', role]);
  }

  // An operator role change that may be refused: {ok, status, detail}
  // (status: the CLI's exit status; detail: its output, or its error).
  async tryMemberRole(userName, role) {
    return tried(runBin(['member', 'role', '--org', this.id, '--member', userName, '--role', role]));
  }
  async tryGroupRole(groupId, role) {
    return tried(runBin(['group', 'role', '--org', this.id, '--group', groupId, '--role', role]));
  }

  async groupRole(groupId, role) {
    cli(['group', 'role', '--org', this.id, '--group', groupId, '--role', role]);
    assert.equal(scalar("SELECT role FROM groups WHERE id = :'g'", { g: groupId }), role, 'group role stored');
  }

  // An org API key created by the member (userName).
  async apiKey(userName, label = uniq('key')) {
    cli(['apikey', 'create', '--org', this.id, '--member', userName, '--label', label]);
    const k = row(`SELECT k.id, k.revoked_at FROM org_api_keys k JOIN members m ON m.id = k.created_by_member
      WHERE k.org_id = :'org' AND k.label = :'label' AND lower(m.user_name) = lower(:'u')`, { org: this.id, label, u: userName });
    assert.ok(k, `API key ${label} of ${userName} stored`);
    return k.id;
  }

  // Seats in use, from SQL, checked against `scimd seats` and the admin API.
  async seatsUsed() {
    const db = Number(scalar("SELECT count(*) AS n FROM members WHERE org_id = :'org' AND deleted_at IS NULL", { org: this.id }));
    const out = cli(['seats', '--org', this.id]);
    assert.equal(JSON.parse(out).used, db, `scimd seats: used equals the live members in the database: ${out}`);
    const res = await admin('GET', `/orgs/${this.id}/seats`);
    assertStatus(res, 200, 'GET /admin/v1/orgs/{org}/seats');
    assert.equal(res.json.used, db, `admin API seats.used equals the live members in the database: ${ctx(res)}`);
    return db;
  }

  // Audit events of this org, oldest first; filter by action and/or target member id.
  audit({ action, target } = {}) {
    return rows(`SELECT id, action, actor_token_id, actor_member_id, target_member_id, person_id,
        target_user_name, target_email, detail FROM audit_events
      WHERE org_id = :'org' AND (:'action' = '' OR action = :'action')
        AND (:'target' = '' OR target_member_id::text = :'target') ORDER BY id`,
    { org: this.id, action: action || '', target: target || '' });
  }
  auditCount(action) { return this.audit({ action }).length; }

  // Everything a lifecycle change could touch, except the audit trail, plus
  // the audit events after id `since`: one psql call.
  snapshot(since = 0) {
    const part = (sql) => `(SELECT coalesce(json_agg(t), '[]'::json) FROM (${sql}) t)`;
    const s = JSON.parse(psql(`SELECT json_build_object(
      'members', ${part(`SELECT id, user_name, role, active, deleted_at, deactivated_at, version, managed,
        person_id, resource::text AS resource, updated_at FROM members WHERE org_id = :'org' ORDER BY id`)},
      'orgs', ${part("SELECT * FROM orgs WHERE id = :'org'")},
      'groups', ${part("SELECT id, role, version, updated_at, resource::text AS resource FROM groups WHERE org_id = :'org' ORDER BY id")},
      'groupMembers', ${part("SELECT group_id, member_id FROM group_members WHERE org_id = :'org' ORDER BY 1, 2")},
      'sessions', ${part("SELECT id, revoked_at FROM sessions WHERE org_id = :'org' ORDER BY id")},
      'apiKeys', ${part("SELECT id, revoked_at FROM org_api_keys WHERE org_id = :'org' ORDER BY id")},
      'removals', ${part("SELECT count(*) AS n FROM removal_log r JOIN scim_tokens t ON t.id = r.token_id WHERE t.org_id = :'org'")},
      'users', ${part(`SELECT u.id, u.email, u.erased_at FROM users u WHERE u.id IN
        (SELECT person_id FROM members WHERE org_id = :'org') ORDER BY u.id`)},
      'auditMax', (SELECT coalesce(max(id), 0) FROM audit_events WHERE org_id = :'org'),
      'auditAdded', ${part(`SELECT id, action, actor_token_id, target_member_id, target_user_name, detail
        FROM audit_events WHERE org_id = :'org' AND id > :'since'::bigint ORDER BY id`)});`, { org: this.id, since }));
    const { auditMax, auditAdded, ...state } = s;
    return { state, auditMax, auditAdded };
  }

  // Runs `fn` (a refused request), then checks the database is unchanged and
  // exactly one guard.refused event was added. Returns {res, event, after}.
  // `before` may be the `after` of the previous call when nothing happened
  // in between (a stale one can only make the check fail, never pass).
  async refusedWithoutEffect(fn, why, before = this.snapshot()) {
    const res = await fn();
    const after = this.snapshot(before.auditMax);
    assert.deepEqual(after.state, before.state, `${why}: a refused change must write nothing (${ctx(res)})`);
    const added = after.auditAdded;
    assert.equal(added.length, 1, `${why}: exactly one audit event added, got ${JSON.stringify(added)} (${ctx(res)})`);
    assert.equal(added[0].action, 'guard.refused', `${why}: the event is guard.refused`);
    assert.equal(added[0].detail.status, String(res.status), `${why}: the event records the status sent`);
    return { res, event: added[0], after: { state: after.state, auditMax: Number(added[0].id), auditAdded: [] } };
  }
}

// ---- database views of one member ---------------------------------------------------

export function member(id) {
  return row(`SELECT id, org_id, person_id, user_name, role, active, managed, email, resource,
      deleted_at, deactivated_at, joined_at, version FROM members WHERE id = :'id'`, { id });
}
export function groupsOf(memberId) {
  return rows("SELECT group_id FROM group_members WHERE member_id = :'id' ORDER BY 1", { id: memberId }).map((r) => r.group_id);
}
export function liveSessions(memberId) {
  return Number(scalar("SELECT count(*) AS n FROM sessions WHERE member_id = :'id' AND revoked_at IS NULL", { id: memberId }));
}
export function tokenId(token) {
  return scalar("SELECT id FROM scim_tokens WHERE token_hash = decode(:'h', 'hex')", { h: sha256hex(token) });
}

// ---- a second scimd process ----------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const children = new Set();
process.on('exit', () => { for (const c of children) { try { c.kill('SIGKILL'); } catch { /* gone */ } } });

// Starts `scimd serve` on a free port against SCIMD_DATABASE_URL and waits
// for /readyz. Returns {base, root, stop(), log()}. Always call stop().
export async function startServer() {
  const port = await freePort();
  const root = `http://127.0.0.1:${port}`;
  const child = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`], {
    env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  const keep = (d) => { out = (out + d).slice(-8000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exit = new Promise((resolve) => child.on('exit', (code, sig) => { exited = { code, sig }; children.delete(child); resolve(); }));
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 5000);
    await exit;
    clearTimeout(t);
  };
  const deadline = Date.now() + 30000;
  for (;;) {
    if (exited) throw new Error(`second scimd exited (${JSON.stringify(exited)}) before ready:\n${out}`);
    try {
      const r = await fetch(`${root}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (r.status === 200) break;
    } catch { /* not yet */ }
    if (Date.now() > deadline) { await stop(); throw new Error(`second scimd not ready on ${root} after 30 s:\n${out}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  // kill(): SIGKILL, no clean stop (what a crash leaves behind).
  const kill = async () => { if (!exited) { child.kill('SIGKILL'); await exit; } };
  return { base: `${root}/scim/v2`, root, stop, kill, log: () => out };
}

// Runs async jobs with at most `n` in flight; results in order.
export async function pool(n, jobs) {
  const out = new Array(jobs.length);
  let i = 0;
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, async () => {
    while (i < jobs.length) { const k = i++; out[k] = await jobs[k](); }
  }));
  return out;
}
