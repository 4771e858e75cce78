// bench/walk.mjs: S8, a cursor walk (RFC 9865) of the whole org, one page
// at a time as an IdP's import does.
// usage: node walk.mjs BASE TOKEN COUNT
// prints {"seconds":…,"pages":…,"members":…,"count":…,"p50_ms":…,"max_ms":…}
import { client, expect } from './client.mjs';

const [base, token, count] = process.argv.slice(2);
const c = client(base, token, 1);
const times = [];
let cursor = '', pages = 0, members = 0;
const t0 = Date.now();
for (;;) {
  const res = expect(await c.request('GET', `/Users?count=${count}&cursor=${cursor}`), 200, `cursor page ${pages + 1}`);
  times.push(res.ms);
  pages++;
  members += res.json.Resources?.length ?? 0;
  if (res.json.nextCursor === undefined) break;
  cursor = encodeURIComponent(res.json.nextCursor);
}
const seconds = (Date.now() - t0) / 1000;
c.close();
times.sort((a, b) => a - b);
const q = (p) => Number(times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2));
console.log(JSON.stringify({ seconds, pages, members, count: Number(count), p50_ms: q(0.5), max_ms: q(1) }));
