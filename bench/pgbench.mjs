// bench/pgbench.mjs: one JSON line from a pgbench run: its stdout (tps,
// transactions, failures) and its per-transaction log files (-l), from
// which the latency percentiles come.
// usage: node pgbench.mjs STDOUT_FILE LOG_PREFIX
import fs from 'node:fs';
import path from 'node:path';

const [outFile, prefix] = process.argv.slice(2);
const text = fs.readFileSync(outFile, 'utf8');
const num = (re) => { const m = re.exec(text); return m ? Number(m[1]) : null; };
const dir = path.dirname(prefix);
const lat = [];
for (const f of fs.readdirSync(dir)) {
  if (!f.startsWith(path.basename(prefix) + '.')) continue;
  for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
    // client_id transaction_no time_us script_no epoch epoch_us
    const cols = line.split(' ');
    if (cols.length >= 6 && cols[2] !== 'failed' && cols[2] !== 'skipped') lat.push(Number(cols[2]));
  }
}
lat.sort((a, b) => a - b);
const q = (p) => (lat.length ? Number((lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] / 1000).toFixed(3)) : null);
console.log(JSON.stringify({
  tps: num(/tps = ([\d.]+) \(without initial connection time\)/),
  transactions: num(/number of transactions actually processed: (\d+)/),
  failed: num(/number of failed transactions: (\d+)/) ?? 0,
  aborted: /aborted/.test(text),
  clients: num(/number of clients: (\d+)/),
  seconds: num(/duration: (\d+) s/),
  p50_ms: q(0.5), p90_ms: q(0.9), p99_ms: q(0.99),
  mean_ms: num(/latency average = ([\d.]+) ms/),
}));
