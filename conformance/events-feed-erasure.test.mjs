// Erasure reaches the outbox: a managed account removed for good leaves its
// events in the feed (ids, seq, type, member id, so the feed and webhook
// order stay intact), but none of them keeps its userName, emails,
// externalId or displayName; they carry the audit's "sha256:" hash instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  Org, assertStatus, member, uniq, DEACTIVATE, patchBody,
} from './lib/lifecycle.mjs';
import { feed, allEvents, types } from './lib/events.mjs';

const hashOf = (userName) => `sha256:${createHash('sha256').update(userName.toLowerCase()).digest('hex')}`;

test('erasing a managed member scrubs its earlier events and keeps them in order', async () => {
  const org = Org.create();
  const scim = org.scim();
  const userName = uniq('Kiosk-Erase');
  const raw = {
    userName,
    email: `${userName}-desk`,
    externalId: `ext-${userName}`,
    displayName: `Front Desk ${userName}`,
    newDisplayName: `Lobby ${userName}`,
  };
  const keep = await scim.createUser(uniq('kiosk-keep'), { externalId: uniq('ext-keep') });
  const start = (await feed(org)).next;
  const u = await scim.createUser(userName, {
    externalId: raw.externalId, displayName: raw.displayName,
    emails: [{ value: raw.email, type: 'work', primary: true }],
  });
  assert.equal(member(u.id).managed, true, 'no address in a domain: a managed account');
  assertStatus(await scim.patchUser(u.id, { op: 'replace', path: 'displayName', value: raw.newDisplayName }), 200, 'rename');
  const g = await scim.createGroup(uniq('desk-team'), [u.id, keep.id]);
  assertStatus(await scim.patchUser(u.id, DEACTIVATE.okta), 200, 'deactivate');

  const before = await allEvents(org, start);
  const mine = before.filter((e) => e.data.member && e.data.member.id === u.id);
  assert.deepEqual(types(mine), ['member.provisioned', 'member.updated', 'group.member_added',
    'member.deactivated']);
  assert.ok(mine.every((e) => e.data.member.userName === userName), 'before: the events carry the userName');
  assert.ok(JSON.stringify(mine).includes(raw.email), 'before: and the email');

  assertStatus(await scim.del(`/Users/${u.id}`), 204, 'remove (erase)');
  const after = await allEvents(org, start);
  assert.deepEqual(types(after), [...types(before), 'member.erased']);
  // The same rows, in the same places: ids, seq, types and subjects are kept.
  before.forEach((e, i) => {
    assert.equal(after[i].id, e.id);
    assert.equal(after[i].seq, e.seq);
    assert.equal(after[i].timestamp, e.timestamp);
    assert.equal(after[i].data.member && after[i].data.member.id, e.data.member && e.data.member.id);
  });

  const hash = hashOf(userName);
  assert.equal(org.audit({ target: u.id })[0].target_user_name, hash, 'the audit\'s hash');
  const text = JSON.stringify(after).toLowerCase();
  for (const [what, v] of Object.entries(raw))
    assert.ok(!text.includes(v.toLowerCase()), `no event contains the raw ${what}`);
  for (const e of after.filter((x) => x.data.member && x.data.member.id === u.id)) {
    assert.equal(e.data.member.userName, hash, `${e.type}: the hash instead of the userName`);
    assert.deepEqual(e.data.member.emails, [], `${e.type}: no emails`);
    assert.ok(!('externalId' in e.data.member) && !('displayName' in e.data.member), `${e.type}: no externalId, displayName`);
  }
  const erased = after[after.length - 1];
  assert.equal(erased.data.member.id, u.id);
  assert.equal(erased.data.member.removed, true);
  assert.equal(erased.data.detail.erased, true);

  // Only the erased member's events change: the group and its other member keep theirs.
  const other = after.find((e) => e.type === 'group.member_added' && e.data.member.id === keep.id);
  assert.equal(other.data.member.userName, keep.userName);
  assert.equal(other.data.member.externalId, keep.externalId);
  assert.equal(after.find((e) => e.type === 'group.created').data.group.id, g.id);
  assertStatus(await scim.patch(`/Groups/${g.id}`, patchBody({ op: 'replace', path: 'displayName', value: 'still-here' })), 204, 'the group lives on');
});

test('a removed member that is not managed keeps its events as they were', async () => {
  const org = Org.create();
  const scim = org.scim();
  const userName = org.email('real');
  const u = await scim.createUser(userName, { externalId: uniq('ext-real') });
  assertStatus(await scim.del(`/Users/${u.id}`), 204, 'remove');
  const evs = (await allEvents(org)).filter((e) => e.data.member && e.data.member.id === u.id);
  assert.deepEqual(types(evs), ['member.provisioned', 'member.removed']);
  for (const e of evs) {
    assert.equal(e.data.member.userName, userName, `${e.type}: a real person's events are not erased`);
    assert.equal(e.data.member.externalId, u.externalId);
  }
});
