'use strict';
// Every page type through nginx and newsdesk, with the clock pinned to the seed's capture time:
// status, headers, tidy, and the article's content against the seed.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  startStack, assertTidy, textOf, links, hrefPath, elementByClass, count,
} = require('../lib/stack.js');

const NOW = '2010-04-17T08:30:00Z';
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
const HEADLINE = 'Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan';
const SECTIONS = {
  americas: 'Americas',
  africa: 'Africa',
  europe: 'Europe',
  'middle-east': 'Middle East',
  'south-asia': 'South Asia',
  'asia-pacific': 'Asia Pacific',
};

let stack;
before(async () => { stack = await startStack({ demo: true, now: NOW }); });
after(async () => { if (stack) await stack.stop(); });

// GET a page and check what every HTML reply must have.
async function page(p, status) {
  const r = await stack.get(p);
  assert.equal(r.status, status, `GET ${p}: status ${r.status}, expected ${status}\n${r.body.slice(0, 500)}`);
  assert.match(r.headers.get('content-type') || '(none)', /^text\/html;\s*charset=utf-8$/i,
    `GET ${p}: content-type`);
  const csp = r.headers.get('content-security-policy');
  assert.ok(csp && csp.trim().length > 0, `GET ${p}: no Content-Security-Policy header`);
  assert.match(r.body, /^\s*<!DOCTYPE html>/i, `GET ${p}: not an HTML5 document`);
  assertTidy(r.body, `GET ${p}`);
  return r;
}

test('home page: 200, valid, links to the seed article with its headline as link text', async () => {
  const r = await page('/', 200);
  const toSeed = links(r.body).filter((l) => hrefPath(l.href) === SEED);
  assert.ok(toSeed.length > 0, 'the home page has no link to the seed article');
  assert.ok(toSeed.some((l) => l.text === HEADLINE),
    `no link to ${SEED} has the headline as its text; link texts: ${JSON.stringify(toSeed.map((l) => l.text))}`);
  assert.match(r.body, /<nav\b/i, 'home page has no <nav>');
  for (const slug of Object.keys(SECTIONS)) {
    assert.ok(links(r.body).some((l) => hrefPath(l.href) === `/news/${slug}`), `home page: no link to /news/${slug}`);
  }
});

for (const [slug, name] of Object.entries(SECTIONS)) {
  test(`section page /news/${slug}: 200, valid, names the section, lists its articles`, async () => {
    const r = await page(`/news/${slug}`, 200);
    assert.ok(textOf(r.body).includes(name), `/news/${slug} does not show the name "${name}"`);
    const own = links(r.body).filter((l) => new RegExp(`^/news/${slug}/[^/?#]+$`).test(hrefPath(l.href)));
    assert.ok(own.length > 0, `/news/${slug} lists no article of its own`);
    if (slug === 'asia-pacific') {
      assert.ok(own.some((l) => hrefPath(l.href) === SEED), '/news/asia-pacific does not list the seed article');
    }
  });
}

test('seed article page: structure', async () => {
  const r = await page(SEED, 200);
  const html = r.body;
  for (const tag of ['article', 'h1', 'figure', 'figcaption', 'aside', 'nav', 'time']) {
    assert.match(html, new RegExp(`<${tag}\\b`, 'i'), `article page has no <${tag}>`);
  }
  const h1 = /<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html);
  assert.equal(textOf(h1[1]), HEADLINE, '<h1> is not the headline');
  const title = /<title>([\s\S]*?)<\/title>/i.exec(html);
  assert.ok(title && textOf(title[1]).includes(HEADLINE), `<title> does not hold the headline: ${title && title[1]}`);
  const canon = (html.match(/<link\b[^>]*>/gi) || []).find((l) => /\brel\s*=\s*"canonical"/i.test(l));
  assert.ok(canon, 'no <link rel="canonical">');
  const href = /\bhref\s*=\s*"([^"]*)"/i.exec(canon);
  assert.ok(href && hrefPath(href[1]) === SEED, `canonical link does not point at ${SEED}: ${canon}`);
  assert.match(html, /<time\b[^>]*\bdatetime\s*=\s*"2010-04-15T17:05/i,
    'no <time datetime="2010-04-15T17:05..."> for the update time');
  assert.ok(links(html).some((l) => hrefPath(l.href) === `${SEED}/print`), 'no link to the print view');
});

test('seed article page: text of the seed (time lines, intro, box, disclaimer, promos)', async () => {
  const r = await page(SEED, 200);
  const text = textOf(r.body);
  for (const want of [
    'Page last updated at 17:05 GMT, Thursday, 15 April 2010 18:05 UK',
    'President Kurmanbek Bakiyev was ousted in a bloody uprising this month',
    'Deposed Kyrgyzstan President Kurmanbek Bakiyev has left the country and flown to neighbouring Kazakhstan.',
    'Rayhan Demytrie, BBC News, Jalalabad',
    'Shots are fired at the rally where deposed President Kurmanbek Bakiyev was speaking',
    'The big question now is whether or not he will be able to come back, our correspondent adds.',
    'The BBC is not responsible for the content of external internet sites',
    'May require registration',
    "Has China's housing bubble burst?",
    "How the world's oldest clove tree defied an empire",
    'Why Royal Ballet principal Sergei Polunin quit',
  ]) {
    assert.ok(text.includes(want), `article page text lacks: ${want}`);
  }
  assert.match(r.body, /<img\b[^>]*\balt\s*=\s*"Outsed Kyrgyz President Kurmanbek Bakiyev speaks at a rally in Osh on 15 April 2010"/,
    'lead image alt text');
  assert.match(r.body, /<img\b[^>]*\balt\s*=\s*"Rayhan Demytrie"/, 'box portrait alt text');
});

test('seed article page: related links with ages relative to the pinned clock', async () => {
  const r = await page(SEED, 200);
  const rel = elementByClass(r.body, 'related');
  assert.ok(rel !== null, 'no element with class "related"');
  assert.match(rel, /<time\b[^>]*\bdatetime\s*=/i, 'related links carry no <time datetime>');
  const text = textOf(rel);
  const ages = { '1 hr ago': 1, '10 hrs ago': 1, '26 hrs ago': 2, '37 hrs ago': 1 };
  for (const [age, n] of Object.entries(ages)) {
    assert.equal(count(text, age), n, `"${age}" appears ${count(text, age)} times in the related links, expected ${n}: ${text}`);
  }
  for (const title of [
    'Russia moves to stamp authority on Kyrgyzstan',
    'Kyrgyz leaders move against Bakiyev camp',
    "New Kyrgyz govt gets Bakiyev's resignation letter",
    'Kyrgyz leaders tighten grip after Bakiyev exit',
    'Ousted president quits Kyrgyzstan for Kazakhstan',
  ]) {
    assert.ok(text.includes(title), `related links lack: ${title}`);
  }
  assert.ok(textOf(r.body).includes('The BBC is not responsible for the content of external internet sites'));
});

test('print view: 200, valid, headline and body, no nav and no promos', async () => {
  const r = await page(`${SEED}/print`, 200);
  const text = textOf(r.body);
  assert.doesNotMatch(r.body, /<nav\b/i, 'print view has a <nav>');
  assert.ok(text.includes(HEADLINE), 'print view lacks the headline');
  assert.ok(text.includes('Deposed Kyrgyzstan President Kurmanbek Bakiyev has left the country'), 'print view lacks the intro');
  assert.ok(text.includes('Azattyk radio said Baktybek Kalyev was detained in southern Kyrgyzstan.'), 'print view lacks the body');
  assert.ok(text.includes('The big question now is whether or not he will be able to come back'), 'print view lacks the last paragraph');
  for (const promo of ['housing bubble burst', 'oldest clove tree', 'Sergei Polunin']) {
    assert.ok(!text.includes(promo), `print view shows the promo "${promo}"`);
  }
});

for (const p of [
  '/no-such-page',
  '/news/atlantis',
  '/news/atlantis/some-story',
  '/news/asia-pacific/no-such-story',
  '/news/asia-pacific/UNKNOWN/print',
  `${SEED}/print/extra`,
  `${SEED}/extra`,
  '/news/europe/kurmanbek-bakiyev-flies-to-kazakhstan',
]) {
  test(`not found: ${p} is a 404 HTML page`, async () => {
    const r = await page(p, 404);
    assert.match(r.body, /<title>[^<]+<\/title>/i, `404 page for ${p} has no title`);
  });
}

test('static files come from nginx: /static/css/site.css is text/css and long-cached', async () => {
  const r = await stack.get('/static/css/site.css');
  assert.equal(r.status, 200, 'GET /static/css/site.css');
  assert.match(r.headers.get('content-type') || '', /^text\/css\b/);
  assert.match(r.headers.get('cache-control') || '', /max-age=31536000/);
  assert.ok(r.body.length > 0, 'site.css is empty');
  const missing = await stack.get('/static/css/no-such-file.css');
  assert.equal(missing.status, 404);
  const fav = await stack.get('/favicon.ico');
  assert.ok(fav.status === 200 || fav.status === 204, `GET /favicon.ico: ${fav.status}`);
});

test('every stylesheet, script and image the pages use is served', async () => {
  const seen = new Set();
  for (const p of ['/', '/news/asia-pacific', SEED, `${SEED}/print`, '/no-such-page']) {
    const r = await stack.get(p);
    const refs = [];
    for (const m of r.body.matchAll(/<(?:link|script|img|source)\b[^>]*?\b(?:href|src)\s*=\s*"([^"]+)"/gi)) {
      if (/\brel\s*=\s*"canonical"/i.test(m[0])) continue;
      refs.push(m[1].replace(/&amp;/g, '&'));
    }
    for (const ref of refs) {
      const u = new URL(ref, stack.base + p);
      if (u.origin !== stack.base || seen.has(u.pathname)) continue;
      seen.add(u.pathname);
      const res = await stack.get(u.pathname + u.search);
      assert.equal(res.status, 200, `${p} refers to ${ref}, which gives ${res.status}`);
    }
  }
});

test('newsdesk stops cleanly on SIGTERM: exit 0, no sanitizer reports', async () => {
  const s = stack;
  stack = null;
  await s.stop();
});
