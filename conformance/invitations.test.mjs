// Invitations (issue 14): email invites through /admin/v1 and `scimd invite`,
// accepted through /sso/v1/invitations/accept under the org's SSO secret.
// Every state of the lifecycle (pending, accepted, expired, cancelled,
// re-invited), the domain and seat rules, SCIM provisioning consuming a
// pending invitation, a removed member re-invited, and two racing
// acceptances over two scimd processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  Org, ROOT_URL, admin, cli, runBin, http, psql, rows, scalar, member, uniq, uniqDomain,
  ssoSession, assertStatus, assertError, ctx, startServer,
} from './lib/lifecycle.mjs';

const sha256hex = (s) => createHash('sha256').update(s).digest('hex');

export function accept(secret, token, email, root = ROOT_URL) {
  return http('POST', `${root}/sso/v1/invitations/accept`, {
    token: secret, body: { token, email, subject: `sub-${email}` }, contentType: 'application/json',
  });
}

async function invite(org, list, extra = {}) {
  const res = await admin('POST', `/orgs/${org.id}/invitations`, { invitations: list, ...extra });
  assertStatus(res, 201, 'POST invitations');
  assert.equal(res.json.invitations.length, list.length, ctx(res));
  return res.json.invitations;
}

async function listed(org, id) {
  const res = await admin('GET', `/orgs/${org.id}/invitations`);
  assertStatus(res, 200, 'GET invitations');
  return res.json.invitations.find((i) => i.id === id);
}

const liveMembers = (org, email) => Number(scalar(`SELECT count(*) AS n FROM members WHERE org_id = :'org'
  AND deleted_at IS NULL AND (lower(user_name) = lower(:'e') OR lower(email) = lower(:'e'))`, { org: org.id, e: email }));

// A 7-day expiry cannot be waited for: the test moves the invitation's
// dates back, the one write these tests make in SQL.
function ageInvitation(id) {
  psql(`UPDATE invitations SET created_at = created_at - interval '8 days',
    expires_at = expires_at - interval '8 days' WHERE id = :'id'`, { id });
}

test('email invitations', async (t) => {
  const org = Org.create();
  const secret = await org.ssoSecret();
  const scim = org.scim();

  await t.test('create many: pending, 7 days, token hashed, audited without the token', async () => {
    const [a, b] = await invite(org, [{ email: org.email('ia'), role: 'admin' }, { email: org.email('ib') }]);
    for (const i of [a, b]) {
      assert.match(i.token, /^inv_[A-Za-z0-9_-]{43}$/, 'a 256-bit token');
      assert.equal(i.state, 'pending');
      assert.ok(i.acceptUrl.endsWith(`/invitations/accept?token=${i.token}`), i.acceptUrl);
      const r = rows(`SELECT encode(token_hash, 'hex') AS h, extract(epoch FROM expires_at - created_at) AS ttl
        FROM invitations WHERE id = :'id'`, { id: i.id })[0];
      assert.equal(r.h, sha256hex(i.token), 'only the SHA-256 of the token is stored');
      assert.equal(Number(r.ttl), 7 * 24 * 3600, 'expires 7 days after it is sent');
      const ev = rows(`SELECT detail::text AS d FROM audit_events WHERE org_id = :'org' AND action = 'invitation.created'
        AND detail->>'invitation_id' = :'id'`, { org: org.id, id: i.id });
      assert.equal(ev.length, 1, 'invitation.created');
      assert.ok(!ev[0].d.includes(i.token), 'the audit trail never holds the token');
    }
    assert.equal(a.role, 'admin');
    assert.equal(b.role, 'member', 'role defaults to member');
    assert.equal((await listed(org, a.id)).state, 'pending');
    assert.equal(Number(scalar("SELECT count(*) AS n FROM invitations WHERE token_selector = :'t'", { t: a.token })), 0,
      'the token itself is nowhere');
  });

  await t.test('accepted: a member with the invited role and a session; a second use is 410', async () => {
    const email = org.email('acc');
    const [i] = await invite(org, [{ email, role: 'viewer' }]);
    const res = await accept(secret, i.token, email);
    assertStatus(res, 201, 'accept');
    assert.equal(res.json.member.role, 'viewer');
    assertStatus(await ssoSession(res.json.session), 200, 'the session works');
    const m = member(res.json.member.id);
    assert.equal(m.role, 'viewer');
    assert.equal(m.deleted_at, null);
    const l = await listed(org, i.id);
    assert.equal(l.state, 'accepted');
    assert.equal(l.acceptedMemberId, res.json.member.id);
    assert.equal(l.acceptedVia, 'invitation');
    assertError(await accept(secret, i.token, email), 410, 'already used');
    assert.equal(liveMembers(org, email), 1);
    assert.equal(org.audit({ action: 'invitation.accepted', target: m.id }).length, 1);
  });

  await t.test('a token for another address, an unknown token, a wrong secret', async () => {
    const [i] = await invite(org, [{ email: org.email('mine') }]);
    assertError(await accept(secret, i.token, org.email('thief')), 403, 'another address');
    assertError(await accept(secret, `${i.token.slice(0, 20)}${'A'.repeat(i.token.length - 20)}`, i.email), 404, 'not found');
    assertError(await accept('sso_wrong', i.token, i.email), 401);
    const other = Org.create();
    assertError(await accept(await other.ssoSecret(), i.token, i.email), 404, 'not found',
      'another org\'s secret finds nothing');
    assert.equal((await listed(org, i.id)).state, 'pending', 'still pending');
  });

  await t.test('cancelled: the link stops working; cancelling twice is 409', async () => {
    const email = org.email('can');
    const [i] = await invite(org, [{ email }]);
    cli(['invite', 'cancel', '--org', org.id, '--id', i.id]);
    assert.equal((await listed(org, i.id)).state, 'cancelled');
    assertError(await accept(secret, i.token, email), 410, 'cancelled');
    assertError(await admin('DELETE', `/orgs/${org.id}/invitations/${i.id}`), 409, 'not pending');
    assert.equal(liveMembers(org, email), 0);
    assert.equal(rows(`SELECT 1 FROM audit_events WHERE org_id = :'org' AND action = 'invitation.cancelled'
      AND detail->>'invitation_id' = :'id'`, { org: org.id, id: i.id }).length, 1);
  });

  await t.test('re-invited: the old token is 410, the new one has a fresh 7 days', async () => {
    const email = org.email('re');
    const [old] = await invite(org, [{ email }]);
    ageInvitation(old.id);
    const res = await admin('POST', `/orgs/${org.id}/invitations/${old.id}/reinvite`, { role: 'admin' });
    assertStatus(res, 201, 're-invite');
    const fresh = res.json;
    assert.notEqual(fresh.token, old.token);
    assert.equal(fresh.replaces, old.id);
    assert.equal(fresh.role, 'admin');
    const o = await listed(org, old.id);
    assert.equal(o.state, 'reinvited');
    assert.equal(o.replacedBy, fresh.id);
    assert.ok(Date.parse(fresh.expires) - Date.now() > 6.9 * 86400e3, 'a fresh 7 days');
    assertError(await accept(secret, old.token, email), 410, 'replaced');
    // Inviting the address again from the command line is a re-invite too.
    const line = JSON.parse(cli(['invite', 'create', '--org', org.id, '--email', email, '--role', 'viewer']));
    assert.equal(line.replaces, fresh.id);
    assertError(await accept(secret, fresh.token, email), 410, 'replaced');
    const ok = await accept(secret, line.token, email);
    assertStatus(ok, 201, 'the latest invitation works');
    assert.equal(ok.json.member.role, 'viewer');
  });

  await t.test('expired: 410 and listed as expired; it can be cancelled', async () => {
    const email = org.email('exp');
    const [i] = await invite(org, [{ email }]);
    ageInvitation(i.id);
    assertError(await accept(secret, i.token, email), 410, 'expired');
    assert.equal((await listed(org, i.id)).state, 'expired');
    assert.equal(liveMembers(org, email), 0);
    const l = JSON.parse(cli(['invite', 'list', '--org', org.id]).split('\n').find((x) => x.includes(i.id)));
    assert.equal(l.state, 'expired', 'scimd invite list shows it too');
    assertStatus(await admin('DELETE', `/orgs/${org.id}/invitations/${i.id}`), 204);
  });

  await t.test('outside the verified domains: admitted as the exception unless the policy says no', async () => {
    const outside = `${uniq('contractor')}@${uniqDomain('outside')}`;
    const [i] = await invite(org, [{ email: outside }]);
    assertStatus(await admin('PUT', `/orgs/${org.id}/invite-policy`, { admitOutsiders: false }), 200);
    assertError(await accept(secret, i.token, outside), 403, 'wrong domain');
    assert.equal((await listed(org, i.id)).state, 'pending', 'a refusal leaves it pending');
    cli(['invite', 'policy', '--org', org.id, '--admit-outsiders', 'true']);
    assertStatus(await accept(secret, i.token, outside), 201, 'the invitation is the exception');
    assert.equal(liveMembers(org, outside), 1);
  });

  await t.test('seats: a pending invitation takes none; accepting needs a free one', async () => {
    const o = Org.create();
    const sec = await o.ssoSecret();
    await o.policy({ seatLimit: 1 });
    const [a, b] = await invite(o, [{ email: o.email('s1') }, { email: o.email('s2') }]);
    assert.equal(await o.seatsUsed(), 0, 'pending invitations hold no seat');
    assertStatus(await accept(sec, a.token, a.email), 201);
    assertError(await accept(sec, b.token, b.email), 403, 'no free seat');
    assert.equal(await o.seatsUsed(), 1);
    cli(['invite', 'cancel', '--org', o.id, '--id', b.id]);
    assert.equal(await o.seatsUsed(), 1, 'cancelling frees nothing');
  });

  await t.test('an address that is a member already cannot be invited', async () => {
    const email = org.email('dup');
    await scim.createUser(email);
    assertError(await admin('POST', `/orgs/${org.id}/invitations`, { invitations: [{ email }] }), 409, 'already a member');
    assertError(await admin('POST', `/orgs/${org.id}/invitations`, { invitations: [{ email: 'nope' }] }), 400);
    assertError(await admin('POST', `/orgs/${org.id}/invitations`, { invitations: [{ email: org.email('o'), role: 'owner' }] }), 400);
  });

  await t.test('SCIM provisioning consumes a pending invitation: one membership, the role rule', async () => {
    const x = org.email('scimx');
    const y = org.email('scimy');
    const [ix, iy] = await invite(org, [{ email: x, role: 'admin' }, { email: y, role: 'viewer' }]);
    const ux = await scim.createUser(x);
    const lx = await listed(org, ix.id);
    assert.equal(lx.state, 'accepted');
    assert.equal(lx.acceptedVia, 'scim');
    assert.equal(lx.acceptedMemberId, ux.id);
    assert.equal(member(ux.id).role, 'admin', 'the IdP sent no role: the invitation\'s applies');
    const uy = await scim.createUser(y, { roles: [{ value: 'member' }] });
    assert.equal(member(uy.id).role, 'member', 'the IdP sent a role: it wins');
    assertError(await accept(secret, ix.token, x), 410, 'already used');
    assert.equal(liveMembers(org, x), 1, 'never two memberships');
    const ev = rows(`SELECT detail FROM audit_events WHERE org_id = :'org' AND action = 'invitation.accepted'
      AND target_member_id = :'m'`, { org: org.id, m: uy.id });
    assert.equal(ev.length, 1);
    assert.equal(ev[0].detail.via, 'scim');
    assert.equal(ev[0].detail.role_from, 'idp');
  });

  await t.test('a removed member re-invited comes back with the new role and the same person', async () => {
    const email = org.email('back');
    const u = await scim.createUser(email);
    const before = member(u.id);
    assertStatus(await scim.del(`/Users/${u.id}`), 204, 'remove');
    const [i] = await invite(org, [{ email, role: 'admin' }]);
    const res = await accept(secret, i.token, email);
    assertStatus(res, 201, 'accept');
    const after = member(res.json.member.id);
    assert.notEqual(after.id, before.id, 'a new membership');
    assert.equal(after.role, 'admin', 'the role picked at invite time');
    assert.equal(after.person_id, before.person_id, 'the same person');
  });

  await t.test('invitations a removed member sent stay valid and are listed as such', async () => {
    const inviter = org.email('inviter');
    const u = await scim.createUser(inviter);
    const email = org.email('guest');
    const [i] = await invite(org, [{ email }], { invitedBy: inviter });
    assert.equal(i.invitedBy, u.id);
    assertStatus(await scim.del(`/Users/${u.id}`), 204, 'remove the inviter');
    const l = await listed(org, i.id);
    assert.equal(l.state, 'pending');
    assert.equal(l.inviterRemoved, true);
    assertStatus(await accept(secret, i.token, email), 201, 'still valid');
  });

  await t.test('two racing acceptances of one invitation over two scimd processes: one member', async () => {
    const second = await startServer();
    try {
      const email = org.email('race');
      const [i] = await invite(org, [{ email }]);
      const all = await Promise.all(Array.from({ length: 12 }, (_, k) =>
        accept(secret, i.token, email, k % 2 ? second.root : ROOT_URL)));
      const ok = all.filter((r) => r.status === 201);
      assert.equal(ok.length, 1, `exactly one acceptance: ${all.map((r) => r.status)}`);
      for (const r of all.filter((x) => x.status !== 201)) assertError(r, 410, 'already used');
      assert.equal(liveMembers(org, email), 1);
    } finally {
      await second.stop();
    }
  });

  await t.test('the command line: invite create prints each invitation once with its token', async () => {
    const a = org.email('cli1');
    const b = org.email('cli2');
    const out = cli(['invite', 'create', '--org', org.id, '--email', a, '--email', b, '--role', 'viewer',
      '--public-url', 'https://app.example.com']).split('\n').map((l) => JSON.parse(l));
    assert.equal(out.length, 2);
    assert.equal(out[0].acceptUrl, `https://app.example.com/invitations/accept?token=${out[0].token}`);
    assert.deepEqual(out.map((x) => [x.email, x.role, x.state]), [[a, 'viewer', 'pending'], [b, 'viewer', 'pending']]);
    const r = runBin(['invite', 'create', '--org', org.id]);
    assert.equal(r.ok, false, '--email is required');
  });
});
