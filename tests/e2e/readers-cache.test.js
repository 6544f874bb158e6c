'use strict';
// HTTP caching through nginx and newsdesk: strong ETags, Last-Modified (the newest of: the
// newest change a page shows, including when a relative age such as "1 hr ago" last changed;
// the site's last change, site_state.changed_at, which triggers set to the real time of any
// change to what readers see, removals included; the last SIGHUP reload; never later than the
// request's clock; so it never goes back when a page loses something: an unpublished story, a
// renamed section, a story leaving the news sitemap), Cache-Control lifetimes that never reach past the next moment a page
// changes by itself (an age ticking over, a scheduled article's publishing time, an article
// leaving the news sitemap), 304s for If-None-Match and If-Modified-Since, HEAD, no-store for
// editors' pages, and new validators as soon as the database changes; the clock pinned, and
// once the real clock (no cron, and no stale page kept in newsdesk's memory).

const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startStack, newsdesk, sqlite, sleep, decodeEntities } = require('../lib/stack.js');
const { addUser, Client, articleFields, formArticle } = require('../lib/admin.js');

const NOW = '2010-04-17T08:30:00Z';
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
const epoch = (iso) => Date.parse(iso) / 1000;
const httpDate = (secs) => new Date(secs * 1000).toUTCString();

// Every public page type, with a path to try it on.
const PUBLIC = {
  home: '/',
  section: '/news/europe',
  article: SEED,
  print: `${SEED}/print`,
  search: '/search?q=Bakiyev',
  'site atom': '/feeds/atom.xml',
  'site rss': '/feeds/rss.xml',
  'section atom': '/feeds/europe/atom.xml',
  'section rss': '/feeds/europe/rss.xml',
  sitemap: '/sitemap.xml',
  'sitemap of sections': '/sitemaps/sections.xml',
  'sitemap of articles': '/sitemaps/articles/1.xml',
  'news sitemap': '/sitemap-news.xml',
  robots: '/robots.txt',
};
// Pages whose content lists articles, so a scheduled article changes them when it appears.
const LISTS = ['/', '/news/asia-pacific', '/feeds/atom.xml', '/feeds/rss.xml', '/feeds/asia-pacific/atom.xml',
  '/feeds/asia-pacific/rss.xml', '/sitemaps/articles/1.xml', '/sitemap-news.xml', '/search?q=Qinghai'];

// Cache-Control as {directive: value|true}.
function cacheControl(v) {
  const out = {};
  for (const part of (v || '').split(',')) {
    const m = /^\s*([a-z-]+)\s*(?:=\s*"?([^",]*)"?)?\s*$/i.exec(part);
    if (m) out[m[1].toLowerCase()] = m[2] === undefined ? true : m[2];
  }
  return out;
}

// Checks a public page's lifetime: public, max-age = s-maxage = M <= 60, swr S >= 0;
// returns {maxAge, swr, total}.
function lifetime(headers, label) {
  const cc = cacheControl(headers['cache-control']);
  assert.equal(cc.public, true, `${label}: not public: ${headers['cache-control']}`);
  for (const d of ['max-age', 's-maxage', 'stale-while-revalidate']) {
    assert.match(String(cc[d]), /^\d+$/, `${label}: ${d} missing or not a number: ${headers['cache-control']}`);
  }
  const maxAge = Number(cc['max-age']);
  const swr = Number(cc['stale-while-revalidate']);
  assert.ok(maxAge <= 60, `${label}: max-age ${maxAge} > 60`);
  assert.equal(Number(cc['s-maxage']), maxAge, `${label}: s-maxage differs from max-age`);
  assert.ok(!cc['no-store'] && !cc['no-cache'] && !cc.private, `${label}: ${headers['cache-control']}`);
  return { maxAge, swr, total: maxAge + swr };
}

// The relative ages a page shows: [{then, text, since, until}]: when its text became what it
// is and when it will next change ("just now", "N mins ago", "N hrs ago", after 72 hours a date).
function ages(html, now) {
  const out = [];
  const re = /<time\b[^>]*\bdatetime="([^"]+)"[^>]*>([^<]*)<\/time>/gi;
  let m;
  while ((m = re.exec(html))) {
    const then = Date.parse(m[1]) / 1000;
    const text = decodeEntities(m[2]).trim();
    const secs = now - then;
    let want;
    let since;
    let until;
    if (/^(just now|\d+ mins? ago|\d+ hrs? ago)$/.test(text)) {
      if (secs < 60) {
        want = 'just now'; since = Math.min(then, now); until = then + 60;
      } else if (secs < 3600) {
        const n = Math.floor(secs / 60);
        want = `${n} min${n === 1 ? '' : 's'} ago`; since = then + n * 60; until = since + 60;
      } else {
        const n = Math.floor(secs / 3600);
        want = `${n} hr${n === 1 ? '' : 's'} ago`; since = then + n * 3600; until = Math.min(since + 3600, then + 72 * 3600);
      }
      assert.equal(text, want, `the age of ${m[1]} at ${new Date(now * 1000).toISOString()}`);
    } else if (/^\d{1,2} [A-Z][a-z]+ \d{4}$/.test(text)) {
      assert.ok(secs >= 72 * 3600, `${m[1]} is shown as a date (${text}) though it is under 72 hours old`);
      since = then + 72 * 3600;
      until = 0;
    } else {
      continue; // not an age: "Page last updated at ..."
    }
    out.push({ then, text, since, until });
  }
  return out;
}

// A page's lifetime and Last-Modified checked against the ages it shows.
function checkAgainstAges(r, label, now) {
  const a = ages(r.body, now);
  const life = lifetime(r.headers, label);
  const untils = a.map((x) => x.until).filter(Boolean);
  if (untils.length) {
    const left = Math.min(...untils) - now;
    assert.ok(life.total <= left, `${label}: max-age ${life.maxAge} + swr ${life.swr} > ${left} s left before an age changes`);
  }
  if (a.length) {
    const lm = Date.parse(r.headers['last-modified']) / 1000;
    assert.ok(Number.isFinite(lm), `${label}: no Last-Modified though the page shows ages`);
    const newest = Math.max(...a.map((x) => x.since).filter((s) => s <= now));
    assert.ok(lm >= newest, `${label}: Last-Modified ${r.headers['last-modified']} is before ${httpDate(newest)}, when an age it shows last changed`);
    assert.ok(lm <= now, `${label}: Last-Modified is in the future`);
  }
  return life;
}

const STRONG_ETAG = /^"[\x21\x23-\x7e\x80-\xff]*"$/;

describe('validators and lifetimes on the demo at 2010-04-17T08:30:00Z', () => {
  let stack;
  const now = epoch(NOW);
  before(async () => { stack = await startStack({ demo: true, now: NOW }); });
  after(async () => { if (stack) await stack.stop(); });

  // First, before anything else asks this stack for anything that could change the database.
  test('a fresh demo (changed_at 0): the seed\'s Last-Modified is exactly 08:22:00, when "1 hr ago" began', async () => {
    assert.deepEqual(JSON.parse(sqlite(stack.dbPath, '.mode json\nSELECT id, changed_at FROM site_state;\n')),
      [{ id: 1, changed_at: 0 }], 'site_state in a fresh demo database');
    for (const p of [SEED, `${SEED}/print`]) {
      const r = await stack.raw(p);
      assert.equal(r.status, 200, p);
      assert.match(r.body, /Russia moves to stamp authority on Kyrgyzstan<\/a> - <time datetime="2010-04-17T07:22:00Z">1 hr ago<\/time>/, p);
      assert.equal(r.headers['last-modified'], 'Sat, 17 Apr 2010 08:22:00 GMT', `${p}: Last-Modified`);
      const same = await stack.raw(p, { headers: { 'if-modified-since': 'Sat, 17 Apr 2010 08:22:00 GMT' } });
      assert.equal(same.status, 304, `${p}: If-Modified-Since 08:22:00`);
      const older = await stack.raw(p, { headers: { 'if-modified-since': 'Sat, 17 Apr 2010 08:21:59 GMT' } });
      assert.equal(older.status, 200, `${p}: If-Modified-Since 08:21:59`);
    }
  });

  test('every public page type: strong ETag, Last-Modified, a public lifetime of at most 60 s', async () => {
    const etags = new Set();
    for (const [kind, p] of Object.entries(PUBLIC)) {
      const r = await stack.raw(p);
      const label = `${kind} ${p}`;
      assert.equal(r.status, 200, label);
      assert.match(r.headers.etag || '(none)', STRONG_ETAG, `${label}: ETag missing or weak`);
      assert.ok(!etags.has(r.headers.etag), `${label}: the same ETag as another page`);
      etags.add(r.headers.etag);
      checkAgainstAges(r, label, now);
      if (kind !== 'robots') {
        // robots.txt shows no time at all; every other page shows when it last changed.
        const lm = r.headers['last-modified'];
        assert.ok(lm, `${label}: no Last-Modified`);
        assert.equal(httpDate(Date.parse(lm) / 1000), lm, `${label}: Last-Modified is not an IMF-fixdate: ${lm}`);
        assert.ok(Date.parse(lm) / 1000 <= now, `${label}: Last-Modified in the future`);
      }
      // The same bytes, the same ETag.
      const again = await stack.raw(p);
      assert.equal(again.body, r.body, `${label}: a second GET gave other bytes`);
      assert.equal(again.headers.etag, r.headers.etag, `${label}: a second GET gave another ETag`);
    }
  });

  test('Last-Modified is the newest change each page shows, ages included', async () => {
    const want = {
      // The seed: updated 15 April 17:05; the Times Online link of 07:22 has read "1 hr ago" since 08:22.
      [SEED]: '2010-04-17T08:22:00Z',
      [`${SEED}/print`]: '2010-04-17T08:22:00Z',
      // Home: the volcanic ash story of 15 April 08:00 has read "48 hrs ago" since 08:00, as has
      // the Gulf airlines story of 16 April 11:00 read "21 hrs ago".
      '/': '2010-04-17T08:00:00Z',
      // Search: the seed, published 15 April 15:51, has read "40 hrs ago" since 07:51.
      '/search?q=Bakiyev': '2010-04-17T07:51:00Z',
      // Feeds and the sitemap's files show no ages: the newest update among their articles.
      '/feeds/atom.xml': '2010-04-16T21:45:00Z',
      '/sitemaps/articles/1.xml': '2010-04-16T21:45:00Z',
      // The sitemap index lists the one file of the demo's articles since its first article
      // (Peshawar, 5 April 11:30) was published.
      '/sitemap.xml': '2010-04-05T11:30:00Z',
      '/feeds/europe/rss.xml': '2010-04-16T21:45:00Z',
      // The news sitemap: its three articles, the newest updated on 16 April 19:30; but the
      // volcanic ash story (published 15 April 08:00) left it at 08:00, which changed it later.
      '/sitemap-news.xml': '2010-04-17T08:00:00Z',
    };
    for (const [p, iso] of Object.entries(want)) {
      const r = await stack.raw(p);
      assert.equal(r.headers['last-modified'], httpDate(epoch(iso)), `${p}: Last-Modified`);
    }
  });

  test('If-None-Match: 304 with no body and the ETag repeated; weak, listed and * forms; others 200', async () => {
    for (const [kind, p] of Object.entries(PUBLIC)) {
      const r = await stack.raw(p);
      const etag = r.headers.etag;
      const label = `${kind} ${p}`;
      for (const inm of [etag, `W/${etag}`, `"nope", ${etag}`, `${etag},"nope"`, '*']) {
        const c = await stack.raw(p, { headers: { 'if-none-match': inm } });
        assert.equal(c.status, 304, `${label} If-None-Match: ${inm}`);
        assert.equal(c.body, '', `${label}: a 304 with a body`);
        assert.equal(c.headers.etag, etag, `${label}: the 304 does not repeat the ETag`);
        assert.equal(c.headers['cache-control'], r.headers['cache-control'], `${label}: 304 Cache-Control`);
        if (r.headers['last-modified']) assert.equal(c.headers['last-modified'], r.headers['last-modified']);
      }
      for (const inm of ['"nope"', etag.replace(/.$/, 'x"'), `"${etag}"`, '""', 'W/', ',,,', '"', `"${'a'.repeat(3000)}"`]) {
        const c = await stack.raw(p, { headers: { 'if-none-match': inm } });
        assert.equal(c.status, 200, `${label} If-None-Match: ${inm.slice(0, 60)}`);
        assert.equal(c.body, r.body, `${label}: full body`);
      }
    }
  });

  test('If-Modified-Since: 304 from Last-Modified on; 200 before it, for bad dates, and when If-None-Match differs', async () => {
    for (const [kind, p] of Object.entries(PUBLIC)) {
      const r = await stack.raw(p);
      const label = `${kind} ${p}`;
      const lm = r.headers['last-modified'];
      if (!lm) continue;
      const t = Date.parse(lm) / 1000;
      for (const ims of [lm, httpDate(t + 1), httpDate(t + 86400)]) {
        const c = await stack.raw(p, { headers: { 'if-modified-since': ims } });
        assert.equal(c.status, 304, `${label} If-Modified-Since: ${ims}`);
        assert.equal(c.body, '');
        assert.equal(c.headers.etag, r.headers.etag);
      }
      for (const ims of [httpDate(t - 1), httpDate(t - 86400), 'yesterday', '', 'Sat, 99 Apr 2010 08:00:00 GMT']) {
        const c = await stack.raw(p, { headers: { 'if-modified-since': ims } });
        assert.equal(c.status, 200, `${label} If-Modified-Since: ${ims}`);
        assert.equal(c.body, r.body);
      }
      // If-None-Match decides when both are sent.
      const both = await stack.raw(p, { headers: { 'if-none-match': '"nope"', 'if-modified-since': lm } });
      assert.equal(both.status, 200, `${label}: If-None-Match "nope" with a current If-Modified-Since`);
      const both2 = await stack.raw(p, { headers: { 'if-none-match': r.headers.etag, 'if-modified-since': httpDate(t - 86400) } });
      assert.equal(both2.status, 304, `${label}: a matching If-None-Match with an old If-Modified-Since`);
    }
  });

  test('HEAD on every page type: the same status and headers as GET, Content-Length included, no body', async () => {
    // HEAD first, on pages not asked for yet in this form, so a HEAD cannot leave an empty page
    // in any cache for the GET after it.
    for (const [kind, p0] of Object.entries(PUBLIC)) {
      const p = p0 + (p0.includes('?') ? '&' : '?') + 'head=1';
      const label = `${kind} ${p}`;
      const h = await stack.raw(p, { method: 'HEAD' });
      const g = await stack.raw(p);
      assert.equal(h.status, g.status, `${label}: HEAD ${h.status}, GET ${g.status}`);
      assert.equal(h.body, '', `${label}: HEAD with a body`);
      assert.ok(g.body.length > 0, `${label}: the GET after a HEAD is empty`);
      assert.equal(g.headers['content-length'], String(Buffer.byteLength(g.body)), `${label}: GET Content-Length`);
      for (const name of ['content-type', 'content-length', 'etag', 'last-modified', 'cache-control',
        'content-security-policy', 'x-content-type-options']) {
        assert.equal(h.headers[name], g.headers[name], `${label}: HEAD and GET differ in ${name}`);
      }
      const c = await stack.raw(p, { method: 'HEAD', headers: { 'if-none-match': g.headers.etag } });
      assert.equal(c.status, 304, `${label}: HEAD with a matching If-None-Match`);
    }
    // The plain paths too (already cached from GETs above).
    for (const [kind, p] of Object.entries(PUBLIC)) {
      const h = await stack.raw(p, { method: 'HEAD' });
      const g = await stack.raw(p);
      assert.equal(h.body, '', `${kind} HEAD body`);
      assert.equal(h.headers['content-length'], String(Buffer.byteLength(g.body)), `${kind}: HEAD Content-Length`);
      assert.equal(h.headers.etag, g.headers.etag, `${kind}: HEAD ETag`);
    }
  });

  test('editors\' pages are no-store; errors are never publicly cached and never 304', async () => {
    for (const [method, p] of [['GET', '/admin/login'], ['HEAD', '/admin/login'], ['GET', '/admin'],
      ['GET', '/admin/articles/1'], ['GET', '/admin/articles/new'], ['GET', '/admin/sections'], ['POST', '/admin/login']]) {
      const r = await stack.raw(p, {
        method,
        headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded', origin: stack.base } : {},
        body: method === 'POST' ? 'name=x&password=y' : undefined,
      });
      const cc = cacheControl(r.headers['cache-control']);
      assert.equal(cc['no-store'], true, `${method} ${p} (${r.status}): Cache-Control ${r.headers['cache-control']}`);
      assert.ok(!cc.public, `${method} ${p}: public`);
      assert.equal(r.headers.etag, undefined, `${method} ${p}: an ETag on an editor's page`);
    }
    for (const p of ['/news/nowhere', '/news/europe/no-such-story', `${SEED}x/print`, '/feeds/nowhere/atom.xml',
      '/no/such/page/at/all']) {
      const r = await stack.raw(p, { headers: { 'if-none-match': '*' } });
      assert.ok(r.status >= 400, `${p} with If-None-Match: *: ${r.status}`);
      const cc = cacheControl(r.headers['cache-control']);
      assert.ok(cc['no-cache'] === true || cc['no-store'] === true, `${p} (${r.status}): Cache-Control ${r.headers['cache-control']}`);
      assert.ok(!cc.public && !cc['max-age'], `${p} (${r.status}): a cacheable error: ${r.headers['cache-control']}`);
      assert.equal(r.headers.etag, undefined, `${p}: an ETag on an error`);
    }
    const post = await stack.raw('/', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    assert.ok(post.status >= 400 && post.status < 500, `POST /: ${post.status}`);
    assert.ok(!cacheControl(post.headers['cache-control']).public, `POST /: ${post.headers['cache-control']}`);
  });
});

describe('validators follow the database while the server runs', () => {
  let stack;
  before(async () => { stack = await startStack({ demo: true, now: NOW }); });
  after(async () => { if (stack) await stack.stop(); });

  test('a headline changed with sqlite3: new ETags on the article, home and feed; the old ETag gets a 200', async () => {
    const paths = [SEED, `${SEED}/print`, '/', '/news/asia-pacific', '/feeds/atom.xml', '/feeds/asia-pacific/rss.xml',
      '/sitemap-news.xml', '/search?q=Bakiyev'];
    const before1 = {};
    for (const p of paths) before1[p] = await stack.raw(p);
    sqlite(stack.dbPath, "UPDATE articles SET headline = 'Kyrgyz ex-leader Kurmanbek Bakiyev lands in Taraz' WHERE id = 1;");
    for (const p of paths) {
      const old = before1[p];
      const r = await stack.raw(p);
      assert.equal(r.status, 200, p);
      assert.ok(r.body.includes('lands in Taraz'), `${p} does not show the new headline`);
      assert.notEqual(r.headers.etag, old.headers.etag, `${p}: the ETag did not change with the page`);
      const c = await stack.raw(p, { headers: { 'if-none-match': old.headers.etag } });
      assert.equal(c.status, 200, `${p}: the old ETag still gets a 304`);
      assert.ok(c.body.includes('lands in Taraz'));
      const n = await stack.raw(p, { headers: { 'if-none-match': r.headers.etag } });
      assert.equal(n.status, 304, `${p}: the new ETag gets no 304`);
    }
  });

  test('an update that moves updated_at moves Last-Modified: the old date then gets a 200', async () => {
    // A stack of its own: after the headline change above, every page's Last-Modified is already
    // the pinned now, and an old date could not be told from it.
    const fresh = await startStack({ demo: true, now: NOW });
    try {
      const now = epoch(NOW);
      const old = await fresh.raw(SEED);
      const oldFeed = await fresh.raw('/feeds/atom.xml');
      assert.equal(old.headers['last-modified'], httpDate(epoch('2010-04-17T08:22:00Z')), 'the seed\'s Last-Modified before');
      const t = epoch('2010-04-17T08:25:00Z');
      sqlite(fresh.dbPath, `UPDATE articles SET intro = intro || ' (Updated.)', updated_at = ${t} WHERE id = 1;`);
      // The change itself was made at the real time, after the pinned now: Last-Modified is
      // somewhere from the new updated_at to the pinned now (in fact the pinned now).
      const inRange = (r, label) => {
        const lm = Date.parse(r.headers['last-modified']) / 1000;
        assert.ok(lm >= t, `${label}: Last-Modified ${r.headers['last-modified']} is before the new updated_at ${httpDate(t)}`);
        assert.ok(lm <= now, `${label}: Last-Modified ${r.headers['last-modified']} is after the pinned now ${httpDate(now)}`);
      };
      const r = await fresh.raw(SEED);
      inRange(r, SEED);
      assert.match(r.body, /<time datetime="2010-04-17T08:25:00Z">08:25 GMT, Saturday, 17 April 2010<\/time>/);
      assert.notEqual(r.headers.etag, old.headers.etag, `${SEED}: the ETag did not change with the page`);
      const c = await fresh.raw(SEED, { headers: { 'if-modified-since': old.headers['last-modified'] } });
      assert.equal(c.status, 200, 'If-Modified-Since of the old Last-Modified');
      assert.ok(c.body.includes('(Updated.)'), 'the 200 for the old date is the updated page');
      const f = await fresh.raw('/feeds/atom.xml');
      inRange(f, 'the feed');
      assert.notEqual(f.headers.etag, oldFeed.headers.etag, 'the feed\'s ETag did not change with it');
      const fc = await fresh.raw('/feeds/atom.xml', { headers: { 'if-modified-since': oldFeed.headers['last-modified'] } });
      assert.equal(fc.status, 200, `the feed: If-Modified-Since of its old Last-Modified ${oldFeed.headers['last-modified']}`);
    } finally {
      await fresh.stop();
    }
  });
});

describe('a page that loses something is modified too: Last-Modified never goes back', () => {
  const PASSWORD = 'correct horse battery staple';
  const users = (db) => { addUser(db, 'ed', PASSWORD); addUser(db, 'ann', PASSWORD, 'admin'); };
  let stack; // the clock pinned at NOW
  let real; // the real clock
  before(async () => {
    stack = await startStack({ demo: true, now: NOW, beforeServe: users });
    real = await startStack({ demo: true, beforeServe: users });
  });
  after(async () => {
    if (stack) await stack.stop();
    if (real) await real.stop();
  });

  // GETs every path on `on`, runs change(), checks changed(body) tells the pages apart, then
  // asks again with the first validators. Always: a new ETag, the old one gets a 200 (alone or
  // with the old Last-Modified, as browsers send them), and Last-Modified never goes back.
  // movesOn (the default): Last-Modified moves on, and If-Modified-Since of the old one gets a
  // 200; false when the clock is pinned and the site already changed after it, so that
  // Last-Modified was the pinned now before the change too.
  // now: the stack's pinned clock (Last-Modified after the change must be exactly it), or null
  // for the real clock (Last-Modified must be from the change's second to the time of asking).
  // wait: ms between the first GETs and the change (HTTP dates count whole seconds).
  async function afterChange(on, paths, change, changed, { movesOn = true, wait = 0, now = null } = {}) {
    const first = {};
    for (const p of paths) first[p] = await on.raw(p);
    if (wait) await sleep(wait);
    const changedFrom = Math.floor(Date.now() / 1000); // the change's second, or before it
    await change();
    const problems = [];
    for (const p of paths) {
      const lm0 = first[p].headers['last-modified'];
      const etag0 = first[p].headers.etag;
      const r = await on.raw(p);
      assert.equal(r.status, 200, p);
      assert.ok(changed(r.body) && !changed(first[p].body), `${p}: the change does not show`);
      const lm1 = r.headers['last-modified'];
      if (r.headers.etag === etag0) problems.push(`${p}: the ETag ${etag0} did not change with the page`);
      const n = await on.raw(p, { headers: { 'if-none-match': etag0 } });
      if (n.status !== 200) problems.push(`${p}: If-None-Match: ${etag0} (the old ETag) got ${n.status}`);
      const both = await on.raw(p, { headers: { 'if-none-match': etag0, 'if-modified-since': lm0 } });
      if (both.status !== 200) problems.push(`${p}: the old ETag with If-Modified-Since: ${lm0} got ${both.status}`);
      if (Date.parse(lm1) < Date.parse(lm0)) problems.push(`${p}: Last-Modified ${lm0} -> ${lm1}: went back`);
      if (movesOn) {
        const c = await on.raw(p, { headers: { 'if-modified-since': lm0 } });
        if (c.status !== 200) problems.push(`${p}: If-Modified-Since: ${lm0} got ${c.status}, though the page changed (Last-Modified now ${lm1})`);
        if (!(Date.parse(lm1) > Date.parse(lm0))) problems.push(`${p}: Last-Modified ${lm0} -> ${lm1}: did not move on`);
      }
      if (now !== null) {
        // Changed at the real time, after the pinned now: Last-Modified is the pinned now.
        if (lm1 !== httpDate(now)) problems.push(`${p}: Last-Modified ${lm1} after a change made after the pinned now; want ${httpDate(now)}`);
      } else {
        // The real clock: Last-Modified is the change's second (or later), not in the future.
        const lm = Date.parse(lm1) / 1000;
        const to = Math.ceil(Date.now() / 1000);
        if (lm < changedFrom || lm > to) problems.push(`${p}: Last-Modified ${lm1} is not between the change (${httpDate(changedFrom)}) and now (${httpDate(to)})`);
      }
    }
    assert.deepEqual(problems, [], 'stale validators after a change');
  }

  test('an editor unpublishes the newest story: its lists, feeds and sitemaps are modified', async () => {
    const GULF = 'gulf-airlines-cancel-european-flights-as-ash-cloud-spreads';
    await afterChange(stack, ['/', '/news/middle-east', '/feeds/atom.xml', '/feeds/rss.xml', '/feeds/middle-east/atom.xml',
      '/sitemaps/articles/1.xml', '/sitemap-news.xml'], async () => {
      const ed = new Client(stack.base);
      await ed.login('ed', PASSWORD);
      const form = formArticle((await ed.get('/admin/articles/23')).body);
      const r = await ed.post('/admin/articles/23', articleFields({ ...form, action: 'unpublish' }));
      assert.equal(r.status, 303, `unpublish: ${r.status}`);
    }, (body) => !body.includes(GULF), { now: epoch(NOW) });
  });

  const RENAMED = ['/', '/news/europe', SEED, '/feeds/asia-pacific/atom.xml', '/feeds/rss.xml'];
  const rename = (on) => async () => {
    const ann = new Client(on.base);
    await ann.login('ann', PASSWORD);
    const sec = JSON.parse(sqlite(on.dbPath, ".mode json\nSELECT id, position FROM sections WHERE slug = 'asia-pacific';\n"))[0];
    const r = await ann.post('/admin/sections', [['section_name', 'Asia and the Pacific'], ['section_slug', 'asia-pacific'],
      ['section_position', String(sec.position)], ['action', `update:${sec.id}`]]);
    assert.ok(r.status === 303 || r.status === 200, `rename: ${r.status}`);
  };
  const named = (body) => body.includes('Asia and the Pacific');

  test('an admin renames a section: every page that names it is modified', async () => {
    // The real clock, the change at least a second after the first GETs: Last-Modified moves
    // on to the change's second, and the old date gets a 200.
    await afterChange(real, RENAMED, rename(real), named, { wait: 1100 });
  });

  test('the same with the clock pinned, after an earlier change: new ETags; If-None-Match decides', async () => {
    // Last-Modified was already the pinned now (the unpublishing above was made later, at the
    // real time) and cannot move on within its second: If-Modified-Since alone may get a 304,
    // but the ETag tells the pages apart, and it decides when both are sent.
    await afterChange(stack, RENAMED, rename(stack), named, { movesOn: false, now: epoch(NOW) });
  });
});

describe('the page cache: the first request after a change sees it, whichever worker takes it', () => {
  // newsdesk keeps rendered pages in memory and drops them when PRAGMA data_version says the
  // database changed. Each worker thread reads data_version on its own connection.
  for (const threads of [2, 4]) {
    test(`${threads} worker threads: a headline changed with sqlite3 is on the very next page served`, async () => {
      const stack = await startStack({ demo: true, now: NOW, threads });
      try {
        // startStack has had GET / answered once, by one worker: the home page is cached, and
        // the other workers have served nothing yet.
        sqlite(stack.dbPath, "UPDATE articles SET headline = 'Gulf airlines cancel all European flights' WHERE id = 23;");
        const seen = [];
        for (let i = 0; i < threads * 2; i++) {
          const r = await stack.raw('/');
          seen.push(r.body.includes('Gulf airlines cancel all European flights') ? 'new' : 'OLD');
        }
        assert.deepEqual(seen, seen.map(() => 'new'), `GET / after the change, one request after another: ${seen.join(' ')}`);
      } finally {
        await stack.stop();
      }
    });
  }
});

describe('the lifetime stops where an age changes', () => {
  // The Times Online link on the seed, published 07:22, reads "1 hr ago" until 09:22:00.
  let before1;
  let after1;
  before(async () => {
    before1 = await startStack({ demo: true, now: '2010-04-17T09:21:30Z' });
    after1 = await startStack({ demo: true, now: '2010-04-17T09:22:00Z' });
  });
  after(async () => {
    if (before1) await before1.stop();
    if (after1) await after1.stop();
  });

  const timesOnline = (html) => /Russia moves to stamp authority on Kyrgyzstan<\/a> - <time datetime="2010-04-17T07:22:00Z">([^<]*)<\/time>/.exec(html);

  test('at 09:21:30 the seed says "1 hr ago" and may be kept 30 s at most; at 09:22:00 it says "2 hrs ago"', async () => {
    for (const p of [SEED, `${SEED}/print`]) {
      const r = await before1.raw(p);
      assert.equal((timesOnline(r.body) || [])[1], '1 hr ago', p);
      const life = checkAgainstAges(r, `${p} at 09:21:30`, epoch('2010-04-17T09:21:30Z'));
      assert.ok(life.total <= 30, `${p} at 09:21:30: max-age ${life.maxAge} + swr ${life.swr} > 30`);
      assert.ok(life.maxAge >= 1, `${p}: max-age 0 with 30 s to go`);
      // Ages: AFP (16 April 06:20) turned "27 hrs ago" at 09:20, the newest change shown.
      assert.equal(r.headers['last-modified'], httpDate(epoch('2010-04-17T09:20:00Z')), `${p}: Last-Modified`);
      const r2 = await after1.raw(p);
      assert.equal((timesOnline(r2.body) || [])[1], '2 hrs ago', p);
      assert.notEqual(r2.headers.etag, r.headers.etag);
      assert.equal(r2.headers['last-modified'], httpDate(epoch('2010-04-17T09:22:00Z')), `${p} at 09:22: Last-Modified`);
      checkAgainstAges(r2, `${p} at 09:22:00`, epoch('2010-04-17T09:22:00Z'));
    }
  });

  test('every HTML page at both times: lifetimes within the ages shown', async () => {
    for (const [stack, iso] of [[before1, '2010-04-17T09:21:30Z'], [after1, '2010-04-17T09:22:00Z']]) {
      for (const p of ['/', '/news/americas', '/news/africa', '/news/europe', '/news/middle-east', '/news/south-asia',
        '/news/asia-pacific', SEED, '/search?q=the', '/search?q=the&page=2', '/news/europe/flights-grounded-across-northern-europe-by-volcanic-ash']) {
        const r = await stack.raw(p);
        assert.equal(r.status, 200, p);
        if (p === '/' || p === SEED) assert.ok(ages(r.body, epoch(iso)).length >= 5, `${p}: the ages it shows were not found`);
        checkAgainstAges(r, `${p} at ${iso}`, epoch(iso));
      }
    }
  });
});

describe('ages at their edges: just now, minutes, hours, the 72-hour switch to a date', () => {
  const iso = '2010-04-17T09:21:30Z';
  const now = epoch(iso);
  // Related links on other articles: each page's shortest-lived age, and what it reads.
  const cases = [
    { id: 4, path: '/news/europe/why-royal-ballet-principal-sergei-polunin-quit', then: now - 30, text: 'just now', left: 30 },
    { id: 7, path: '/news/europe/poland-mourns-president-kaczynski-after-plane-crash', then: now - 5 * 60 - 10, text: '5 mins ago', left: 50 },
    { id: 9, path: '/news/europe/us-and-russia-sign-new-nuclear-arms-treaty-in-prague', then: now - 59 * 60 - 50, text: '59 mins ago', left: 10 },
    { id: 12, path: '/news/americas/chile-counts-the-cost-of-rebuilding-after-earthquake', then: now - 72 * 3600 + 20, text: '71 hrs ago', left: 20 },
    { id: 13, path: '/news/americas/haiti-faces-rainy-season-in-crowded-camps', then: now - 2 * 3600 + 45, text: '1 hr ago', left: 45 },
    { id: 14, path: '/news/americas/world-leaders-gather-in-washington-for-nuclear-security-summit', then: now + 20, text: 'just now', left: 80 },
  ];
  let stack;
  before(async () => {
    const sql = cases.map((c) => `INSERT INTO related_links (article_id, position, source, title, url, published_at)
      VALUES (${c.id}, 90, 'Edge', 'Edge case link', 'https://example.org/edge', ${c.then});`).join('\n');
    stack = await startStack({ demo: true, now: iso, sql });
  });
  after(async () => { if (stack) await stack.stop(); });

  for (const c of cases) {
    test(`"${c.text}", ${c.left} s before it changes: max-age + swr <= ${c.left}`, async () => {
      const r = await stack.raw(c.path);
      assert.equal(r.status, 200, c.path);
      const m = /Edge case link<\/a> - <time datetime="([^"]+)">([^<]*)<\/time>/.exec(r.body);
      assert.ok(m, `${c.path}: the edge link is not shown`);
      assert.equal(m[2], c.text, `${c.path}: the edge link's age`);
      const life = checkAgainstAges(r, c.path, now);
      assert.ok(life.total <= c.left, `${c.path}: max-age ${life.maxAge} + swr ${life.swr} > ${c.left}`);
      assert.ok(life.maxAge >= 1, `${c.path}: max-age 0`);
    });
  }
});

describe('the lifetime stops at the next scheduled article\'s publishing time', () => {
  // Article 5 (the Qinghai earthquake, Asia Pacific) rescheduled to 09:00:00; one database.
  const DUE = epoch('2010-04-17T09:00:00Z');
  let dir;
  const stacks = {};
  const times = ['2010-04-17T08:59:30Z', '2010-04-17T08:59:59Z', '2010-04-17T09:00:30Z'];
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-cache-db-'));
    const db = path.join(dir, 'newsdesk.db');
    const env = { ...process.env };
    delete env.NEWSDESK_NOW;
    const r = newsdesk(['init', '--db', db, '--demo'], { env });
    assert.equal(r.status, 0, r.stderr);
    sqlite(db, `UPDATE articles SET published_at = ${DUE} WHERE id = 5;`);
    for (const t of times) stacks[t] = await startStack({ db, now: t });
  });
  after(async () => {
    for (const s of Object.values(stacks)) await s.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('at 08:59:30 every list, feed and sitemap may be kept 30 s at most, at 08:59:59 one second', async () => {
    for (const [t, left] of [[times[0], 30], [times[1], 1]]) {
      for (const p of LISTS) {
        const r = await stacks[t].raw(p);
        assert.equal(r.status, 200, `${p} at ${t}`);
        assert.ok(!r.body.includes('strong-earthquake-hits-chinas-qinghai-province'), `${p} at ${t} shows the article early`);
        const life = lifetime(r.headers, `${p} at ${t}`);
        assert.ok(life.total <= left, `${p} at ${t}: max-age ${life.maxAge} + swr ${life.swr} > ${left}`);
      }
    }
    const home = lifetime((await stacks[times[0]].raw('/')).headers, 'home at 08:59:30');
    assert.ok(home.total <= 30, `home at 08:59:30: ${home.total}`);
  });

  test('at 09:00:30 the article is on them, and lifetimes are back to normal', async () => {
    for (const p of LISTS) {
      const r = await stacks[times[2]].raw(p);
      assert.ok(r.body.includes('strong-earthquake-hits-chinas-qinghai-province'), `${p} at 09:00:30 lacks the article`);
      const life = lifetime(r.headers, `${p} at 09:00:30`);
      if (/^\/feeds|^\/sitemaps\//.test(p)) assert.ok(life.total >= 60, `${p}: a lifetime of ${life.total} s with nothing due`);
    }
  });
});

describe('the news sitemap\'s lifetime stops when an article turns two days old', () => {
  // Pakistan (15 April 13:00) leaves the news sitemap at 17 April 13:00.
  let early;
  let late;
  before(async () => {
    early = await startStack({ demo: true, now: '2010-04-17T12:59:30Z' });
    late = await startStack({ demo: true, now: '2010-04-17T13:00:01Z' });
  });
  after(async () => {
    if (early) await early.stop();
    if (late) await late.stop();
  });

  test('in at 12:59:30 with at most 31 s to keep it, out at 13:00:01', async () => {
    const PAK = '/news/south-asia/pakistan-parliament-votes-to-curb-presidents-powers';
    const r = await early.raw('/sitemap-news.xml');
    assert.ok(r.body.includes(PAK), 'not in the news sitemap at 12:59:30');
    const life = lifetime(r.headers, 'news sitemap at 12:59:30');
    assert.ok(life.total <= 31, `news sitemap at 12:59:30: max-age ${life.maxAge} + swr ${life.swr} > 31`);
    const r2 = await late.raw('/sitemap-news.xml');
    assert.ok(!r2.body.includes(PAK), 'still in the news sitemap at 13:00:01');
  });

  test('at 13:00:01 the copy of 12:59:30 is out of date: If-Modified-Since with its Last-Modified gets a 200', async () => {
    const r = await early.raw('/sitemap-news.xml');
    const r2 = await late.raw('/sitemap-news.xml', { headers: { 'if-modified-since': r.headers['last-modified'] } });
    assert.equal(r2.status, 200, `If-Modified-Since: ${r.headers['last-modified']} (the 12:59:30 copy, which still lists ` +
      `the Pakistan story) got ${r2.status} at 13:00:01; Last-Modified now ${r2.headers['last-modified']}`);
    const lm = Date.parse(r2.headers['last-modified']) / 1000;
    assert.ok(lm >= epoch('2010-04-17T13:00:00Z'), `Last-Modified ${r2.headers['last-modified']} is before the story left, at 13:00`);
  });
});

describe('with the real clock: no cron, and no stale page kept in memory', () => {
  let stack;
  let due;
  let linkAt;
  before(async () => {
    stack = await startStack({ demo: true });
    // Added while the server runs, so a slow start-up cannot eat into the 4 seconds.
    const t = Math.floor(Date.now() / 1000);
    due = t + 4;
    linkAt = t - 57;
    sqlite(stack.dbPath, `INSERT INTO articles (id, section_id, slug, headline, intro, status, published_at, updated_at)
        VALUES (800, (SELECT id FROM sections WHERE slug = 'africa'), 'due-soon', 'Due in four seconds',
        'Scheduled.', 'published', ${due}, ${t});
      INSERT INTO related_links (article_id, position, source, title, url, published_at)
        VALUES (1, 91, 'Clock', 'A link of a minute ago', 'https://example.org/clock', ${linkAt});`);
  });
  after(async () => { if (stack) await stack.stop(); });

  test('a scheduled article appears at its time on pages already served, and an age moves on', async () => {
    const lists = ['/', '/news/africa', '/feeds/atom.xml', '/feeds/africa/rss.xml', '/sitemap.xml', '/sitemap-news.xml', '/search?q=Due'];
    // Article 800 is alone in sitemap file 4 (ids 750 to 999): the index names that file once
    // the article is out, and the file is there from then on.
    const shows = (p) => (p === '/sitemap.xml' ? '/sitemaps/articles/4.xml' : '/news/africa/due-soon');
    assert.equal((await stack.raw('/sitemaps/articles/4.xml')).status, 404, 'sitemap file 4 before its time');
    for (const p of lists) {
      const r = await stack.raw(p);
      assert.ok(!r.body.includes(shows(p)), `${p} shows the article before its time`);
      const left = due - Math.floor(Date.now() / 1000);
      const life = lifetime(r.headers, p);
      assert.ok(life.total <= Math.max(left, 0) + 2, `${p}: max-age ${life.maxAge} + swr ${life.swr} with ${left} s to go`);
    }
    assert.equal((await stack.raw('/news/africa/due-soon')).status, 404);
    const seed = await stack.raw(SEED);
    assert.match(seed.body, /A link of a minute ago<\/a> - <time[^>]*>just now<\/time>/);
    const wait = Math.max(due, linkAt + 60) * 1000 - Date.now() + 1200;
    await sleep(Math.max(wait, 0));
    for (const p of lists) {
      const r = await stack.raw(p);
      assert.ok(r.body.includes(shows(p)), `${p} does not show the article after its time`);
    }
    assert.ok((await stack.raw('/sitemaps/articles/4.xml')).body.includes('/news/africa/due-soon'), 'sitemap file 4 after its time');
    assert.equal((await stack.raw('/news/africa/due-soon')).status, 200);
    const seed2 = await stack.raw(SEED);
    assert.match(seed2.body, /A link of a minute ago<\/a> - <time[^>]*>1 min ago<\/time>/, 'the age did not move on');
    assert.notEqual(seed2.headers.etag, seed.headers.etag);
  });
});
