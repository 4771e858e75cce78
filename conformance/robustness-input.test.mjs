// conformance/robustness-input.test.mjs: input that must cost little and
// leave a true record: PATCH with tens of thousands of values, requests
// carrying bytes that are not UTF-8, and managed accounts of the same name
// in two orgs (issue 11, cases 3, 7 and 8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Org, BASE_URL, member, row, uniq, assertStatus, assertError, ctx, URN,
} from './lib/lifecycle.mjs';

const strict = new TextDecoder('utf-8', { fatal: true });

// Sends raw bytes as the body: JSON.stringify could not carry invalid UTF-8.
async function raw(method, path, token, bytes) {
  const r = await fetch(BASE_URL + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
    body: bytes,
    signal: AbortSignal.timeout(20000),
  });
  const buf = Buffer.from(await r.arrayBuffer());
  return { status: r.status, buf };
}

const json = (parts) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));

test('case 3: PATCH add of many emails answers at once', async (t) => {
  const org = Org.create();
  const scim = org.scim();
  const u = await scim.createUser(org.email('many'));

  await t.test('32,000 values: 400 naming the bound, quickly, nothing changed', async () => {
    const value = Array.from({ length: 32000 }, (_, i) => ({ value: `x${i}@a.io` }));
    const t0 = Date.now();
    const res = await scim.patchUser(u.id, { op: 'add', path: 'emails', value });
    const ms = Date.now() - t0;
    assertError(res, 400, /too many values of "emails": 32000 \(at most 10000\)/);
    assert.equal(res.json.scimType, 'invalidValue', ctx(res));
    assert.ok(ms < 2000, `took ${ms} ms`);
    assert.equal((await scim.get(`/Users/${u.id}`)).json.emails.length, 1);
  });

  await t.test('9,999 more (10,000 in all): accepted quickly', async () => {
    const value = Array.from({ length: 9999 }, (_, i) => ({ value: `m${i}@${org.domain}`, type: 'other' }));
    const t0 = Date.now();
    const res = await scim.patchUser(u.id, { op: 'add', path: 'emails', value });
    const ms = Date.now() - t0;
    assertStatus(res, 200, 'add 9,999 emails');
    assert.equal(res.json.emails.length, 10000, ctx(res));
    assert.ok(ms < 2000, `took ${ms} ms`);
  });

  await t.test('one more is refused: the bound holds on the result', async () => {
    const res = await scim.patchUser(u.id, { op: 'add', path: 'emails', value: [{ value: `z@${org.domain}` }] });
    assertError(res, 400, /at most 10000/);
  });
});

test('case 7: a refusal carrying invalid UTF-8 is audited, and its body is UTF-8', async (t) => {
  const org = Org.create();
  const token = org.token();

  await t.test('guard.refused is recorded with the bad bytes replaced', async () => {
    // The domain is not verified: a 403 refusal, audited with the userName sent.
    const name = json([`{"schemas":["${URN.user}"],"userName":"bad`, Buffer.from([0xff, 0xc3]), `@${uniq('nv')}.example"}`]);
    const res = await raw('POST', '/Users', token, name);
    assert.equal(res.status, 403, res.buf.toString());
    strict.decode(res.buf);
    const ev = org.audit({ action: 'guard.refused' });
    assert.equal(ev.length, 1, 'the refusal is in the audit trail');
    assert.match(ev[0].target_user_name, /^bad\uFFFD\uFFFD@/);
    assert.equal(ev[0].detail.status, '403');
  });

  await t.test('an error detail quoting invalid bytes is valid UTF-8', async () => {
    const u = await org.scim().createUser(uniq('utf'));
    const body = json(['{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"nick',
      Buffer.from([0xe2, 0x82]), 'x","value":"v"}]}']);
    const res = await raw('PATCH', `/Users/${u.id}`, token, body);
    assert.equal(res.status, 400);
    const text = strict.decode(res.buf);
    assert.match(JSON.parse(text).detail, /nick\uFFFDx/);
  });
});

test('case 8: managed accounts of the same name in two orgs are two persons', async () => {
  const a = Org.create();
  const b = Org.create();
  const name = uniq('kiosk');
  // No domain anywhere: managed in both orgs, with the same raw "email".
  const extra = { emails: [{ value: name, type: 'work', primary: true }] };
  const ua = await a.scim().createUser(name, extra);
  const sb = b.scim();
  const ub = await sb.createUser(name, extra);
  assert.equal(member(ua.id).managed, true);
  assert.equal(member(ub.id).managed, true);
  assert.notEqual(member(ua.id).person_id, member(ub.id).person_id, 'not linked across orgs');
  assertStatus(await sb.del(`/Users/${ub.id}`), 204, 'remove (and erase) in org B');
  assert.equal(member(ub.id).user_name, ub.id, 'B erased');
  const ma = member(ua.id);
  assert.equal(ma.user_name, name, "A's member intact");
  assert.equal(ma.deleted_at, null);
  const p = row("SELECT erased_at FROM users WHERE id = :'id'", { id: ma.person_id });
  assert.equal(p.erased_at, null, "A's person not erased");
  assertStatus(await a.scim().get(`/Users/${ua.id}`), 200);
});

test('case 8: erasing one membership keeps a person another org still uses', async () => {
  // allowOutsideMembers: the same real address in two orgs is one person.
  const a = Org.create({ outside: true });
  const b = Org.create({ outside: true });
  const addr = `${uniq('shared')}@example.net`;
  const ua = await a.scim().createUser(uniq('a'), { emails: [{ value: addr, primary: true }] });
  const sb = b.scim();
  const ub = await sb.createUser(uniq('b'), { emails: [{ value: addr, primary: true }] });
  assert.equal(member(ua.id).person_id, member(ub.id).person_id, 'one person');
  // Without its email B's account is managed now, and its removal erases.
  assertStatus(await sb.patchUser(ub.id, { op: 'remove', path: 'emails' }), 200);
  assertStatus(await sb.del(`/Users/${ub.id}`), 204);
  const p = row("SELECT email, erased_at FROM users WHERE id = :'id'", { id: member(ua.id).person_id });
  assert.equal(p.erased_at, null, 'the person A uses is kept');
  assert.equal(p.email, addr);
});
