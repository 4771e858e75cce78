// conformance/process.test.mjs: the scimd process itself, driven through
// SCIMD_BIN: graceful SIGTERM with requests in flight, the request log
// line, and the command line's --help and error exits.
//
// Environment: SCIMD_BIN (the binary), SCIMD_DATABASE_URL (a migrated
// database), SCIM_TOKEN is not used: this file makes its own org.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, spawnSync } from 'node:child_process';
import net from 'node:net';

const BIN = process.env.SCIMD_BIN;
const DB = process.env.SCIMD_DATABASE_URL;
if (!BIN || !DB)
  throw new Error('process tests need SCIMD_BIN and SCIMD_DATABASE_URL');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function cli(args) {
  return spawnSync(BIN, args, { env: { ...process.env, SCIMD_DATABASE_URL: DB }, encoding: 'utf8' });
}

async function waitReady(url, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url + '/readyz');
      if (r.status === 200) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('scimd did not become ready');
}

describe('scimd serve: SIGTERM and the request log', () => {
  let proc, root, token, log = '', exit;

  before(async () => {
    const org = execFileSync(BIN, ['org', 'create', '--name', 'Process test', '--domain', 'proc.test'],
      { env: { ...process.env, SCIMD_DATABASE_URL: DB }, encoding: 'utf8' }).trim();
    token = execFileSync(BIN, ['token', 'create', '--org', org],
      { env: { ...process.env, SCIMD_DATABASE_URL: DB }, encoding: 'utf8' }).trim();
    const port = await freePort();
    root = `http://127.0.0.1:${port}`;
    proc = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--workers', '2'],
      { env: { ...process.env, SCIMD_DATABASE_URL: DB }, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout.on('data', (d) => { log += d; });
    proc.stderr.on('data', (d) => { log += d; });
    exit = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
    await waitReady(root);
  });

  after(() => { if (proc.exitCode === null) proc.kill('SIGKILL'); });

  it('finishes the requests in flight, then exits 0', async () => {
    const h = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' };
    const inflight = [];
    for (let i = 0; i < 20; i++) {
      inflight.push(fetch(`${root}/scim/v2/Users`, {
        method: 'POST', headers: h,
        body: JSON.stringify({ userName: `sig${i}-${Date.now()}@proc.test`, name: { givenName: 'S', familyName: String(i) } }),
      }).then(async (r) => ({ status: r.status, body: await r.text() }), (e) => ({ error: e })));
    }
    // Once the server has answered one, the others are in flight or done:
    // ask it to stop. (A fixed delay is too short on a loaded machine.)
    await Promise.race(inflight);
    proc.kill('SIGTERM');
    const results = await Promise.all(inflight);
    const { code, signal } = await exit;
    assert.equal(signal, null, 'exited by itself, not killed by the signal');
    assert.equal(code, 0, `exit code 0; log:\n${log.slice(-2000)}`);
    // Every request the server accepted got a whole answer.
    const answered = results.filter((r) => !r.error);
    assert.ok(answered.length > 0, 'at least one request was answered before the stop');
    for (const r of answered) {
      assert.equal(r.status, 201, r.body);
      assert.ok(JSON.parse(r.body).id, 'a full resource came back');
    }
    assert.match(log, /scimd stopped/);
  });

  it('wrote one JSON log line per request without tokens or attribute values', () => {
    const lines = log.split('\n').filter((l) => l.includes('"request_id"'));
    assert.ok(lines.length >= 2, `request lines in the log:\n${log.slice(-1000)}`);
    for (const l of lines) {
      const o = JSON.parse(l);
      for (const k of ['time', 'request_id', 'method', 'route', 'status', 'duration_ms'])
        assert.ok(k in o, `log line has ${k}: ${l}`);
      assert.ok(!l.includes(token), 'the token never reaches the log');
      assert.ok(!l.includes('@proc.test'), 'attribute values never reach the log');
    }
    const post = lines.map((l) => JSON.parse(l)).find((o) => o.method === 'POST');
    assert.equal(post.route, '/Users');
    assert.match(post.org, /^[0-9a-f-]{36}$/);
  });

  it('no longer accepts connections', async () => {
    await assert.rejects(fetch(`${root}/healthz`));
  });
});

describe('scimd command line', () => {
  for (const args of [['--help'], ['serve', '--help'], ['migrate', '--help'],
    ['org', 'create', '--help'], ['token', 'create', '--help']]) {
    it(`scimd ${args.join(' ')} prints usage and exits 0`, () => {
      const r = cli(args);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /usage: scimd/);
    });
  }

  for (const [args, why] of [
    [[], 'no command'],
    [['frobnicate'], 'unknown command'],
    [['serve', '--workers', '0'], 'bad --workers'],
    [['serve', '--listen', 'nonsense'], 'bad --listen'],
    [['org', 'create'], 'missing --name'],
    [['token', 'create', '--org', 'not-an-org'], 'unknown org'],
    [['migrate', '--database', 'postgresql://nobody@127.0.0.1:1/none'], 'unreachable database'],
  ]) {
    it(`scimd ${args.join(' ') || '(nothing)'} fails with a message (${why})`, () => {
      const r = cli(args);
      assert.notEqual(r.status, 0, `exit status for ${why}`);
      assert.ok(r.stderr.trim().length > 0, 'says why on stderr');
      assert.equal(r.stdout.trim(), '', 'nothing on stdout');
    });
  }
});
