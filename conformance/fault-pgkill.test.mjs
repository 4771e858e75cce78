// conformance/fault-pgkill.test.mjs: kill -9 of the PostgreSQL postmaster
// while four clients create and rename members without pause (issue 11),
// on a throwaway cluster of its own (scripts/tests/pg-throwaway crash,
// then start), so the fixtures' cluster never goes down under the other
// files. What must hold:
//   - no acknowledged write is lost: every 201/200 is there afterwards,
//     with its values (a write answered 503 may or may not have landed);
//   - every answer is 2xx or 503, none past a 10 s timeout;
//   - 503s only while the database is really down: answered after the
//     kill, sent before pg_isready succeeded again plus 1.5 s;
//   - the first successful write comes within 1.5 s of PostgreSQL
//     accepting connections.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { URN, uid } from './lib/scim.mjs';
import { BIN, sleep, serve, orgToken } from './lib/robust.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const THROWAWAY = join(ROOT, 'scripts/tests/pg-throwaway');
const run = promisify(execFile);
const MARGIN = 1500;

// One write, timed; never throws (a timeout or reset is kept as status 0).
async function write(root, token, method, path, body) {
  const sent = Date.now();
  try {
    const r = await fetch(`${root}/scim/v2${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10000),
    });
    const text = await r.text();
    return { method, path, sent, at: Date.now(), status: r.status, json: r.ok ? JSON.parse(text) : null, text };
  } catch (e) {
    return { method, path, sent, at: Date.now(), status: 0, text: String(e) };
  }
}

// A client: creates a member, renames it five times, and again, until
// stop(). Keeps for each member it created the displayName last
// acknowledged and those sent since without an acknowledgement.
async function client(root, token, domain, k, stop, answers, members) {
  for (let n = 0; !stop(); n++) {
    const userName = `c${k}-${n}@${domain}`;
    const w = await write(root, token, 'POST', '/Users',
      { schemas: [URN.user], userName, displayName: 'v0' });
    answers.push(w);
    if (w.status !== 201) { await sleep(20); continue; }
    const m = { id: w.json.id, userName, acked: 'v0', pending: [] };
    members.push(m);
    for (let j = 1; j <= 5 && !stop(); j++) {
      const v = `v${j}`;
      const p = await write(root, token, 'PATCH', `/Users/${m.id}`, {
        schemas: [URN.patch], Operations: [{ op: 'replace', path: 'displayName', value: v }],
      });
      answers.push(p);
      if (p.status === 200) { m.acked = v; m.pending = []; } else { m.pending.push(v); await sleep(20); }
    }
  }
}

// Polls pg_isready every 25 ms; resolves to the time it first succeeds.
async function readyAt(port, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      await run('pg_isready', ['-q', '-h', '127.0.0.1', '-p', port]);
      return Date.now();
    } catch { await sleep(25); }
  }
  throw new Error(`PostgreSQL not ready within ${ms} ms`);
}

describe('kill -9 of the PostgreSQL postmaster under a write load', () => {
  let dir, db, s;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'scimd-pgkill-'));
    db = execFileSync(THROWAWAY, ['init', dir], { encoding: 'utf8' }).trim();
    execFileSync(BIN, ['migrate'], { env: { ...process.env, SCIMD_DATABASE_URL: db } });
  });
  after(() => {
    if (s && s.proc.exitCode === null) s.proc.kill('SIGKILL');
    execFileSync(THROWAWAY, ['stop', dir]);
  });

  it('loses no acknowledged write, answers 503 only while it is down, and recovers at once', { timeout: 60000 }, async () => {
    const domain = `pgkill-${uid()}.test`;
    const token = orgToken(db, domain);
    const port = readFileSync(join(dir, 'port'), 'utf8').trim();
    s = await serve(db, ['--workers', '4']);
    const answers = [], members = [];
    let done = false;
    const clients = Promise.all(Array.from({ length: 4 },
      (_, k) => client(s.root, token, domain, k, () => done, answers, members)));

    await sleep(2000);
    const killed = Date.now();
    await run(THROWAWAY, ['crash', dir]);
    const gone = Date.now();
    // Down a while longer with the clients still writing: long enough
    // for scimd's reconnection backoff to have grown.
    await sleep(2000);
    const starting = run(THROWAWAY, ['start', dir]);
    const ready = await readyAt(port, 30000);
    await starting;
    await sleep(3000);
    done = true;
    await clients;

    const bad = answers.filter((w) => ![200, 201, 503].includes(w.status));
    assert.deepEqual(bad.slice(0, 5).map((w) => `${w.method} ${w.status} ${w.text.slice(0, 200)}`), [],
      'every answer is 2xx or 503, within 10 s');
    const early = answers.filter((w) => w.status === 503 && (w.at < killed || w.sent > ready + MARGIN));
    assert.deepEqual(early.slice(0, 5).map((w) => `${w.method} sent ${w.sent - killed} ms, answered ${w.at - killed} ms after the kill`),
      [], `503 only between the kill and ${MARGIN} ms after PostgreSQL was ready (${ready - killed} ms after the kill)`);
    const firstOk = answers.filter((w) => w.status < 300 && w.at >= ready).reduce((a, w) => Math.min(a, w.at), Infinity);
    const recovery = firstOk - ready;
    assert.ok(recovery <= MARGIN, `first successful write ${recovery} ms after PostgreSQL was ready`);

    // Every acknowledged member is there with its acknowledged name, or
    // with one sent later whose answer was a 503.
    const lost = [];
    for (const m of members) {
      const r = await fetch(`${s.root}/scim/v2/Users/${m.id}`, { headers: { Authorization: `Bearer ${token}` } });
      const u = r.status === 200 ? await r.json() : null;
      if (u === null || u.userName !== m.userName || ![m.acked, ...m.pending].includes(u.displayName))
        lost.push({ ...m, status: r.status, displayName: u?.displayName });
    }
    const acked = answers.filter((w) => w.status === 200 || w.status === 201).length;
    const n503 = answers.filter((w) => w.status === 503).length;
    console.log(`# kill -9 postmaster: ${answers.length} writes by 4 clients, ${acked} acknowledged, `
      + `${lost.length} lost, ${n503} answered 503; PostgreSQL gone ${gone - killed} ms and ready `
      + `${ready - killed} ms after the kill; first successful write ${recovery} ms after ready`);
    assert.deepEqual(lost.slice(0, 5), [], 'no acknowledged write lost');
    assert.ok(n503 > 0, 'the clients wrote while the database was down');
    assert.ok(answers.some((w) => w.status < 300 && w.at < killed), 'writes succeeded before the kill');
    s.proc.kill('SIGTERM');
    assert.equal((await s.exit).code, 0, s.log);
  });
});
