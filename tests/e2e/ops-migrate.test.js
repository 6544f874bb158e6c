'use strict';
// Upgrades: a database at every older schema version (0 to the latest but one, made by applying
// sql/001.. with the sqlite3 shell, with rows suited to that version) is reported as older by
// `newsdesk check`, migrated by the first command that opens it (serve, user, render), and then
// checks sound at the current version with its data intact (search finds text written at
// version 1). Migrations run in one transaction: one that fails leaves the database as it was.
// A database newer than the binary is refused, with a clear message, and left untouched.

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const ops = require('../lib/ops.js');

const SQL = path.join(ops.SRC, 'sql');
const MIGRATIONS = fs.readdirSync(SQL).filter((f) => /^\d{3}_.*\.sql$/.test(f)).sort();
const LATEST = MIGRATIONS.length;

let dir;
const procs = [];
after(async () => {
  for (const p of procs) await ops.stopProcess(p, 5000);
  ops.removeDir(dir);
});
function workdir() {
  if (!dir) dir = ops.tmpDir('migrate');
  return dir;
}

function sqlite(db, text) {
  return ops.mustRun('sqlite3', ['-batch', '-bail', db], { input: text }).stdout;
}
const sha = (f) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

// Rows for each version, written right after that version's schema.
const NOW = 1271350000; // 15 April 2010
const DATA = {
  1: `
INSERT INTO sections (id, slug, name, position) VALUES (1, 'europe', 'Europe', 1), (2, 'africa', 'Africa', 2);
INSERT INTO articles (id, section_id, slug, headline, intro, status, published_at, updated_at)
  VALUES (1, 1, 'old-story', 'Quokka census in Zanzibar', 'An intro written at schema one.', 'published', ${NOW - 3600}, ${NOW - 3600}),
         (2, 2, 'draft-story', 'A draft', 'Not yet.', 'draft', NULL, ${NOW});
INSERT INTO blocks (article_id, position, kind, text) VALUES
  (1, 1, 'paragraph', 'The zanzibarquokka count rose sharply this spring.'),
  (1, 2, 'box', 'A box paragraph.');
UPDATE blocks SET name = 'Reporter Name', byline = 'Reporter, Zanzibar' WHERE article_id = 1 AND position = 2;
INSERT INTO related_links (article_id, position, source, title, url, published_at, needs_registration)
  VALUES (1, 1, 'Times', 'Related story', 'https://example.org/a', ${NOW - 7200}, 1);
INSERT INTO site_promos (position, promo_id) VALUES (1, 1);
`,
  2: `
INSERT INTO users (id, name, role, password_hash, disabled, created_at)
  VALUES (1, 'veteran-editor', 'admin', '$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g', 0, ${NOW});
INSERT INTO revisions (id, article_id, user_id, created_at, action, content)
  VALUES (1, 1, 1, ${NOW}, 'saved', '{"headline": "Quokka census in Zanzibar"}');
UPDATE articles SET revision_id = 1, edited_by = 1, edited_at = ${NOW} WHERE id = 1;
INSERT INTO login_log (at, name, address, outcome) VALUES (${NOW}, 'veteran-editor', '192.0.2.1', 'success');
INSERT INTO slug_redirects (section_slug, slug, article_id) VALUES ('europe', 'older-slug', 1);
`,
};

// A database at version v: sql/001..00v applied, each followed by its rows.
function dbAt(v, name) {
  const db = path.join(workdir(), name || `v${v}.db`);
  let text = '';
  for (let i = 1; i <= v; i++) {
    text += fs.readFileSync(path.join(SQL, MIGRATIONS[i - 1]), 'utf8') + '\n' + (DATA[i] || '');
  }
  sqlite(db, `PRAGMA foreign_keys = ON;\nBEGIN;\n${text}\nPRAGMA user_version = ${v};\nCOMMIT;\n`);
  assert.equal(sqlite(db, 'PRAGMA user_version;\n').trim(), String(v));
  return db;
}

function check(db) {
  const r = ops.run(ops.BIN, ['check', '--db', db]);
  assert.doesNotMatch(r.stderr, ops.SANITIZER);
  return r;
}

function assertCheckOk(db, version) {
  const r = check(db);
  assert.equal(r.status, 0, `newsdesk check:\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /integrity_check: ok/);
  assert.match(r.stdout, /foreign_key_check: 0 problems/);
  assert.match(r.stdout, new RegExp(`schema version: ${version}\\b`));
  return r;
}

function render(db, reqPath) {
  const r = ops.run(ops.BIN, ['render', '--db', db, '--templates', ops.TEMPLATES, '--config', ops.CONFIG, reqPath]);
  assert.equal(r.status, 0, `render ${reqPath}: ${r.stderr}`);
  return r.stdout;
}

function assertV1DataIntact(db) {
  const rows = sqlite(db, `SELECT count(*) FROM sections; SELECT count(*) FROM articles;
SELECT count(*) FROM blocks; SELECT count(*) FROM related_links; SELECT headline FROM articles WHERE id = 1;
SELECT byline FROM blocks WHERE article_id = 1 AND position = 2;\n`).trim().split('\n');
  assert.deepEqual(rows, ['2', '2', '2', '1', 'Quokka census in Zanzibar', 'Reporter, Zanzibar']);
  // Search (added in version 3) finds text written at version 1, in the body and the headline.
  const body = render(db, '/search?q=zanzibarquokka');
  assert.match(body, /^Status: 200/);
  assert.match(body, /\/news\/europe\/old-story/, 'search does not find the body text of a version 1 article');
  assert.match(render(db, '/search?q=census'), /\/news\/europe\/old-story/, 'search does not find the headline');
  assert.doesNotMatch(render(db, '/search?q=draft'), /draft-story/, 'search shows a draft');
  const page = render(db, '/news/europe/old-story');
  assert.match(page, /^Status: 200/);
  assert.match(page, /zanzibarquokka count rose sharply/);
}

test('the migrations are sql/001.. without a gap, and this newsdesk expects the last', () => {
  assert.deepEqual(MIGRATIONS.map((f) => Number(f.slice(0, 3))), MIGRATIONS.map((f, i) => i + 1));
  assert.ok(LATEST >= 3, 'search (schema 3) is part of the schema');
  assert.equal(ops.schema(), LATEST, `newsdesk expects schema ${ops.schema()}, sql/ has ${LATEST} migrations`);
});

function assertV2DataIntact(db) {
  const list = ops.run(ops.BIN, ['user', 'list', '--db', db]);
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /veteran-editor/);
  const rows = sqlite(db, `SELECT count(*) FROM users; SELECT count(*) FROM revisions;
SELECT count(*) FROM login_history; SELECT edited_by FROM articles WHERE id = 1; SELECT count(*) FROM slug_redirects;\n`)
    .trim().split('\n');
  assert.deepEqual(rows, ['1', '1', '1', '1', '1']);
  // The old address still redirects.
  assert.match(render(db, '/news/europe/older-slug'), /^Status: 301[\s\S]*Location: [^\n]*\/news\/europe\/old-story/);
}

// Each older version is migrated by another command: user list, serve, render in turn.
const HOW = ['user list', 'serve', 'render'];

async function migrateWith(how, db, v) {
  if (how === 'user list') {
    const r = ops.run(ops.BIN, ['user', 'list', '--db', db]);
    assert.equal(r.status, 0, r.stderr);
  } else if (how === 'render') {
    assert.match(render(db, '/'), /^Status: 200/);
  } else {
    const sock = path.join(workdir(), `v${v}.sock`);
    const app = await ops.startServe({ db, socket: sock, threads: 2 });
    procs.push(app);
    const health = await ops.fcgiOpen(sock, ops.cgiParams('/healthz')).reply;
    assert.equal(health.status, 200);
    assert.equal(health.body, `ok schema ${LATEST}\n`);
    if (v >= 1) {
      const found = await ops.fcgiOpen(sock, ops.cgiParams('/search?q=zanzibarquokka')).reply;
      assert.equal(found.status, 200);
      assert.match(found.body, /\/news\/europe\/old-story/);
    }
    await ops.stopProcess(app);
    assert.equal(app.code, 0, app.out);
  }
}

for (let v = 0; v < LATEST; v++) {
  const how = HOW[v % HOW.length];
  test(`version ${v}${v ? '' : ' (an empty file)'}: check reports it older; ${how} migrates it; the data is intact`,
    { timeout: 60000 }, async () => {
      const db = dbAt(v);
      assert.match(assertCheckOk(db, v).stdout, /serve will migrate/);
      await migrateWith(how, db, v);
      assertCheckOk(db, LATEST);
      if (v === 0) assert.equal(sqlite(db, 'SELECT count(*) FROM articles;\n').trim(), '0');
      if (v >= 1) assertV1DataIntact(db);
      if (v >= 2) assertV2DataIntact(db);
    });
}

test('a migration that fails rolls back all of them: the database stays at its version, unchanged', () => {
  const db = dbAt(1, 'v1-conflict.db');
  // Something already named like a table migration 2 creates, so that migration 2 fails.
  sqlite(db, 'CREATE TABLE slug_redirects (x);\n');
  const before = sha(db);
  const r = ops.run(ops.BIN, ['user', 'list', '--db', db]);
  assert.notEqual(r.status, 0, 'a failing migration was not reported');
  assert.match(r.stderr, /migration 2/, `the error does not name the migration: ${r.stderr}`);
  assert.match(r.stderr, /slug_redirects/);
  assert.equal(sha(db), before, 'the failed migration changed the file');
  assert.equal(sqlite(db, 'PRAGMA user_version;\n').trim(), '1');
  assert.equal(sqlite(db, "SELECT count(*) FROM sqlite_master WHERE name = 'users';\n").trim(), '0',
    'migration 2 was half applied');
});

test('a database newer than this newsdesk is refused with a clear message and left untouched',
  { timeout: 60000 }, async () => {
    const db = path.join(workdir(), 'v99.db');
    sqlite(db, `${fs.readFileSync(path.join(SQL, MIGRATIONS[0]), 'utf8')}\nPRAGMA user_version = 99;\n`);
    const before = sha(db);
    const files = () => fs.readdirSync(workdir()).filter((f) => f.startsWith('v99')).sort();
    const filesBefore = files();

    const c = check(db);
    assert.equal(c.status, 1, `check of a too-new database: ${c.stdout}`);
    assert.match(c.stdout, /schema version: 99 .*too new/);

    const serve = ops.run(ops.BIN, ['serve', '--db', db, '--socket', path.join(workdir(), 'v99.sock'),
      '--templates', ops.TEMPLATES, '--config', ops.CONFIG], { timeout: 20000, env: ops.serveEnv() });
    assert.notEqual(serve.status, 0, 'serve accepted a too-new database');
    assert.equal(serve.signal, null);
    assert.match(serve.stderr, new RegExp(`schema version 99 is newer than this newsdesk \\(${LATEST}\\)`), serve.stderr);
    assert.equal(serve.stderr.trim().split('\n').length, 1, `expected one line:\n${serve.stderr}`);
    for (const args of [['user', 'list', '--db', db], ['render', '--db', db, '--templates', ops.TEMPLATES, '/']]) {
      const r = ops.run(ops.BIN, args);
      assert.notEqual(r.status, 0, `${args[0]} accepted a too-new database`);
      assert.match(r.stderr, /newer than this newsdesk/, r.stderr);
    }
    assert.equal(sha(db), before, 'the refused database was changed');
    assert.deepEqual(files(), filesBefore, 'files were left beside the refused database');
  });
