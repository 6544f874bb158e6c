'use strict';
// Hostile text that is still text, through nginx: Unicode noncharacters are refused at the form
// like bad bytes; whatever the database holds (noncharacters, C0 controls, bytes that are not
// UTF-8), every feed and sitemap stays XML that parses and validates; an intro of markup reaches
// RSS and Atom readers as text, never as an element; a textarea's leading newlines survive
// opening the edit form and saving it unchanged.

const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, decodeEntities, assertTidy } = require('../lib/stack.js');
const { addUser, dump, rows, Client, articleFields, formFields, formArticle, fieldErrors, summaryErrors } = require('../lib/admin.js');
const { wellFormed, relaxng, xsd, elements, decodeXml, startTags } = require('../lib/xml.js');

let Parser;
try {
  Parser = require('rss-parser');
} catch (e) {
  throw new Error('rss-parser is not installed: run npm ci (it is a devDependency) first');
}

const NOW = '2010-04-17T08:30:00Z';
const PW = 'a long enough password 1';
const SECTIONS = ['americas', 'africa', 'europe', 'middle-east', 'south-asia', 'asia-pacific'];
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
const GULF = '/news/middle-east/gulf-airlines-cancel-european-flights-as-ash-cloud-spreads';
const HOUSING = '/news/asia-pacific/has-chinas-housing-bubble-burst';
const IMG = '<img src=x onerror=alert(1)>';
const FFFD = '\uFFFD';

// Characters XML 1.0 forbids, and the noncharacters we refuse as well.
function forbiddenIn(text) {
  const bad = [];
  for (const ch of text) {
    const c = ch.codePointAt(0);
    const control = c < 0x20 && c !== 0x9 && c !== 0xA && c !== 0xD;
    const nonchar = (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) === 0xFFFE;
    const surrogate = c >= 0xD800 && c <= 0xDFFF;
    if (control || nonchar || surrogate) bad.push(`U+${c.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  return bad;
}

// GET as bytes, so that nothing between the server and the checks repairs them.
async function getBytes(stack, p) {
  const res = await fetch(stack.base + p, { redirect: 'manual' });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type') || '', bytes };
}

// The feeds and sitemaps, each with the check of its schema.
function xmlDocuments() {
  const docs = [['/feeds/atom.xml', 'atom'], ['/feeds/rss.xml', 'rss'], ['/sitemap.xml', 'siteindex'],
    ['/sitemaps/sections.xml', 'sitemap'], ['/sitemaps/articles/1.xml', 'sitemap'], ['/sitemap-news.xml', 'sitemap']];
  for (const s of SECTIONS) docs.push([`/feeds/${s}/atom.xml`, 'atom'], [`/feeds/${s}/rss.xml`, 'rss']);
  return docs;
}

const validators = {
  atom: (t) => relaxng('atom.rng', t),
  rss: (t) => relaxng('rss2.rng', t),
  sitemap: (t) => xsd('sitemap.xsd', t),
  siteindex: (t) => xsd('siteindex.xsd', t),
};

const parser = new Parser();

describe('noncharacters in a form field are refused like bytes that are not text', () => {
  let stack;
  let ed;
  before(async () => {
    stack = await startStack({ demo: true, now: NOW, beforeServe: (db) => addUser(db, 'ed', PW) });
    ed = new Client(stack.base);
    await ed.login('ed', PW);
  });
  after(async () => { if (stack) await stack.stop(); });

  let serial = 0;
  const article = (over) => ({
    headline: `Noncharacters at the door ${++serial}`, slug: '', section: 'europe',
    intro: 'An intro.', blocks: [{ kind: 'paragraph', text: 'A paragraph.' }], action: 'save', ...over,
  });
  const NONCHARS = [0xFDD0, 0xFDE7, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x1FFFF, 0x5FFFE, 0x10FFFE, 0x10FFFF];

  for (const cp of NONCHARS) {
    const name = `U+${cp.toString(16).toUpperCase()}`;
    test(`${name} in the headline, the intro or a paragraph: 422, the field named, shown as U+FFFD, nothing saved`, async () => {
      const ch = String.fromCodePoint(cp);
      for (const [field, over] of [
        ['headline', { headline: `Ash ${ch} cloud ${++serial}` }],
        ['intro', { intro: `An ${ch} intro.` }],
        ['paragraph', { blocks: [{ kind: 'paragraph', text: `Line one\n${ch}\nline two` }] }],
      ]) {
        const before = dump(stack.dbPath);
        const r = await ed.post('/admin/articles/new', articleFields(article(over)));
        assert.equal(r.status, 422, `${name} in the ${field}: status ${r.status}`);
        assert.ok(summaryErrors(r.body).items.some((e) => e.includes('contains bytes that are not text')),
          `${name} in the ${field}: ${JSON.stringify(summaryErrors(r.body))}`);
        assert.ok(fieldErrors(r.body).some((e) => e.includes('not text')), `${name} in the ${field}: no message beside it`);
        assert.ok(!r.body.includes(ch), `${name} in the ${field}: the page shows it back as it came`);
        const shown = formArticle(r.body);
        const value = field === 'paragraph' ? shown.blocks[0].text : shown[field];
        assert.ok(value.includes(FFFD), `${name} in the ${field}: not shown as U+FFFD: ${JSON.stringify(value)}`);
        assert.equal(dump(stack.dbPath), before, `${name} in the ${field}: something was saved`);
      }
    });
  }

  test('their neighbours are characters, and are kept exactly', async () => {
    const text = 'Edges \uFDCF \uFDF0 \uFFFC \uFFFD \u{1FFFD} \u{10000} \u{10FFFD} end';
    const r = await ed.post('/admin/articles/new', articleFields(article({ headline: text, intro: text })));
    assert.equal(r.status, 303, `status ${r.status}: ${JSON.stringify(summaryErrors(r.body))}`);
    const saved = rows(stack.dbPath, "SELECT headline, intro FROM articles WHERE headline LIKE 'Edges %'");
    assert.deepEqual(saved, [{ headline: text, intro: text }]);
  });

  test('a search for a noncharacter gets no 5xx and is not echoed', async () => {
    const r = await stack.get(`/search?q=${encodeURIComponent('ash \uFFFF')}`);
    assert.ok(r.status < 500, `status ${r.status}`);
    assert.ok(!r.body.includes('\uFFFF'), 'the noncharacter is echoed');
    assert.ok(r.body.includes('characters that are not text'), 'no word about the characters left out');
  });
});

describe('whatever the database holds, every feed and sitemap is XML', () => {
  // Written past the form, as an import or an older version could have: U+FFFF and a control
  // byte in the seed's headline (the brief), more in its intro, bytes that are not UTF-8 in
  // another headline, a control character in a section's name.
  const SQL = `
    UPDATE articles SET headline = 'Kyrgyz ' || char(65535) || char(1) || ' ex-leader',
      intro = 'A' || char(65534) || 'B' || char(64976) || 'C' || char(131071) || 'D' ||
        char(1114111) || 'E' || char(11) || 'F' || char(31) || 'G' || CAST(X'C3' AS TEXT) ||
        'H' || CAST(X'EDA080' AS TEXT) || 'I' || char(9) || 'J' || char(12) || 'K'
      WHERE id = 1;
    UPDATE articles SET headline = 'Gulf ' || CAST(X'FF' AS TEXT) || char(8) || ' airlines' WHERE id = 23;
    UPDATE sections SET name = 'Asia' || char(2) || ' Pacific' WHERE slug = 'asia-pacific';
  `;
  // A noncharacter or a byte that is not UTF-8 becomes U+FFFD; ctemplate's xml_escape has
  // already made a C0 control a space.
  const HEADLINE = `Kyrgyz ${FFFD}  ex-leader`;
  const INTRO = `A${FFFD}B${FFFD}C${FFFD}D${FFFD}E F G${FFFD}H${FFFD}${FFFD}${FFFD}I\tJ K`;
  const GULF_HEADLINE = `Gulf ${FFFD}  airlines`;
  let stack;
  before(async () => { stack = await startStack({ demo: true, now: NOW, sql: SQL }); });
  after(async () => { if (stack) await stack.stop(); });

  test('the database does hold them (the test is not vacuous)', () => {
    const [a] = rows(stack.dbPath, "SELECT hex(headline) AS h FROM articles WHERE id = 1");
    assert.equal(a.h, Buffer.from('Kyrgyz \uFFFF\u0001 ex-leader').toString('hex').toUpperCase());
  });

  for (const [p, kind] of xmlDocuments()) {
    test(`${p}: UTF-8, no character XML forbids, well-formed, valid against its schema`, async () => {
      const r = await getBytes(stack, p);
      assert.equal(r.status, 200, `${p}: status ${r.status}`);
      assert.match(r.type, /xml/, `${p}: content type ${r.type}`);
      const wf = wellFormed(r.bytes);
      assert.ok(wf.ok, `${p} is not well-formed:\n${wf.output.slice(0, 2000)}`);
      const valid = validators[kind](r.bytes);
      assert.ok(valid.ok, `${p} is not valid:\n${valid.output.slice(0, 2000)}`);
      let text;
      assert.doesNotThrow(() => { text = new TextDecoder('utf-8', { fatal: true }).decode(r.bytes); }, `${p} is not UTF-8`);
      assert.deepEqual(forbiddenIn(text), [], `${p} holds characters XML forbids`);
    });
  }

  test('feeds show each forbidden character as U+FFFD (a control as a space) and keep everything else', async () => {
    for (const p of ['/feeds/atom.xml', '/feeds/rss.xml', '/feeds/asia-pacific/atom.xml', '/feeds/asia-pacific/rss.xml']) {
      const feed = await parser.parseString((await getBytes(stack, p)).bytes.toString('utf8'));
      const item = feed.items.find((i) => i.link.endsWith(SEED));
      assert.ok(item, `${p}: no seed entry`);
      assert.equal(item.title, HEADLINE, `${p}: title`);
      const intro = p.endsWith('rss.xml') ? decodeEntities(item.content) : item.summary;
      assert.equal(intro, INTRO, `${p}: intro`);
      const gulf = feed.items.find((i) => i.link.endsWith(GULF));
      if (gulf) assert.equal(gulf.title, GULF_HEADLINE, `${p}: a headline with a byte that is not UTF-8`);
    }
    const rss = await parser.parseString((await getBytes(stack, '/feeds/asia-pacific/rss.xml')).bytes.toString('utf8'));
    assert.equal(rss.title, 'BBC News - Asia  Pacific', 'the section feed\'s title, from the section name');
  });

  test('the news sitemap shows the headlines with U+FFFD', async () => {
    const body = (await getBytes(stack, '/sitemap-news.xml')).bytes.toString('utf8');
    const titles = elements(body, 'news:title').map((t) => decodeXml(t));
    assert.ok(titles.includes(HEADLINE), `no ${JSON.stringify(HEADLINE)} in ${JSON.stringify(titles)}`);
    assert.ok(titles.includes(GULF_HEADLINE), JSON.stringify(titles));
  });
});

describe('an intro of markup is text in every feed reader', () => {
  let stack;
  before(async () => {
    stack = await startStack({
      demo: true,
      now: NOW,
      sql: `UPDATE articles SET intro = '${IMG} & <b>bold</b> &amp; "q"' WHERE id = 2;
        UPDATE sections SET name = 'Africa ${IMG}' WHERE slug = 'africa';`,
    });
  });
  after(async () => { if (stack) await stack.stop(); });
  const INTRO = `${IMG} & <b>bold</b> &amp; "q"`;

  // The entry of article 2 in a feed's XML.
  function entryOf(xml, tag, link) {
    const found = elements(xml, tag).find((e) => e.includes(link));
    assert.ok(found, `no ${tag} links ${link}`);
    return found;
  }

  for (const p of ['/feeds/rss.xml', '/feeds/asia-pacific/rss.xml']) {
    test(`${p}: the description, once XML-decoded, is HTML that shows the intro's characters`, async () => {
      const xml = (await stack.get(p)).body;
      const item = entryOf(xml, 'item', `${stack.base}${HOUSING}`);
      const html = decodeXml(elements(item, 'description')[0]);
      assert.ok(!html.includes('<img') && !html.includes('<b>'), `markup a reader renders: ${html}`);
      assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), `not escaped for HTML: ${html}`);
      assert.equal(decodeEntities(html), INTRO, 'a reader that decodes the HTML sees the intro');
      assert.ok(relaxng('rss2.rng', xml).ok, `${p} is not valid RSS`);
    });
  }

  test('/feeds/africa/rss.xml: the channel description, from a section name, is text too', async () => {
    const xml = (await stack.get('/feeds/africa/rss.xml')).body;
    const html = decodeXml(elements(xml.replace(/<item>[\s\S]*<\/item>/, ''), 'description')[0]);
    assert.ok(!html.includes('<img'), `markup a reader renders: ${html}`);
    assert.equal(decodeEntities(html), `The latest stories from BBC News - Africa ${IMG}`);
  });

  for (const p of ['/feeds/atom.xml', '/feeds/asia-pacific/atom.xml']) {
    test(`${p}: the summary is a text construct holding the intro`, async () => {
      const xml = (await stack.get(p)).body;
      const entry = entryOf(xml, 'entry', `${stack.base}${HOUSING}`);
      const [summary] = startTags(entry, 'summary');
      assert.ok(summary.type === undefined || summary.type === 'text', `summary type ${summary.type}`);
      assert.equal(decodeXml(elements(entry, 'summary')[0]), INTRO);
      assert.ok(!/<summary[^>]*>[^<]*<img/.test(entry), 'an element inside the summary');
      assert.ok(relaxng('atom.rng', xml).ok, `${p} is not valid Atom`);
    });
  }
});

describe('a textarea keeps its leading newlines through the edit form', () => {
  const NL = '\n';
  const TEXTS = {
    intro: `${NL}An intro after a newline.`,
    p1: `${NL}One leading newline.`,
    p2: `${NL}${NL}Two leading newlines.`,
    box: `${NL}A box paragraph.${NL}${NL}Its second paragraph.`,
    media: `${NL}${NL}${NL}A caption after three newlines.`,
  };
  const q = (s) => `'${s.split(NL).join("' || char(10) || '")}'`;
  const SQL = `
    UPDATE articles SET intro = ${q(TEXTS.intro)} WHERE id = 3;
    DELETE FROM blocks WHERE article_id = 3;
    INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
      (3, 1, 'paragraph', ${q(TEXTS.p1)}, '', '', '', ''),
      (3, 2, 'paragraph', ${q(TEXTS.p2)}, '', '', '', ''),
      (3, 3, 'box', ${q(TEXTS.box)}, '/static/img/rayhan-demytrie.svg', 'Jane Reporter', 'Jane Reporter, BBC News', ''),
      (3, 4, 'media', ${q(TEXTS.media)}, '/static/img/osh-rally-poster.svg', '', '', 'https://media.example.org/a.mp4');
  `;
  let stack;
  let ed;
  before(async () => {
    stack = await startStack({ demo: true, now: NOW, sql: SQL, beforeServe: (db) => addUser(db, 'ed', PW) });
    ed = new Client(stack.base);
    await ed.login('ed', PW);
  });
  after(async () => { if (stack) await stack.stop(); });

  const stored = () => ({
    intro: rows(stack.dbPath, 'SELECT intro FROM articles WHERE id = 3')[0].intro,
    blocks: rows(stack.dbPath, 'SELECT text FROM blocks WHERE article_id = 3 ORDER BY position').map((b) => b.text),
  });

  test('the database holds the newlines (the test is not vacuous)', () => {
    assert.deepEqual(stored(), { intro: TEXTS.intro, blocks: [TEXTS.p1, TEXTS.p2, TEXTS.box, TEXTS.media] });
  });

  test('each textarea, read as an HTML parser does (one leading LF dropped), holds the stored text', async () => {
    const r = await ed.get('/admin/articles/3');
    assert.equal(r.status, 200);
    assertTidy(r.body, 'the edit form');
    const a = formArticle(r.body);
    assert.equal(a.intro, TEXTS.intro, 'intro');
    assert.deepEqual(a.blocks.map((b) => b.text), [TEXTS.p1, TEXTS.p2, TEXTS.box, TEXTS.media], 'block texts');
  });

  test('saving the form unchanged keeps every leading newline', async () => {
    const before = stored();
    const page = await ed.get('/admin/articles/3');
    const fields = formFields(page.body).filter(([k]) => k !== 'action');
    const r = await ed.post('/admin/articles/3', [...fields, ['action', 'save']]);
    assert.equal(r.status, 303, `save: ${r.status} ${JSON.stringify(summaryErrors(r.body))}`);
    assert.deepEqual(stored(), before);
  });
});
