// bench/client.mjs: the SCIM client the node helpers of bench/run share —
// keep-alive connections to one scimd, JSON in and out, and the ids file
// the seeder writes and the wrk scripts read.
import http from 'node:http';
import fs from 'node:fs';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

// client(BASE_URL, TOKEN, SOCKETS): request(method, path, body) resolves to
// { status, json, ms } and never rejects on an HTTP status; a socket error
// rejects. Paths are relative to BASE_URL (…/scim/v2).
export function client(base, token, sockets = 32) {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const prefix = url.pathname.replace(/\/$/, '');
  function request(method, path, body) {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers = { Authorization: `Bearer ${token}`, Accept: 'application/scim+json' };
    if (data) {
      headers['Content-Type'] = 'application/scim+json';
      headers['Content-Length'] = data.length;
    }
    const t0 = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, method, path: prefix + path, headers, agent },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            let json = null;
            try { json = text ? JSON.parse(text) : null; } catch { json = null; }
            resolve({ status: res.statusCode, json, text, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
          });
          res.on('error', reject);
        });
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });
  }
  return { request, close: () => agent.destroy() };
}

// expect(res, STATUS, WHAT): the response, or an exception naming WHAT.
export function expect(res, status, what) {
  if (res.status !== status)
    throw new Error(`${what}: HTTP ${res.status} (expected ${status}): ${res.text.slice(0, 300)}`);
  return res;
}

// The ids file: one "id userName" line per member, in seeding order.
export function readIds(file) {
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => {
    const [id, userName] = l.split(' ');
    return { id, userName };
  });
}

export function writeIds(file, rows) {
  fs.writeFileSync(file, rows.map((r) => `${r.id} ${r.userName}\n`).join(''));
}

// pool(N, CONCURRENCY, FN): FN(i) for i in 0..N-1, CONCURRENCY at a time.
export async function pool(n, concurrency, fn) {
  let next = 0;
  async function worker() {
    while (next < n) {
      const i = next++;
      await fn(i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
}
