'use strict';
// newsdesk as a plain CGI program, run directly as a web server would (GATEWAY_INTERFACE and the
// request in the environment, the body on standard input, the answer on standard output): the
// request's answer; settings only from NEWSDESK_* variables; every missing or bad setting a
// plain 500 that names no path or value and one line on stderr; a body too large a 413; the
// arguments a web server may pass (an ISINDEX query) never read as options.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BIN, SRC, run, mustRun, textOf } = require('../lib/stack.js');

const NOW = '2010-04-17T08:30:00Z';
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
let dir;
let db;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-cgi-'));
  db = path.join(dir, 'newsdesk.db');
  mustRun(BIN, ['init', '--db', db, '--demo']);
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

// The environment a web server gives a CGI program, and only that.
function cgiEnv(over = {}) {
  const env = {
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
    REQUEST_METHOD: 'GET',
    REQUEST_URI: SEED,
    QUERY_STRING: '',
    REMOTE_ADDR: '127.0.0.1',
    HTTP_HOST: 'news.example.org',
    NEWSDESK_DB: db,
    NEWSDESK_TEMPLATES: path.join(SRC, 'templates'),
    NEWSDESK_CONFIG: path.join(SRC, 'deploy', 'newsdesk.conf'),
    NEWSDESK_BASE_URL: 'https://news.example.org',
    NEWSDESK_NOW: NOW,
    ...over,
  };
  for (const k of ['ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS']) if (process.env[k]) env[k] = process.env[k];
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

// Runs one CGI request: {status, headers (lowercase names), body, stderr, exit}.
function cgi(over = {}, input = '', args = []) {
  const r = run(BIN, args, { env: cgiEnv(over), input });
  assert.ok(!r.error && r.signal === null, `newsdesk as CGI: ${r.signal || (r.error && r.error.message)}\n${r.stderr}`);
  const end = r.stdout.indexOf('\r\n\r\n');
  assert.ok(end > 0, `a CGI header block:\n${r.stdout.slice(0, 300)}`);
  const headers = {};
  for (const line of r.stdout.slice(0, end).split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(headers.status.split(' ')[0]), headers, body: r.stdout.slice(end + 4), stderr: r.stderr, exit: r.status };
}

test('the seed article, from the environment alone, as `newsdesk render` makes it', () => {
  const r = cgi();
  assert.equal(r.exit, 0);
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/html/);
  assert.match(textOf(r.body), /Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan/);
  assert.match(r.body, /<link rel="canonical" href="https:\/\/news\.example\.org\/news\/asia-pacific\//);
  assert.equal(r.stderr, '');
  const rendered = mustRun(BIN, ['render', '--db', db, '--templates', path.join(SRC, 'templates'),
    '--config', path.join(SRC, 'deploy', 'newsdesk.conf'), SEED],
  { env: { ...process.env, NEWSDESK_NOW: NOW, NEWSDESK_BASE_URL: 'https://news.example.org' } }).stdout;
  assert.equal(r.body, rendered.slice(rendered.indexOf('\r\n\r\n') + 4));
});

test('a search, a HEAD, a 404 and the arguments of an ISINDEX query', () => {
  const s = cgi({ REQUEST_URI: '/search?q=bakiyev', QUERY_STRING: 'q=bakiyev' });
  assert.equal(s.status, 200);
  assert.match(s.body, /kurmanbek-bakiyev-flies-to-kazakhstan/);
  const h = cgi({ REQUEST_METHOD: 'HEAD' });
  assert.equal(h.status, 200);
  assert.equal(h.body, '');
  assert.ok(h.headers.etag);
  assert.equal(cgi({ REQUEST_URI: '/news/europe/nothing-here' }).status, 404);
  // A query without '=' reaches a CGI program as its arguments: they are the reader's, not options.
  const isindex = cgi({ REQUEST_URI: '/search?--help', QUERY_STRING: '--help' }, '', ['--help']);
  assert.equal(isindex.status, 200);
  assert.doesNotMatch(isindex.body, /usage: newsdesk/);
});

test('a POST body is read from standard input; one past CONTENT_LENGTH\'s limit is a 413', () => {
  const body = 'name=nobody&password=wrong+password+here';
  const login = cgi({ REQUEST_METHOD: 'POST', REQUEST_URI: '/admin/login',
    CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: String(body.length),
    HTTP_ORIGIN: 'https://news.example.org' }, body);
  assert.equal(login.status, 200, textOf(login.body).slice(0, 300));
  assert.match(login.body, /value="nobody"/, 'the form is shown again with the name sent');
  const cut = cgi({ REQUEST_METHOD: 'POST', REQUEST_URI: '/admin/login',
    CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: '100',
    HTTP_ORIGIN: 'https://news.example.org' }, body);
  assert.equal(cut.status, 413, 'a body cut short is not guessed at');
  const huge = cgi({ REQUEST_METHOD: 'POST', REQUEST_URI: '/admin/login',
    CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: String(64 << 20) });
  assert.equal(huge.status, 413);
  assert.equal(cgi({ REQUEST_METHOD: 'POST', REQUEST_URI: '/admin/login', CONTENT_LENGTH: '12x' }).status, 413);
});

// Only a POST with a session cookie that uploads (multipart) or goes to an image's page starts
// the media worker (which makes photos/ beside the database): an anonymous one forks nothing.
test('an anonymous POST to the admin starts no media worker and makes no photos directory', () => {
  const own = path.join(dir, 'anon');
  fs.mkdirSync(own);
  mustRun(BIN, ['init', '--db', path.join(own, 'newsdesk.db')]);
  const photos = path.join(own, 'photos');
  assert.ok(!fs.existsSync(photos));
  const form = 'alt=x';
  const multipart = '--b\r\nContent-Disposition: form-data; name="alt"\r\n\r\nx\r\n--b--\r\n';
  for (const [type, body, cookie] of [
    ['application/x-www-form-urlencoded', form, undefined],
    ['multipart/form-data; boundary=b', multipart, undefined],
    ['application/x-www-form-urlencoded', form, 'newsdesk_session=AAAA'],
  ]) {
    const r = cgi({ REQUEST_METHOD: 'POST', REQUEST_URI: '/admin/media', CONTENT_TYPE: type,
      CONTENT_LENGTH: String(body.length), HTTP_ORIGIN: 'https://news.example.org', HTTP_COOKIE: cookie,
      NEWSDESK_DB: path.join(own, 'newsdesk.db') }, body);
    assert.ok(r.status < 500, `${type}: ${r.status} ${r.stderr}`);
    assert.ok(!fs.existsSync(photos), `${type} ${cookie || 'anonymous'}: made photos/`);
  }
});

// Each bad setting: what the log line must say. The page names none of it.
const BAD = [
  [{ NEWSDESK_DB: undefined }, /NEWSDESK_DB is not set/],
  [{ NEWSDESK_DB: '' }, /NEWSDESK_DB is not set/],
  [{ NEWSDESK_DB: '/nonexistent/hidden/newsdesk.db' }, /\/nonexistent\/hidden\/newsdesk\.db/],
  [{ NEWSDESK_TEMPLATES: '/nonexistent/hidden/templates' }, /templates directory not found: \/nonexistent\/hidden/],
  [{ NEWSDESK_CONFIG: '/nonexistent/hidden/newsdesk.conf' }, /\/nonexistent\/hidden\/newsdesk\.conf/],
  [{ NEWSDESK_BASE_URL: '', NEWSDESK_CONFIG: '' }, /base_url is not set/],
  [{ NEWSDESK_BASE_URL: 'ftp://hidden.example' }, /NEWSDESK_BASE_URL/],
  [{ NEWSDESK_TIMEZONE: 'Hidden/Nowhere' }, /NEWSDESK_TIMEZONE/],
  [{ NEWSDESK_PAGE_CACHE_MB: '-1' }, /NEWSDESK_PAGE_CACHE_MB/],
  [{ NEWSDESK_NOW: 'yesterday' }, /NEWSDESK_NOW/],
];

for (const [over, why] of BAD) {
  test(`a bad setting (${JSON.stringify(over)}): a plain 500, one line on stderr`, () => {
    const r = cgi(over);
    assert.equal(r.exit, 0, 'an answer was given');
    assert.equal(r.status, 500);
    assert.match(r.headers['content-type'], /^text\/plain/);
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.match(r.body, /not configured correctly/);
    assert.doesNotMatch(r.body, /hidden|nonexistent|NEWSDESK|\/|yesterday/i);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line on stderr:\n${r.stderr}`);
    assert.match(lines[0], /^newsdesk \(CGI\): /);
    assert.match(lines[0], why);
  });
}

test('a file that is not a database: a 500 that shows nothing of it', () => {
  const junk = path.join(dir, 'junk.db');
  fs.writeFileSync(junk, 'this is not a database, but it holds a secret: hunter2\n'.repeat(100));
  const r = cgi({ NEWSDESK_DB: junk });
  assert.equal(r.status, 500);
  assert.doesNotMatch(r.body, /hunter2|junk/);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
});

test('the sessions file is made by the first request that may use it; a newer schema is refused', () => {
  const copy = path.join(dir, 'copy.db');
  mustRun('sqlite3', [db, `.backup '${copy}'`]);
  assert.ok(!fs.existsSync(`${copy}-sessions`));
  const reader = cgi({ NEWSDESK_DB: copy });
  assert.equal(reader.status, 200, reader.stderr);
  assert.ok(!fs.existsSync(`${copy}-sessions`), 'a reader without a cookie does not need it');
  const first = cgi({ NEWSDESK_DB: copy, HTTP_COOKIE: 'newsdesk_session=stale' });
  assert.equal(first.status, 200, first.stderr);
  assert.ok(fs.existsSync(`${copy}-sessions`), 'the sessions file is made');
  const other = path.join(dir, 'other.db');
  mustRun(BIN, ['init', '--db', other]);
  fs.copyFileSync(`${copy}-sessions`, `${other}-sessions`);
  const login = cgi({ NEWSDESK_DB: other, REQUEST_METHOD: 'POST', REQUEST_URI: '/admin/login',
    CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: '0',
    HTTP_ORIGIN: 'https://news.example.org' });
  assert.equal(login.status, 200, login.stderr);
  assert.equal(mustRun('sqlite3', [`${other}-sessions`, 'SELECT hex(identity) FROM meta']).stdout.trim(),
    mustRun('sqlite3', [other, 'SELECT hex(token) FROM store_identity']).stdout.trim(),
    'another database\'s sessions file is claimed, as serve does');
  mustRun('sqlite3', [copy, 'PRAGMA user_version = 999']);
  const newer = cgi({ NEWSDESK_DB: copy });
  assert.equal(newer.status, 500);
  assert.match(newer.stderr, /newer than this newsdesk/);
});
