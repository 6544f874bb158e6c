'use strict';
// Leading newlines in a real browser (Debian's chromium, driven by playwright-core): texts that
// begin with one or more newlines, written to the database with sqlite3, show in the edit
// form's textareas exactly, and saving the form unchanged stores them unchanged.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack } = require('../lib/stack.js');
const { launchBrowser } = require('../lib/browser.js');
const { addUser, rows } = require('../lib/admin.js');

const NOW = '2010-04-17T08:30:00Z';
const PW = 'an editor password 2010';
const NL = '\n';
const TEXTS = {
  intro: `${NL}An intro after a newline.`,
  blocks: [
    `${NL}One leading newline.`,
    `${NL}${NL}Two leading newlines.`,
    `${NL}A box paragraph.${NL}${NL}Its second paragraph.`,
    `${NL}${NL}${NL}A caption after three newlines.`,
  ],
};
const sql = (s) => `'${s.split(NL).join("' || char(10) || '")}'`;
const SQL = `
  UPDATE articles SET intro = ${sql(TEXTS.intro)} WHERE id = 3;
  DELETE FROM blocks WHERE article_id = 3;
  INSERT INTO blocks (article_id, position, kind, text, image_url, name, byline, media_url) VALUES
    (3, 1, 'paragraph', ${sql(TEXTS.blocks[0])}, '', '', '', ''),
    (3, 2, 'paragraph', ${sql(TEXTS.blocks[1])}, '', '', '', ''),
    (3, 3, 'box', ${sql(TEXTS.blocks[2])}, '/static/img/rayhan-demytrie.svg', 'Jane Reporter', 'Jane Reporter, BBC News', ''),
    (3, 4, 'media', ${sql(TEXTS.blocks[3])}, '/static/img/osh-rally-poster.svg', '', '', 'https://media.example.org/a.mp4');
`;

let stack;
let browser;
let page;

before(async () => {
  stack = await startStack({ demo: true, now: NOW, sql: SQL, beforeServe: (db) => addUser(db, 'ed', PW, 'editor') });
  browser = await launchBrowser();
  browser.context.setDefaultTimeout(30000);
  page = browser.context.pages()[0] || await browser.context.newPage();
  await page.goto(`${stack.base}/admin/login`, { waitUntil: 'load' });
  await page.fill('#name', 'ed');
  await page.fill('#password', PW);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button[type="submit"]')]);
  assert.equal(new URL(page.url()).pathname, '/admin', 'logged in');
});

after(async () => {
  if (browser) await browser.close();
  if (stack) await stack.stop();
});

const stored = () => ({
  intro: rows(stack.dbPath, 'SELECT intro FROM articles WHERE id = 3')[0].intro,
  blocks: rows(stack.dbPath, 'SELECT text FROM blocks WHERE article_id = 3 ORDER BY position').map((b) => b.text),
});

test('the database holds the leading newlines (the test is not vacuous)', () => {
  assert.deepEqual(stored(), TEXTS);
});

test('the textareas hold the texts exactly, and saving the form unchanged keeps them', async () => {
  await page.goto(`${stack.base}/admin/articles/3`, { waitUntil: 'load' });
  assert.equal(await page.inputValue('#intro'), TEXTS.intro, 'the intro textarea');
  const shown = await page.locator('textarea[name="bt"]').evaluateAll((els) => els.map((e) => e.value));
  assert.deepEqual(shown, TEXTS.blocks, 'the block textareas');
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.locator('button[name="action"][value="save"]').first().click(),
  ]);
  const url = new URL(page.url());
  assert.equal(`${url.pathname}${url.search}`, '/admin/articles/3?done=saved', 'saved');
  assert.deepEqual(stored(), TEXTS, 'the stored texts after the save');
});
