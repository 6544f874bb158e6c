'use strict';
// Absolute URLs never come from a request header: the site's address is base_url, which serve
// requires. A forged Host (evil.example) reaches no page, feed, sitemap, robots.txt or header,
// and makes no POST same-origin; serve without base_url refuses to start with one line naming
// the key and the config file (and a SIGHUP to such a config is refused, the running one kept);
// `newsdesk check --config FILE` says so too.

const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const ops = require('../lib/ops.js');
const { startStack } = require('../lib/stack.js');

const NOW = '2010-04-17T08:30:00Z';
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
const EVIL = 'evil.example';

// Every public page kind (and the admin's login page, a 404, a redirect) as a reader asks.
const PATHS = [
  '/', '/news/europe', '/news/europe?page=1', '/news/europe/', SEED, `${SEED}/print`, '/search?q=ash',
  '/search?q=nothing-matches-this', '/feeds/atom.xml', '/feeds/rss.xml', '/feeds/europe/atom.xml',
  '/feeds/europe/rss.xml', '/sitemap.xml', '/sitemaps/sections.xml', '/sitemaps/articles/1.xml',
  '/sitemap-news.xml', '/robots.txt', '/admin/login',
  '/admin', '/news/nowhere', '/no/such/page',
];

// An env without any NEWSDESK_* variable, plus extra.
function envWith(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('NEWSDESK_')) env[k] = v;
  return { ...env, ...extra };
}

describe('a forged Host header', () => {
  let stack;
  before(async () => { stack = await startStack({ demo: true, now: NOW }); });
  after(async () => { if (stack) await stack.stop(); });

  test('never appears in any page, feed, sitemap, robots.txt or header', async () => {
    for (const host of [EVIL, `${EVIL}:8443`, `www.${EVIL}`]) {
      for (const p of PATHS) {
        const r = await stack.raw(p, { headers: { host } });
        assert.ok([200, 301, 303, 404].includes(r.status), `GET ${p} with Host: ${host}: ${r.status}`);
        assert.ok(!r.body.includes(EVIL), `GET ${p} with Host: ${host}: the body names ${EVIL}:\n` +
          r.body.split('\n').filter((l) => l.includes(EVIL)).slice(0, 3).join('\n'));
        for (const [k, v] of Object.entries(r.headers)) {
          assert.ok(!String(v).includes(EVIL), `GET ${p} with Host: ${host}: header ${k}: ${v}`);
        }
      }
    }
  });

  test('absolute URLs stay under base_url whatever the Host says', async () => {
    const page = await stack.raw(SEED, { headers: { host: EVIL } });
    assert.equal(page.status, 200);
    assert.ok(page.body.includes(`<link rel="canonical" href="${stack.base}${SEED}">`),
      `the canonical link is not ${stack.base}${SEED}`);
    const robots = await stack.raw('/robots.txt', { headers: { host: EVIL } });
    assert.match(robots.body, new RegExp(`^Sitemap: ${stack.base.replace(/\./g, '\\.')}/sitemap\\.xml$`, 'm'));
    const feed = await stack.raw('/feeds/atom.xml', { headers: { host: EVIL } });
    const urls = feed.body.match(/https?:\/\/[^"<\s]*/g) || [];
    const ours = urls.filter((u) => !/^https?:\/\/www\.w3\.org\//.test(u));
    assert.ok(ours.length > 0, 'the feed has no absolute URLs');
    for (const u of ours) assert.ok(u.startsWith(`${stack.base}/`), `feed URL not under base_url: ${u}`);
  });

  test('an Origin matching a forged Host is not this site\'s origin', async () => {
    const r = await stack.raw('/admin/login', {
      method: 'POST',
      headers: { host: EVIL, origin: `http://${EVIL}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=nobody&password=wrong-password',
    });
    assert.equal(r.status, 403, `POST /admin/login with Host and Origin ${EVIL}: ${r.status}`);
  });

  test('a Host that is no host name is still a 400', async () => {
    for (const host of ['evil.example"><x', 'a b', 'a|b^c']) {
      const r = await stack.raw('/', { headers: { host } });
      assert.equal(r.status, 400, `Host: ${host}: ${r.status}`);
    }
  });
});

describe('serve and check require base_url', () => {
  let dir, db, conf, withBase;
  before(() => {
    dir = ops.tmpDir('base-url');
    db = path.join(dir, 'site.db');
    ops.initDb(db);
    conf = path.join(dir, 'newsdesk.conf');
    fs.writeFileSync(conf, fs.readFileSync(ops.CONFIG, 'utf8'));
    assert.doesNotMatch(fs.readFileSync(conf, 'utf8'), /^\s*base_url\s*=/m, 'the shipped config sets base_url');
    withBase = path.join(dir, 'with-base.conf');
    fs.writeFileSync(withBase, `${fs.readFileSync(ops.CONFIG, 'utf8')}\nbase_url = https://news.example.org\n`);
  });
  after(() => ops.removeDir(dir));

  // serve must refuse before it listens: one that is still running after 10 s (killed then,
  // with SIGTERM, after which it exits 0) started without base_url.
  const serve = (args, env) => {
    const r = ops.run(ops.BIN, ['serve', '--db', db, '--socket', path.join(dir, 'never.sock'),
      '--templates', ops.TEMPLATES, ...args], { env: envWith(env), timeout: 10000 });
    assert.ok(!r.error, `serve did not stop by itself (it started without base_url): ${r.error && r.error.message}\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, ops.SANITIZER);
    return r;
  };

  test('serve without base_url exits non-zero with one line naming the key and the file', () => {
    const r = serve(['--config', conf]);
    assert.notEqual(r.status, 0, 'serve started without base_url');
    const lines = r.stderr.split('\n').filter((l) => l.trim());
    assert.equal(lines.length, 1, `expected one line on stderr:\n${r.stderr}`);
    assert.match(lines[0], /base_url/);
    assert.ok(lines[0].includes(conf), `the message does not name ${conf}: ${lines[0]}`);
    assert.match(lines[0], /NEWSDESK_BASE_URL/);
    assert.ok(!fs.existsSync(path.join(dir, 'never.sock')), 'serve listened without base_url');
  });

  test('serve without any config and without NEWSDESK_BASE_URL says the same', () => {
    const r = serve([]);
    assert.notEqual(r.status, 0);
    const lines = r.stderr.split('\n').filter((l) => l.trim());
    assert.equal(lines.length, 1, `expected one line on stderr:\n${r.stderr}`);
    assert.match(lines[0], /base_url/);
    assert.match(lines[0], /NEWSDESK_BASE_URL/);
    assert.match(lines[0], /--config/);
  });

  test('an empty NEWSDESK_BASE_URL does not count as set', () => {
    const r = serve(['--config', conf], { NEWSDESK_BASE_URL: '' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /base_url/);
  });

  test('check --config says base_url is missing, and is content once it is set', () => {
    const r = ops.run(ops.BIN, ['check', '--db', db, '--config', conf], { env: envWith() });
    assert.doesNotMatch(r.stderr, ops.SANITIZER);
    assert.equal(r.status, 1, `check --config without base_url: exit ${r.status}\n${r.stdout}${r.stderr}`);
    const out = r.stdout + r.stderr;
    assert.match(out, /base_url/);
    assert.ok(out.includes(conf), `check does not name ${conf}:\n${out}`);
    assert.match(r.stdout, /^integrity_check: ok$/m, 'the database checks still ran');
    assert.doesNotMatch(r.stdout, /^ok$/m);

    const good = ops.run(ops.BIN, ['check', '--db', db, '--config', withBase], { env: envWith() });
    assert.equal(good.status, 0, `check with base_url: ${good.stdout}${good.stderr}`);
    assert.match(good.stdout, /^config: .*base_url https:\/\/news\.example\.org/m);
    assert.match(good.stdout, /^ok$/m);

    const env = ops.run(ops.BIN, ['check', '--db', db, '--config', conf],
      { env: envWith({ NEWSDESK_BASE_URL: 'https://env.example.org' }) });
    assert.equal(env.status, 0, `check with NEWSDESK_BASE_URL: ${env.stdout}${env.stderr}`);

    // Without --config, check is about the database alone, as before.
    const plain = ops.run(ops.BIN, ['check', '--db', db], { env: envWith() });
    assert.equal(plain.status, 0, plain.stdout + plain.stderr);
    assert.ok(ops.run(ops.BIN, ['check', '--help']).stdout.includes('--config'), 'check --help does not mention --config');
  });

  test('a SIGHUP to a config without base_url is refused, the running one kept', { timeout: 60000 }, async () => {
    const live = path.join(dir, 'live.conf');
    fs.copyFileSync(withBase, live);
    const sock = path.join(dir, 'hup.sock');
    const app = await ops.startServe({ db, socket: sock, config: live, env: envWith(), baseUrl: null });
    try {
      const page = () => ops.fcgiOpen(sock, ops.cgiParams(SEED, { HTTP_HOST: EVIL })).reply;
      assert.match((await page()).body, /href="https:\/\/news\.example\.org\/news\//);
      fs.copyFileSync(conf, live);
      const before = app.out.length;
      app.kill('SIGHUP');
      await ops.waitFor(() => /SIGHUP/.test(app.out.slice(before)), 10000, 'the reload to be logged');
      const logged = app.out.slice(before);
      assert.match(logged, /base_url/, `the refused reload does not name base_url:\n${logged}`);
      const r = await page();
      assert.equal(r.status, 200);
      assert.match(r.body, /href="https:\/\/news\.example\.org\/news\//, 'the running base_url was dropped');
      assert.ok(!r.body.includes(EVIL));
    } finally {
      await ops.stopProcess(app);
    }
    assert.equal(app.code, 0, app.out);
    assert.doesNotMatch(app.out, ops.SANITIZER);
  });
});
