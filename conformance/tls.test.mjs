// conformance/tls.test.mjs: HTTPS served by scimd itself. A root CA, an
// intermediate and two server certificates are made at test time with the
// `openssl` command; the server's cert file holds the leaf and the
// intermediate, the client trusts the root only.
//
// Environment: SCIMD_BIN, SCIMD_DATABASE_URL (see lib/proc.mjs).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { freePort, newOrg, serve, sleep, waitFor } from './lib/proc.mjs';

const dir = mkdtempSync(join(tmpdir(), 'scimd-tls-'));
const f = (name) => join(dir, name);
const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

// key NAME, csr NAME CN, sign NAME by ISSUER with extensions EXT.
function makePki() {
  const key = (n) => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${n}.key`);
  const csr = (n, cn) => openssl('req', '-new', '-key', `${n}.key`, '-subj', `/CN=${cn}`, '-out', `${n}.csr`);
  const sign = (n, issuer, ext) => {
    writeFileSync(f(`${n}.ext`), ext);
    openssl('x509', '-req', '-in', `${n}.csr`, '-CA', `${issuer}.crt`, '-CAkey', `${issuer}.key`,
      '-set_serial', String(Date.now() % 1e9) + n.length, '-days', '2', '-extfile', `${n}.ext`, '-out', `${n}.crt`);
  };
  key('root');
  openssl('req', '-x509', '-new', '-key', 'root.key', '-subj', '/CN=scimd test root', '-days', '2',
    '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-out', 'root.crt');
  key('inter'); csr('inter', 'scimd test intermediate');
  sign('inter', 'root', 'basicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n');
  const leaf = 'basicConstraints=CA:false\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n';
  for (const n of ['a', 'b']) {
    key(n); csr(n, `localhost ${n}`); sign(n, 'inter', leaf);
    // The served file: the leaf, then the intermediate.
    writeFileSync(f(`${n}.chain`), readFileSync(f(`${n}.crt`), 'utf8') + readFileSync(f('inter.crt'), 'utf8'));
  }
  key('stray'); // matches no certificate
}

const CN = (sock) => sock.getPeerCertificate().subject.CN;

describe('scimd serve --tls-cert/--tls-key', () => {
  let srv, port, plainPort, ca, token;

  // An HTTPS request: { status, body, headers }; agent false = new connection.
  function req(method, path, { body, headers = {}, agent = false } = {}) {
    return new Promise((resolve, reject) => {
      const r = https.request({ host: '127.0.0.1', port, method, path, ca, servername: 'localhost', agent,
        headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers,
          ...(body ? { 'Content-Type': 'application/scim+json' } : {}) } }, (res) => {
        let data = '';
        res.on('data', (d) => { data += d; });
        res.on('end', () => resolve({ status: res.statusCode, body: data, headers: res.headers }));
      });
      r.on('error', reject);
      r.setTimeout(10000, () => r.destroy(new Error('timeout')));
      r.end(body ? JSON.stringify(body) : undefined);
    });
  }

  function connect(opts = {}) {
    return new Promise((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost', ...opts }, () => resolve(s));
      s.on('error', reject);
    });
  }

  before(async () => {
    makePki();
    ca = readFileSync(f('root.crt'));
    copyFileSync(f('a.chain'), f('served.crt'));
    copyFileSync(f('a.key'), f('served.key'));
    ({ token } = newOrg('TLS test', 'tls.test'));
    port = await freePort();
    plainPort = await freePort();
    srv = serve(['--listen', `127.0.0.1:${port}`, '--plain-listen', `127.0.0.1:${plainPort}`,
      '--workers', '2'], { SCIMD_TLS_CERT: f('served.crt'), SCIMD_TLS_KEY: f('served.key') });
    await waitFor(async () => (await req('GET', '/readyz')).status === 200);
  });

  after(async () => {
    const { code } = await srv.stop();
    rmSync(dir, { recursive: true, force: true });
    assert.equal(code, 0, `scimd exited cleanly; log:\n${srv.log().slice(-2000)}`);
  });

  it('completes a handshake: chain to the root, ALPN http/1.1, TLS 1.2 or 1.3', async () => {
    const s = await connect({ ALPNProtocols: ['h2', 'http/1.1'] });
    assert.ok(s.authorized, `verified through the intermediate: ${s.authorizationError}`);
    assert.equal(s.alpnProtocol, 'http/1.1');
    assert.match(s.getProtocol(), /^TLSv1\.[23]$/);
    assert.equal(CN(s), 'localhost a');
    s.end();
    const s12 = await connect({ maxVersion: 'TLSv1.2' });
    assert.equal(s12.getProtocol(), 'TLSv1.2');
    assert.match(s12.getCipher().name, /^ECDHE-(ECDSA|RSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$/);
    s12.end();
  });

  it('answers a SCIM request over TLS', async () => {
    const userName = `tls-${Date.now()}@tls.test`;
    const c = await req('POST', '/scim/v2/Users', { body: { userName, name: { givenName: 'T', familyName: 'L' } } });
    assert.equal(c.status, 201, c.body);
    const id = JSON.parse(c.body).id;
    const g = await req('GET', `/scim/v2/Users/${id}`);
    assert.equal(g.status, 200, g.body);
    assert.equal(JSON.parse(g.body).userName, userName);
  });

  it('speaks no plain HTTP on the TLS port, and plain HTTP only on --plain-listen', async () => {
    const onTls = await new Promise((resolve) => {
      const r = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => resolve(res.statusCode));
      r.on('error', (e) => resolve(e.code));
      r.setTimeout(5000, () => r.destroy(new Error('timeout')));
    });
    assert.notEqual(onTls, 200, 'no plain answer on the TLS port');
    const plain = await fetch(`http://127.0.0.1:${plainPort}/healthz`);
    assert.equal(plain.status, 200);
  });

  it('refuses TLS 1.1 (which the same client can speak)', async () => {
    const old = { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' };
    // Control: a server that allows TLS 1.1 does get this client's handshake.
    const ctl = tls.createServer({ ...old, key: readFileSync(f('a.key')), cert: readFileSync(f('a.chain')) },
      (s) => s.end());
    await new Promise((r) => ctl.listen(0, '127.0.0.1', r));
    const ok = await new Promise((resolve, reject) => {
      const s = tls.connect({ ...old, host: '127.0.0.1', port: ctl.address().port, rejectUnauthorized: false },
        () => { resolve(s.getProtocol()); s.destroy(); });
      s.on('error', reject);
    });
    ctl.close();
    assert.equal(ok, 'TLSv1.1');
    await assert.rejects(connect(old), (e) => {
      assert.match(String(e.code || e.message), /PROTOCOL|VERSION|ALERT/i);
      return true;
    });
  });

  it('reloads the certificate on SIGHUP under load without a failed request; refuses a bad pair', async () => {
    // A connection opened before the reloads must keep working after them.
    const kept = await connect();
    const onKept = (path) => new Promise((resolve, reject) => {
      let data = '';
      const onData = (d) => {
        data += d;
        if (/\r\n\r\n/.test(data) && /\}$/.test(data)) { kept.off('data', onData); resolve(data); }
      };
      kept.on('data', onData);
      kept.once('error', reject);
      kept.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    });
    assert.match(await onKept('/healthz'), /^HTTP\/1\.1 200/);

    const keepAlive = new https.Agent({ keepAlive: true, maxSockets: 4 });
    let stop = false, done = 0;
    const failures = [];
    const worker = async (agent) => {
      while (!stop) {
        try {
          const r = await req('GET', '/healthz', { agent });
          if (r.status !== 200) failures.push(`status ${r.status}`);
          done++;
        } catch (e) {
          failures.push(String(e));
        }
      }
    };
    const load = [keepAlive, keepAlive, false, false, false].map(worker);

    await sleep(300);
    copyFileSync(f('b.chain'), f('served.crt'));
    copyFileSync(f('b.key'), f('served.key'));
    srv.proc.kill('SIGHUP');
    await waitFor(async () => /TLS certificate and key reloaded/.test(srv.log()), 5000);
    await sleep(300);
    const afterB = await connect();
    assert.equal(CN(afterB), 'localhost b', 'new connections get the new certificate');
    afterB.end();

    // A key that does not match the certificate: refused, b stays.
    copyFileSync(f('stray.key'), f('served.key'));
    srv.proc.kill('SIGHUP');
    await waitFor(async () => /refused; still serving the previous ones/.test(srv.log()), 5000);
    await sleep(300);
    stop = true;
    await Promise.all(load);
    keepAlive.destroy();

    assert.deepEqual(failures, [], 'no request failed during the reloads');
    assert.ok(done > 20, `requests made during the reloads: ${done}`);
    const still = await connect();
    assert.equal(CN(still), 'localhost b', 'the previous pair stays in use');
    still.end();
    assert.ok(/TLS: cannot load the private key .*key values mismatch/.test(srv.log()),
      `the refusal says why; log:\n${srv.log().slice(-1500)}`);
    assert.match(await onKept('/healthz'), /^HTTP\/1\.1 200/, 'the connection from before still works');
    kept.end();
  });

  it('answers keep-alive requests without waiting for delayed ACKs (TCP_NODELAY)', async () => {
    // Nagle's algorithm would hold the last TLS record of each answer for
    // the client's delayed ACK: about 40 ms per request.
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    const times = [];
    for (let i = 0; i < 30; i++) {
      const t0 = Date.now();
      assert.equal((await req('GET', '/healthz', { agent })).status, 200);
      times.push(Date.now() - t0);
    }
    agent.destroy();
    times.sort((x, y) => x - y);
    assert.ok(times[15] < 25, `median ${times[15]} ms over one keep-alive connection`);
  });

  it('does not let garbage or silent handshakes stall other clients', async () => {
    const bad = [];
    const closed = [];
    for (let i = 0; i < 8; i++) {
      const s = net.connect(port, '127.0.0.1');
      s.on('error', () => {});
      s.resume(); // read, so the server's close is seen
      closed.push(new Promise((r) => s.on('close', () => r(true))));
      // Half send bytes that are no TLS record; half send nothing at all.
      if (i % 2 === 0) s.on('connect', () => s.write(Buffer.from('\x16\x03\x01\xff\xffGARBAGE'.repeat(64), 'binary')));
      bad.push(s);
    }
    await sleep(100);
    const t0 = Date.now();
    const rs = await Promise.all(Array.from({ length: 20 }, () => req('GET', '/healthz')));
    assert.ok(rs.every((r) => r.status === 200), 'every good client was answered');
    assert.ok(Date.now() - t0 < 5000, `answered in ${Date.now() - t0} ms`);
    // The garbage senders were disconnected by the server.
    const garbage = closed.filter((_, i) => i % 2 === 0);
    const gone = await Promise.race([Promise.all(garbage), sleep(5000).then(() => false)]);
    assert.ok(gone, 'connections that sent garbage were closed');
    for (const s of bad) s.destroy();
  });
});
