'use strict';
// Writes wait for a write lock another process holds for a moment (an editor's save, the
// sqlite3 shell, `newsdesk user`): the request waits in SQLite's busy handler (up to about
// 4.5 s) and then succeeds, instead of failing, or silently dropping what it should record.
// Logins write to the sessions file beside the database: a lock there is what they wait for,
// and a lock on the database itself does not hold them up.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const ops = require('../lib/ops.js');
const { startStack, sqlite } = require('../lib/stack.js');
const { sessionsFile } = require('../lib/admin.js');

const PASSWORD = 'Correct-Horse-Battery-9';
let site;
before(async () => {
  site = await startStack({ threads: 3 });
  const r = ops.run(ops.BIN, ['user', 'add', 'lock-editor', '--db', site.dbPath], { input: `${PASSWORD}\n` });
  assert.equal(r.status, 0, r.stderr);
});
after(async () => { if (site) await site.stop(); });

// Runs fn while another process holds the write lock of file (the sessions file unless told)
// for `ms`; resolves fn's result.
async function whileLocked(ms, fn, file = sessionsFile(site.dbPath)) {
  const locker = ops.startProcess('sqlite3', ['-batch', file], { stdio: ['pipe', 'pipe', 'pipe'] });
  locker.child.stdin.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n");
  await ops.waitFor(() => locker.out.includes('locked'), 10000, 'sqlite3 to take the lock');
  const p = fn();
  p.catch(() => {});
  await ops.sleep(ms);
  locker.child.stdin.end('COMMIT;\n');
  await ops.waitExit(locker, 10000);
  return p;
}

const login = (name, password) => ops.request(site.base, '/admin/login', {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: site.base },
  body: `name=${encodeURIComponent(name)}&password=${encodeURIComponent(password)}`,
});

const count = (sql) => Number(sqlite(sessionsFile(site.dbPath), `${sql};\n`).trim());

test('a failed login for an unknown name waits for the lock, then is throttled and logged',
  { timeout: 60000 }, async () => {
    const before = count("SELECT count(*) FROM login_log WHERE name = 'no-such-editor'");
    const r = await whileLocked(1000, () => login('no-such-editor', 'wrong-password-1'));
    assert.equal(r.status, 200);
    assert.ok(r.elapsed >= 900, `it did not wait for the lock (${r.elapsed} ms)`);
    assert.equal(count("SELECT count(*) FROM login_log WHERE name = 'no-such-editor'"), before + 1);
    assert.equal(count("SELECT count(*) FROM login_throttle WHERE key = 'name:no-such-editor'"), 1);
  });

test('a failed login for an existing editor waits for the lock, then is throttled and logged',
  { timeout: 60000 },
  async () => {
    const before = count("SELECT count(*) FROM login_log WHERE name = 'lock-editor'");
    const r = await whileLocked(1000, () => login('lock-editor', 'wrong-password-2'));
    assert.equal(r.status, 200);
    assert.equal(count("SELECT count(*) FROM login_log WHERE name = 'lock-editor'"), before + 1,
      'the failed attempt is not in login_log');
    assert.equal(count("SELECT count(*) FROM login_throttle WHERE key = 'name:lock-editor'"), 1,
      'the failed attempt was not throttled');
    sqlite(sessionsFile(site.dbPath), "DELETE FROM login_throttle;\n");
  });

test('a successful login waits for the lock, then logs in (303)',
  { timeout: 60000 },
  async () => {
    sqlite(sessionsFile(site.dbPath), "DELETE FROM login_throttle;\n");
    const r = await whileLocked(1000, () => login('lock-editor', PASSWORD));
    assert.equal(r.status, 303, `login under a lock: ${r.status}\n${site.log().split('\n').slice(-3).join('\n')}`);
    assert.ok(r.elapsed >= 900, `it did not wait for the lock (${r.elapsed} ms)`);
  });

test('a login does not wait for a lock on the database itself: its writes go to the sessions file',
  { timeout: 60000 },
  async () => {
    sqlite(sessionsFile(site.dbPath), "DELETE FROM login_throttle;\n");
    const r = await whileLocked(1500, () => login('lock-editor', PASSWORD), site.dbPath);
    assert.equal(r.status, 303);
    assert.ok(r.elapsed < 1400, `the login waited for the database's lock (${r.elapsed} ms)`);
  });
