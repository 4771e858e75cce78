// Webhooks on a database of this file's own, delivered by a scimd of its own
// (the suite's server would otherwise send to these endpoints too, without
// the test CA, and count other files' endpoints in its gauges):
// - HTTPS delivery verified against a CA made here with the `openssl`
//   command and given as --webhook-ca-file; a certificate for another host
//   name and a self-signed one are refused, the attempt recorded;
// - an endpoint that keeps failing is marked failing (admin API) and shows
//   in /metrics, and both clear after a success;
// - retention deletes old events only once every endpoint has them;
// - an instance out of descriptors gives back what it claims: its failures
//   are its own, not the endpoint's, and cost no retry;
// - SIGTERM lets a delivery in flight end, so it is not sent twice;
// - a send outliving its lease keeps it (renewed), and the deliveries of an
//   instance killed with -9 go again once the short lease runs out.
// Every receiver listens on 127.0.0.1.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import net from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DB_URL, RUN, psql } from './lib/lifecycle.mjs';
import { freePort, serve, waitFor } from './lib/proc.mjs';
import { serve as serveShell } from './lib/robust.mjs';
import { receiver, until, verify } from './lib/webhooks.mjs';

const PSQL = process.env.PSQL || ['17', '16', '15', '14', '13']
  .map((v) => `/usr/lib/postgresql/${v}/bin/psql`).find((p) => existsSync(p)) || 'psql';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const dir = mkdtempSync(join(tmpdir(), 'scimd-hooks-'));
const f = (name) => join(dir, name);
const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

// root.crt, a CA; good (127.0.0.1 and localhost) and wrong (another host
// name) signed by it; self (127.0.0.1) signed by itself.
function makePki() {
  const key = (n) => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${n}.key`);
  key('root');
  openssl('req', '-x509', '-new', '-key', 'root.key', '-subj', '/CN=scimd webhook test root', '-days', '2',
    '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'root.crt');
  const leaf = (n, san) => {
    key(n);
    openssl('req', '-new', '-key', `${n}.key`, '-subj', `/CN=${n}`, '-out', `${n}.csr`);
    writeFileSync(f(`${n}.ext`), `basicConstraints=CA:false\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`);
    openssl('x509', '-req', '-in', `${n}.csr`, '-CA', 'root.crt', '-CAkey', 'root.key', '-set_serial',
      String(1000 + n.length), '-days', '2', '-extfile', `${n}.ext`, '-out', `${n}.crt`);
  };
  leaf('good', 'IP:127.0.0.1,DNS:localhost');
  leaf('wrong', 'DNS:receiver.example.net');
  key('self');
  openssl('req', '-x509', '-new', '-key', 'self.key', '-subj', '/CN=127.0.0.1', '-days', '2',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-addext', 'extendedKeyUsage=serverAuth', '-out', 'self.crt');
}
const tlsOf = (n) => ({ key: readFileSync(f(`${n}.key`)), cert: readFileSync(f(`${n}.crt`)) });

describe('webhooks with a scimd and a database of their own', () => {
  const dbName = `scimd_hooks_${RUN}_${process.pid}`;
  const dbUrl = (() => { const u = new URL(DB_URL); u.pathname = `/${dbName}`; return u.toString(); })();
  const env = { ...process.env, SCIMD_DATABASE_URL: dbUrl };
  let srv, root, metricsUrl, operator, org, token;

  const bin = (args) => {
    const r = spawnSync(BIN, args, { env, encoding: 'utf8' });
    assert.equal(r.status, 0, `scimd ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  // SQL on this file's database (psql variables, never spliced).
  const sql = (text, vars = {}) => {
    const r = spawnSync(PSQL, ['-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1',
      ...Object.entries(vars).flatMap(([k, v]) => ['-v', `${k}=${v}`]), '-d', dbUrl], { input: text, encoding: 'utf8' });
    assert.equal(r.status, 0, `psql: ${r.stderr}`);
    return r.stdout.trim();
  };
  const call = async (base, auth, method, path, body) => {
    const r = await fetch(`${root}${base}${path}`, {
      method, body: body ? JSON.stringify(body) : undefined,
      headers: { Authorization: `Bearer ${auth}`, 'Content-Type': 'application/json' },
    });
    const text = await r.text();
    return { status: r.status, json: text ? JSON.parse(text) : null, text };
  };
  const scim = (...a) => call('/scim/v2', token, ...a);
  const admin = (...a) => call('/admin/v1', operator, ...a);
  let n = 0;
  const createUser = async () => {
    const r = await scim('POST', '/Users', { userName: `u${++n}@hooks-own.test` });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const addEndpoint = async (url, events) => {
    const r = await admin('POST', `/orgs/${org}/webhooks`, { url, ...(events ? { events } : {}) });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  // Removed endpoints are out of the gauges and of retention's way.
  const removeAll = async (eps) => {
    for (const ep of eps) assert.equal((await admin('DELETE', `/orgs/${org}/webhooks/${ep.id}`)).status, 204);
  };
  const endpoint = async (id) => (await admin('GET', `/orgs/${org}/webhooks`)).json.webhooks.find((w) => w.id === id);
  const deliveriesOf = async (id) => (await admin('GET', `/orgs/${org}/webhooks/${id}/deliveries`)).json.deliveries;
  const gauges = async () => {
    const text = await (await fetch(metricsUrl)).text();
    const g = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    return { text, failing: g('scimd_webhook_endpoints_failing'), pending: g('scimd_webhook_deliveries_pending') };
  };
  const start = async () => {
    const port = await freePort(), mport = await freePort();
    root = `http://127.0.0.1:${port}`;
    metricsUrl = `http://127.0.0.1:${mport}/metrics`;
    srv = serve(['--listen', `127.0.0.1:${port}`, '--metrics-listen', `127.0.0.1:${mport}`, '--workers', '2',
      '--webhook-ca-file', f('root.crt')], { SCIMD_DATABASE_URL: dbUrl });
    await waitFor(async () => (await fetch(`${root}/readyz`)).status === 200);
  };

  before(async () => {
    makePki();
    psql('CREATE DATABASE :"db"', { db: dbName });
    bin(['migrate']);
    operator = bin(['operator-token', 'create', '--label', 'hooks-own']);
    org = bin(['org', 'create', '--name', 'Hooks own', '--domain', 'hooks-own.test']);
    token = bin(['token', 'create', '--org', org]);
    await start();
  });

  after(async () => {
    if (srv) {
      const { code } = await srv.stop();
      assert.equal(code, 0, `scimd exited cleanly; log:\n${srv.log().slice(-1500)}`);
    }
    psql('DROP DATABASE IF EXISTS :"db" WITH (FORCE)', { db: dbName });
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers over HTTPS to a certificate of the trusted CA, and refuses another host name or a self-signed one', async () => {
    const good = await receiver({ tls: tlsOf('good') });
    const wrong = await receiver({ tls: tlsOf('wrong') });
    const self = await receiver({ tls: tlsOf('self') });
    const eps = [];
    try {
      assert.match(good.url, /^https:\/\/127\.0\.0\.1:/);
      const epGood = await addEndpoint(good.url, ['member.provisioned']);
      const epWrong = await addEndpoint(wrong.url, ['member.provisioned']);
      const epSelf = await addEndpoint(self.url, ['member.provisioned']);
      eps.push(epGood, epWrong, epSelf);
      const u = await createUser();
      await until(() => good.ok().length === 1, 20000, () => `${good.got.length} received`);
      const g = good.ok()[0];
      assert.equal(g.json.data.member.id, u.id);
      await until(async () => (await deliveriesOf(epGood.id))[0].state === 'delivered', 5000,
        async () => JSON.stringify(await deliveriesOf(epGood.id)));
      assert.ok(verify(epGood.secret, g.headers, g.body), 'signed');
      for (const [ep, why] of [[epWrong, 'a certificate for another host name'], [epSelf, 'a self-signed certificate']]) {
        let d;
        await until(async () => { [d] = await deliveriesOf(ep.id); return d?.attemptLog.length > 0; }, 20000,
          () => JSON.stringify(d));
        assert.equal(d.state, 'pending', `${why}: kept for a retry`);
        assert.equal(d.attemptLog[0].status, 0, `${why}: no answer`);
        assert.match(d.attemptLog[0].excerpt, /^TLS: certificate verify failed/, why);
      }
      assert.equal(wrong.got.length + self.got.length, 0, 'no request reached the refused receivers');
    } finally {
      await removeAll(eps);
      await Promise.all([good.close(), wrong.close(), self.close()]);
    }
  });

  it('marks an endpoint that keeps failing, shows it in /metrics, and clears both after a success', { timeout: 60000 }, async () => {
    let down = true;
    const rx = await receiver({ answer: () => (down ? 503 : 200) });
    const eps = [];
    try {
      const ep = await addEndpoint(rx.url, ['member.provisioned']);
      eps.push(ep);
      await createUser();
      // DOM_WEBHOOK_FAILING failures in a row: about 2 to 4 s of backoff.
      await until(async () => (await endpoint(ep.id)).failingSince != null, 20000,
        async () => `${rx.got.length} attempts, ${JSON.stringify(await endpoint(ep.id))}`);
      assert.ok(rx.got.length >= 5 && rx.got.every((g) => g.status === 503));
      let m;
      const shown = () => JSON.stringify({ failing: m.failing, pending: m.pending });
      await until(async () => { m = await gauges(); return m.failing === 1; }, 5000, shown);
      assert.equal(m.pending, 1, 'the provisioning waits');
      const check = spawnSync('promtool', ['check', 'metrics'], { input: m.text, encoding: 'utf8' });
      assert.equal(check.status, 0, `promtool check metrics:\n${check.stdout}${check.stderr}`);
      down = false;
      // The next retry is 4 to 8 s after the fifth failure.
      await until(() => rx.ok().length === 1, 20000, () => `${rx.got.length} attempts`);
      await until(async () => (await endpoint(ep.id)).failingSince == null, 5000, async () => JSON.stringify(await endpoint(ep.id)));
      await until(async () => { m = await gauges(); return m.failing === 0 && m.pending === 0; }, 5000, shown);
    } finally { await removeAll(eps); await rx.close(); }
  });

  it('retention deletes old events once every endpoint has them, and keeps one an endpoint still wants', { timeout: 60000 }, async () => {
    const rxAll = await receiver();
    const rxDeact = await receiver({ answer: () => 503 });
    try {
      await addEndpoint(rxAll.url, ['member.provisioned', 'member.deactivated']);
      const epDeact = await addEndpoint(rxDeact.url, ['member.deactivated']);
      const u = await createUser();
      const r = await scim('PATCH', `/Users/${u.id}`, { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] });
      assert.equal(r.status, 200, r.text);
      await until(() => rxAll.ok().length === 2 && rxDeact.got.length > 0, 20000,
        () => `${rxAll.got.length} and ${rxDeact.got.length} received`);
      const [prov, deact] = rxAll.ok().map((g) => g.json.id);
      // Aging the rows is the only way to make events 40 days old in a test.
      sql(`UPDATE outbox_events SET at = at - interval '40 days' WHERE org_id = :'org'`, { org });
      const recent = await createUser();
      await until(() => rxAll.ok().length === 3, 20000, () => `${rxAll.got.length} received`);
      const left = () => sql(`SELECT string_agg('evt_' || replace(event_id::text, '-', ''), ',' ORDER BY seq)
        FROM outbox_events WHERE org_id = :'org'`, { org });
      const recentId = rxAll.ok()[2].json.id;
      assert.equal(rxAll.ok()[2].json.data.member.id, recent.id);
      // Retention runs when the delivery thread starts, then hourly.
      await srv.stop();
      await start();
      await until(async () => !left().includes(prov), 10000, () => left());
      assert.deepEqual(left().split(','), [deact, recentId],
        'the old delivered event is gone; the old one an endpoint still wants and the recent one stay');
      assert.equal((await deliveriesOf(epDeact.id))[0].state, 'pending');
    } finally { await rxAll.close(); await rxDeact.close(); }
  });

  it('SIGTERM lets a delivery in flight end: recorded delivered, and not sent again by the next instance', { timeout: 60000 }, async () => {
    const rx = await receiver({ delayMs: 1500 });
    try {
      const ep = await addEndpoint(rx.url, ['member.provisioned']);
      await createUser();
      // The request is in; its answer comes 1.5 s later.
      await until(() => rx.got.length === 1, 20000, () => `${rx.got.length} received`);
      const { code } = await srv.stop();
      const log = srv.log();
      assert.equal(code, 0, log.slice(-1500));
      await start();
      const [d] = await deliveriesOf(ep.id);
      assert.equal(d.state, 'delivered', JSON.stringify(d));
      assert.equal(d.attempts, 1);
      // A delivery given back would go again at once to the new instance.
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(rx.got.length, 1, 'sent once');
      assert.match(log, /stopping after the \d+ delivery\(ies\) in flight/);
      await removeAll([ep]);
    } finally { await rx.close(); }
  });

  it('a send outlives its lease while renewed; after kill -9 it goes again within the lease', { timeout: 60000 }, async () => {
    // The first try is answered after 8 s, past DOM_WEBHOOK_LEASE_S (6 s).
    const rx = await receiver({ delayMs: (j, n) => (n === 1 ? 8000 : 0) });
    try {
      const ep = await addEndpoint(rx.url, ['member.provisioned']);
      await createUser();
      await until(() => rx.got.length === 1, 20000, () => `${rx.got.length} received`);
      // An expired lease would be claimed again by this very instance.
      await new Promise((r) => setTimeout(r, 7000));
      assert.equal(rx.got.length, 1, 'not sent again while the first try is in flight');
      srv.proc.kill('SIGKILL');
      await srv.exit;
      const killed = Date.now();
      await start();
      await until(() => rx.ok().length === 2, 20000, () => `${rx.got.length} received`);
      const took = Date.now() - killed;
      // The lease (6 s) and a start; the 15 s lease of before would fail.
      assert.ok(took < 12000, `sent again ${took} ms after the kill`);
      let d;
      await until(async () => { [d] = await deliveriesOf(ep.id); return d.state === 'delivered'; }, 5000,
        () => JSON.stringify(d));
      assert.equal(d.attempts, 2);
      await removeAll([ep]);
    } finally { await rx.close(); }
  });

  it('an instance out of descriptors gives back what it claims: no attempt counted, no backoff, nothing failing', { timeout: 60000 }, async () => {
    const rx = await receiver();
    const socks = [];
    let starved;
    // The starved instance is the only one delivering.
    await srv.stop();
    try {
      starved = await serveShell(dbUrl, ['--workers', '1'], 'ulimit -n 48');
      const port = Number(new URL(starved.root).port);
      for (let i = 0; i < 80; i++) socks.push(net.connect(port, '127.0.0.1').on('error', () => {}));
      await new Promise((r) => setTimeout(r, 300));
      const ep = JSON.parse(bin(['webhook', 'add', '--org', org, '--url', rx.url]).split('\n').pop());
      for (let i = 0; i < 4; i++) bin(['token', 'create', '--org', org]);
      // A claim and its give-back are two statements: a lease in between
      // is not counted in `most`.
      const count = () => JSON.parse(sql(`SELECT json_build_object('n', count(*),
        'most', coalesce(max(d.attempts) FILTER (WHERE d.lease_until IS NULL), 0),
        'tries', (SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries x ON x.id = a.delivery_id
          WHERE x.endpoint_id = :'ep'), 'later', count(*) FILTER (WHERE d.next_at > now()),
        'fails', (SELECT consecutive_failures FROM webhook_endpoints WHERE id = :'ep'))
        FROM webhook_deliveries d WHERE d.endpoint_id = :'ep'`, { ep: ep.id }));
      // Its sequencer still runs: the four token.created events fan out.
      await until(async () => count().n === 4, 10000, () => JSON.stringify(count()));
      const k = 4;
      // It claims them each tick, or each second once paused.
      await new Promise((r) => setTimeout(r, 2500));
      assert.deepEqual(count(), { n: k, most: 0, tries: 0, later: 0, fails: 0 }, starved.log.slice(-1500));
      assert.match(starved.log, /cannot open a socket: \d+ delivery\(ies\) given back/);
      assert.equal(rx.got.length, 0);
      for (const c of socks) c.destroy();
      await until(() => rx.ok().length === k && count().tries === k, 20000, () => `${rx.got.length} of ${k} received`);
      assert.deepEqual(count(), { n: k, most: 1, tries: k, later: 0, fails: 0 }, 'each sent once');
      await until(() => /sockets can be opened again/.test(starved.log), 5000, () => starved.log.slice(-1500));
      starved.proc.kill('SIGTERM');
      assert.equal((await starved.exit).code, 0, starved.log.slice(-1500));
      await start();
      await removeAll([ep]);
    } finally {
      for (const c of socks) c.destroy();
      if (starved && starved.proc.exitCode === null) starved.proc.kill('SIGKILL');
      await rx.close();
    }
  });
});
