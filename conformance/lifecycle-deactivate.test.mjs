// Membership lifecycle — deactivate and reactivate, in the three forms IdPs
// send (Okta PATCH, Entra PATCH, Okta PUT active:false). Deactivation:
// sessions revoked at once; role, groups and seat kept; the user stays
// visible with active false; sign-in refused. Reactivation: same role and
// groups, old sessions stay dead, a new sign-in works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Org, Scim, member, groupsOf, liveSessions, login, ssoLogin, ssoSession, tokenId,
  assertStatus, assertError, DEACTIVATE, REACTIVATE, ctx,
} from './lib/lifecycle.mjs';

const forms = [
  {
    name: 'Okta PATCH {"op":"replace","value":{"active":false}}',
    off: (scim, id) => scim.patchUser(id, DEACTIVATE.okta),
    on: (scim, id) => scim.patchUser(id, REACTIVATE.okta),
  },
  {
    name: 'Entra PATCH {"op":"Replace","path":"active","value":"False"}',
    off: (scim, id) => scim.patchUser(id, DEACTIVATE.entra),
    on: (scim, id) => scim.patchUser(id, REACTIVATE.entra),
  },
  {
    name: 'Okta PUT with "active": false',
    off: (scim, id) => scim.putActive(id, false),
    on: (scim, id) => scim.putActive(id, true),
  },
];

for (const form of forms) {
  test(`deactivate and reactivate: ${form.name}`, async (t) => {
    const org = Org.create();
    const token = org.token();
    const scim = new Scim(token);
    const secret = await org.ssoSecret();
    // A second admin, so the last-manager guard is not what this test meets.
    await scim.createAdmin(org.email('keeper'));
    const userName = org.email('leaver');
    const u = await scim.createAdmin(userName);
    const group = await scim.createGroup(`team-${u.id.slice(0, 8)}`);
    await scim.addToGroup(group.id, u.id); // PATCH /Groups, as IdPs push group membership
    const before = member(u.id);
    assert.equal(before.role, 'admin');
    assert.deepEqual(groupsOf(u.id), [group.id]);
    const seats = await org.seatsUsed();

    const session = await login(secret, userName);
    const s = await ssoSession(session);
    assertStatus(s, 200, 'session before deactivation');
    assert.equal(s.json.id, u.id, 'the session is the member’s');
    assert.equal(liveSessions(u.id), 1);

    await t.test('deactivate → 200 active:false; session 401 at once; role, groups, seat kept', async () => {
      const res = await form.off(scim, u.id);
      assertStatus(res, 200, 'deactivate');
      assert.equal(res.json.active, false, 'response shows active:false');
      assertError(await ssoSession(session), 401, undefined, 'session right after deactivation');
      const m = member(u.id);
      assert.equal(m.active, false, 'members.active');
      assert.ok(m.deactivated_at, 'members.deactivated_at set');
      assert.equal(m.deleted_at, null, 'not removed');
      assert.equal(m.role, 'admin', 'role kept');
      assert.equal(m.person_id, before.person_id);
      assert.deepEqual(groupsOf(u.id), [group.id], 'group membership kept (database)');
      assert.equal(liveSessions(u.id), 0, 'every session revoked in the database');
      assert.equal(await org.seatsUsed(), seats, 'seat kept');
      const ev = org.audit({ action: 'member.deactivated', target: u.id });
      assert.equal(ev.length, 1, 'one member.deactivated event');
      assert.equal(ev[0].detail.sessions_revoked, 1, 'the event counts the revoked session');
      assert.equal(ev[0].actor_token_id, tokenId(token), 'the event names the acting token');
    });

    await t.test('still visible: GET and filter return it with active:false; group still lists it', async () => {
      const g = await scim.get(`/Users/${u.id}`);
      assertStatus(g, 200, 'GET deactivated user');
      assert.equal(g.json.active, false);
      const f = await scim.get(`/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
      assertStatus(f, 200);
      assert.equal(f.json.totalResults, 1, `filter finds the deactivated user: ${ctx(f)}`);
      assert.equal(f.json.Resources[0].id, u.id);
      assert.equal(f.json.Resources[0].active, false);
      const grp = await scim.get(`/Groups/${group.id}`);
      assertStatus(grp, 200);
      assert.deepEqual((grp.json.members || []).map((x) => x.value), [u.id], 'the group still has the member');
    });

    await t.test('sign-in of a deactivated member → 403', async () => {
      assertError(await ssoLogin(secret, userName), 403, /deactivated/, 'sign-in while deactivated');
      assert.equal(liveSessions(u.id), 0, 'no session created');
    });

    await t.test('reactivate → 200; same role and groups; old session stays 401; new sign-in works', async () => {
      const res = await form.on(scim, u.id);
      assertStatus(res, 200, 'reactivate');
      assert.equal(res.json.active, true);
      const m = member(u.id);
      assert.equal(m.active, true);
      assert.equal(m.deactivated_at, null, 'deactivated_at cleared');
      assert.equal(m.role, 'admin', 'same role');
      assert.deepEqual(groupsOf(u.id), [group.id], 'same groups');
      assert.equal(m.joined_at, before.joined_at, 'same join date');
      assertError(await ssoSession(session), 401, undefined, 'the old session is not restored');
      const fresh = await login(secret, userName);
      assertStatus(await ssoSession(fresh), 200, 'a new session works');
      assertError(await ssoSession(session), 401, undefined, 'old session still dead');
      assert.equal(org.audit({ action: 'member.reactivated', target: u.id }).length, 1, 'one member.reactivated event');
    });
  });
}

test('deactivating an already inactive user again is no new transition', async () => {
  const org = Org.create();
  const scim = org.scim();
  const u = await scim.createUser(org.email('twice'));
  assertStatus(await scim.patchUser(u.id, DEACTIVATE.okta), 200);
  assertStatus(await scim.patchUser(u.id, DEACTIVATE.entra), 200);
  assert.equal(org.audit({ action: 'member.deactivated', target: u.id }).length, 1, 'one member.deactivated event, not two');
});
