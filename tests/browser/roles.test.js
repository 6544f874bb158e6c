'use strict';
// The newsroom in a real browser: a reporter writes and submits a story, an editor finds it in
// the review queue, sends it back with a note, the reporter fixes it and submits again, and the
// editor publishes it; then the reporter types into a draft, closes the tab without saving, and
// on reopening the article is offered the unsaved text beside the saved version, restores it and
// saves. draft.js runs under the site's CSP (a violation would be a console error here).
// A screenshot of the review queue goes to NEWSDESK_BUILD_DIR/screenshots/review-queue.png.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startStack } = require('../lib/stack.js');
const { launchBrowser, screenshotsDir } = require('../lib/browser.js');
const { addUser, rows } = require('../lib/admin.js');

const NOW = '2010-04-17T08:30:00Z';
const SHOTS = screenshotsDir();
const PW = 'a newsroom password 12';

let stack;
let reporter;  // rita's browser
let editor;    // ed's browser, another profile
const problems = [];

function watch(p) {
  p.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  p.on('console', (m) => { if (m.type() === 'error') problems.push(`console error on ${p.url()}: ${m.text()}`); });
  p.on('pageerror', (e) => problems.push(`page error on ${p.url()}: ${e.message}`));
}

async function open(b) {
  const p = await b.context.newPage();
  watch(p);
  return p;
}

async function submit(p, selector) {
  await Promise.all([p.waitForNavigation({ waitUntil: 'load' }), p.locator(selector).first().click()]);
}

const btn = (value) => `button[name="action"][value="${value}"]`;

async function login(p, name) {
  await p.goto(`${stack.base}/admin/login`, { waitUntil: 'load' });
  await p.fill('#name', name);
  await p.fill('#password', PW);
  await submit(p, 'button[type="submit"]');
  assert.equal(new URL(p.url()).pathname, '/admin');
}

before(async () => {
  stack = await startStack({
    demo: true,
    now: NOW,
    beforeServe: (db) => { addUser(db, 'rita', PW, 'reporter'); addUser(db, 'ed', PW, 'editor'); },
  });
  reporter = await launchBrowser();
  editor = await launchBrowser();
  for (const b of [reporter, editor]) b.context.setDefaultTimeout(30000);
});

after(async () => {
  for (const b of [reporter, editor]) if (b) await b.close();
  if (stack) await stack.stop();
});

test('a reporter submits, the editor sends it back, the reporter fixes it, the editor publishes', async () => {
  const rp = await open(reporter);
  await login(rp, 'rita');
  assert.equal(await rp.locator('a[href="/admin/sections"]').count(), 0, 'no Sections link for a reporter');
  await submit(rp, 'a[href="/admin/articles/new"] >> nth=0');
  assert.equal(await rp.locator(btn('publish')).count(), 0, 'no Publish button for a reporter');
  await rp.fill('#headline', 'Osh market reopens after the unrest');
  await rp.selectOption('#section', 'asia-pacific');
  await rp.fill('#intro', 'Traders returned to Osh\'s main bazaar on Saturday.');
  await rp.fill('#bt0', 'Stalls opened at dawn.');
  await submit(rp, btn('submit'));
  assert.match(await rp.locator('.notice').innerText(), /Submitted/);
  const articlePath = new URL(rp.url()).pathname;

  const ep = await open(editor);
  await login(ep, 'ed');
  await submit(ep, '.admin-bar a[href="/admin?status=review"]');
  assert.equal(await ep.locator('h1').innerText(), 'Review queue');
  assert.match(await ep.locator('.queue-link').innerText(), /In review: 1/);
  const row = ep.locator('.article-table tbody tr');
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /Osh market reopens after the unrest[\s\S]*rita/);
  await ep.screenshot({ path: path.join(SHOTS, 'review-queue.png'), fullPage: true });

  await submit(ep, `.article-table a[href="${articlePath}"]`);
  assert.match(await ep.locator('.review-state').innerText(), /submitted by rita/);
  await ep.fill('#note', 'Name the trader you quote, and say which bazaar.');
  await submit(ep, btn('return'));
  assert.match(await ep.locator('.notice').innerText(), /Sent back/);

  await rp.goto(`${stack.base}${articlePath}`, { waitUntil: 'load' });
  assert.match(await rp.locator('.returned').innerText(), /Sent back by ed[\s\S]*Name the trader you quote/);
  await rp.fill('#bt0', 'Stalls opened at dawn, said Aibek Toktogulov, who sells spices at the Jayma bazaar.');
  await submit(rp, btn('submit'));

  await ep.goto(`${stack.base}/admin?status=review`, { waitUntil: 'load' });
  await submit(ep, `.article-table a[href="${articlePath}"]`);
  await submit(ep, btn('publish'));
  assert.match(await ep.locator('.notice').innerText(), /Published/);
  const live = await ep.locator('.edit-links a').first().getAttribute('href');
  await ep.goto(new URL(live, stack.base).href, { waitUntil: 'load' });
  assert.match(await ep.locator('article').innerText(), /Aibek Toktogulov/);
  assert.deepEqual(problems, []);
});

test('restore after a closed tab: the unsaved text comes back beside the saved version', async () => {
  let rp = await open(reporter);
  await rp.goto(`${stack.base}/admin/articles/new`, { waitUntil: 'load' });
  await rp.fill('#headline', 'Curfew lifted in Jalalabad');
  await rp.selectOption('#section', 'asia-pacific');
  await rp.fill('#intro', 'The saved intro.');
  await rp.fill('#bt0', 'The saved paragraph.');
  await submit(rp, btn('save'));
  const articlePath = new URL(rp.url()).pathname;
  const id = Number(articlePath.split('/').pop());
  // Typing, then the tab closes before anyone presses Save.
  await rp.fill('#intro', 'The unsaved intro, typed after the save.');
  await rp.locator('#bt0').press('Control+End');
  await rp.locator('#bt0').pressSequentially(' And a sentence never saved.', { delay: 5 });
  await rp.waitForTimeout(700);   // the copy is kept 400 ms after the last keystroke
  await rp.close({ runBeforeUnload: true });
  assert.equal(rows(stack.dbPath, `SELECT intro FROM articles WHERE id = ${id}`)[0].intro, 'The saved intro.');

  rp = await open(reporter);
  await rp.goto(`${stack.base}${articlePath}`, { waitUntil: 'load' });
  const offer = rp.locator('section.restore');
  await offer.waitFor();
  assert.match(await offer.locator('h2').innerText(), /Unsaved text from/);
  const cells = await offer.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(cells.map((c) => c.slice(1)), [
    ['The saved intro.', 'The unsaved intro, typed after the save.'],
    ['The saved paragraph.', 'The saved paragraph. And a sentence never saved.'],
  ]);
  assert.equal(await rp.inputValue('#intro'), 'The saved intro.', 'nothing changes until asked');
  await offer.locator('button', { hasText: 'Restore unsaved text' }).click();
  assert.equal(await rp.locator('section.restore').count(), 0);
  assert.equal(await rp.inputValue('#intro'), 'The unsaved intro, typed after the save.');
  await submit(rp, btn('save'));
  assert.equal(rows(stack.dbPath, `SELECT intro FROM articles WHERE id = ${id}`)[0].intro,
    'The unsaved intro, typed after the save.');
  await rp.goto(`${stack.base}${articlePath}`, { waitUntil: 'load' });
  assert.equal(await rp.locator('section.restore').count(), 0, 'saved: nothing left to offer');
  assert.deepEqual(problems, []);
});

test('local copies are kept per account, and logging out forgets them all', async () => {
  const rp = await open(reporter);
  await rp.goto(`${stack.base}/admin/articles/new`, { waitUntil: 'load' });
  const ritaId = rows(stack.dbPath, "SELECT id FROM users WHERE name = 'rita'")[0].id;
  assert.equal(await rp.getAttribute('form.article-form', 'data-draft-key'), `${ritaId}:new`);
  await rp.fill('#headline', 'A draft on a shared computer');
  await rp.waitForTimeout(700);
  const keys = () => rp.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('newsdesk-draft:')).sort());
  assert.ok((await keys()).includes(`newsdesk-draft:${ritaId}:new`), JSON.stringify(await keys()));
  // Another account's copy of the same article is not offered to this one.
  await rp.evaluate(() => localStorage.setItem('newsdesk-draft:999999:new', JSON.stringify({ at: Date.now(), fields: [['headline', 'Someone else']] })));
  await rp.goto(`${stack.base}/admin/articles/new`, { waitUntil: 'load' });
  await rp.locator('section.restore').waitFor();
  assert.doesNotMatch(await rp.locator('section.restore').innerText(), /Someone else/);
  // Typing, then Log out at once (the copy's timer still pending): nothing is left behind.
  await rp.fill('#headline', 'Typed just before logging out');
  await submit(rp, 'form.logout button');
  assert.equal(new URL(rp.url()).pathname, '/admin/login');
  assert.deepEqual(await keys(), []);
  assert.deepEqual(problems, []);
});
