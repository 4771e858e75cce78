// bench/lookup.mjs: N sequential `userName eq` lookups over HTTP (one
// keep-alive connection at a time, as an IdP does), random existing users.
// usage: node lookup.mjs BASE_URL TOKEN MEMBERS N
const [base, token, members, n] = process.argv.slice(2);
const times = [];
let misses = 0;
for (let i = 0; i < Number(n); i++) {
  const k = 1 + Math.floor(Math.random() * Number(members));
  const f = encodeURIComponent(`userName eq "user${k}@bench.test"`);
  const t0 = process.hrtime.bigint();
  const res = await fetch(`${base}/Users?filter=${f}`, { headers: { Authorization: `Bearer ${token}` } });
  const body = await res.json();
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  if (res.status !== 200 || body.totalResults !== 1) misses += 1;
}
times.sort((a, b) => a - b);
const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
const mean = (times.reduce((a, b) => a + b, 0) / times.length).toFixed(2);
console.log(JSON.stringify({ members: Number(members), lookups: times.length, misses, mean_ms: Number(mean), p50_ms: Number(q(0.5)), p90_ms: Number(q(0.9)), p99_ms: Number(q(0.99)) }));
