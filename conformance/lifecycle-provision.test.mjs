// Membership lifecycle — provision (POST /Users): the verified-domain rule,
// seats, the role a new member gets, and managed accounts. Each check looks
// at the HTTP answer and at the database row behind it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Org, uniq, uniqDomain, userBody, member, scalar, assertStatus, assertError, DEACTIVATE, ctx,
} from './lib/lifecycle.mjs';

test('provision: the email domain must be a verified domain of the org', async () => {
  const org = Org.create();
  const scim = org.scim();
  const foreign = uniqDomain('foreign');
  const userName = `${uniq('out')}@${foreign}`;

  const { res, event } = await org.refusedWithoutEffect(
    () => scim.post('/Users', userBody(userName)), 'POST with an unverified domain');
  assertError(res, 403, foreign, 'POST /Users with an unverified domain');
  assert.equal(event.target_user_name, userName, 'the refusal names the userName');
  assert.equal(Number(scalar("SELECT count(*) AS n FROM members WHERE org_id = :'org' AND lower(user_name) = lower(:'u')",
    { org: org.id, u: userName })), 0, 'no member row');

  // A domain the org merely knows about but has not verified is refused too.
  const pending = uniqDomain('pending');
  await org.domainSet(pending, { verified: false, jit: false });
  assertError(await scim.post('/Users', userBody(`${uniq('p')}@${pending}`)), 403, pending, 'unverified (pending) domain');

  // The verified domain works.
  const ok = await scim.createUser(org.email('in'));
  assert.equal(member(ok.id).active, true);
});

test('provision: --allow-outside-members lets any domain in', async () => {
  const org = Org.create({ outside: true });
  const scim = org.scim();
  const userName = `${uniq('out')}@${uniqDomain('elsewhere')}`;
  const u = await scim.createUser(userName);
  const m = member(u.id);
  assert.equal(m.user_name, userName);
  assert.equal(m.org_id, org.id);
  assert.equal(m.managed, false, 'a real email is not a managed account');
});

test('provision: seat limit — full is 403, removal frees a seat, deactivation keeps it', async () => {
  const org = Org.create();
  await org.policy({ seatLimit: 2 });
  const scim = org.scim();
  const a = await scim.createUser(org.email('s1'));
  const b = await scim.createUser(org.email('s2'));
  assert.equal(await org.seatsUsed(), 2);

  const third = org.email('s3');
  const full = await org.refusedWithoutEffect(() => scim.post('/Users', userBody(third)), 'POST past the seat limit');
  assertError(full.res, 403, /seat/i, 'POST past the seat limit');

  // Deactivation keeps the seat: still full.
  assertStatus(await scim.patchUser(a.id, DEACTIVATE.okta), 200, 'deactivate');
  assert.equal(member(a.id).active, false);
  assert.equal(await org.seatsUsed(), 2, 'a deactivated member keeps the seat');
  assertError(await scim.post('/Users', userBody(third)), 403, /seat/i, 'still full after a deactivation');

  // Removal frees one.
  assertStatus(await scim.del(`/Users/${b.id}`), 204, 'DELETE');
  assert.equal(await org.seatsUsed(), 1, 'removal frees the seat');
  const c = await scim.createUser(third);
  assert.equal(await org.seatsUsed(), 2);
  assertError(await scim.post('/Users', userBody(org.email('s4'))), 403, /seat/i, 'full again');
  assert.ok(c.id);
});

test('provision: role — member by default, admin and viewer from roles, others refused', async () => {
  const org = Org.create();
  const scim = org.scim();

  const plain = await scim.createUser(org.email('plain'));
  assert.equal(member(plain.id).role, 'member', 'no roles → member');

  const adm = await scim.createUser(org.email('adm'), { roles: [{ value: 'admin' }] });
  assert.equal(member(adm.id).role, 'admin', 'roles [{"value":"admin"}] → admin');

  const viewer = await scim.createUser(org.email('viewer'), { roles: [{ value: 'viewer' }] });
  assert.equal(member(viewer.id).role, 'viewer', 'roles [{"value":"viewer"}] → viewer');
  assert.deepEqual(viewer.roles, [{ value: 'viewer' }], 'the response shows the role held');

  const bad = org.email('bad');
  const refused = await scim.post('/Users', userBody(bad, { roles: [{ value: 'superuser' }] }));
  assertError(refused, 400, /unrecognized role "superuser".*"owner", "admin", "member" and "viewer"/, 'an unknown role');
  assert.equal(refused.json.scimType, 'invalidValue', `scimType invalidValue: ${ctx(refused)}`);
  assert.equal(Number(scalar("SELECT count(*) AS n FROM members WHERE org_id = :'org' AND lower(user_name) = lower(:'u')",
    { org: org.id, u: bad })), 0, 'no member row for the unknown role');

  const ownerName = org.email('own');
  const res = await scim.post('/Users', userBody(ownerName, { roles: [{ value: 'owner' }] }));
  assertError(res, 400, /owner/i, 'roles with "owner"');
  assert.equal(res.json.scimType, 'mutability', `scimType mutability: ${ctx(res)}`);
  assert.equal(Number(scalar("SELECT count(*) AS n FROM members WHERE org_id = :'org' AND lower(user_name) = lower(:'u')",
    { org: org.id, u: ownerName })), 0, 'no member row for the refused owner');

  // Among others, owner still wins (it is refused, not ignored).
  assertError(await scim.post('/Users', userBody(org.email('own2'), { roles: [{ value: 'admin' }, { value: 'Owner' }] })),
    400, /owner/i, 'roles with admin and Owner');
});

test('provision: no real email (userName without @, no emails) → managed account', async () => {
  const org = Org.create();
  const scim = org.scim();
  const userName = uniq('kiosk');
  const u = await scim.createUser(userName);
  const m = member(u.id);
  assert.equal(m.managed, true, 'members.managed');
  assert.equal(m.role, 'member');
  const ev = org.audit({ action: 'member.provisioned', target: u.id });
  assert.equal(ev.length, 1, 'one member.provisioned event');
  assert.equal(ev[0].detail.managed, true, 'the event says managed');

  // A userName without @ but with a real work email is a normal account,
  // checked against the email's domain.
  const withMail = await scim.createUser(uniq('handle'), { emails: [{ value: org.email('mail'), type: 'work', primary: true }] });
  assert.equal(member(withMail.id).managed, false, 'a real email → not managed');
  assertError(await scim.post('/Users', userBody(uniq('handle2'), {
    emails: [{ value: `${uniq('x')}@${uniqDomain('nope')}`, type: 'work', primary: true }],
  })), 403, 'nope', 'userName without @ and an email on an unverified domain');
});

test('provision: concurrent POSTs never overshoot the seat limit', async () => {
  const org = Org.create();
  await org.policy({ seatLimit: 5 });
  const scim = org.scim();
  const res = await Promise.all(Array.from({ length: 12 }, (_, i) => scim.post('/Users', userBody(org.email(`c${i}`)))));
  const created = res.filter((r) => r.status === 201).length;
  const refused = res.filter((r) => r.status === 403).length;
  assert.equal(created + refused, res.length, `only 201 or 403: ${res.map((r) => r.status)}`);
  assert.equal(created, 5, 'exactly the seat limit is provisioned');
  assert.equal(await org.seatsUsed(), 5);
});
