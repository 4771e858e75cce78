// Membership rules — bulk removal is all or nothing (issue 9, case 5): the
// user removals of a /Bulk request are checked as one set and applied in
// one transaction; when one is refused none is applied, the refused one
// answers with its own status and every other operation with 424.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Org, Scim, member, scalar, tokenId, assertStatus, ctx, URN,
} from './lib/lifecycle.mjs';

const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const bulk = (scim, ops) => scim.post('/Bulk', { schemas: [BULK], Operations: ops });
// A refused bulk request as refusedWithoutEffect sees it: the status is the
// refused operation's (the guard.refused event records that one), the body
// the whole BulkResponse, and bulkStatus the request's own status.
async function refusedBulk(scim, ops, index) {
  const res = await bulk(scim, ops);
  const op = res.json && res.json.Operations && res.json.Operations[index];
  return { ...res, bulkStatus: res.status, status: op ? Number(op.status) : res.status };
}
const del = (u) => ({ method: 'DELETE', path: `/Users/${u.id}` });

function assert424(op, refusedIndex, why) {
  assert.equal(op.status, '424', `${why}: ${JSON.stringify(op)}`);
  assert.deepEqual(op.response.schemas, [URN.error]);
  assert.equal(op.response.status, '424');
  assert.match(op.response.detail, new RegExp(`operation ${refusedIndex + 1} \\(DELETE /Users/.*\\) was refused.*all or nothing`));
}

test('case 5: b1, the Owner, b2 → 424, 409, 424 and nobody removed', async () => {
  const org = Org.create({ owner: true });
  const scim = org.scim();
  const ownerId = await scim.userIdOf(org.ownerEmail);
  const b1 = await scim.createUser(org.email('b1'));
  const b2 = await scim.createUser(org.email('b2'));
  const { res, event } = await org.refusedWithoutEffect(
    () => refusedBulk(scim, [del(b1), { method: 'DELETE', path: `/Users/${ownerId}` }, del(b2)], 1), 'bulk with the Owner');
  assert.equal(res.bulkStatus, 200, 'the bulk request itself');
  const [r1, ro, r2] = res.json.Operations;
  assert.equal(ro.status, '409', ctx(res));
  assert.match(ro.response.detail, /owner cannot be removed/);
  assert424(r1, 1, 'b1');
  assert424(r2, 1, 'b2');
  assert.equal(event.target_member_id, ownerId, 'guard.refused names the Owner');
  for (const u of [b1, b2]) assert.equal(member(u.id).deleted_at, null, `${u.userName} still there`);
});

test('a refused removal among 10 leaves all 10 untouched; the other operations get 424 bodies', async () => {
  const org = Org.create();
  const boot = org.scim();
  const selfName = org.email('self');
  const self = await boot.createAdmin(selfName);
  await boot.createAdmin(org.email('other'));
  const scim = org.scim({ admin: selfName });
  const users = [];
  for (let i = 0; i < 9; i++) users.push(await boot.createUser(org.email(`t${i}`)));
  const ops = [...users.slice(0, 5).map(del), del(self), ...users.slice(5).map(del),
    { method: 'POST', path: '/Users', bulkId: 'n', data: { schemas: [URN.user], userName: org.email('new') } }];
  const { res } = await org.refusedWithoutEffect(() => refusedBulk(scim, ops, 5), 'ten removals, one of the token admin');
  const out = res.json.Operations;
  assert.equal(out.length, 11, ctx(res));
  assert.equal(out[5].status, '403');
  assert.match(out[5].response.detail, /created by the member it would remove/);
  out.forEach((op, i) => { if (i !== 5) assert424(op, 5, `operation ${i + 1}`); });
  assert.equal(out[10].bulkId, 'n', 'the 424 of a POST keeps its bulkId');
  for (const u of [...users, self]) assert.equal(member(u.id).deleted_at, null, `${u.userName} untouched`);
  assert.equal(Number(scalar("SELECT count(*) AS n FROM members WHERE org_id = :'org' AND deleted_at IS NULL", { org: org.id })), 11,
    'the POST did not run either');
});

test('two removals that each leave one manager do not together leave none', async () => {
  const org = Org.create();
  const scim = org.scim();
  const a1 = await scim.createAdmin(org.email('a1'));
  const a2 = await scim.createAdmin(org.email('a2'));
  const m = await scim.createUser(org.email('m'));
  const { res } = await org.refusedWithoutEffect(() => refusedBulk(scim, [del(m), del(a1), del(a2)], 2), 'both admins at once');
  const st = res.json.Operations.map((o) => o.status);
  assert.deepEqual(st, ['424', '424', '409'], ctx(res));
  assert.match(res.json.Operations[2].response.detail, /without an active member who can manage members/);
  for (const u of [a1, a2, m]) assert.equal(member(u.id).deleted_at, null);
});

test('an accepted set is removed in one go and counts as its number of removals', async () => {
  const org = Org.create();
  await org.policy({ removalRate: 5 });
  const token = org.token();
  const scim = new Scim(token);
  const users = [];
  for (let i = 0; i < 7; i++) users.push(await scim.createUser(org.email(`r${i}`)));
  const ok = await bulk(scim, users.slice(0, 3).map(del));
  assert.deepEqual(ok.json.Operations.map((o) => o.status), ['204', '204', '204'], ctx(ok));
  assert.match(ok.json.Operations[0].location, new RegExp(`/Users/${users[0].id}$`));
  for (const u of users.slice(0, 3)) assert.ok(member(u.id).deleted_at, 'removed');
  assert.equal(Number(scalar("SELECT count(*) AS n FROM removal_log WHERE token_id = :'t'", { t: tokenId(token) })), 3);
  // 3 used of 5: a set of 3 does not fit; the third of it is the refused one.
  const { res } = await org.refusedWithoutEffect(() => refusedBulk(scim, users.slice(3, 6).map(del), 2), 'three more past the rate');
  assert.deepEqual(res.json.Operations.map((o) => o.status), ['424', '424', '429'], ctx(res));
  assert.match(res.json.Operations[2].response.detail, /rate limit.*all its removals or none/);
  assert.equal(Number(scalar("SELECT count(*) AS n FROM removal_log WHERE token_id = :'t'", { t: tokenId(token) })), 3,
    'nothing counted for the refused set');
  const two = await bulk(scim, users.slice(3, 5).map(del));
  assert.deepEqual(two.json.Operations.map((o) => o.status), ['204', '204'], 'two still fit');
});

test('requests without removals keep per-operation semantics', async () => {
  const org = Org.create();
  const scim = org.scim();
  const res = await bulk(scim, [
    { method: 'PATCH', path: '/Users/00000000-0000-4000-8000-000000000000',
      data: { schemas: [URN.patch], Operations: [{ op: 'replace', path: 'active', value: false }] } },
    { method: 'POST', path: '/Users', bulkId: 'x', data: { schemas: [URN.user], userName: org.email('x') } },
  ]);
  assert.deepEqual(res.json.Operations.map((o) => o.status), ['404', '201'], ctx(res));
});
