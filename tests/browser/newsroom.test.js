'use strict';
// The newsroom as readers and an editor see it in a real browser (Debian's chromium, driven by
// playwright-core): the author page from the article's byline (portrait, role, bio, stories);
// an editor appends a correction on the article form and a reader sees it at the end of the
// article with its time, the "last updated" line moved. Screenshots of the author page and the
// corrected article go to NEWSDESK_BUILD_DIR/screenshots/ (newsroom-author.png,
// newsroom-correction.png).
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startStack } = require('../lib/stack.js');
const { launchBrowser, screenshotsDir } = require('../lib/browser.js');
const { addUser } = require('../lib/admin.js');

const NOW = '2010-04-17T08:30:00Z';   // 09:30 UK
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
const SHOTS = screenshotsDir();
const PW = 'an editor password 2010';
let stack;
let browser;
let page;
const problems = [];

before(async () => {
  stack = await startStack({ demo: true, now: NOW, beforeServe: (db) => addUser(db, 'ed', PW, 'editor') });
  browser = await launchBrowser();
  browser.context.setDefaultTimeout(30000);
  page = await browser.context.newPage();
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
});
after(async () => {
  if (browser) await browser.close();
  if (stack) await stack.stop();
});

test('a reader follows the byline to the author page', async () => {
  await page.goto(stack.base + SEED, { waitUntil: 'load' });
  const byline = page.locator('p.bylines a.author');
  assert.equal(await byline.innerText(), 'Rayhan Demytrie');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), byline.click()]);
  assert.equal(new URL(page.url()).pathname, '/people/rayhan-demytrie');
  const text = await page.locator('main').innerText();
  for (const line of ['Rayhan Demytrie', 'BBC News, Jalalabad', 'reports on Central Asia', 'Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan', 'Atom feed']) {
    assert.ok(text.includes(line), `the author page shows ${line}:\n${text}`);
  }
  assert.ok(await page.locator('header.owner img.portrait').evaluate((img) => img.complete && img.naturalWidth > 0), 'the portrait loads');
  await page.screenshot({ path: path.join(SHOTS, 'newsroom-author.png'), fullPage: true });
  assert.deepEqual(problems, []);
});

test('an editor appends a correction; the reader sees it at the end of the article', async () => {
  await page.goto(`${stack.base}/admin/login`, { waitUntil: 'load' });
  await page.fill('#name', 'ed');
  await page.fill('#password', PW);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('button[type=submit]').first().click()]);
  await page.goto(`${stack.base}/admin/articles/1`, { waitUntil: 'load' });
  await page.selectOption('#note-kind', 'correction');
  const note = 'An earlier version of this story said Mr Bakiyev flew to Almaty. He flew to Taraz. <script>alert(1)</script>';
  await page.fill('#note-text', note);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('.note-form button[type=submit]').click()]);
  assert.match(await page.locator('.notice').innerText(), /Note appended/);
  // A new tab, as another reader: this one read the article a moment ago, and its cache may
  // keep that copy for the page's max-age.
  page = await browser.context.newPage();
  await page.context().clearCookies();
  await page.route('**/*', (route) => route.continue({ headers: { ...route.request().headers(), 'cache-control': 'no-cache' } }));
  await page.goto(stack.base + SEED, { waitUntil: 'load' });
  const story = await page.locator('article.story').innerText();
  const at = story.indexOf('Correction, 17 April 2010 09:30 BST: An earlier version of this story said Mr Bakiyev flew to Almaty. He flew to Taraz. <script>alert(1)</script>');
  assert.ok(at > story.indexOf('our correspondent adds'), `the correction follows the story's last paragraph:\n${story.slice(-800)}`);
  assert.match(story, /Page last updated at 08:30 GMT, Saturday, 17 April 2010/);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.locator('section.corrections').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: path.join(SHOTS, 'newsroom-correction.png') });
  await page.screenshot({ path: path.join(SHOTS, 'newsroom-correction-full.png'), fullPage: true });
  assert.deepEqual(problems, []);
});
