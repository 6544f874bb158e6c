'use strict';
// The configuration as ops meet it: the shipped example documents every key (what it does,
// its default, its environment variable) and loads as it is; a mistake stops newsdesk at
// start-up with one line naming the file and line (or the variable); the environment wins over
// the file, and a bad value there is refused too.

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const ops = require('../lib/ops.js');

let dir;
after(() => ops.removeDir(dir));
function workdir() {
  if (!dir) {
    dir = ops.tmpDir('config');
    ops.initDb(path.join(dir, 'site.db'));
  }
  return dir;
}

// The keys and their variables, from the source when it is there (so a new key must be
// documented), else the list issue 5 names.
function configKeys() {
  const src = path.join(ops.SRC, 'src', 'config.c');
  const fallback = ['publisher', 'site_name', 'timezone', 'zone_label', 'base_url', 'language',
    'session_idle_seconds', 'session_max_seconds'];
  if (!fs.existsSync(src)) return fallback;
  const keys = [...fs.readFileSync(src, 'utf8').matchAll(/"([a-z_]+)",\s*"NEWSDESK_([A-Z_]+)"/g)]
    .filter((m) => m[1].toUpperCase() === m[2]).map((m) => m[1]);
  assert.ok(keys.length >= fallback.length, `found only ${keys.join(', ')} in src/config.c`);
  return keys;
}

// An env without any NEWSDESK_* variable, plus extra.
function envWith(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('NEWSDESK_')) env[k] = v;
  return { ...env, ...extra };
}

// render with this config text (written to a file) and env; {status, stdout, stderr, conf}.
function renderWith(confText, env = {}, reqPath = ops.ARTICLE) {
  const conf = path.join(workdir(), `site-${Math.random().toString(36).slice(2)}.conf`);
  fs.writeFileSync(conf, confText);
  const r = ops.run(ops.BIN, ['render', '--db', path.join(workdir(), 'site.db'), '--templates', ops.TEMPLATES,
    '--config', conf, reqPath], { env: envWith(env) });
  assert.doesNotMatch(r.stderr, ops.SANITIZER);
  return { ...r, conf };
}

// serve with this config: it must refuse before it listens; {status, stderr, conf}.
function serveWith(confText, env = {}) {
  const conf = path.join(workdir(), `serve-${Math.random().toString(36).slice(2)}.conf`);
  fs.writeFileSync(conf, confText);
  const r = ops.run(ops.BIN, ['serve', '--db', path.join(workdir(), 'site.db'), '--socket',
    path.join(workdir(), 'never.sock'), '--templates', ops.TEMPLATES, '--config', conf],
  { env: envWith(env), timeout: 20000 });
  assert.equal(r.signal, null, `serve did not stop by itself: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, ops.SANITIZER);
  return { ...r, conf };
}

function refused(r, what, mention) {
  assert.notEqual(r.status, 0, `${what}: accepted (exit 0)`);
  const lines = r.stderr.split('\n').filter((l) => l.trim());
  assert.equal(lines.length, 1, `${what}: expected one line on stderr:\n${r.stderr}`);
  for (const m of [].concat(mention)) {
    if (m instanceof RegExp) assert.match(lines[0], m, `${what}: ${lines[0]}`);
    else assert.ok(lines[0].includes(m), `${what}: the error does not mention ${m}: ${lines[0]}`);
  }
  return lines[0];
}

const publisherOf = (page) => {
  const m = /class="disclaimer"[^>]*>The ([^<]*) is not responsible/.exec(page);
  assert.ok(m, 'no disclaimer on the page');
  return m[1];
};

const BASE = fs.readFileSync(ops.CONFIG, 'utf8');

test('deploy/newsdesk.conf documents every key with its default and environment variable', () => {
  for (const key of configKeys()) {
    const para = BASE.split(/\n\s*\n/).find((p) => new RegExp(`^#?\\s*${key}\\s*=`, 'm').test(p));
    assert.ok(para, `deploy/newsdesk.conf has no "${key} =" line, set or commented`);
    assert.ok(para.includes(`NEWSDESK_${key.toUpperCase()}`), `the paragraph of ${key} does not name NEWSDESK_${key.toUpperCase()}`);
    assert.match(para, /Default:/, `the paragraph of ${key} does not give its default`);
    assert.ok(para.split('\n').filter((l) => /^#/.test(l) && !/^#\s*[a-z_]+\s*=/.test(l)).length >= 2,
      `the paragraph of ${key} does not say what it does`);
  }
});

test('the shipped config loads, and a config with every key set loads', () => {
  const r = renderWith(BASE);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(publisherOf(r.stdout), 'BBC');
  const all = BASE.replace(/^#\s*([a-z_]+\s*=)/gm, '$1');
  const r2 = renderWith(all);
  assert.equal(r2.status, 0, `with every commented key set:\n${r2.stderr}`);
  assert.match(r2.stdout, /<link rel="canonical" href="https:\/\/news\.example\.org\/news\//);
});

test('an unknown key stops serve with file:line', () => {
  const lines = BASE.split('\n');
  lines.splice(4, 0, 'publsher = typo');
  const r = serveWith(lines.join('\n'));
  refused(r, 'unknown key', [`${r.conf}:5`, 'publsher']);
  assert.ok(!fs.existsSync(path.join(workdir(), 'never.sock')), 'serve listened despite the bad config');
});

test('bad values stop serve with file:line and what is wrong', () => {
  const cases = [
    ['session_idle_seconds = 5', /session_idle_seconds.*(seconds|60)/],
    ['session_max_seconds = forever', /session_max_seconds/],
    ['language = en_GB!', /language/],
    ['base_url = ftp://news.example.org', /base_url.*http/],
    ['base_url = https://news.example.org/', /base_url.*\//],
    ['publisher =', /publisher.*empty/],
    ['this line has no equals sign', /key = value/],
  ];
  for (const [line, re] of cases) {
    const r = serveWith(`# a comment\n\n${line}\n`);
    refused(r, line, [`${r.conf}:3`, re]);
  }
});

test('an unknown time zone stops serve with file:line', {
}, () => {
  const r = serveWith('publisher = X\ntimezone = Mars/Olympus_Mons\n');
  refused(r, 'unknown time zone', [`${r.conf}:2`, 'Mars/Olympus_Mons']);
  const e = serveWith('publisher = X\n', { NEWSDESK_TIMEZONE: 'Mars/Olympus_Mons' });
  refused(e, 'unknown time zone from the environment', ['NEWSDESK_TIMEZONE', 'Mars/Olympus_Mons']);
});

test('the environment wins over the file', () => {
  const r = renderWith(BASE, {
    NEWSDESK_PUBLISHER: 'Env Gazette',
    NEWSDESK_BASE_URL: 'https://env.example.org',
    NEWSDESK_SITE_NAME: 'Env News',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(publisherOf(r.stdout), 'Env Gazette');
  assert.match(r.stdout, /<link rel="canonical" href="https:\/\/env\.example\.org\/news\/asia-pacific\//);
  assert.match(r.stdout, /<title>[^<]*Env News<\/title>/);
  // And without any config file at all.
  const none = ops.run(ops.BIN, ['render', '--db', path.join(workdir(), 'site.db'), '--templates', ops.TEMPLATES,
    ops.ARTICLE], { env: envWith({ NEWSDESK_PUBLISHER: 'Only Env' }) });
  assert.equal(none.status, 0, none.stderr);
  assert.equal(publisherOf(none.stdout), 'Only Env');
});

test('a bad value in the environment is refused, naming the variable', () => {
  for (const [name, value] of [['NEWSDESK_SESSION_IDLE_SECONDS', 'abc'], ['NEWSDESK_LANGUAGE', 'en GB'],
    ['NEWSDESK_BASE_URL', 'news.example.org'], ['NEWSDESK_PUBLISHER', '']]) {
    const r = serveWith(BASE, { [name]: value });
    refused(r, `${name}=${value}`, [name]);
  }
});
