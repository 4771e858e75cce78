// conformance/metrics.test.mjs: GET /metrics. A scimd of its own (so the
// counts move only by this file's requests) with --metrics-listen; the
// exposition is scraped before and after requests, each family is checked
// to move by what was done, and `promtool check metrics` validates it.
//
// Environment: SCIMD_BIN, SCIMD_DATABASE_URL, SCIMD_OPERATOR_TOKEN.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cli, freePort, newOrg, serve, waitFor } from './lib/proc.mjs';

const OPERATOR = process.env.SCIMD_OPERATOR_TOKEN;
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

// The samples of an exposition: { 'name{labels}': value }.
function parse(text) {
  const out = {};
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+?(?:\{.*\})?) (\S+)$/.exec(line);
    assert.ok(m, `a sample line: ${line}`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}

function promtool(text) {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(r.error, undefined, `promtool runs (Debian package prometheus): ${r.error}`);
  assert.equal(r.status, 0, `promtool check metrics:\n${r.stdout}${r.stderr}`);
}

describe('GET /metrics', () => {
  let srv, root, metricsUrl, token, org;

  const scim = async (method, path, body) => {
    const r = await fetch(`${root}/scim/v2${path}`, {
      method, body: body ? JSON.stringify(body) : undefined,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
    });
    return { status: r.status, body: await r.text() };
  };
  const scrape = async () => {
    const r = await fetch(metricsUrl);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    return r.text();
  };
  const user = (name) => ({ userName: `${name}-${Date.now()}@metrics.test`, name: { givenName: 'M', familyName: name } });
  const active = (v) => ({ schemas: [PATCH], Operations: [{ op: 'replace', value: { active: v } }] });

  before(async () => {
    ({ org, token } = newOrg('Metrics test', 'metrics.test'));
    const port = await freePort();
    const mport = await freePort();
    root = `http://127.0.0.1:${port}`;
    metricsUrl = `http://127.0.0.1:${mport}/metrics`;
    srv = serve(['--listen', `127.0.0.1:${port}`, '--metrics-listen', `127.0.0.1:${mport}`, '--workers', '2']);
    await waitFor(async () => (await fetch(`${root}/readyz`)).status === 200);
  });

  after(async () => {
    const { code } = await srv.stop();
    assert.equal(code, 0, `scimd exited cleanly; log:\n${srv.log().slice(-1500)}`);
  });

  it('passes promtool check metrics and carries every family', async () => {
    const text = await scrape();
    promtool(text);
    for (const name of ['scimd_http_requests_total', 'scimd_http_request_duration_seconds',
      'scimd_queue_depth', 'scimd_workers', 'scimd_workers_busy', 'scimd_db_connections',
      'scimd_db_reconnects_total', 'scimd_guard_refusals_total', 'scimd_member_removals_total',
      'scimd_member_deactivations_total', 'scimd_member_reactivations_total',
      'scimd_rate_limit_refusals_total', 'scimd_audit_events_written_total', 'scimd_build_info',
      'scimd_webhook_endpoints_failing', 'scimd_webhook_deliveries_pending'])
      assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), `family ${name}`);
    const s = parse(text);
    assert.equal(s['scimd_workers'], 2);
    // Each of the 2 workers, and the webhook delivery thread, holds one.
    assert.equal(s['scimd_db_connections{state="open"}'], 3, 'each worker and the delivery thread connected at start');
    assert.equal(s['scimd_build_info{version="0.1.0"}'], 1);
  });

  it('counts requests, lifecycle changes, refusals and audit events', async () => {
    const before = parse(await scrape());
    const a = await scim('POST', '/Users', user('a'));
    assert.equal(a.status, 201, a.body);
    const id = JSON.parse(a.body).id;
    assert.equal((await scim('GET', `/Users/${id}`)).status, 200);
    assert.equal((await scim('GET', '/Users/00000000-0000-0000-0000-000000000000')).status, 404);
    assert.equal((await scim('PATCH', `/Users/${id}`, active(false))).status, 200);
    assert.equal((await scim('PATCH', `/Users/${id}`, active(true))).status, 200);
    assert.equal((await scim('DELETE', `/Users/${id}`)).status, 204);
    // The email-domain guard: a domain the org has not verified.
    const out = await scim('POST', '/Users', { userName: `x-${Date.now()}@elsewhere.test` });
    assert.equal(out.status, 403, out.body);
    // The removal rate: two an hour; the removal above was the first.
    cli(['org', 'policy', '--org', org, '--removal-rate', '2']);
    const ids = [];
    for (const n of ['r1', 'r2']) ids.push(JSON.parse((await scim('POST', '/Users', user(n))).body).id);
    assert.equal((await scim('DELETE', `/Users/${ids[0]}`)).status, 204);
    assert.equal((await scim('DELETE', `/Users/${ids[1]}`)).status, 429);

    const text = await scrape();
    promtool(text);
    const now = parse(text);
    const moved = (k) => (now[k] ?? 0) - (before[k] ?? 0);
    assert.equal(moved('scimd_http_requests_total{route="/Users",method="POST",code="201"}'), 3);
    assert.equal(moved('scimd_http_requests_total{route="/Users",method="POST",code="403"}'), 1);
    assert.equal(moved('scimd_http_requests_total{route="/Users/{id}",method="GET",code="200"}'), 1);
    assert.equal(moved('scimd_http_requests_total{route="/Users/{id}",method="GET",code="404"}'), 1);
    assert.equal(moved('scimd_http_requests_total{route="/Users/{id}",method="DELETE",code="429"}'), 1);
    assert.equal(moved('scimd_http_request_duration_seconds_count{route="/Users/{id}"}'), 7);
    assert.equal(moved('scimd_http_request_duration_seconds_bucket{route="/Users/{id}",le="+Inf"}'), 7);
    assert.equal(moved('scimd_member_deactivations_total'), 1);
    assert.equal(moved('scimd_member_reactivations_total'), 1);
    assert.equal(moved('scimd_member_removals_total'), 2);
    assert.equal(moved('scimd_guard_refusals_total{guard="email_domain"}'), 1);
    assert.equal(moved('scimd_rate_limit_refusals_total'), 1);
    // 3 provisioned, deactivated, reactivated, 2 removed, 2 refusals.
    assert.equal(moved('scimd_audit_events_written_total'), 9);
    assert.equal(now['scimd_queue_depth'], 0);
  });

  it('takes an operator token on the main port, and serves nothing else on the metrics port', async () => {
    assert.equal((await fetch(`${root}/metrics`)).status, 401);
    assert.equal((await fetch(`${root}/metrics`, { headers: { Authorization: `Bearer ${token}` } })).status, 401,
      'a SCIM token is not an operator token');
    const r = await fetch(`${root}/metrics`, { headers: { Authorization: `Bearer ${OPERATOR}` } });
    assert.equal(r.status, 200);
    promtool(await r.text());
    assert.equal((await fetch(metricsUrl.replace('/metrics', '/scim/v2/Users'))).status, 404);
  });
});
