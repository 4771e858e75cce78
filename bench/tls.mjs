// bench/tls.mjs: N sequential GET /Users/{id}, one request at a time, over
// plain HTTP and over TLS, each with one keep-alive connection and with a
// new connection (a new TCP and TLS handshake) per request.
// usage: node tls.mjs HTTP_ROOT HTTPS_ROOT CA_FILE TOKEN USER_ID N
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';

const [httpRoot, httpsRoot, caFile, token, id, n] = process.argv.slice(2);
const ca = readFileSync(caFile);

function get(mod, root, agent) {
  return new Promise((resolve, reject) => {
    const r = mod.get(`${root}/scim/v2/Users/${id}`, { agent, ca, servername: 'localhost',
      headers: { Authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    r.on('error', reject);
  });
}

async function run(name, mod, root, keepAlive) {
  const agent = keepAlive ? new mod.Agent({ keepAlive: true, maxSockets: 1 }) : false;
  const times = [];
  let errors = 0;
  for (let i = 0; i < Number(n); i++) {
    const t0 = process.hrtime.bigint();
    if (await get(mod, root, agent) !== 200) errors += 1;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  if (agent) agent.destroy();
  times.sort((a, b) => a - b);
  const q = (p) => Number(times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(3));
  const mean = Number((times.reduce((a, b) => a + b, 0) / times.length).toFixed(3));
  console.log(JSON.stringify({ variant: name, requests: times.length, errors, mean_ms: mean,
    p50_ms: q(0.5), p90_ms: q(0.9), p99_ms: q(0.99) }));
}

await run('http keep-alive', http, httpRoot, true);
await run('http new connection', http, httpRoot, false);
await run('https keep-alive', https, httpsRoot, true);
await run('https new connection', https, httpsRoot, false);
