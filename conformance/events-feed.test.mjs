// Events: the transactional outbox as the pull feed shows it,
// GET /admin/v1/orgs/{org}/events. Every lifecycle path emits exactly its
// events; a refused or rolled-back change emits none besides guard.refused;
// the feed is ordered (a dense per-org seq), resumable from `next`, and its
// long-poll form answers as soon as an event commits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Org, admin, cli, http, ROOT_URL, assertStatus, ctx, DEACTIVATE, REACTIVATE, patchBody,
} from './lib/lifecycle.mjs';
import { feed, allEvents, types } from './lib/events.mjs';

test('member lifecycle: provisioned, deactivated, reactivated, role_changed, removed, in order, with what to act on', async () => {
  const org = Org.create({ owner: true });
  const scim = org.scim();
  const start = (await feed(org)).next;
  const userName = org.email('m');
  const u = await scim.createUser(userName, { externalId: 'ext-1' });
  assertStatus(await scim.patchUser(u.id, DEACTIVATE.okta), 200, 'deactivate');
  assertStatus(await scim.patchUser(u.id, REACTIVATE.okta), 200, 'reactivate');
  assertStatus(await scim.patchUser(u.id, { op: 'replace', path: 'roles', value: [{ value: 'admin' }] }), 200, 'role');
  assertStatus(await scim.del(`/Users/${u.id}`), 204, 'remove');

  const evs = await allEvents(org, start);
  assert.deepEqual(types(evs), ['member.provisioned', 'member.deactivated', 'member.reactivated',
    'member.role_changed', 'member.removed']);
  evs.forEach((e, i) => {
    assert.equal(e.seq, start + i + 1, 'seq is dense per org');
    assert.match(e.id, /^evt_[0-9a-f]{32}$/, 'a stable id');
    assert.equal(e.org, org.id);
    assert.match(e.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(e.actor.kind, 'scim', 'a SCIM token acted');
    assert.equal(e.data.member.id, u.id);
    assert.equal(e.data.member.externalId, 'ext-1');
    assert.equal(e.data.member.userName, userName);
    assert.ok(e.data.member.emails.some((m) => m.value === userName), 'emails are included');
  });
  assert.equal(evs[1].data.member.active, false, 'deactivated: active false');
  assert.equal(evs[3].data.detail.role_to, 'admin', 'role_changed says the new role');
  assert.equal(evs[4].data.member.removed, true, 'removed');
  assert.equal(evs[4].data.detail.role_revoked, 'admin', 'removed says what was revoked');
  assert.ok('sessions_revoked' in evs[4].data.detail && 'groups_revoked' in evs[4].data.detail);
  // The same page again from the same cursor: resumable.
  assert.deepEqual((await feed(org, start, '&limit=5')).events, evs);
});

test('groups: created, members added and removed, changed, deleted', async () => {
  const org = Org.create({ owner: true });
  const scim = org.scim();
  const a = await scim.createUser(org.email('a'));
  const b = await scim.createUser(org.email('b'));
  const start = (await feed(org)).next;
  const g = await scim.createGroup('team-x', [a.id]);
  assertStatus(await scim.patch(`/Groups/${g.id}`, patchBody(
    { op: 'add', path: 'members', value: [{ value: b.id }] },
    { op: 'remove', path: `members[value eq "${a.id}"]` })), 204, 'swap members');
  assertStatus(await scim.del(`/Groups/${g.id}`), 204, 'delete group');
  const evs = await allEvents(org, start);
  assert.deepEqual(types(evs), ['group.created', 'group.member_added', 'group.changed',
    'group.member_added', 'group.member_removed', 'group.deleted']);
  assert.equal(evs[1].data.member.id, a.id);
  assert.equal(evs[3].data.member.id, b.id);
  assert.equal(evs[4].data.member.id, a.id);
  for (const e of evs) assert.equal(e.data.group.id, g.id);
  assert.equal(evs[5].data.group.displayName, 'team-x', 'a deleted group keeps its name in the event');
});

test('refused and rolled-back changes emit nothing but guard.refused', async () => {
  const org = Org.create({ owner: true });
  const scim = org.scim();
  await scim.createAdmin(org.email('adm'));
  const ownerId = await scim.userIdOf(org.ownerEmail);
  const taken = org.email('dup');
  await scim.createUser(taken);
  const start = (await feed(org)).next;
  // Guard refusals: one guard.refused each, nothing else.
  assertStatus(await scim.del(`/Users/${ownerId}`), 409, 'owner removal refused');
  assertStatus(await scim.patchUser(ownerId, DEACTIVATE.okta), 409, 'owner deactivation refused');
  // Rolled back (uniqueness, invalid value): no event at all.
  assertStatus(await scim.post('/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: taken }), 409, 'duplicate');
  assertStatus(await scim.patchUser(ownerId, { op: 'replace', path: 'active', value: 'maybe' }), 400, 'bad value');
  const evs = await allEvents(org, start);
  assert.deepEqual(types(evs), ['guard.refused', 'guard.refused']);
  assert.equal(evs[0].data.member.id, ownerId);
  assert.equal(evs[0].data.detail.status, '409');
});

test('operator actions: token created and revoked, ownership transferred', async () => {
  const org = Org.create({ owner: true });
  const scim = org.scim();
  const next = org.email('next');
  await scim.createAdmin(next);
  const start = (await feed(org)).next;
  org.token({ label: 'second' });
  const created = (await allEvents(org, start))[0];
  cli(['token', 'revoke', '--org', org.id, '--token', created.data.detail.token_id]);
  cli(['ownership', 'transfer', '--org', org.id, '--to', next]);
  const evs = await allEvents(org, start);
  assert.deepEqual(types(evs), ['token.created', 'token.revoked', 'member.role_changed', 'ownership.transferred']);
  assert.equal(evs[1].data.detail.token_id, created.data.detail.token_id);
  assert.equal(evs[2].data.member.userName, org.ownerEmail, 'the former owner, demoted');
  assert.equal(evs[3].actor.kind, 'operator');
  assert.equal(evs[3].data.member.userName, next);
});

test('long-poll: wait answers as soon as an event commits, and empty at the deadline', async () => {
  const org = Org.create({ owner: true });
  const scim = org.scim();
  const start = (await feed(org)).next;
  const t0 = Date.now();
  const empty = await feed(org, start, '&wait=1s');
  assert.ok(Date.now() - t0 >= 900, 'an empty long-poll waits until its deadline');
  assert.deepEqual(empty.events, []);
  assert.equal(empty.next, start);

  const t1 = Date.now();
  const waiting = feed(org, start, '&wait=20s');
  await new Promise((r) => setTimeout(r, 500));
  const u = await scim.createUser(org.email('late'));
  const got = await waiting;
  const took = Date.now() - t1;
  assert.ok(took >= 450 && took < 5000, `answered when the event committed (${took} ms)`);
  assert.deepEqual(types(got.events), ['member.provisioned']);
  assert.equal(got.events[0].data.member.id, u.id);
});

test('the feed needs an operator token and checks its parameters', async () => {
  const org = Org.create();
  const res = await http('GET', `${ROOT_URL}/admin/v1/orgs/${org.id}/events`, { token: org.token() });
  assert.equal(res.status, 401, `a SCIM token is not an operator token: ${ctx(res)}`);
  for (const q of ['after=-1', 'limit=0', 'limit=100000', 'wait=99999', 'after=x']) {
    const r = await admin('GET', `/orgs/${org.id}/events?${q}`);
    assert.equal(r.status, 400, `${q}: ${ctx(r)}`);
  }
});

test('scimd events tail prints the same events as JSON lines, from a cursor', async () => {
  const org = Org.create({ owner: true });
  const scim = org.scim();
  await scim.createUser(org.email('t1'));
  await scim.createUser(org.email('t2'));
  const api = await allEvents(org, 0);
  const out = cli(['events', 'tail', '--org', org.id, '--limit', String(api.length)]);
  assert.deepEqual(out.trim().split('\n').map((l) => JSON.parse(l)), api, 'the CLI and the API agree');
  const last = cli(['events', 'tail', '--org', org.id, '--after', String(api[api.length - 2].seq), '--limit', '1']);
  assert.deepEqual(JSON.parse(last), api[api.length - 1], '--after resumes');
});
