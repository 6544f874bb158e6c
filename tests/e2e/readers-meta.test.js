'use strict';
// Structured data on article pages, through nginx and newsdesk with the clock pinned:
// NewsArticle JSON-LD (parses as JSON, has the fields, dateModified the same instant as the
// visible "Page last updated" time), OpenGraph and Twitter card tags, absolute URLs (from the
// request, or from base_url), and hostile headlines, intros and image URLs that stay inside
// their JSON string or attribute.

const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { SRC, startStack, assertTidy, decodeEntities, count, sqlite } = require('../lib/stack.js');

const NOW = '2010-04-17T08:30:00Z';
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
const HEADLINE = 'Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan';
const INTRO = 'Deposed Kyrgyzstan President Kurmanbek Bakiyev has left the country and flown to neighbouring Kazakhstan.';
const NO_IMAGE = '/news/asia-pacific/deadly-clashes-in-bangkok-as-troops-confront-protesters';

// The seed's lead picture is uploaded at init --demo (1600x900): previews name its 1200-pixel JPEG.
function seedPreview(dbPath) {
  const url = sqlite(dbPath, "SELECT image_url FROM articles WHERE slug = 'kurmanbek-bakiyev-flies-to-kazakhstan';\n").trim();
  assert.match(url, /^\/photos\/[0-9a-f]{32}\/1600\.jpg$/);
  return url.replace(/1600\.jpg$/, '1200.jpg');
}

// The JSON-LD blocks of a page: [{raw, data}] (data is undefined when JSON.parse fails).
function jsonLd(html) {
  const out = [];
  const re = /<script\b[^>]*\btype\s*=\s*"application\/ld\+json"[^>]*>([\s\S]*?)<\/script\s*>/gi;
  let m;
  while ((m = re.exec(html))) {
    let data;
    let error;
    try { data = JSON.parse(m[1]); } catch (e) { error = e.message; }
    out.push({ raw: m[1], data, error });
  }
  return out;
}

// The one NewsArticle of a page, parsed.
function newsArticle(html, label) {
  const blocks = jsonLd(html);
  assert.equal(blocks.length, 1, `${label}: ${blocks.length} JSON-LD blocks, expected 1`);
  assert.equal(blocks[0].error, undefined, `${label}: JSON-LD does not parse: ${blocks[0].error}\n${blocks[0].raw}`);
  return blocks[0].data;
}

// <meta property|name=KEY content=VALUE> of the head: {key: [values]}.
function metas(html) {
  const head = (/<head\b[^>]*>([\s\S]*?)<\/head>/i.exec(html) || [])[1] || '';
  const out = {};
  for (const tag of head.match(/<meta\b[^>]*>/gi) || []) {
    const attr = (n) => {
      const m = new RegExp(`\\b${n}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
      return m ? decodeEntities(m[2] !== undefined ? m[2] : m[3]) : undefined;
    };
    const key = attr('property') || attr('name');
    if (!key) continue;
    (out[key] = out[key] || []).push(attr('content'));
  }
  return out;
}

function one(meta, key, label) {
  assert.ok(meta[key], `${label}: no <meta> ${key}`);
  assert.equal(meta[key].length, 1, `${label}: ${meta[key].length} <meta> ${key}`);
  return meta[key][0];
}

function canonical(html) {
  const tag = (html.match(/<link\b[^>]*>/gi) || []).find((l) => /\brel\s*=\s*"canonical"/i.test(l));
  return tag ? decodeEntities(/\bhref\s*=\s*"([^"]*)"/i.exec(tag)[1]) : null;
}

// The datetime of the "Page last updated" <time>.
function updatedTime(html) {
  const p = /<p\b[^>]*class="updated"[^>]*>([\s\S]*?)<\/p>/i.exec(html);
  assert.ok(p, 'no "Page last updated" paragraph');
  assert.match(p[1], /Page last updated at/);
  const t = /<time\b[^>]*\bdatetime\s*=\s*"([^"]*)"/i.exec(p[1]);
  assert.ok(t, 'the "Page last updated" line has no <time datetime>');
  return t[1];
}

const RFC3339_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;
const isAbsolute = (u) => { try { return /^https?:$/.test(new URL(u).protocol); } catch (e) { return false; } };
const imagesOf = (ld) => (Array.isArray(ld.image) ? ld.image : [ld.image])
  .map((i) => (i && typeof i === 'object' ? i.url : i));

describe('the seed article at 2010-04-17T08:30:00Z', () => {
  let stack;
  before(async () => { stack = await startStack({ demo: true, now: NOW }); });
  after(async () => { if (stack) await stack.stop(); });

  test('NewsArticle JSON-LD parses and has the fields', async () => {
    const r = await stack.get(SEED);
    assert.equal(r.status, 200);
    const ld = newsArticle(r.body, SEED);
    const url = `${stack.base}${SEED}`;
    assert.equal(ld['@context'], 'https://schema.org');
    assert.equal(ld['@type'], 'NewsArticle');
    assert.equal(ld.headline, HEADLINE);
    assert.equal(ld.description, INTRO);
    assert.equal(ld.url, url, 'url is the absolute address of the page');
    assert.equal(canonical(r.body), url, 'canonical link and JSON-LD url agree');
    const images = imagesOf(ld);
    assert.ok(images.length >= 1 && images.every(isAbsolute), `image must be absolute: ${JSON.stringify(ld.image)}`);
    assert.equal(images[0], `${stack.base}${seedPreview(stack.dbPath)}`);
    assert.equal((await stack.get(new URL(images[0]).pathname)).status, 200, 'the image is served');
    assert.deepEqual([ld.image[0].width, ld.image[0].height], [1200, 675], 'its size');
    assert.match(ld.datePublished, RFC3339_OFFSET);
    assert.match(ld.dateModified, RFC3339_OFFSET);
    assert.equal(ld.datePublished, '2010-04-15T15:51:00+00:00');
    assert.equal(ld.dateModified, '2010-04-15T17:05:00+00:00');
    assert.equal(ld.articleSection, 'Asia Pacific');
    assert.equal(ld.publisher['@type'], 'Organization', 'publisher @type');
    assert.equal(ld.publisher.name, 'BBC', 'publisher is the publisher from the config');
    // The author is the byline's person (sql/demo.sql), with the address of their page.
    assert.deepEqual(ld.author.map((p) => [p['@type'], p.name]), [['Person', 'Rayhan Demytrie']]);
    assert.match(ld.author[0].url, /\/people\/rayhan-demytrie$/);
  });

  test('dateModified, article:modified_time and the visible "Page last updated" time are one instant', async () => {
    const r = await stack.get(SEED);
    const ld = newsArticle(r.body, SEED);
    const visible = updatedTime(r.body);
    const meta = metas(r.body);
    const instant = Date.parse('2010-04-15T17:05:00Z');
    assert.equal(Date.parse(visible), instant, `visible <time datetime="${visible}">`);
    assert.equal(Date.parse(ld.dateModified), instant);
    assert.equal(Date.parse(one(meta, 'article:modified_time', SEED)), instant);
    assert.match(r.body, /17:05 GMT, Thursday, 15 April 2010/, 'the visible text of that instant');
    // The print view says the same.
    const p = await stack.get(`${SEED}/print`);
    assert.equal(Date.parse(updatedTime(p.body)), instant);
    assert.equal(Date.parse(newsArticle(p.body, `${SEED}/print`).dateModified), instant);
  });

  test('OpenGraph and Twitter card tags', async () => {
    const r = await stack.get(SEED);
    const meta = metas(r.body);
    const ld = newsArticle(r.body, SEED);
    const url = `${stack.base}${SEED}`;
    const image = `${stack.base}${seedPreview(stack.dbPath)}`;
    const want = {
      'og:image:width': '1200',
      'og:image:height': '675',
      'og:type': 'article',
      'og:title': HEADLINE,
      'og:description': INTRO,
      'og:url': url,
      'og:image': image,
      'article:published_time': '2010-04-15T15:51:00+00:00',
      'article:modified_time': '2010-04-15T17:05:00+00:00',
      'article:section': 'Asia Pacific',
      'twitter:card': 'summary_large_image',
      'twitter:title': HEADLINE,
      'twitter:description': INTRO,
      'twitter:image': image,
    };
    for (const [k, v] of Object.entries(want)) assert.equal(one(meta, k, SEED), v, `<meta> ${k}`);
    assert.equal(one(meta, 'og:site_name', SEED), 'BBC News');
    assert.equal(one(meta, 'description', SEED), INTRO);
    assert.equal(one(meta, 'og:url', SEED), ld.url, 'og:url and JSON-LD url agree');
    assert.equal(one(meta, 'og:image', SEED), imagesOf(ld)[0], 'og:image and JSON-LD image agree');
    // The OpenGraph properties use property=, Twitter's name=.
    assert.match(r.body, /<meta\s+property="og:title"/);
    assert.match(r.body, /<meta\s+name="twitter:card"/);
  });

  test('an article without an image: no image anywhere, a summary card, JSON-LD still parses', async () => {
    const r = await stack.get(NO_IMAGE);
    assert.equal(r.status, 200);
    const ld = newsArticle(r.body, NO_IMAGE);
    assert.equal(ld['@type'], 'NewsArticle');
    assert.equal(ld.image, undefined, 'no image in the JSON-LD');
    const meta = metas(r.body);
    assert.equal(meta['og:image'], undefined);
    assert.equal(one(meta, 'twitter:card', NO_IMAGE), 'summary');
    assert.equal(ld.url, `${stack.base}${NO_IMAGE}`);
  });

  test('pages that are not articles carry no NewsArticle', async () => {
    for (const p of ['/', '/news/asia-pacific', '/search?q=Bakiyev']) {
      const r = await stack.get(p);
      assert.equal(jsonLd(r.body).filter((b) => b.data && b.data['@type'] === 'NewsArticle').length, 0, p);
      assert.equal(metas(r.body)['og:type'], undefined, `${p}: og:type article on a list page`);
    }
  });
});

describe('base_url in the config', () => {
  let stack;
  let dir;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-meta-cfg-'));
    const cfg = path.join(dir, 'newsdesk.conf');
    fs.writeFileSync(cfg, `${fs.readFileSync(path.join(SRC, 'deploy', 'newsdesk.conf'), 'utf8')}\nbase_url = https://news.example.org\n`);
    stack = await startStack({ demo: true, now: NOW, config: cfg });
  });
  after(async () => {
    if (stack) await stack.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('JSON-LD, OpenGraph and Twitter URLs are under base_url', async () => {
    const r = await stack.get(SEED);
    const ld = newsArticle(r.body, SEED);
    const meta = metas(r.body);
    const url = `https://news.example.org${SEED}`;
    assert.equal(ld.url, url);
    assert.equal(one(meta, 'og:url', SEED), url);
    assert.equal(canonical(r.body), url);
    const image = `https://news.example.org${seedPreview(stack.dbPath)}`;
    assert.equal(imagesOf(ld)[0], image);
    assert.equal(one(meta, 'og:image', SEED), image);
    assert.equal(one(meta, 'twitter:image', SEED), image);
  });
});

describe('hostile text in the headline, intro, section name and image URL', () => {
  const HEADLINE_X = '</script><script>alert(1)</script>"\'&';
  const INTRO_X = '<!--<script>alert(2)</script> \\u003c/script> </SCRIPT > \u2028\u2029 "quoted" \\ back\\slash \u{1F4F0}';
  const IMAGE_X = 'https://img.example.org/a.png?x="><script>alert(3)</script>&y=\'1\'';
  const SECTION_X = 'Asia </script> Pacific';
  const q = (s) => `'${s.replace(/'/g, "''")}'`;
  let stack;
  let plain;
  before(async () => {
    stack = await startStack({
      demo: true,
      now: NOW,
      sql: `UPDATE articles SET headline = ${q(HEADLINE_X)}, intro = ${q(INTRO_X)}, image_url = ${q(IMAGE_X)}
              WHERE id = 1;
            UPDATE sections SET name = ${q(SECTION_X)} WHERE slug = 'asia-pacific';`,
    });
    plain = await startStack({ demo: true, now: NOW });
  });
  after(async () => {
    if (stack) await stack.stop();
    if (plain) await plain.stop();
  });

  test('the hostile values stay inside the JSON string: one script, JSON.parse works, values round-trip', async () => {
    const r = await stack.get(SEED);
    assert.equal(r.status, 200);
    const normal = await plain.get(SEED);
    assert.equal(count(r.body.toLowerCase(), '<script'), count(normal.body.toLowerCase(), '<script'),
      'the hostile headline added a <script> element');
    assert.equal(count(r.body.toLowerCase(), '</script'), count(normal.body.toLowerCase(), '</script'),
      'the hostile headline added a </script> end tag');
    const ld = newsArticle(r.body, SEED);
    assert.equal(ld.headline, HEADLINE_X);
    assert.equal(ld.description, INTRO_X);
    assert.equal(ld.articleSection, SECTION_X);
    assert.equal(imagesOf(ld)[0], IMAGE_X);
    // Inside the script element nothing may end it early or start an HTML comment that
    // would hide its end tag from the parser ("<!--<script>" script-data escape states).
    const raw = jsonLd(r.body)[0].raw;
    assert.ok(!/<\/script/i.test(raw), `"</script" inside the JSON-LD: ${raw}`);
    assert.ok(!/<!--/.test(raw), `"<!--" inside the JSON-LD: ${raw}`);
    // Once the JSON ends, the element ends: the text after the script is the rest of the head.
    const after = r.body.slice(r.body.indexOf(raw) + raw.length);
    assert.match(after, /^<\/script>\s*<\/head>/i);
  });

  test('meta tags and the title hold the hostile values as text', async () => {
    const r = await stack.get(SEED);
    const meta = metas(r.body);
    assert.equal(one(meta, 'og:title', SEED), HEADLINE_X);
    assert.equal(one(meta, 'twitter:title', SEED), HEADLINE_X);
    assert.equal(one(meta, 'og:description', SEED), INTRO_X);
    assert.equal(one(meta, 'og:image', SEED), IMAGE_X);
    assert.equal(one(meta, 'article:section', SEED), SECTION_X);
    const title = /<title>([\s\S]*?)<\/title>/i.exec(r.body)[1];
    assert.equal(decodeEntities(title), `${HEADLINE_X} - BBC News`);
    const h1 = /<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(r.body)[1];
    assert.equal(decodeEntities(h1), HEADLINE_X);
    assertTidy(r.body, `GET ${SEED} with hostile text`);
  });

  test('the database holds exactly what the page shows', () => {
    const got = sqlite(stack.dbPath, 'SELECT headline FROM articles WHERE id = 1;').replace(/\n$/, '');
    assert.equal(got, HEADLINE_X);
  });
});
