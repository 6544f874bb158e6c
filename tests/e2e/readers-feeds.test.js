'use strict';
// Feeds, sitemaps and robots.txt through nginx and newsdesk, clock pinned: Atom and RSS
// (site and sections) well-formed, valid against tests/fixtures/schemas/, read by a real
// feed parser (rss-parser) and compared with the database; at most 50 entries, newest first;
// sitemaps valid against the sitemap 0.9 + Google News schema, the news sitemap holding only
// the last two days; robots.txt; absolute URLs from base_url; scheduled articles appear in
// every feed and sitemap at their time and not before; the feed links in every page's head.

const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { SRC, startStack, newsdesk, sqlite, links, hrefPath, decodeEntities } = require('../lib/stack.js');
const {
  assertWellFormed, assertRelaxNG, assertXSD, relaxng, xsd, elements, textOf: xmlText,
  startTags, parseRfc3339, decodeXml,
} = require('../lib/xml.js');
const { readSitemaps } = require('../lib/sitemaps.js');

let Parser;
try {
  Parser = require('rss-parser');
} catch (e) {
  throw new Error('rss-parser is not installed: run npm ci (it is a devDependency) first');
}

const NOW = '2010-04-17T08:30:00Z';
const SEED_ID = 1;
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
const SECTIONS = ['americas', 'africa', 'europe', 'middle-east', 'south-asia', 'asia-pacific'];
const ATOM_TYPE = /^application\/atom\+xml;\s*charset=utf-8$/i;
const RSS_TYPE = /^application\/rss\+xml;\s*charset=utf-8$/i;
const XML_TYPE = /^(application|text)\/xml(;\s*charset=utf-8)?$/i;

const epoch = (iso) => Date.parse(iso) / 1000;
const iso = (secs) => new Date(secs * 1000).toISOString().replace('.000Z', 'Z');

// Rows of a query on a database file, as objects (sqlite3 -json).
function rows(dbPath, sql) {
  const out = sqlite(dbPath, `.mode json\n${sql};\n`).trim();
  return out ? JSON.parse(out) : [];
}

// The articles a reader may see at `now`, newest first, as the database has them.
function visible(dbPath, now, { section, limit = 100000 } = {}) {
  return rows(dbPath, `SELECT a.id, a.slug, a.headline, a.intro, a.published_at, a.updated_at,
      s.slug AS section, s.name AS section_name
    FROM articles a JOIN sections s ON s.id = a.section_id
    WHERE a.status = 'published' AND a.published_at <= ${Math.floor(now)}
      ${section ? `AND s.slug = '${section}'` : ''}
    ORDER BY a.published_at DESC, a.id DESC LIMIT ${limit}`);
}

const articlePath = (a) => `/news/${a.section}/${a.slug}`;

async function fetchXml(stack, p, type) {
  const r = await stack.get(p);
  assert.equal(r.status, 200, `GET ${p}: status ${r.status}\n${r.body.slice(0, 300)}`);
  assert.match(r.headers.get('content-type') || '(none)', type, `GET ${p}: content-type`);
  assertWellFormed(r.body, `GET ${p}`);
  return r.body;
}

const parser = new Parser();

// A fresh demo database in its own folder, with SQL applied: for two stacks on one database.
function makeDb(sql) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-feeds-db-'));
  const db = path.join(dir, 'newsdesk.db');
  const env = { ...process.env };
  delete env.NEWSDESK_NOW;
  const r = newsdesk(['init', '--db', db, '--demo'], { env });
  assert.equal(r.status, 0, `newsdesk init failed: ${r.stdout}${r.stderr}`);
  if (sql) sqlite(db, sql);
  return { dir, db };
}

// Checks that a schema does reject a broken document, so "valid" means something.
function assertRejects(check, text, label) {
  const r = check(text);
  assert.ok(!r.ok, `the schema accepted a broken document (${label})`);
}

describe('demo content at 2010-04-17T08:30:00Z', () => {
  let stack;
  before(async () => { stack = await startStack({ demo: true, now: NOW }); });
  after(async () => { if (stack) await stack.stop(); });

  test('every site and section feed: 200, its content type, well-formed, valid against the schemas', async () => {
    const feeds = [['/feeds/atom.xml', 'atom'], ['/feeds/rss.xml', 'rss']];
    for (const s of SECTIONS) feeds.push([`/feeds/${s}/atom.xml`, 'atom'], [`/feeds/${s}/rss.xml`, 'rss']);
    for (const [p, kind] of feeds) {
      const body = await fetchXml(stack, p, kind === 'atom' ? ATOM_TYPE : RSS_TYPE);
      if (kind === 'atom') assertRelaxNG('atom.rng', body, `GET ${p}`);
      else assertRelaxNG('rss2.rng', body, `GET ${p}`);
    }
  });

  test('the schemas reject broken feeds (they check what they claim)', async () => {
    const atom = (await stack.get('/feeds/atom.xml')).body;
    const rss = (await stack.get('/feeds/rss.xml')).body;
    const a = (t) => relaxng('atom.rng', t);
    const r = (t) => relaxng('rss2.rng', t);
    assert.ok(a(atom).ok && r(rss).ok, 'the feeds themselves must validate');
    assertRejects(a, atom.replace(/<id>tag:[^<]*<\/id>/, ''), 'Atom entry without id');
    assertRejects(a, atom.replace(/<summary\b[^>]*>[\s\S]*?<\/summary>/, ''), 'Atom entry without summary');
    assertRejects(a, atom.replace(/(<updated>[^<]*?)(Z|[+-]\d\d:\d\d)<\/updated>/, '$1</updated>'), 'date without zone');
    assertRejects(a, atom.replace(/<updated>\d{4}-\d\d/, '<updated>2010-13'), 'month 13');
    assertRejects(a, atom.replace(/<author>[\s\S]*?<\/author>/, ''), 'no feed author and entries without authors');
    assertRejects(a, atom.replace(/<entry>/, '<entry><link href="http://x/a"/>'), 'two alternate links');
    assertRejects(a, atom.replace(/<title>[^<]*<\/title>/, '<title> </title>'), 'empty feed title');
    assert.ok(a(atom.replace(/<author>[\s\S]*?<\/author>/, '').replace(/<entry>/g,
      '<entry><author><name>A</name></author>')).ok, 'a feed whose every entry has an author is valid');
    assertRejects(r, rss.replace(/<guid[^>]*>[^<]*<\/guid>/, ''), 'RSS item without guid');
    assertRejects(r, rss.replace(/<pubDate>([^<]*) [+-]\d{4}<\/pubDate>/, '<pubDate>$1</pubDate>'), 'RFC 822 date without zone');
    assertRejects(r, rss.replace('version="2.0"', 'version="0.92"'), 'not version 2.0');
    assertRejects(r, rss.replace(/<description>[^<]*<\/description>/, ''), 'channel without description');
  });

  test('unknown section feeds are 404', async () => {
    for (const p of ['/feeds/nowhere/atom.xml', '/feeds/nowhere/rss.xml', '/feeds/Europe/atom.xml',
      '/feeds/europe/feed.xml', '/feeds/europe/atom.xml/x', "/feeds/'/rss.xml"]) {
      const r = await stack.raw(p);
      assert.equal(r.status, 404, `GET ${p}: status ${r.status}, expected 404`);
    }
  });

  test('site Atom feed, read by rss-parser, matches the visible articles newest first', async () => {
    const body = await fetchXml(stack, '/feeds/atom.xml', ATOM_TYPE);
    const feed = await parser.parseString(body);
    const want = visible(stack.dbPath, epoch(NOW), { limit: 50 });
    assert.ok(want.length >= 20, 'the demo should have at least 20 visible articles');
    assert.equal(feed.title, 'BBC News');
    assert.equal(feed.link, `${stack.base}/`, 'the feed\'s alternate link is the home page, absolute');
    assert.equal(feed.feedUrl, `${stack.base}/feeds/atom.xml`, 'rel="self" link');
    assert.equal(feed.items.length, want.length, 'one entry per visible article');
    feed.items.forEach((item, i) => {
      const a = want[i];
      assert.equal(item.title, a.headline, `entry ${i} title`);
      assert.equal(item.link, stack.base + articlePath(a), `entry ${i} link`);
      assert.equal(item.id, `tag:127.0.0.1,2010:article-${a.id}`, `entry ${i} id`);
      assert.equal(Date.parse(item.isoDate) / 1000, a.published_at, `entry ${i} date`);
      assert.equal(item.summary, a.intro, `entry ${i} summary`);
    });
    // Not in the feed: the draft, the unpublished article.
    const titles = feed.items.map((i) => i.title);
    assert.ok(!titles.includes('Ash cloud: what stranded travellers need to know'), 'the draft is in the feed');
    assert.ok(!titles.includes('Rio de Janeiro declares emergency over heavy rain'), 'the unpublished article is in the feed');
  });

  test('Atom dates are RFC 3339, entries newest first, the feed updated no earlier than any entry', async () => {
    const body = (await stack.get('/feeds/atom.xml')).body;
    const feedUpdated = parseRfc3339(xmlText(body.replace(/<entry>[\s\S]*<\/entry>/, ''), 'updated'));
    assert.ok(Number.isFinite(feedUpdated), 'feed <updated> is not RFC 3339');
    const entries = elements(body, 'entry');
    let last = Infinity;
    const byId = new Map(visible(stack.dbPath, epoch(NOW)).map((a) => [a.id, a]));
    for (const e of entries) {
      const id = Number(/article-(\d+)</.exec(e)[1]);
      const updated = parseRfc3339(xmlText(e, 'updated'));
      const published = parseRfc3339(xmlText(e, 'published'));
      assert.ok(Number.isFinite(updated) && Number.isFinite(published), `entry ${id}: dates not RFC 3339: ${e}`);
      assert.equal(updated / 1000, byId.get(id).updated_at, `entry ${id}: <updated> is the article's update time`);
      assert.equal(published / 1000, byId.get(id).published_at, `entry ${id}: <published>`);
      assert.ok(published <= last, `entry ${id} is out of order (newest first)`);
      last = published;
      assert.ok(updated <= feedUpdated, `entry ${id} updated after the feed's <updated>`);
    }
    assert.equal(feedUpdated / 1000, Math.max(...[...byId.values()].map((a) => a.updated_at)),
      'feed <updated> is the newest change among its entries');
    assert.ok(feedUpdated <= Date.parse(NOW), 'feed <updated> is not in the future');
    const self = startTags(body, 'link').find((l) => l.rel === 'self');
    assert.ok(self && self.href === `${stack.base}/feeds/atom.xml`, 'Atom rel="self" link');
  });

  test('site RSS feed, read by rss-parser, matches the visible articles newest first', async () => {
    const body = await fetchXml(stack, '/feeds/rss.xml', RSS_TYPE);
    const feed = await parser.parseString(body);
    const want = visible(stack.dbPath, epoch(NOW), { limit: 50 });
    assert.equal(feed.title, 'BBC News');
    assert.equal(feed.link, `${stack.base}/`);
    assert.equal(feed.language, 'en');
    assert.equal(feed.items.length, want.length);
    feed.items.forEach((item, i) => {
      const a = want[i];
      assert.equal(item.title, a.headline, `item ${i} title`);
      assert.equal(item.link, stack.base + articlePath(a), `item ${i} link`);
      assert.equal(item.guid, `tag:127.0.0.1,2010:article-${a.id}`, `item ${i} guid`);
      assert.equal(Date.parse(item.pubDate) / 1000, a.published_at, `item ${i} pubDate ${item.pubDate}`);
      // A description is HTML: decoded as HTML, it is the intro.
      assert.equal(decodeEntities(item.content), a.intro, `item ${i} description`);
      assert.deepEqual(item.categories, [a.section_name], `item ${i} category`);
    });
    const built = Date.parse(feed.lastBuildDate) / 1000;
    assert.equal(built, Math.max(...want.map((a) => a.updated_at)), 'lastBuildDate: the newest change');
  });

  test('section feeds hold only their section, newest first', async () => {
    for (const s of SECTIONS) {
      const want = visible(stack.dbPath, epoch(NOW), { section: s, limit: 50 });
      for (const kind of ['atom', 'rss']) {
        const p = `/feeds/${s}/${kind}.xml`;
        const feed = await parser.parseString((await stack.get(p)).body);
        assert.deepEqual(feed.items.map((i) => i.link), want.map((a) => stack.base + articlePath(a)), `${p}: items`);
        assert.deepEqual(feed.items.map((i) => Date.parse(i.isoDate) / 1000), want.map((a) => a.published_at), `${p}: dates`);
        assert.equal(feed.link, `${stack.base}/news/${s}`, `${p}: the section page is the feed's link`);
      }
    }
  });

  test('sitemap.xml: an index of valid files; home, every section and every visible article once, with lastmod', async () => {
    const { index, files, urls } = await readSitemaps(stack);
    assert.deepEqual(files.map((f) => f.path), ['/sitemaps/sections.xml', '/sitemaps/articles/1.xml'],
      'the demo: the sections file and one file of articles');
    const locs = urls.map((u) => u.loc);
    assert.equal(new Set(locs).size, locs.length, 'a URL is listed twice');
    assert.ok(locs.includes(`${stack.base}/`), 'no home page');
    for (const s of SECTIONS) assert.ok(locs.includes(`${stack.base}/news/${s}`), `no /news/${s}`);
    const want = visible(stack.dbPath, epoch(NOW));
    for (const a of want) {
      const u = urls.find((x) => x.loc === stack.base + articlePath(a));
      assert.ok(u, `sitemap lacks ${articlePath(a)}`);
      assert.ok(u.lastmod, `${articlePath(a)}: no lastmod`);
      assert.equal(parseRfc3339(u.lastmod) / 1000, a.updated_at, `${articlePath(a)}: lastmod ${u.lastmod}`);
    }
    assert.equal(urls.length, 1 + SECTIONS.length + want.length, 'nothing else is listed (no drafts, no unpublished)');
    assert.ok(!locs.some((l) => /ash-cloud-what-stranded|declares-emergency/.test(l)), 'a draft or unpublished article is listed');
    // The schemas are not rubber stamps.
    const body = files[1].body;
    const x = (t) => xsd('sitemap.xsd', t);
    assertRejects(x, body.replace(/<loc>http:\/\/[^/]+/, '<loc>'), 'relative loc');
    assertRejects(x, body.replace(/(<lastmod>[^<]*?)\+00:00</, '$1<'), 'lastmod time without zone');
    assertRejects(x, body.replace(/<url>[\s\S]*?<\/url>/, (m) => m + m), 'the same loc twice');
    const xi = (t) => xsd('siteindex.xsd', t);
    assertRejects(xi, index.replace(/<sitemap>[\s\S]*?<\/sitemap>/, (m) => m + m), 'the same file twice');
    assertRejects(xi, body, 'a urlset as an index');
    assertRejects(x, index, 'an index as a urlset');
  });

  test('sitemap-news.xml: valid, only articles published in the last two days, news fields', async () => {
    const body = await fetchXml(stack, '/sitemap-news.xml', XML_TYPE);
    assertXSD('sitemap.xsd', body, 'GET /sitemap-news.xml');
    assert.match(body, /xmlns:news="http:\/\/www\.google\.com\/schemas\/sitemap-news\/0\.9"/);
    const urls = elements(body, 'url');
    const got = urls.map((u) => xmlText(u, 'loc'));
    // 2010-04-17T08:30Z less two days is 2010-04-15T08:30Z: the Gulf airlines story
    // (16 April 11:00), the seed (15 April 15:51) and Pakistan (15 April 13:00) are in; the
    // volcanic ash story of 15 April 08:00 is 30 minutes too old.
    const want = [
      '/news/middle-east/gulf-airlines-cancel-european-flights-as-ash-cloud-spreads',
      SEED,
      '/news/south-asia/pakistan-parliament-votes-to-curb-presidents-powers',
    ];
    assert.deepEqual([...got].sort(), want.map((p) => stack.base + p).sort());
    const fromDb = visible(stack.dbPath, epoch(NOW)).filter((a) => a.published_at > epoch(NOW) - 2 * 86400);
    assert.deepEqual([...got].sort(), fromDb.map((a) => stack.base + articlePath(a)).sort(), 'the database agrees');
    for (const u of urls) {
      const loc = xmlText(u, 'loc');
      const a = fromDb.find((x) => stack.base + articlePath(x) === loc);
      assert.equal(xmlText(u, 'news:name'), 'BBC News', `${loc}: publication name`);
      assert.equal(xmlText(u, 'news:language'), 'en', `${loc}: language`);
      assert.equal(xmlText(u, 'news:title'), a.headline, `${loc}: title`);
      assert.equal(parseRfc3339(xmlText(u, 'news:publication_date')) / 1000, a.published_at, `${loc}: publication_date`);
    }
    const x = (t) => xsd('sitemap.xsd', t);
    assertRejects(x, body.replace(/<news:language>en</, '<news:language>English<'), 'language not a code');
    assertRejects(x, body.replace(/<news:title>[^<]*<\/news:title>/, ''), 'no news:title');
    assertRejects(x, body.replace(/<news:name>[^<]*<\/news:name>/, ''), 'no publication name');
  });

  test('robots.txt: text/plain, keeps crawlers out of /admin and /search, names both sitemaps', async () => {
    const r = await stack.get('/robots.txt');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') || '', /^text\/plain(;\s*charset=utf-8)?$/i);
    const lines = r.body.split(/\r?\n/).map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
    const field = (l) => l.slice(0, l.indexOf(':')).trim().toLowerCase();
    const value = (l) => l.slice(l.indexOf(':') + 1).trim();
    assert.ok(lines.every((l) => l.includes(':')), `robots.txt has a line that is not "field: value":\n${r.body}`);
    // The group for every crawler.
    const start = lines.findIndex((l) => field(l) === 'user-agent' && value(l) === '*');
    assert.ok(start >= 0, 'no "User-agent: *" group');
    const group = [];
    for (let i = start + 1; i < lines.length && field(lines[i]) !== 'user-agent'; i++) group.push(lines[i]);
    const disallow = group.filter((l) => field(l) === 'disallow').map(value);
    assert.ok(disallow.includes('/admin'), `no Disallow: /admin in ${JSON.stringify(disallow)}`);
    assert.ok(disallow.includes('/search'), `no Disallow: /search in ${JSON.stringify(disallow)}`);
    assert.ok(!disallow.includes('/') && !disallow.includes('/news'), 'robots.txt shuts out the news itself');
    const sitemaps = lines.filter((l) => field(l) === 'sitemap').map(value);
    assert.deepEqual([...sitemaps].sort(), [`${stack.base}/sitemap-news.xml`, `${stack.base}/sitemap.xml`]);
    for (const s of sitemaps) assert.equal((await stack.get(new URL(s).pathname)).status, 200, s);
  });

  test('every public HTML page links the site feeds in its head; section and article pages their section\'s Atom feed', async () => {
    const pages = [
      ['/', null], ['/news/europe', 'europe'], [SEED, 'asia-pacific'], [`${SEED}/print`, 'asia-pacific'],
      ['/search?q=ash', null], ['/news/nowhere', null], ['/no/such/page/here', null],
    ];
    for (const [p, section] of pages) {
      const r = await stack.get(p);
      const head = (/<head>([\s\S]*?)<\/head>/i.exec(r.body) || [])[1] || '';
      const alts = (head.match(/<link\b[^>]*>/gi) || []).filter((l) => /\brel\s*=\s*"alternate"/i.test(l))
        .map((l) => ({ type: (/\btype\s*=\s*"([^"]*)"/i.exec(l) || [])[1], href: (/\bhref\s*=\s*"([^"]*)"/i.exec(l) || [])[1] }));
      const has = (type, href) => alts.some((a) => a.type === type && hrefPath(a.href) === href);
      assert.ok(has('application/atom+xml', '/feeds/atom.xml'), `${p}: no Atom link in the head: ${JSON.stringify(alts)}`);
      assert.ok(has('application/rss+xml', '/feeds/rss.xml'), `${p}: no RSS link in the head: ${JSON.stringify(alts)}`);
      if (section) {
        assert.ok(has('application/atom+xml', `/feeds/${section}/atom.xml`), `${p}: no link to its section's Atom feed`);
      }
    }
  });

  test('a forged Host header gets absolute URLs under base_url only', async () => {
    // The stack sets base_url to its own address; a Host naming another site changes nothing.
    const r = await stack.raw('/feeds/atom.xml', { headers: { host: 'news.test' } });
    assert.equal(r.status, 200);
    const feed = await parser.parseString(r.body);
    assert.equal(feed.feedUrl, `${stack.base}/feeds/atom.xml`);
    assert.equal(feed.items[0].id.replace(/article-\d+$/, ''), 'tag:127.0.0.1,2010:');
    assert.ok(!r.body.includes('news.test'), 'the feed names the forged host');
    // The same page for everyone, whatever Host they sent.
    const again = await stack.raw('/feeds/atom.xml');
    assert.equal(again.body, r.body);
  });

  test('a Host header that is no host name gets a 400, or absolute URLs that are still URLs', async () => {
    for (const host of ['evil.test"><x', "a'b&c<d", 'x]]>y', 'a b', 'a|b^c']) {
      for (const p of ['/feeds/atom.xml', '/robots.txt', '/sitemap.xml', SEED]) {
        const r = await stack.raw(p, { headers: { host } });
        assert.ok(r.status < 500, `GET ${p} with Host: ${host}: ${r.status}`);
        if (r.status === 400) continue;
        assert.equal(r.status, 200, `GET ${p} with Host: ${host}`);
        if (p.endsWith('.xml')) assertWellFormed(r.body, `GET ${p} with Host: ${host}`);
        const urls = p === '/robots.txt'
          ? (r.body.match(/^Sitemap:\s*(\S.*)$/gmi) || []).map((l) => l.replace(/^Sitemap:\s*/i, '').trim())
          : (r.body.match(/(?:href="|<loc>|<id>)(https?:[^"<]*)/g) || []).map((m) => decodeXml(m.replace(/^(href="|<loc>|<id>)/, '')));
        assert.ok(urls.length > 0, `GET ${p}: no absolute URLs found`);
        for (const u of urls) {
          let host2 = null;
          try { host2 = new URL(u).hostname; } catch (e) { /* not a URL */ }
          assert.ok(host2 && /^[a-z0-9.-]+$/i.test(host2),
            `GET ${p} with Host: ${host}: "${u}" is not a valid absolute URL (the Host header should be refused with 400 or not used)`);
        }
      }
    }
  });

  test('hrefs of feed links from a section page resolve', async () => {
    const r = await stack.get('/news/africa');
    const hrefs = (r.body.match(/<link\b[^>]*rel="alternate"[^>]*>/gi) || []).map((l) => decodeXml(/href="([^"]*)"/.exec(l)[1]));
    assert.ok(hrefs.length >= 3, `expected 3 feed links, got ${hrefs}`);
    for (const h of hrefs) {
      const f = await stack.get(hrefPath(h));
      assert.equal(f.status, 200, h);
      assert.match(f.headers.get('content-type'), /^application\/(atom|rss)\+xml/, h);
    }
    assert.ok(links(r.body).length > 0);
  });
});

describe('limits: 60 new articles in Europe, 1100 in the last two days', () => {
  // 60 Europe stories on 16 April, one a minute from 12:00; 1100 Americas stories in the two
  // days before NOW, one every two minutes, ending 2010-04-17T08:28; a future one, a draft.
  const T60 = epoch('2010-04-16T12:00:00Z');
  const TNEWS = epoch('2010-04-17T08:28:00Z');
  const SQL = `
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 59)
    INSERT INTO articles (id, section_id, slug, headline, intro, status, published_at, updated_at)
    SELECT 1000 + i, (SELECT id FROM sections WHERE slug = 'europe'), printf('europe-story-%02d', i),
      printf('Europe story %02d', i), printf('Intro of Europe story %02d.', i), 'published',
      ${T60} + i * 60, ${T60} + i * 60 + 30 FROM n;
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1099)
    INSERT INTO articles (id, section_id, slug, headline, intro, status, published_at, updated_at)
    SELECT 2000 + i, (SELECT id FROM sections WHERE slug = 'americas'), printf('americas-story-%04d', i),
      printf('Americas story %04d', i), 'An intro.', 'published', ${TNEWS} - i * 120, ${TNEWS} - i * 120 FROM n;
    INSERT INTO articles (id, section_id, slug, headline, intro, status, published_at, updated_at)
    VALUES (5000, (SELECT id FROM sections WHERE slug = 'europe'), 'tomorrow', 'Scheduled for later',
      'Not yet.', 'published', ${epoch(NOW) + 3600}, ${epoch(NOW) - 60}),
      (5001, (SELECT id FROM sections WHERE slug = 'europe'), 'a-draft', 'A draft', 'Not yet.', 'draft',
      ${epoch(NOW) - 60}, ${epoch(NOW) - 60});
  `;
  let stack;
  before(async () => { stack = await startStack({ demo: true, now: NOW, sql: SQL }); });
  after(async () => { if (stack) await stack.stop(); });

  test('feeds hold the 50 newest visible articles, newest first', async () => {
    const cases = [
      ['/feeds/atom.xml', null], ['/feeds/rss.xml', null],
      ['/feeds/europe/atom.xml', 'europe'], ['/feeds/europe/rss.xml', 'europe'],
    ];
    for (const [p, section] of cases) {
      const body = await fetchXml(stack, p, /xml/);
      assertRelaxNG(p.endsWith('atom.xml') ? 'atom.rng' : 'rss2.rng', body, p);
      const feed = await parser.parseString(body);
      const want = visible(stack.dbPath, epoch(NOW), { section, limit: 50 });
      assert.equal(feed.items.length, 50, `${p}: ${feed.items.length} items, expected 50`);
      assert.deepEqual(feed.items.map((i) => i.title), want.map((a) => a.headline), `${p}: the 50 newest`);
      const dates = feed.items.map((i) => Date.parse(i.isoDate));
      assert.deepEqual(dates, [...dates].sort((a, b) => b - a), `${p}: newest first`);
      assert.ok(!feed.items.some((i) => /Scheduled for later|A draft/.test(i.title)), `${p}: a future or draft article`);
    }
    const europe = await parser.parseString((await stack.get('/feeds/europe/atom.xml')).body);
    assert.equal(europe.items[0].title, 'Europe story 59');
    assert.equal(europe.items[49].title, 'Europe story 10');
  });

  test('the news sitemap lists at most 1000 articles, the newest, all from the last two days', async () => {
    const body = await fetchXml(stack, '/sitemap-news.xml', XML_TYPE);
    assertXSD('sitemap.xsd', body, 'GET /sitemap-news.xml (1100 recent articles)');
    const urls = elements(body, 'url');
    assert.equal(urls.length, 1000, `${urls.length} URLs, expected 1000`);
    const dates = urls.map((u) => parseRfc3339(xmlText(u, 'news:publication_date')) / 1000);
    assert.ok(dates.every((d) => d > epoch(NOW) - 2 * 86400 && d <= epoch(NOW)), 'a date outside the last two days');
    const locs = new Set(urls.map((u) => xmlText(u, 'loc')));
    const newest = visible(stack.dbPath, epoch(NOW)).filter((a) => a.published_at > epoch(NOW) - 2 * 86400).slice(0, 1000);
    for (const a of newest) assert.ok(locs.has(stack.base + articlePath(a)), `not listed though among the 1000 newest: ${articlePath(a)}`);
    assert.ok(!body.includes('/news/europe/tomorrow') && !body.includes('/news/europe/a-draft'));
  });

  test('the full sitemap lists every visible article once and stays valid', async () => {
    const { urls } = await readSitemaps(stack);
    const locs = urls.map((u) => u.loc);
    assert.equal(new Set(locs).size, locs.length, 'a URL is listed twice');
    assert.equal(urls.length, 1 + SECTIONS.length + visible(stack.dbPath, epoch(NOW)).length);
    assert.ok(!locs.some((l) => l.includes('/news/europe/tomorrow')), 'a scheduled article is in the sitemap');
  });
});

describe('a section with no articles yet', () => {
  let stack;
  before(async () => {
    stack = await startStack({
      demo: true,
      now: NOW,
      sql: "INSERT INTO sections (slug, name, position) VALUES ('oceania', 'Oceania', 7);",
    });
  });
  after(async () => { if (stack) await stack.stop(); });

  test('its feeds are empty, well-formed and valid', async () => {
    const atom = await fetchXml(stack, '/feeds/oceania/atom.xml', ATOM_TYPE);
    assertRelaxNG('atom.rng', atom, 'empty Atom feed');
    assert.equal(elements(atom, 'entry').length, 0);
    const rss = await fetchXml(stack, '/feeds/oceania/rss.xml', RSS_TYPE);
    assertRelaxNG('rss2.rng', rss, 'empty RSS feed');
    assert.equal((await parser.parseString(rss)).items.length, 0);
  });
});

describe('absolute URLs from base_url', () => {
  let stack;
  let cfgDir;
  before(async () => {
    cfgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-feeds-cfg-'));
    const cfg = path.join(cfgDir, 'newsdesk.conf');
    fs.writeFileSync(cfg, `${fs.readFileSync(path.join(SRC, 'deploy', 'newsdesk.conf'), 'utf8')}\nbase_url = https://news.example.org\n`);
    stack = await startStack({ demo: true, now: NOW, config: cfg });
  });
  after(async () => {
    if (stack) await stack.stop();
    if (cfgDir) fs.rmSync(cfgDir, { recursive: true, force: true });
  });

  test('feeds, sitemaps and robots.txt use the configured base URL and host', async () => {
    const B = 'https://news.example.org';
    const atom = await parser.parseString(await fetchXml(stack, '/feeds/atom.xml', ATOM_TYPE));
    assert.equal(atom.feedUrl, `${B}/feeds/atom.xml`);
    const seed = atom.items.find((i) => i.link === `${B}${SEED}`);
    assert.ok(seed, `no entry links ${B}${SEED}`);
    assert.equal(seed.id, `tag:news.example.org,2010:article-${SEED_ID}`);
    assert.ok(atom.items.every((i) => i.link.startsWith(`${B}/news/`)), 'an entry link is not under base_url');
    const rssBody = await fetchXml(stack, '/feeds/europe/rss.xml', RSS_TYPE);
    assertRelaxNG('rss2.rng', rssBody, 'RSS with base_url');
    const rss = await parser.parseString(rssBody);
    assert.equal(rss.link, `${B}/news/europe`);
    assert.ok(rss.items.every((i) => i.link.startsWith(`${B}/news/europe/`) && i.guid.startsWith('tag:news.example.org,2010:article-')));
    const sm = await fetchXml(stack, '/sitemap.xml', XML_TYPE);
    assertXSD('siteindex.xsd', sm, 'sitemap index with base_url');
    assert.ok(elements(sm, 'loc').every((l) => decodeXml(l).startsWith(`${B}/sitemaps/`)), 'a sitemap file is not under base_url');
    for (const f of elements(sm, 'loc').map((l) => new URL(decodeXml(l)).pathname)) {
      const body = await fetchXml(stack, f, XML_TYPE);
      assertXSD('sitemap.xsd', body, `${f} with base_url`);
      assert.ok(elements(body, 'loc').every((l) => decodeXml(l).startsWith(`${B}/`)), `${f}: a loc is not under base_url`);
    }
    const news = await fetchXml(stack, '/sitemap-news.xml', XML_TYPE);
    assert.ok(elements(news, 'loc').every((l) => decodeXml(l).startsWith(`${B}/news/`)));
    const robots = (await stack.get('/robots.txt')).body;
    assert.match(robots, /^Sitemap:\s*https:\/\/news\.example\.org\/sitemap\.xml\s*$/m);
    assert.match(robots, /^Sitemap:\s*https:\/\/news\.example\.org\/sitemap-news\.xml\s*$/m);
    assert.ok(!robots.includes('127.0.0.1') && !atom.items.some((i) => i.link.includes('127.0.0.1')));
  });
});

describe('hostile text in a headline and an intro', () => {
  const HOSTILE = '</script><script>alert(1)</script>"\'& ]]> <![CDATA[x]]> &amp; \u{1F4F0} \u00e9\u0301 \u2028 Ünïcödé';
  let stack;
  before(async () => {
    const q = HOSTILE.replace(/'/g, "''");
    stack = await startStack({
      demo: true,
      now: NOW,
      sql: `UPDATE articles SET headline = '${q}', intro = 'Intro: ' || '${q}' WHERE id = ${SEED_ID};`,
    });
  });
  after(async () => { if (stack) await stack.stop(); });

  test('feeds and the news sitemap stay well-formed and valid; the text round-trips', async () => {
    for (const p of ['/feeds/atom.xml', '/feeds/asia-pacific/atom.xml']) {
      const body = await fetchXml(stack, p, ATOM_TYPE);
      assertRelaxNG('atom.rng', body, p);
      const item = (await parser.parseString(body)).items.find((i) => i.link.endsWith(SEED));
      assert.equal(item.title, HOSTILE, `${p}: title`);
      assert.equal(item.summary, `Intro: ${HOSTILE}`, `${p}: summary`);
    }
    for (const p of ['/feeds/rss.xml', '/feeds/asia-pacific/rss.xml']) {
      const body = await fetchXml(stack, p, RSS_TYPE);
      assertRelaxNG('rss2.rng', body, p);
      const item = (await parser.parseString(body)).items.find((i) => i.link.endsWith(SEED));
      assert.equal(item.title, HOSTILE, `${p}: title`);
      assert.ok(!item.content.includes('<'), `${p}: the description holds markup a reader would render`);
      assert.equal(decodeEntities(item.content), `Intro: ${HOSTILE}`, `${p}: description, decoded as HTML`);
    }
    const news = await fetchXml(stack, '/sitemap-news.xml', XML_TYPE);
    assertXSD('sitemap.xsd', news, 'news sitemap with a hostile headline');
    const u = elements(news, 'url').find((x) => xmlText(x, 'loc').endsWith(SEED));
    assert.equal(xmlText(u, 'news:title'), HOSTILE);
  });
});

describe('scheduled publishing: feeds, sitemaps and lists at 08:30 and 09:30 for an article due at 09:00', () => {
  // Article 5 (the Qinghai earthquake, Asia Pacific) is rescheduled to 2010-04-17T09:00:00Z.
  const DUE = epoch('2010-04-17T09:00:00Z');
  const QUAKE = '/news/asia-pacific/strong-earthquake-hits-chinas-qinghai-province';
  const HEADLINE = "Strong earthquake hits China's Qinghai province";
  let db;
  let early;
  let late;
  before(async () => {
    db = makeDb(`UPDATE articles SET published_at = ${DUE} WHERE id = 5;`);
    early = await startStack({ db: db.db, now: '2010-04-17T08:30:00Z' });
    late = await startStack({ db: db.db, now: '2010-04-17T09:30:00Z' });
  });
  after(async () => {
    if (early) await early.stop();
    if (late) await late.stop();
    if (db) fs.rmSync(db.dir, { recursive: true, force: true });
  });

  const feedPaths = ['/feeds/atom.xml', '/feeds/rss.xml', '/feeds/asia-pacific/atom.xml', '/feeds/asia-pacific/rss.xml'];

  test('before its time the article is in no feed, sitemap or list, and its page is 404', async () => {
    for (const p of feedPaths) {
      const feed = await parser.parseString((await early.get(p)).body);
      assert.ok(!feed.items.some((i) => i.link.endsWith(QUAKE)), `${p} lists the article before its time`);
    }
    for (const p of ['/sitemaps/articles/1.xml', '/sitemap-news.xml', '/', '/news/asia-pacific']) {
      const r = await early.get(p);
      assert.equal(r.status, 200, p);
      assert.ok(!r.body.includes(QUAKE), `${p} links the article before its time`);
    }
    for (const p of [QUAKE, `${QUAKE}/print`]) {
      assert.equal((await early.get(p)).status, 404, `${p} before its time`);
    }
  });

  test('after its time it is in every feed (newest first), both sitemaps and the lists', async () => {
    for (const p of feedPaths) {
      const body = (await late.get(p)).body;
      assertRelaxNG(p.endsWith('atom.xml') ? 'atom.rng' : 'rss2.rng', body, p);
      const feed = await parser.parseString(body);
      assert.equal(feed.items[0].link, late.base + QUAKE, `${p}: the new article is not first`);
      assert.equal(feed.items[0].title, HEADLINE);
      assert.equal(Date.parse(feed.items[0].isoDate) / 1000, DUE, `${p}: its date is its publishing time`);
    }
    const { urls } = await readSitemaps(late);
    assert.equal(urls.filter((u) => u.loc === late.base + QUAKE).length, 1, 'the sitemap does not list it once');
    const news = (await late.get('/sitemap-news.xml')).body;
    assertXSD('sitemap.xsd', news, 'news sitemap at 09:30');
    const u = elements(news, 'url').find((x) => xmlText(x, 'loc') === late.base + QUAKE);
    assert.ok(u, 'sitemap-news.xml lacks it');
    assert.equal(parseRfc3339(xmlText(u, 'news:publication_date')) / 1000, DUE);
    for (const p of ['/', '/news/asia-pacific']) {
      assert.ok((await late.get(p)).body.includes(QUAKE), `${p} does not link it after its time`);
    }
    for (const p of [QUAKE, `${QUAKE}/print`]) assert.equal((await late.get(p)).status, 200, p);
  });

  test('the two servers read the same database file contents', () => {
    assert.equal(rows(early.dbPath, 'SELECT published_at FROM articles WHERE id = 5')[0].published_at, DUE);
    assert.equal(rows(late.dbPath, 'SELECT published_at FROM articles WHERE id = 5')[0].published_at, DUE);
    assert.equal(iso(DUE), '2010-04-17T09:00:00Z');
  });
});
