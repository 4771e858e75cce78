// Token authentication is cached per process for a few seconds; a revoked
// token must still be refused by the very next request, on this process and
// on a second scimd process on the same database, whether it was revoked
// through the command line or through the admin API. Each token is warmed
// on both processes first, so that both hold it in their caches. NOTIFY
// reaches the processes asynchronously (well under a millisecond when the
// machine is idle); the check waits SETTLE ms for it on a busy machine,
// which is still far below the cache's 10 s: without the NOTIFY the token
// would pass.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Org, Scim, cli, tokenId, startServer, assertStatus, ctx, OPERATOR_TOKEN,
} from './lib/lifecycle.mjs';

// Both processes are started here, with the cache on (it is off unless
// SCIMD_TOKEN_CACHE_TTL is set).
process.env.SCIMD_TOKEN_CACHE_TTL = '10';
let first;
let second;
after(async () => { for (const s of [first, second]) if (s) await s.stop(); });

// Several requests on each process: every worker of both may have cached it.
async function warm(scims) {
  for (const s of scims) {
    for (let i = 0; i < 8; i++) assertStatus(await s.get('/Users?count=1'), 200, 'token works before the revocation');
  }
}

const SETTLE = 150;
const settle = () => new Promise((r) => setTimeout(r, SETTLE));

async function assertRefused(s, where) {
  const res = await s.get('/Users?count=1');
  assert.equal(res.status, 401, `the first request after the revocation, on ${where}: ${ctx(res)}`);
}

test('a revoked token is refused by the next request on every process', async (t) => {
  first = await startServer();
  second = await startServer();
  const org = Org.create();

  await t.test('revoked with `scimd token revoke`: 401 here and there', async () => {
    const token = org.token();
    const here = new Scim(token, first.base);
    const there = here.on(second.base);
    await warm([here, there]);
    cli(['token', 'revoke', '--org', org.id, '--token', tokenId(token)]);
    await settle();
    await assertRefused(here, 'the first process');
    await assertRefused(there, 'the second process');
  });

  await t.test('revoked through the second process\'s admin API: 401 on the first at once', async () => {
    assert.ok(OPERATOR_TOKEN, 'SCIMD_OPERATOR_TOKEN is set');
    const token = org.token();
    const here = new Scim(token, first.base);
    const there = here.on(second.base);
    await warm([here, there]);
    const res = await fetch(`${second.root}/admin/v1/orgs/${org.id}/tokens/${tokenId(token)}`, {
      method: 'DELETE', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    assert.equal(res.status, 204, `DELETE token on the second process: ${res.status}`);
    await settle();
    await assertRefused(here, 'the first process');
    await assertRefused(there, 'the second process');
  });

  await t.test('revoked through the first process\'s admin API: 401 on the second at once', async () => {
    const token = org.token();
    const here = new Scim(token, first.base);
    const there = here.on(second.base);
    await warm([there, here]);
    const res = await fetch(`${first.root}/admin/v1/orgs/${org.id}/tokens/${tokenId(token)}`, {
      method: 'DELETE', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    assert.equal(res.status, 204, `DELETE token on the first process: ${res.status}`);
    await settle();
    await assertRefused(there, 'the second process');
    await assertRefused(here, 'the first process');
  });

  await t.test('other tokens of the org keep working', async () => {
    const token = org.token();
    const here = new Scim(token, first.base);
    await warm([here, here.on(second.base)]);
    cli(['token', 'revoke', '--org', org.id, '--token', tokenId(org.token())]);
    assertStatus(await here.get('/Users?count=1'), 200, 'a live token after another was revoked');
    assertStatus(await here.on(second.base).get('/Users?count=1'), 200, 'same on the second process');
  });
});
