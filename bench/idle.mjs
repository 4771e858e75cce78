// bench/idle.mjs: scimd's memory with N idle keep-alive connections. Opens
// N sockets, sends one GET on each, waits for every answer, then reads
// VmRSS of the scimd process while the sockets stay open.
// usage: node idle.mjs HOST PORT TOKEN PATH N PID
// prints {"connections":N,"answered":…,"rss_before_kb":…,"rss_kb":…}
import net from 'node:net';
import fs from 'node:fs';

const [host, port, token, path, n, pid] = process.argv.slice(2);
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
const before = rss();
const request = `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nAuthorization: Bearer ${token}\r\n` +
  'Connection: keep-alive\r\n\r\n';
const sockets = [];
let answered = 0;
await Promise.all(Array.from({ length: Number(n) }, () => new Promise((resolve, reject) => {
  const s = net.connect(Number(port), host, () => s.write(request));
  let seen = '';
  s.on('data', (d) => {
    seen += d.toString();
    // the status line is enough: the answer is small and comes in one piece
    if (seen.startsWith('HTTP/1.1 2') && seen.includes('\r\n\r\n')) { answered++; resolve(); }
    else if (seen.includes('\r\n\r\n')) resolve();
  });
  s.on('error', reject);
  sockets.push(s);
})));
await new Promise((r) => setTimeout(r, 500));
const open = sockets.filter((s) => !s.destroyed).length;
console.log(JSON.stringify({ connections: Number(n), answered, still_open: open, rss_before_kb: before, rss_kb: rss() }));
for (const s of sockets) s.destroy();
