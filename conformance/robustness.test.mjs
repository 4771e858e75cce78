// conformance/robustness.test.mjs: requests and faults that must neither
// starve nor crash scimd: a huge attribute list, SIGTERM under a write
// load, running out of descriptors, and a PostgreSQL outage (on a cluster
// of its own, never the fixtures').
//
// Environment: as the rest of the suite, plus SCIMD_BIN and
// SCIMD_DATABASE_URL for the scimd processes this file starts itself.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { request, ctx, uid } from './lib/scim.mjs';
import {
  BIN, DB, sleep, status, waitStatus, serve, orgToken, createUser,
} from './lib/robust.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const THROWAWAY = join(ROOT, 'scripts/tests/pg-throwaway');

// CPU seconds used by pid so far (user + system), from /proc.
function cpuSeconds(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

describe('POST /Users/.search with a huge attributes list', () => {
  it('answers 100,000 attribute names quickly, not in time squared', async () => {
    const names = [];
    for (let i = 0; i < 100000; i++) names.push(i % 2 ? 'userName' : `x${i % 100}`);
    const t0 = Date.now();
    const res = await request('POST', '/Users/.search', {
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], attributes: names, count: 5 },
    });
    const ms = Date.now() - t0;
    assert.equal(res.status, 200, ctx(res));
    for (const r of res.json.Resources) assert.equal(r.displayName, undefined, ctx(res));
    assert.ok(ms < 5000, `took ${ms} ms`);
  });
});

describe('SIGTERM under a write load', () => {
  it('answers every write it committed before exiting', async () => {
    const domain = `sig-${uid()}.test`;
    const token = orgToken(DB, domain);
    const s = await serve(DB, ['--workers', '4']);
    let first;
    const firstAnswer = new Promise((r) => { first = r; });
    // The client waits as long as scimd may drain (twice 30 s): an answer
    // given up on by the client would look like one scimd never gave.
    const writes = [];
    for (let i = 0; i < 200; i++)
      writes.push(createUser(s.root, token, `w${i}@${domain}`, 90000).then((x) => { first(); return x; }));
    await firstAnswer;
    s.proc.kill('SIGTERM');
    const results = await Promise.all(writes);
    const ex = await s.exit;
    assert.equal(ex.code, 0, s.log);
    // The fixtures' scimd serves the same database: count what committed.
    const after = await serve(DB, ['--workers', '1']);
    const list = await fetch(`${after.root}/scim/v2/Users?count=0`,
      { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.json());
    after.proc.kill('SIGTERM');
    await after.exit;
    const answered = results.filter((r) => r.status === 201).length;
    const other = {};
    for (const r of results.filter((x) => x.status !== 201)) {
      const k = r.status ?? String(r.error?.cause?.code ?? r.error);
      other[k] = (other[k] ?? 0) + 1;
    }
    assert.equal(list.totalResults, answered,
      `committed ${list.totalResults}, answered 201 to ${answered}; the rest: ${JSON.stringify(other)}`);
    console.log(`# SIGTERM: ${answered}/200 committed and answered, the rest ${JSON.stringify(other)}`);
  });
});

describe('out of file descriptors', () => {
  let s;
  after(() => { if (s && s.proc.exitCode === null) s.proc.kill('SIGKILL'); });

  it('pauses accepting without spinning, then serves again', async () => {
    s = await serve(DB, ['--workers', '1'], 'ulimit -n 48');
    const socks = [];
    for (let i = 0; i < 80; i++) {
      const c = net.connect(Number(new URL(s.root).port), '127.0.0.1');
      c.on('error', () => {});
      socks.push(c);
    }
    await sleep(300);
    const cpu0 = cpuSeconds(s.proc.pid);
    const lines0 = s.log.split('\n').length;
    await sleep(2000);
    const cpu = cpuSeconds(s.proc.pid) - cpu0;
    const lines = s.log.split('\n').length - lines0;
    assert.ok(cpu < 0.4, `used ${cpu} s of CPU in 2 s at the descriptor limit`);
    assert.ok(lines < 10, `wrote ${lines} log lines in 2 s:\n${s.log.slice(-2000)}`);
    for (const c of socks) c.destroy();
    await waitStatus(`${s.root}/readyz`, 200, 5000);
    s.proc.kill('SIGTERM');
    assert.equal((await s.exit).code, 0, s.log);
  });
});

describe('a PostgreSQL outage', () => {
  let dir, db, s;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'scimd-outage-'));
    db = execFileSync(THROWAWAY, ['init', dir], { encoding: 'utf8' }).trim();
    execFileSync(BIN, ['migrate'], { env: { ...process.env, SCIMD_DATABASE_URL: db } });
  });
  after(() => {
    if (s && s.proc.exitCode === null) s.proc.kill('SIGKILL');
    execFileSync(THROWAWAY, ['stop', dir]);
  });

  it('is ready within a second of the database coming back, and writes succeed at once', async () => {
    const domain = `outage-${uid()}.test`;
    const token = orgToken(db, domain);
    s = await serve(db, ['--workers', '4']);
    for (let i = 0; i < 8; i++)
      assert.equal((await createUser(s.root, token, `before${i}@${domain}`)).status, 201);
    execFileSync(THROWAWAY, ['kill', dir]);
    await waitStatus(`${s.root}/readyz`, 503, 5000);
    // Long enough for a doubling backoff to have grown past a second.
    await sleep(6000);
    const t0 = Date.now();
    execFileSync(THROWAWAY, ['start', dir]);
    const up = Date.now() - t0;
    const ready = await waitStatus(`${s.root}/readyz`, 200, 10000);
    assert.ok(ready < 1500, `ready ${ready} ms after PostgreSQL was back (start took ${up} ms)`);
    // Every worker's connection died with the server; none may answer 503.
    const writes = await Promise.all(Array.from({ length: 8 },
      (_, i) => createUser(s.root, token, `after${i}@${domain}`)));
    assert.deepEqual(writes.map((w) => w.status), Array(8).fill(201),
      JSON.stringify(writes.filter((w) => w.status !== 201)));
    s.proc.kill('SIGTERM');
    assert.equal((await s.exit).code, 0, s.log);
  });
});

// Opens a raw connection; resolves with what it received once it closes.
function rawConn(port) {
  const c = net.connect(port, '127.0.0.1');
  const t0 = Date.now();
  c.got = '';
  c.on('data', (d) => { c.got += d; });
  c.on('error', () => {});
  c.ended = new Promise((r) => c.on('close', () => r(Date.now() - t0)));
  return c;
}

describe('request deadlines (--read-timeout)', () => {
  let s;
  after(() => { if (s && s.proc.exitCode === null) s.proc.kill('SIGKILL'); });

  it('cuts a client trickling one header line every 2 s, and serves others', async () => {
    s = await serve(DB, ['--workers', '1', '--read-timeout', '3']);
    const port = Number(new URL(s.root).port);
    const c = rawConn(port);
    c.write('GET /readyz HTTP/1.1\r\nHost: x\r\n');
    const tick = setInterval(() => c.write(`X-Slow-${Date.now()}: 1\r\n`), 2000);
    // A steady upload of 64 KiB at 16 KiB/s: 4 s, past the 3 s, and allowed.
    const up = rawConn(port);
    up.write('POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nContent-Type: application/scim+json\r\nConnection: close\r\nContent-Length: 65536\r\n\r\n');
    let sent = 0;
    const feed = setInterval(() => { if (sent < 65536) { up.write('x'.repeat(4096)); sent += 4096; } }, 250);
    const ms = await c.ended;
    clearInterval(tick);
    assert.ok(ms >= 2900 && ms < 4500, `cut after ${ms} ms`);
    assert.equal(c.got, '', 'no answer to a request that never arrived');
    assert.equal(await status(`${s.root}/readyz`), 200);
    await up.ended;
    clearInterval(feed);
    assert.match(up.got, /^HTTP\/1\.1 401/, `the slow upload was read whole: ${up.got.slice(0, 200)}`);
    s.proc.kill('SIGTERM');
    assert.equal((await s.exit).code, 0, s.log);
  });
});

describe('connection cap (--max-connections)', () => {
  let s;
  after(() => { if (s && s.proc.exitCode === null) s.proc.kill('SIGKILL'); });

  it('answers 503 naming the limit past it, without spinning, and recovers', async () => {
    s = await serve(DB, ['--workers', '1', '--max-connections', '20']);
    const port = Number(new URL(s.root).port);
    const socks = [];
    for (let i = 0; i < 30; i++) { socks.push(rawConn(port)); await sleep(10); }
    await sleep(600);
    const cpu0 = cpuSeconds(s.proc.pid);
    const refused = socks.filter((c) => /^HTTP\/1\.1 503/.test(c.got));
    // serve()'s readiness check may still hold a keep-alive connection.
    assert.ok(refused.length === 10 || refused.length === 11, `refused ${refused.length} of 30`);
    for (const c of refused) {
      assert.match(c.got, /--max-connections 20/);
      await c.ended;
    }
    assert.equal(socks.filter((c) => c.got === '' && !c.destroyed).length, 30 - refused.length,
      'the connections under the cap stay open');
    await sleep(1000);
    assert.ok(cpuSeconds(s.proc.pid) - cpu0 < 0.3, 'no spinning at the cap');
    for (const c of socks) c.destroy();
    await sleep(600);
    assert.equal(await status(`${s.root}/readyz`), 200);
    s.proc.kill('SIGTERM');
    assert.equal((await s.exit).code, 0, s.log);
  });
});
