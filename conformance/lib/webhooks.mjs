// conformance/lib/webhooks.mjs: a webhook receiver for the webhooks-*.test.mjs
// files, and a signature verifier written from the Standard Webhooks
// specification (standardwebhooks.com), independent of scimd's code.
// Node built-ins only. Receivers listen on 127.0.0.1 only.
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { cli } from './lifecycle.mjs';

// Standard Webhooks, "Verifying webhooks": the signed content is
// `${id}.${timestamp}.${body}`, the key the base64 after "whsec_", the
// header a space-separated list of "v1,<base64 HMAC-SHA256>"; one match
// is enough, and the timestamp must be recent (5 minutes either way).
export function verify(secret, headers, body) {
  const id = headers['webhook-id'], ts = headers['webhook-timestamp'], sig = headers['webhook-signature'];
  if (!id || !ts || !sig) return false;
  if (!/^\d+$/.test(ts) || Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
  assert.ok(secret.startsWith('whsec_'), 'secrets start with whsec_');
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest();
  return sig.split(' ').some((part) => {
    const [version, value] = part.split(',');
    if (version !== 'v1' || !value) return false;
    const got = Buffer.from(value, 'base64');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

// A receiver on 127.0.0.1: every request is kept as {headers, body, json,
// status} in `got`; answer(req, n) gives the status (n counts requests with
// this webhook-id, from 1), default 200; delayMs delays every answer, or
// each as delayMs(json, n) says when it is a function; `most` is the most
// requests it ever had open at once; tls
// ({ key, cert }, PEM) makes it an HTTPS receiver.
export async function receiver({ answer = () => 200, delayMs = 0, tls = null } = {}) {
  const got = [];
  const seen = new Map();
  const open = { now: 0, most: 0 };
  const handle = (req, res) => {
    let body = '';
    open.most = Math.max(open.most, ++open.now);
    res.on('close', () => { open.now -= 1; });
    req.setEncoding('utf8');
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const id = req.headers['webhook-id'];
      const n = (seen.get(id) || 0) + 1;
      seen.set(id, n);
      let json = null;
      try { json = JSON.parse(body); } catch { /* kept as text */ }
      const status = answer(json, n);
      got.push({ headers: req.headers, body, json, status, method: req.method, url: req.url });
      const wait = typeof delayMs === 'function' ? delayMs(json, n) : delayMs;
      setTimeout(() => { res.statusCode = status; res.end(status < 300 ? 'ok' : 'try again'); }, wait);
    });
  };
  const server = tls ? https.createServer(tls, handle) : http.createServer(handle);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${server.address().port}/hook`;
  const close = () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); });
  return { url, got, close, ok: () => got.filter((g) => g.status < 300), most: () => open.most };
}

// Waits until cond() is true, polling; throws with what() after ms. Both
// may be async: a delivery's record follows its receiver's answer, so a
// test reads the database through this too.
export async function until(cond, ms, what) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms: ${await what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// `scimd webhook add`: the endpoint as printed (id, secret, ...).
export function addWebhook(org, url, extra = []) {
  const out = cli(['webhook', 'add', '--org', org.id, '--url', url, ...extra]);
  const ep = JSON.parse(out.split('\n').pop());
  assert.match(ep.id, /^[0-9a-f-]{36}$/);
  assert.match(ep.secret, /^whsec_[A-Za-z0-9+/]{43}=$/, 'a whsec_ secret of 32 random bytes');
  return ep;
}

// `scimd webhook deliveries`: newest first.
export function deliveries(org, ep, limit = 1000) {
  const out = cli(['webhook', 'deliveries', '--org', org.id, '--endpoint', ep.id, '--limit', String(limit)]);
  return out ? out.split('\n').map((l) => JSON.parse(l)) : [];
}
