// Open invite links (issue 14): created through /admin/v1 and
// `scimd invite-link`, used through /sso/v1/invite-links/accept. Every
// restriction (domain, usage, expiry, revoked), the usage count, a removed
// creator's links ending, and N+1 concurrent uses of a link limited to N
// over two scimd processes giving exactly N members.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  Org, ROOT_URL, admin, cli, http, rows, scalar, uniq, uniqDomain,
  assertStatus, assertError, ctx, startServer,
} from './lib/lifecycle.mjs';

const sha256hex = (s) => createHash('sha256').update(s).digest('hex');

function use(secret, token, email, root = ROOT_URL) {
  return http('POST', `${root}/sso/v1/invite-links/accept`, {
    token: secret, body: { token, email }, contentType: 'application/json',
  });
}

async function link(org, body = {}) {
  const res = await admin('POST', `/orgs/${org.id}/invite-links`, body);
  assertStatus(res, 201, 'POST invite-links');
  assert.match(res.json.token, /^invl_[A-Za-z0-9_-]{43}$/, 'a 256-bit token');
  return res.json;
}

async function listed(org, id) {
  const res = await admin('GET', `/orgs/${org.id}/invite-links`);
  assertStatus(res, 200, 'GET invite-links');
  return res.json.inviteLinks.find((l) => l.id === id);
}

const live = (org) => Number(scalar("SELECT count(*) AS n FROM members WHERE org_id = :'org' AND deleted_at IS NULL",
  { org: org.id }));

test('invite links', async (t) => {
  const org = Org.create({ outside: true });
  const secret = await org.ssoSecret();
  const scim = org.scim();

  await t.test('create: stored hashed, listed active with no uses, audited', async () => {
    const l = await link(org, { role: 'viewer' });
    assert.equal(l.state, 'active');
    assert.equal(l.uses, 0);
    assert.equal(l.maxUses, null);
    assert.equal(scalar("SELECT encode(token_hash, 'hex') AS h FROM invite_links WHERE id = :'id'", { id: l.id }),
      sha256hex(l.token));
    assert.equal(rows(`SELECT 1 FROM audit_events WHERE org_id = :'org' AND action = 'invite_link.created'
      AND detail->>'invite_link_id' = :'id'`, { org: org.id, id: l.id }).length, 1);
    const res = await use(secret, l.token, `${uniq('any')}@${uniqDomain('anywhere')}`);
    assertStatus(res, 201, 'no restriction: any address');
    assert.equal(res.json.member.role, 'viewer');
    assert.equal((await listed(org, l.id)).uses, 1);
    assert.equal(rows(`SELECT 1 FROM audit_events WHERE org_id = :'org' AND action = 'invite_link.used'
      AND detail->>'invite_link_id' = :'id'`, { org: org.id, id: l.id }).length, 1);
  });

  await t.test('domain restriction: another domain is 403 wrong domain', async () => {
    const d1 = uniqDomain('ok1');
    const d2 = uniqDomain('ok2');
    const l = await link(org, { domains: [d1, d2] });
    assert.deepEqual(l.domains.sort(), [d1, d2].sort());
    assertError(await use(secret, l.token, `${uniq('x')}@${uniqDomain('other')}`), 403, 'wrong domain');
    assertStatus(await use(secret, l.token, `${uniq('x')}@${d2}`), 201);
    assert.equal((await listed(org, l.id)).uses, 1, 'a refusal is not a use');
  });

  await t.test('usage limit: used up after N, listed used_up', async () => {
    const l = await link(org, { maxUses: 2 });
    assertStatus(await use(secret, l.token, org.email('u1')), 201);
    assertStatus(await use(secret, l.token, org.email('u2')), 201);
    assertError(await use(secret, l.token, org.email('u3')), 410, 'used up');
    const got = await listed(org, l.id);
    assert.equal(got.uses, 2);
    assert.equal(got.state, 'used_up');
  });

  await t.test('expiry: works until then, 410 after; an expiry in the past is refused', async () => {
    const at = new Date(Date.now() + 2500).toISOString();
    const l = await link(org, { expiresAt: at });
    assertStatus(await use(secret, l.token, org.email('e1')), 201, 'before the expiry');
    await new Promise((r) => setTimeout(r, 3000));
    assertError(await use(secret, l.token, org.email('e2')), 410, 'expired');
    assert.equal((await listed(org, l.id)).state, 'expired');
    assertError(await admin('POST', `/orgs/${org.id}/invite-links`, { expiresAt: '2001-01-01T00:00:00Z' }), 400, 'future');
    assertError(await admin('POST', `/orgs/${org.id}/invite-links`, { maxUses: 0 }), 400);
  });

  await t.test('revoked: 410; who joined stays; revoking twice writes one event', async () => {
    const l = await link(org);
    const joined = await use(secret, l.token, org.email('r1'));
    assertStatus(joined, 201);
    cli(['invite-link', 'revoke', '--org', org.id, '--id', l.id]);
    assertError(await use(secret, l.token, org.email('r2')), 410, 'revoked');
    assert.equal(scalar("SELECT deleted_at FROM members WHERE id = :'id'", { id: joined.json.member.id }), null,
      'revoking removes nobody');
    assertStatus(await admin('DELETE', `/orgs/${org.id}/invite-links/${l.id}`), 204);
    assert.equal(rows(`SELECT 1 FROM audit_events WHERE org_id = :'org' AND action = 'invite_link.revoked'
      AND detail->>'invite_link_id' = :'id'`, { org: org.id, id: l.id }).length, 1);
    const got = await listed(org, l.id);
    assert.equal(got.state, 'revoked');
    assert.equal(got.revokedReason, 'revoked');
  });

  await t.test('already a member: 409, no use counted', async () => {
    const email = org.email('mem');
    await scim.createUser(email);
    const l = await link(org);
    assertError(await use(secret, l.token, email), 409, 'already a member');
    assert.equal((await listed(org, l.id)).uses, 0);
  });

  await t.test('seats: a link admits no one past the seat limit', async () => {
    const o = Org.create();
    const sec = await o.ssoSecret();
    await o.policy({ seatLimit: 1 });
    const l = await link(o);
    assertStatus(await use(sec, l.token, o.email('s1')), 201);
    assertError(await use(sec, l.token, o.email('s2')), 403, 'no free seat');
    assert.equal(await o.seatsUsed(), 1);
  });

  await t.test('removing the creator ends their links; their invitations stay', async () => {
    const creator = org.email('creator');
    const u = await scim.createUser(creator);
    const l = JSON.parse(cli(['invite-link', 'create', '--org', org.id, '--member', creator, '--max-uses', '5']));
    assert.equal(l.createdBy, u.id);
    assert.equal(l.maxUses, 5);
    const inv = await admin('POST', `/orgs/${org.id}/invitations`, { invitations: [{ email: org.email('g') }], invitedBy: creator });
    assertStatus(inv, 201);
    assertStatus(await scim.del(`/Users/${u.id}`), 204, 'remove the creator');
    const got = await listed(org, l.id);
    assert.equal(got.state, 'revoked');
    assert.equal(got.revokedReason, 'creator_removed');
    assertError(await use(secret, l.token, org.email('late')), 410, 'revoked');
    const ev = rows(`SELECT detail FROM audit_events WHERE org_id = :'org' AND action = 'invite_link.revoked'
      AND detail->>'invite_link_id' = :'id'`, { org: org.id, id: l.id });
    assert.equal(ev.length, 1);
    assert.equal(ev[0].detail.reason, 'creator_removed');
    const i = (await admin('GET', `/orgs/${org.id}/invitations`)).json.invitations
      .find((x) => x.id === inv.json.invitations[0].id);
    assert.equal(i.state, 'pending', 'invitations the member sent stay valid');
    assert.equal(i.inviterRemoved, true);
  });

  await t.test('N+1 concurrent uses of a link limited to N, over two scimd processes: exactly N members', async () => {
    const o = Org.create();
    const sec = await o.ssoSecret();
    const second = await startServer();
    try {
      const N = 6;
      const l = await link(o, { maxUses: N });
      const before = live(o);
      const all = await Promise.all(Array.from({ length: N + 1 }, (_, k) =>
        use(sec, l.token, o.email(`race${k}`), k % 2 ? second.root : ROOT_URL)));
      const ok = all.filter((r) => r.status === 201);
      assert.equal(ok.length, N, `exactly ${N} joined: ${all.map((r) => r.status)}`);
      const refused = all.filter((r) => r.status !== 201);
      assert.equal(refused.length, 1);
      assertError(refused[0], 410, 'used up', ctx(refused[0]));
      assert.equal(live(o) - before, N);
      assert.equal((await listed(o, l.id)).uses, N);
    } finally {
      await second.stop();
    }
  });

  await t.test('scimd invite-link list prints each link with its usage', async () => {
    const l = await link(org, { maxUses: 3 });
    const lines = cli(['invite-link', 'list', '--org', org.id]).split('\n').map((x) => JSON.parse(x));
    const got = lines.find((x) => x.id === l.id);
    assert.equal(got.uses, 0);
    assert.equal(got.maxUses, 3);
    assert.equal(got.token, undefined, 'never the token');
  });
});
