// bench/webhook.mjs: W1, webhook delivery latency. A receiver on 127.0.0.1
// is registered for member.updated; PATCHes that rename members are sent
// at RATE a second for SECONDS; each event is matched to its request by
// the displayName it carries, and the latency is the time from the
// request's answer to the event's arrival at the receiver.
// usage: node webhook.mjs BASE TOKEN SCIMD_BIN ORG IDS_FILE RATE SECONDS
// (SCIMD_DATABASE_URL in the environment, for `scimd webhook add`)
// prints {"rate":…,"sent":…,"answered":…,"delivered":…,"p50_ms":…,"p99_ms":…,"max_ms":…}
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { client, readIds, PATCH_SCHEMA } from './client.mjs';

const [base, token, bin, org, idsFile, rateArg, secondsArg] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const ids = readIds(idsFile);
const answeredAt = new Map();	// displayName → ms when the PATCH was answered
const arrivedAt = new Map();	// displayName → ms when its event arrived
const now = () => Number(process.hrtime.bigint()) / 1e6;

const receiver = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const t = now();
    try {
      const ev = JSON.parse(Buffer.concat(chunks).toString());
      const name = ev?.data?.member?.displayName;
      if (typeof name === 'string' && name.startsWith('w1-') && !arrivedAt.has(name))
        arrivedAt.set(name, t);
    } catch { /* not ours: answered 200 all the same */ }
    res.writeHead(200).end();
  });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${receiver.address().port}/hook`;
const added = JSON.parse(execFileSync(bin, ['webhook', 'add', '--org', org, '--url', url,
  '--events', 'member.updated'], { encoding: 'utf8' }).trim().split('\n').pop());

const c = client(base, token, 64);
const inflight = [];
let sent = 0, answered = 0;
const t0 = now();
const total = Math.round(rate * seconds);
for (let i = 0; i < total; i++) {
  const due = t0 + (i * 1000) / rate;
  const wait = due - now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const m = ids[i % ids.length];
  const name = `w1-${i}`;
  sent++;
  inflight.push(c.request('PATCH', `/Users/${m.id}`, {
    schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'displayName', value: name }],
  }).then((res) => {
    if (res.status === 200) {
      answered++;
      answeredAt.set(name, now());
    }
  }));
}
await Promise.all(inflight);
// Wait for the stragglers, at most 30 s.
const deadline = now() + 30000;
while (arrivedAt.size < answered && now() < deadline)
  await new Promise((r) => setTimeout(r, 100));

execFileSync(bin, ['webhook', 'remove', '--org', org, '--endpoint', added.id], { encoding: 'utf8' });
c.close();
receiver.close();

const lat = [];
for (const [name, t] of answeredAt)
  if (arrivedAt.has(name)) lat.push(Math.max(0, arrivedAt.get(name) - t));
lat.sort((a, b) => a - b);
const pct = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] : null);
const round = (x) => (x === null ? null : Math.round(x * 10) / 10);
console.log(JSON.stringify({
  rate, seconds, sent, answered, delivered: lat.length,
  p50_ms: round(pct(50)), p99_ms: round(pct(99)), max_ms: round(lat.length ? lat[lat.length - 1] : null),
}));
