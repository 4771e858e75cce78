// Events of the operator and sign-in paths that create a member: each emits
// member.provisioned with the same shape as a SCIM provision (ids, userName,
// emails, role), in the transaction that creates the member.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Org, admin, cli, http, ROOT_URL, assertStatus, uniq, uniqDomain, ssoLogin,
} from './lib/lifecycle.mjs';
import { feed, allEvents, types } from './lib/events.mjs';

// A member.provisioned event about a new member with one work email.
function assertProvisioned(e, { userName, role, kind }) {
  assert.equal(e.type, 'member.provisioned');
  assert.match(e.data.member.id, /^[0-9a-f-]{36}$/);
  assert.match(e.data.member.personId, /^[0-9a-f-]{36}$/);
  assert.equal(e.data.member.userName, userName);
  assert.deepEqual(e.data.member.emails.map((m) => m.value), [userName]);
  assert.equal(e.data.member.role, role);
  assert.equal(e.data.member.active, true);
  assert.equal(e.data.detail.role, role);
  assert.equal(e.actor.kind, kind);
}

test('scimd org create --owner-email: member.provisioned for the owner', async () => {
  const org = Org.create({ owner: true });
  const evs = await allEvents(org);
  assert.deepEqual(types(evs), ['member.provisioned'], 'the new org has exactly its owner\'s event');
  assertProvisioned(evs[0], { userName: org.ownerEmail, role: 'owner', kind: 'operator' });
  assert.equal(evs[0].seq, 1);
  const scim = org.scim();
  assert.equal(evs[0].data.member.id, await scim.userIdOf(org.ownerEmail));
});

test('POST /admin/v1/orgs with ownerEmail: member.provisioned for the owner', async () => {
  const domain = uniqDomain('evorg');
  const ownerEmail = `owner-${uniq('o')}@${domain}`;
  const res = await admin('POST', '/orgs', { name: uniq('org'), domains: [domain], ownerEmail });
  assertStatus(res, 201, 'POST /orgs');
  const org = { id: res.json.id };
  const evs = await allEvents(org);
  assert.deepEqual(types(evs), ['member.provisioned']);
  assertProvisioned(evs[0], { userName: ownerEmail, role: 'owner', kind: 'operator' });
  // Without an owner, no member and no event.
  const bare = await admin('POST', '/orgs', { name: uniq('org'), domains: [uniqDomain('evorg')] });
  assertStatus(bare, 201, 'POST /orgs without owner');
  assert.deepEqual((await feed({ id: bare.json.id })).events, []);
});

test('JIT sign-in and invitation acceptance: member.provisioned, then what was used', async () => {
  const org = Org.create({ owner: true });
  await org.domainSet(org.domain, { verified: true, jit: true });
  const secret = await org.ssoSecret();
  const start = (await feed(org)).next;
  const jit = org.email('jit');
  assertStatus(await ssoLogin(secret, jit), 200, 'JIT sign-in');
  const invited = org.email('inv');
  const inv = await admin('POST', `/orgs/${org.id}/invitations`, { invitations: [{ email: invited, role: 'viewer' }] });
  assertStatus(inv, 201, 'invite');
  const acc = await http('POST', `${ROOT_URL}/sso/v1/invitations/accept`, {
    token: secret, body: { token: inv.json.invitations[0].token, email: invited, subject: 's' },
    contentType: 'application/json',
  });
  assertStatus(acc, 201, 'accept');
  const evs = await allEvents(org, start);
  assert.deepEqual(types(evs), ['member.provisioned', 'invitation.created', 'member.provisioned',
    'invitation.accepted']);
  assertProvisioned(evs[0], { userName: jit, role: 'member', kind: 'operator' });
  assertProvisioned(evs[2], { userName: invited, role: 'viewer', kind: 'operator' });
  assert.equal(evs[3].data.member.id, evs[2].data.member.id);
});

test('ownership transfer: the former owner\'s demotion is a member.role_changed of its own', async () => {
  const org = Org.create({ owner: true });
  const scim = org.scim();
  const heir = org.email('heir');
  await scim.createUser(heir);
  const oldOwner = await scim.userIdOf(org.ownerEmail);
  const start = (await feed(org)).next;
  cli(['ownership', 'transfer', '--org', org.id, '--to', heir]);
  const evs = await allEvents(org, start);
  assert.deepEqual(types(evs), ['member.role_changed', 'ownership.transferred']);
  assert.equal(evs[0].data.member.id, oldOwner);
  assert.equal(evs[0].data.member.role, 'admin');
  assert.deepEqual([evs[0].data.detail.role_from, evs[0].data.detail.role_to], ['owner', 'admin']);
  assert.equal(evs[1].data.member.userName, heir);
  assert.equal(evs[1].data.detail.from_member, oldOwner);
  // Transferring to the owner again changes nothing and emits nothing.
  cli(['ownership', 'transfer', '--org', org.id, '--to', heir]);
  assert.equal((await allEvents(org, evs[1].seq)).length, 0);
});
