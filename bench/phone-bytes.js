#!/usr/bin/env node
'use strict';
// The bytes a phone downloads for the seed article page: a real newsdesk and nginx (the demo
// content, tests/lib/stack.js) and Debian's chromium emulating a phone, cache empty. Counts
// every response's bytes on the wire (Chrome's encodedDataLength: headers and body, gzip as
// sent) at load, then again after scrolling to the end (lazy images). Two phones: 375x812 at
// device pixel ratio 1, and 390x844 at 3 (a current iPhone's screen).
// usage: NEWSDESK_BIN=build-release/newsdesk node bench/phone-bytes.js
const { startStack } = require('../tests/lib/stack.js');

const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
const PHONES = [['375x812@1', 375, 812, 1], ['390x844@3', 390, 844, 3]];

async function measure(browser, base, [name, width, height, dpr]) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: dpr, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urls = new Map();
  const bytes = new Map();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
  await page.goto(base + SEED, { waitUntil: 'networkidle' });
  const atLoad = [...bytes.values()].reduce((a, b) => a + b, 0);
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 400) { window.scrollTo(0, y); await new Promise((r) => setTimeout(r, 50)); }
  });
  await page.waitForLoadState('networkidle');
  await new Promise((r) => setTimeout(r, 500));
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  const images = [...bytes.entries()].filter(([id]) => /\/(photos|static\/img)\//.test(urls.get(id) || ''))
    .map(([id, n]) => `${new URL(urls.get(id)).pathname.replace(/^\/photos\/(.{8}).{24}/, '/photos/$1…')} ${n}`);
  await context.close();
  return { name, atLoad, total, images };
}

(async () => {
  const stack = await startStack({ demo: true, now: '2010-04-17T08:30:00Z' });
  const browser = await require('playwright-core').chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    for (const phone of PHONES) {
      const r = await measure(browser, stack.base, phone);
      console.log(`${r.name}: ${r.atLoad} bytes at load, ${r.total} after scrolling to the end`);
      for (const i of r.images) console.log(`  ${i}`);
    }
  } finally {
    await browser.close();
    await stack.stop();
  }
})().catch((e) => { console.error(e); process.exit(1); });
