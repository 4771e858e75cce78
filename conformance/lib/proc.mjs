// conformance/lib/proc.mjs: a scimd of a test file's own, started with the
// options that file is about (TLS, a metrics port, a log level), on the
// database of the pg fixture. Its log is kept for the test to read.
//
// Environment: SCIMD_BIN, SCIMD_DATABASE_URL.

import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';

export const BIN = process.env.SCIMD_BIN;
export const DB = process.env.SCIMD_DATABASE_URL;
if (!BIN || !DB)
  throw new Error('these tests need SCIMD_BIN and SCIMD_DATABASE_URL');

const ENV = { ...process.env, SCIMD_DATABASE_URL: DB };

export function freePort() {
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

// Runs `scimd ARGS`; throws with its stderr unless it exits 0.
export function cli(args) {
  const r = spawnSync(BIN, args, { env: ENV, encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`scimd ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return r.stdout.trim();
}

// A new org with one verified domain and a SCIM token: { org, token }.
export function newOrg(name, domain) {
  const org = cli(['org', 'create', '--name', name, '--domain', domain]);
  return { org, token: cli(['token', 'create', '--org', org]) };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls ready() (an async function returning true when up) for ms.
export async function waitFor(ready, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if (await ready()) return;
    } catch { /* not up yet */ }
    if (Date.now() > end) throw new Error('scimd did not become ready');
    await sleep(100);
  }
}

// Starts `scimd serve ARGS`: { proc, log() (everything it wrote so far),
// stop() (SIGTERM, resolves to { code, signal }) }.
export function serve(args, env = {}) {
  const proc = spawn(BIN, ['serve', ...args],
    { env: { ...ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  const exit = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    proc,
    log: () => out,
    exit,
    stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      return exit;
    },
  };
}
