// bench/report.mjs: the report of one bench/run from the JSON files it
// left in RESULTS_DIR. Prints the tables and writes OUT_FILE (Markdown).
// Whatever OUT_FILE held under "## Earlier measurements" is kept at the
// bottom; an OUT_FILE without that heading is kept whole under it.
// usage: node report.mjs RESULTS_DIR OUT_FILE
// env (from bench/run): BENCH_COMMAND BENCH_COMMIT BENCH_MEMBERS
//   BENCH_DURATION BENCH_WORKERS BENCH_THREADS BENCH_CONNS BENCH_PG_OPTS
//   BENCH_SEED_SECONDS BENCH_TOTAL_SECONDS BENCH_LOAD_START BENCH_LOAD_END
//   BENCH_GROUPS BENCH_AUTOVACUUM BENCH_NOTE
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [dir, outFile] = process.argv.slice(2);
const env = process.env;
const load = (name) => {
  const f = path.join(dir, `${name}.json`);
  return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null;
};

const int = (x) => (x == null ? '—' : Math.round(Number(x)).toLocaleString('en-US'));
const ms = (x) => (x == null || Number(x) === 0 ? '—' : Number(x) >= 100 ? Number(x).toFixed(0) : Number(x).toFixed(2));
const ratio = (a, b) => (a == null || !b ? '—' : Number((Number(a) / Number(b)).toPrecision(2)).toString());
const mib = (kb) => (kb == null ? '—' : (kb / 1024).toFixed(1));

const sel = load('pgbench-select');
const wr = load('pgbench-write');
const SCENARIOS = [
  ['S1', 'POST /Users', 's1', wr, 'write tx'],
  ['S2', 'GET /Users?filter=userName eq', 's2', sel, '-S'],
  ['S3', 'GET /Users/{id}', 's3', sel, '-S'],
  ['S4', 'PATCH /Users/{id} active (Entra)', 's4', wr, 'write tx'],
  ['S5', 'PATCH /Groups/{id} add 1 member, group ~1k', 's5-small', null, ''],
  ['S5', 'PATCH /Groups/{id} add 1 member, group grown', 's5-grown', null, ''],
  ['S6', 'GET /Users?startIndex=random&count=100', 's6', sel, '-S'],
  ['S7', 'DELETE /Users/{id}', 's7', wr, 'write tx'],
];
const TWICE = ['s2', 's3', 's4', 's6']; // measured right after seeding and after ANALYZE

const lines = [];
const out = (s = '') => lines.push(s);

function header() {
  const cpu = (os.cpus()[0]?.model ?? '?').replace(/\s+/g, ' ').trim();
  const seed = load('seed');
  out('# bench/RESULTS.md');
  out();
  out(`Written by \`bench/run\` (bench/README) on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, ` +
    `commit \`${env.BENCH_COMMIT}\`.`);
  out();
  out(`    ${env.BENCH_COMMAND}`);
  out();
  out(`Machine: ${cpu}, ${os.cpus().length} cores (nproc), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory; ` +
    `load average ${env.BENCH_LOAD_START} at the start, ${env.BENCH_LOAD_END} at the end.`);
  if (env.BENCH_NOTE) out(`${env.BENCH_NOTE}`);
  out();
  out(`Setup: one org of ${int(env.BENCH_MEMBERS)} members seeded through \`POST /Users\` (32 in flight) ` +
    `in ${seed?.seconds ?? '?'} s (${int(seed?.per_s)}/s), plus ${env.BENCH_GROUPS}; ` +
    `the whole run took ${env.BENCH_TOTAL_SECONDS} s. scimd release build, \`serve --workers ${env.BENCH_WORKERS}\`; ` +
    `\`wrk -t${env.BENCH_THREADS} -c${env.BENCH_CONNS} -d${env.BENCH_DURATION}s --latency\` on 127.0.0.1; ` +
    `PostgreSQL 15 on the same machine with \`${env.BENCH_PG_OPTS}\`, autovacuum ${env.BENCH_AUTOVACUUM}. ` +
    `pgbench: ${env.BENCH_WORKERS} clients, ${env.BENCH_DURATION} s, \`-M prepared\`; ` +
    '`-S` on scale 10, "write tx" is bench/write.sql (the member UPDATE of S4, then its audit row and outbox event) on the seeded org.');
  out();
}

function scenarios() {
  out('## Scenarios');
  out();
  out('Right after seeding, no manual ANALYZE. "vs pgbench" is req/s divided by the tps of the pgbench run named.');
  out();
  out('| | scenario | req/s | p50 ms | p99 ms | non-2xx | vs pgbench |');
  out('|---|---|--:|--:|--:|--:|--:|');
  for (const [id, what, key, pg, pgName] of SCENARIOS) {
    const r = load(TWICE.includes(key) ? `${key}-fresh` : key);
    if (!r) continue;
    const vs = pg ? `${ratio(r.rps, pg.tps)} (${pgName})` : '—';
    const codes = Object.entries(r.statuses ?? {}).map(([c, n]) => `${n}×${c}`).join(' ');
    out(`| ${id} | ${what} | ${int(r.rps)} | ${ms(r.p50_ms)} | ${ms(r.p99_ms)} | ` +
      `${r.non2xx}${codes ? ` (${codes})` : ''} | ${vs} |`);
  }
  const walk = load('s8');
  if (walk)
    out(`| S8 | cursor walk of the org, count=${walk.count} | ${int(walk.members / walk.seconds)} members/s | ` +
      `${ms(walk.p50_ms)} a page | ${ms(walk.max_ms)} max | 0 | — |`);
  out();
  if (walk) out(`S8: ${walk.pages} pages, ${int(walk.members)} members in ${walk.seconds} s.`);
  const s1 = load('s7-pool');
  if (s1) out(`S7 removed the ${int(s1.s1_created)} members S1 created, then seeded members from the last one down.`);
  out();
}

function analyzed() {
  out('## Right after seeding vs analyzed');
  out();
  out('| | fresh req/s | analyzed req/s | fresh p50 ms | analyzed p50 ms | fresh p99 ms | analyzed p99 ms |');
  out('|---|--:|--:|--:|--:|--:|--:|');
  for (const [id, , key] of SCENARIOS) {
    if (!TWICE.includes(key)) continue;
    const f = load(`${key}-fresh`), a = load(`${key}-analyzed`);
    if (!f || !a) continue;
    out(`| ${id} | ${int(f.rps)} | ${int(a.rps)} | ${ms(f.p50_ms)} | ${ms(a.p50_ms)} | ${ms(f.p99_ms)} | ${ms(a.p99_ms)} |`);
  }
  out();
  const b = load('stats-fresh-before'), e = load('stats-fresh-after');
  const st = (s) => `reltuples ${int(s.reltuples)}, last autoanalyze ${s.last_autoanalyze ?? 'never'}, ` +
    `${int(s.mod_since_analyze)} rows changed since`;
  if (b && e) out(`What the planner knew of \`members\` when the fresh runs began: ${st(b)}; when they ended: ${st(e)}.`);
  out();
}

function groupGrowth() {
  const a = load('s5-small'), b = load('s5-grown'), sz = load('s5-sizes'), grow = load('s5-grow');
  if (!a || !b || !sz) return;
  out('## S5: adding one member to a growing group');
  out();
  out('| group members at start | req/s | p50 ms | p99 ms | non-2xx | requests | members added |');
  out('|--:|--:|--:|--:|--:|--:|--:|');
  const row = (r, from, to) => `| ${int(from)} | ${int(r.rps)} | ${ms(r.p50_ms)} | ${ms(r.p99_ms)} | ${r.non2xx} | ` +
    `${int(r.requests)} | ${int(to - from)} |`;
  out(row(a, sz.size_small, sz.size_small_end));
  out(row(b, sz.size_grown, sz.size_end));
  out();
  out(`Each run adds members from a pool of ${int(sz.pool)} kept out of the group; where it made more requests ` +
    'than that, the rest added members already in (204, nothing changes).');
  out();
  out(`p50(${int(sz.size_grown)}) / p50(${int(sz.size_small)}) = **${ratio(b.p50_ms, a.p50_ms)}**. ` +
    (grow ? `Growing the group took ${grow.requests} PATCH requests of up to 1,000 members, ${grow.seconds} s. ` : '') +
    `It held ${int(sz.size_end)} members at the end.`);
  out();
}

function pgbench() {
  out('## pgbench on the same cluster');
  out();
  out('| run | tps | p50 ms | p99 ms | failed |');
  out('|---|--:|--:|--:|--:|');
  for (const [name, r] of [['`-S -M prepared` (pgbench database, scale 10)', sel], ['write tx (bench/write.sql, scimd database)', wr]])
    if (r) out(`| ${name} | ${int(r.tps)} | ${ms(r.p50_ms)} | ${ms(r.p99_ms)} | ${r.failed} |`);
  out();
}

function memory() {
  const r = load('rss'), idle = load('idle');
  if (!r) return;
  out('## scimd memory');
  out();
  out(`Peak RSS (VmHWM) over the whole run: **${mib(r.hwm_kb)} MiB**; RSS after seeding ${mib(r.rss_seeded_kb)} MiB, ` +
    `after S7 ${mib(r.rss_end_kb)} MiB.`);
  if (idle)
    out(`With ${idle.connections} idle keep-alive connections (one GET each, ${idle.answered} answered 2xx, ` +
      `${idle.still_open} still open): RSS ${mib(idle.rss_before_kb)} → ${mib(idle.rss_kb)} MiB ` +
      `(${((idle.rss_kb - idle.rss_before_kb) / idle.connections).toFixed(1)} KiB a connection).`);
  const w1 = load('w1');
  if (w1) {
    out('');
    out('## W1: webhook delivery latency');
    out('');
    out(`${w1.rate} renames a second for ${w1.seconds} s (PATCH displayName, \`member.updated\` to a receiver ` +
      `on 127.0.0.1), from each PATCH's answer to its event's arrival: ${w1.delivered} of ${w1.answered} ` +
      `delivered, p50 **${w1.p50_ms} ms**, p99 **${w1.p99_ms} ms**, max ${w1.max_ms} ms.`);
  }
  out();
}

function earlier() {
  if (!fs.existsSync(outFile)) return;
  const old = fs.readFileSync(outFile, 'utf8');
  const at = old.indexOf('\n## Earlier measurements\n');
  let body;
  if (at >= 0) body = old.slice(at + 1);
  else {
    // the first report of this shape: the old file, its headings one level down
    body = '## Earlier measurements\n\n' + old.replace(/^# .*\n+/, '').replace(/^## /gm, '### ');
  }
  out(body.trimEnd());
}

// What a reader should not miss, found in the figures rather than written by hand.
function standsOut() {
  const notes = [];
  for (const [id, what, key, pg, pgName] of SCENARIOS) {
    for (const name of TWICE.includes(key) ? [`${key}-fresh`, `${key}-analyzed`] : [key]) {
      const r = load(name);
      if (!r) continue;
      const sock = Object.values(r.socket_errors ?? {}).reduce((x, y) => x + y, 0);
      if (r.non2xx > 0) notes.push(`${id} (${name}): ${r.non2xx} answers outside 2xx: ${JSON.stringify(r.statuses)}.`);
      if (sock > 0) notes.push(`${id} (${name}): socket errors ${JSON.stringify(r.socket_errors)}.`);
      if (r.requests === 0) notes.push(`${id} (${name}): not one request finished in ${r.seconds} s.`);
      const d = load(`${name}-drain`);
      if (d && d.drain_s >= 2)
        notes.push(`${id} (${name}): when wrk stopped, scimd went on with the requests it had queued for ` +
          `${d.drain_s} s more (the next run waited for it).`);
    }
    const r = load(TWICE.includes(key) ? `${key}-fresh` : key);
    if (r && r.requests > 0 && pg && Number(r.rps) / pg.tps < 0.01)
      notes.push(`${id} (${what}) serves ${ratio(r.rps, pg.tps)} of pgbench ${pgName}: ${int(r.rps)} req/s, p50 ${ms(r.p50_ms)} ms.`);
    if (r && r.requests > 0 && Number(r.p99_ms) > 10 * Number(r.p50_ms))
      notes.push(`${id} (${what}): p99 ${ms(r.p99_ms)} ms is over 10× its p50 (${ms(r.p50_ms)} ms).`);
  }
  for (const key of TWICE) {
    const f = load(`${key}-fresh`), a = load(`${key}-analyzed`);
    if (f && a && Number(f.rps) * 2 < Number(a.rps))
      notes.push(`${key.toUpperCase()} collapses right after seeding: ${int(f.rps)} req/s (p50 ${ms(f.p50_ms)} ms) ` +
        `against ${int(a.rps)} req/s (p50 ${ms(a.p50_ms)} ms) once analyzed.`);
  }
  const g1 = load('s5-small'), g2 = load('s5-grown');
  if (g1 && g2 && Number(g2.p50_ms) > 2 * Number(g1.p50_ms))
    notes.push(`S5 grows with the group: p50 ${ms(g2.p50_ms)} ms against ${ms(g1.p50_ms)} ms at ~1,000 members.`);
  const b = load('stats-fresh-before');
  if (b?.last_autoanalyze)
    notes.push(`Autovacuum had analyzed members (${b.last_autoanalyze}) before the runs "right after seeding" began: ` +
      'they show a table analyzed once during seeding, not one never analyzed.');
  if (!notes.length) return;
  out('## What stands out');
  out();
  for (const n of notes) out(`- ${n}`);
  out();
}

header();
standsOut();
scenarios();
analyzed();
groupGrowth();
pgbench();
memory();
const table = lines.slice();
earlier();
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(outFile, lines.join('\n') + '\n');
console.log(table.slice(table.findIndex((l) => l.startsWith('## '))).join('\n'));
console.log(`(written to ${outFile})`);
