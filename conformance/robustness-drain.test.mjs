// conformance/robustness-drain.test.mjs: SIGTERM while the database holds
// the writes for longer than scimd's drain (30 s), on a throwaway cluster
// of its own (scripts/tests/pg-throwaway): a table lock stands in for a
// stuck database. Whatever commits is answered 201; what is not started
// when the drain runs out is answered 503 and never runs.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uid } from './lib/scim.mjs';
import { BIN, sleep, serve, orgToken, createUser } from './lib/robust.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const THROWAWAY = join(ROOT, 'scripts/tests/pg-throwaway');
const PSQL = process.env.PSQL || 'psql';

describe('SIGTERM while the database holds the writes past the drain', () => {
  let dir, db, s, locker;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'scimd-drain-'));
    db = execFileSync(THROWAWAY, ['init', dir], { encoding: 'utf8' }).trim();
    execFileSync(BIN, ['migrate'], { env: { ...process.env, SCIMD_DATABASE_URL: db } });
  });
  after(() => {
    if (s && s.proc.exitCode === null) s.proc.kill('SIGKILL');
    if (locker && locker.exitCode === null) locker.kill('SIGKILL');
    execFileSync(THROWAWAY, ['stop', dir]);
  });

  it('answers every write that commits, and runs none after giving up', { timeout: 120000 }, async () => {
    const domain = `drain-${uid()}.test`;
    const token = orgToken(db, domain);
    s = await serve(db, ['--workers', '4']);
    // Held 34 s: past the 30 s drain, within the 60 s scimd gives the
    // writes already running. scimd's statement_timeout (30 s) ends the
    // first writes' wait on it; the next ones wait until it is released.
    locker = spawn(PSQL, [db, '-XAtqc',
      'BEGIN; LOCK TABLE members IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(34); COMMIT;']);
    const unlocked = new Promise((r) => locker.on('exit', r));
    await sleep(500);
    const writes = Array.from({ length: 12 }, (_, i) =>
      createUser(s.root, token, `d${i}@${domain}`, 110000));
    await sleep(500);
    s.proc.kill('SIGTERM');
    const results = await Promise.all(writes);
    const ex = await s.exit;
    await unlocked;
    assert.equal(ex.code, 0, s.log);
    const rows = execFileSync(PSQL, [db, '-XAtqc', 'SELECT m.user_name FROM members m JOIN orgs o '
      + `ON o.id = m.org_id WHERE o.name = 'Robust ${domain}'`], { encoding: 'utf8' });
    const committed = new Set(rows.split('\n').filter(Boolean));
    const seen = results.map((r, i) => `d${i}: ${committed.has(`d${i}@${domain}`) ? 'committed' : 'not committed'}, `
      + `${r.status ?? String(r.error?.cause?.code ?? r.error)}`);
    results.forEach((r, i) => {
      const c = committed.has(`d${i}@${domain}`);
      assert.equal(r.status, c ? 201 : 503, seen.join('; '));
    });
    console.log(`# drain: ${committed.size} committed and answered 201, ${12 - committed.size} answered 503`);
  });
});
