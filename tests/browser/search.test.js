'use strict';
// Search in a real browser (Debian's chromium, driven by playwright-core), clock pinned: type
// "Bakiyev" into the masthead search box, press Enter, see the seed among the results with
// its match highlighted, click it and land on the article. On a desktop and on a phone.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startStack } = require('../lib/stack.js');
const { launchBrowser, screenshotsDir } = require('../lib/browser.js');

const NOW = '2010-04-17T08:30:00Z';
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
const HEADLINE = 'Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan';
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

// A new tab that records what goes wrong while it loads pages.
async function newPage(viewport) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure() && r.failure().errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return { page, problems };
}

async function searchFromMasthead(viewport, shot) {
  const { page, problems } = await newPage(viewport);
  try {
    const res = await page.goto(`${stack.base}/`, { waitUntil: 'load', timeout: 30000 });
    assert.equal(res.status(), 200, 'GET /');
    const box = page.locator('header.masthead form[action="/search"] input[name="q"]');
    assert.equal(await box.count(), 1, 'one search box in the masthead');
    assert.ok(await box.isVisible(), 'the masthead search box is not visible');
    const bb = await box.boundingBox();
    const width = viewport ? viewport.width : 1280;
    assert.ok(bb && bb.x >= 0 && bb.x + bb.width <= width + 1, `the search box is off screen: ${JSON.stringify(bb)}`);
    const label = await page.evaluate(() => {
      const input = document.querySelector('header.masthead input[name="q"]');
      const l = input && input.id ? document.querySelector(`label[for="${input.id}"]`) : null;
      return (l && l.textContent.trim()) || (input && input.getAttribute('aria-label')) || '';
    });
    assert.ok(label, 'the search box has no label');

    // Type as a reader would, then press Enter.
    await box.click();
    await page.keyboard.type('Bakiyev', { delay: 20 });
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/search', { timeout: 30000 }),
      page.keyboard.press('Enter'),
    ]);
    await page.waitForLoadState('load');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('q'), 'Bakiyev', `the search went to ${page.url()}`);

    const results = page.locator('ol.results > li');
    assert.ok(await results.count() >= 1, 'no results');
    const first = results.first();
    const link = first.locator('h2 a');
    assert.equal((await link.textContent()).trim(), HEADLINE, 'the seed is not the first result');
    const mark = first.locator('mark').first();
    assert.ok(await mark.isVisible(), 'no visible <mark> in the seed\'s snippet');
    assert.match((await mark.textContent()).trim(), /^bakiyev$/i);
    // Highlighted: the mark looks different from the text around it.
    const looks = await mark.evaluate((m) => {
      const s = getComputedStyle(m);
      const p = getComputedStyle(m.parentElement);
      return { bg: s.backgroundColor, color: s.color, weight: s.fontWeight, pbg: p.backgroundColor, pcolor: p.color, pweight: p.fontWeight };
    });
    const transparent = (c) => c === 'transparent' || /rgba\(\d+, \d+, \d+, 0\)/.test(c);
    assert.ok((!transparent(looks.bg) && looks.bg !== looks.pbg) || looks.color !== looks.pcolor || looks.weight !== looks.pweight,
      `the <mark> does not stand out: ${JSON.stringify(looks)}`);
    // The query stays in the search page's own box.
    assert.equal(await page.locator('main input[name="q"]').inputValue(), 'Bakiyev');
    if (shot) await page.screenshot({ path: path.join(SHOTS, shot), fullPage: true });

    // Follow the result to the article.
    await Promise.all([
      page.waitForURL((u) => u.pathname === SEED, { timeout: 30000 }),
      link.click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(new URL(page.url()).pathname, SEED);
    assert.equal((await page.locator('h1').first().textContent()).trim(), HEADLINE);
    assert.deepEqual(problems, [], 'problems while searching');
  } finally {
    await page.close();
  }
}

test('desktop: search "Bakiyev" from the masthead, see the seed with its match marked, open it', async () => {
  await searchFromMasthead(null, 'search-results.png');
});

test('phone (390x844): the same, with the masthead search box on screen', async () => {
  await searchFromMasthead({ width: 390, height: 844 }, 'search-results-phone.png');
});

test('the search box works from an article page and a section page too', async () => {
  for (const from of [SEED, '/news/europe']) {
    const { page, problems } = await newPage();
    try {
      await page.goto(stack.base + from, { waitUntil: 'load' });
      const box = page.locator('header.masthead input[name="q"]');
      await box.fill('volcanic ash');
      await Promise.all([page.waitForURL((u) => u.pathname === '/search'), box.press('Enter')]);
      await page.waitForLoadState('load');
      assert.equal(new URL(page.url()).searchParams.get('q'), 'volcanic ash');
      const heads = await page.locator('ol.results > li h2 a').allTextContents();
      assert.ok(heads.some((h) => /volcanic ash/i.test(h)), `from ${from}: results ${JSON.stringify(heads)}`);
      assert.ok(await page.locator('ol.results mark').count() > 0, `from ${from}: no marks`);
      assert.deepEqual(problems, [], `problems searching from ${from}`);
    } finally {
      await page.close();
    }
  }
});
