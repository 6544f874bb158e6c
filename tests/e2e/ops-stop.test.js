'use strict';
// SIGTERM (systemctl stop, restart, upgrade) with requests in flight: newsdesk stops accepting,
// finishes every request it had accepted, each with its whole reply, and exits 0.
// Only requests newsdesk had accepted count: one that reaches it after the stop may get
// nginx's 502, but never a reply cut short.

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const ops = require('../lib/ops.js');

const cleanups = [];
after(async () => {
  for (const f of cleanups.reverse()) await f();
});

async function stack(name, threads) {
  const dir = ops.tmpDir(name);
  cleanups.push(() => ops.removeDir(dir));
  const db = path.join(dir, 'newsdesk.db');
  ops.initDb(db);
  const sock = path.join(dir, 'newsdesk.sock');
  const app = await ops.startServe({ db, socket: sock, threads, logFile: path.join(dir, 'newsdesk.log') });
  cleanups.push(() => ops.stopProcess(app, 5000));
  return { dir, db, sock, app };
}

async function expectCleanExit(app, what) {
  assert.ok(await ops.waitExit(app, 20000), `${what}: newsdesk did not exit within 20 s of SIGTERM:\n${app.out}`);
  assert.equal(app.code, 0, `${what}: newsdesk ended with ${app.describe()}:\n${app.out}`);
  assert.doesNotMatch(app.out, ops.SANITIZER);
  assert.match(app.out, /SIGTERM received/);
}

// Requests that are surely in flight: each worker thread has read part of a request when the
// SIGTERM comes, straight over FastCGI (no nginx in between to guess about).
test('SIGTERM: requests a worker is reading are finished with their whole reply, then exit 0',
  { timeout: 60000 }, async () => {
    const threads = 3;
    const { sock, app } = await stack('stop-fcgi', threads);
    const conns = [];
    for (let i = 0; i < threads; i++) {
      // BEGIN_REQUEST and the first bytes of the parameters only: the worker that accepted the
      // connection now waits for the rest.
      conns.push(ops.fcgiOpen(sock, ops.cgiParams(`${ops.ARTICLE}?n=${i}`), { first: 40 }));
    }
    await ops.waitFor(() => conns.every((c) => c.connected), 5000, 'the FastCGI connections');
    await ops.waitAccepted(sock, 300);  // every idle thread has taken one
    const t = Date.now();
    app.child.kill('SIGTERM');
    await ops.waitFor(() => /SIGTERM received/.test(app.out), 5000, 'the SIGTERM log line');
    await ops.sleep(300);
    assert.ok(!app.exited, `newsdesk exited with requests in flight:\n${app.out}`);
    for (const c of conns) c.send();
    const replies = await Promise.all(conns.map((c) => c.reply));
    replies.forEach((r, i) => {
      assert.equal(r.status, 200, `request ${i}: status ${r.status}\n${r.body.slice(0, 300)}`);
      assert.equal(Buffer.byteLength(r.body), Number(r.headers['content-length']), `request ${i}: body length`);
      assert.match(r.body, /<\/html>\s*$/, `request ${i}: not a whole page`);
      assert.ok(r.ended > t, 'the reply came before the SIGTERM');
    });
    await expectCleanExit(app, 'FastCGI in flight');
  });

// Through nginx: logins blocked on a write lock another process holds on the sessions file are
// in flight inside newsdesk (waiting in SQLite's busy handler) when the SIGTERM comes. Six
// threads check three passwords at a time: three logins all reach the lock.
test('SIGTERM: logins waiting for a database lock finish after the lock is released, then exit 0',
  { timeout: 60000 }, async () => {
    const threads = 6, logins = 3;
    const { dir, db, sock, app } = await stack('stop-lock', threads);
    const web = await ops.startNginx(sock, { runDir: path.join(dir, 'nginx') });
    cleanups.push(() => web.stop());

    const locker = ops.startProcess('sqlite3', ['-batch', `${db}-sessions`], { stdio: ['pipe', 'pipe', 'pipe'] });
    cleanups.push(() => ops.stopProcess(locker, 2000));
    locker.child.stdin.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n");
    await ops.waitFor(() => locker.out.includes('locked'), 10000, () => `sqlite3 to take the write lock: ${locker.out}`);

    const login = (i) => ops.request(web.base, '/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ops.BASE_URL },
      body: `name=nobody${i}&password=not-the-password-${i}`,
      timeout: 30000,
    });
    const pending = [];
    for (let i = 0; i < logins; i++) pending.push(login(i));
    let early = 0;
    pending.forEach((p) => p.then(() => { early++; }, () => { early++; }));
    await ops.waitAccepted(sock, 700);  // nginx has passed them on, and newsdesk taken them
    assert.equal(early, 0, 'a login finished while the database was locked: it was not waiting for the lock');

    const t = Date.now();
    app.child.kill('SIGTERM');
    await ops.waitFor(() => /SIGTERM received/.test(app.out), 5000, 'the SIGTERM log line');
    await ops.sleep(300);
    assert.ok(!app.exited, `newsdesk exited with requests in flight:\n${app.out}`);
    // newsdesk accepts nothing new: nginx answers 502 at once.
    const late = await ops.request(web.base, '/news/europe', { timeout: 10000 });
    assert.equal(late.status, 502, `a request after the stop: ${late.status}`);

    locker.child.stdin.end('COMMIT;\n');
    const replies = await Promise.all(pending);
    replies.forEach((r, i) => {
      assert.ok(r.status === 200 || r.status === 429, `login ${i}: status ${r.status}\n${r.body.slice(0, 300)}`);
      assert.ok(ops.wholePage(r), `login ${i}: not a whole page`);
      assert.match(r.body, /Wrong name or password|Too many failed attempts/, `login ${i}: not the login form's answer`);
      assert.ok(r.ended > t, `login ${i} ended before the SIGTERM`);
    });
    await expectCleanExit(app, 'logins in flight');
    assert.equal((app.out.match(/login name=nobody\d /g) || []).length, logins,
      `each login attempt is logged once:\n${app.out}`);
  });

// A steady stream of page requests (16 in flight), SIGTERM in the middle of it: every reply is
// a whole page or nginx's 502 (for requests newsdesk had not accepted when it stopped
// accepting); nothing cut short, nothing hung.
test('SIGTERM amid a stream of page requests: whole pages or 502s, nothing cut short',
  { timeout: 60000 }, async () => {
    const { dir, sock, app } = await stack('stop-stream', 2);
    const web = await ops.startNginx(sock, { runDir: path.join(dir, 'nginx') });
    cleanups.push(() => web.stop());
    const paths = [ops.ARTICLE, '/', '/news/asia-pacific', `${ops.ARTICLE}/print`, '/search?q=bakiyev+kazakhstan',
      '/feeds/atom.xml'];
    const load = ops.startLoad(web.base, paths, { concurrency: 16 });
    await ops.waitFor(() => load.results.length >= 50, 20000, 'the first 50 replies');
    const t = Date.now();
    app.child.kill('SIGTERM');
    await ops.waitExit(app, 20000);
    await ops.sleep(200);
    const results = await load.stop();
    const whole = (r) => r.status === 200 && r.complete && (r.path.endsWith('.xml') ? /<\/feed>\s*$/.test(r.body) : r.whole);
    const bad = results.filter((r) => !(r.status === 502 || whole(r)));
    assert.deepEqual(bad.map((r) => `${r.path}: ${r.status} ${r.error || 'not whole'}`), [],
      'replies other than whole pages and 502s');
    const ok = results.filter((r) => r.status === 200);
    const lateOk = ok.filter((r) => r.ended >= t).length;
    const lost = results.filter((r) => r.status === 502 && r.started < t).length;
    process.stderr.write(`# stream: ${ok.length} pages (${lateOk} ended after the SIGTERM), ` +
      `${results.length - ok.length} 502s (${lost} for requests sent before it)\n`);
    assert.ok(ok.length >= 50, 'too few pages were served');
    await expectCleanExit(app, 'stream');
  });

// systemd keeps the socket of newsdesk.socket open across `systemctl restart newsdesk` and
// upgrades: connections made while newsdesk is down wait in its queue for the next one. So a
// clean stop must leave that shared socket as it found it. A holder process plays systemd here:
// it keeps the listening socket, runs newsdesk on it (LISTEN_FDS), and when that one has
// exited, waits a second and runs the next.
const HOLDER = `
use strict; use Socket; use POSIX (); use Fcntl; $| = 1;
my ($path, @cmd) = @ARGV;
socket(my $s, PF_UNIX, SOCK_STREAM, 0) or die "socket: $!";
unlink $path;
bind($s, pack_sockaddr_un($path)) or die "bind: $!";
chmod 0666, $path;
listen($s, 128) or die "listen: $!";
fcntl($s, F_SETFD, 0) or die "fcntl: $!";
for my $round (1, 2) {
  my $pid = fork() // die "fork: $!";
  if ($pid == 0) {
    POSIX::dup2(fileno($s), 3) or die "dup2: $!" if fileno($s) != 3;
    $ENV{LISTEN_FDS} = '1'; $ENV{LISTEN_PID} = $$;
    exec { $cmd[0] } @cmd or die "exec: $!";
  }
  print STDERR "holder: round $round pid $pid\\n";
  waitpid($pid, 0);
  print STDERR "holder: round $round exit ", $? >> 8, " signal ", $? & 127, "\\n";
  sleep 1 if $round == 1;
}
`;

test('a clean stop leaves the socket systemd holds working for the next newsdesk (systemctl restart)', {
  timeout: 60000,
  skip: !ops.which('perl') && 'perl is not installed',
}, async () => {
  const dir = ops.tmpDir('stop-restart');
  cleanups.push(() => ops.removeDir(dir));
  const db = path.join(dir, 'newsdesk.db');
  ops.initDb(db);
  const sock = path.join(dir, 'newsdesk.sock');
  const holder = ops.startProcess('perl', ['-e', HOLDER, sock, ops.BIN, 'serve', '--db', db, '--threads', '2',
    '--templates', ops.TEMPLATES, '--config', ops.configWithBaseUrl(dir)], { logFile: path.join(dir, 'holder.log') });
  cleanups.push(async () => {
    for (const m of holder.out.matchAll(/round \d pid (\d+)/g)) { try { process.kill(Number(m[1]), 'SIGKILL'); } catch (e) { /* gone */ } }
    await ops.stopProcess(holder, 2000);
  });
  const pidOf = (round) => ops.waitFor(() => {
    const m = new RegExp(`round ${round} pid (\\d+)`).exec(holder.out);
    return m && Number(m[1]);
  }, 10000, () => `round ${round} to start:\n${holder.out}`);
  const health = () => ops.fcgiOpen(sock, ops.cgiParams('/healthz')).reply;

  const first = await pidOf(1);
  await ops.waitFor(() => /serving .* inherited socket/.test(holder.out), 10000, () => `the first newsdesk:\n${holder.out}`);
  assert.equal((await health()).status, 200);
  process.kill(first, 'SIGTERM');
  await ops.waitFor(() => /round 1 exit/.test(holder.out), 20000, () => `the first newsdesk to exit:\n${holder.out}`);
  assert.match(holder.out, /round 1 exit 0 signal 0/, holder.out);

  // Between the two: the request waits in the socket's queue for the next newsdesk.
  const queued = health();
  const second = await pidOf(2);
  const r = await queued;
  assert.equal(r.status, 200, 'the request made while newsdesk was down');
  assert.equal((await health()).status, 200, 'a request to the second newsdesk');
  process.kill(second, 'SIGTERM');
  assert.ok(await ops.waitExit(holder, 20000), `the second newsdesk did not stop:\n${holder.out}`);
  assert.match(holder.out, /round 2 exit 0 signal 0/, holder.out);
});
