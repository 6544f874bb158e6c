'use strict';
// Moving out and back in: newsdesk export writes everything as JSON Lines, newsdesk import
// newsdesk reads it into an empty database, and the two sites serve every page the same, page by
// page (crawled through nginx from the home page, the feeds and the sitemaps). newsdesk export
// wordpress writes a well-formed WXR file that newsdesk's own WordPress importer reads back.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { SRC, startStack, newsdesk, sqlite, mustRun, links, decodeEntities } = require('../lib/stack.js');

const FIXTURE = path.join(SRC, 'tests', 'fixtures', 'wordpress', 'export.xml');
const NOW = '2010-04-17T08:30:00Z';
const SITE = 'https://news.example.org';   // both sites' base_url: their pages name it alike
const T = { timeout: 120000, killSignal: 'SIGKILL', env: { ...process.env, NEWSDESK_NOW: NOW } };

let dir;
let original;   // demo + grown + imported WordPress fixture
let copy;       // made from original's export
let exportFile;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-export-'));
  original = path.join(dir, 'original.db');
  copy = path.join(dir, 'copy.db');
  exportFile = path.join(dir, 'site.jsonl');
  mustRun(process.env.NEWSDESK_BIN || path.join(SRC, 'build', 'newsdesk'), ['init', '--db', original, '--demo']);
  mustRun(path.join(SRC, 'bench', 'grow'), [original, '150', '3']);
  const r = newsdesk(['import', 'wordpress', '--db', original, FIXTURE], T);
  assert.equal(r.status, 0, r.stderr);
  // An old address of a moved article, and a revision, so both travel too.
  sqlite(original, `INSERT INTO slug_redirects (section_slug, slug, article_id)
    SELECT s.slug, 'an-old-slug', a.id FROM articles a JOIN sections s ON s.id = a.section_id
    WHERE a.slug = 'markets-rally';`);
  // The newsroom's parts: a corrected article, a renamed topic's old slug, and a front page
  // editors chose (two versions: the newest is shown, its lead an imported post).
  sqlite(original, `
    INSERT INTO corrections (article_id, kind, text, created_at)
      SELECT id, 'correction', 'An earlier version misspelt Astana.', 1271400000 FROM articles WHERE slug = 'kyrgyz-ex-leader-flies';
    INSERT INTO corrections (article_id, kind, text, created_at)
      SELECT id, 'update', 'Talks resumed on Thursday.', 1271410000 FROM articles WHERE slug = 'kyrgyz-ex-leader-flies';
    INSERT INTO bylines (article_id, position, person_id)
      SELECT a.id, 2, p.id FROM articles a, people p WHERE a.slug = 'kyrgyz-ex-leader-flies' AND p.slug = 'editor';
    INSERT INTO topic_redirects (old_slug, topic_id) SELECT 'kirghizia', id FROM topics WHERE slug = 'kyrgyzstan';
    INSERT INTO front_pages (id, created_at) VALUES (1, 1271300000), (2, 1271400000);
    INSERT INTO front_page_slots (front_page_id, position, article_id)
      SELECT 1, 0, id FROM articles WHERE slug = 'markets-rally';
    INSERT INTO front_page_slots (front_page_id, position, article_id)
      SELECT 2, 0, id FROM articles WHERE slug = 'kyrgyz-ex-leader-flies';
    INSERT INTO front_page_slots (front_page_id, position, article_id)
      SELECT 2, 1, id FROM articles WHERE slug = 'markets-rally';`);
});
after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

function rows(db, sql) {
  const out = sqlite(db, `.mode json\n${sql}`).trim();
  return out ? JSON.parse(out) : [];
}

test('export writes a versioned JSON Lines file that import newsdesk reads into an empty database', () => {
  let r = newsdesk(['export', '--db', original, '--revisions', exportFile], T);
  assert.equal(r.status, 0, r.stderr);
  const lines = fs.readFileSync(exportFile, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(Object.keys(lines[0]).sort(), ['exported_at', 'format', 'revisions', 'schema', 'version']);
  assert.equal(lines[0].format, 'newsdesk-export');
  assert.equal(lines[0].version, 2);
  assert.equal(lines.at(-1).type, 'end');
  assert.equal(lines.at(-1).records, lines.length - 2);
  const types = new Set(lines.slice(1, -1).map((l) => l.type));
  for (const t of ['section', 'person', 'topic', 'topic_redirect', 'article', 'correction', 'front_page',
    'promos', 'site_promos', 'slug_redirect', 'legacy_path', 'import_item', 'pending']) {
    assert.ok(types.has(t), `no ${t} record`);
  }
  assert.ok(types.has('image'), 'no image record: the demo has pictures in its library');
  mustRun(process.env.NEWSDESK_BIN, ['init', '--db', copy]);
  r = newsdesk(['import', 'newsdesk', '--db', copy, exportFile], T);
  assert.equal(r.status, 0, r.stderr);
  // The copy sits beside the original, so the media directory (photos/ beside both) is the same.
  assert.match(r.stdout, /^images: \d+ in the media library\n/m);
  assert.doesNotMatch(r.stdout, /no files in/);
  assert.equal(newsdesk(['check', '--db', copy], T).status, 0);
  const images = 'SELECT id, hash, width, height, format, bytes, widths, alpha, alt, caption, credit, uploaded_by, uploaded_at FROM images ORDER BY id';
  assert.ok(rows(original, images).length > 0, 'the demo has pictures in its library');
  assert.deepEqual(rows(copy, images), rows(original, images), 'the media library rows travel whole');
  for (const table of ['sections', 'articles', 'blocks', 'related_links', 'article_promos',
    'site_promos', 'slug_redirects', 'legacy_paths', 'import_items', 'import_pending', 'search',
    'people', 'bylines', 'topics', 'article_topics', 'topic_redirects', 'corrections', 'front_pages',
    'front_page_slots', 'owner_lists', 'owner_spans']) {
    assert.equal(rows(copy, `SELECT count(*) AS n FROM ${table}`)[0].n,
      rows(original, `SELECT count(*) AS n FROM ${table}`)[0].n, `${table}: row counts differ`);
  }
  // Into a database that holds content it is refused, and changes nothing.
  r = newsdesk(['import', 'newsdesk', '--db', copy, exportFile], T);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /already holds content/);
});

test('import newsdesk into another folder says which media files to copy', () => {
  const elsewhere = fs.mkdtempSync(path.join(dir, 'elsewhere-'));
  const db = path.join(elsewhere, 'site.db');
  mustRun(process.env.NEWSDESK_BIN, ['init', '--db', db]);
  const r = newsdesk(['import', 'newsdesk', '--db', db, exportFile], T);
  assert.equal(r.status, 0, r.stderr);
  const n = rows(original, 'SELECT count(*) AS n FROM images')[0].n;
  assert.match(r.stdout, new RegExp(`images: ${n} in the media library; ${n} have no files in ${elsewhere}/photos yet: copy`));
});

test('a damaged export is refused at its line, and nothing is written', () => {
  const text = fs.readFileSync(exportFile, 'utf8').split('\n');
  const cases = [
    ['cut.jsonl', text.slice(0, 20).join('\n') + '\n', /:20: the file ends before its end record/],
    ['bad-line.jsonl', [...text.slice(0, 5), '{"type": "article", "id": ', ...text.slice(5)].join('\n'),
      /:6: not a JSON object with a type/],
    ['unknown.jsonl', [...text.slice(0, 3), '{"type":"hologram"}', ...text.slice(3)].join('\n'),
      /:4: unknown record type 'hologram' \(this newsdesk reads format version 2\)/],
    ['future.jsonl', [JSON.stringify({ format: 'newsdesk-export', version: 99 }), ...text.slice(1)].join('\n'),
      /:1: not a newsdesk export of format version 1 to 2/],
    ['bad-row.jsonl', [...text.slice(0, 2), '{"type":"section","id":999,"slug":"Not A Slug!","name":"","position":1}',
      ...text.slice(2)].join('\n'), /:3: section record refused/],
  ];
  for (const [name, content, want] of cases) {
    const file = path.join(dir, name);
    const db = path.join(dir, `${name}.db`);
    fs.writeFileSync(file, content);
    mustRun(process.env.NEWSDESK_BIN, ['init', '--db', db]);
    const r = newsdesk(['import', 'newsdesk', '--db', db, file], T);
    assert.equal(r.status, 1, `${name}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, want, name);
    assert.equal(rows(db, 'SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM sections) AS n')[0].n, 0,
      `${name}: something was written`);
  }
});

// Every local address a page names: links, feed and sitemap entries.
function addresses(body, base) {
  const out = [];
  for (const l of links(body)) out.push(l.href);
  for (const m of body.matchAll(/<(?:loc|id|link)>([^<]+)<\/(?:loc|id|link)>/g)) out.push(decodeEntities(m[1]));
  for (const m of body.matchAll(/<link[^>]*href="([^"]+)"/g)) out.push(decodeEntities(m[1]));
  return out.map((h) => {
    try {
      const u = new URL(h, base);
      return u.origin === new URL(base).origin ? u.pathname + u.search : null;
    } catch (e) { return null; }
  }).filter((p) => p && !p.startsWith('/static/') && !p.startsWith('/admin'));
}

test('both databases serve every page identically, page by page', async () => {
  assert.ok(fs.existsSync(copy), 'the copy is made by the first test');
  const a = await startStack({ db: original, now: NOW, baseUrl: SITE });
  let b;
  try {
    b = await startStack({ db: copy, now: NOW, baseUrl: SITE });
    const seen = new Set();
    const queue = ['/', '/sitemap.xml', '/sitemap-news.xml', '/feeds/atom.xml', '/feeds/rss.xml',
      '/robots.txt', '/search?q=Kyrgyzstan', '/search?q=story&page=2', '/2010/04/15/kyrgyz-ex-leader-flies/',
      '/?p=4', '/news/business/an-old-slug', '/news/nowhere', '/people/reporter', '/people/reporter/atom.xml',
      '/people/editor', '/topics/kyrgyzstan', '/topics/kyrgyzstan/atom.xml', '/topics/kirghizia', '/topics/europe',
      '/news/asia-pacific/kyrgyz-ex-leader-flies'];
    // What the crawl must meet, so that the comparison covers it: the curated lead, the notes,
    // an imported author's and topic's pages.
    const home = (await a.get('/')).body;
    assert.ok(home.indexOf('/news/asia-pacific/kyrgyz-ex-leader-flies') < home.indexOf('/news/business/markets-rally'),
      'the chosen front page leads with its first slot');
    assert.ok((await a.get('/news/asia-pacific/kyrgyz-ex-leader-flies')).body.includes('An earlier version misspelt Astana.'));
    assert.equal((await a.raw('/topics/kirghizia')).status, 301);
    assert.ok((await a.get('/people/reporter')).body.includes('/news/asia-pacific/kyrgyz-ex-leader-flies'));
    let compared = 0;
    while (queue.length) {
      const p = queue.shift();
      if (seen.has(p) || seen.size > 3000) continue;
      seen.add(p);
      const [ra, rb] = await Promise.all([a.raw(p), b.raw(p)]);
      const bodyA = ra.body;
      const bodyB = rb.body;
      assert.equal(rb.status, ra.status, `${p}: status`);
      assert.equal(rb.headers.location, ra.headers.location, `${p}: Location`);
      if (bodyA !== bodyB) {
        const la = bodyA.split('\n');
        const lb = bodyB.split('\n');
        const i = la.findIndex((l, k) => l !== lb[k]);
        assert.fail(`${p}: the pages differ from line ${i + 1}:\n  ${la[i]}\n  ${lb[i]}`);
      }
      compared++;
      if (ra.status === 200) queue.push(...addresses(ra.body, SITE));
    }
    assert.ok(compared > 400, `only ${compared} pages compared`);
    const articles = rows(original, "SELECT count(*) AS n FROM articles WHERE status = 'published' AND published_at <= unixepoch('2010-04-17 08:30:00')")[0].n;
    const articlePages = [...seen].filter((p) => /^\/news\/[^/]+\/[^/?]+$/.test(p)).length;
    assert.ok(articlePages >= articles, `${articlePages} article pages seen of ${articles} visible articles`);
  } finally {
    await a.stop();
    if (b) await b.stop();
  }
});

test('export wordpress writes a WXR file that reads back into the same articles', () => {
  const xml = path.join(dir, 'site.xml');
  let r = newsdesk(['export', 'wordpress', '--db', original, '--base-url', 'https://news.example.org', xml], T);
  assert.equal(r.status, 0, r.stderr);
  mustRun('xmllint', ['--noout', xml]);
  const text = fs.readFileSync(xml, 'utf8');
  assert.match(text, /<wp:wxr_version>1\.2<\/wp:wxr_version>/);
  assert.ok(!text.includes('<script'), 'markup from the database reached the export unescaped');
  // The first byline is the author, the others Co-Authors Plus terms (every person a wp:author),
  // topics are tags, CommonMark is HTML.
  assert.match(text, /<wp:author_login>reporter<\/wp:author_login>\s*<wp:author_email><\/wp:author_email>\s*<wp:author_display_name>Rayhan Demytrie</);
  assert.match(text, /<dc:creator>reporter<\/dc:creator>/);
  assert.match(text, /<category domain="author" nicename="cap-editor">editor<\/category>/, 'a second byline');
  assert.match(text, /<category domain="post_tag" nicename="kyrgyzstan">Kyrgyzstan<\/category>/);
  assert.ok(text.includes('&lt;a href=&quot;https://www.bbc.co.uk/news&quot;&gt;demanded&lt;/a&gt;'), 'a link is a link in WordPress');
  const back = path.join(dir, 'back.db');
  mustRun(process.env.NEWSDESK_BIN, ['init', '--db', back]);
  r = newsdesk(['import', 'wordpress', '--db', back, xml], T);
  assert.equal(r.status, 0, r.stderr);
  const q = `SELECT a.id, s.slug AS section, a.slug, a.headline, a.intro, a.status, a.published_at,
    (SELECT json_group_array(text) FROM (SELECT text FROM blocks b WHERE b.article_id = a.id
      AND b.kind = 'paragraph' ORDER BY position)) AS paragraphs,
    (SELECT count(*) FROM blocks b WHERE b.article_id = a.id AND b.kind = 'box') AS boxes,
    (SELECT json_group_array(who) FROM (SELECT p.slug || ' ' || p.name AS who FROM bylines b
      JOIN people p ON p.id = b.person_id WHERE b.article_id = a.id ORDER BY b.position)) AS bylines,
    (SELECT json_group_array(name) FROM (SELECT t.name FROM article_topics x JOIN topics t ON t.id = x.topic_id
      WHERE x.article_id = a.id ORDER BY x.position)) AS topics
    FROM articles a JOIN sections s ON s.id = a.section_id ORDER BY a.slug, s.slug`;
  const before = rows(original, q);
  const after = rows(back, q);
  assert.equal(after.length, before.length);
  for (let i = 0; i < before.length; i++) {
    const x = before[i];
    const y = after[i];
    for (const k of ['section', 'slug', 'headline', 'intro', 'published_at', 'bylines', 'topics']) {
      assert.equal(y[k], x[k], `${x.section}/${x.slug}: ${k}`);
    }
    // WordPress has no "unpublished": such an article goes as a draft.
    assert.equal(y.status, x.status === 'unpublished' ? 'draft' : x.status, `${x.section}/${x.slug}: status`);
    if (!x.boxes) assert.equal(y.paragraphs, x.paragraphs, `${x.section}/${x.slug}: paragraphs`);
  }
});

// The .part file is made new: a symlink there (or a stale file) is refused by name, its target
// never written.
test('export wordpress refuses a symlink at OUT.part and leaves its target alone', () => {
  const out = path.join(dir, 'linked.xml');
  const target = path.join(dir, 'not-to-be-written');
  fs.symlinkSync(target, `${out}.part`);
  const r = newsdesk(['export', 'wordpress', '--db', original, '--base-url', SITE, out], T);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /linked\.xml\.part/);
  assert.ok(!fs.existsSync(target), 'the symlink was followed');
  assert.ok(!fs.existsSync(out));
  assert.ok(fs.lstatSync(`${out}.part`).isSymbolicLink(), 'the stale .part is left for its owner');
});
