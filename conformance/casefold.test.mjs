// Case-insensitive matching is Unicode simple case folding, the same in
// list filters (SQL, scimd_fold) and PATCH value filters (C): accented,
// Greek and Cyrillic capitals and the Kelvin sign match their lower forms,
// and userName / Group displayName uniqueness folds the same way.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  get, post, patch, createUser, uid, filterPath, patchBody, DOMAIN, URN,
  assertListResponse, assertScimError, ctx, ids,
} from './lib/scim.mjs';

const up = (s) => s.toUpperCase();

async function found(filter, extra = '', base = '/Users') {
  const path = base === '/Users' ? filterPath(filter, extra)
    : `${base}?filter=${encodeURIComponent(filter)}${extra}`;
  return ids(assertListResponse(await get(path)));
}

describe('Unicode case folding', () => {
  const id = uid();
  let anna, jose, kelvin, ivan;

  before(async () => {
    anna = await createUser({ userName: `άννα-${id}@${DOMAIN}` });
    jose = await createUser({
      userName: `jose-${id}@${DOMAIN}`,
      name: { givenName: `José${id}`, familyName: 'Ωmega' },
      emails: [{ value: `josé-${id}@example.com`, type: 'work', primary: true }],
    });
    kelvin = await createUser({ userName: `kelvin-${id}@${DOMAIN}` });
    ivan = await createUser({
      userName: `ivan-${id}@${DOMAIN}`,
      name: { givenName: `Иван${id}`, familyName: 'Ёлкин' },
    });
  });

  it('userName eq/co/sw: accented Greek capitals find the lower form', async () => {
    const name = anna.userName;
    assert.equal(up(name).slice(0, 4), 'ΆΝΝΑ');
    assert.deepEqual(await found(`userName eq "${up(name)}"`), [anna.id]);
    assert.deepEqual(await found(`userName co "ΝΝΑ-${up(id)}"`), [anna.id]);
    assert.deepEqual(await found(`userName sw "ΆΝΝΑ-${up(id)}"`), [anna.id]);
  });

  it('name.givenName eq "JOSÉ…" finds "José…"; Cyrillic likewise', async () => {
    assert.deepEqual(await found(`name.givenName eq "JOSÉ${up(id)}"`), [jose.id]);
    assert.deepEqual(await found(`name.givenName sw "ИВАН${up(id)}"`), [ivan.id]);
    assert.deepEqual(await found(`name.familyName eq "ёлкин" and userName co "${id}"`), [ivan.id]);
  });

  it('emails.value eq/co/sw fold, through the stored folded emails', async () => {
    const mail = `JOSÉ-${up(id)}@EXAMPLE.COM`;
    assert.deepEqual(await found(`emails.value eq "${mail}"`), [jose.id]);
    assert.deepEqual(await found(`emails.value co "SÉ-${up(id)}"`), [jose.id]);
    assert.deepEqual(await found(`emails.value sw "JOSÉ-${up(id)}"`), [jose.id]);
    assert.deepEqual(await found(`emails[type eq "WORK" and value eq "${mail}"]`), [jose.id]);
  });

  it('the Kelvin sign K (U+212A) folds to k', async () => {
    assert.deepEqual(await found(`userName eq "\u212AELVIN-${up(id)}@${up(DOMAIN)}"`), [kelvin.id]);
  });

  it('userName uniqueness folds: ÉLISE after élise → 409 uniqueness', async () => {
    await createUser({ userName: `élise-${id}@${DOMAIN}` });
    const body = { schemas: [URN.user], userName: `ÉLISE-${up(id)}@${DOMAIN}` };
    assertScimError(await post('/Users', body), 409, 'uniqueness');
  });

  it('PATCH value filter emails[value eq "JOSÉ…"] matches the stored lower form', async () => {
    const res = await patch(`/Users/${jose.id}`, patchBody({
      op: 'replace', path: `emails[value eq "JOSÉ-${up(id)}@EXAMPLE.COM"].type`, value: 'home',
    }));
    assert.equal(res.status, 200, ctx(res));
    assert.deepEqual(res.json.emails.map((e) => [e.value, e.type]),
      [[`josé-${id}@example.com`, 'home']]);
    // Without the accent it is another address: the josé element stays.
    const miss = await patch(`/Users/${jose.id}`, patchBody({
      op: 'replace', path: `emails[value eq "JOSE-${up(id)}@EXAMPLE.COM"].type`, value: 'work',
    }));
    assert.equal(miss.status, 200, ctx(miss));
    assert.equal(miss.json.emails.find((e) => e.value === `josé-${id}@example.com`).type, 'home');
  });

  it('PATCH add of an email equal under folding does not duplicate it', async () => {
    const res = await patch(`/Users/${anna.id}`, patchBody(
      { op: 'add', path: 'emails', value: [{ value: `ΆΝΝΑ-${id}@example.com`, type: 'work' }] },
      { op: 'add', path: 'emails', value: [{ value: `άννα-${id}@EXAMPLE.COM`, type: 'work' }] },
    ));
    assert.equal(res.status, 200, ctx(res));
    assert.deepEqual(res.json.emails.map((e) => e.value),
      [anna.userName, `ΆΝΝΑ-${id}@example.com`], ctx(res));
  });

  it('Groups displayName eq/co fold, and its uniqueness too', async () => {
    const name = `Ωmega Άννα ${id}`;
    const g = await post('/Groups', { schemas: [URN.group], displayName: name });
    assert.equal(g.status, 201, ctx(g));
    assert.deepEqual(await found(`displayName eq "${up(name)}"`, '', '/Groups'), [g.json.id]);
    assert.deepEqual(await found(`displayName co "άννα ${id}"`, '', '/Groups'), [g.json.id]);
    const dup = await post('/Groups', { schemas: [URN.group], displayName: `ωMEGA άννα ${id}` });
    assertScimError(dup, 409, 'uniqueness');
  });

  it('sortBy=userName orders by folded code point, both ways', async () => {
    const tag = `sort-${id}`;
    const made = {};
    for (const k of ['É', 'a', 'Z']) made[k] = (await createUser({ userName: `${tag}-${k}@${DOMAIN}` })).id;
    const want = [made.a, made.Z, made['É']];	// a < z < é
    assert.deepEqual(await found(`userName sw "${up(tag)}"`, '&sortBy=userName'), want);
    assert.deepEqual(await found(`userName sw "${tag}"`, '&sortBy=userName&sortOrder=descending'),
      [...want].reverse());
  });
});
