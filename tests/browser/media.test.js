'use strict';
// Photos in a real browser (Debian's chromium, driven by playwright-core): an editor uploads a
// picture through the media library's form, gives it alt text and a credit, picks it as the
// seed article's lead image from the form's picker and publishes. The public page shows it; a
// phone-sized window fetches a rendition at most 640 pixels wide and a desktop one at least 960
// (the requests are watched, the cache off); the image moves nothing while it loads (the
// browser's own layout-shift entries, with the pictures held back 400 ms, and the same page
// without width and height as the control that shows a shift). Screenshots at both sizes go to
// NEWSDESK_BUILD_DIR/screenshots/ (media-phone.png, media-desktop.png).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startStack } = require('../lib/stack.js');
const { launchBrowser, screenshotsDir } = require('../lib/browser.js');
const { addUser, rows } = require('../lib/admin.js');
const { tool } = require('../lib/media.js');

const NOW = '2010-04-17T08:30:00Z';
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
const SHOTS = screenshotsDir();
const PW = 'an editor password 2010';
const ALT = 'Supporters of the interim government gather in the square in Osh';
const CREDIT = 'Photo: Test Agency';

let stack;
let browser;
let page;
let tmp;
const problems = [];

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-media-browser-'));
  stack = await startStack({ demo: true, now: NOW, beforeServe: (db) => addUser(db, 'ed', PW, 'editor') });
  browser = await launchBrowser();
  browser.context.setDefaultTimeout(60000);
  page = browser.context.pages()[0] || await browser.context.newPage();
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
});

after(async () => {
  if (browser) await browser.close();
  if (stack) await stack.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function submit(selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(selector).first().click()]);
}

// Opens the seed page at a window size with the cache off, the pictures held back 400 ms (so the
// text is laid out first, as on a slow phone network); the /photos/ addresses fetched and the
// page's cumulative layout shift, as the browser measured it.
async function visit(width, height, { stripSize = false } = {}) {
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.setViewportSize({ width, height });
  const fetched = [];
  const onRequest = (r) => { if (r.url().includes('/photos/')) fetched.push(new URL(r.url()).pathname); };
  page.on('request', onRequest);
  await page.route('**/photos/**', async (route) => {
    await new Promise((r) => setTimeout(r, 400));
    await route.continue();
  });
  if (stripSize) {
    await page.route(`**${SEED}`, async (route) => {
      const res = await route.fetch();
      const body = (await res.text()).replace(/ width="\d+" height="\d+"/g, '');
      await route.fulfill({ response: res, body });
    });
  }
  await page.goto(`${stack.base}${SEED}`, { waitUntil: 'load' });
  const cls = await page.evaluate(() => new Promise((resolve) => {
    let sum = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) sum += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => resolve(sum), 300);
  }));
  const lead = await page.evaluate(() => {
    const img = document.querySelector('.lead-image img');
    return img && { current: new URL(img.currentSrc).pathname, complete: img.complete, natural: img.naturalWidth, shown: img.clientWidth };
  });
  page.off('request', onRequest);
  await page.unrouteAll({ behavior: 'wait' });
  await cdp.detach();
  return { fetched, cls, lead };
}

const widthOf = (p) => Number(/\/(\d+)\.(?:jpg|webp|avif)$/.exec(p)[1]);

test('upload, alt text and credit, pick as lead, publish; phone and desktop renditions; no layout shift', async (t) => {
  // A 24-megapixel-class camera picture would do; 2400x1600 keeps the test quick.
  const photo = path.join(tmp, 'osh-square.jpg');
  tool('convert', ['-size', '2400x1600', 'gradient:#4a6fa5-#e8d8b0', '-fill', '#8b3a3a', '-draw', 'circle 1200,800 1200,1300', '-quality', '90', photo]);

  await page.goto(`${stack.base}/admin/login`, { waitUntil: 'load' });
  await page.fill('#name', 'ed');
  await page.fill('#password', PW);
  await submit('button[type="submit"]');

  // Upload through the library's form, as an editor does (no script needed).
  await page.goto(`${stack.base}/admin/media`, { waitUntil: 'load' });
  await page.setInputFiles('#file', photo);
  await submit('.upload-form button[type="submit"]');
  assert.match(new URL(page.url()).pathname, /^\/admin\/media\/\d+$/);
  assert.match(await page.locator('.notice').innerText(), /Uploaded\. Give it alt text/);

  // Alt text and credit on the image's page.
  await page.fill('#alt', ALT);
  await page.fill('#credit', CREDIT);
  await submit('button[name="action"][value="save"]');
  assert.match(await page.locator('.notice').innerText(), /Saved/);
  const ref = await page.inputValue('#ref-url');
  assert.match(ref, /^\/photos\/[0-9a-f]{32}\/1920\.jpg$/);

  // Picked into the article's lead image from the form's picker, then published.
  await page.goto(`${stack.base}/admin/articles/1`, { waitUntil: 'load' });
  const offered = await page.$$eval('#media-library option', (os) => os.map((o) => [o.value, o.textContent]));
  assert.ok(offered.some(([v, t]) => v === ref && t === ALT), `the picker offers it: ${JSON.stringify(offered)}`);
  assert.equal(await page.getAttribute('#image_url', 'list'), 'media-library');
  await page.fill('#image_url', ref);
  await page.fill('#image_alt', '');  // the library's alt text is used
  await submit('button[name="action"][value="publish"]');
  assert.equal(rows(stack.dbPath, 'SELECT image_url, image_alt FROM articles WHERE id = 1')[0].image_alt, ALT);

  // A phone: at most 640 wide.
  const phone = await visit(375, 812);
  assert.ok(phone.lead && phone.lead.complete && phone.lead.natural > 0, JSON.stringify(phone.lead));
  assert.equal(await page.locator('.lead-image img').getAttribute('alt'), ALT);
  assert.match(await page.locator('.lead-image figcaption').innerText(), new RegExp(CREDIT));
  const phoneLead = phone.fetched.filter((p) => p.startsWith(ref.replace(/1920\.jpg$/, '')));
  assert.ok(phoneLead.length >= 1 && phoneLead.every((p) => widthOf(p) <= 640), `phone fetched ${phoneLead}`);
  assert.match(phone.lead.current, /\.avif$/, 'AVIF where the browser takes it (Chromium does)');
  assert.ok(phone.cls < 0.01, `phone CLS ${phone.cls}`);
  await page.screenshot({ path: path.join(SHOTS, 'media-phone.png'), fullPage: false });

  // A desktop: at least 960 wide.
  const desk = await visit(1280, 900);
  const deskLead = desk.fetched.filter((p) => p.startsWith(ref.replace(/1920\.jpg$/, '')));
  assert.ok(deskLead.length >= 1 && deskLead.every((p) => widthOf(p) >= 960), `desktop fetched ${deskLead}`);
  assert.ok(desk.cls < 0.01, `desktop CLS ${desk.cls}`);
  await page.screenshot({ path: path.join(SHOTS, 'media-desktop.png'), fullPage: false });

  // The control: the same page without width and height does shift, so the measure can see it.
  const control = await visit(375, 812, { stripSize: true });
  assert.ok(control.cls > 0.05, `without width and height the page shifts (CLS ${control.cls})`);

  // The article form uploads a lead image itself, alt text and caption from its own fields.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${stack.base}/admin/articles/2`, { waitUntil: 'load' });
  await page.fill('#image_url', '');
  await page.fill('#image_alt', 'The square from the form');
  await page.setInputFiles('#image_file', photo);
  await submit('button[name="action"][value="save"]');
  assert.match(new URL(page.url()).search, /done=saved/);
  const [a2] = rows(stack.dbPath, 'SELECT image_url, image_alt FROM articles WHERE id = 2');
  assert.equal(a2.image_url, ref, 'the same bytes: the same image, named the same way');

  // And a box's portrait from its own file field, the other blocks' file fields left empty.
  await page.goto(`${stack.base}/admin/articles/1`, { waitUntil: 'load' });
  const boxFile = await page.getAttribute('label:has-text("Or upload a portrait")', 'for');
  const boxIndex = Number(boxFile.slice(2));
  await page.fill(`#bi${boxIndex}`, '');
  await page.setInputFiles(`#${boxFile}`, photo);
  await submit('button[name="action"][value="save"]');
  assert.match(new URL(page.url()).search, /done=saved/);
  const [box] = rows(stack.dbPath, "SELECT image_url FROM blocks WHERE article_id = 1 AND kind = 'box'");
  assert.equal(box.image_url, ref, 'the box names the uploaded picture');

  t.diagnostic(`phone fetched ${phoneLead.join(' ')}, CLS ${phone.cls}; desktop fetched ${deskLead.join(' ')}, ` +
    `CLS ${desk.cls}; without width and height CLS ${control.cls}; screenshots in ${SHOTS}`);
  assert.deepEqual(problems, []);
});

test('a person\'s portrait picked from the library: the author page draws it as a 112px circle from a small WebP, its stories\' thumbnails from renditions', async () => {
  // Logged in by the test above; the demo's portraits are in the library.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${stack.base}/admin/people/1`, { waitUntil: 'load' });
  assert.equal(await page.getAttribute('#person-portrait', 'list'), 'media-library');
  const offered = await page.$$eval('#media-library option', (os) => os.map((o) => [o.value, o.textContent]));
  const pick = offered.find(([, text]) => text === ALT);
  assert.ok(pick, `the picker offers the uploaded picture: ${JSON.stringify(offered)}`);
  await page.fill('#person-portrait', pick[0]);
  await submit('button[name="action"][value="save"]');
  assert.match(new URL(page.url()).search, /done=saved/);
  assert.equal(rows(stack.dbPath, 'SELECT portrait_url FROM people WHERE id = 1')[0].portrait_url, pick[0]);

  const fetched = [];
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const watch = (r) => { const u = new URL(r.url()); if (u.pathname.startsWith('/photos/')) fetched.push(u.pathname); };
  page.on('request', watch);
  await page.goto(`${stack.base}/people/rayhan-demytrie`, { waitUntil: 'load' });
  page.off('request', watch);
  await cdp.detach();
  const img = await page.$eval('.owner img.portrait', (i) => ({
    complete: i.complete, natural: i.naturalWidth, current: i.currentSrc, alt: i.alt,
    box: [i.getBoundingClientRect().width, i.getBoundingClientRect().height],
  }));
  assert.ok(img.complete && img.natural > 0, JSON.stringify(img));
  assert.equal(img.alt, 'Rayhan Demytrie');
  assert.deepEqual(img.box, [112, 112]);
  assert.match(img.current, /\/320\.avif$/, `a 112px portrait needs the smallest AVIF: ${img.current}`);
  // and the story list's thumbnail (the same picture, the seed's lead) a rendition, not the original
  assert.ok(fetched.length >= 1 && fetched.every((p) => widthOf(p) <= 640), `fetched ${fetched}`);
  await page.screenshot({ path: path.join(SHOTS, 'media-author.png'), fullPage: false });
  assert.deepEqual(problems, []);
});
