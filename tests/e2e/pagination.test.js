'use strict';
// Section pagination: 45 extra published stories in Europe, 20 a page, newest first;
// ?page=1 redirects to the bare URL; bad or out-of-range pages are 4xx HTML pages.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, assertTidy, sqlite, links, hrefPath } = require('../lib/stack.js');

const NOW = '2010-04-17T08:30:00Z';
const NOW_S = Date.parse(NOW) / 1000;
const SECTION = 'europe';
const PER_PAGE = 20;
const EXTRA = 45;
const pad = (i) => String(i).padStart(2, '0');

// Story i (1..45) is published at NOW - 46 + i: pagetest-45 is the newest.
const SQL = `
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${EXTRA})
INSERT INTO articles (section_id, slug, headline, intro, status, published_at, updated_at)
SELECT s.id, printf('pagetest-%02d', i), printf('Pagination test story %02d', i),
       printf('The intro of pagination test story %02d.', i), 'published',
       ${NOW_S} - 46 + i, ${NOW_S} - 46 + i
FROM n, sections s WHERE s.slug = '${SECTION}';
`;

let stack;
let expected; // every listed slug of the section, newest first
let publishedAt; // slug -> published_at

before(async () => {
  stack = await startStack({
    demo: true,
    now: NOW,
    beforeServe(dbPath) {
      const existing = sqlite(dbPath, `.mode tabs
SELECT a.slug, a.published_at FROM articles a JOIN sections s ON s.id = a.section_id
WHERE s.slug = '${SECTION}' AND a.status = 'published' AND a.published_at <= ${NOW_S}
ORDER BY a.published_at DESC, a.id DESC;`).split('\n').filter(Boolean).map((l) => l.split('\t'));
      for (const [slug, at] of existing) {
        assert.ok(Number(at) < NOW_S - EXTRA,
          `precondition: demo story ${slug} in ${SECTION} is published within ${EXTRA} s of ${NOW}`);
      }
      sqlite(dbPath, SQL);
      const mine = [];
      for (let i = EXTRA; i >= 1; i--) mine.push(`pagetest-${pad(i)}`);
      expected = mine.concat(existing.map((e) => e[0]));
      publishedAt = new Map(existing.map(([s, at]) => [s, Number(at)]));
      mine.forEach((s) => publishedAt.set(s, NOW_S - 46 + Number(s.slice(-2))));
    },
  });
});
after(async () => { if (stack) await stack.stop(); });

async function html(p, status = 200) {
  const r = await stack.get(p);
  assert.equal(r.status, status, `GET ${p}: status ${r.status}, expected ${status}`);
  assert.match(r.headers.get('content-type') || '', /^text\/html;\s*charset=utf-8$/i, `GET ${p}: content-type`);
  assert.ok(r.headers.get('content-security-policy'), `GET ${p}: no Content-Security-Policy header`);
  assertTidy(r.body, `GET ${p}`);
  return r;
}

// The section's own article slugs linked from a page, in order, each once.
function articleSlugs(body) {
  const re = new RegExp(`^/news/${SECTION}/([^/?#]+)$`);
  const out = [];
  for (const l of links(body)) {
    const m = re.exec(hrefPath(l.href));
    if (m && !out.includes(m[1])) out.push(m[1]);
  }
  return out;
}

function pageHrefs(body) {
  return links(body).map((l) => hrefPath(l.href));
}

function lastPage() {
  return Math.ceil(expected.length / PER_PAGE);
}

function checkPage(n, slugs) {
  const want = expected.slice((n - 1) * PER_PAGE, n * PER_PAGE);
  assert.equal(slugs.length, want.length,
    `page ${n} lists ${slugs.length} articles, expected ${want.length}:\n got  ${slugs.join(' ')}\n want ${want.join(' ')}`);
  // The test's own stories have distinct times: exact order. Demo stories may share a time:
  // same set, never older before newer.
  const mineWant = want.filter((s) => s.startsWith('pagetest-'));
  assert.deepEqual(slugs.slice(0, mineWant.length), mineWant, `page ${n}: order of the newest stories`);
  assert.deepEqual([...slugs].sort(), [...want].sort(), `page ${n}: which articles`);
  for (let i = 1; i < slugs.length; i++) {
    assert.ok(publishedAt.get(slugs[i - 1]) >= publishedAt.get(slugs[i]),
      `page ${n}: ${slugs[i - 1]} is listed before the newer ${slugs[i]}`);
  }
}

test('page 1 (bare URL): the 20 newest, newest first, links to page 2', async () => {
  const r = await html(`/news/${SECTION}`);
  checkPage(1, articleSlugs(r.body));
  const hrefs = pageHrefs(r.body);
  assert.ok(hrefs.includes(`/news/${SECTION}?page=2`), `page 1 has no link to ?page=2: ${hrefs.join(' ')}`);
  assert.ok(!hrefs.includes(`/news/${SECTION}?page=0`));
});

test('page 2: the next 20, links to pages 1 and 3', async () => {
  const r = await html(`/news/${SECTION}?page=2`);
  checkPage(2, articleSlugs(r.body));
  const hrefs = pageHrefs(r.body);
  assert.ok(hrefs.includes(`/news/${SECTION}?page=3`), `page 2 has no link to ?page=3: ${hrefs.join(' ')}`);
  assert.ok(hrefs.includes(`/news/${SECTION}`) || hrefs.includes(`/news/${SECTION}?page=1`),
    'page 2 has no link back to page 1');
});

test('page 3: the rest, links back to page 2', async () => {
  const r = await html(`/news/${SECTION}?page=3`);
  checkPage(3, articleSlugs(r.body));
  const hrefs = pageHrefs(r.body);
  assert.ok(hrefs.includes(`/news/${SECTION}?page=2`), `page 3 has no link to ?page=2: ${hrefs.join(' ')}`);
  if (lastPage() === 3) {
    assert.ok(!hrefs.includes(`/news/${SECTION}?page=4`), 'the last page links to a next page');
  }
});

test('the page after the last is a 404 page', async () => {
  await html(`/news/${SECTION}?page=${lastPage() + 1}`, 404);
  await html(`/news/${SECTION}?page=${lastPage() + 100}`, 404);
});

test('?page=1 redirects (301) to the bare section URL', async () => {
  const r = await stack.get(`/news/${SECTION}?page=1`);
  assert.equal(r.status, 301);
  const loc = r.headers.get('location');
  assert.ok(loc, '301 without Location');
  const u = new URL(loc, stack.base);
  assert.equal(u.pathname + u.search, `/news/${SECTION}`, `Location: ${loc}`);
});

for (const bad of ['abc', '0', '-1', '99999999999999999999', '2abc', '1.5', '%00', '%ff']) {
  test(`?page=${bad} is a 4xx HTML page`, async () => {
    const p = `/news/${SECTION}?page=${bad}`;
    const r = await stack.get(p);
    assert.ok(r.status >= 400 && r.status < 500, `GET ${p}: status ${r.status}, expected 4xx`);
    assert.match(r.headers.get('content-type') || '', /^text\/html;\s*charset=utf-8$/i, `GET ${p}: content-type`);
    assertTidy(r.body, `GET ${p}`);
  });
}

test('newsdesk stops cleanly on SIGTERM: exit 0, no sanitizer reports', async () => {
  const s = stack;
  stack = null;
  await s.stop();
});
