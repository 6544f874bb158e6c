'use strict';
// Steady under pressure: two editors saving at once through nginx, logins that never empty the
// readers' page cache and are decided atomically, a few password checks at a time, a throttle
// that fails closed, old sessions and log lines pruned, a page cache that unknown query keys
// cannot fill, and a 413 answered like any other request.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const ops = require('../lib/ops.js');
const { startStack, sqlite, SRC } = require('../lib/stack.js');
const { addUser, Client, formFields, sessionsFile, rows } = require('../lib/admin.js');

const PW = 'Steady-Editor-Password-7';
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
let S;   // four threads: two password checks at a time

before(async () => {
  S = await startStack({ threads: 4 });
  for (const name of ['ed1', 'ed2', 'ed3', 'ed4']) addUser(S.dbPath, name, PW);
});
after(async () => { if (S) await S.stop(); });

async function scrape(stack = S) {
  const r = await ops.request(stack.base, '/metrics');
  assert.equal(r.status, 200);
  return ops.parsePrometheus(r.body);
}

const metric = (m, name, labels) => ops.metricValue(m, name, labels) || 0;

const login = (name, password, address) => new Client(S.base, { localAddress: address })
  .loginAttempt(name, password);

// ---- two editors at once ----

// Loads article id's form, gives it a new headline and promos, saves it; the save's status.
async function saveHeadline(c, id, headline, promos) {
  const page = await c.get(`/admin/articles/${id}`);
  assert.equal(page.status, 200);
  const fields = formFields(page.body).map(([k, v]) => [k, k === 'headline' ? headline : k === 'promos' ? promos : v]);
  return (await c.post(`/admin/articles/${id}`, [...fields, ['action', 'save']])).status;
}

// Four editors, each on an article of their own, saving as fast as they can. Each save checks
// its twenty promos between reading the article and writing it: the moment in which another
// editor's commit used to make the save a 503.
test('editors saving different articles at the same moment: every save lands, no 503',
  { timeout: 120000 }, async () => {
    const promos = rows(S.dbPath, "SELECT s.slug || '/' || a.slug AS p FROM articles a JOIN sections s ON s.id = a.section_id"
      + ' WHERE a.id NOT IN (9, 12, 13, 14) ORDER BY a.id LIMIT 20').map((r) => `/news/${r.p}`).join('\n');
    const editors = [['ed1', '127.0.0.21', 9], ['ed2', '127.0.0.22', 12], ['ed3', '127.0.0.23', 13],
      ['ed4', '127.0.0.24', 14]];
    const clients = [];
    for (const [name, address] of editors) {  // one at a time: only two passwords are checked at once
      const c = new Client(S.base, { localAddress: address });
      await c.login(name, PW);
      clients.push(c);
    }
    const until = Date.now() + 10000;
    const results = await Promise.all(editors.map(async ([name, , id], i) => {
      const c = clients[i];
      const statuses = [];
      for (let n = 1; Date.now() < until; n++) statuses.push(await saveHeadline(c, id, `${name} save ${n}`, promos));
      return { id, name, statuses };
    }));
    for (const { id, name, statuses } of results) {
      const bad = statuses.filter((s) => s !== 303);
      assert.deepEqual(bad, [], `${name}: ${bad.length} of ${statuses.length} saves were not 303`);
      assert.ok(statuses.length >= 5, `${name} saved only ${statuses.length} times`);
      const [{ headline }] = rows(S.dbPath, `SELECT headline FROM articles WHERE id = ${id}`);
      assert.equal(headline, `${name} save ${statuses.length}`, 'the last save is what is stored');
    }
  });

// ---- logins ----

test('logins, failed or not, leave the readers\' page cache as it is', { timeout: 60000 }, async () => {
  await S.get(SEED);
  await S.get(SEED);  // in the cache now
  const m0 = await scrape();
  assert.equal((await login('no-such-editor', 'not the password', '127.0.0.31')).status, 200);
  assert.equal((await login('ed4', PW, '127.0.0.32')).status, 303);
  assert.equal((await S.get(SEED)).status, 200);
  const m1 = await scrape();
  assert.equal(metric(m1, 'newsdesk_page_cache_hits_total') - metric(m0, 'newsdesk_page_cache_hits_total'), 1,
    'the article was rendered again after a login: a login emptied the page cache');
  assert.equal(metric(m1, 'newsdesk_page_cache_misses_total'), metric(m0, 'newsdesk_page_cache_misses_total'));
});

test('parallel guesses at one name: one is checked, the rest wait (429, Retry-After)', { timeout: 60000 }, async () => {
  const replies = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => login('ed3', `guess number ${i}`, `127.0.1.${i}`)));
  const statuses = replies.map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 429, 429, 429, 429, 429], `statuses ${statuses}`);
  for (const r of replies.filter((x) => x.status === 429)) {
    assert.match(r.headers['retry-after'] || '', /^[1-9][0-9]*$/);
    assert.equal(r.cookies.length, 0);
  }
  assert.equal(replies.filter((r) => /Wrong name or password/.test(r.body)).length, 1);
});

test('a few password checks at a time: the rest are told at once to come back (429), readers go on',
  { timeout: 60000 }, async () => {
    const names = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `nobody-${i}`);
    const reader = (async () => { const r = await S.get(SEED); return r.status; })();
    const replies = await Promise.all(names.map((n, i) => login(n, 'wrong password here', `127.0.2.${i + 1}`)));
    const busy = replies.filter((r) => r.status === 429);
    assert.ok(busy.length >= 1, `no login was turned away: ${replies.map((r) => r.status)}`);
    for (const r of busy) {
      assert.equal(r.headers['retry-after'], '1');
      assert.match(r.body, /Many people are logging in/);
    }
    assert.ok(replies.every((r) => r.status === 200 || r.status === 429), `${replies.map((r) => r.status)}`);
    assert.equal(await reader, 200);
    assert.match(S.log(), /login name=nobody-\d address=127\.0\.2\.\d+ outcome=busy/);
  });

test('a throttle that cannot be read lets nobody in, not even with the right password', { timeout: 60000 }, async () => {
  const file = sessionsFile(S.dbPath);
  sqlite(file, 'DROP TABLE login_throttle;\n');
  try {
    const r = await login('ed4', PW, '127.0.0.33');
    assert.ok(r.status >= 500, `with no throttle table: ${r.status}`);
    assert.equal(r.cookies.length, 0, 'a session cookie without a throttle');
  } finally {
    sqlite(file, fs.readFileSync(path.join(SRC, 'sql', 'sessions.sql'), 'utf8'));
  }
  assert.equal((await login('ed4', PW, '127.0.0.34')).status, 303, 'the throttle is back');
});

// The login log is kept as long as the audit log (audit_keep_days, 365 by default), at least 90 days.
test('old sessions, throttle rows and login log lines are pruned', { timeout: 60000 }, async () => {
  const P = await startStack();
  try {
    addUser(P.dbPath, 'old', PW);
    const now = Math.floor(Date.now() / 1000);
    sqlite(sessionsFile(P.dbPath), `
INSERT INTO sessions VALUES (x'00', 1, 0, ${now - 3 * 86400}, ${now - 3 * 86400});
INSERT INTO login_throttle (key, failures, next_allowed_at) VALUES ('name:long-ago', 3, ${now - 7200});
INSERT INTO login_log (at, name, address, outcome) VALUES (${now - 400 * 86400}, 'long-ago', '192.0.2.1', 'failure');
`);
    const r = await new Client(P.base, { localAddress: '127.0.0.35' }).loginAttempt('old', PW);
    assert.equal(r.status, 303);
    const left = (sql) => rows(sessionsFile(P.dbPath), sql)[0].n;
    assert.equal(left("SELECT count(*) AS n FROM sessions WHERE token_hash = x'00'"), 0);
    assert.equal(left("SELECT count(*) AS n FROM login_throttle WHERE key = 'name:long-ago'"), 0);
    assert.equal(left("SELECT count(*) AS n FROM login_log WHERE name = 'long-ago'"), 0);
    assert.equal(left("SELECT count(*) AS n FROM login_log WHERE name = 'old'"), 1, 'the new line stays');
  } finally {
    await P.stop();
  }
});

// ---- the page cache ----

test('query keys a page does not read make no new page-cache entries', { timeout: 60000 }, async () => {
  await S.get('/');
  const m0 = await scrape();
  for (let i = 0; i < 50; i++) assert.equal((await S.get(`/?x=${i}&utm_source=${i}`)).status, 200);
  const m1 = await scrape();
  assert.equal(metric(m1, 'newsdesk_page_cache_entries'), metric(m0, 'newsdesk_page_cache_entries'));
  assert.equal(metric(m1, 'newsdesk_page_cache_hits_total') - metric(m0, 'newsdesk_page_cache_hits_total'), 50,
    'each was the home page, from the cache');
});

// ---- a body too large ----

test('a body too large gets the 413 page with the security headers, counted and logged', { timeout: 60000 }, async () => {
  const m0 = await scrape();
  const r = await ops.fcgiOpen(S.socket, ops.cgiParams('/admin/login', {
    REQUEST_METHOD: 'POST', CONTENT_LENGTH: String(5 * 1024 * 1024),
    CONTENT_TYPE: 'application/x-www-form-urlencoded',
  })).reply;
  assert.equal(r.status, 413);
  assert.ok(r.headers['content-security-policy'], 'no Content-Security-Policy on the 413');
  assert.match(r.body, /<!DOCTYPE html>[\s\S]*too large/i);
  const m1 = await scrape();
  const counted = (m) => metric(m, 'newsdesk_requests_total', { route: 'none', status: '413' });
  assert.equal(counted(m1) - counted(m0), 1);
  assert.match(S.log(), /newsdesk: 413 POST \/admin\/login/);
});
