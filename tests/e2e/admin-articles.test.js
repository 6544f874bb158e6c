'use strict';
// The article form through nginx, as an editor uses it: creating and publishing a whole article
// (box, media, related links, promos) and finding every field on the public page; validation
// (422, nothing saved, everything typed kept, a message beside each bad field); hostile text
// escaped everywhere; the stale-save conflict; moves (301); scheduling; unpublishing;
// revisions, diffs and restoring; the article list and its filters; the structural buttons.
//
// The clock is pinned (NOW) so ages and "Page last updated" are exact; a second stack on a copy
// of the database, a day later, shows what scheduling and later saves do.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, textOf, decodeEntities, links } = require('../lib/stack.js');
const {
  addUser, dump, rows, backup, Client, raw, articleFields, formFields, formArticle, idFromLocation,
  fieldErrors, summaryErrors, articleRows, revisionRows, diffRows,
} = require('../lib/admin.js');
const path = require('node:path');

const NOW = '2010-04-17T08:30:00Z';          // 09:30 in the UK (BST)
const LATER = '2010-04-18T09:30:00Z';        // a day later, 10:30 UK
const NOW_S = Date.parse(NOW) / 1000;
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
const PW = 'a long enough password 1';

let S;       // the stack, clock at NOW
let L;       // a later stack on a copy of S's database, clock at LATER
let ed;      // editor
let eve;     // another editor
let ann;     // admin

before(async () => {
  S = await startStack({
    demo: true,
    now: NOW,
    beforeServe: (db) => {
      addUser(db, 'ed', PW, 'editor');
      addUser(db, 'eve', PW, 'editor');
      addUser(db, 'ann', PW, 'admin');
    },
  });
  ed = new Client(S.base, { localAddress: '127.0.0.2' });
  eve = new Client(S.base, { localAddress: '127.0.0.3' });
  ann = new Client(S.base, { localAddress: '127.0.0.4' });
  await ed.login('ed', PW);
  await eve.login('eve', PW);
  await ann.login('ann', PW);
});

after(async () => {
  if (L) await L.stop();
  if (S) await S.stop();
});

// ---- helpers ----

let serial = 0;
function uniq(prefix) { serial += 1; return `${prefix} ${serial}`; }

// A whole article: image, sponsor, box, media, three links (the second needs registration).
function fullArticle(over = {}) {
  const headline = over.headline || uniq('Volcanic ash closes airports across Europe');
  return {
    headline,
    slug: '',
    section: 'europe',
    intro: 'Flights across northern Europe were grounded on Saturday as ash drifted south.',
    publish_at: '',
    image_url: '/static/img/ash-cloud.svg',
    image_alt: 'A plume of ash over the Eyjafjallajokull glacier',
    image_caption: 'The eruption sent ash seven miles into the sky',
    blocks: [
      { kind: 'paragraph', text: 'Airports from Dublin to Warsaw closed their runways.' },
      {
        kind: 'box', image: '/static/img/rayhan-demytrie.svg', name: 'Jane Reporter',
        byline: 'Jane Reporter, BBC News, Brussels',
        text: 'The departure boards here show nothing but cancellations.\n\nSome travellers have slept in the terminal for two nights.',
      },
      { kind: 'paragraph', text: 'Forecasters said the cloud could linger for days.' },
      { kind: 'media', media: 'https://media.example.org/ash-plume.mp4', image: '/static/img/osh-rally-poster.svg', text: 'Ash rises above the glacier' },
      { kind: 'paragraph', text: 'Airlines said they were losing $200m a day.' },
    ],
    sponsor: 'Sponsored by Ash Airways',
    sponsor_url: 'https://sponsor.example.com/ash?ref=news&x=1',
    links: [
      { source: 'Times Online', title: 'Ash cloud grounds flights', url: 'https://www.timesonline.co.uk/ash', time: '2010-04-17T08:30', reg: false },
      { source: 'FT', title: 'Airlines count the cost', url: 'https://www.ft.com/airlines?a=1&b=2', time: '2010-04-16T21:30', reg: true },
      { source: 'Reuters', title: 'Iceland volcano erupts again', url: 'http://reuters.example/iceland', time: '2010-04-10T12:00', reg: false },
    ],
    promos: '/news/asia-pacific/has-chinas-housing-bubble-burst\n/news/europe/why-royal-ballet-principal-sergei-polunin-quit\n',
    ...over,
  };
}

// A small valid article.
function smallArticle(over = {}) {
  return {
    headline: uniq('A small story'),
    slug: '',
    section: 'europe',
    intro: 'The intro of a small story.',
    blocks: [{ kind: 'paragraph', text: 'One paragraph.' }],
    ...over,
  };
}

// Creates an article (action publish by default); returns {id, res}.
async function create(client, a, action = 'publish') {
  const res = await client.post('/admin/articles/new', articleFields({ ...a, action }));
  const loc = idFromLocation(res.headers.location);
  assert.equal(res.status, 303, `create (${action}): ${res.status}\n${textOf(res.body).slice(0, 800)}`);
  assert.ok(loc, `Location ${res.headers.location}`);
  return { id: loc.id, done: loc.done, res };
}

// Loads the form of article id, applies change(form), posts it with action.
async function edit(client, id, change, action = 'save') {
  const page = await client.get(`/admin/articles/${id}`);
  assert.equal(page.status, 200, `GET /admin/articles/${id}`);
  const a = formArticle(page.body);
  if (change) change(a);
  return client.post(`/admin/articles/${id}`, articleFields({ ...a, action }));
}

// The parts of a public article page, read from its HTML.
function articleParts(html) {
  const story = /<article class="story">([\s\S]*?)<\/article>/.exec(html);
  assert.ok(story, 'the page has <article class="story">');
  const s = story[1];
  const h1 = /<h1>([\s\S]*?)<\/h1>/.exec(s);
  const lead = /<figure class="lead-image">\s*<img src="([^"]*)" alt="([^"]*)">\s*(?:<figcaption>([\s\S]*?)<\/figcaption>)?/.exec(s);
  const intro = /<p class="intro">([\s\S]*?)<\/p>/.exec(s);
  // Body: from after the intro to the story tools, in order.
  const bodyStart = intro.index + intro[0].length;
  const bodyEnd = s.indexOf('<div class="story-tools">');
  const body = s.slice(bodyStart, bodyEnd);
  const blocks = [];
  const re = /<aside class="box">([\s\S]*?)<\/aside>|<figure class="media">([\s\S]*?)<\/figure>|<p>([\s\S]*?)<\/p>/g;
  let m;
  while ((m = re.exec(body))) {
    if (m[1] !== undefined) {
      const img = /<img class="portrait" src="([^"]*)" alt="([^"]*)">/.exec(m[1]);
      const by = /<p class="byline">([\s\S]*?)<\/p>/.exec(m[1]);
      const paras = [...m[1].replace(/<p class="byline">[\s\S]*?<\/p>/, '').matchAll(/<p>([\s\S]*?)<\/p>/g)].map((x) => decodeEntities(x[1]));
      blocks.push({ kind: 'box', image: img ? decodeEntities(img[1]) : '', name: img ? decodeEntities(img[2]) : '', byline: by ? decodeEntities(by[1]) : '', paras });
    } else if (m[2] !== undefined) {
      const v = /<video controls preload="none" src="([^"]*)"(?: poster="([^"]*)")?><\/video>/.exec(m[2]);
      const cap = /<figcaption>([\s\S]*?)<\/figcaption>/.exec(m[2]);
      blocks.push({ kind: 'media', media: v ? decodeEntities(v[1]) : null, image: v && v[2] ? decodeEntities(v[2]) : '', text: cap ? decodeEntities(cap[1]) : null });
    } else {
      blocks.push({ kind: 'paragraph', text: decodeEntities(m[3]) });
    }
  }
  const tools = /<div class="story-tools">([\s\S]*?)<\/div>/.exec(s)[1];
  const sponsor = /<p class="sponsor">(?:<a href="([^"]*)" rel="sponsored noopener">([\s\S]*?)<\/a>|([\s\S]*?))<\/p>/.exec(tools);
  const related = [];
  const rel = /<section class="related"[\s\S]*?<\/section>/.exec(s);
  if (rel) {
    for (const li of rel[0].matchAll(/<li><span class="source">([\s\S]*?)<\/span> <a href="([^"]*)" rel="noopener">([\s\S]*?)<\/a>(<span class="registration"[^>]*>\*<\/span>)? - <time datetime="([^"]*)">([\s\S]*?)<\/time><\/li>/g)) {
      related.push({ source: decodeEntities(li[1]), url: decodeEntities(li[2]), title: decodeEntities(li[3]), reg: !!li[4], iso: li[5], age: decodeEntities(li[6]) });
    }
  }
  const promoSec = /<section class="promos"[\s\S]*?<\/section>/.exec(html);
  const promos = promoSec ? links(promoSec[0]).map((l) => ({ href: l.href, text: l.text })) : [];
  const title = /<title>([\s\S]*?)<\/title>/.exec(html);
  return {
    title: title ? decodeEntities(title[1]) : null,
    headline: h1 ? decodeEntities(h1[1]) : null,
    updated: textOf(/<p class="updated">([\s\S]*?)<\/p>/.exec(s)[1]),
    lead: lead ? { src: decodeEntities(lead[1]), alt: decodeEntities(lead[2]), caption: lead[3] !== undefined ? decodeEntities(lead[3]) : null } : null,
    intro: intro ? decodeEntities(intro[1]) : null,
    blocks,
    sponsor: sponsor ? { href: sponsor[1] !== undefined ? decodeEntities(sponsor[1]) : null, text: decodeEntities(sponsor[2] !== undefined ? sponsor[2] : sponsor[3]) } : null,
    disclaimer: rel ? textOf(/<p class="disclaimer">([\s\S]*?)<\/p>/.exec(rel[0])[1]) : null,
    footnote: rel ? /<p class="footnote">\* May require registration<\/p>/.test(rel[0]) : false,
    related,
    promos,
    preview: /class="preview-banner"/.test(html),
  };
}

// Every field of the form, compared with what was sent (slug may have been filled in).
function assertKept(sent, html, label, opts = {}) {
  const got = formArticle(html);
  assert.ok(got, `${label}: the page has the article form`);
  const skip = new Set(opts.skip || []);
  for (const k of ['headline', 'slug', 'section', 'intro', 'publish_at', 'image_url', 'image_alt',
    'image_caption', 'sponsor', 'sponsor_url', 'promos']) {
    if (skip.has(k)) continue;
    if (k === 'slug' && !sent.slug) continue;
    const want = opts.expect && k in opts.expect ? opts.expect[k] : (sent[k] === undefined ? '' : sent[k]);
    assert.equal(got[k], want, `${label}: field ${k} kept as typed`);
  }
  const wantBlocks = (sent.blocks || []).map((b) => ({
    kind: b.kind || 'paragraph', text: b.text || '', image: b.image || '', name: b.name || '',
    byline: b.byline || '', media: b.media || '',
  }));
  if (!skip.has('blocks')) assert.deepEqual(got.blocks, opts.expect && opts.expect.blocks || wantBlocks, `${label}: blocks kept`);
  const wantLinks = (sent.links || []).map((l) => ({
    source: l.source || '', title: l.title || '', url: l.url || '', time: l.time || '', reg: !!l.reg,
  }));
  if (!skip.has('links')) assert.deepEqual(got.links, opts.expect && opts.expect.links || wantLinks, `${label}: links kept`);
  return got;
}

// ---- the empty form ----

test('GET /admin/articles/new: an empty form with one paragraph, every section, the CSRF token', async () => {
  const r = await ed.get('/admin/articles/new');
  assert.equal(r.status, 200);
  const a = formArticle(r.body);
  assert.equal(a.headline, '');
  assert.equal(a.base_revision, '0');
  assert.equal(a.csrf, ed.csrf);
  assert.deepEqual(a.blocks, [{ kind: 'paragraph', text: '', image: '', name: '', byline: '', media: '' }]);
  assert.deepEqual(a.links, []);
  const opts = [...r.body.matchAll(/<option value="([a-z-]+)"/g)].map((m) => m[1]);
  for (const s of ['americas', 'africa', 'europe', 'middle-east', 'south-asia', 'asia-pacific']) {
    assert.ok(opts.includes(s), `section option ${s}`);
  }
  for (const label of ['Save', 'Preview', 'Publish', 'Add paragraph', 'Add box', 'Add media', 'Add link']) {
    assert.ok(r.body.includes(`>${label}</button>`), `a ${label} button`);
  }
  assert.match(r.body, /<button type="submit" name="action" value="preview" formtarget="_blank">Preview<\/button>/);
});

test('unknown article ids: 404 for GET and POST; a non-number is not a route', async () => {
  for (const p of ['/admin/articles/99999', '/admin/articles/99999/revisions']) {
    assert.equal((await ed.get(p)).status, 404, `GET ${p}`);
  }
  const before = dump(S.dbPath);
  const r = await ed.post('/admin/articles/99999', articleFields({ ...smallArticle(), action: 'save' }));
  assert.equal(r.status, 404);
  const r2 = await ed.post('/admin/articles/99999/revisions/1/restore', []);
  assert.equal(r2.status, 404);
  assert.equal(dump(S.dbPath), before);
  for (const p of ['/admin/articles/0', '/admin/articles/abc', '/admin/articles/-1', '/admin/articles/1x']) {
    assert.equal((await ed.get(p)).status, 404, `GET ${p}`);
  }
});

// ---- a whole article, published ----

let full;      // the article as sent
let fullId;

test('create a whole article and publish it: 303 ?done=published, the form shows a notice', async () => {
  full = fullArticle({ headline: 'Volcanic ash closes airports across Europe' });
  const { id, done } = await create(ed, full, 'publish');
  fullId = id;
  assert.equal(done, 'published');
  const page = await ed.get(`/admin/articles/${id}?done=published`);
  assert.equal(page.status, 200);
  assert.match(page.body, /<p class="notice" role="status">Published\.<\/p>/);
  assert.match(page.body, /<span class="status status-published">published<\/span>/);
  // The form holds exactly what was sent, the slug made from the headline, the time filled in.
  assertKept(full, page.body, 'after publishing', {
    expect: { publish_at: '2010-04-17T09:30', promos: full.promos },
  });
  assert.equal(formArticle(page.body).slug, 'volcanic-ash-closes-airports-across-europe');
  assert.match(page.body, /<a href="\/news\/europe\/volcanic-ash-closes-airports-across-europe">View on the site<\/a>/);
});

test('the public page shows every field as entered, in the seed\'s order', async () => {
  const r = await S.get('/news/europe/volcanic-ash-closes-airports-across-europe');
  assert.equal(r.status, 200);
  const p = articleParts(r.body);
  assert.equal(p.title, `${full.headline} - BBC News`);
  assert.equal(p.headline, full.headline);
  assert.equal(p.updated, 'Page last updated at 08:30 GMT, Saturday, 17 April 2010 09:30 UK');
  assert.deepEqual(p.lead, { src: full.image_url, alt: full.image_alt, caption: full.image_caption });
  assert.equal(p.intro, full.intro);
  assert.deepEqual(p.blocks, [
    { kind: 'paragraph', text: full.blocks[0].text },
    { kind: 'box', image: full.blocks[1].image, name: full.blocks[1].name, byline: full.blocks[1].byline,
      paras: ['The departure boards here show nothing but cancellations.', 'Some travellers have slept in the terminal for two nights.'] },
    { kind: 'paragraph', text: full.blocks[2].text },
    { kind: 'media', media: full.blocks[3].media, image: full.blocks[3].image, text: full.blocks[3].text },
    { kind: 'paragraph', text: full.blocks[4].text },
  ]);
  assert.deepEqual(p.sponsor, { href: full.sponsor_url, text: full.sponsor });
  assert.equal(p.disclaimer, 'The BBC is not responsible for the content of external internet sites');
  assert.deepEqual(p.related, [
    { source: 'Times Online', url: full.links[0].url, title: full.links[0].title, reg: false, iso: '2010-04-17T07:30:00Z', age: '1 hr ago' },
    { source: 'FT', url: full.links[1].url, title: full.links[1].title, reg: true, iso: '2010-04-16T20:30:00Z', age: '12 hrs ago' },
    { source: 'Reuters', url: full.links[2].url, title: full.links[2].title, reg: false, iso: '2010-04-10T11:00:00Z', age: '10 April 2010' },
  ]);
  assert.equal(p.footnote, true, 'the registration footnote shows');
  assert.deepEqual(p.promos.map((x) => x.href), [
    '/news/asia-pacific/has-chinas-housing-bubble-burst',
    '/news/europe/why-royal-ballet-principal-sergei-polunin-quit',
  ]);
  assert.match(p.promos[0].text, /Has China's housing bubble burst\?/);
  assert.equal(p.preview, false);
  assert.ok(r.body.includes('<a class="print" href="/news/europe/volcanic-ash-closes-airports-across-europe/print">Print</a>'));
  const print = await S.get('/news/europe/volcanic-ash-closes-airports-across-europe/print');
  assert.equal(print.status, 200);
  assert.ok(print.body.includes(full.blocks[2].text));
  // The text in reading order.
  const text = textOf(r.body);
  let at = 0;
  for (const piece of [full.headline, full.image_caption, full.intro, full.blocks[0].text, 'Jane Reporter, BBC News, Brussels',
    'Some travellers have slept', full.blocks[2].text, full.blocks[3].text, full.blocks[4].text, 'Print', full.sponsor,
    'Related Internet links', 'Times Online Ash cloud grounds flights - 1 hr ago', 'FT Airlines count the cost * - 12 hrs ago',
    'Reuters Iceland volcano erupts again - 10 April 2010', '* May require registration', 'Features and analysis']) {
    const i = text.indexOf(piece, at);
    assert.ok(i >= 0, `"${piece}" after position ${at} in the page text`);
    at = i + piece.length;
  }
});

test('the section page lists the new article at once; the admin list shows it first, published, by ed', async () => {
  const sec = await S.get('/news/europe');
  assert.equal(sec.status, 200);
  assert.ok(links(sec.body).some((l) => l.href === '/news/europe/volcanic-ash-closes-airports-across-europe' && l.text.includes(full.headline)),
    'the section page links the article');
  const list = await ed.get('/admin');
  const rowsNow = articleRows(list.body);
  assert.deepEqual(rowsNow[0], { id: fullId, headline: full.headline, status: 'published', section: 'Europe', editor: 'ed', changed: '17 April 2010, 09:30' });
});

test('preview: the article template with a banner "Preview: this is not saved"; nothing saved', async () => {
  const before = dump(S.dbPath);
  const a = fullArticle({ headline: 'A story only previewed' });
  const r = await ed.post('/admin/articles/new', articleFields({ ...a, action: 'preview' }));
  assert.equal(r.status, 200);
  const p = articleParts(r.body);
  assert.equal(p.preview, true);
  assert.match(textOf(r.body), /Preview: this is not saved/);
  assert.equal(p.headline, 'A story only previewed');
  assert.equal(p.intro, a.intro);
  assert.equal(p.blocks.length, 5);
  assert.equal(p.related.length, 3);
  assert.equal(dump(S.dbPath), before, 'a preview saves nothing');
  assert.equal((await S.get('/news/europe/a-story-only-previewed')).status, 404);
  // A preview of an existing article shows the typed change, and the stored one is untouched.
  const e = await edit(ed, fullId, (f) => { f.blocks[0].text = 'Changed only in the preview.'; }, 'preview');
  assert.equal(e.status, 200);
  assert.equal(articleParts(e.body).blocks[0].text, 'Changed only in the preview.');
  assert.equal(dump(S.dbPath), before);
  // A preview of a form with problems is the form again, 422.
  const bad = await ed.post('/admin/articles/new', articleFields({ ...a, intro: '', action: 'preview' }));
  assert.equal(bad.status, 422);
  assert.match(bad.body, /Nothing was saved: 1 thing\(s\) to fix/);
  assert.equal(dump(S.dbPath), before);
});

// ---- validation ----

// Each case: what to change in a valid article, the field whose message shows, the message.
const LONG = (n, ch = 'x') => ch.repeat(n);
const CASES = [
  ['no headline', (a) => { a.headline = ''; }, 'Write a headline.'],
  ['a headline of 301 characters', (a) => { a.headline = LONG(301, 'h'); }, 'Keep the headline to 300 characters.'],
  ['a slug with capitals and spaces', (a) => { a.slug = 'Bad Slug!'; }, /Use 1 to 100 of a-z, 0-9 and hyphens/],
  ['a Chinese headline and no slug', (a) => { a.headline = '北京'; a.slug = ''; }, /the headline gave none/],
  ['a slug with markup', (a) => { a.slug = '"><script>alert(1)</script>'; }, /Use 1 to 100 of a-z, 0-9 and hyphens|is too long/],
  ['no section', (a) => { a.section = ''; }, 'Choose a section.'],
  ['a section with markup', (a) => { a.section = '"><b>x</b>'; }, /Choose a section|is too long/],
  ['no intro', (a) => { a.intro = ''; }, 'Write the intro, the bold first paragraph.'],
  ['a javascript: image address', (a) => { a.image_url = 'javascript:alert(1)'; }, /must be a web address starting with https:\/\/ or http:\/\//],
  ['an image without alt text', (a) => { a.image_alt = ''; }, 'Describe the image for readers who cannot see it.'],
  ['a protocol-relative image address', (a) => { a.image_url = '//evil.example/x.png'; }, /must be a web address/],
  ['an image address with a quote', (a) => { a.image_url = 'https://example.com/a"onerror="alert(1)'; }, /must not contain spaces, quotes or angle brackets/],
  ['a data: sponsor link', (a) => { a.sponsor_url = 'data:text/html,<script>alert(1)</script>'; }, /must not contain|must be a web address/],
  ['a sponsor link without a sponsor', (a) => { a.sponsor = ''; }, 'Name the sponsor the link goes to.'],
  ['a publish time that does not exist', (a) => { a.publish_at = '2010-02-30T10:00'; }, /Give a date and time/],
  ['a publish time in the spring-forward gap', (a) => { a.publish_at = '2010-03-28T01:30'; }, /Give a date and time/],
  ['an empty paragraph', (a) => { a.blocks[0].text = ''; }, 'Write the paragraph or remove it.'],
  ['a box without a byline', (a) => { a.blocks[1].byline = ''; }, 'Give the box a byline.'],
  ['a javascript: portrait', (a) => { a.blocks[1].image = 'javascript:alert(1)'; }, /portrait address must start with https:\/\/, http:\/\/ or \//],
  ['a portrait without a name', (a) => { a.blocks[1].name = ''; }, 'Name the person in the portrait.'],
  ['media without an address', (a) => { a.blocks[3].media = ''; }, 'Give the address of the video or audio.'],
  ['a vbscript: media address', (a) => { a.blocks[3].media = 'vbscript:msgbox(1)'; }, /Media and poster addresses must start with/],
  ['a javascript: related link', (a) => { a.links[0].url = 'javascript:alert(1)'; }, 'The address must start with https:// or http://.'],
  ['a JavaScript: related link in capitals', (a) => { a.links[0].url = 'JaVaScRiPt:alert(1)'; }, 'The address must start with https:// or http://.'],
  ['a site path as a related link', (a) => { a.links[1].url = '/news/europe/x'; }, 'The address must start with https:// or http://.'],
  ['a related link with no title', (a) => { a.links[2].title = ''; }, 'Give the source, the title and the address.'],
  ['a related link with no source', (a) => { a.links[2].source = ''; }, 'Give the source, the title and the address.'],
  ['a related link with no time', (a) => { a.links[0].time = ''; }, /Give when the linked story was published/],
  ['a related link with a bad time', (a) => { a.links[0].time = '2010-04-31T10:00'; }, /Give when the linked story was published/],
  ['a promo that is not an article', (a) => { a.promos = '/news/europe/no-such-story\n'; }, /No article at europe\/no-such-story/],
  ['a promo that is not an address', (a) => { a.promos = 'http://evil.example/<b>\n'; }, /No article at/],
  ['21 promos', (a) => { a.promos = Array(21).fill('/news/asia-pacific/has-chinas-housing-bubble-burst').join('\n'); }, 'Give at most 20 articles.'],
  ['bytes that are not UTF-8 in the headline', (a) => { a.headline = raw('Bad%FF%FEbytes'); }, /contains bytes that are not text/],
  ['a control character in the intro', (a) => { a.intro = raw('Bell%07here'); }, /contains bytes that are not text/],
  ['a NUL in a paragraph', (a) => { a.blocks[0].text = raw('Nul%00here'); }, /contains bytes that are not text/],
  ['a newline in the one-line headline', (a) => { a.headline = raw('Two%0Alines'); }, /contains bytes that are not text/],
  ['an over-long image alt text', (a) => { a.image_alt = LONG(2001); }, 'is too long'],
  ['an over-long paragraph (300 KB)', (a) => { a.blocks[2].text = LONG(300 * 1024, 'p'); }, 'is too long'],
  ['an over-long related link address', (a) => { a.links[0].url = `https://example.com/${LONG(2100)}`; }, 'is too long'],
];

for (const [label, change, message] of CASES) {
  test(`validation: ${label} → 422, a message beside the field, everything typed kept, nothing saved`, async () => {
    const a = fullArticle({ headline: uniq('A valid story') });
    change(a);
    const before = dump(S.dbPath);
    const r = await ed.post('/admin/articles/new', articleFields({ ...a, action: 'publish' }));
    assert.equal(r.status, 422, `${label}: ${r.status}\n${textOf(r.body).slice(0, 600)}`);
    const sum = summaryErrors(r.body);
    assert.ok(sum, 'an error summary');
    assert.match(sum.heading, /^Nothing was saved: \d+ thing\(s\) to fix$/);
    const errs = fieldErrors(r.body);
    assert.ok(errs.length >= 1, 'a field-error span');
    const hit = errs.some((e) => (message instanceof RegExp ? message.test(e) : e.includes(message)));
    assert.ok(hit, `a field error matching ${message}; got ${JSON.stringify(errs)}`);
    assert.ok(sum.items.some((e) => (message instanceof RegExp ? message.test(e) : e.includes(message))),
      `the summary names it; got ${JSON.stringify(sum.items)}`);
    assert.equal(Number(/(\d+) thing/.exec(sum.heading)[1]), sum.items.length, 'the count matches the list');
    assert.equal(dump(S.dbPath), before, 'nothing saved');
    assertNoRawMarkup(r.body, `the 422 page for ${label}`);
    // Everything typed comes back (bytes that are not text as U+FFFD; a select cannot keep what it lacks).
    const shown = {};
    const expect = {};
    for (const [k, v] of Object.entries(a)) {
      if (v && typeof v === 'object' && 'raw' in v) {
        shown[k] = decodeURIComponent(v.raw.replace(/%(FF|FE|07|00|0A)/gi, '%EF%BF%BD'));
        expect[k] = shown[k];
      }
    }
    const blocks = a.blocks.map((b) => {
      const o = { kind: b.kind || 'paragraph', text: b.text || '', image: b.image || '', name: b.name || '', byline: b.byline || '', media: b.media || '' };
      for (const k of Object.keys(o)) {
        if (o[k] && typeof o[k] === 'object') o[k] = decodeURIComponent(o[k].raw.replace(/%(FF|FE|07|00|0A)/gi, '%EF%BF%BD'));
      }
      return o;
    });
    const known = ['americas', 'africa', 'europe', 'middle-east', 'south-asia', 'asia-pacific'].includes(a.section);
    assertKept({ ...a, ...shown }, r.body, label, { expect: { ...expect, blocks }, skip: known ? [] : ['section'] });
  });
}

test('validation: bytes that are not text in any field → 422 with the field named, nothing saved', async () => {
  const top = ['headline', 'slug', 'intro', 'image_url', 'image_alt', 'image_caption', 'sponsor', 'sponsor_url', 'publish_at', 'promos'];
  for (const k of top) {
    const a = fullArticle();
    a[k] = raw('x%FF%FEy');
    const before = dump(S.dbPath);
    const r = await ed.post('/admin/articles/new', articleFields({ ...a, action: 'save' }));
    assert.equal(r.status, 422, `${k}: ${r.status}`);
    assert.ok(fieldErrors(r.body).some((e) => /not text|Use 1 to 100|must|No article|Give a date/.test(e)), `${k}: a message beside the field: ${fieldErrors(r.body)}`);
    assert.ok(summaryErrors(r.body).items.some((e) => e.includes('contains bytes that are not text')), `${k}: ${summaryErrors(r.body).items}`);
    assert.equal(dump(S.dbPath), before, `${k}: nothing saved`);
  }
  const parts = [['bt', (a) => { a.blocks[0].text = raw('x%C0%AFy'); }], ['bn', (a) => { a.blocks[1].name = raw('x%FFy'); }],
    ['bb', (a) => { a.blocks[1].byline = raw('x%1By'); }], ['bm', (a) => { a.blocks[3].media = raw('https://x.example/%FF'); }],
    ['ls', (a) => { a.links[0].source = raw('x%ED%A0%80y'); }], ['lt', (a) => { a.links[1].title = raw('x%F4%90%80%80y'); }]];
  for (const [k, change] of parts) {
    const a = fullArticle();
    change(a);
    const before = dump(S.dbPath);
    const r = await ed.post('/admin/articles/new', articleFields({ ...a, action: 'save' }));
    assert.equal(r.status, 422, `${k}: ${r.status}`);
    assert.ok(summaryErrors(r.body).items.some((e) => e.includes('contains bytes that are not text')), `${k}: ${summaryErrors(r.body).items}`);
    assert.equal(dump(S.dbPath), before, `${k}: nothing saved`);
  }
});

test('validation: more than 100 related links or 400 blocks → 422, nothing saved', async () => {
  for (const [label, change] of [
    ['101 links', (a) => { a.links = Array.from({ length: 101 }, (x, i) => ({ source: 'S', title: `T${i}`, url: `https://x.example/${i}`, time: '2010-04-17T08:00' })); }],
    ['401 blocks', (a) => { a.blocks = Array.from({ length: 401 }, (x, i) => ({ text: `Paragraph ${i}.` })); }],
  ]) {
    const a = smallArticle();
    change(a);
    const before = dump(S.dbPath);
    const r = await ed.post('/admin/articles/new', articleFields({ ...a, action: 'save' }));
    assert.equal(r.status, 422, `${label}: ${r.status}`);
    assert.ok(summaryErrors(r.body).items.some((e) => /too many/.test(e)), `${label}: ${summaryErrors(r.body).items.slice(0, 3)}`);
    assert.equal(dump(S.dbPath), before);
  }
  // 100 links and 400 blocks are fine.
  const a = smallArticle({ headline: 'The most a story may hold' });
  a.links = Array.from({ length: 100 }, (x, i) => ({ source: 'S', title: `T${i}`, url: `https://x.example/${i}`, time: '2010-04-17T08:00' }));
  a.blocks = Array.from({ length: 400 }, (x, i) => ({ text: `Paragraph ${i}.` }));
  await create(ed, a, 'publish');
  const p = articleParts((await S.get('/news/europe/the-most-a-story-may-hold')).body);
  assert.equal(p.blocks.length, 400);
  assert.equal(p.related.length, 100);
});

test('validation: several problems at once are all listed, each beside its field', async () => {
  const a = fullArticle({ headline: '', intro: '', image_alt: '' });
  a.links[0].url = 'javascript:alert(1)';
  a.blocks[0].text = '';
  const r = await ed.post('/admin/articles/new', articleFields({ ...a, action: 'save' }));
  assert.equal(r.status, 422);
  const sum = summaryErrors(r.body);
  assert.equal(sum.heading, 'Nothing was saved: 6 thing(s) to fix');
  // headline, slug (none from an empty headline), intro, alt text, block 1, link 1
  assert.equal(fieldErrors(r.body).length, 6);
  assert.match(r.body, /<input id="headline" name="headline" value="" maxlength="300">\s*<span class="field-error">Write a headline\.<\/span>/);
});

test('validation: a slug another article in the section has → 422, nothing saved', async () => {
  const before = dump(S.dbPath);
  const a = smallArticle({ slug: 'volcanic-ash-closes-airports-across-europe' });
  const r = await ed.post('/admin/articles/new', articleFields({ ...a, action: 'publish' }));
  assert.equal(r.status, 422);
  assert.ok(fieldErrors(r.body).includes('Another article in this section has this slug.'));
  assertKept(a, r.body, 'slug taken');
  assert.equal(dump(S.dbPath), before);
  // Same slug in another section is fine.
  const { id } = await create(ed, { ...a, section: 'africa' }, 'save');
  assert.ok(id > 0);
  // And an existing article cannot take it either.
  const before2 = dump(S.dbPath);
  const e = await edit(ed, id, (f) => { f.section = 'europe'; }, 'save');
  assert.equal(e.status, 422);
  assert.ok(fieldErrors(e.body).includes('Another article in this section has this slug.'));
  assert.equal(dump(S.dbPath), before2);
});

test('validation: a section that does not exist → 422 "Choose a section.", nothing saved', async () => {
  const before = dump(S.dbPath);
  const r = await ed.post('/admin/articles/new', articleFields({ ...smallArticle({ section: 'atlantis' }), action: 'save' }));
  assert.equal(r.status, 422);
  assert.ok(fieldErrors(r.body).includes('Choose a section.'));
  assert.equal(dump(S.dbPath), before);
});

test('an unknown action re-shows the form (400), nothing saved', async () => {
  const before = dump(S.dbPath);
  const a = smallArticle();
  for (const action of ['delete', '', 'remove_block:x', 'up_block:-1']) {
    const r = await ed.post('/admin/articles/new', articleFields({ ...a, action }));
    assert.ok(r.status === 400 || r.status === 200, `action "${action}": ${r.status}`);
    assertKept(a, r.body, `action "${action}"`);
  }
  assert.equal(dump(S.dbPath), before);
});

// ---- hostile values ----

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const RLO = '\u202Eevil\u202C';
const CYR = 'Курманбек Бакиев';
const HOSTILE = `${SCRIPT} ${IMG} '${RLO}' & ${CYR}`;

function assertNoRawMarkup(html, where) {
  assert.ok(!html.includes('<script>alert(1)'), `${where}: a raw <script> from the text`);
  assert.ok(!/<img src=x/i.test(html), `${where}: a raw <img src=x> from the text`);
  const tags = html.match(/<[a-z][^<>]*>/gi) || [];
  // Attribute values are quoted and cannot hold a raw quote: strip them, then look for handlers.
  const bad = tags.filter((t) => /\son[a-z]+\s*=/i.test(t.replace(/"[^"]*"/g, '""')));
  assert.deepEqual(bad, [], `${where}: a tag with an event handler attribute`);
  // The site's own files under /static/js/ (the form's draft.js) are the one other script.
  const scripts = tags.filter((t) => /^<script\b/i.test(t) && !/type="application\/ld\+json"/.test(t) &&
    !/^<script src="\/static\/js\/[a-z-]+\.js\?v=\d+" defer>$/.test(t));
  assert.deepEqual(scripts, [], `${where}: a script element other than JSON-LD and the site's own`);
  for (const ld of html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)) {
    assert.doesNotThrow(() => JSON.parse(ld[1]), `${where}: JSON-LD still parses`);
  }
  assert.ok(!/(href|src|poster|action)="\s*(javascript|data|vbscript):/i.test(html), `${where}: a script URL`);
}

let hostileId;
let hostilePath;

test('hostile text in every text field is saved as typed and shown escaped on every page', async () => {
  const a = fullArticle({
    headline: `${HOSTILE} headline`,
    slug: 'hostile-story',
    intro: `${HOSTILE} intro`,
    image_alt: `${HOSTILE} alt`,
    image_caption: `${HOSTILE} caption`,
    sponsor: `${HOSTILE} sponsor`,
    sponsor_url: "https://sponsor.example.com/?q='x'&r=1",
  });
  a.blocks[0].text = `${HOSTILE} paragraph\nwith a second line`;
  a.blocks[1].name = `${HOSTILE} name`;
  a.blocks[1].byline = `${HOSTILE} byline`;
  a.blocks[1].text = `${HOSTILE} box one\n\n${HOSTILE} box two`;
  a.blocks[3].text = `${HOSTILE} media caption`;
  a.links[0].source = `${HOSTILE} source`;
  a.links[0].title = `${HOSTILE} title`;
  const { id } = await create(ed, a, 'publish');
  hostileId = id;
  hostilePath = '/news/europe/hostile-story';
  const stored = rows(S.dbPath, `SELECT headline, intro FROM articles WHERE id = ${id}`)[0];
  assert.equal(stored.headline, a.headline, 'stored byte for byte');
  assert.equal(stored.intro, a.intro);

  const r = await S.get(hostilePath);
  assert.equal(r.status, 200);
  assertNoRawMarkup(r.body, 'public page');
  assert.ok(r.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the script tag shows as text');
  const p = articleParts(r.body);
  assert.equal(p.headline, a.headline);
  assert.equal(p.title, `${a.headline} - BBC News`);
  assert.equal(p.intro, a.intro);
  assert.equal(p.lead.alt, a.image_alt);
  assert.equal(p.lead.caption, a.image_caption);
  // A line break inside a paragraph is white space in HTML: it may be sent as a space.
  assert.equal(p.blocks[0].text.replace(/\s+/g, ' '), a.blocks[0].text.replace(/\s+/g, ' '));
  assert.equal(p.blocks[1].name, a.blocks[1].name);
  assert.equal(p.blocks[1].byline, a.blocks[1].byline);
  assert.deepEqual(p.blocks[1].paras, [`${HOSTILE} box one`, `${HOSTILE} box two`]);
  assert.equal(p.blocks[3].text, a.blocks[3].text);
  assert.equal(p.sponsor.text, a.sponsor);
  assert.equal(p.sponsor.href, a.sponsor_url);
  assert.equal(p.related[0].source, a.links[0].source);
  assert.equal(p.related[0].title, a.links[0].title);
  assert.ok(textOf(r.body).includes(RLO), 'the right-to-left override is kept as text');
  assert.ok(textOf(r.body).includes(CYR));
  // Every other page that shows these fields.
  for (const [where, page] of [
    ['section page', await S.get('/news/europe')],
    ['home page', await S.get('/')],
    ['print view', await S.get(`${hostilePath}/print`)],
    ['admin list', await ed.get('/admin')],
    ['admin form', await ed.get(`/admin/articles/${id}`)],
    ['revisions', await ed.get(`/admin/articles/${id}/revisions`)],
  ]) {
    assert.ok(page.status === 200, `${where}: ${page.status}`);
    assertNoRawMarkup(page.body, where);
  }
  const form = await ed.get(`/admin/articles/${id}`);
  assertKept(a, form.body, 'hostile form', { expect: { publish_at: '2010-04-17T09:30' } });
  // An article promoting it shows its headline escaped in the promo list.
  await create(ed, smallArticle({ slug: 'promoter-story', promos: hostilePath }), 'publish');
  const pp = await S.get('/news/europe/promoter-story');
  assert.equal(pp.status, 200);
  assertNoRawMarkup(pp.body, 'a page promoting it');
  assert.ok(articleParts(pp.body).promos.some((x) => x.text.includes(`${HOSTILE} headline`)));
});

test('hostile text in a diff and in the conflict page is escaped too', async () => {
  const e = await edit(ed, hostileId, (f) => { f.blocks[0].text = `${SCRIPT} changed ${IMG}`; }, 'save');
  assert.equal(e.status, 303);
  const revs = revisionRows((await ed.get(`/admin/articles/${hostileId}/revisions`)).body);
  const d = await ed.get(`/admin/articles/${hostileId}/revisions?from=${revs[1].rev}&to=${revs[0].rev}`);
  assert.equal(d.status, 200);
  assertNoRawMarkup(d.body, 'diff');
  assert.ok(diffRows(d.body).some((x) => x.cls === 'added' && x.text.includes(`${SCRIPT} changed`)));
  // A stale save shows both versions side by side.
  const stale = formArticle((await ed.get(`/admin/articles/${hostileId}`)).body);
  const e2 = await edit(eve, hostileId, (f) => { f.intro = `${IMG} eve`; }, 'save');
  assert.equal(e2.status, 303);
  const c = await ed.post(`/admin/articles/${hostileId}`, articleFields({ ...stale, intro: `${SCRIPT} ed`, action: 'save' }));
  assert.equal(c.status, 409);
  assertNoRawMarkup(c.body, 'conflict page');
});

test('hostile addresses are refused with a message, and nothing is saved', async () => {
  const bad = [
    ['image_url', (a) => { a.image_url = 'javascript:alert(1)'; }],
    ['image_url', (a) => { a.image_url = ' javascript:alert(1)'; }],
    ['image_url', (a) => { a.image_url = 'java\tscript:alert(1)'; }],
    ['sponsor_url', (a) => { a.sponsor_url = 'javascript:alert(document.cookie)'; }],
    ['sponsor_url', (a) => { a.sponsor_url = 'https://x.example/"><script>alert(1)</script>'; }],
    ['bi', (a) => { a.blocks[1].image = 'data:image/svg+xml,<svg onload=alert(1)>'; }],
    ['bm', (a) => { a.blocks[3].media = 'javascript:alert(1)'; }],
    ['bi', (a) => { a.blocks[3].image = 'javascript:alert(1)'; }],
    ['lu', (a) => { a.links[2].url = 'javascript:alert(1)'; }],
    ['lu', (a) => { a.links[2].url = 'https://'; }],
    ['lu', (a) => { a.links[2].url = 'ftp://files.example/x'; }],
  ];
  for (const [field, change] of bad) {
    const a = fullArticle();
    change(a);
    const before = dump(S.dbPath);
    const r = await ed.post('/admin/articles/new', articleFields({ ...a, action: 'publish' }));
    assert.equal(r.status, 422, `${field}: ${r.status}`);
    assert.ok(fieldErrors(r.body).length >= 1, `${field}: a message`);
    assert.equal(dump(S.dbPath), before, `${field}: nothing saved`);
    assertNoRawMarkup(r.body.replace(/value="[^"]*"/g, ''), `the 422 page for ${field}`);
  }
});

test('a 100 KB paragraph is accepted, stored whole and rendered whole', async () => {
  const words = 'Ash drifted over the Channel and the airports stayed shut. ';
  const big = words.repeat(Math.ceil(100 * 1024 / words.length)).slice(0, 100 * 1024).trim();
  const cyr = `${CYR}. `.repeat(2000).trim();  // about 58 KB of two-byte letters
  const a = smallArticle({ headline: 'A very long paragraph', blocks: [{ text: big }, { text: cyr }] });
  const { id } = await create(ed, a, 'publish');
  assert.equal(rows(S.dbPath, `SELECT length(text) AS n FROM blocks WHERE article_id = ${id} AND position = 1`)[0].n, big.length);
  const r = await S.get('/news/europe/a-very-long-paragraph');
  assert.equal(r.status, 200);
  const p = articleParts(r.body);
  assert.equal(p.blocks[0].text, big);
  assert.equal(p.blocks[1].text, cyr);
  const form = await ed.get(`/admin/articles/${id}`);
  assert.equal(formArticle(form.body).blocks[0].text, big);
});

test('a box typed in a browser (CRLF line breaks, as browsers send textareas) has its paragraphs', async () => {
  const a = smallArticle({ headline: 'Box typed in a browser' });
  a.blocks = [{ text: 'Before the box.' },
    { kind: 'box', byline: 'A reporter, Brussels', text: 'First box paragraph.\r\n\r\nSecond box paragraph.\r\n' }];
  await create(ed, a, 'publish');
  const p = articleParts((await S.get('/news/europe/box-typed-in-a-browser')).body);
  assert.deepEqual(p.blocks[1].paras, ['First box paragraph.', 'Second box paragraph.'],
    'POST bt=First box paragraph.%0D%0A%0D%0ASecond box paragraph. for a box');
});

test('Cyrillic: a headline with a slug typed by hand is saved and shown as typed', async () => {
  const a = smallArticle({ headline: `${CYR}: ${CYR}`, slug: 'kurmanbek-bakiyev-in-russian', section: 'asia-pacific', intro: `${CYR} ${CYR}` });
  await create(ed, a, 'publish');
  const r = await S.get('/news/asia-pacific/kurmanbek-bakiyev-in-russian');
  assert.equal(r.status, 200);
  assert.equal(articleParts(r.body).headline, a.headline);
  assert.equal(articleParts(r.body).intro, a.intro);
  // 300 letters of Cyrillic (600 bytes) is a headline of 300 characters: accepted.
  const long = 'Б'.repeat(300);
  const c = await create(ed, smallArticle({ headline: long, slug: 'three-hundred-cyrillic-letters' }), 'save');
  assert.equal(rows(S.dbPath, `SELECT headline FROM articles WHERE id = ${c.id}`)[0].headline, long);
  // A Cyrillic headline without a slug is transliterated; a mixed one too.
  const { id } = await create(ed, smallArticle({ headline: `Bakiyev ${CYR} speaks` }), 'save');
  assert.equal(rows(S.dbPath, `SELECT slug FROM articles WHERE id = ${id}`)[0].slug, 'bakiyev-kurmanbek-bakiev-speaks');
  const cyr = await create(ed, smallArticle({ headline: CYR, slug: '' }), 'save');
  assert.equal(rows(S.dbPath, `SELECT slug FROM articles WHERE id = ${cyr.id}`)[0].slug, 'kurmanbek-bakiev');
});

// ---- structural actions: nothing saved, everything typed kept ----

test('structural buttons add, move and remove blocks and links, keep typed text, save nothing', async () => {
  const before = dump(S.dbPath);
  const a = fullArticle({ headline: 'Typed but not saved' });
  const post = async (form, action) => {
    const r = await ed.post('/admin/articles/new', articleFields({ ...form, action }));
    assert.equal(r.status, 200, `${action}: ${r.status}\n${textOf(r.body).slice(0, 300)}`);
    return formArticle(r.body);
  };
  const empty = { kind: 'paragraph', text: '', image: '', name: '', byline: '', media: '' };
  const norm = (b) => ({ kind: b.kind || 'paragraph', text: b.text || '', image: b.image || '', name: b.name || '', byline: b.byline || '', media: b.media || '' });
  const blocks = a.blocks.map(norm);

  let f = await post(a, 'add_paragraph');
  assert.deepEqual(f.blocks, [...blocks, empty]);
  assert.equal(f.headline, a.headline);
  assert.equal(f.intro, a.intro);
  assert.equal(f.promos, a.promos);
  f = await post(a, 'add_box');
  assert.deepEqual(f.blocks, [...blocks, { ...empty, kind: 'box' }]);
  f = await post(a, 'add_media');
  assert.deepEqual(f.blocks, [...blocks, { ...empty, kind: 'media' }]);
  f = await post(a, 'up_block:1');
  assert.deepEqual(f.blocks, [blocks[1], blocks[0], ...blocks.slice(2)]);
  f = await post(a, 'down_block:1');
  assert.deepEqual(f.blocks, [blocks[0], blocks[2], blocks[1], ...blocks.slice(3)]);
  f = await post(a, 'remove_block:3');
  assert.deepEqual(f.blocks, [...blocks.slice(0, 3), blocks[4]]);
  f = await post(a, 'up_block:0');
  assert.deepEqual(f.blocks, blocks, 'moving the first block up changes nothing');
  f = await post(a, 'down_block:4');
  assert.deepEqual(f.blocks, blocks, 'moving the last block down changes nothing');
  f = await post(a, 'remove_block:99');
  assert.deepEqual(f.blocks, blocks);

  const lk = a.links.map((l) => ({ source: l.source, title: l.title, url: l.url, time: l.time, reg: !!l.reg }));
  f = await post(a, 'add_link');
  assert.deepEqual(f.links, [...lk, { source: '', title: '', url: '', time: '', reg: false }]);
  f = await post(a, 'up_link:1');
  assert.deepEqual(f.links, [lk[1], lk[0], lk[2]], 'the registration mark moves with its link');
  f = await post(a, 'down_link:1');
  assert.deepEqual(f.links, [lk[0], lk[2], lk[1]]);
  f = await post(a, 'remove_link:0');
  assert.deepEqual(f.links, [lk[1], lk[2]]);
  assert.deepEqual(f.blocks, blocks);

  // A chain of changes, each from the page the last one gave back, as a browser would.
  let page = await ed.post('/admin/articles/new', articleFields({ ...a, action: 'add_box' }));
  const fields = formFields(page.body);
  page = await ed.post('/admin/articles/new', [...fields, ['action', 'up_block:5']]);
  f = formArticle(page.body);
  assert.equal(f.blocks[4].kind, 'box');
  assert.equal(f.blocks[5].kind, 'paragraph');
  assert.equal(f.blocks[5].text, blocks[4].text);
  // Structural changes with a problem elsewhere in the form do not complain yet.
  const r = await ed.post('/admin/articles/new', articleFields({ ...a, headline: '', action: 'add_link' }));
  assert.equal(r.status, 200);
  assert.equal(summaryErrors(r.body), null);
  assert.equal(dump(S.dbPath), before, 'no structural action saves anything');
});

test('structural changes then save: the saved article has the new order', async () => {
  const a = smallArticle({ headline: 'Reordered story', blocks: [{ text: 'First.' }, { text: 'Second.' }, { text: 'Third.' }] });
  const { id } = await create(ed, a, 'publish');
  const page = await ed.get(`/admin/articles/${id}`);
  let fields = formFields(page.body);
  const moved = await ed.post(`/admin/articles/${id}`, [...fields, ['action', 'down_block:0']]);
  assert.equal(moved.status, 200);
  fields = formFields(moved.body);
  const saved = await ed.post(`/admin/articles/${id}`, [...fields, ['action', 'save']]);
  assert.equal(saved.status, 303);
  const p = articleParts((await S.get('/news/europe/reordered-story')).body);
  assert.deepEqual(p.blocks.map((b) => b.text), ['Second.', 'First.', 'Third.']);
});

// ---- the stale save ----

test('stale save: 409, nothing saved, both versions side by side, the form holds mine; saving again wins', async () => {
  const { id } = await create(ed, smallArticle({ headline: 'Two editors one story', blocks: [{ text: 'Original paragraph.' }] }), 'publish');
  // Both open the form.
  const edForm = formArticle((await ed.get(`/admin/articles/${id}`)).body);
  const eveForm = formArticle((await eve.get(`/admin/articles/${id}`)).body);
  assert.equal(edForm.base_revision, eveForm.base_revision);
  // Eve saves first.
  eveForm.blocks[0].text = 'Eve wrote this.';
  const e = await eve.post(`/admin/articles/${id}`, articleFields({ ...eveForm, action: 'save' }));
  assert.equal(e.status, 303);
  const current = rows(S.dbPath, `SELECT revision_id AS r FROM articles WHERE id = ${id}`)[0].r;
  assert.notEqual(String(current), edForm.base_revision);
  // Ed saves his version on the old base.
  const before = dump(S.dbPath);
  const mine = { ...edForm, intro: 'Ed changed the intro.', blocks: [{ kind: 'paragraph', text: 'Ed wrote this.' }] };
  const r = await ed.post(`/admin/articles/${id}`, articleFields({ ...mine, action: 'save' }));
  assert.equal(r.status, 409);
  assert.equal(dump(S.dbPath), before, 'nothing saved');
  assert.match(r.body, /<h2 id="conflict-heading">Someone else saved this article while you were editing<\/h2>/);
  assert.match(textOf(r.body), new RegExp(`eve saved revision ${current} at 17 April 2010, 09:30`));
  // Side by side: theirs left, mine right.
  const table = /<table class="side-by-side">([\s\S]*?)<\/table>/.exec(r.body)[1];
  const sides = [...table.matchAll(/<tr class="([^"]*)"><td>([\s\S]*?)<\/td><td>([\s\S]*?)<\/td><\/tr>/g)]
    .map((m) => ({ cls: m[1], theirs: decodeEntities(m[2]), yours: decodeEntities(m[3]) }));
  assert.ok(sides.some((x) => x.theirs === 'Block 1 (paragraph): Eve wrote this.' && x.yours === ''), 'their paragraph on the left');
  assert.ok(sides.some((x) => x.yours === 'Block 1 (paragraph): Ed wrote this.' && x.theirs === ''), 'my paragraph on the right');
  assert.ok(sides.some((x) => x.cls === 'same' && x.theirs === 'Headline: Two editors one story' && x.yours === x.theirs));
  assert.ok(sides.some((x) => x.yours === 'Intro: Ed changed the intro.'));
  // The form is mine, on the current base.
  const f = assertKept(mine, r.body, 'the conflict form');
  assert.equal(f.base_revision, String(current));
  // Submitting the form as it stands saves mine.
  const again = await ed.post(`/admin/articles/${id}`, [...formFields(r.body), ['action', 'save']]);
  assert.equal(again.status, 303);
  const p = articleParts((await S.get('/news/europe/two-editors-one-story')).body);
  assert.equal(p.intro, 'Ed changed the intro.');
  assert.deepEqual(p.blocks.map((b) => b.text), ['Ed wrote this.']);
  // Eve's version is kept in the revisions.
  const revs = revisionRows((await ed.get(`/admin/articles/${id}/revisions`)).body);
  assert.deepEqual(revs.map((x) => x.editor).slice(0, 3), ['ed', 'eve', 'ed']);
  // Eve, now stale herself, gets the conflict too.
  const e3 = await eve.post(`/admin/articles/${id}`, articleFields({ ...eveForm, action: 'publish' }));
  assert.equal(e3.status, 409);
});

test('a stale save of a demo article (base revision 0) after someone saved it is a conflict', async () => {
  const id = 5;
  const stale = formArticle((await ed.get(`/admin/articles/${id}`)).body);
  assert.equal(stale.base_revision, '0');
  const first = await edit(eve, id, (f) => { f.intro = 'Eve was first.'; }, 'save');
  assert.equal(first.status, 303);
  const before = dump(S.dbPath);
  const r = await ed.post(`/admin/articles/${id}`, articleFields({ ...stale, intro: 'Ed was second.', action: 'save' }));
  assert.equal(r.status, 409);
  assert.equal(dump(S.dbPath), before);
});

// ---- moves ----

test('changing the slug and then the section: the old addresses answer 301 to the new one', async () => {
  const { id } = await create(ed, smallArticle({ headline: 'Moving story', slug: 'old-slug' }), 'publish');
  assert.equal((await S.get('/news/europe/old-slug')).status, 200);
  let r = await edit(ed, id, (f) => { f.slug = 'new-slug'; });
  assert.equal(r.status, 303);
  for (const [from, to] of [['/news/europe/old-slug', '/news/europe/new-slug'],
    ['/news/europe/old-slug/print', '/news/europe/new-slug/print']]) {
    const g = await S.get(from);
    assert.equal(g.status, 301, from);
    assert.equal(new URL(g.headers.get('location'), S.base).pathname, to);
  }
  assert.equal((await S.get('/news/europe/new-slug')).status, 200);
  r = await edit(ed, id, (f) => { f.section = 'africa'; });
  assert.equal(r.status, 303);
  for (const from of ['/news/europe/old-slug', '/news/europe/new-slug']) {
    const g = await S.get(from);
    assert.equal(g.status, 301, from);
    assert.equal(new URL(g.headers.get('location'), S.base).pathname, '/news/africa/new-slug');
  }
  assert.equal((await S.get('/news/africa/new-slug')).status, 200);
  // Moving back to an old address takes it over: it serves the article, not a redirect loop.
  r = await edit(ed, id, (f) => { f.section = 'europe'; f.slug = 'old-slug'; });
  assert.equal(r.status, 303);
  assert.equal((await S.get('/news/europe/old-slug')).status, 200);
  const g = await S.get('/news/africa/new-slug');
  assert.equal(g.status, 301);
  assert.equal(new URL(g.headers.get('location'), S.base).pathname, '/news/europe/old-slug');
  // The section page of the old section no longer lists it.
  assert.ok(!links((await S.get('/news/africa')).body).some((l) => l.href.includes('new-slug')));
});

test('a new article may take an address another article moved away from', async () => {
  const { id } = await create(ed, smallArticle({ headline: 'First holder', slug: 'first-holder-slug' }), 'publish');
  const r = await edit(ed, id, (f) => { f.slug = 'first-holder-moved'; });
  assert.equal(r.status, 303);
  assert.equal((await S.get('/news/europe/first-holder-slug')).status, 301);
  await create(ed, smallArticle({ headline: 'Second holder', slug: 'first-holder-slug' }), 'publish');
  const g = await S.get('/news/europe/first-holder-slug');
  assert.equal(g.status, 200);
  assert.equal(articleParts(g.body).headline, 'Second holder');
});

// ---- unpublishing and scheduling ----

let unpubId;
let schedId;
let draftId;

test('unpublish: 303 ?done=unpublished, then 404 for readers and gone from the section page', async () => {
  const a = smallArticle({ headline: 'Soon unpublished' });
  const { id } = await create(ed, a, 'publish');
  unpubId = id;
  assert.equal((await S.get('/news/europe/soon-unpublished')).status, 200);
  const r = await edit(ed, id, null, 'unpublish');
  assert.equal(r.status, 303);
  assert.equal(idFromLocation(r.headers.location).done, 'unpublished');
  assert.equal((await S.get('/news/europe/soon-unpublished')).status, 404);
  assert.equal((await S.get('/news/europe/soon-unpublished/print')).status, 404);
  assert.ok(!links((await S.get('/news/europe')).body).some((l) => l.href === '/news/europe/soon-unpublished'));
  const page = await ed.get(`/admin/articles/${id}?done=unpublished`);
  assert.match(page.body, /Unpublished: readers no longer see it\./);
  assert.match(page.body, /<span class="status status-unpublished">unpublished<\/span>/);
  // Saving it again keeps it unpublished.
  const s = await edit(ed, id, (f) => { f.intro = 'Edited while unpublished.'; }, 'save');
  assert.equal(s.status, 303);
  assert.equal((await S.get('/news/europe/soon-unpublished')).status, 404);
});

test('a draft is not public; publishing it makes it public at once', async () => {
  const a = smallArticle({ headline: 'Draft first' });
  const { id, done } = await create(ed, a, 'save');
  draftId = id;
  assert.equal(done, 'created');
  assert.equal((await S.get('/news/europe/draft-first')).status, 404);
  const page = await ed.get(`/admin/articles/${id}?done=created`);
  assert.match(page.body, /Saved as a draft\./);
  assert.match(page.body, /status-draft">draft</);
});

test('publish with a future time: scheduled, 404 for readers, "scheduled" in the admin', async () => {
  const a = smallArticle({ headline: 'Scheduled story', publish_at: '2010-04-18T10:00' });
  const { id, done } = await create(ed, a, 'publish');
  schedId = id;
  assert.equal(done, 'scheduled');
  assert.equal((await S.get('/news/europe/scheduled-story')).status, 404);
  assert.ok(!links((await S.get('/news/europe')).body).some((l) => l.href === '/news/europe/scheduled-story'));
  const page = await ed.get(`/admin/articles/${id}?done=scheduled`);
  assert.match(page.body, /Scheduled: it appears at its publish time\./);
  assert.match(page.body, /status-scheduled">scheduled</);
  assert.ok(!page.body.includes('View on the site'));
  const list = articleRows((await ed.get('/admin?status=scheduled')).body);
  assert.ok(list.some((x) => x.id === id && x.status === 'scheduled'));
  assert.ok(list.every((x) => x.status === 'scheduled'));
  assert.ok(!articleRows((await ed.get('/admin?status=published')).body).some((x) => x.id === id));
});

// ---- revisions ----

test('revisions: the first save keeps the original; the list is newest first; diff; restore', async () => {
  const id = 1;
  const rv = await ed.get('/admin/articles/1/revisions');
  assert.equal(rv.status, 200);
  assert.deepEqual(revisionRows(rv.body), []);
  assert.match(rv.body, /No revisions yet/);
  const original = formArticle((await ed.get('/admin/articles/1')).body);
  const originalText = original.blocks[0].text;
  // Two saves.
  let r = await edit(ed, id, (f) => { f.blocks[0].text = 'First change to the first paragraph.'; });
  assert.equal(r.status, 303);
  r = await edit(eve, id, (f) => { f.blocks[0].text = 'Second change to the first paragraph.'; f.intro += ' More.'; });
  assert.equal(r.status, 303);
  const list = revisionRows((await ed.get('/admin/articles/1/revisions')).body);
  assert.equal(list.length, 3);
  assert.deepEqual(list.map((x) => x.action), ['saved', 'saved', 'original']);
  assert.deepEqual(list.map((x) => x.editor), ['eve', 'ed', '-']);
  assert.deepEqual(list.map((x) => x.current), [true, false, false]);
  assert.deepEqual(list.map((x) => x.restorable), [false, true, true]);
  assert.ok(list[0].rev > list[1].rev && list[1].rev > list[2].rev, 'newest first');
  assert.equal(list[0].when, '17 April 2010, 09:30');
  // The diff of the original and the latest.
  const d = await ed.get(`/admin/articles/1/revisions?from=${list[2].rev}&to=${list[0].rev}`);
  assert.equal(d.status, 200);
  assert.match(d.body, new RegExp(`Changes from revision ${list[2].rev} to revision ${list[0].rev}`));
  const lines = diffRows(d.body);
  assert.ok(lines.some((x) => x.cls === 'removed' && x.mark === '-' && x.text === `Block 1 (paragraph): ${originalText}`));
  assert.ok(lines.some((x) => x.cls === 'added' && x.mark === '+' && x.text === 'Block 1 (paragraph): Second change to the first paragraph.'));
  assert.ok(lines.some((x) => x.cls === 'same' && x.text === 'Headline: Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan'));
  assert.ok(lines.some((x) => x.cls === 'removed' && x.text.startsWith('Intro: ')) && lines.some((x) => x.cls === 'added' && x.text.endsWith(' More.')));
  assert.equal(lines.filter((x) => x.cls !== 'same').length, 4, 'only the two changed lines differ');
  const same = await ed.get(`/admin/articles/1/revisions?from=${list[1].rev}&to=${list[1].rev}`);
  assert.match(same.body, /The two revisions are the same\./);
  // Restore the original.
  const before = rows(S.dbPath, 'SELECT status, published_at FROM articles WHERE id = 1')[0];
  r = await ed.post(`/admin/articles/1/revisions/${list[2].rev}/restore`, []);
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/admin/articles/1?done=restored');
  const page = await ed.get('/admin/articles/1?done=restored');
  assert.match(page.body, /Restored: the old revision is now the article, as a new revision\./);
  const restored = formArticle(page.body);
  assertKept(original, page.body, 'the restored article', { expect: { publish_at: original.publish_at } });
  assert.notEqual(restored.base_revision, original.base_revision);
  const after = rows(S.dbPath, 'SELECT status, published_at FROM articles WHERE id = 1')[0];
  assert.deepEqual(after, before, 'status and publish time unchanged');
  const list2 = revisionRows((await ed.get('/admin/articles/1/revisions')).body);
  assert.equal(list2.length, 4);
  assert.equal(list2[0].action, `restored revision ${list[2].rev}`);
  assert.equal(list2[0].current, true);
  assert.equal(list2[0].editor, 'ed');
  const d2 = await ed.get(`/admin/articles/1/revisions?from=${list[2].rev}&to=${list2[0].rev}`);
  assert.match(d2.body, /The two revisions are the same\./);
  // Readers see the original text again.
  const pub = articleParts((await S.get(SEED)).body);
  assert.equal(pub.blocks[0].text, originalText);
  assert.equal(pub.intro, original.intro);
});

test('restore: a revision of another article or none at all is 404, nothing changed', async () => {
  const other = rows(S.dbPath, 'SELECT id FROM revisions WHERE article_id <> 1 ORDER BY id LIMIT 1')[0].id;
  const before = dump(S.dbPath);
  assert.equal((await ed.post(`/admin/articles/1/revisions/${other}/restore`, [])).status, 404);
  assert.equal((await ed.post('/admin/articles/1/revisions/999999/restore', [])).status, 404);
  assert.equal((await ed.get(`/admin/articles/1/revisions?from=${other}&to=${other}`)).status, 404);
  assert.equal(dump(S.dbPath), before);
});

test('restoring keeps an unpublished article unpublished', async () => {
  const revs = revisionRows((await ed.get(`/admin/articles/${unpubId}/revisions`)).body);
  const firstPublished = revs[revs.length - 1];
  const r = await ed.post(`/admin/articles/${unpubId}/revisions/${firstPublished.rev}/restore`, []);
  assert.equal(r.status, 303);
  assert.equal((await S.get('/news/europe/soon-unpublished')).status, 404);
  assert.equal(rows(S.dbPath, `SELECT status FROM articles WHERE id = ${unpubId}`)[0].status, 'unpublished');
});

// ---- the article list ----

test('the article list: newest change first, filters by section and status, pages of 50', async () => {
  const all = articleRows((await ed.get('/admin')).body);
  assert.ok(all.length >= 30);
  // Every change here happened at the pinned NOW; the demo articles changed before it.
  const firstDemo = all.findIndex((x) => x.changed !== '17 April 2010, 09:30');
  assert.ok(firstDemo > 5, 'the articles changed today come first');
  assert.ok(all.slice(firstDemo).every((x) => x.changed !== '17 April 2010, 09:30'), 'and only they');
  const eu = articleRows((await ed.get('/admin?section=europe')).body);
  assert.ok(eu.length >= 5 && eu.every((x) => x.section === 'Europe'));
  const drafts = articleRows((await ed.get('/admin?status=draft')).body);
  assert.ok(drafts.some((x) => x.id === draftId) && drafts.every((x) => x.status === 'draft'));
  const unp = articleRows((await ed.get('/admin?status=unpublished&section=europe')).body);
  assert.ok(unp.some((x) => x.id === unpubId) && unp.every((x) => x.status === 'unpublished' && x.section === 'Europe'));
  const none = await ed.get('/admin?section=south-asia&status=scheduled');
  assert.deepEqual(articleRows(none.body), []);
  assert.match(none.body, /No articles match\./);
  // Filters are kept selected in the form.
  const f = await ed.get('/admin?section=europe&status=draft');
  assert.match(f.body, /<option value="europe" selected>Europe<\/option>/);
  assert.match(f.body, /<option value="draft" selected>draft<\/option>/);
  // Enough articles for a second page.
  const total = Number(/<p class="count">(\d+) articles<\/p>/.exec((await ed.get('/admin')).body)[1]);
  for (let i = total; i < 55; i++) await create(ed, smallArticle({ headline: `Filler story ${i}`, section: 'south-asia' }), 'save');
  const p1 = await ed.get('/admin');
  assert.equal(articleRows(p1.body).length, 50);
  assert.match(p1.body, /Page 1 of 2/);
  assert.match(p1.body, /<a rel="next" href="\/admin\?section=&amp;status=&amp;page=2">Older<\/a>/);
  const p2 = await ed.get('/admin?page=2');
  assert.equal(p2.status, 200);
  const rows2 = articleRows(p2.body);
  assert.equal(rows2.length, Math.max(total, 55) - 50);
  const ids1 = new Set(articleRows(p1.body).map((x) => x.id));
  assert.ok(rows2.every((x) => !ids1.has(x.id)), 'no article on both pages');
  assert.equal((await ed.get('/admin?page=3')).status, 404);
  assert.equal((await ed.get('/admin?page=0')).status, 404);
  assert.equal((await ed.get('/admin?page=x')).status, 404);
  const sa = await ed.get('/admin?section=south-asia&page=1');
  assert.ok(articleRows(sa.body).every((x) => x.section === 'South Asia'));
});

// ---- admin: sections and promos ----

test('site-wide promos (admin): shown under articles without their own; refused when not articles', async () => {
  const before = dump(S.dbPath);
  const bad = await ann.post('/admin/promos', [['promos', '/news/europe/no-such-story']]);
  assert.equal(bad.status, 422);
  assert.match(bad.body, /No article at europe\/no-such-story/);
  assert.match(bad.body, /<textarea id="promos" name="promos" rows="8">\n\/news\/europe\/no-such-story<\/textarea>/);
  assert.equal(dump(S.dbPath), before);
  const r = await ann.post('/admin/promos', [['promos', '/news/europe/volcanic-ash-closes-airports-across-europe\r\n/news/europe/reordered-story\r\n']]);
  assert.equal(r.status, 303);
  const page = await ann.get('/admin/promos');
  assert.equal(formFields(page.body, /action="\/admin\/promos"/).find(([k]) => k === 'promos')[1],
    '/news/europe/volcanic-ash-closes-airports-across-europe\n/news/europe/reordered-story\n');
  // An article without promos of its own shows the site's.
  const p = articleParts((await S.get('/news/europe/two-editors-one-story')).body);
  assert.deepEqual(p.promos.map((x) => x.href), ['/news/europe/volcanic-ash-closes-airports-across-europe', '/news/europe/reordered-story']);
  // One with its own shows its own.
  assert.equal(articleParts((await S.get('/news/europe/volcanic-ash-closes-airports-across-europe')).body).promos.length, 2);
  assert.equal(articleParts((await S.get('/news/europe/volcanic-ash-closes-airports-across-europe')).body).promos[0].href,
    '/news/asia-pacific/has-chinas-housing-bubble-burst');
});

let sciId;

test('sections (admin): add one, rename one; articles follow and old addresses redirect', async () => {
  let r = await ann.post('/admin/sections', [['section_name', 'Science'], ['section_slug', 'science'], ['section_position', '7'], ['action', 'add']]);
  assert.equal(r.status, 303);
  const page = await ann.get('/admin/sections');
  assert.match(page.body, /value="Science"/);
  // The new section is offered in the form and takes articles.
  const { id } = await create(ed, smallArticle({ headline: 'Ash and climate', section: 'science' }), 'publish');
  assert.equal((await S.get('/news/science/ash-and-climate')).status, 200);
  assert.equal((await S.get('/news/science')).status, 200);
  // Rename its slug.
  const sid = rows(S.dbPath, "SELECT id FROM sections WHERE slug = 'science'")[0].id;
  r = await ann.post('/admin/sections', [['section_name', 'Science & Environment'], ['section_slug', 'sci-env'], ['section_position', '7'], ['action', `update:${sid}`]]);
  assert.equal(r.status, 303);
  const g = await S.get('/news/science/ash-and-climate');
  assert.equal(g.status, 301);
  assert.equal(new URL(g.headers.get('location'), S.base).pathname, '/news/sci-env/ash-and-climate');
  // The section's own old page sends readers on too.
  const old = await S.get('/news/science');
  assert.equal(old.status, 301);
  assert.equal(new URL(old.headers.get('location'), S.base).pathname, '/news/sci-env');
  const a = articleParts((await S.get('/news/sci-env/ash-and-climate')).body);
  assert.equal(a.headline, 'Ash and climate');
  const form = formArticle((await ed.get(`/admin/articles/${id}`)).body);
  assert.equal(form.section, 'sci-env');
  sciId = id;
  // Bad input: 422, nothing saved.
  const before = dump(S.dbPath);
  for (const fields of [
    [['section_name', ''], ['section_slug', 'empty-name'], ['section_position', '8'], ['action', 'add']],
    [['section_name', 'Bad'], ['section_slug', 'Bad Slug'], ['section_position', '8'], ['action', 'add']],
    [['section_name', 'Admin'], ['section_slug', 'admin'], ['section_position', '8'], ['action', 'add']],
    [['section_name', 'Dup'], ['section_slug', 'europe'], ['section_position', '8'], ['action', 'add']],
    [['section_name', 'Pos'], ['section_slug', 'pos'], ['section_position', 'x'], ['action', 'add']],
    [['section_name', raw('Bad%FF')], ['section_slug', 'badbytes'], ['section_position', '8'], ['action', 'add']],
    [['section_name', '<script>alert(1)</script>'], ['section_slug', 'europe'], ['section_position', '1'], ['action', `update:${sid}`]],
  ]) {
    const x = await ann.post('/admin/sections', fields);
    assert.equal(x.status, 422, JSON.stringify(fields));
    assert.match(x.body, /<p class="form-error" role="alert">/);
    assertNoRawMarkup(x.body, 'sections page');
  }
  assert.equal(dump(S.dbPath), before);
  // A section name with markup in it is text in the navigation of every page.
  r = await ann.post('/admin/sections', [['section_name', '<script>alert(1)</script> & "Q"'], ['section_slug', 'hostile-section'], ['section_position', '20'], ['action', 'add']]);
  assert.equal(r.status, 303);
  for (const p of ['/', '/news/europe', SEED]) {
    const h = await S.get(p);
    assertNoRawMarkup(h.body, `${p} with a hostile section name`);
    assert.ok(textOf(h.body).includes('<script>alert(1)</script> & "Q"'), `${p} names the section as typed`);
  }
  assertNoRawMarkup((await ann.get('/admin/sections')).body, 'the sections page');
  assertNoRawMarkup((await ed.get('/admin/articles/new')).body, 'the form\'s section list');
});

test('a revision saved before its section was renamed can be restored', async () => {
  // A revision saved before the rename can still be restored (it names the old slug).
  const changed = await edit(ed, sciId, (f) => { f.blocks[0].text = 'Changed after the rename.'; });
  assert.equal(changed.status, 303);
  const revs = revisionRows((await ed.get(`/admin/articles/${sciId}/revisions`)).body);
  const first = revs[revs.length - 1].rev;
  const restore = await ed.post(`/admin/articles/${sciId}/revisions/${first}/restore`, []);
  assert.equal(restore.status, 303,
    `POST /admin/articles/${sciId}/revisions/${first}/restore after the section science became sci-env: ${restore.status} ${textOf(restore.body).slice(0, 300)}`);
  assert.equal(articleParts((await S.get('/news/sci-env/ash-and-climate')).body).blocks[0].text, 'One paragraph.');
});

test('a section whose slug is longer than 16 characters can hold articles', async () => {
  const slug = 'science-and-environment';  // 23 characters; section slugs may have 64
  const r = await ann.post('/admin/sections', [['section_name', 'Science and Environment'], ['section_slug', slug], ['section_position', '9'], ['action', 'add']]);
  assert.equal(r.status, 303);
  const a = smallArticle({ headline: 'Long section story', section: slug });
  const c = await ed.post('/admin/articles/new', articleFields({ ...a, action: 'publish' }));
  assert.equal(c.status, 303, `POST /admin/articles/new with section=${slug}: ${c.status} ${JSON.stringify(fieldErrors(c.body))}`);
  assert.equal((await S.get(`/news/${slug}/long-section-story`)).status, 200);
});

// ---- a day later ----

test('a day later: the scheduled story is public; draft saves leave "Page last updated" alone', async () => {
  L = await startStack({ db: backup(S.dbPath, path.join(S.dir, 'later.db')), now: LATER });
  const led = new Client(L.base, { localAddress: '127.0.0.5' });
  await led.login('ed', PW);
  // Scheduled for 10:00 UK on the 18th; it is 10:30.
  const s = await L.get('/news/europe/scheduled-story');
  assert.equal(s.status, 200);
  assert.equal(articleParts(s.body).updated, 'Page last updated at 09:00 GMT, Sunday, 18 April 2010 10:00 UK');
  assert.ok(links((await L.get('/news/europe')).body).some((l) => l.href === '/news/europe/scheduled-story'));
  assert.ok(articleRows((await led.get('/admin?status=published')).body).some((x) => x.id === schedId));
  // The whole article published yesterday: saving a draft of another article changes nothing of
  // it; publishing a change moves its time to now.
  const full0 = articleParts((await L.get('/news/europe/volcanic-ash-closes-airports-across-europe')).body);
  assert.equal(full0.updated, 'Page last updated at 08:30 GMT, Saturday, 17 April 2010 09:30 UK');
  assert.equal(full0.related[0].age, '26 hrs ago', 'ages move with the clock');
  let r = await edit(led, draftId, (f) => { f.intro = 'A draft saved a day later.'; }, 'save');
  assert.equal(r.status, 303);
  const draftRow = rows(L.dbPath, `SELECT status, updated_at FROM articles WHERE id = ${draftId}`)[0];
  assert.equal(draftRow.status, 'draft');
  assert.equal(draftRow.updated_at, NOW_S, 'saving a draft does not move its updated time');
  r = await edit(led, draftId, null, 'publish');
  assert.equal(r.status, 303);
  assert.equal(articleParts((await L.get('/news/europe/draft-first')).body).updated,
    'Page last updated at 09:30 GMT, Sunday, 18 April 2010 10:30 UK');
  // Unpublished, edited, then published again: the time of publishing again.
  r = await edit(led, fullId, null, 'unpublish');
  assert.equal(r.status, 303);
  r = await edit(led, fullId, (f) => { f.blocks[0].text = 'Edited while off the site.'; }, 'save');
  assert.equal(r.status, 303);
  assert.equal(rows(L.dbPath, `SELECT updated_at FROM articles WHERE id = ${fullId}`)[0].updated_at, NOW_S,
    'saving an unpublished article does not move its updated time');
  r = await edit(led, fullId, null, 'publish');
  assert.equal(r.status, 303);
  const full1 = articleParts((await L.get('/news/europe/volcanic-ash-closes-airports-across-europe')).body);
  assert.equal(full1.updated, 'Page last updated at 09:30 GMT, Sunday, 18 April 2010 10:30 UK');
  assert.equal(full1.blocks[0].text, 'Edited while off the site.');
  // A published article's change moves the time; its publish time stays.
  r = await edit(led, 1, (f) => { f.blocks[1].text = 'A correction, a day later.'; }, 'save');
  assert.equal(r.status, 303);
  const seed = articleParts((await L.get(SEED)).body);
  assert.equal(seed.updated, 'Page last updated at 09:30 GMT, Sunday, 18 April 2010 10:30 UK');
  assert.equal(formArticle((await led.get('/admin/articles/1')).body).publish_at, '2010-04-15T16:51');
  // The admin list puts the articles changed a day later first.
  const top = articleRows((await led.get('/admin')).body).slice(0, 3);
  assert.deepEqual(top.map((x) => x.id).sort((x, y) => x - y), [1, fullId, draftId].sort((x, y) => x - y));
  assert.ok(top.every((x) => x.changed === '18 April 2010, 10:30' && x.editor === 'ed'));
});

test('an editor sees their own change on the next click: public pages are not kept for them', async () => {
  const asEditor = await ed.get('/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan');
  assert.equal(asEditor.status, 200);
  assert.equal(asEditor.headers['cache-control'], 'private, no-cache');
  const asReader = await S.get('/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan');
  assert.match(asReader.headers.get('cache-control'), /^public, max-age=\d+/);
});
