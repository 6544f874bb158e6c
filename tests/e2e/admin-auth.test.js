'use strict';
// The admin's doors through nginx: accounts from the command line, logging in and out, the
// session cookie, throttled failures and the login log, session expiry, disabled editors,
// roles, and CSRF: every forged or cross-site change is refused with 403 and the database
// (sqlite3 .dump) stays byte for byte the same.
//
// Three stacks: P with the clock pinned (deterministic: sessions never touched, dumps stable;
// session ages are tested by moving session times back in the database), U on the real clock
// for throttling (the throttle waits on the server's clock, which a pinned clock never moves,
// so on P a name that failed once stays throttled: failing tests use names of their own), and C
// with session lengths from the config file and the environment. Each test that may fail a
// login uses its own client address (127.0.0.x, all loopback) so that the per-address throttle
// of one test never reaches another.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startStack, textOf, sleep } = require('../lib/stack.js');
const {
  addUser, userCmd, dump, rows, rowsWithSessions, sessionsFile, Client, request, csrfOf,
  sessionCookie, articleFields, formArticle, configWith,
} = require('../lib/admin.js');

const NOW = '2010-04-17T08:30:00Z';
const NOW_S = Date.parse(NOW) / 1000;
const PW = {
  ed: 'ed-types-quickly-9',
  ann: 'ann is the admin 42',
  dora: 'dora-will-be-disabled',
  bob: 'bobs password, long enough',
  thr: 'throttled but right 7',
  cap: 'capped at thirty 30',
  idle: 'idle hands 123456',
};

let P;        // pinned clock
let U;        // real clock, for throttling
let C;        // pinned clock, sessions of 10 min idle and 1 h in all
let tmp;
let ed;       // an editor logged in on P
let ed2;      // a second session of another editor on P
let ann;      // an admin logged in on P

let addrN = 10;
function addr() { addrN += 1; return `127.0.0.${addrN}`; }

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-auth-'));
  P = await startStack({
    demo: true,
    now: NOW,
    beforeServe: (db) => {
      addUser(db, 'ed', PW.ed, 'editor');
      addUser(db, 'ann', PW.ann, 'admin');
      addUser(db, 'bob', PW.bob, 'editor');
      addUser(db, 'rep', PW.bob, 'reporter');
      // Names whose logins fail: on a pinned clock a failed name stays throttled for good.
      for (const n of ['wendy', 'wanda', 'lola', 'lolb']) addUser(db, n, PW.bob, 'editor');
    },
  });
  U = await startStack({
    demo: true,
    beforeServe: (db) => {
      addUser(db, 'thr', PW.thr);
      addUser(db, 'cap', PW.cap);
      addUser(db, 'idle', PW.idle);
      addUser(db, 'other', PW.idle);
      addUser(db, 'thr2', PW.thr);
    },
  });
  // Session lengths from the config file (idle) and the environment (in all).
  process.env.NEWSDESK_SESSION_MAX_SECONDS = '3600';
  try {
    C = await startStack({
      demo: false,
      now: NOW,
      config: configWith(tmp, 'session_idle_seconds = 600'),
      beforeServe: (db) => addUser(db, 'short', PW.idle),
    });
  } finally {
    delete process.env.NEWSDESK_SESSION_MAX_SECONDS;
  }
  ed = new Client(P.base, { localAddress: '127.0.0.2' });
  await ed.login('ed', PW.ed);
  ed2 = new Client(P.base, { localAddress: '127.0.0.3' });
  await ed2.login('bob', PW.bob);
  ann = new Client(P.base, { localAddress: '127.0.0.4' });
  await ann.login('ann', PW.ann);
  // One saved revision of the seed article, for the restore forgeries below.
  const form = await ed.get('/admin/articles/1');
  const a = formArticle(form.body);
  a.blocks[0].text += ' (edited)';
  const r = await ed.post('/admin/articles/1', articleFields({ ...a, action: 'save' }));
  assert.equal(r.status, 303, `saving the seed article: ${r.status}\n${textOf(r.body).slice(0, 500)}`);
});

after(async () => {
  for (const s of [P, U, C]) if (s) await s.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// ---- accounts on the command line ----

test('user add: refuses short, over-long and common passwords with one line, exit 1', () => {
  for (const [pw, why] of [['short7!', /at least 8/], ['password', /common/], ['baseball', /common/],
    ['SunShine', /common/], ['x'.repeat(1025), /at most 1024/]]) {
    const r = userCmd(['add', 'newbie', '--db', P.dbPath], `${pw}\n`);
    assert.equal(r.status, 1, `password ${pw.slice(0, 20)}: exit ${r.status}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line of error, got:\n${r.stderr}`);
    assert.match(lines[0], why);
  }
  assert.equal(rows(P.dbPath, "SELECT count(*) AS n FROM users WHERE name = 'newbie'")[0].n, 0);
  const dup = userCmd(['add', 'ED', '--db', P.dbPath], 'another long password\n');
  assert.equal(dup.status, 1, 'a second "ed" (names ignore case) is refused');
});

test('user list shows names, roles and state; user passwd changes the password', async () => {
  const r = userCmd(['list', '--db', P.dbPath]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ann\s+admin\s+active/m);
  assert.match(r.stdout, /^ed\s+editor\s+active/m);
  addUser(P.dbPath, 'pat', 'first password 111');
  const c = new Client(P.base, { localAddress: addr() });
  await c.login('pat', 'first password 111');
  const pw = userCmd(['passwd', 'pat', '--db', P.dbPath], 'second password 222\n');
  assert.equal(pw.status, 0, pw.stderr);
  const old = await c.get('/admin');
  assert.equal(old.status, 303, 'a password change ends the sessions made with the old one');
  const c2 = new Client(P.base, { localAddress: addr() });
  await c2.login('pat', 'second password 222');
  const c3 = new Client(P.base, { localAddress: addr() });
  const bad = await c3.loginAttempt('pat', 'first password 111');
  assert.equal(bad.status, 200);
  assert.match(bad.body, /Wrong name or password\./);
});

// ---- logging in ----

test('GET /admin without a session: 303 to /admin/login, which shows the form', async () => {
  for (const p of ['/admin', '/admin/articles/new', '/admin/articles/1', '/admin/articles/1/revisions',
    '/admin/sections', '/admin/promos']) {
    const r = await request(P.base, p);
    assert.equal(r.status, 303, `GET ${p}`);
    assert.equal(r.headers.location, '/admin/login', `GET ${p}`);
    assert.equal(r.cookies.length, 0, `GET ${p} sets no cookie`);
  }
  const r = await request(P.base, '/admin/login');
  assert.equal(r.status, 200);
  assert.match(r.body, /<form method="post" action="\/admin\/login"/);
  assert.match(r.body, /name="password" type="password"/);
});

test('login: 303 to /admin with an HttpOnly, SameSite=Strict session cookie', async () => {
  const c = new Client(P.base, { localAddress: addr() });
  const r = await c.loginAttempt('ed', PW.ed);
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/admin');
  assert.equal(r.cookies.length, 1, `one Set-Cookie: ${r.cookies.join(' | ')}`);
  const ck = sessionCookie(r.cookies);
  assert.ok(ck, r.cookies[0]);
  assert.equal(ck.name, 'newsdesk_session', 'plain http: no __Host- prefix');
  assert.match(ck.value, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(ck.attrs.path, '/');
  assert.equal(ck.attrs['max-age'], '43200');
  assert.equal(ck.attrs.httponly, true);
  assert.equal(ck.attrs.samesite, 'Strict');
  assert.equal(ck.attrs.secure, undefined, 'no Secure flag over plain http');
  // Only a hash of the token is stored.
  const stored = rows(sessionsFile(P.dbPath), 'SELECT hex(token_hash) AS h FROM sessions');
  assert.ok(stored.length >= 1);
  for (const s of stored) assert.ok(!s.h.includes(Buffer.from(ck.value).toString('hex').toUpperCase()));
  assert.equal(fs.readFileSync(P.dbPath).includes(ck.value), false, 'the token is not in the database file');
  const page = await c.get('/admin');
  assert.equal(page.status, 200);
  assert.match(textOf(page.body), /ed \(editor\)/);
  assert.match(page.body, /<table class="article-table">/);
});

test('two logins make two sessions with different cookies and CSRF tokens', async () => {
  const a = new Client(P.base, { localAddress: addr() });
  const b = new Client(P.base, { localAddress: addr() });
  await a.login('ed', PW.ed);
  await b.login('ed', PW.ed);
  assert.notEqual(a.cookie, b.cookie);
  assert.notEqual(a.csrf, b.csrf);
  assert.match(a.csrf, /^[A-Za-z0-9_-]{20,}$/);
});

test('wrong password and unknown name: 200, the same message, no cookie, no session', async () => {
  const before = rows(sessionsFile(P.dbPath), 'SELECT count(*) AS n FROM sessions')[0].n;
  const wrong = await new Client(P.base, { localAddress: addr() }).loginAttempt('wendy', 'not bobs password');
  const unknown = await new Client(P.base, { localAddress: addr() }).loginAttempt('nobody-here', 'not bobs password');
  for (const [label, r] of [['wrong password', wrong], ['unknown name', unknown]]) {
    assert.equal(r.status, 200, label);
    assert.equal(r.cookies.length, 0, `${label}: no Set-Cookie`);
    assert.match(r.body, /<p class="form-error" role="alert">Wrong name or password\.<\/p>/, label);
  }
  // The pages differ only in the name typed back into the field.
  assert.equal(wrong.body.replace(/value="wendy"/, 'value="X"'), unknown.body.replace(/value="nobody-here"/, 'value="X"'));
  assert.equal(rows(sessionsFile(P.dbPath), 'SELECT count(*) AS n FROM sessions')[0].n, before);
});

test('login with the wrong case of the password fails; an empty field asks for both', async () => {
  const r = await new Client(P.base, { localAddress: addr() }).loginAttempt('wanda', PW.bob.toUpperCase());
  assert.equal(r.status, 200);
  assert.match(r.body, /Wrong name or password\./);
  const e = await new Client(P.base, { localAddress: addr() }).loginAttempt('wanda', '');
  assert.equal(e.status, 200);
  assert.match(e.body, /Enter your name and password\./);
  assert.equal(e.cookies.length, 0);
});

test('the login page shows a hostile name typed back escaped', async () => {
  const r = await new Client(P.base, { localAddress: addr() }).loginAttempt('"><script>alert(1)</script>', 'whatever it is');
  assert.equal(r.status, 200);
  assert.ok(!r.body.includes('<script>alert(1)'));
  assert.match(r.body, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
});

test('login from another origin, or with no Origin and no Referer: 403, nothing logged', async () => {
  const before = dump(P.dbPath);
  const a = addr();
  for (const opts of [{ origin: 'http://evil.example' }, { origin: null }, { origin: 'null' },
    { origin: null, headers: { referer: 'http://evil.example/admin/login' } }]) {
    const r = await new Client(P.base, { localAddress: a }).loginAttempt('ed', PW.ed, opts);
    assert.equal(r.status, 403, JSON.stringify(opts));
    assert.equal(r.cookies.length, 0);
  }
  assert.equal(dump(P.dbPath), before, 'no session, no login_log row, no throttle row');
  // A same-origin Referer without an Origin header is enough.
  const ok = await new Client(P.base, { localAddress: a }).loginAttempt('ed', PW.ed,
    { origin: null, headers: { referer: `${P.base}/admin/login` } });
  assert.equal(ok.status, 303);
});

test('login_log records success and failure with name and address; stderr too', async () => {
  const a = addr();
  await new Client(P.base, { localAddress: a }).loginAttempt('lola', 'wrong wrong wrong');
  const b = addr();
  await new Client(P.base, { localAddress: b }).login('lolb', PW.bob);
  const log = rows(sessionsFile(P.dbPath), `SELECT at, name, address, outcome FROM login_log WHERE address IN ('${a}', '${b}') ORDER BY id`);
  assert.deepEqual(log, [
    { at: NOW_S, name: 'lola', address: a, outcome: 'failure' },
    { at: NOW_S, name: 'lolb', address: b, outcome: 'success' },
  ]);
  assert.match(P.log(), new RegExp(`login name=lola address=${a.replace(/\./g, '\\.')} outcome=failure`));
  assert.match(P.log(), new RegExp(`login name=lolb address=${b.replace(/\./g, '\\.')} outcome=success`));
  // Throttled attempts are logged as such (on this pinned clock lola's wait never ends).
  const c = addr();
  const t = await new Client(P.base, { localAddress: c }).loginAttempt('lola', PW.bob);
  assert.equal(t.status, 429);
  assert.deepEqual(rows(sessionsFile(P.dbPath), `SELECT name, outcome FROM login_log WHERE address = '${c}'`),
    [{ name: 'lola', outcome: 'throttled' }]);
});

// ---- throttling (real clock) ----

// Attempts until the server takes the attempt (no 429), sleeping out each Retry-After.
async function attemptWhenAllowed(c, name, pw) {
  for (let i = 0; i < 10; i++) {
    const r = await c.loginAttempt(name, pw);
    if (r.status !== 429) return r;
    await sleep(Number(r.headers['retry-after']) * 1000 + 200);
  }
  throw new Error('still throttled after 10 waits');
}

test('throttling: each failure doubles the wait; during it even the right password gets 429', async () => {
  const a = '127.0.0.40';
  const c = new Client(U.base, { localAddress: a });
  const first = await c.loginAttempt('thr', 'wrong one');
  assert.equal(first.status, 200);
  assert.match(first.body, /Wrong name or password\./);
  for (const expected of [2, 4]) {
    const fail = await attemptWhenAllowed(c, 'thr', 'wrong again');
    assert.equal(fail.status, 200, 'a failure once the wait is over');
    assert.match(fail.body, /Wrong name or password\./);
    // Right away, with the right password: refused, and told how long to wait.
    const r = await c.loginAttempt('thr', PW.thr);
    assert.equal(r.status, 429, `right after a failure: ${r.status}`);
    assert.equal(r.cookies.length, 0, 'no cookie while throttled');
    const retry = Number(r.headers['retry-after']);
    assert.ok(Number.isInteger(retry) && retry >= expected - 1 && retry <= expected,
      `Retry-After ${r.headers['retry-after']}, expected about ${expected}`);
    assert.match(r.body, /Too many failed attempts/);
    assert.match(textOf(r.body), new RegExp(`Try again in ${retry} seconds?\\.`));
  }
  // Once the wait is over the right password works, and clears the name's counter.
  const ok = await attemptWhenAllowed(c, 'thr', PW.thr);
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.location, '/admin');
  assert.deepEqual(rows(sessionsFile(U.dbPath), "SELECT key FROM login_throttle WHERE key = 'name:thr'"), []);
  const log = rows(sessionsFile(U.dbPath), `SELECT outcome FROM login_log WHERE address = '${a}' ORDER BY id`).map((x) => x.outcome);
  assert.deepEqual(log.filter((o) => o !== 'throttled'), ['failure', 'failure', 'failure', 'success']);
  assert.ok(log.filter((o) => o === 'throttled').length >= 2, `throttled attempts are logged: ${log}`);
  assert.match(U.log(), /login name=thr address=127\.0\.0\.40 outcome=throttled/);
});

test('throttling by address: a failure for one name holds back every name from that address', async () => {
  const a = '127.0.0.41';
  const c = new Client(U.base, { localAddress: a });
  let r = await c.loginAttempt('nobody', 'guess 1');
  assert.equal(r.status, 200);
  r = await attemptWhenAllowed(c, 'nobody2', 'guess 2');
  assert.equal(r.status, 200);
  // The address now waits 2 s: another name, with its right password, is refused.
  r = await c.loginAttempt('other', PW.idle);
  assert.equal(r.status, 429);
  assert.ok(Number(r.headers['retry-after']) >= 1);
  // The same name from another address is not held back.
  const elsewhere = new Client(U.base, { localAddress: '127.0.0.42' });
  await elsewhere.login('other', PW.idle);
});

test('throttling by name ignores the case of the name, as logging in does', async () => {
  // Names are unique without regard to case and log in so ("THR2" is thr2): the wait must be too.
  const a = new Client(U.base, { localAddress: '127.0.0.46' });
  let r = await a.loginAttempt('thr2', 'wrong one');
  assert.equal(r.status, 200);
  r = await attemptWhenAllowed(a, 'thr2', 'wrong two');
  assert.equal(r.status, 200);
  // thr2 now waits 2 s. From a fresh address, the same name in capitals, right password:
  const b = new Client(U.base, { localAddress: '127.0.0.47' });
  r = await b.loginAttempt('THR2', PW.thr);
  assert.equal(r.status, 429,
    `POST /admin/login name=THR2 (right password) from a fresh address, right after thr2's second failure: ${r.status} ${r.headers.location || ''}`);
});

test('throttling caps: 30 s for a name, 900 s for an address', async () => {
  const now = Math.floor(Date.now() / 1000);
  // As if both had failed many times, and the last wait had just ended.
  require('../lib/stack.js').sqlite(sessionsFile(U.dbPath),
    `INSERT OR REPLACE INTO login_throttle (key, failures, next_allowed_at) VALUES ('name:cap', 12, ${now - 1}), ('addr:127.0.0.43', 15, ${now - 1});`);
  const r1 = await new Client(U.base, { localAddress: '127.0.0.44' }).loginAttempt('cap', 'wrong');
  assert.equal(r1.status, 200);
  const r2 = await new Client(U.base, { localAddress: '127.0.0.43' }).loginAttempt('someone', 'wrong');
  assert.equal(r2.status, 200);
  const t = Object.fromEntries(rows(sessionsFile(U.dbPath),
    "SELECT key, next_allowed_at FROM login_throttle WHERE key IN ('name:cap', 'addr:127.0.0.43')")
    .map((x) => [x.key, x.next_allowed_at]));
  assert.ok(t['name:cap'] - now >= 29 && t['name:cap'] - now <= 31, `name wait ${t['name:cap'] - now}`);
  assert.ok(t['addr:127.0.0.43'] - now >= 899 && t['addr:127.0.0.43'] - now <= 901,
    `address wait ${t['addr:127.0.0.43'] - now}`);
  const r3 = await new Client(U.base, { localAddress: '127.0.0.45' }).loginAttempt('cap', PW.cap);
  assert.equal(r3.status, 429);
  const retry = Number(r3.headers['retry-after']);
  assert.ok(retry > 20 && retry <= 30, `Retry-After ${retry}`);
  const r4 = await new Client(U.base, { localAddress: '127.0.0.43' }).loginAttempt('idle', PW.idle);
  assert.equal(r4.status, 429);
  assert.ok(Number(r4.headers['retry-after']) > 800, `Retry-After ${r4.headers['retry-after']}`);
});

test('throttling forgets: an hour without a failure and the count starts again', async () => {
  const now = Math.floor(Date.now() / 1000);
  // Many failures, the last wait over more than an hour ago: an office's old typos.
  require('../lib/stack.js').sqlite(sessionsFile(U.dbPath),
    `INSERT OR REPLACE INTO login_throttle (key, failures, next_allowed_at) VALUES ('addr:127.0.0.46', 15, ${now - 3700});`);
  const r = await new Client(U.base, { localAddress: '127.0.0.46' }).loginAttempt('forgot', 'wrong');
  assert.equal(r.status, 200);
  const row = rows(sessionsFile(U.dbPath), "SELECT failures, next_allowed_at FROM login_throttle WHERE key = 'addr:127.0.0.46'")[0];
  assert.equal(row.failures, 1);
  assert.ok(row.next_allowed_at - now >= 0 && row.next_allowed_at - now <= 2, `wait ${row.next_allowed_at - now}`);
});

// ---- sessions end ----

test('logout: 303 to the login page, the cookie expired, the session gone server-side', async () => {
  const c = new Client(P.base, { localAddress: addr() });
  await c.login('ed', PW.ed);
  const cookie = c.cookie;
  const n = rowsWithSessions(P.dbPath, "SELECT count(*) AS n FROM sf.sessions s JOIN users u ON u.id = s.user_id WHERE u.name = 'ed'")[0].n;
  const r = await c.post('/admin/logout', []);
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/admin/login');
  const ck = sessionCookie(r.cookies);
  assert.ok(ck, `an expiring Set-Cookie: ${r.cookies}`);
  assert.equal(ck.value, '');
  assert.equal(ck.attrs['max-age'], '0');
  assert.equal(rowsWithSessions(P.dbPath, "SELECT count(*) AS n FROM sf.sessions s JOIN users u ON u.id = s.user_id WHERE u.name = 'ed'")[0].n, n - 1);
  // The old cookie, replayed, is nobody.
  const again = await request(P.base, '/admin', { headers: { cookie } });
  assert.equal(again.status, 303);
  assert.equal(again.headers.location, '/admin/login');
  // The other sessions of the same editor go on.
  assert.equal((await ed.get('/admin')).status, 200);
});

test('a disabled editor: sessions end at once, and the right password no longer logs in', async () => {
  addUser(P.dbPath, 'dora', PW.dora);
  const c1 = new Client(P.base, { localAddress: addr() });
  const c2 = new Client(P.base, { localAddress: addr() });
  await c1.login('dora', PW.dora);
  await c2.login('dora', PW.dora);
  const r = userCmd(['disable', 'dora', '--db', P.dbPath]);
  assert.equal(r.status, 0, r.stderr);
  for (const c of [c1, c2]) {
    const g = await c.get('/admin');
    assert.equal(g.status, 303);
    assert.equal(g.headers.location, '/admin/login');
    const p = await c.post('/admin/articles/new', articleFields({ headline: 'x', section: 'europe', intro: 'y', action: 'save' }));
    assert.equal(p.status, 403);
  }
  assert.equal(rowsWithSessions(P.dbPath, "SELECT count(*) AS n FROM sf.sessions s JOIN users u ON u.id = s.user_id AND s.epoch = u.session_epoch WHERE u.name = 'dora'")[0].n, 0,
    'a session of the account as it was before');
  const again = await new Client(P.base, { localAddress: addr() }).loginAttempt('dora', PW.dora);
  assert.equal(again.status, 200);
  assert.match(again.body, /Wrong name or password\./, 'disabled looks like a wrong password');
  assert.match(userCmd(['list', '--db', P.dbPath]).stdout, /^dora\s+editor\s+disabled/m);
});

test('sessions: 2 h idle and 12 h in all by default (pinned clock, session times moved back)', async () => {
  addUser(P.dbPath, 'sam', PW.idle);
  const sam = "(SELECT id FROM users WHERE name = 'sam')";
  const set = (sql) => require('../lib/stack.js').sqlite(P.dbPath, `ATTACH '${sessionsFile(P.dbPath)}' AS sf;\n${sql}`);
  const c = new Client(P.base, { localAddress: addr() });
  await c.login('sam', PW.idle);
  // Seen 1 h 59 min ago: still in, and seeing it now refreshes last_seen.
  set(`UPDATE sf.sessions SET last_seen_at = ${NOW_S - 7140} WHERE user_id = ${sam};`);
  assert.equal((await c.get('/admin')).status, 200);
  assert.deepEqual(rowsWithSessions(P.dbPath, `SELECT last_seen_at AS t FROM sf.sessions WHERE user_id = ${sam}`), [{ t: NOW_S }]);
  // Seen 2 h and 1 s ago: out.
  set(`UPDATE sf.sessions SET last_seen_at = ${NOW_S - 7201} WHERE user_id = ${sam};`);
  let r = await c.get('/admin');
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/admin/login');
  // Active just now, but made 12 h and 1 s ago: out.
  set(`DELETE FROM sf.sessions WHERE user_id = ${sam};`);
  await c.login('sam', PW.idle);
  set(`UPDATE sf.sessions SET created_at = ${NOW_S - 43201} WHERE user_id = ${sam};`);
  r = await c.get('/admin');
  assert.equal(r.status, 303);
  // Made 11 h 59 min ago: in.
  set(`DELETE FROM sf.sessions WHERE user_id = ${sam};`);
  await c.login('sam', PW.idle);
  set(`UPDATE sf.sessions SET created_at = ${NOW_S - 43140} WHERE user_id = ${sam};`);
  assert.equal((await c.get('/admin')).status, 200);
});

test('session_idle_seconds (config) and NEWSDESK_SESSION_MAX_SECONDS (environment) are obeyed', async () => {
  const set = (sql) => require('../lib/stack.js').sqlite(C.dbPath, `ATTACH '${sessionsFile(C.dbPath)}' AS sf;\n${sql}`);
  const c = new Client(C.base, { localAddress: addr() });
  const r = await c.loginAttempt('short', PW.idle);
  assert.equal(r.status, 303);
  assert.equal(sessionCookie(r.cookies).attrs['max-age'], '3600', 'the cookie lives as long as the session may');
  await c.get('/admin');
  set(`UPDATE sf.sessions SET last_seen_at = ${NOW_S - 590};`);
  assert.equal((await c.get('/admin')).status, 200, 'idle 590 s of 600');
  set(`UPDATE sf.sessions SET last_seen_at = ${NOW_S - 601};`);
  assert.equal((await c.get('/admin')).status, 303, 'idle 601 s of 600');
  set('DELETE FROM sf.sessions;');
  await c.login('short', PW.idle);
  set(`UPDATE sf.sessions SET created_at = ${NOW_S - 3590};`);
  assert.equal((await c.get('/admin')).status, 200, '3590 s of 3600');
  set(`UPDATE sf.sessions SET created_at = ${NOW_S - 3601};`);
  assert.equal((await c.get('/admin')).status, 303, '3601 s of 3600');
});

// ---- roles ----

test('a reporter gets 403 on /admin/sections and /admin/promos; an editor and an admin get the pages', async () => {
  const rep = new Client(P.base, { localAddress: '127.0.0.5' });
  await rep.login('rep', PW.bob);
  for (const p of ['/admin/sections', '/admin/promos']) {
    const r = await rep.get(p);
    assert.equal(r.status, 403, `reporter GET ${p}`);
    for (const c of [ed, ann]) {
      const a = await c.get(p);
      assert.equal(a.status, 200, `GET ${p}`);
      assert.equal(csrfOf(a.body), c.csrf);
    }
  }
  const before = dump(P.dbPath);
  let r = await rep.post('/admin/sections', [['section_name', 'Sport'], ['section_slug', 'sport'],
    ['section_position', '7'], ['action', 'add']]);
  assert.equal(r.status, 403);
  r = await rep.post('/admin/promos', [['promos', '/news/europe/why-royal-ballet-principal-sergei-polunin-quit']]);
  assert.equal(r.status, 403);
  assert.equal(dump(P.dbPath), before);
  const bar = (await rep.get('/admin')).body;
  assert.ok(!bar.includes('href="/admin/sections"'), 'the reporter is not shown the Sections link');
  assert.ok((await ed.get('/admin')).body.includes('href="/admin/sections"'));
  assert.ok(!(await ed.get('/admin')).body.includes('href="/admin/users"'), 'only admins see Users');
  assert.ok((await ann.get('/admin')).body.includes('href="/admin/users"'));
});

// ---- CSRF ----

test('every admin page with a form carries the session\'s CSRF token', async () => {
  const pages = ['/admin', '/admin/articles/new', '/admin/articles/1', '/admin/articles/1/revisions'];
  for (const p of pages) {
    const r = await ed.get(p);
    assert.equal(r.status, 200, p);
    const tokens = [...r.body.matchAll(/<input type="hidden" name="csrf" value="([^"]*)">/g)].map((m) => m[1]);
    assert.ok(tokens.length >= 1, `${p} has a csrf field`);
    for (const t of tokens) assert.equal(t, ed.csrf, `${p}: one token per session`);
    const forms = (r.body.match(/<form method="post"/g) || []).length;
    const withToken = (r.body.match(/<form method="post"[^>]*>\s*<input type="hidden" name="csrf"/g) || []).length;
    assert.equal(withToken, forms, `${p}: every POST form starts with its csrf field`);
  }
  for (const p of ['/admin/sections', '/admin/promos']) {
    const r = await ann.get(p);
    const forms = (r.body.match(/<form method="post"/g) || []).length;
    const withToken = (r.body.match(/<form method="post"[^>]*>\s*<input type="hidden" name="csrf"/g) || []).length;
    assert.ok(forms >= 1);
    assert.equal(withToken, forms, p);
  }
});

// State-changing requests an attacker would like to forge: who sends it, where, and the fields
// (made afresh each time, so an article form holds the article's current revision).
async function targets() {
  const current = async () => formArticle((await ed.get('/admin/articles/1')).body);
  const revs = rows(P.dbPath, 'SELECT id FROM revisions WHERE article_id = 1 ORDER BY id');
  assert.ok(revs.length >= 2, 'the seed article has revisions to restore');
  return [
    { who: () => ed, path: '/admin/articles/1', fields: async () => articleFields({ ...(await current()), headline: 'Forged headline', action: 'publish' }) },
    { who: () => ed, path: '/admin/articles/1', fields: async () => articleFields({ ...(await current()), action: 'unpublish' }) },
    { who: () => ed, path: '/admin/articles/new', fields: async () => articleFields({ headline: 'Forged story', section: 'europe', intro: 'Forged.', blocks: [{ text: 'x' }], action: 'publish' }) },
    { who: () => ed, path: `/admin/articles/1/revisions/${revs[0].id}/restore`, fields: async () => [] },
    { who: () => ed, path: '/admin/logout', fields: async () => [] },
    { who: () => ann, path: '/admin/sections', fields: async () => [['section_name', 'Forged'], ['section_slug', 'forged'], ['section_position', '3'], ['action', 'add']] },
    { who: () => ann, path: '/admin/sections', fields: async () => [['section_name', 'Forged'], ['section_slug', 'forged-too'], ['section_position', '1'], ['action', 'update:1']] },
    { who: () => ann, path: '/admin/promos', fields: async () => [['promos', '']] },
  ];
}

const FORGERIES = [
  ['no csrf field', (c) => ({ csrf: false })],
  ['an empty csrf field', (c) => ({ csrf: '' })],
  ['a wrong csrf token', (c) => ({ csrf: 'A'.repeat(43) })],
  ['a token one character off', (c) => ({ csrf: c.csrf.slice(0, -1) + (c.csrf.endsWith('A') ? 'B' : 'A') })],
  ['another session\'s token', (c) => ({ csrf: (c === ed2 ? ed : ed2).csrf })],
  ['the session cookie as the token', (c) => ({ csrf: c.cookie.split('=')[1] })],
  ['a foreign Origin', () => ({ origin: 'http://evil.example' })],
  ['Origin null', () => ({ origin: 'null' })],
  ['an Origin on another port', (c) => ({ origin: c.base.replace(/:(\d+)$/, (m, p) => `:${Number(p) + 1}`) })],
  ['no Origin and no Referer', () => ({ origin: null })],
  ['no Origin and a foreign Referer', () => ({ origin: null, headers: { referer: 'http://evil.example/admin' } })],
  ['no Origin and a look-alike Referer', (c) => ({ origin: null, headers: { referer: `${c.base}.evil.example/admin` } })],
];

test('CSRF: every forgery of every change is 403, and the database stays the same', async () => {
  const list = await targets();
  for (const t of list) {
    const c = t.who();
    await c.get('/admin');  // fresh token in hand
    const fields = await t.fields();
    for (const [label, make] of FORGERIES) {
      const before = dump(P.dbPath);
      const r = await c.post(t.path, fields, make(c));
      assert.equal(r.status, 403, `POST ${t.path} with ${label}: ${r.status}`);
      assert.equal(r.cookies.length, 0, `POST ${t.path} with ${label}: no Set-Cookie`);
      assert.equal(dump(P.dbPath), before, `POST ${t.path} with ${label} changed the database`);
    }
  }
  assert.equal((await ed.get('/admin')).status, 200, 'the forged logouts did not log ed out');
  // The control: the same requests, sent properly, are taken.
  for (const t of list) {
    const c = t.who();
    if (t.path === '/admin/logout') continue;
    const r = await c.post(t.path, await t.fields());
    assert.equal(r.status, 303, `POST ${t.path} sent properly: ${r.status}\n${textOf(r.body).slice(0, 400)}`);
  }
  assert.match(P.log(), /403 POST \/admin\/articles\/1: missing or wrong CSRF token/);
  assert.match(P.log(), /403 POST \/admin\/articles\/1: cross-origin request/);
});

test('CSRF: a POST with a same-origin Referer and the right token is taken (the control)', async () => {
  const c = new Client(P.base, { localAddress: addr() });
  await c.login('ed', PW.ed);
  const r = await c.post('/admin/logout', [], { origin: null, headers: { referer: `${P.base}/admin` } });
  assert.equal(r.status, 303);
});

test('CSRF: a POST without a session is 403 (not a redirect), nothing changed', async () => {
  const before = dump(P.dbPath);
  for (const p of ['/admin/articles/new', '/admin/articles/1', '/admin/logout', '/admin/sections']) {
    const r = await request(P.base, p, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: P.base },
      body: `csrf=${ed.csrf}&headline=x&section=europe&intro=y&action=save`,
    });
    assert.equal(r.status, 403, `POST ${p} without a cookie`);
  }
  assert.equal(dump(P.dbPath), before);
});

test('CSRF: GET on a POST-only action is 403 and changes nothing', async () => {
  const rev = rows(P.dbPath, 'SELECT min(id) AS id FROM revisions WHERE article_id = 1')[0].id;
  const before = dump(P.dbPath);
  for (const p of ['/admin/logout', `/admin/articles/1/revisions/${rev}/restore`,
    `/admin/logout?csrf=${ed.csrf}`, `/admin/articles/1/revisions/${rev}/restore?csrf=${ed.csrf}`]) {
    const r = await ed.get(p);
    assert.equal(r.status, 403, `GET ${p}`);
  }
  assert.equal(dump(P.dbPath), before);
  assert.equal((await ed.get('/admin')).status, 200, 'still logged in');
});

test('CSRF: a form body in the query string does not count', async () => {
  const before = dump(P.dbPath);
  const r = await ed.post(`/admin/sections?csrf=${ann.csrf}&section_name=Q&section_slug=q&section_position=1&action=add`, [], { csrf: false });
  assert.equal(r.status, 403);
  const r2 = await ann.post(`/admin/sections?csrf=${ann.csrf}&section_name=Q&section_slug=q&section_position=1&action=add`, [], { csrf: false });
  assert.equal(r2.status, 403);
  assert.equal(dump(P.dbPath), before);
});
