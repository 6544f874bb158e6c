'use strict';
// The seed article in a real browser (Debian's chromium, driven by playwright-core), clock
// pinned to the moment the seed was captured: its visible text, images read as their alt
// text, holds every line of the seed in order. Also: no failed loads or console errors,
// screenshots, and no horizontal scrolling on a phone.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { SRC, startStack } = require('../lib/stack.js');
const { launchBrowser, screenshotsDir } = require('../lib/browser.js');

const NOW = '2010-04-17T08:30:00Z';
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
const SEED_FILE = path.join(SRC, 'tests', 'fixtures', 'bakiyev-2010-04-15.txt');
const SHOTS = screenshotsDir();

let stack;
let context;
let browser;

before(async () => {
  stack = await startStack({ demo: true, now: NOW });
  browser = await launchBrowser();
  context = browser.context;
});

after(async () => {
  if (browser) await browser.close();
  if (stack) await stack.stop();
});

// Opens a page and records what went wrong while loading it.
async function open(p, viewport) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure() && r.failure().errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  const res = await page.goto(stack.base + p, { waitUntil: 'load', timeout: 30000 });
  assert.equal(res.status(), 200, `GET ${p}`);
  await page.evaluate(() => document.fonts && document.fonts.ready);
  return { page, problems };
}

const norm = (s) => s.replace(/[\s*]+/g, '');

test('the seed article page shows every line of the seed, in order', async () => {
  const { page, problems } = await open(SEED);
  await page.screenshot({ path: path.join(SHOTS, 'seed-article.png'), fullPage: true });

  // Each image reads as its alt text, on a line of its own; then the rendered text.
  const text = await page.evaluate(() => {
    for (const img of Array.from(document.querySelectorAll('img'))) {
      const span = document.createElement('span');
      span.textContent = `\n${img.getAttribute('alt') || ''}\n`;
      span.style.whiteSpace = 'pre-line';
      img.replaceWith(span);
    }
    return document.body.innerText;
  });
  await page.close();

  // The normalized page text, and where each of its characters is in the rendered text.
  let page_ = '';
  const where = [];
  for (let i = 0; i < text.length; i++) {
    if (!/[\s*]/.test(text[i])) { page_ += text[i]; where.push(i); }
  }
  const context = (n) => {
    const from = n < where.length ? where[n] : text.length;
    return JSON.stringify(text.slice(from, from + 400));
  };
  const lines = fs.readFileSync(SEED_FILE, 'utf8').split('\n').map((l) => l.trim()).filter((l) => norm(l) !== '');
  assert.ok(lines.length > 30, `the seed file ${SEED_FILE} looks wrong (${lines.length} lines)`);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    const want = norm(lines[i]);
    const found = page_.indexOf(want, at);
    if (found < 0) {
      const anywhere = page_.indexOf(want);
      const prev = i > 0 ? lines[i - 1] : '(start)';
      assert.fail(`seed line ${i + 1} not found ${anywhere >= 0 ? 'after the previous line (it appears earlier, out of order)' : 'on the page'}:\n` +
        `  missing:  ${lines[i]}\n  previous: ${prev}\n` +
        `  page text after the previous match: ${context(at)}`);
    }
    at = found + want.length;
  }
  assert.deepEqual(problems, [], 'problems while loading the article page');
});

test('the print view renders without nav and without load problems', async () => {
  const { page, problems } = await open(`${SEED}/print`);
  await page.screenshot({ path: path.join(SHOTS, 'seed-print.png'), fullPage: true });
  const navs = await page.evaluate(() => document.querySelectorAll('nav').length);
  const text = await page.evaluate(() => document.body.innerText);
  await page.close();
  assert.equal(navs, 0, 'print view has a <nav>');
  assert.ok(text.includes('Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan'), 'print view lacks the headline');
  assert.deepEqual(problems, [], 'problems while loading the print view');
});

for (const [name, p] of [['article', SEED], ['home', '/'], ['section', '/news/asia-pacific']]) {
  test(`${name} page on a phone (390x844): no horizontal scrolling`, async () => {
    const { page, problems } = await open(p, { width: 390, height: 844 });
    const shot = name === 'article' ? 'seed-article-phone.png' : `${name}-phone.png`;
    await page.screenshot({ path: path.join(SHOTS, shot), fullPage: true });
    const widths = await page.evaluate(() => {
      const wide = [];
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        const r = el.getBoundingClientRect();
        if (r.right > window.innerWidth + 1 && wide.length < 5) {
          wide.push(`<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}> right=${Math.round(r.right)}`);
        }
      }
      return { scroll: document.documentElement.scrollWidth, inner: window.innerWidth, wide };
    });
    await page.close();
    assert.ok(widths.scroll <= 390,
      `${p}: scrollWidth ${widths.scroll} > 390 on a phone; too wide: ${widths.wide.join(', ')}`);
    assert.deepEqual(problems, [], `problems while loading ${p}`);
  });
}

test('newsdesk stops cleanly on SIGTERM: exit 0, no sanitizer reports', async () => {
  if (context) { await context.close(); context = null; }
  const s = stack;
  stack = null;
  await s.stop();
});
