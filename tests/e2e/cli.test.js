'use strict';
// The command line: init and serve refuse bad input with one clear line and a non-zero exit,
// never a crash; --help documents every option.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { SRC, newsdesk } = require('../lib/stack.js');

const TEMPLATES = path.join(SRC, 'templates');
const CONFIG = path.join(SRC, 'deploy', 'newsdesk.conf');
const SANITIZER = /AddressSanitizer|LeakSanitizer|runtime error:/;

let dir;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-cli-'));
});
after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

function show(r) {
  return `status ${r.status}, signal ${r.signal}${r.error ? `, ${r.error.message}` : ''}\n` +
    `--- stdout:\n${r.stdout}--- stderr:\n${r.stderr}`;
}

// A refusal: exits (no signal, no time-out) non-zero, with one line on stderr.
function assertRefused(r, what, mention) {
  assert.ok(!r.error || r.error.code !== 'ENOENT', `newsdesk binary missing: ${r.error && r.error.message}`);
  assert.equal(r.signal, null, `${what}: ended by a signal or still running after 15 s (${show(r)})`);
  assert.ok(r.status !== 0 && r.status !== null, `${what}: exit status ${r.status}, expected non-zero (${show(r)})`);
  assert.doesNotMatch(r.stderr, SANITIZER, `${what}: sanitizer report\n${r.stderr}`);
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, 1, `${what}: expected one line on stderr, got ${lines.length} (${show(r)})`);
  if (mention) assert.match(lines[0], mention, `${what}: the error line does not say what is wrong: ${lines[0]}`);
}

const T = { timeout: 15000, killSignal: 'SIGKILL' };
// serve: with the base_url it requires, so that a refusal is about what the test gets wrong.
const S = { ...T, env: { ...process.env, NEWSDESK_BASE_URL: 'https://news.example.org' } };

test('init creates a database, and refuses an existing one without --force', () => {
  const db = path.join(dir, 'init.db');
  let r = newsdesk(['init', '--db', db, '--demo'], T);
  assert.equal(r.status, 0, `init --demo: ${show(r)}`);
  assert.ok(fs.statSync(db).size > 0, 'init wrote no database');
  const before = fs.readFileSync(db);
  r = newsdesk(['init', '--db', db, '--demo'], T);
  assertRefused(r, 'init on an existing database', /exist|--force/i);
  assert.ok(before.equals(fs.readFileSync(db)), 'a refused init changed the database');
  r = newsdesk(['init', '--db', db, '--force'], T);
  assert.equal(r.status, 0, `init --force: ${show(r)}`);
});

test('init without --db is refused', () => {
  assertRefused(newsdesk(['init'], T), 'init without --db', /--db|database/i);
});

test('serve with a missing database is refused', () => {
  const r = newsdesk(['serve', '--db', path.join(dir, 'missing.db'), '--socket', path.join(dir, 'a.sock'),
    '--templates', TEMPLATES, '--config', CONFIG], S);
  assertRefused(r, 'serve with a missing database', /missing\.db|database|db/i);
});

function demoDb(name) {
  const db = path.join(dir, name);
  const r = newsdesk(['init', '--db', db, '--demo'], T);
  assert.equal(r.status, 0, `init: ${show(r)}`);
  return db;
}

test('serve with a bad templates directory is refused', () => {
  const db = demoDb('tpl.db');
  const r = newsdesk(['serve', '--db', db, '--socket', path.join(dir, 'b.sock'),
    '--templates', path.join(dir, 'no-templates-here'), '--config', CONFIG], S);
  assertRefused(r, 'serve with a bad templates directory', /templat|no-templates-here/i);
});

test('serve with an unwritable socket path is refused', () => {
  const db = demoDb('sock.db');
  const r = newsdesk(['serve', '--db', db, '--socket', '/proc/x.sock',
    '--templates', TEMPLATES, '--config', CONFIG], S);
  assertRefused(r, 'serve on /proc/x.sock', /socket|\/proc\/x\.sock/i);
});

test('serve with a missing config file is refused', () => {
  const db = demoDb('conf.db');
  const r = newsdesk(['serve', '--db', db, '--socket', path.join(dir, 'c.sock'),
    '--templates', TEMPLATES, '--config', path.join(dir, 'missing.conf')], S);
  assertRefused(r, 'serve with a missing config', /missing\.conf|config/i);
});

test('serve with a bad --threads or --socket-mode is refused', () => {
  const db = demoDb('opts.db');
  for (const extra of [['--threads', '0'], ['--threads', 'many'], ['--socket-mode', '9999'], ['--socket-mode', 'rw']]) {
    const r = newsdesk(['serve', '--db', db, '--socket', path.join(dir, 'd.sock'),
      '--templates', TEMPLATES, '--config', CONFIG, ...extra], S);
    assertRefused(r, `serve ${extra.join(' ')}`);
  }
});

test('unknown options and commands are refused', () => {
  assertRefused(newsdesk(['serve', '--no-such-option'], T), 'serve --no-such-option', /no-such-option/);
  assertRefused(newsdesk(['init', '--no-such-option'], T), 'init --no-such-option', /no-such-option/);
  assertRefused(newsdesk(['frobnicate'], T), 'newsdesk frobnicate', /frobnicate/);
  assertRefused(newsdesk(['serve', '--db'], T), 'serve --db without a value', /--db/);
});

function help(args) {
  const r = newsdesk(args, T);
  assert.equal(r.signal, null, `${args.join(' ')}: ${show(r)}`);
  assert.equal(r.status, 0, `${args.join(' ')} exits ${r.status}: ${show(r)}`);
  return r.stdout + r.stderr;
}

test('newsdesk --help names the commands', () => {
  const out = help(['--help']);
  for (const word of ['init', 'serve', '--help']) assert.ok(out.includes(word), `--help does not mention ${word}:\n${out}`);
});

test('newsdesk serve --help mentions every serve option', () => {
  const out = help(['serve', '--help']);
  for (const opt of ['--db', '--socket', '--socket-mode', '--threads', '--templates', '--config']) {
    assert.ok(out.includes(opt), `serve --help does not mention ${opt}:\n${out}`);
  }
});

test('newsdesk init --help mentions every init option', () => {
  const out = help(['init', '--help']);
  for (const opt of ['--db', '--demo', '--force']) {
    assert.ok(out.includes(opt), `init --help does not mention ${opt}:\n${out}`);
  }
});
