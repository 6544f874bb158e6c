'use strict';
// The cache tier: a real Varnish (deploy/varnish.vcl, through scripts/varnish-conf) on loopback in
// front of nginx + newsdesk, which purges it by surrogate key (purge_urls). Every public response
// names what it shows (xkey, Surrogate-Key); a page is a hit on its second request; after an
// editor's save returns, no reader gets the old text through the cache, nor on a page that shows
// the article as a promo; a page's time in the cache never outlives the moment it changes by
// itself; a cache that hangs or is down neither fails nor holds up a save, is counted in
// /metrics, and gets the purge once it is back; with the origin stopped, cached pages are still
// served (grace), a page never cached is a 503.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startStack, raw, sqlite, sleep, freePort, decodeEntities, newsdesk } = require('../lib/stack.js');
const { addUser, Client, request, articleFields, formArticle, configWith } = require('../lib/admin.js');
const { startVarnish } = require('../lib/varnish.js');
const http = require('node:http');
const zlib = require('node:zlib');

// A GET whose body stays bytes (a gzipped page is not text).
function bytes(base, reqPath, headers = {}) {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    http.get({ host: u.hostname, port: u.port, path: reqPath, agent: false,
      headers: { connection: 'close', ...headers } }, (res) => {
      const parts = [];
      res.on('data', (c) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

const PASSWORD = 'correct horse battery staple';
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';   // article 1
const PROMO = '/news/asia-pacific/has-chinas-housing-bubble-burst';         // article 2: a promo of 1

let stack;
let varnish;
let tmp;
let siteArticle;   // an article without promos of its own: it shows the site's
const ids = {};

// An article page's path, id and headline, from the database.
function article(where) {
  const out = sqlite(stack.dbPath, `.mode tabs\nSELECT a.id, s.slug || '/' || a.slug, a.headline FROM articles a
    JOIN sections s ON s.id = a.section_id WHERE ${where} LIMIT 1;\n`).trim().split('\t');
  return { id: Number(out[0]), path: `/news/${out[1]}`, headline: out[2] };
}

function keysOf(headers) {
  return new Set((headers.xkey || '').split(/\s+/).filter(Boolean));
}

async function metrics() {
  return (await stack.raw('/metrics')).body;
}

function metric(text, name, result) {
  const re = new RegExp(`^${name}\\{cache="[^"]*"${result ? `,result="${result}"` : ''}\\} (\\d+)$`, 'm');
  const m = re.exec(text);
  return m ? Number(m[1]) : null;
}

async function waitFor(what, check, ms = 20000) {
  const t0 = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(100);
  }
}

// Requests path through the cache until it is a hit; returns that response.
async function warm(p) {
  return waitFor(`${p} to be a hit`, async () => {
    const r = await raw(varnish.base, p);
    assert.equal(r.status, 200, `${p} through the cache: ${r.status}`);
    return r.headers['x-cache'] === 'HIT' ? r : null;
  }, 10000);
}

// An editor whose requests go to base (the cache, or nginx when the cache is down) but whose
// browser is on the site's public address (the Origin its forms send).
class Editor extends Client {
  constructor(base, origin) {
    super(base);
    this.origin = origin;
  }

  post(p, fields, opts = {}) {
    return super.post(p, fields, { origin: this.origin, ...opts });
  }
}

// Saves article id through the admin (as the editor ed, through the cache unless via says
// otherwise) with changes; returns {status, ms}.
async function save(id, changes, via = varnish.base) {
  const ed = new Editor(via, varnish.base);
  await ed.login('ed', PASSWORD);
  const form = formArticle((await ed.get(`/admin/articles/${id}`)).body);
  const t0 = Date.now();
  const r = await ed.post(`/admin/articles/${id}`, articleFields({ ...form, ...changes, action: 'save' }));
  return { status: r.status, location: r.headers.location, ms: Date.now() - t0 };
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-tier-'));
  const port = await freePort();
  stack = await startStack({
    config: configWith(tmp, `purge_urls = http://127.0.0.1:${port}/`),
    baseUrl: `http://127.0.0.1:${port}`,   // readers and editors come through the cache
    threads: 4,
    beforeServe: (db) => { addUser(db, 'ed', PASSWORD); },
  });
  varnish = await startVarnish({ port, backends: [`127.0.0.1:${stack.port}`] });
  // newsdesk purged everything at start-up, before this cache listened: the retry lands.
  await waitFor('the start-up purge', async () => {
    const m = await metrics();
    return metric(m, 'newsdesk_cache_purges_total', 'ok') >= 1 && metric(m, 'newsdesk_cache_purge_behind') === 0;
  });
  siteArticle = article("a.status = 'published' AND a.id NOT IN (SELECT article_id FROM article_promos)" +
    ' AND a.id NOT IN (SELECT promo_id FROM site_promos)');
  Object.assign(ids, { seed: article(`a.slug = '${SEED.split('/').pop()}'`).id,
    promo: article(`a.slug = '${PROMO.split('/').pop()}'`).id });
});

after(async () => {
  if (varnish) await varnish.close();
  if (stack) await stack.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('every public response names what it shows in xkey and Surrogate-Key; the cache keeps them to itself', async () => {
  const expect = {
    '/': ['all', 'home', `a${ids.seed}`],
    [SEED]: ['all', `a${ids.seed}`, `a${ids.promo}`],
    [siteArticle.path]: ['all', `a${siteArticle.id}`, 'promos', `a${ids.promo}`],
    '/news/asia-pacific': ['all', 's6', `a${ids.seed}`],
    '/news/asia-pacific?page=1': null,   // a redirect: nothing to keep
    '/feeds/atom.xml': ['all', 'feeds', `a${ids.seed}`],
    '/feeds/asia-pacific/rss.xml': ['all', 'feeds', 's6', `a${ids.seed}`],
    '/sitemap.xml': ['all', 'sitemap'],
    '/sitemaps/sections.xml': ['all', 'sitemap'],
    '/sitemaps/articles/1.xml': ['all', 'sitemap', `a${ids.seed}`],
    '/sitemap-news.xml': ['all', 'sitemap'],
    '/search?q=Bakiyev': ['all', 'search', `a${ids.seed}`],
    '/robots.txt': ['all'],
    '/admin/login': null,
    '/no/such/page': null,
  };
  for (const [p, want] of Object.entries(expect)) {
    for (const pass of ['rendered', 'from newsdesk\'s page cache']) {
      const r = await stack.raw(p);
      if (!want) {
        assert.equal(r.headers.xkey, undefined, `${p}: ${r.status} with xkey ${r.headers.xkey}`);
        continue;
      }
      assert.equal(r.status, 200, `${p} (${pass})`);
      const keys = keysOf(r.headers);
      for (const k of want) assert.ok(keys.has(k), `${p} (${pass}): no ${k} in xkey: ${r.headers.xkey}`);
      assert.equal(r.headers['surrogate-key'], r.headers.xkey, `${p}: Surrogate-Key differs from xkey`);
      assert.match(r.headers.xkey, /^[a-z0-9]+( [a-z0-9]+)*$/, `${p}: ${r.headers.xkey}`);
      assert.ok(r.headers.xkey.length < 1200, `${p}: xkey of ${r.headers.xkey.length} bytes`);
      assert.match(r.headers['x-newsdesk-version'] || '', /^\d+$/, `${p}: X-Newsdesk-Version`);
      assert.match(r.headers['surrogate-control'] || '', /^max-age=\d+$/, `${p}: Surrogate-Control`);
    }
  }
  // An article's own promos list only its own; the seed's does not depend on the site's.
  assert.ok(!keysOf((await stack.raw(SEED)).headers).has('promos'));
  // Through the cache: the keys and the stamp stay there (a CDN would take them from the nodes).
  const r = await raw(varnish.base, SEED);
  assert.equal(r.status, 200);
  for (const h of ['xkey', 'surrogate-key', 'x-newsdesk-version', 'surrogate-control'])
    assert.equal(r.headers[h], undefined, `${h} reached the reader through the cache`);
  // Without a cache tier to purge, no page names its keys: readers need not see drafts' ids.
  const plain = newsdesk(['render', '--db', stack.dbPath, SEED]);
  assert.equal(plain.status, 0, plain.stderr);
  assert.match(plain.stdout, /^Status: 200/m);
  assert.doesNotMatch(plain.stdout.split('\r\n\r\n')[0], /^(xkey|Surrogate-Key|X-Newsdesk-Version):/mi);
});

test('gzip and plain readers each get a kept copy of their own, sent as it is kept', async () => {
  const p = '/news/south-asia';
  const gz = { 'accept-encoding': 'gzip, deflate' };
  assert.equal((await bytes(varnish.base, p, gz)).headers['x-cache'], 'MISS');
  const zipped = await bytes(varnish.base, p, gz);
  assert.equal(zipped.headers['x-cache'], 'HIT');
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.equal((await bytes(varnish.base, p)).headers['x-cache'], 'MISS', 'the plain copy is its own');
  const unzips = varnish.stat('MAIN.n_gunzip');
  for (const accept of [undefined, 'identity', 'gzip;q=0']) {
    const plain = await bytes(varnish.base, p, accept ? { 'accept-encoding': accept } : {});
    assert.equal(plain.headers['x-cache'], 'HIT', `${accept}: not a hit`);
    assert.equal(plain.headers['content-encoding'], undefined, `${accept}: sent gzipped`);
    assert.equal(plain.body.toString('utf8'), zlib.gunzipSync(zipped.body).toString('utf8'));
  }
  assert.equal(varnish.stat('MAIN.n_gunzip'), unzips, 'a plain hit was unzipped on its way out');
});

test('a page is a hit on its second request', async () => {
  const hits = varnish.stat('MAIN.cache_hit');
  const first = await raw(varnish.base, '/news/africa');
  const second = await raw(varnish.base, '/news/africa');
  assert.equal(first.status, 200);
  assert.equal(first.headers['x-cache'], 'MISS');
  assert.match(first.headers['x-varnish'], /^\d+$/);
  assert.equal(second.status, 200);
  assert.equal(second.headers['x-cache'], 'HIT');
  assert.match(second.headers['x-varnish'], /^\d+ \d+$/, 'a hit names the request that fetched it');
  assert.equal(second.body, first.body);
  // A worker thread adds its counts to varnishstat's when it goes idle, not per request.
  let counted = false;
  for (const t0 = Date.now(); !counted && Date.now() - t0 < 5000; await sleep(100)) {
    counted = varnish.stat('MAIN.cache_hit') > hits;
  }
  assert.ok(counted, 'varnishstat counts the hit');
  // an editor's pages are never kept, nor anything with the session cookie
  for (let i = 0; i < 2; i++) {
    const login = await raw(varnish.base, '/admin/login');
    assert.equal(login.headers['x-cache'], 'PASS', `/admin/login: ${login.headers['x-cache']}`);
  }
  const asEditor = await raw(varnish.base, '/news/africa', { headers: { cookie: 'newsdesk_session=x' } });
  assert.notEqual(asEditor.headers['x-cache'], 'HIT');
  // nobody but the nodes may purge
  const stranger = await request(varnish.base, '/', { method: 'PURGE', headers: { xkey: 'all' }, localAddress: '127.0.0.2' });
  assert.equal(stranger.status, 403, 'a PURGE from outside the nodes');
  assert.equal((await raw(varnish.base, '/news/africa')).headers['x-cache'], 'HIT', 'and nothing was purged');
  const purge = await raw(varnish.base, '/', { method: 'PURGE', headers: { xkey: 's2' } });
  assert.equal(purge.status, 200, 'loopback is a node here');
  assert.equal((await raw(varnish.base, '/news/africa')).headers['x-cache'], 'MISS', 'purged by its section key');
});

test('a cache keeps no page read from content older than a purge it has seen', async () => {
  const version = Number((await stack.raw('/news/europe')).headers['x-newsdesk-version']);
  const purge = (headers) => raw(varnish.base, '/', { method: 'PURGE', headers: { xkey: 'nothing', ...headers } });
  // as if a change of version + 10 had been committed and purged while this page was on its way
  assert.equal((await purge({ 'x-newsdesk-version': String(version + 10) })).status, 200);
  for (let i = 0; i < 3; i++) {
    const r = await raw(varnish.base, '/news/europe?gate');
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-cache'], 'PASS', `request ${i + 1}: a page stamped ${version} is not kept`);
  }
  // newsdesk starting again resets the mark (X-Newsdesk-Reset): pages are kept again
  assert.equal((await purge({ 'x-newsdesk-version': String(version), 'x-newsdesk-reset': '1' })).status, 200);
  await warm('/news/europe?gate');
});

test('after an editor\'s save returns, 200 readers through the cache never get the old text', async () => {
  const pages = [SEED, `${SEED}/print`, '/', '/news/asia-pacific', '/feeds/atom.xml', '/search?q=Bakiyev'];
  const old = article(`a.id = ${ids.seed}`).headline;
  for (const p of pages) assert.ok(decodeEntities((await warm(p)).body).includes(old), `${p} shows the headline`);
  const fresh = `Bakiyev leaves Kyrgyzstan ${Date.now()}`;
  const s = await save(ids.seed, { headline: fresh });
  assert.equal(s.status, 303, `the save: ${s.status}`);
  let n = 0;
  const reader = async () => {
    while (n < 200) {
      const p = pages[n++ % pages.length];
      const r = await raw(varnish.base, p);
      assert.equal(r.status, 200, `${p}: ${r.status}`);
      const text = decodeEntities(r.body);
      assert.ok(!text.includes(old), `${p} still shows "${old}" (X-Cache ${r.headers['x-cache']})`);
      assert.ok(text.includes(fresh), `${p} does not show "${fresh}"`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, reader));
  // ... and the cache keeps the new pages again
  await warm(SEED);
});

test('an article is purged on the pages that show it as a promo, its own and the site\'s', async () => {
  const old = article(`a.id = ${ids.promo}`).headline;
  for (const p of [SEED, siteArticle.path]) {
    assert.ok(decodeEntities((await warm(p)).body).includes(old), `${p} shows the promo "${old}"`);
  }
  const fresh = `Chinese house prices fall ${Date.now()}`;
  assert.equal((await save(ids.promo, { headline: fresh })).status, 303);
  for (const p of [SEED, siteArticle.path]) {
    const r = await raw(varnish.base, p);
    assert.ok(!decodeEntities(r.body).includes(old), `${p} still shows the promo's old headline`);
    assert.ok(decodeEntities(r.body).includes(fresh), `${p}: no new promo headline`);
  }
});

test('a cache that hangs or is down: the save returns quickly, the failure is counted, the retry purges it', async () => {
  const before = metric(await metrics(), 'newsdesk_cache_purges_total', 'failed');
  const old = article(`a.id = ${ids.seed}`).headline;
  await warm(SEED);
  varnish.pause();   // accepts connections, answers nothing
  let s;
  try {
    s = await save(ids.seed, { headline: `Bakiyev in Kazakhstan ${Date.now()}` }, stack.base);
  } catch (e) {
    varnish.resume();
    throw e;
  }
  const fresh = article(`a.id = ${ids.seed}`).headline;
  const m = await metrics();
  varnish.resume();
  assert.equal(s.status, 303);
  assert.ok(s.ms < 1500, `the save took ${s.ms} ms with the cache hanging`);
  assert.ok(metric(m, 'newsdesk_cache_purges_total', 'failed') > before, `no failure counted:\n${m}`);
  assert.equal(metric(m, 'newsdesk_cache_purge_behind'), 1);
  assert.match(stack.log(), /purge: http:\/\/127\.0\.0\.1:\d+\/ failed/);
  // Back: the cache had the old page, and the retry in the background purges it.
  await waitFor('the retried purge', async () => {
    const r = await raw(varnish.base, SEED);
    return decodeEntities(r.body).includes(fresh) && !decodeEntities(r.body).includes(old);
  });
  await waitFor('nothing owed', async () => metric(await metrics(), 'newsdesk_cache_purge_behind') === 0);

  // Down altogether (connections refused): the same, and the purge lands when it is back.
  await varnish.stop();
  const failed = metric(await metrics(), 'newsdesk_cache_purges_total', 'failed');
  const ok = metric(await metrics(), 'newsdesk_cache_purges_total', 'ok');
  s = await save(ids.seed, { headline: `Bakiyev arrives in Kazakhstan ${Date.now()}` }, stack.base);
  assert.equal(s.status, 303);
  assert.ok(s.ms < 1500, `the save took ${s.ms} ms with the cache down`);
  assert.ok(metric(await metrics(), 'newsdesk_cache_purges_total', 'failed') > failed);
  await varnish.start();
  await waitFor('the purge after the cache came back', async () => {
    const text = await metrics();
    return metric(text, 'newsdesk_cache_purges_total', 'ok') > ok && metric(text, 'newsdesk_cache_purge_behind') === 0;
  });
  assert.ok(decodeEntities((await raw(varnish.base, SEED)).body).includes(article(`a.id = ${ids.seed}`).headline));
});

test('a page leaves the cache when it changes by itself; with the origin stopped, cached pages are still served', async () => {
  // Two articles scheduled a few seconds ahead: the feeds' time in the cache ends then.
  const first = article(`a.status = 'published' AND a.id NOT IN (${ids.seed}, ${ids.promo})`);
  const second = article(`a.status = 'published' AND a.id NOT IN (${ids.seed}, ${ids.promo}, ${first.id})`);
  sqlite(stack.dbPath, `UPDATE articles SET published_at = unixepoch() + 4 WHERE id = ${first.id};\n`);
  const direct = await stack.raw('/feeds/rss.xml');
  const ttl = Number(/max-age=(\d+)/.exec(direct.headers['surrogate-control'])[1]);
  assert.ok(ttl <= 4, `Surrogate-Control ${direct.headers['surrogate-control']} outlives the scheduled article`);
  const rss = '/feeds/rss.xml';
  assert.ok(!decodeEntities((await raw(varnish.base, rss)).body).includes(first.headline));
  await warm(rss);
  await sleep(4500);
  const later = await raw(varnish.base, rss);
  assert.equal(later.headers['x-cache'], 'MISS', 'a page past its time is fetched again while the origin is up');
  assert.ok(decodeEntities(later.body).includes(first.headline), 'the scheduled article appeared');

  // Grace: the page's time runs out while the origin is down.
  sqlite(stack.dbPath, `UPDATE articles SET published_at = unixepoch() + 3 WHERE id = ${second.id};\n`);
  const atom = '/feeds/atom.xml?grace';   // a URL of its own in the cache
  const cached = await raw(varnish.base, atom);
  assert.equal(cached.status, 200);
  await warm(atom);
  await stack.stop();
  const hit = await raw(varnish.base, atom);
  assert.equal(hit.status, 200);
  await sleep(3500);
  const stale = await raw(varnish.base, atom);
  assert.equal(stale.status, 200, `with the origin stopped: ${stale.status}`);
  assert.equal(stale.headers['x-cache'], 'STALE');
  assert.equal(stale.body, cached.body);
  const never = await raw(varnish.base, '/news/americas?never-cached');
  assert.equal(never.status, 503, 'a page the cache never had cannot be served');
});
