// Membership rules that follow the person (issue 9, cases 4, 6 and 7): the
// self guard holds across re-provisioning and forbids demotion; the removal
// rate counts per admin across all of their tokens; whether an account is
// managed is decided when it is removed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  Org, Scim, admin, cli, member, row, scalar, uniq, assertStatus, assertError, ctx, DEACTIVATE, URN,
} from './lib/lifecycle.mjs';

const SELF = /created by the member it would/;
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

test('case 4: a re-provisioned admin stays protected from their own token', async () => {
  const org = Org.create();
  const boot = org.scim();
  const selfName = org.email('self');
  const first = await boot.createAdmin(selfName);
  await boot.createAdmin(org.email('other'));
  const mine = new Scim(org.token({ admin: selfName }));
  // Removed by another token, then provisioned again: a new member id, the same person.
  assertStatus(await boot.del(`/Users/${first.id}`), 204, 'remove the admin with another token');
  const again = await boot.createAdmin(selfName);
  assert.notEqual(again.id, first.id, 'a new membership');
  assert.equal(member(again.id).person_id, member(first.id).person_id, 'of the same person');

  const attempts = [
    ['DELETE', () => mine.del(`/Users/${again.id}`), 'remove'],
    ['PATCH active false', () => mine.patchUser(again.id, DEACTIVATE.okta), 'deactivate'],
    ['PUT active:false', () => mine.putActive(again.id, false), 'deactivate'],
    ['PATCH roles → member', () => mine.patchUser(again.id, { op: 'replace', path: 'roles', value: [{ value: 'member' }] }), 'demote'],
    ['PUT roles viewer', async () => {
      const cur = (await mine.get(`/Users/${again.id}`)).json;
      delete cur.meta;
      return mine.put(`/Users/${again.id}`, { ...cur, roles: [{ value: 'viewer' }] });
    }, 'demote'],
    ['/Bulk DELETE', () => mine.post('/Bulk', { schemas: [BULK], Operations: [{ method: 'DELETE', path: `/Users/${again.id}` }] }), 'remove'],
  ];
  // A /Bulk answer is 200: the refused operation carries the status.
  const refusal = async (fn, name) => {
    const res = await fn();
    if (!name.startsWith('/Bulk')) return res;
    return { ...res, status: Number(res.json.Operations[0].status), json: res.json.Operations[0].response };
  };
  for (const [name, fn, verb] of attempts) {
    const { res: err, event } = await org.refusedWithoutEffect(() => refusal(fn, name), name);
    assert.equal(err.status, 403, `${name}: ${ctx(err)}`);
    assert.match(err.json.detail, new RegExp(`created by the member it would ${verb}`), name);
    assert.equal(event.target_member_id, again.id, `${name}: guard.refused names the member`);
  }
  assert.equal(member(again.id).role, 'admin');
  assert.equal(member(again.id).active, true);
});

test('case 4: a token cannot drop its own admin out of an admin group', async () => {
  const org = Org.create();
  const boot = org.scim();
  const selfName = org.email('self');
  const self = await boot.createAdmin(selfName);
  await boot.createAdmin(org.email('other'));
  const mine = new Scim(org.token({ admin: selfName }));
  // From now on an admin only through the group.
  const grp = await boot.createGroup(`adm-${self.id.slice(0, 8)}`, [self.id]);
  cli(['group', 'role', '--org', org.id, '--group', grp.id, '--role', 'admin']);
  cli(['member', 'role', '--org', org.id, '--member', selfName, '--role', 'member']);
  const { res } = await org.refusedWithoutEffect(() => mine.patch(`/Groups/${grp.id}`, {
    schemas: [URN.patch], Operations: [{ op: 'remove', path: `members[value eq "${self.id}"]` }],
  }), 'remove the token admin from the admin group');
  assertError(res, 403, SELF);
  const { res: d } = await org.refusedWithoutEffect(() => mine.del(`/Groups/${grp.id}`), 'delete the admin group');
  assertError(d, 403, SELF);
  // Another token may.
  assertStatus(await boot.patch(`/Groups/${grp.id}`, {
    schemas: [URN.patch], Operations: [{ op: 'remove', path: `members[value eq "${self.id}"]` }],
  }), 204, 'another token removes them from the group');
});

test('case 6: the removal rate counts per admin across their tokens; refusals do not count', async () => {
  const org = Org.create();
  await org.policy({ removalRate: 2 });
  const boot = org.scim();
  const adminName = org.email('adm');
  await boot.createAdmin(adminName);
  const t1 = new Scim(org.token({ admin: adminName }));
  const t2 = new Scim(org.token({ admin: adminName }));
  const users = [];
  for (let i = 0; i < 4; i++) users.push(await boot.createUser(org.email(`r${i}`)));
  assertStatus(await t1.del('/Users/00000000-0000-4000-8000-000000000000'), 404, 'a failed removal');
  assertStatus(await t1.del(`/Users/${users[0].id}`), 204, 'first removal, token 1');
  assertStatus(await t2.del(`/Users/${users[1].id}`), 204, 'second removal, token 2');
  const { res } = await org.refusedWithoutEffect(() => t2.del(`/Users/${users[2].id}`), 'third removal by the same admin');
  assertError(res, 429, /removals by this admin/);
  const { res: r1 } = await org.refusedWithoutEffect(() => t1.del(`/Users/${users[2].id}`), 'and on the first token');
  assertError(r1, 429, /removals by this admin/);
  // A token without an admin keeps its own count.
  assertStatus(await boot.del(`/Users/${users[2].id}`), 204, 'a token without an admin');

  // org show and the admin API show the window and the count per admin or token.
  const show = JSON.parse(cli(['org', 'show', '--org', org.id]));
  assert.equal(show.removalRate.windowSeconds, 3600);
  assert.equal(show.removalRate.limit, 2);
  const byAdmin = show.removalRate.counts.find((c) => c.admin === adminName);
  assert.equal(byAdmin && byAdmin.removals, 2, `per admin: ${JSON.stringify(show.removalRate)}`);
  const byToken = show.removalRate.counts.filter((c) => c.token);
  assert.deepEqual(byToken.map((c) => c.removals), [1], 'per token without an admin');
  const api = await admin('GET', `/orgs/${org.id}`);
  assertStatus(api, 200, 'GET /admin/v1/orgs/{org}');
  assert.deepEqual(api.json.removalRate, show.removalRate, 'the admin API shows the same');
});

test('case 7: managed is decided at removal, and a managed account leaves only a hash', async (t) => {
  const org = Org.create();
  const scim = org.scim();
  await t.test('created without email, given a real one later: not erased', async () => {
    const u = await scim.createUser(uniq('kim-managed'));
    assert.equal(member(u.id).managed, true, 'managed when created');
    const work = org.email('kim');
    assertStatus(await scim.patchUser(u.id, { op: 'add', path: 'emails', value: [{ value: work, type: 'work', primary: true }] }),
      200, 'add a work email');
    assertStatus(await scim.del(`/Users/${u.id}`), 204);
    const ev = org.audit({ action: 'member.removed', target: u.id });
    assert.equal(ev[0].detail.erased, undefined, `not erased: ${JSON.stringify(ev[0].detail)}`);
    assert.equal(member(u.id).email, work, 'the real person keeps their data');
  });
  await t.test('created with an email, email removed, then removed: erased', async () => {
    const name = uniq('lee');
    const u = await scim.createUser(name, { emails: [{ value: org.email('lee'), type: 'work', primary: true }] });
    assert.equal(member(u.id).managed, false);
    assertStatus(await scim.patchUser(u.id, { op: 'remove', path: 'emails' }), 200, 'remove the email');
    assertStatus(await scim.del(`/Users/${u.id}`), 204);
    const m = member(u.id);
    assert.equal(m.user_name, u.id, 'userName erased');
    assert.equal(m.email, null);
    assert.deepEqual(m.resource, {});
    const p = row("SELECT email, erased_at FROM users WHERE id = :'id'", { id: m.person_id });
    assert.equal(p.email, null);
    assert.ok(p.erased_at);
    const hash = `sha256:${createHash('sha256').update(name.toLowerCase()).digest('hex')}`;
    const ev = org.audit({ target: u.id });
    assert.ok(ev.length >= 3, 'provisioned, updated, removed');
    for (const e of ev) {
      assert.equal(e.target_member_id, u.id, 'the member id stays');
      assert.equal(e.target_user_name, hash, `${e.action}: only a hash of the userName`);
      assert.equal(e.target_email, null);
    }
    const removed = ev.find((e) => e.action === 'member.removed');
    assert.equal(removed.detail.erased, true);
    assert.match(removed.detail.erased_fields, /userName.*person\.email.*audit\.userName/);
    assert.equal(Number(scalar("SELECT count(*) AS n FROM audit_events WHERE org_id = :'org' AND target_user_name = :'u'",
      { org: org.id, u: name })), 0, 'the name is nowhere in the audit trail');
  });
});
