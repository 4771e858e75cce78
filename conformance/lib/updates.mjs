// conformance/lib/updates.mjs: helpers for the updates-*.test.mjs files
// (PATCH and PUT semantics, ETags). Built on lib/scim.mjs; Node built-ins only.
import assert from 'node:assert/strict';
import {
  URN, get, post, patch, uid, patchBody,
  assertStatus, assertScimContentType, assertUserResource, ctx,
} from './scim.mjs';

export const PATCH_SCHEMAS = [URN.patch];

// ---- groups -------------------------------------------------------------------

// Group displayNames must be unique per org for Entra's matching: one per test.
export function uniqueGroupName(prefix = 'g') { return `${prefix}-${uid()}`; }

// POST /Groups and assert 201; returns the created group.
export async function createGroup(overrides = {}, opts = {}) {
  const body = { schemas: [URN.group], displayName: uniqueGroupName(), ...overrides };
  const res = await post('/Groups', body, opts);
  assert.equal(res.status, 201, `POST /Groups ${body.displayName}: expected 201, got ${res.status} ${res.text}`);
  assert.ok(res.json && typeof res.json.id === 'string' && res.json.id, `POST /Groups returned no id: ${res.text}`);
  return res.json;
}

// Sorted member ids of a group resource ([] when `members` is absent or null).
export function memberIdsOf(group) {
  const m = group && group.members;
  if (m === undefined || m === null) return [];
  assert.ok(Array.isArray(m), `members must be an array: ${JSON.stringify(m)}`);
  return m.map((x) => x.value).sort();
}

// GET /Groups/{id} and return its sorted member ids.
export async function groupMemberIds(id, opts = {}) {
  const g = await get(`/Groups/${id}`, opts);
  assertStatus(g, 200);
  return memberIdsOf(g.json);
}

export async function assertMembers(groupId, expectedIds, why = '') {
  const got = await groupMemberIds(groupId);
  assert.deepEqual(got, [...expectedIds].sort(),
    `members of group ${groupId}${why ? ` (${why})` : ''}: expected ${JSON.stringify([...expectedIds].sort())}, got ${JSON.stringify(got)}`);
}

// PATCH /Groups/{id} without attributes/excludedAttributes: 204, empty body.
export async function patchGroup204(id, ...ops) {
  const res = await patch(`/Groups/${id}`, patchBody(...ops));
  assertStatus(res, 204);
  assert.equal(res.text, '', `204 must have an empty body: ${ctx(res)}`);
  return res;
}

// ---- users --------------------------------------------------------------------

// PATCH /Users/{id}: 200 + a full User resource whose meta.version equals the
// ETag header. Returns the resource.
export async function patchUser200(id, ...ops) {
  const res = await patch(`/Users/${id}`, patchBody(...ops));
  assertStatus(res, 200);
  assertScimContentType(res);
  assertUserResource(res.json, { id });
  assert.equal(res.headers.get('etag'), res.json.meta.version, `ETag header equals meta.version: ${ctx(res)}`);
  return res.json;
}

export async function getUser(id, opts = {}) {
  const g = await get(`/Users/${id}`, opts);
  assertStatus(g, 200);
  return g.json;
}

// ---- snapshots ------------------------------------------------------------------

// GET `path` (200) and keep the exact body text, the parsed JSON and the ETag.
export async function snapshot(path) {
  const res = await get(path);
  assertStatus(res, 200);
  return { text: res.text, json: res.json, etag: res.headers.get('etag') };
}

// The resource at `path` is byte-for-byte what `before` saw (meta.version and
// meta.lastModified included).
export async function assertUnchanged(path, before, why = '') {
  const now = await snapshot(path);
  const label = why ? ` after ${why}` : '';
  assert.deepEqual(now.json, before.json, `${path} changed${label}`);
  assert.equal(now.text, before.text, `${path} body not byte-for-byte identical${label}`);
  assert.equal(now.etag, before.etag, `${path} ETag changed${label}`);
}

// A SCIM weak tag of the form scimd uses (W/"n").
export function assertWeakTag(t, what = 'ETag') {
  assert.equal(typeof t, 'string', `${what} present`);
  assert.match(t, /^W\/".+"$/, `${what} is a weak entity tag: ${t}`);
}
