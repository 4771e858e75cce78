// conformance/lib/robust.mjs: what the fault tests (robustness*.test.mjs)
// share: a scimd of their own on a database of their choice, an org token
// made with the CLI, and a POST /Users that reports errors as values.
import { spawn, execFileSync } from 'node:child_process';
import { URN } from './scim.mjs';
import { BIN, DB, freePort } from './proc.mjs';

export { BIN, DB };
if (!BIN || !DB)
  throw new Error('robustness tests need SCIMD_BIN and SCIMD_DATABASE_URL');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function status(url) {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await r.text();
    return r.status;
  } catch { return 0; }
}

export async function waitStatus(url, want, ms) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await status(url) === want) return Date.now() - t0;
    await sleep(50);
  }
  throw new Error(`${url} did not answer ${want} within ${ms} ms`);
}

// A scimd of this file's own on database db; args are extra serve options.
export async function serve(db, args = [], shell = '') {
  const port = await freePort();
  const root = `http://127.0.0.1:${port}`;
  const cmd = ['serve', '--listen', `127.0.0.1:${port}`, ...args];
  const env = { ...process.env, SCIMD_DATABASE_URL: db };
  const proc = shell
    ? spawn('bash', ['-c', `${shell}; exec "$0" "$@"`, BIN, ...cmd], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(BIN, cmd, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const s = { proc, root, log: '' };
  proc.stdout.on('data', (d) => { s.log += d; });
  proc.stderr.on('data', (d) => { s.log += d; });
  s.exit = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  await waitStatus(`${root}/readyz`, 200, 15000);
  return s;
}

export function orgToken(db, domain) {
  const env = { ...process.env, SCIMD_DATABASE_URL: db };
  const org = execFileSync(BIN, ['org', 'create', '--name', `Robust ${domain}`, '--domain', domain],
    { env, encoding: 'utf8' }).trim();
  return execFileSync(BIN, ['token', 'create', '--org', org], { env, encoding: 'utf8' }).trim();
}

// A client that gives up after ms (the answer is then an error value).
export function createUser(root, token, userName, ms = 20000) {
  return fetch(`${root}/scim/v2/Users`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
    body: JSON.stringify({ schemas: [URN.user], userName }),
    signal: AbortSignal.timeout(ms),
  }).then(async (r) => ({ status: r.status, body: await r.text() }), (e) => ({ error: e }));
}

