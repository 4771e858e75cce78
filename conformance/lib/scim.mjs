// conformance/lib/scim.mjs: a tiny SCIM 2.0 client and shared assertions for
// the black-box conformance suite. Node built-ins only (global fetch,
// node:assert, node:http), so it runs on Node 18 and 20 without npm.
//
// Environment:
//   SCIM_BASE_URL  e.g. http://127.0.0.1:8080/scim/v2   (required)
//   SCIM_TOKEN     bearer token of org A                  (required)
//   SCIM_TOKEN_B   bearer token of org B                  (required by the tenancy files)
//   SCIM_DOMAIN    verified domain of org A used for userNames (default x.test)
//   SCIM_TIMEOUT_MS per-request timeout (default 15000)

import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import { randomUUID } from 'node:crypto';

const rawBase = process.env.SCIM_BASE_URL;
const rawToken = process.env.SCIM_TOKEN;

// A run without a target must fail, never pass silently: throwing here makes
// every test file fail at import with this message.
if (!rawBase || !rawToken) {
  throw new Error(
    'conformance: SCIM_BASE_URL and SCIM_TOKEN must be set ' +
    '(e.g. SCIM_BASE_URL=http://127.0.0.1:8080/scim/v2 SCIM_TOKEN=...); ' +
    `got SCIM_BASE_URL=${rawBase ? 'set' : 'unset'}, SCIM_TOKEN=${rawToken ? 'set' : 'unset'}`);
}

export const BASE_URL = rawBase.replace(/\/+$/, '');
export const TOKEN = rawToken;
export const TOKEN_B = process.env.SCIM_TOKEN_B || '';

// The tenancy files call this first: without a second org they test
// nothing, so they fail rather than skip.
export function requireTokenB() {
  if (!TOKEN_B) {
    throw new Error('conformance: SCIM_TOKEN_B (a token of another org) must be set: ' +
      'tenant isolation cannot be tested without it');
  }
}
export const DOMAIN = process.env.SCIM_DOMAIN || 'x.test';
const TIMEOUT_MS = Number(process.env.SCIM_TIMEOUT_MS || 15000);

// Server root (for /healthz, /readyz): the base URL without its /scim/v2 suffix.
export const ROOT_URL = /\/scim\/v2$/i.test(BASE_URL)
  ? BASE_URL.replace(/\/scim\/v2$/i, '')
  : new URL(BASE_URL).origin;

export const URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  spc: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
};

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function parseJson(text) {
  if (!text) return undefined;
  try { return JSON.parse(text); } catch { return undefined; }
}

function describeCall(method, url) { return `${method} ${url}`; }

// request(method, path, {body, rawBody, token, headers, root})
//   path  relative to SCIM_BASE_URL ('/Users?...'), or to the server root with root:true
//   body  object, serialised as JSON; rawBody string sent verbatim
//   token defaults to SCIM_TOKEN; null sends no Authorization header
//   headers extra/overriding headers (a null value removes a default header)
// Returns {status, headers, json, text, url, method}.
export async function request(method, path, opts = {}) {
  const { body, rawBody, token = TOKEN, headers = {}, root = false } = opts;
  const url = (root ? ROOT_URL : BASE_URL) + path;
  const h = { Accept: 'application/scim+json' };
  if (token !== null) h.Authorization = `Bearer ${token}`;
  let payload;
  if (rawBody !== undefined) payload = rawBody;
  else if (body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined) h['Content-Type'] = 'application/scim+json';
  for (const [k, v] of Object.entries(headers)) {
    for (const existing of Object.keys(h)) {
      if (existing.toLowerCase() === k.toLowerCase()) delete h[existing];
    }
    if (v !== null && v !== undefined) h[k] = v;
  }
  let res;
  try {
    res = await fetch(url, {
      method, headers: h, body: payload, redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    const cause = e && e.cause ? ` (${e.cause.code || e.cause.message || e.cause})` : '';
    throw new Error(`${describeCall(method, url)} failed: ${e.message}${cause}`);
  }
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: parseJson(text), text, url, method };
}

// Raw request via node:http for cases fetch handles badly (huge bodies the
// server may reject before reading them). Resolves with the response even if
// the server closes the connection while we are still writing.
export function rawRequest(method, path, { body = '', headers = {}, token = TOKEN } = {}) {
  const url = new URL(BASE_URL + path);
  const lib = url.protocol === 'https:' ? https : http;
  const h = {
    Accept: 'application/scim+json',
    'Content-Type': 'application/scim+json',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  };
  if (token !== null) h.Authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    let settled = false;
    const req = lib.request(url, { method, headers: h, timeout: TIMEOUT_MS }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      const finish = () => {
        if (settled) return;
        settled = true;
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode,
          headers: new Headers(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])),
          json: parseJson(text), text, url: url.href, method,
        });
      };
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${TIMEOUT_MS} ms`)));
    req.on('error', (e) => {
      // EPIPE/ECONNRESET after the response arrived are expected; the
      // response handler settles the promise then.
      setTimeout(() => {
        if (!settled) { settled = true; reject(new Error(`${method} ${url.href} failed: ${e.message}`)); }
      }, 200);
    });
    req.end(body);
  });
}

export const get = (path, opts) => request('GET', path, opts);
export const post = (path, body, opts = {}) => request('POST', path, { ...opts, body });
export const put = (path, body, opts = {}) => request('PUT', path, { ...opts, body });
export const patch = (path, body, opts = {}) => request('PATCH', path, { ...opts, body });
export const del = (path, opts) => request('DELETE', path, opts);

// ---- unique data ------------------------------------------------------------

export const RUN = randomUUID().slice(0, 8);
let seq = 0;
export function uid() { seq += 1; return `${RUN}${seq.toString(36)}${randomUUID().slice(0, 6)}`; }

// A fresh userName on a verified domain of org A, lower-case.
export function uniqueUserName(prefix = 'u') { return `${prefix}-${uid()}@${DOMAIN}`.toLowerCase(); }

export function userBody(overrides = {}) {
  const userName = overrides.userName || uniqueUserName();
  return {
    schemas: [URN.user],
    userName,
    name: { givenName: 'Conf', familyName: 'Ormance' },
    emails: [{ value: userName, type: 'work', primary: true }],
    ...overrides,
  };
}

// POST /Users and assert 201; returns the created resource.
export async function createUser(overrides = {}, opts = {}) {
  const body = userBody(overrides);
  const res = await post('/Users', body, opts);
  assert.equal(res.status, 201, `POST /Users ${body.userName}: expected 201, got ${res.status} ${res.text}`);
  assert.ok(res.json && typeof res.json.id === 'string' && res.json.id, `POST /Users returned no id: ${res.text}`);
  return res.json;
}

export const filterPath = (filter, extra = '') =>
  `/Users?filter=${encodeURIComponent(filter)}${extra}`;

export const patchBody = (...ops) => ({ schemas: [URN.patch], Operations: ops });

// ---- assertions ---------------------------------------------------------------

export function ctx(res) {
  const t = res.text && res.text.length > 600 ? res.text.slice(0, 600) + '…' : res.text;
  return `${res.method} ${res.url} → ${res.status} ${t}`;
}

export function assertStatus(res, status) {
  assert.equal(res.status, status, `expected ${status}: ${ctx(res)}`);
}

// Responses with a body carry Content-Type: application/scim+json; charset=utf-8.
export function assertScimContentType(res) {
  const ct = res.headers.get('content-type') || '';
  assert.match(ct, /^application\/scim\+json\s*(;|$)/i, `content-type is "${ct}": ${ctx(res)}`);
  assert.match(ct, /;\s*charset="?utf-8"?/i, `content-type lacks charset=utf-8: "${ct}"`);
}

// status, then SCIM Error JSON body (RFC 7644 §3.12) with status as a string.
export function assertScimError(res, status, scimType) {
  assertStatus(res, status);
  assertScimContentType(res);
  const j = res.json;
  assert.ok(j && typeof j === 'object', `error body is not JSON: ${ctx(res)}`);
  assert.ok(Array.isArray(j.schemas) && j.schemas.includes(URN.error), `error schemas: ${ctx(res)}`);
  assert.equal(j.status, String(status), `error "status" must be the string "${status}": ${ctx(res)}`);
  if (j.detail !== undefined) assert.equal(typeof j.detail, 'string', 'detail is a string');
  if (scimType !== undefined) assert.equal(j.scimType, scimType, `scimType: ${ctx(res)}`);
  return j;
}

export function assertListResponse(res) {
  assertStatus(res, 200);
  assertScimContentType(res);
  const j = res.json;
  assert.ok(j && Array.isArray(j.schemas) && j.schemas.includes(URN.list), `ListResponse schemas: ${ctx(res)}`);
  for (const k of ['totalResults', 'startIndex', 'itemsPerPage']) {
    assert.ok(Number.isInteger(j[k]), `${k} must be a JSON integer, got ${JSON.stringify(j[k])}: ${ctx(res)}`);
  }
  const resources = j.Resources === undefined ? [] : j.Resources;
  assert.ok(Array.isArray(resources), `Resources must be an array: ${ctx(res)}`);
  assert.equal(j.itemsPerPage, resources.length, `itemsPerPage must equal the number of Resources: ${ctx(res)}`);
  assert.ok(j.totalResults >= resources.length, 'totalResults >= Resources.length');
  return { ...j, Resources: resources };
}

export function assertIso(s, what) {
  assert.equal(typeof s, 'string', `${what} must be a string`);
  assert.match(s, ISO_RE, `${what} must be ISO 8601 date-time, got ${s}`);
  assert.ok(!Number.isNaN(Date.parse(s)), `${what} must parse as a date: ${s}`);
}

// Shape of a User resource as returned by the server.
export function assertUserResource(u, { id } = {}) {
  assert.ok(u && typeof u === 'object', 'user resource is an object');
  assert.equal(typeof u.id, 'string', 'id is a string');
  assert.ok(u.id.length > 0, 'id non-empty');
  assert.ok(!u.id.includes('bulkId'), 'id must not contain "bulkId"');
  if (id) assert.equal(u.id, id, 'id');
  assert.ok(Array.isArray(u.schemas) && u.schemas.includes(URN.user), `schemas contains core User URN: ${JSON.stringify(u.schemas)}`);
  assert.equal(typeof u.userName, 'string', 'userName is a string');
  assert.equal(typeof u.active, 'boolean', `active is a boolean, got ${JSON.stringify(u.active)}`);
  assert.equal(u.password, undefined, 'password is never returned');
  const m = u.meta;
  assert.ok(m && typeof m === 'object', 'meta present');
  assert.equal(m.resourceType, 'User', 'meta.resourceType');
  assertIso(m.created, 'meta.created');
  assertIso(m.lastModified, 'meta.lastModified');
  assert.ok(Date.parse(m.lastModified) >= Date.parse(m.created), 'lastModified >= created');
  assert.equal(typeof m.location, 'string', 'meta.location is a string');
  const loc = new URL(m.location); // throws if not absolute
  assert.ok(loc.protocol === 'http:' || loc.protocol === 'https:', `meta.location absolute http(s) URL: ${m.location}`);
  assert.ok(loc.pathname.endsWith(`/Users/${u.id}`), `meta.location ends with /Users/${u.id}: ${m.location}`);
  assert.equal(typeof m.version, 'string', 'meta.version is a string');
  assert.match(m.version, /^W\/".*"$/, `meta.version is a weak ETag: ${m.version}`);
}

export function isUuid(s) { return UUID_RE.test(s); }

// Resources of a ListResponse, by id.
export function ids(list) { return list.Resources.map((r) => r.id); }
