'use strict';
// deploy/nginx.conf at work (the private nginx scripts/nginx-conf makes of it): text is
// gzipped; /healthz and /metrics answer the machine itself only (a client at 127.0.0.2 stands
// for any other address); /admin goes to newsdesk and is never cached. And the optional
// micro-cache, switched on as its comments say: a page renders once and is then served from
// the cache for as long as newsdesk's Cache-Control allows; editors (session cookie, either
// name) bypass it; the admin pages, /metrics and uncacheable answers never come from it.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const path = require('node:path');
const ops = require('../lib/ops.js');

let dir, app, web, cached;
before(async () => {
  dir = ops.tmpDir('nginx');
  const db = path.join(dir, 'newsdesk.db');
  ops.initDb(db);
  const sock = path.join(dir, 'newsdesk.sock');
  app = await ops.startServe({ db, socket: sock, threads: 4, logFile: path.join(dir, 'newsdesk.log') });
  web = await ops.startNginx(sock, { runDir: path.join(dir, 'nginx') });
  cached = await ops.startNginx(sock, { runDir: path.join(dir, 'nginx-cache'), transform: ops.withMicroCache });
});
after(async () => {
  if (cached) await cached.stop();
  if (web) await web.stop();
  if (app) {
    await ops.stopProcess(app);
    assert.equal(app.code, 0, `newsdesk ended with ${app.describe()}:\n${app.out}`);
  }
  ops.removeDir(dir);
});

// Can this machine use 127.0.0.2 as a source address (Linux routes all of 127/8 to lo)?
const otherLoopback = () => new Promise((resolve) => {
  const c = net.connect({ host: '127.0.0.1', port: new URL(web.base).port, localAddress: '127.0.0.2' });
  c.on('connect', () => { c.destroy(); resolve(true); });
  c.on('error', () => resolve(false));
});

const gz = { 'accept-encoding': 'gzip' };

test('pages, feeds, sitemaps, CSS and SVG are gzipped for clients that ask', async () => {
  for (const [p, type] of [[ops.ARTICLE, /^text\/html/], ['/feeds/atom.xml', /atom\+xml/], ['/feeds/rss.xml', /rss\+xml/],
    ['/sitemap.xml', /xml/], ['/static/css/site.css', /^text\/css/], ['/static/img/bakiyev-osh-rally.svg', /svg\+xml/]]) {
    const plain = await ops.request(web.base, p);
    const r = await ops.request(web.base, p, { headers: gz, gunzip: true });
    assert.equal(r.status, 200, `${p}: ${r.status}`);
    assert.match(r.headers['content-type'] || '', type, `${p}: ${r.headers['content-type']}`);
    assert.equal(r.headers['content-encoding'], 'gzip', `${p} is not gzipped`);
    assert.match(r.headers.vary || '', /Accept-Encoding/i, `${p}: no Vary: Accept-Encoding`);
    assert.equal(plain.headers['content-encoding'], undefined, `${p} gzipped for a client that did not ask`);
    if (!p.includes('xml')) assert.equal(r.body, plain.body, `${p}: the gzipped body differs`);
  }
});

test('/healthz and /metrics answer 127.0.0.1; other addresses get 403 there and pages elsewhere',
  async (t) => {
    assert.equal((await ops.request(web.base, '/healthz')).status, 200);
    assert.equal((await ops.request(web.base, '/metrics')).status, 200);
    if (!(await otherLoopback())) { t.skip('127.0.0.2 cannot be used as a source address here'); return; }
    const o = { localAddress: '127.0.0.2' };
    assert.equal((await ops.request(web.base, '/healthz', o)).status, 403, '/healthz from 127.0.0.2');
    assert.equal((await ops.request(web.base, '/metrics', o)).status, 403, '/metrics from 127.0.0.2');
    assert.equal((await ops.request(web.base, '/metrics?x=1', o)).status, 403, '/metrics?x=1 from 127.0.0.2');
    assert.equal((await ops.request(web.base, '/', o)).status, 200, '/ from 127.0.0.2');
    assert.equal((await ops.request(web.base, '/admin/login', o)).status, 200, '/admin/login from 127.0.0.2');
  });

test('/admin goes to newsdesk, never cached by browsers either', async () => {
  const login = await ops.request(web.base, '/admin/login');
  assert.equal(login.status, 200);
  assert.match(login.body, /name="password"/);
  assert.match(login.headers['cache-control'] || '', /no-store/);
  const admin = await ops.request(web.base, '/admin');
  assert.equal(admin.status, 303);
  assert.match(admin.headers.location || '', /\/admin\/login$/);
});

async function routeCount(route, status) {
  const r = await ops.request(web.base, '/metrics');
  return ops.metricValue(ops.parsePrometheus(r.body), 'newsdesk_requests_total', { route, status }) || 0;
}

test('micro-cache: a page renders once, then comes from the cache', async () => {
  const before = await routeCount('section', '200');
  const a = await ops.request(cached.base, '/news/europe');
  const b = await ops.request(cached.base, '/news/europe');
  const c = await ops.request(cached.base, '/news/europe', { headers: { cookie: 'theme=dark' } });
  for (const r of [a, b, c]) assert.equal(r.status, 200);
  assert.equal(a.headers['x-cache-status'], 'MISS');
  assert.equal(b.headers['x-cache-status'], 'HIT');
  assert.equal(c.headers['x-cache-status'], 'HIT', 'a cookie that is not the session cookie bypassed the cache');
  assert.equal(b.body, a.body);
  assert.equal(await routeCount('section', '200') - before, 1, 'newsdesk rendered the cached page again');
  // The cache keeps newsdesk's own lifetime and validators.
  assert.match(b.headers['cache-control'] || '', /max-age=\d+/);
  assert.equal(b.headers.etag, a.headers.etag);
  // A query is part of the key.
  const q = await ops.request(cached.base, '/news/europe?page=2');
  assert.notEqual(q.headers['x-cache-status'], 'HIT');
});

test('micro-cache: editors with a session cookie, either name, go straight to newsdesk', async () => {
  await ops.request(cached.base, '/news/africa');
  const before = await routeCount('section', '200');
  for (const cookie of ['newsdesk_session=abc', '__Host-newsdesk_session=abc', 'theme=dark; newsdesk_session=abc']) {
    const r = await ops.request(cached.base, '/news/africa', { headers: { cookie } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-cache-status'], 'BYPASS', `Cookie: ${cookie}`);
  }
  assert.equal(await routeCount('section', '200') - before, 3, 'a request with a session cookie came from the cache');
  // ... and what they were given was not stored for readers: still the reader's copy.
  const reader = await ops.request(cached.base, '/news/africa');
  assert.equal(reader.headers['x-cache-status'], 'HIT');
});

test('micro-cache: /admin, /metrics, /healthz and uncacheable answers never come from it', async () => {
  const login0 = await routeCount('admin_login', '200');
  for (let i = 0; i < 2; i++) {
    const r = await ops.request(cached.base, '/admin/login');
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-cache-status'], undefined, '/admin/login went through the cache');
  }
  assert.equal(await routeCount('admin_login', '200') - login0, 2);
  const m1 = await ops.request(cached.base, '/metrics');
  const m2 = await ops.request(cached.base, '/metrics');
  assert.notEqual(m1.body, m2.body, '/metrics was served from a cache');
  assert.equal((await ops.request(cached.base, '/healthz')).headers['x-cache-status'], undefined);
  // A 404 says no-cache: it is not stored.
  const n1 = await ops.request(cached.base, '/news/nowhere-at-all');
  const n2 = await ops.request(cached.base, '/news/nowhere-at-all');
  assert.equal(n1.status, 404);
  assert.notEqual(n2.headers['x-cache-status'], 'HIT', 'a 404 (no-cache) came from the cache');
});
