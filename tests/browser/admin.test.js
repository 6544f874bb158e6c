'use strict';
// An editor's day in a real browser (Debian's chromium, driven by playwright-core): log in
// through the form; write an article with an inline box, a media block and three related links
// (one needing registration) using the form's own buttons; preview it in the tab the Preview
// button opens; publish; find it on the section page and read it on its page exactly as
// entered; change a paragraph; restore the first revision from the revisions page and see the
// first text again. Then hostile text typed into the fields shows as text and no dialog fires.
// Screenshots of the form and the published page go to NEWSDESK_BUILD_DIR/screenshots/.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startStack } = require('../lib/stack.js');
const { launchBrowser, screenshotsDir } = require('../lib/browser.js');
const { addUser, rows } = require('../lib/admin.js');

const NOW = '2010-04-17T08:30:00Z';   // 09:30 UK
const SHOTS = screenshotsDir();
const PW = 'an editor password 2010';

let stack;
let context;
let browser;
let page;              // the editor's tab
const dialogs = [];    // every alert/confirm/prompt any page opened
const problems = [];   // console errors, page errors, failed loads

// The browser's own favicon fetch, cancelled by a navigation that came first.
function cancelledFavicon(r) {
  return new URL(r.url()).pathname === '/static/favicon.svg' && r.failure() && r.failure().errorText === 'net::ERR_ABORTED';
}

before(async () => {
  stack = await startStack({ demo: true, now: NOW, beforeServe: (db) => addUser(db, 'ed', PW, 'editor') });
  browser = await launchBrowser();
  context = browser.context;
  context.setDefaultTimeout(30000);
  const watch = (p) => {
    p.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()} on ${p.url()}`); d.dismiss().catch(() => {}); });
    p.on('console', (m) => { if (m.type() === 'error') problems.push(`console error on ${p.url()}: ${m.text()}`); });
    p.on('pageerror', (e) => problems.push(`page error on ${p.url()}: ${e.message}`));
    p.on('requestfailed', (r) => {
      // Addresses outside the site (the media file, related links) are never fetched here. The
      // favicon is fetched when the browser gets round to it, and cancelled (ERR_ABORTED, no
      // answer missing) when a click navigates first.
      if (cancelledFavicon(r)) return;
      if (r.url().startsWith(stack.base)) problems.push(`request failed: ${r.url()} ${r.failure() && r.failure().errorText}`);
    });
  };
  context.on('page', watch);
  page = context.pages()[0] || await context.newPage();
  watch(page);
});

after(async () => {
  if (browser) await browser.close();
  if (stack) await stack.stop();
});

// Clicks something that submits the form and waits for the next page.
async function submit(selector, p = page) {
  const [res] = await Promise.all([
    p.waitForNavigation({ waitUntil: 'load' }),
    p.locator(selector).first().click(),
  ]);
  return res;
}

const btn = (value) => `button[name="action"][value="${value}"]`;

// Opens a public page and reloads it: public pages may be cached for up to a minute
// (Cache-Control max-age=60), and a reload revalidates them (the ETag is of the bytes).
async function openFresh(p) {
  await page.goto(`${stack.base}${p}`, { waitUntil: 'load' });
  await page.reload({ waitUntil: 'load' });
}

// The visible text of an element, as the reader sees it.
const textIn = (sel, p = page) => p.locator(sel).first().innerText();

function inOrder(text, pieces, label) {
  const flat = text.replace(/\s+/g, ' ');
  let at = 0;
  for (const piece of pieces) {
    const want = piece.replace(/\s+/g, ' ');
    const i = flat.indexOf(want, at);
    assert.ok(i >= 0, `${label}: "${want}" not found after position ${at} in:\n${flat.slice(at, at + 600)}`);
    at = i + want.length;
  }
}

const A = {
  headline: 'Ash cloud: Europe\'s airports stay shut for a third day',
  slug: 'ash-cloud-europes-airports-stay-shut-for-a-third-day',
  section: 'europe',
  intro: 'Most of northern Europe\'s airspace stayed closed on Saturday as volcanic ash drifted south and east.',
  image_url: '/static/img/ash-cloud.svg',
  image_alt: 'A plume of ash over the Eyjafjallajokull glacier',
  image_caption: 'The eruption in Iceland sent ash seven miles high',
  p0: 'Airports from Dublin to Warsaw kept their runways closed.',
  box: {
    image: '/static/img/rayhan-demytrie.svg', name: 'Jane Reporter', byline: 'Jane Reporter, BBC News, Brussels',
    paras: ['The departure boards here show nothing but cancellations.', 'Some travellers have slept in the terminal for two nights.'],
  },
  p2: 'Forecasters said the cloud could linger over the continent for days.',
  media: { url: 'https://media.example.org/ash-plume.mp4', poster: '/static/img/osh-rally-poster.svg', caption: 'Ash rises above the glacier' },
  p4: 'Airlines said they were losing $200m a day.',
  sponsor: 'Sponsored by Ash Airways',
  sponsor_url: 'https://sponsor.example.com/ash',
  links: [
    { source: 'Times Online', title: 'Ash cloud grounds flights', url: 'https://www.timesonline.co.uk/ash', time: '2010-04-17T08:30', reg: false, age: '1 hr ago' },
    { source: 'FT', title: 'Airlines count the cost', url: 'https://www.ft.com/airlines', time: '2010-04-16T21:30', reg: true, age: '12 hrs ago' },
    { source: 'Reuters', title: 'Iceland volcano erupts again', url: 'http://reuters.example/iceland', time: '2010-04-10T12:00', reg: false, age: '10 April 2010' },
  ],
  promos: '/news/asia-pacific/has-chinas-housing-bubble-burst',
};
let articleUrl;        // /admin/articles/ID
let publicUrl;

test('an editor logs in through the form', async () => {
  await page.goto(`${stack.base}/admin`, { waitUntil: 'load' });
  assert.equal(new URL(page.url()).pathname, '/admin/login', 'sent to the login page');
  await page.fill('#name', 'ed');
  await page.fill('#password', PW);
  await submit('button[type="submit"]');
  assert.equal(new URL(page.url()).pathname, '/admin');
  assert.match(await textIn('.admin-bar'), /ed \(editor\)/);
  const cookies = await context.cookies(stack.base);
  const c = cookies.find((x) => x.name === 'newsdesk_session');
  assert.ok(c, 'a session cookie');
  assert.equal(c.httpOnly, true);
  assert.equal(c.sameSite, 'Strict');
  assert.equal(await page.evaluate(() => document.cookie), '', 'scripts cannot read the session cookie');
});

test('writes an article with a box, media and three links using the form\'s buttons', async () => {
  await submit('a[href="/admin/articles/new"] >> nth=0');
  assert.equal(new URL(page.url()).pathname, '/admin/articles/new');
  await page.fill('#headline', A.headline);
  await page.selectOption('#section', A.section);
  await page.fill('#intro', A.intro);
  await page.fill('#image_url', A.image_url);
  await page.fill('#image_alt', A.image_alt);
  await page.fill('#image_caption', A.image_caption);
  await page.fill('#bt0', A.p0);
  await page.fill('#sponsor', A.sponsor);
  await page.fill('#sponsor_url', A.sponsor_url);
  await page.fill('#promos', A.promos);

  await submit(btn('add_box'));
  assert.equal(await page.inputValue('#headline'), A.headline, 'typed text survives Add box');
  assert.equal(await page.inputValue('#bt0'), A.p0);
  await page.fill('#bi1', A.box.image);
  await page.fill('#bn1', A.box.name);
  await page.fill('#bb1', A.box.byline);
  await page.fill('#bt1', A.box.paras.join('\n\n'));

  await submit(btn('add_paragraph'));
  await page.fill('#bt2', A.p2);
  await submit(btn('add_media'));
  await page.fill('#bm3', A.media.url);
  await page.fill('#bi3', A.media.poster);
  await page.fill('#bt3', A.media.caption);
  await submit(btn('add_paragraph'));
  await page.fill('#bt4', A.p4);

  for (let i = 0; i < A.links.length; i++) {
    await submit(btn('add_link'));
    const l = A.links[i];
    await page.fill(`#ls${i}`, l.source);
    await page.fill(`#lt${i}`, l.title);
    await page.fill(`#lu${i}`, l.url);
    await page.fill(`#lp${i}`, l.time);
    if (l.reg) await page.check(`input[name="lr"][value="${i}"]`);
  }
  // Everything typed is still there after all those round trips.
  assert.equal(await page.inputValue('#bt1'), A.box.paras.join('\n\n'));
  assert.equal(await page.inputValue('#bm3'), A.media.url);
  assert.equal(await page.inputValue('#lt0'), A.links[0].title);
  assert.equal(await page.isChecked('input[name="lr"][value="1"]'), true);
  assert.equal(await page.isChecked('input[name="lr"][value="0"]'), false);
  assert.equal(await page.inputValue('#promos'), A.promos);
  assert.equal(rows(stack.dbPath, 'SELECT count(*) AS n FROM articles WHERE headline LIKE \'Ash cloud: Europe%\'')[0].n, 0,
    'nothing saved yet');
  await page.screenshot({ path: path.join(SHOTS, 'admin-form.png'), fullPage: true });
});

test('previews it in the tab the Preview button opens; nothing is saved', async () => {
  const before = rows(stack.dbPath, 'SELECT count(*) AS n FROM articles')[0].n;
  const [popup] = await Promise.all([
    context.waitForEvent('page'),
    page.locator(btn('preview')).first().click(),
  ]);
  await popup.waitForLoadState('load');
  assert.match(await textIn('.preview-banner', popup), /Preview: this is not saved/);
  assert.equal(await textIn('h1', popup), A.headline);
  assert.equal(await textIn('.intro', popup), A.intro);
  assert.equal(await popup.locator('aside.box').count(), 1);
  assert.equal(await popup.locator('figure.media video').count(), 1);
  assert.equal(await popup.locator('section.related li').count(), 3);
  await popup.screenshot({ path: path.join(SHOTS, 'admin-preview.png'), fullPage: true });
  await popup.close();
  assert.equal(rows(stack.dbPath, 'SELECT count(*) AS n FROM articles')[0].n, before);
  assert.equal(new URL(page.url()).pathname, '/admin/articles/new', 'the form stays in its tab');
  assert.equal(await page.inputValue('#bt4'), A.p4);
});

test('publishes it', async () => {
  await submit(btn('publish'));
  const u = new URL(page.url());
  assert.match(u.pathname, /^\/admin\/articles\/\d+$/);
  assert.equal(u.search, '?done=published');
  articleUrl = u.pathname;
  assert.equal(await textIn('.notice'), 'Published.');
  assert.equal(await page.inputValue('#slug'), A.slug, 'the slug made from the headline');
  publicUrl = `/news/${A.section}/${A.slug}`;
});

// The published page, read as a reader reads it.
async function readArticle(p) {
  return p.evaluate(() => {
    const q = (s) => document.querySelector(s);
    const t = (el) => (el ? el.innerText : null);
    return {
      title: document.title,
      headline: t(q('article.story h1')),
      updated: t(q('.updated')),
      lead: q('.lead-image img') && { src: q('.lead-image img').getAttribute('src'), alt: q('.lead-image img').alt, caption: t(q('.lead-image figcaption')) },
      intro: t(q('.intro')),
      blocks: Array.from(document.querySelectorAll('article.story > p:not(.updated):not(.kicker):not(.intro), article.story > aside.box, article.story > figure.media')).map((el) => {
        if (el.matches('aside.box')) {
          const img = el.querySelector('img.portrait');
          return { kind: 'box', image: img && img.getAttribute('src'), name: img && img.alt, byline: t(el.querySelector('.byline')), paras: Array.from(el.querySelectorAll('p:not(.byline)')).map(t) };
        }
        if (el.matches('figure.media')) {
          const v = el.querySelector('video');
          return { kind: 'media', src: v.getAttribute('src'), poster: v.getAttribute('poster'), caption: t(el.querySelector('figcaption')) };
        }
        return { kind: 'paragraph', text: t(el) };
      }),
      sponsor: q('.sponsor a') && { text: t(q('.sponsor a')), href: q('.sponsor a').getAttribute('href') },
      related: Array.from(document.querySelectorAll('section.related li')).map((li) => ({
        text: t(li), href: li.querySelector('a').getAttribute('href'), reg: !!li.querySelector('.registration'),
      })),
      footnote: t(q('section.related .footnote')),
      promos: Array.from(document.querySelectorAll('section.promos a')).map((a) => a.getAttribute('href')),
      story: t(q('article.story')),
    };
  });
}

test('sees it on the section page and on its page exactly as entered', async () => {
  await page.goto(`${stack.base}/news/europe`, { waitUntil: 'load' });
  const link = page.locator(`a[href$="${publicUrl}"]`).filter({ hasText: A.headline });
  assert.ok(await link.count() >= 1, 'the section page links it with its headline');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.first().click()]);
  assert.equal(new URL(page.url()).pathname, publicUrl);
  await page.screenshot({ path: path.join(SHOTS, 'admin-published.png'), fullPage: true });
  const r = await readArticle(page);
  assert.equal(r.title, `${A.headline} - BBC News`);
  assert.equal(r.headline, A.headline);
  assert.equal(r.updated, 'Page last updated at 08:30 GMT, Saturday, 17 April 2010 09:30 UK');
  assert.deepEqual(r.lead, { src: A.image_url, alt: A.image_alt, caption: A.image_caption });
  assert.equal(r.intro, A.intro);
  assert.deepEqual(r.sponsor, { text: A.sponsor, href: A.sponsor_url });
  assert.deepEqual(r.related.map((x) => ({ ...x, text: x.text.replace(/\s+/g, ' ') })), A.links.map((l) => ({
    text: `${l.source} ${l.title}${l.reg ? '*' : ''} - ${l.age}`, href: l.url, reg: l.reg,
  })));
  assert.equal(r.footnote, '* May require registration');
  assert.deepEqual(r.promos, [A.promos]);
  inOrder(r.story, [A.headline, A.image_caption, A.intro, A.p0, A.box.byline, ...A.box.paras, A.p2,
    A.media.caption, A.p4, 'Print', A.sponsor, 'Related Internet links',
    'The BBC is not responsible for the content of external internet sites'], 'the article text');
  // The blocks in order; the box's two paragraphs (typed with a blank line between them, which
  // the browser sends as CRLF CRLF) are two paragraphs.
  assert.deepEqual(r.blocks, [
    { kind: 'paragraph', text: A.p0 },
    { kind: 'box', image: A.box.image, name: A.box.name, byline: A.box.byline, paras: A.box.paras },
    { kind: 'paragraph', text: A.p2 },
    { kind: 'media', src: A.media.url, poster: A.media.poster, caption: A.media.caption },
    { kind: 'paragraph', text: A.p4 },
  ]);
});

test('edits it: a changed paragraph shows at once', async () => {
  await page.goto(`${stack.base}${articleUrl}`, { waitUntil: 'load' });
  assert.equal(await page.inputValue('#bt2'), A.p2);
  await page.fill('#bt2', 'Forecasters now say the cloud will clear by Tuesday.');
  await submit(btn('save'));
  assert.equal(new URL(page.url()).search, '?done=saved');
  assert.equal(await textIn('.notice'), 'Saved.');
  await openFresh(publicUrl);
  const r = await readArticle(page);
  assert.equal(r.blocks[2].text, 'Forecasters now say the cloud will clear by Tuesday.');
});

test('restores the first revision from the revisions page; the first text is back', async () => {
  await page.goto(`${stack.base}${articleUrl}`, { waitUntil: 'load' });
  await submit('.edit-links a:has-text("Revisions")');
  assert.equal(new URL(page.url()).pathname, `${articleUrl}/revisions`);
  const revs = await page.evaluate(() => Array.from(document.querySelectorAll('table.revisions tbody tr'))
    .map((tr) => Array.from(tr.cells).slice(0, 3).map((c) => c.innerText.trim())));
  assert.equal(revs.length, 2);
  assert.match(revs[0][0], /\(current\)/);
  assert.equal(revs[0][1], 'saved');
  assert.equal(revs[1][1], 'published');
  const first = revs[1][0];
  // Compare the two first.
  await page.check(`input[name="from"][value="${first}"]`);
  await submit('button[form="compare"]');
  const diff = await page.evaluate(() => Array.from(document.querySelectorAll('table.diff-lines tr'))
    .map((tr) => ({ cls: tr.className, text: tr.cells[1].innerText })));
  assert.ok(diff.some((d) => d.cls === 'removed' && d.text.includes(A.p2)));
  assert.ok(diff.some((d) => d.cls === 'added' && d.text.includes('clear by Tuesday')));
  await submit(`button:has-text("Restore revision ${first}")`);
  assert.equal(new URL(page.url()).search, '?done=restored');
  assert.match(await textIn('.notice'), /Restored/);
  assert.equal(await page.inputValue('#bt2'), A.p2);
  await openFresh(publicUrl);
  const r = await readArticle(page);
  assert.equal(r.blocks[2].text, A.p2);
  assert.equal(r.headline, A.headline);
});

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(2)>';
const H = `${SCRIPT} ${IMG} \u202Eevil\u202C Курманбек Бакиев`;

test('hostile text typed into the fields shows as text; a javascript: link is refused; no dialog fires', async () => {
  await page.goto(`${stack.base}/admin/articles/new`, { waitUntil: 'load' });
  await page.fill('#headline', `${H} headline`);
  await page.fill('#slug', 'hostile-in-the-browser');
  await page.selectOption('#section', 'europe');
  await page.fill('#intro', `${H} intro`);
  await page.fill('#image_url', '/static/img/ash-cloud.svg');
  await page.fill('#image_alt', `${H} alt`);
  await page.fill('#image_caption', `${H} caption`);
  await page.fill('#bt0', `${H} paragraph`);
  await page.fill('#sponsor', `${H} sponsor`);
  await submit(btn('add_box'));
  await page.fill('#bn1', `${H} name`);
  await page.fill('#bi1', '/static/img/rayhan-demytrie.svg');
  await page.fill('#bb1', `${H} byline`);
  await page.fill('#bt1', `${H} box`);
  await submit(btn('add_link'));
  await page.fill('#ls0', `${H} source`);
  await page.fill('#lt0', `${H} title`);
  await page.fill('#lu0', 'javascript:alert(3)');
  await page.fill('#lp0', '2010-04-17T09:00');
  await page.check('input[name="lr"][value="0"]');
  // The javascript: address is refused, and everything typed comes back.
  const res = await submit(btn('publish'));
  assert.equal(res.status(), 422);
  assert.match(await textIn('.form-errors'), /Nothing was saved: 1 thing\(s\) to fix/);
  assert.match(await textIn('li.link .field-error'), /must start with https:\/\/ or http:\/\//);
  assert.equal(await page.inputValue('#headline'), `${H} headline`);
  assert.equal(await page.inputValue('#bt1'), `${H} box`);
  assert.equal(await page.inputValue('#lu0'), 'javascript:alert(3)');
  await page.screenshot({ path: path.join(SHOTS, 'admin-form-errors.png'), fullPage: true });
  await page.fill('#lu0', 'https://example.com/?q=<b>"x"</b>'.replace(/[<>"]/g, ''));
  await submit(btn('publish'));
  assert.equal(new URL(page.url()).search, '?done=published');
  // The admin pages show it as text too.
  assert.equal(await page.inputValue('#headline'), `${H} headline`);
  await page.goto(`${stack.base}/admin`, { waitUntil: 'load' });
  assert.ok((await textIn('table.article-table')).includes(`${H} headline`));
  // The public page.
  await openFresh('/news/europe/hostile-in-the-browser');
  const r = await readArticle(page);
  assert.equal(r.title, `${H} headline - BBC News`);
  assert.equal(r.headline, `${H} headline`);
  assert.equal(r.intro, `${H} intro`);
  assert.equal(r.lead.alt, `${H} alt`);
  assert.equal(r.lead.caption, `${H} caption`);
  assert.equal(r.blocks[0].text, `${H} paragraph`);
  assert.equal(r.blocks[1].name, `${H} name`);
  assert.equal(r.blocks[1].byline, `${H} byline`);
  assert.deepEqual(r.blocks[1].paras, [`${H} box`]);
  assert.equal(r.related[0].text.replace(/\s+/g, ' '), `${H} source ${H} title* - 30 mins ago`);
  const dom = await page.evaluate(() => ({
    imgX: document.querySelectorAll('img[src="x"]').length,
    scripts: Array.from(document.scripts).filter((s) => s.type !== 'application/ld+json').length,
    handlers: Array.from(document.querySelectorAll('*')).filter((el) => Array.from(el.attributes).some((a) => /^on/i.test(a.name))).length,
  }));
  assert.deepEqual(dom, { imgX: 0, scripts: 0, handlers: 0 });
  for (const p of ['/news/europe', '/', '/news/europe/hostile-in-the-browser/print']) {
    await page.goto(`${stack.base}${p}`, { waitUntil: 'load' });
    assert.equal(await page.locator('img[src="x"]').count(), 0, p);
  }
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, [], 'no alert, confirm or prompt fired');
});

test('no console errors, page errors or failed loads on any page; the server stops cleanly', async () => {
  // The one refusal the test provoked (422 for the javascript: link) is logged by Chromium.
  assert.deepEqual(problems.filter((p) => !/status of 422/.test(p)), []);
  assert.deepEqual(dialogs, []);
  if (context) { await context.close(); context = null; }
  const s = stack;
  stack = null;
  await s.stop();
});
