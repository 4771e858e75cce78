// Membership lifecycle — remove (DELETE /Users/{id}): 204 then 404; sessions,
// group memberships and role revoked; seat freed; org API keys revoked only
// when the org's policy says so; a managed account erased while the audit
// trail keeps its ids; re-provisioning the same userName is a new membership
// of the same person.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Org, Scim, member, groupsOf, liveSessions, login, ssoLogin, ssoSession, row, rows, tokenId,
  assertStatus, assertError, ctx,
} from './lib/lifecycle.mjs';

// An org with a keeper admin (so the last-manager guard stays out of the way)
// and a leaver who is admin, in a group, signed in and owns an org API key.
async function setup({ revokeKeys }) {
  const org = Org.create();
  await org.policy({ revokeKeys });
  const token = org.token();
  const scim = new Scim(token);
  const secret = await org.ssoSecret();
  const keeper = await scim.createAdmin(org.email('keeper'));
  const userName = org.email('leaver');
  const u = await scim.createAdmin(userName, { displayName: 'Lea Ver', externalId: `ext-${userName}` });
  const group = await scim.createGroup(`g-${u.id.slice(0, 8)}`, [keeper.id]);
  await scim.addToGroup(group.id, u.id); // PATCH /Groups, as IdPs push group membership
  const session = await login(secret, userName);
  assertStatus(await ssoSession(session), 200, 'session before removal');
  const keyId = await org.apiKey(userName);
  const keeperKey = await org.apiKey(keeper.userName);
  return { org, token, scim, secret, keeper, userName, u, group, session, keyId, keeperKey };
}

for (const revokeKeys of [true, false]) {
  test(`remove with revoke_api_keys_on_removal=${revokeKeys}`, async (t) => {
    const s = await setup({ revokeKeys });
    const { org, scim, u, group, session, keyId, keeperKey, userName } = s;
    const before = member(u.id);
    const seats = await org.seatsUsed();

    await t.test('DELETE → 204, empty body', async () => {
      const res = await scim.del(`/Users/${u.id}`);
      assertStatus(res, 204, 'DELETE');
      assert.equal(res.text, '');
    });

    await t.test('GET → 404; not in filters; session 401; sign-in refused', async () => {
      assertError(await scim.get(`/Users/${u.id}`), 404, undefined, 'GET removed user');
      const f = await scim.get(`/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
      assertStatus(f, 200);
      assert.equal(f.json.totalResults, 0, `a removed user matches no filter: ${ctx(f)}`);
      assertError(await ssoSession(session), 401, undefined, 'session after removal');
      const again = await ssoLogin(s.secret, userName);
      assert.ok(again.status === 403 || again.status === 404, `sign-in after removal is refused: ${ctx(again)}`);
      assert.equal(liveSessions(u.id), 0, 'no live session in the database');
    });

    await t.test('database: soft-deleted, role reset, groups gone, seat freed', async () => {
      const m = member(u.id);
      assert.ok(m.deleted_at, 'members.deleted_at set');
      assert.equal(m.active, false);
      assert.equal(m.role, 'member', 'role reset');
      assert.equal(m.person_id, before.person_id);
      assert.deepEqual(groupsOf(u.id), [], 'no group membership left');
      const person = row("SELECT email, erased_at FROM users WHERE id = :'id'", { id: before.person_id });
      assert.equal(person.email, userName.toLowerCase(), 'a real person is not erased (only managed accounts are)');
      assert.equal(person.erased_at, null);
      assert.equal(await org.seatsUsed(), seats - 1, 'seat count drops by one');
      const g = await scim.get(`/Groups/${group.id}`);
      assertStatus(g, 200);
      assert.deepEqual((g.json.members || []).map((x) => x.value), [s.keeper.id], 'GET /Groups shows only the keeper');
    });

    await t.test(`org API keys of the member ${revokeKeys ? 'revoked' : 'kept'}; other members' keys untouched`, async () => {
      const k = row("SELECT revoked_at FROM org_api_keys WHERE id = :'id'", { id: keyId });
      if (revokeKeys) assert.ok(k.revoked_at, 'the leaver’s key is revoked');
      else assert.equal(k.revoked_at, null, 'the leaver’s key stays (policy off)');
      assert.equal(row("SELECT revoked_at FROM org_api_keys WHERE id = :'id'", { id: keeperKey }).revoked_at, null,
        'the keeper’s key is never touched');
    });

    await t.test('audit: one member.removed with what was revoked; userName and email kept', async () => {
      const ev = org.audit({ action: 'member.removed', target: u.id });
      assert.equal(ev.length, 1, 'one member.removed event');
      const e = ev[0];
      assert.equal(e.target_user_name, userName);
      assert.equal(e.target_email, userName);
      assert.equal(e.person_id, before.person_id);
      assert.equal(e.actor_token_id, tokenId(s.token));
      assert.equal(e.detail.sessions_revoked, 1);
      assert.equal(e.detail.groups_revoked, 1);
      assert.equal(e.detail.api_keys_revoked, revokeKeys ? 1 : 0);
      assert.equal(e.detail.role_revoked, 'admin');
      const prov = org.audit({ action: 'member.provisioned', target: u.id });
      assert.equal(prov.length, 1);
      assert.equal(prov[0].target_user_name, userName, 'earlier events keep the userName');
      assert.equal(prov[0].target_email, userName, 'earlier events keep the email');
    });

    await t.test('DELETE again → 404', async () => {
      assertError(await scim.del(`/Users/${u.id}`), 404, undefined, 'second DELETE');
    });

    await t.test('re-POST the same userName → 201, new id, role member, new join date, same person', async () => {
      const res = await scim.post('/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName,
        emails: [{ value: userName, type: 'work', primary: true }] });
      assertStatus(res, 201, 're-POST');
      assert.notEqual(res.json.id, u.id, 'a new SCIM id');
      assert.equal(res.json.active, true);
      const m = member(res.json.id);
      assert.equal(m.role, 'member', 'default role, not the old admin');
      assert.ok(Date.parse(m.joined_at) > Date.parse(before.joined_at), `new joined_at (${m.joined_at} > ${before.joined_at})`);
      assert.equal(m.person_id, before.person_id, 'same person');
      assert.deepEqual(groupsOf(res.json.id), [], 'no groups carried over');
      const persons = rows(`SELECT DISTINCT person_id FROM audit_events
        WHERE target_member_id IN (:'a'::uuid, :'b'::uuid) AND person_id IS NOT NULL`, { a: u.id, b: res.json.id });
      assert.deepEqual(persons.map((p) => p.person_id), [before.person_id], 'the audit links both memberships to one person');
      const prov = org.audit({ action: 'member.provisioned', target: res.json.id });
      assert.equal(prov.length, 1);
      assert.equal(prov[0].person_id, before.person_id);
    });
  });
}

test('remove a managed account: person erased, audit keeps its ids', async () => {
  const org = Org.create();
  const scim = org.scim();
  const userName = `kiosk-${org.id.slice(0, 8)}-${Date.now().toString(36)}`;
  const u = await scim.createUser(userName, { displayName: 'Front Desk', externalId: `ext-${userName}` });
  const m0 = member(u.id);
  assert.equal(m0.managed, true, 'managed account');
  assert.ok(m0.person_id, 'a person record exists');

  assertStatus(await scim.del(`/Users/${u.id}`), 204, 'DELETE managed account');
  assertError(await scim.get(`/Users/${u.id}`), 404);

  const m = member(u.id);
  assert.ok(m.deleted_at, 'soft-deleted');
  assert.deepEqual(m.resource, {}, 'members.resource is {}');
  const erased = row("SELECT display_name, external_id, emails FROM members WHERE id = :'id'", { id: u.id });
  assert.equal(erased.display_name, null, 'display_name erased');
  assert.equal(erased.external_id, null, 'external_id erased');
  assert.deepEqual(erased.emails, [], 'emails erased');
  const p = row("SELECT email, erased_at FROM users WHERE id = :'id'", { id: m0.person_id });
  assert.equal(p.email, null, 'users.email NULL');
  assert.ok(p.erased_at, 'users.erased_at set');

  const ev = org.audit({ target: u.id });
  assert.deepEqual(ev.map((e) => e.action), ['member.provisioned', 'member.removed']);
  for (const e of ev) {
    assert.equal(e.target_member_id, u.id, 'audit keeps the member id');
    assert.equal(e.person_id, m0.person_id, 'audit keeps the person id');
  }
  assert.equal(ev[1].detail.erased, true, 'member.removed says erased');
});
