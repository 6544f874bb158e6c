'use strict';
// bench/grow, the generator behind the scale measurements: it drops the triggers for its bulk
// load, so the grown database must come out whole: the same triggers, a search index that
// finds the new stories, every story readable, `newsdesk check` content.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { SRC, newsdesk } = require('../lib/stack.js');

const NOW = '2010-04-17T08:30:00Z';
let dir, db;

function sql(query) {
  const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

function render(urlPath) {
  const r = newsdesk(['render', '--db', db, urlPath], { env: { ...process.env, NEWSDESK_NOW: NOW } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-grow-'));
  db = path.join(dir, 'grown.db');
  assert.equal(newsdesk(['init', '--db', db, '--demo']).status, 0);
});
after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

test('grows the demo to N published stories with links and promos, and leaves the schema as it was', () => {
  const triggers = sql("SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name)");
  const published = Number(sql("SELECT count(*) FROM articles WHERE status = 'published'"));
  const version = Number(sql('SELECT version FROM site_state'));
  const lastDemoId = Number(sql('SELECT max(id) FROM articles'));
  const r = spawnSync(path.join(SRC, 'bench', 'grow'), [db, '3000', '4'], { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /3025 published articles/);

  assert.equal(sql("SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name)"), triggers,
    'the triggers came back different');
  assert.equal(Number(sql("SELECT count(*) FROM articles WHERE status = 'published'")), published + 3000);
  assert.equal(Number(sql(`SELECT count(*) FROM related_links WHERE article_id > ${lastDemoId}`)), 3000 * 4);
  assert.ok(Number(sql(`SELECT count(*) FROM article_promos WHERE article_id > ${lastDemoId}`)) > 3000 * 2);
  assert.ok(Number(sql('SELECT version FROM site_state')) > version, 'readers\' version did not move on');
  // Every grown story has its blocks, and the search index holds each one's text.
  assert.equal(Number(sql('SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM blocks b WHERE b.article_id = a.id)')), 0);
  // The index holds the published stories, each under published_at * 2^24 + id.
  assert.equal(Number(sql('SELECT count(*) FROM search')), published + 3000);
  assert.equal(Number(sql("SELECT count(*) FROM search s JOIN articles a ON a.id = s.rowid & 16777215 AND a.status = 'published' AND s.rowid >> 24 = a.published_at")), published + 3000);
  assert.equal(Number(sql('SELECT count(*) FROM search s JOIN search_body b ON b.article_id = s.rowid & 16777215 WHERE s.body <> b.body')), 0);
  // Publish times spread over three years before the demo's newest story, none in the future.
  const [oldest, newest] = sql("SELECT min(published_at) || ' ' || max(published_at) FROM articles WHERE status = 'published'").split(' ').map(Number);
  assert.ok(newest - oldest > 2.9 * 365 * 86400, `spread over ${(newest - oldest) / 86400} days`);
  assert.ok(newest <= Date.parse(NOW) / 1000);

  const check = newsdesk(['check', '--db', db]);
  assert.equal(check.status, 0, check.stderr + check.stdout);
  // A grown story is a page like any other, and a search finds grown stories.
  const [section, slug] = sql("SELECT s.slug || ' ' || a.slug FROM articles a JOIN sections s ON s.id = a.section_id ORDER BY a.id DESC LIMIT 1").split(' ');
  assert.match(render(`/news/${section}/${slug}`), /^Status: 200/m);
  assert.match(render('/search?q=bakiyev'), /[0-9]{3,} stories found/);
  // The triggers work again: an edit reaches the search index.
  sql(`UPDATE articles SET headline = 'Zanzibarian grown headline' WHERE slug = '${slug}'`);
  assert.match(render('/search?q=zanzibarian'), /1 story found/);
});

test('refuses what it cannot grow, with one clear line', () => {
  for (const args of [[path.join(dir, 'missing.db')], [db, 'many'], [db, '10', '-1']]) {
    const r = spawnSync(path.join(SRC, 'bench', 'grow'), args, { encoding: 'utf8' });
    assert.notEqual(r.status, 0, `${args.join(' ')} was accepted`);
    assert.match(r.stderr, /^bench\/grow: /, r.stderr);
  }
});
