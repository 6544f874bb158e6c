'use strict';
// /metrics is Prometheus text that a strict parser accepts (HELP and TYPE before the samples,
// labels and values well formed, histogram buckets in order and cumulative, +Inf equal to
// _count), every documented family is there, and the counters move with the requests made.
// /healthz answers "ok schema N" while the database has the expected schema.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const ops = require('../lib/ops.js');
const { startStack } = require('../lib/stack.js');

let site;
before(async () => { site = await startStack({ threads: 3 }); });
after(async () => { if (site) await site.stop(); });

async function scrape() {
  const r = await ops.request(site.base, '/metrics');
  assert.equal(r.status, 200, `/metrics: ${r.status}`);
  assert.match(r.headers['content-type'] || '', /^text\/plain; version=0\.0\.4/);
  assert.match(r.headers['cache-control'] || '', /no-store/);
  return ops.parsePrometheus(r.body);
}

const requests = (m, route, status) => ops.metricValue(m, 'newsdesk_requests_total', { route, status }) || 0;
const durationCount = (m) => ops.metricValue(m, 'newsdesk_request_duration_seconds_count');

test('the parser itself refuses what the format does not allow', () => {
  const ok = '# HELP a_total A.\n# TYPE a_total counter\na_total{x="1"} 3\n';
  assert.equal(ops.parsePrometheus(ok).samples.length, 1);
  const bad = {
    'no TYPE': 'a_total 1\n',
    'bad value': '# TYPE a counter\na one\n',
    'negative counter': '# TYPE a counter\na -1\n',
    'duplicate series': '# TYPE a gauge\na{x="1"} 1\na{x="1"} 2\n',
    'bad label': '# TYPE a gauge\na{x=1} 1\n',
    'no newline at the end': '# TYPE a gauge\na 1',
    'split family': '# TYPE a gauge\n# TYPE b gauge\na 1\nb 1\na{x="2"} 1\n',
    'bucket decreasing': '# TYPE h histogram\nh_bucket{le="1"} 5\nh_bucket{le="2"} 4\nh_bucket{le="+Inf"} 5\nh_sum 1\nh_count 5\n',
    '+Inf != count': '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n',
    'no +Inf': '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n',
  };
  for (const [what, text] of Object.entries(bad)) {
    assert.throws(() => ops.parsePrometheus(text), Error, `the parser accepted: ${what}`);
  }
});

test('/metrics parses strictly and has every documented family with its type', async () => {
  const m = await scrape();
  const want = {
    newsdesk_requests_total: 'counter',
    newsdesk_request_duration_seconds: 'histogram',
    newsdesk_db_errors_total: 'counter',
    newsdesk_db_busy_retries_total: 'counter',
    newsdesk_sessions: 'gauge',
    newsdesk_build_info: 'gauge',
  };
  for (const [name, type] of Object.entries(want)) {
    const f = m.families.get(name);
    assert.ok(f, `no ${name} family`);
    assert.equal(f.type, type, `${name} is a ${f.type}`);
    assert.ok(f.help && f.help.length > 3, `${name} has no HELP text`);
  }
  const info = m.families.get('newsdesk_build_info').samples;
  assert.equal(info.length, 1);
  assert.equal(info[0].value, 1);
  const version = ops.run(ops.BIN, ['--version']).stdout;
  assert.ok(version.includes(info[0].labels.version), `build_info version ${info[0].labels.version} vs ${version}`);
  assert.equal(info[0].labels.schema, String(ops.schema()));
  for (const s of m.families.get('newsdesk_requests_total').samples) {
    assert.deepEqual(Object.keys(s.labels).sort(), ['route', 'status'], `labels of ${JSON.stringify(s)}`);
    assert.match(s.labels.status, /^(\d{3}|other)$/);
  }
});

test('the counters and the histogram move with the requests made', async () => {
  const m0 = await scrape();
  for (let i = 0; i < 5; i++) assert.equal((await ops.request(site.base, '/')).status, 200);
  for (let i = 0; i < 3; i++) assert.equal((await ops.request(site.base, ops.ARTICLE)).status, 200);
  for (let i = 0; i < 2; i++) assert.equal((await ops.request(site.base, '/no/such/page')).status, 404);
  const art = await ops.request(site.base, ops.ARTICLE);
  const notModified = await ops.request(site.base, ops.ARTICLE, { headers: { 'if-none-match': art.headers.etag } });
  assert.equal(notModified.status, 304);
  const m1 = await scrape();

  assert.equal(requests(m1, 'home', '200') - requests(m0, 'home', '200'), 5, 'home 200');
  assert.equal(requests(m1, 'article', '200') - requests(m0, 'article', '200'), 4, 'article 200');
  assert.equal(requests(m1, 'article', '304') - requests(m0, 'article', '304'), 1, 'article 304');
  assert.equal(requests(m1, 'none', '404') - requests(m0, 'none', '404'), 2, 'unrouted 404');
  assert.ok(requests(m1, 'metrics', '200') >= 1, 'the first scrape is counted');
  assert.ok(durationCount(m1) - durationCount(m0) >= 12, 'the histogram count did not grow with the requests');
  assert.ok(ops.metricValue(m1, 'newsdesk_request_duration_seconds_sum') >=
    ops.metricValue(m0, 'newsdesk_request_duration_seconds_sum'));
  // Counters never go down.
  for (const s of m0.samples) {
    if (s.name.endsWith('_total') || s.name.endsWith('_bucket') || s.name.endsWith('_count')) {
      const now = ops.metricValue(m1, s.name, s.labels);
      assert.ok(now >= s.value, `${s.name}${JSON.stringify(s.labels)} went from ${s.value} to ${now}`);
    }
  }
});

test('newsdesk_sessions counts a login', { timeout: 60000 }, async () => {
  const r = ops.run(ops.BIN, ['user', 'add', 'metrics-editor', '--db', site.dbPath], { input: 'Correct-Horse-Battery-9\n' });
  assert.equal(r.status, 0, r.stderr);
  const m0 = await scrape();
  const res = await ops.request(site.base, '/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: site.base },
    body: 'name=metrics-editor&password=Correct-Horse-Battery-9',
  });
  assert.equal(res.status, 303, `login: ${res.status}\n${res.body.slice(0, 300)}`);
  const m1 = await scrape();
  assert.equal(ops.metricValue(m1, 'newsdesk_sessions') - ops.metricValue(m0, 'newsdesk_sessions'), 1,
    'newsdesk_sessions did not count the new session');
  assert.equal(requests(m1, 'admin_login', '303') - requests(m0, 'admin_login', '303'), 1);
  assert.match(site.log(), /login name=metrics-editor address=127\.0\.0\.1 outcome=success/);
  assert.ok(!site.log().includes('Correct-Horse-Battery-9'), 'the password is in the log');
});

test('newsdesk_db_busy_retries_total counts waits for a lock another process holds', { timeout: 60000 }, async () => {
  const m0 = await scrape();
  const locker = ops.startProcess('sqlite3', ['-batch', `${site.dbPath}-sessions`], { stdio: ['pipe', 'pipe', 'pipe'] });
  locker.child.stdin.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n");
  await ops.waitFor(() => locker.out.includes('locked'), 10000, 'sqlite3 to take the lock');
  // A failed login writes (throttle, login log) to the sessions file: it waits for the lock.
  const login = ops.request(site.base, '/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: site.base },
    body: 'name=nobody-at-all&password=wrong-password-1',
  });
  await ops.sleep(400);
  locker.child.stdin.end('COMMIT;\n');
  await ops.waitExit(locker, 10000);
  const res = await login;
  assert.equal(res.status, 200, `login: ${res.status}`);
  assert.ok(res.elapsed >= 300, `the login did not wait for the lock (${res.elapsed} ms)`);
  const m1 = await scrape();
  assert.ok(ops.metricValue(m1, 'newsdesk_db_busy_retries_total') > ops.metricValue(m0, 'newsdesk_db_busy_retries_total'),
    'newsdesk_db_busy_retries_total did not count the wait for the lock');
  assert.equal(ops.metricValue(m1, 'newsdesk_db_errors_total'), ops.metricValue(m0, 'newsdesk_db_errors_total'),
    'a wait for a lock is not a database error');
});

test('/healthz: 200 "ok schema N" as text/plain, never cached', async () => {
  const r = await ops.request(site.base, '/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.body, `ok schema ${ops.schema()}\n`);
  assert.match(r.headers['content-type'] || '', /^text\/plain/);
  assert.match(r.headers['cache-control'] || '', /no-store/);
});
