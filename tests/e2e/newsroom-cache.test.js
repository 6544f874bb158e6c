'use strict';
// The newsroom's pages behind the cache tier (a real Varnish, purged by surrogate key): author
// and topic pages and feeds name what they show (p<id>, t<id>, a<id>); after an editor's save
// returns, no reader gets a stale author page, topic page, byline, correction or front page
// through the cache.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startStack, raw, sleep, freePort, textOf } = require('../lib/stack.js');
const { addUser, Client, articleFields, formArticle, configWith, rows } = require('../lib/admin.js');
const { startVarnish } = require('../lib/varnish.js');

const PASSWORD = 'correct horse battery staple';
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
let stack;
let varnish;
let tmp;
let ed;

function keysOf(headers) {
  return new Set((headers.xkey || '').split(/\s+/).filter(Boolean));
}

async function waitFor(what, check, ms = 20000) {
  const t0 = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(100);
  }
}

// Requests p through the cache until it is a hit; returns that response.
async function warm(p) {
  return waitFor(`${p} to be a hit`, async () => {
    const r = await raw(varnish.base, p);
    assert.equal(r.status, 200, `${p} through the cache: ${r.status}`);
    return r.headers['x-cache'] === 'HIT' ? r : null;
  }, 10000);
}

class Editor extends Client {
  constructor(base, origin) {
    super(base);
    this.origin = origin;
  }
  post(p, fields, opts = {}) {
    return super.post(p, fields, { origin: this.origin, ...opts });
  }
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-newsroom-tier-'));
  const port = await freePort();
  stack = await startStack({
    demo: true,
    config: configWith(tmp, `purge_urls = http://127.0.0.1:${port}/`),
    baseUrl: `http://127.0.0.1:${port}`,
    threads: 4,
    beforeServe: (db) => { addUser(db, 'ed', PASSWORD); },
  });
  varnish = await startVarnish({ port, backends: [`127.0.0.1:${stack.port}`] });
  await waitFor('the start-up purge', async () => /newsdesk_cache_purge_behind\{[^}]*\} 0$/m.test((await stack.raw('/metrics')).body));
  ed = new Editor(varnish.base, varnish.base);
  await ed.login('ed', PASSWORD);
});

after(async () => {
  if (varnish) await varnish.close();
  if (stack) await stack.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('author and topic pages and feeds name their keys; the article names its people and topics', async () => {
  const expect = {
    '/people/rayhan-demytrie': ['all', 'p1', 'a1'],
    '/people/rayhan-demytrie/atom.xml': ['all', 'p1', 'feeds', 'a1'],
    '/topics/kyrgyzstan': ['all', 't1', 'a1'],
    '/topics/kyrgyzstan/atom.xml': ['all', 't1', 'feeds', 'a1'],
    [SEED]: ['all', 'a1', 'p1', 't1', 't2'],
  };
  for (const [p, want] of Object.entries(expect)) {
    const keys = keysOf((await stack.raw(p)).headers);
    for (const k of want) assert.ok(keys.has(k), `${p}: no ${k} in ${[...keys].join(' ')}`);
  }
});

test('after each save, the cache serves the new author page, byline, topic page, correction and front page', async () => {
  // A person's role: their page and the article's byline.
  await warm('/people/rayhan-demytrie');
  await warm(SEED);
  let r = await ed.post('/admin/people/1', { person_name: 'Rayhan Demytrie', person_slug: 'rayhan-demytrie', person_role: 'BBC News, Osh', person_bio: 'Moved.', person_portrait: '/static/img/rayhan-demytrie.svg', person_user: '', action: 'save' });
  assert.equal(r.status, 303, textOf(r.body).slice(0, 300));
  assert.match(textOf((await raw(varnish.base, '/people/rayhan-demytrie')).body), /BBC News, Osh/);
  assert.match(textOf((await raw(varnish.base, SEED)).body), /By Rayhan Demytrie , BBC News, Osh|By Rayhan Demytrie, BBC News, Osh/);
  // A new person's page, cached while empty, lists the article once it has their byline; a
  // topic's page, cached with the article, drops it once the topic is taken off.
  r = await ed.post('/admin/people', { person_name: 'Second Writer', person_slug: 'second-writer', person_role: '', person_bio: '', person_portrait: '', person_user: '', action: 'save' });
  assert.equal(r.status, 303);
  assert.match(textOf((await warm('/people/second-writer')).body), /No stories yet/);
  assert.match((await warm('/topics/central-asia')).body, new RegExp(`href="${SEED}"`));
  const page = await ed.get('/admin/articles/1');
  const fields = articleFields({ ...formArticle(page.body), action: 'save' });
  fields.push(['bylines', 'rayhan-demytrie\nsecond-writer'], ['topics', 'Kyrgyzstan']);
  r = await ed.post('/admin/articles/1', fields);
  assert.equal(r.status, 303, textOf(r.body).slice(0, 300));
  assert.match((await raw(varnish.base, '/people/second-writer')).body, new RegExp(`href="${SEED}"`));
  assert.doesNotMatch((await raw(varnish.base, '/topics/central-asia')).body, new RegExp(`href="${SEED}"`));
  // A topic renamed: its old page, cached, now redirects.
  await warm('/topics/kyrgyzstan');
  r = await ed.post('/admin/topics', { topic_name: 'Kyrgyz Republic', topic_slug: '', action: 'rename:1' });
  assert.equal(r.status, 303);
  assert.equal((await raw(varnish.base, '/topics/kyrgyzstan')).status, 301);
  // A correction on the cached article.
  await warm(SEED);
  r = await ed.post('/admin/articles/1/notes', { note_kind: 'update', note_text: 'Mr Bakiyev later flew on to Minsk.' });
  assert.equal(r.status, 303);
  assert.match(textOf((await raw(varnish.base, SEED)).body), /Update, .* Mr Bakiyev later flew on to Minsk\./);
  // The front page, cached, shows the lead the editor chose.
  await warm('/');
  r = await ed.post('/admin/front', { front: '/news/europe/why-royal-ballet-principal-sergei-polunin-quit' });
  assert.equal(r.status, 303);
  const home = (await raw(varnish.base, '/')).body;
  assert.match(/<article class="top-story">[\s\S]*?<\/article>/.exec(home)[0], /Why Royal Ballet principal Sergei Polunin quit/);
  assert.ok(rows(stack.dbPath, 'SELECT count(*) AS n FROM front_pages')[0].n >= 1);
});
