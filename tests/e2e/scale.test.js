'use strict';
// Lists at scale, on a database grown by bench/grow (3,000 more articles over three years) plus a
// burst of Europe stories in one afternoon (many sharing one second), scheduled articles and
// drafts: every page of every section, deep admin pages with each filter, and the sitemap are
// compared with plain queries on the same SQLite file (ORDER BY ... LIMIT 20 OFFSET n), before
// and after editors publish, unpublish, schedule and move articles through the admin and one is
// deleted; the span counts kept by triggers always equal a recount; search counts a frequent
// word right and lists equal stories newest first.

const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { SRC, startStack, sqlite, run, newsdesk, links, hrefPath } = require('../lib/stack.js');
const { addUser, Client, formArticle, articleFields } = require('../lib/admin.js');
const { readSitemaps } = require('../lib/sitemaps.js');

const NOW = '2010-04-17T08:30:00Z';
const NOW_S = Date.parse(NOW) / 1000;
const PER_PAGE = 20;
const ADMIN_PER_PAGE = 50;
const PASSWORD = 'correct horse battery staple';
const SECTIONS = ['americas', 'africa', 'europe', 'middle-east', 'south-asia', 'asia-pacific'];
const VISIBLE = `a.status = 'published' AND a.published_at <= ${NOW_S}`;

// A burst in Europe: 150 stories in one afternoon, 60 of them in the same second; three stories
// scheduled after NOW (one in Europe, one far ahead); two drafts.
const EXTRA = `
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)
INSERT INTO articles (section_id, slug, headline, intro, status, published_at, updated_at)
SELECT (SELECT id FROM sections WHERE slug = 'europe'), printf('burst-%03d', i),
       printf('Burst story %03d', i), 'A quokkafied story of the burst.', 'published',
       CASE WHEN i <= 60 THEN ${NOW_S} - 86400 * 40 ELSE ${NOW_S} - 86400 * 40 - i * 97 END,
       ${NOW_S} - 86400 * 40
FROM n;
INSERT INTO articles (section_id, slug, headline, intro, status, published_at, updated_at) VALUES
  ((SELECT id FROM sections WHERE slug = 'europe'), 'scheduled-soon', 'Scheduled soon', 'Later.',
   'published', ${NOW_S} + 600, ${NOW_S} - 60),
  ((SELECT id FROM sections WHERE slug = 'africa'), 'scheduled-later', 'Scheduled later', 'Later.',
   'published', ${NOW_S} + 86400 * 30, ${NOW_S} - 30),
  ((SELECT id FROM sections WHERE slug = 'europe'), 'scheduled-now', 'Scheduled now', 'Later.',
   'published', ${NOW_S} + 1, ${NOW_S} - 10),
  ((SELECT id FROM sections WHERE slug = 'europe'), 'draft-one', 'Draft one', 'Not yet.',
   'draft', NULL, ${NOW_S} - 7200),
  ((SELECT id FROM sections WHERE slug = 'americas'), 'draft-two', 'Draft two', 'Not yet.',
   'draft', NULL, ${NOW_S} - 3600);
`;

let stack;
let ed;

const rows = (sql) => {
  const out = sqlite(stack.dbPath, `.mode json\n${sql};\n`).trim();
  return out ? JSON.parse(out) : [];
};

// The section's stories as a plain query gives them: page n is LIMIT 20 OFFSET (n - 1) * 20.
function sectionPage(section, n) {
  return rows(`SELECT a.slug FROM articles a JOIN sections s ON s.id = a.section_id
    WHERE s.slug = '${section}' AND ${VISIBLE} ORDER BY a.published_at DESC, a.id DESC
    LIMIT ${PER_PAGE} OFFSET ${(n - 1) * PER_PAGE}`).map((r) => r.slug);
}
const sectionTotal = (section) => rows(`SELECT count(*) AS n FROM articles a JOIN sections s
  ON s.id = a.section_id WHERE s.slug = '${section}' AND ${VISIBLE}`)[0].n;

function slugsOn(body, section) {
  const re = new RegExp(`^/news/${section}/([^/?#]+)$`);
  const out = [];
  for (const l of links(body)) {
    const m = re.exec(hrefPath(l.href));
    if (m && !out.includes(m[1])) out.push(m[1]);
  }
  return out;
}

// Checks the given pages of a section (and the one after the last) against the plain query.
async function checkSection(section, pages) {
  const total = sectionTotal(section);
  const last = Math.max(1, Math.ceil(total / PER_PAGE));
  for (const n of pages(last)) {
    const r = await stack.get(n === 1 ? `/news/${section}` : `/news/${section}?page=${n}`);
    assert.equal(r.status, 200, `${section} page ${n}`);
    assert.deepEqual(slugsOn(r.body, section), sectionPage(section, n), `${section} page ${n}: the stories`);
    if (last > 1) assert.match(r.body, new RegExp(`Page ${n} of ${last}<`), `${section} page ${n}: the pager`);
    assert.ok(!/scheduled-(soon|later|now)/.test(r.body), `${section} page ${n} shows a scheduled article`);
  }
  assert.equal((await stack.get(`/news/${section}?page=${last + 1}`)).status, 404, `${section}: page ${last + 1}`);
}

const every = (last) => Array.from({ length: last }, (_, i) => i + 1);
const some = (last) => [...new Set([1, 2, 3, Math.ceil(last / 2), last - 1, last].filter((n) => n >= 1 && n <= last))];

// The admin's list as a plain query: filters as the admin shows statuses (scheduled apart).
function adminPage(section, status, n) {
  const shown = `CASE WHEN a.status = 'published' AND a.published_at > ${NOW_S} THEN 'scheduled' ELSE a.status END`;
  const where = [section ? `s.slug = '${section}'` : '1', status ? `${shown} = '${status}'` : '1'].join(' AND ');
  return rows(`SELECT a.id FROM articles a JOIN sections s ON s.id = a.section_id WHERE ${where}
    ORDER BY coalesce(a.edited_at, a.updated_at) DESC, a.id DESC
    LIMIT ${ADMIN_PER_PAGE} OFFSET ${(n - 1) * ADMIN_PER_PAGE}`).map((r) => r.id);
}

async function checkAdmin(section, status, pages) {
  const shown = `CASE WHEN a.status = 'published' AND a.published_at > ${NOW_S} THEN 'scheduled' ELSE a.status END`;
  const where = [section ? `s.slug = '${section}'` : '1', status ? `${shown} = '${status}'` : '1'].join(' AND ');
  const total = rows(`SELECT count(*) AS n FROM articles a JOIN sections s ON s.id = a.section_id WHERE ${where}`)[0].n;
  const last = Math.max(1, Math.ceil(total / ADMIN_PER_PAGE));
  for (const n of pages(last)) {
    const r = await ed.get(`/admin?section=${section}&status=${status}&page=${n}`);
    assert.equal(r.status, 200, `admin ${section}/${status} page ${n}`);
    const ids = [...r.body.matchAll(/href="\/admin\/articles\/(\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(ids, adminPage(section, status, n), `admin ${section || 'all'}/${status || 'all'} page ${n}`);
    assert.match(r.body, new RegExp(`>${total} articles<`), `admin ${section}/${status}: the total`);
  }
  if (total > 0) {
    assert.equal((await ed.get(`/admin?section=${section}&status=${status}&page=${last + 1}`)).status, 404);
  }
}

// The span counts and the sitemap's files as the triggers keep them, against a recount.
function checkCounts() {
  const spans = rows(`WITH expect AS (
      SELECT 1 AS list, l.level, (a.published_at >> l.level) << l.level AS start, a.section_id, a.status, count(*) AS n
      FROM articles a, span_levels l WHERE a.status = 'published' AND a.published_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5
      UNION ALL
      SELECT 2, l.level, (coalesce(a.edited_at, a.updated_at) >> l.level) << l.level, a.section_id, a.status, count(*)
      FROM articles a, span_levels l GROUP BY 1, 2, 3, 4, 5)
    SELECT (SELECT count(*) FROM (SELECT * FROM expect EXCEPT SELECT list, level, start, section_id, status, n FROM list_spans))
      + (SELECT count(*) FROM (SELECT list, level, start, section_id, status, n FROM list_spans EXCEPT SELECT * FROM expect)) AS n`)[0].n;
  assert.equal(spans, 0, 'list_spans differs from a recount of the articles');
  const files = rows(`WITH expect AS (SELECT id / 250 + 1 AS file, min(published_at) AS first FROM articles
      WHERE status = 'published' AND published_at IS NOT NULL GROUP BY 1)
    SELECT (SELECT count(*) FROM (SELECT * FROM expect EXCEPT SELECT * FROM sitemap_files))
      + (SELECT count(*) FROM (SELECT * FROM sitemap_files EXCEPT SELECT * FROM expect)) AS n`)[0].n;
  assert.equal(files, 0, 'sitemap_files differs from a recount of the articles');
}

async function checkSitemap() {
  const { files, urls } = await readSitemaps(stack);
  const locs = urls.map((u) => u.loc);
  const seen = new Map();
  for (const l of locs) seen.set(l, (seen.get(l) || 0) + 1);
  const twice = [...seen].filter(([, n]) => n > 1).map(([l]) => l);
  assert.deepEqual(twice, [], 'URLs listed more than once');
  const want = rows(`SELECT s.slug AS section, a.slug FROM articles a JOIN sections s ON s.id = a.section_id
    WHERE ${VISIBLE}`).map((a) => `${stack.base}/news/${a.section}/${a.slug}`);
  const missing = want.filter((l) => !seen.has(l));
  assert.deepEqual(missing.slice(0, 5), [], `${missing.length} visible articles are in no sitemap file`);
  const pages = [`${stack.base}/`, ...SECTIONS.map((s) => `${stack.base}/news/${s}`)];
  for (const p of pages) assert.ok(seen.has(p), `${p} is in no sitemap file`);
  assert.equal(locs.length, want.length + pages.length, 'something else is listed (a draft, a scheduled article)');
  for (const f of files.filter((x) => x.path.startsWith('/sitemaps/articles/'))) {
    assert.ok(f.urls.length <= 250, `${f.path}: ${f.urls.length} URLs`);
  }
}

before(async () => {
  stack = await startStack({
    demo: true,
    now: NOW,
    beforeServe(dbPath) {
      const g = run(path.join(SRC, 'bench', 'grow'), [dbPath, '3000', '1']);
      assert.equal(g.status, 0, `bench/grow: ${g.stderr}`);
      sqlite(dbPath, EXTRA);
      addUser(dbPath, 'ed', PASSWORD);
    },
  });
  ed = new Client(stack.base);
  await ed.login('ed', PASSWORD);
});
after(async () => { if (stack) await stack.stop(); });

describe('as grown', () => {
  test('the span counts and sitemap files equal a recount', () => checkCounts());

  test('every page of every section is the plain query\'s page', async () => {
    for (const s of SECTIONS) await checkSection(s, every);
  });

  test('the admin list, deep pages and every filter, is the plain query\'s page', async () => {
    for (const [section, status] of [['', ''], ['europe', ''], ['', 'published'], ['', 'scheduled'],
      ['', 'draft'], ['europe', 'published'], ['europe', 'scheduled'], ['americas', 'draft'], ['nowhere', '']]) {
      await checkAdmin(section, status, some);
    }
  });

  test('the sitemap lists every visible article exactly once, in valid files of at most 250', async () => {
    await checkSitemap();
  });

  test('search counts a frequent word as the index does, and lists equal stories newest first', async () => {
    // The burst's stories share the word in their intro: equal scores, so newest first, ties by id.
    const want = rows(`SELECT a.slug FROM articles a WHERE ${VISIBLE} AND a.slug GLOB 'burst-*'
      ORDER BY a.published_at DESC, a.id DESC`).map((r) => r.slug);
    const got = [];
    for (let page = 1; page <= Math.ceil(want.length / PER_PAGE) + 1; page++) {
      const r = await stack.get(`/search?q=quokkafied&page=${page}`);
      assert.equal(r.status, 200);
      if (page === 1) assert.match(r.body, new RegExp(`${want.length} stories found`));
      got.push(...slugsOn(r.body, 'europe'));
    }
    assert.deepEqual(got, want, 'search for quokkafied: the stories, newest first');
    // A word of the grown copies: the count is that of the visible articles that have it.
    const n = rows(`SELECT count(*) AS n FROM articles a WHERE ${VISIBLE} AND a.id IN
      (SELECT rowid & 16777215 FROM search WHERE search MATCH '"election"')`)[0].n;
    assert.ok(n > 100, `precondition: ${n} visible articles say election`);
    assert.match((await stack.get('/search?q=election')).body, new RegExp(`>${n} stories found<`));
  });
});

describe('after editors\' changes through the admin, and a deletion', () => {
  const idOf = (slug) => rows(`SELECT id FROM articles WHERE slug = '${slug}'`)[0].id;
  // The story at a position of Europe's list, as the plain query gives it.
  const europeAt = (pos) => rows(`SELECT a.slug FROM articles a JOIN sections s ON s.id = a.section_id
    WHERE s.slug = 'europe' AND ${VISIBLE} ORDER BY a.published_at DESC, a.id DESC LIMIT 1 OFFSET ${pos}`)[0].slug;

  async function save(slug, change) {
    const id = idOf(slug);
    const form = formArticle((await ed.get(`/admin/articles/${id}`)).body);
    const r = await ed.post(`/admin/articles/${id}`, articleFields(change(form)));
    assert.equal(r.status, 303, `saving ${slug}: ${r.status}`);
  }

  before(async () => {
    const before = sectionTotal('europe');
    await save('draft-one', (f) => ({ ...f, action: 'publish' }));              // published now
    await save(europeAt(250), (f) => ({ ...f, action: 'unpublish' }));          // out of the middle
    await save(europeAt(400), (f) => ({ ...f, section: 'africa', action: 'save' })); // moved
    await save(europeAt(30), (f) => ({ ...f, publish_at: '2010-05-01 12:00', action: 'publish' })); // rescheduled
    await save('burst-010', (f) => ({ ...f, headline: 'Burst story ten, edited', action: 'save' }));
    sqlite(stack.dbPath, `DELETE FROM articles WHERE id = ${idOf(europeAt(100))};`);
    assert.equal(sectionTotal('europe'), before + 1 - 1 - 1 - 1 - 1, 'precondition: the changes took');
  });

  test('the span counts and sitemap files still equal a recount', () => checkCounts());

  test('every page of Europe and Africa is still the plain query\'s page', async () => {
    await checkSection('europe', every);
    await checkSection('africa', some);
    const first = await stack.get('/news/europe');
    assert.equal(slugsOn(first.body, 'europe')[0], 'draft-one', 'the story published now is first');
  });

  test('the admin list follows, filters included', async () => {
    for (const [section, status] of [['', ''], ['europe', ''], ['', 'published'], ['', 'scheduled'],
      ['', 'unpublished'], ['europe', 'draft'], ['africa', '']]) {
      await checkAdmin(section, status, some);
    }
  });

  test('the sitemap still lists every visible article exactly once', async () => {
    await checkSitemap();
  });

  test('newsdesk check recounts the lists: right as kept, wrong once a count is changed by hand', () => {
    const ok = newsdesk(['check', '--db', stack.dbPath]);
    assert.match(ok.stdout, /^list counts: 0 wrong$/m, ok.stdout);
    sqlite(stack.dbPath, `UPDATE list_spans SET n = n + 1 WHERE list = 1 AND level = 62
      AND section_id = (SELECT id FROM sections WHERE slug = 'europe');`);
    const bad = newsdesk(['check', '--db', stack.dbPath]);
    assert.equal(bad.status, 1, bad.stdout);
    assert.match(bad.stdout, /^list counts: [1-9]\d* wrong$/m, bad.stdout);
    assert.match(bad.stdout, /PROBLEMS FOUND/);
  });
});
