'use strict';
// Search through nginx and newsdesk, clock pinned: ranked results with <mark> in snippets,
// pagination, hostile queries (FTS5 syntax, quotes, bad UTF-8, huge, empty) that never give a
// 5xx, the index kept in step with the articles by triggers while the server runs, drafts and
// scheduled articles kept out until their time, and the masthead search form on every page.

const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
  startStack, newsdesk, sqlite, assertTidy, decodeEntities, textOf, count,
} = require('../lib/stack.js');

const NOW = '2010-04-17T08:30:00Z';
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
const HEADLINE = 'Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan';
const epoch = (iso) => Date.parse(iso) / 1000;
const q = (s) => `'${s.replace(/'/g, "''")}'`;

// Extra articles: three that mention Bakiyev once in a paragraph (so the seed, with him in the
// headline, the intro and all through the body, must rank first); 45 with a made-up word for
// paging, each published a minute apart; a draft and an unpublished story with their own words.
function extraSql() {
  const t = epoch('2010-04-16T12:00:00Z');
  let sql = '';
  const others = [
    [900, 'americas', 'summit-notes', 'Notes from the summit', 'Leaders talked about many things.',
      'Among the subjects was Kyrgyzstan, where Mr Bakiyev has left the country.'],
    [901, 'europe', 'osce-week', 'A busy week for the OSCE', 'The organisation had a lot on.',
      'Its chairman spoke to Kurmanbek Bakiyev by telephone on Thursday.'],
    [902, 'africa', 'world-briefing', 'World briefing', 'The day in brief.',
      'Elsewhere: Bakiyev in Kazakhstan; ash over Europe; votes in Sudan.'],
  ];
  for (const [id, sec, slug, h, intro, body] of others) {
    sql += `INSERT INTO articles (id, section_id, slug, headline, intro, status, published_at, updated_at)
      VALUES (${id}, (SELECT id FROM sections WHERE slug = '${sec}'), '${slug}', ${q(h)}, ${q(intro)},
      'published', ${t + id}, ${t + id});
      INSERT INTO blocks (article_id, position, kind, text) VALUES (${id}, 1, 'paragraph', ${q(body)});\n`;
  }
  sql += `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 45)
    INSERT INTO articles (id, section_id, slug, headline, intro, status, published_at, updated_at)
    SELECT 1000 + i, (SELECT id FROM sections WHERE slug = 'europe'), printf('paging-%02d', i),
      printf('Paging story %02d', i), 'A zanzibarite was found here.', 'published', ${t} - i * 60, ${t} - i * 60 FROM n;
    INSERT INTO articles (id, section_id, slug, headline, intro, status, published_at, updated_at) VALUES
      (950, (SELECT id FROM sections WHERE slug = 'europe'), 'draft-x', 'Quasimodo draft', 'Quasimodo.', 'draft', ${t}, ${t}),
      (951, (SELECT id FROM sections WHERE slug = 'europe'), 'gone-x', 'Esmeralda withdrawn', 'Esmeralda.', 'unpublished', ${t}, ${t});
    INSERT INTO articles (id, section_id, slug, headline, intro, status, published_at, updated_at)
      VALUES (960, (SELECT id FROM sections WHERE slug = 'europe'), 'markup', 'Markup in a body', 'Nothing here.',
      'published', ${t}, ${t});
    INSERT INTO blocks (article_id, position, kind, text) VALUES (960, 1, 'paragraph',
      'The word pangolinous sits beside <script>alert(1)</script> and <b>bold</b> and ' || char(57344) || ' and ' || char(57345) || ' odd marks.');
  `;
  return sql;
}

// The results of a search page: [{href, headline, snippet (inner HTML), marks: [text]}],
// plus the pager's links and the count line.
function results(html) {
  const list = /<ol\b[^>]*class="[^"]*\bresults\b[^"]*"[^>]*>([\s\S]*?)<\/ol>/i.exec(html);
  const items = [];
  if (list) {
    const re = /<li\b[^>]*>([\s\S]*?)<\/li>/gi;
    let m;
    while ((m = re.exec(list[1]))) {
      const a = /<h2>\s*<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/i.exec(m[1]);
      const snip = /<p\b[^>]*class="snippet"[^>]*>([\s\S]*?)<\/p>/i.exec(m[1]);
      items.push({
        href: a ? decodeEntities(a[1]) : null,
        headline: a ? textOf(a[2]) : null,
        snippet: snip ? snip[1] : '',
        marks: snip ? [...snip[1].matchAll(/<mark>([\s\S]*?)<\/mark>/gi)].map((x) => decodeEntities(x[1])) : [],
      });
    }
  }
  const pager = /<nav\b[^>]*class="pager"[^>]*>([\s\S]*?)<\/nav>/i.exec(html);
  const rel = (r) => {
    const m = pager && new RegExp(`<a\\b[^>]*rel="${r}"[^>]*href="([^"]*)"`, 'i').exec(pager[1]);
    return m ? decodeEntities(m[1]) : null;
  };
  const countLine = /<p\b[^>]*class="count"[^>]*>([\s\S]*?)<\/p>/i.exec(html);
  return { items, next: rel('next'), prev: rel('prev'), count: countLine ? textOf(countLine[1]) : null };
}

async function search(stack, query, extra = '') {
  const p = `/search?q=${encodeURIComponent(query)}${extra}`;
  const r = await stack.get(p);
  assert.equal(r.status, 200, `GET ${p}: ${r.status}`);
  assert.match(r.headers.get('content-type') || '', /^text\/html;\s*charset=utf-8$/i, `GET ${p}`);
  return { ...r, ...results(r.body) };
}

// The value of the search page's own query box, decoded.
function echoed(html) {
  const m = /<input\b[^>]*\bid="q"[^>]*>/i.exec(html);
  assert.ok(m, 'no search box on the search page');
  const v = /\bvalue="([^"]*)"/i.exec(m[0]);
  return v ? decodeEntities(v[1]) : '';
}

describe('search over the demo content and extra articles at 2010-04-17T08:30:00Z', () => {
  let stack;
  before(async () => { stack = await startStack({ demo: true, now: NOW, sql: extraSql() }); });
  after(async () => { if (stack) await stack.stop(); });

  test('"Bakiyev": the seed ranks first, every article that names him is found, matches are marked', async () => {
    const r = await search(stack, 'Bakiyev');
    assertTidy(r.body, 'GET /search?q=Bakiyev');
    assert.ok(r.items.length >= 4, `${r.items.length} results`);
    assert.equal(r.items[0].href, SEED, 'the seed is not the first result');
    assert.equal(r.items[0].headline, HEADLINE);
    const hrefs = r.items.map((i) => i.href);
    for (const p of ['/news/americas/summit-notes', '/news/europe/osce-week', '/news/africa/world-briefing']) {
      assert.ok(hrefs.includes(p), `${p} is not found`);
    }
    assert.equal(r.items.length, 4, `only the four articles that name him: ${hrefs}`);
    assert.equal(r.count, '4 stories found');
    for (const item of r.items) {
      assert.ok(item.marks.length > 0, `${item.href}: no <mark> in the snippet: ${item.snippet}`);
      assert.ok(item.marks.every((m) => /^bakiyev$/i.test(m)), `${item.href}: marks ${JSON.stringify(item.marks)}`);
    }
    assert.equal(echoed(r.body), 'Bakiyev');
  });

  test('case and diacritics do not matter; several words must all match', async () => {
    const base = (await search(stack, 'Bakiyev')).items.map((i) => i.href);
    assert.deepEqual((await search(stack, 'BAKIYEV')).items.map((i) => i.href), base);
    assert.deepEqual((await search(stack, 'bakíyev')).items.map((i) => i.href), base);
    const two = await search(stack, 'Bakiyev telephone');
    assert.deepEqual(two.items.map((i) => i.href), ['/news/europe/osce-week']);
    assert.ok(two.items[0].marks.some((m) => /^telephone$/i.test(m)) && two.items[0].marks.some((m) => /^bakiyev$/i.test(m)),
      `both words marked: ${two.items[0].snippet}`);
    const none = await search(stack, 'Bakiyev zanzibarite');
    assert.equal(none.items.length, 0);
    assert.match(textOf(none.body), /No stories match your search/);
  });

  test('headlines, intros and bodies are all searched', async () => {
    assert.deepEqual((await search(stack, 'Notes from the summit')).items.map((i) => i.href)[0], '/news/americas/summit-notes');
    assert.ok((await search(stack, 'organisation had a lot')).items.some((i) => i.href === '/news/europe/osce-week'));
    // A word only in the seed's inline box byline and text.
    assert.ok((await search(stack, 'Jalalabad')).items.some((i) => i.href === SEED));
  });

  test('pagination: 20 a page, stable, with next and previous links', async () => {
    const pages = [];
    let r = await search(stack, 'zanzibarite');
    assert.equal(r.count, '45 stories found');
    assert.equal(r.prev, null, 'page 1 has no previous link');
    pages.push(r);
    while (r.next) {
      assert.ok(pages.length < 5, 'too many pages');
      const res = await stack.get(r.next);
      assert.equal(res.status, 200, r.next);
      r = { ...res, ...results(res.body) };
      assert.ok(r.prev, `${r.next}: no previous link`);
      pages.push(r);
    }
    assert.deepEqual(pages.map((p) => p.items.length), [20, 20, 5]);
    const all = pages.flatMap((p) => p.items.map((i) => i.href));
    assert.equal(new Set(all).size, 45, 'a result shows on two pages');
    for (let i = 1; i <= 45; i++) assert.ok(all.includes(`/news/europe/paging-${String(i).padStart(2, '0')}`), `paging-${i} missing`);
    // Equal relevance: newest first.
    assert.equal(all[0], '/news/europe/paging-01');
    assert.equal(all[44], '/news/europe/paging-45');
    const p2 = await search(stack, 'zanzibarite', '&page=2');
    assert.deepEqual(p2.items.map((i) => i.href), pages[1].items.map((i) => i.href), 'page=2 is the second page');
    assert.match(p2.prev, /^\/search\?q=zanzibarite&page=1$/);
    assert.match(p2.next, /^\/search\?q=zanzibarite&page=3$/);
    for (const p of pages) for (const it of p.items) assert.ok(it.marks.length > 0, `${it.href}: no mark`);
    const p4 = await search(stack, 'zanzibarite', '&page=4');
    assert.equal(p4.items.length, 0, 'page 4 is empty');
  });

  test('odd page numbers give a page, not an error', async () => {
    for (const page of ['0', '-1', 'abc', '1.5', '99999999999999999999', '%FF', '', '2&page=3', '1e3']) {
      const p = `/search?q=zanzibarite&page=${page}`;
      const r = await stack.raw(p);
      assert.ok(r.status === 200 || r.status === 400, `GET ${p}: ${r.status}`);
    }
  });

  test('drafts and unpublished articles are not found', async () => {
    assert.equal((await search(stack, 'Quasimodo')).items.length, 0, 'a draft is found');
    assert.equal((await search(stack, 'Esmeralda')).items.length, 0, 'an unpublished article is found');
    assert.equal((await search(stack, 'stranded travellers')).items.length, 0, 'the demo draft is found');
  });

  test('markup and marker characters in a body stay text in the snippet', async () => {
    const r = await search(stack, 'pangolinous');
    assert.equal(r.items.length, 1);
    assert.equal(count(r.body.toLowerCase(), '<script'), 0, 'a <script> from the body reached the page');
    assert.ok(!/<b>bold<\/b>/.test(r.body), 'markup from the body reached the page');
    assert.ok(r.items[0].snippet.includes('&lt;script&gt;'), `snippet: ${r.items[0].snippet}`);
    assert.ok(r.items[0].marks.includes('pangolinous'));
    assertTidy(r.body, 'search with markup in the body');
  });

  test('hostile queries: always a 200 HTML page (414 only past the URL limit), never 5xx', async () => {
    const raws = [
      '"', '""', "'", '%22%20OR%20NEAR(', 'NEAR(a%20b)', '*', '%5E', 'a*', '%5Ebakiyev', 'headline:x',
      'headline:Bakiyev', '%7Bheadline%20intro%7D:%20x', '-x', 'AND', 'OR', 'NOT', 'a%20AND', 'Bakiyev%20OR',
      '(', ')', ':', '%2B', '%FF%FE', '%00', 'a%00b', '%C0%AF', '%ED%A0%80', '%F4%90%80%80', '%E2%80', '%0A%0D',
      '%09Bakiyev%09', '%20%20%20', '', '&', '=', '%', '%G1', '%25', '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      '%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'Bakiyev%22%20OR%20%22x', 'NEAR(Bakiyev%20Kazakhstan,%202)',
      'Bakiyev%20NOT%20Kazakhstan', '%22Bakiyev', 'rowid:1', 'search:x', 'bm25(search)', '%5C', '%E2%80%A8',
      'x'.repeat(65), 'x'.repeat(64), Array(100).fill('Bakiyev').join('%20'), Array(20).fill('%22').join('%20'),
      'a'.repeat(10 * 1024), encodeURIComponent('Bakiyev ').repeat(1300), '%FF'.repeat(3000),
      '%F0%9F%93%B0', 'caf%C3%A9', 'cafe%CC%81', '%EF%BF%BE', '%EE%80%80Bakiyev%EE%80%81',
    ];
    const paths = raws.map((x) => `/search?q=${x}`);
    paths.push('/search', '/search?', '/search?q', '/search?q=a&q=b', '/search?page=2', '/search?q=a;b',
      '/search?q="unencoded"quote"', '/search?q=<b>x</b>', '/search?q=a\\b', '/search?q=%', "/search?q=it's", '/search?q=Bakiyev#frag');
    for (const p of paths) {
      const r = await stack.raw(p);
      const label = `GET ${p.length > 120 ? `${p.slice(0, 120)}... (${p.length} bytes)` : p}`;
      assert.ok(r.status < 500, `${label}: ${r.status}`);
      if (r.status === 414) continue;
      assert.equal(r.status, 200, `${label}: ${r.status}`);
      assert.match(r.headers['content-type'] || '', /^text\/html;\s*charset=utf-8$/i, label);
      assert.match(r.body, /^\s*<!DOCTYPE html>/i, label);
      assert.match(r.body, /<\/html>\s*$/i, `${label}: the page is cut short`);
      assert.equal(count(r.body.toLowerCase(), '<script'), 0, `${label}: a <script> in the page`);
    }
    // A query with quotes and markup is echoed back as text in the box.
    const hostile = '"><script>alert(1)</script> \' & Bakiyev';
    const r = await search(stack, hostile);
    assert.equal(echoed(r.body), hostile);
    assertTidy(r.body, 'search page echoing a hostile query');
    // A long query, within the URL limit: a page that says what happened.
    const long = await stack.raw(`/search?q=${'a'.repeat(10 * 1024)}`);
    assert.equal(long.status, 200, 'a 10 KB query');
    // Still serving, still right.
    const after = await search(stack, 'Bakiyev');
    assert.equal(after.items[0].href, SEED);
    assert.ok(stack.alive(), 'newsdesk died');
  });

  test('the masthead search form is on every reader page and points at /search', async () => {
    for (const p of ['/', '/news/europe', SEED, '/search?q=Bakiyev', '/news/nowhere', '/no/such/page/at/all']) {
      const r = await stack.get(p);
      const mast = /<header\b[^>]*class="masthead"[^>]*>([\s\S]*?)<\/header>/i.exec(r.body);
      assert.ok(mast, `${p}: no masthead`);
      const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(mast[1]);
      assert.ok(form, `${p}: no search form in the masthead`);
      assert.match(form[1], /\baction="\/search"/, `${p}: form action`);
      assert.ok(!/\bmethod="post"/i.test(form[1]), `${p}: form method must be GET`);
      assert.match(form[2], /<input\b[^>]*\bname="q"/, `${p}: no q input`);
    }
  });
});

describe('the index follows the articles while the server runs', () => {
  let stack;
  const T = epoch('2010-04-16T12:00:00Z');
  before(async () => { stack = await startStack({ demo: true, now: NOW }); });
  after(async () => { if (stack) await stack.stop(); });

  const found = async (word) => (await search(stack, word)).items.map((i) => i.href);

  test('insert, update and delete of an article and its blocks', async () => {
    const db = stack.dbPath;
    assert.deepEqual(await found('Xylophonist'), []);
    sqlite(db, `INSERT INTO articles (id, section_id, slug, headline, intro, status, published_at, updated_at)
      VALUES (700, (SELECT id FROM sections WHERE slug = 'europe'), 'music', 'Xylophonist wins prize',
      'An intro about music.', 'published', ${T}, ${T});`);
    assert.deepEqual(await found('Xylophonist'), ['/news/europe/music'], 'a new article is found');

    sqlite(db, "UPDATE articles SET headline = 'Zitherist wins prize' WHERE id = 700;");
    assert.deepEqual(await found('Zitherist'), ['/news/europe/music'], 'the new headline is found');
    assert.deepEqual(await found('Xylophonist'), [], 'the old headline is still found');

    sqlite(db, "UPDATE articles SET intro = 'Now about a theremin.' WHERE id = 700;");
    assert.deepEqual(await found('theremin'), ['/news/europe/music']);
    assert.deepEqual(await found('music'), [], 'the old intro is still found');

    sqlite(db, "INSERT INTO blocks (article_id, position, kind, text) VALUES (700, 1, 'paragraph', 'A quokka watched.');");
    assert.deepEqual(await found('quokka'), ['/news/europe/music'], 'a new block is found');
    const hit = (await search(stack, 'quokka')).items[0];
    assert.deepEqual(hit.marks.map((m) => m.toLowerCase()), ['quokka']);

    sqlite(db, "UPDATE blocks SET text = 'A wombat watched.' WHERE article_id = 700 AND position = 1;");
    assert.deepEqual(await found('wombat'), ['/news/europe/music'], 'the changed block is found');
    assert.deepEqual(await found('quokka'), [], 'the old block text is still found');

    sqlite(db, "INSERT INTO blocks (article_id, position, kind, text, name, byline) VALUES (700, 2, 'box', 'Box text.', 'Ottoline Quist', 'Ottoline Quist, Oslo');");
    assert.deepEqual(await found('Ottoline'), ['/news/europe/music'], 'a box name and byline are found');

    sqlite(db, 'DELETE FROM blocks WHERE article_id = 700 AND position = 1;');
    assert.deepEqual(await found('wombat'), [], 'a deleted block is still found');
    assert.deepEqual(await found('Ottoline'), ['/news/europe/music']);

    sqlite(db, "UPDATE articles SET status = 'unpublished' WHERE id = 700;");
    assert.deepEqual(await found('Zitherist'), [], 'an unpublished article is found');
    sqlite(db, "UPDATE articles SET status = 'published' WHERE id = 700;");
    assert.deepEqual(await found('Zitherist'), ['/news/europe/music']);

    sqlite(db, 'DELETE FROM blocks WHERE article_id = 700; DELETE FROM articles WHERE id = 700;');
    assert.deepEqual(await found('Zitherist'), [], 'a deleted article is found');
    assert.deepEqual(await found('Ottoline'), []);
  });

  test('an edit to the seed: the new headline word is found, the old one is not', async () => {
    sqlite(stack.dbPath, "UPDATE articles SET headline = 'Kyrgyz ex-leader Kurmanbek Bakiyev lands in Taraz' WHERE id = 1;");
    const r = await search(stack, 'lands Taraz');
    assert.equal(r.items[0] && r.items[0].href, SEED);
    assert.equal(r.items[0].headline, 'Kyrgyz ex-leader Kurmanbek Bakiyev lands in Taraz');
    // "flies" was only in the old headline.
    assert.ok(!(await found('flies')).includes(SEED), 'the old headline still finds the seed');
  });
});

describe('a scheduled article is found only from its publishing time', () => {
  // Article 5, the Qinghai earthquake, due at 2010-04-17T09:00:00Z; one database, two servers.
  const QUAKE = '/news/asia-pacific/strong-earthquake-hits-chinas-qinghai-province';
  let dir;
  let early;
  let late;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-search-db-'));
    const db = path.join(dir, 'newsdesk.db');
    const env = { ...process.env };
    delete env.NEWSDESK_NOW;
    const r = newsdesk(['init', '--db', db, '--demo'], { env });
    assert.equal(r.status, 0, r.stderr);
    sqlite(db, `UPDATE articles SET published_at = ${epoch('2010-04-17T09:00:00Z')} WHERE id = 5;`);
    early = await startStack({ db, now: '2010-04-17T08:30:00Z' });
    late = await startStack({ db, now: '2010-04-17T09:30:00Z' });
  });
  after(async () => {
    if (early) await early.stop();
    if (late) await late.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('not found at 08:30, found at 09:30', async () => {
    for (const word of ['Qinghai', 'earthquake Tibetan']) {
      assert.ok(!(await search(early, word)).items.some((i) => i.href === QUAKE), `"${word}" finds it at 08:30`);
      const r = await search(late, word);
      assert.ok(r.items.some((i) => i.href === QUAKE), `"${word}" does not find it at 09:30`);
    }
    const r = await search(late, 'Qinghai');
    const hit = r.items.find((i) => i.href === QUAKE);
    assert.ok(hit.marks.some((m) => /^qinghai$/i.test(m)));
    assert.match(r.body, /<time datetime="2010-04-17T09:00:00Z">30 mins ago<\/time>/, 'its age counts from its publishing time');
  });
});
