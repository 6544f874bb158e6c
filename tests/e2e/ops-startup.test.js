'use strict';
// Starting newsdesk the ways ops start it, without --socket: spawn-fcgi (the listening socket
// as fd 0), systemd socket activation (LISTEN_FDS=1, LISTEN_PID, the socket as fd 3), made by
// systemd-socket-activate and by hand; each serves a page through nginx and stops with exit 0.
// And the refusals when no socket was passed or it was meant for another process.

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const ops = require('../lib/ops.js');
const { textOf } = require('../lib/stack.js');

const dirs = [];
const procs = [];
after(async () => {
  for (const p of procs) await ops.stopProcess(p, 5000);
  for (const d of dirs) ops.removeDir(d);
});

function setup(name) {
  const dir = ops.tmpDir(name);
  dirs.push(dir);
  const db = path.join(dir, 'newsdesk.db');
  ops.initDb(db);
  return { dir, db, sock: path.join(dir, 'newsdesk.sock') };
}

// The config (with the base_url serve requires) lives beside the database.
function serveArgs(db) {
  const config = ops.configWithBaseUrl(path.dirname(db));
  return ['serve', '--db', db, '--threads', '2', '--templates', ops.TEMPLATES, '--config', config];
}

// nginx in front of sock; one article page through it; then both stopped, newsdesk by
// SIGTERM to pid (its own, whatever started it), which must exit 0.
async function servesThroughNginx(dir, sock, proc, what) {
  const web = await ops.startNginx(sock, { runDir: path.join(dir, 'nginx') });
  procs.push(web.proc);
  try {
    const r = await ops.waitFor(async () => {
      if (proc.exited) throw new Error(`${what}: newsdesk ended (${proc.describe()}):\n${proc.out}`);
      const x = await ops.request(web.base, ops.ARTICLE);
      return x.status === 502 ? null : x;  // socket activation starts newsdesk on demand
    }, 20000, `${what}: a reply other than 502`);
    assert.equal(r.status, 200, `${what}: ${r.status}\n${r.body.slice(0, 300)}\n${proc.out}`);
    assert.ok(ops.wholePage(r), `${what}: not a whole page`);
    assert.match(textOf(r.body), /Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan/);
    const health = await ops.request(web.base, '/healthz');
    assert.equal(health.status, 200, `${what}: /healthz ${health.body}`);
  } finally {
    await web.stop();
  }
  await ops.waitFor(() => /serving .* on an inherited socket/.test(proc.out), 5000,
    () => `${what}: the start-up line about the inherited socket:\n${proc.out}`);
  await ops.stopProcess(proc);
  assert.equal(proc.forced, undefined, `${what}: newsdesk did not stop within 20 s of SIGTERM`);
  assert.equal(proc.code, 0, `${what}: newsdesk ended with ${proc.describe()}:\n${proc.out}`);
  assert.doesNotMatch(proc.out, ops.SANITIZER);
}

test('spawn-fcgi hands newsdesk its socket as fd 0', {
  timeout: 60000, skip: !ops.which('spawn-fcgi') && 'spawn-fcgi is not installed',
}, async () => {
  const { dir, db, sock } = setup('spawnfcgi');
  // -n: no fork, spawn-fcgi execs newsdesk in its own place, so the pid is newsdesk's.
  const proc = ops.startProcess('spawn-fcgi', ['-s', sock, '-M', '0666', '-n', '--', ops.BIN, ...serveArgs(db)],
    { logFile: path.join(dir, 'newsdesk.log') });
  procs.push(proc);
  await ops.waitListening(proc, sock);
  await servesThroughNginx(dir, sock, proc, 'spawn-fcgi');
  assert.match(proc.out, /\(fd 0\)/, `newsdesk did not say it serves on fd 0:\n${proc.out}`);
});

test('systemd-socket-activate passes the socket as fd 3 (LISTEN_FDS)', {
  timeout: 60000, skip: !ops.which('systemd-socket-activate') && 'systemd-socket-activate is not installed (package systemd)',
}, async () => {
  const { dir, db, sock } = setup('sdactivate');
  // Like systemd itself: the socket exists first; newsdesk starts on the first connection,
  // exec'd in place of systemd-socket-activate.
  const proc = ops.startProcess('systemd-socket-activate', ['-l', sock, '--', ops.BIN, ...serveArgs(db)],
    { logFile: path.join(dir, 'newsdesk.log') });
  procs.push(proc);
  await ops.waitFor(() => fs.existsSync(sock), 10000, () => `the socket ${sock}:\n${proc.out}`);
  fs.chmodSync(sock, 0o666);
  await servesThroughNginx(dir, sock, proc, 'systemd-socket-activate');
  assert.match(proc.out, /\(fd 3\)/, `newsdesk did not say it serves on fd 3:\n${proc.out}`);
});

// The same protocol made by hand, as systemd does it: a listening socket at fd 3,
// LISTEN_FDS=1, LISTEN_PID = the pid that runs newsdesk (perl execs it in place).
const ACTIVATE = `
use strict; use Socket; use POSIX (); use Fcntl;
my ($path, $pidmode, @cmd) = @ARGV;
socket(my $s, PF_UNIX, SOCK_STREAM, 0) or die "socket: $!";
unlink $path;
bind($s, pack_sockaddr_un($path)) or die "bind: $!";
chmod 0666, $path;
listen($s, 128) or die "listen: $!";
if (fileno($s) != 3) { POSIX::dup2(fileno($s), 3) or die "dup2: $!"; }
else { fcntl($s, F_SETFD, 0) or die "fcntl: $!"; }   # perl opened it close-on-exec
$ENV{LISTEN_FDS} = '1';
$ENV{LISTEN_PID} = $pidmode eq 'self' ? $$ : 1;
$ENV{LISTEN_FDNAMES} = 'newsdesk.socket';
exec { $cmd[0] } @cmd or die "exec: $!";
`;

test('LISTEN_FDS and LISTEN_PID made by hand: newsdesk takes fd 3', {
  timeout: 60000, skip: !ops.which('perl') && 'perl is not installed',
}, async () => {
  const { dir, db, sock } = setup('listenfds');
  const proc = ops.startProcess('perl', ['-e', ACTIVATE, sock, 'self', ops.BIN, ...serveArgs(db)],
    { logFile: path.join(dir, 'newsdesk.log') });
  procs.push(proc);
  await ops.waitListening(proc, sock);
  await servesThroughNginx(dir, sock, proc, 'LISTEN_FDS by hand');
  assert.match(proc.out, /\(fd 3\)/, `newsdesk did not say it serves on fd 3:\n${proc.out}`);
});

test('LISTEN_FDS meant for another process is ignored, and without any socket serve is refused', {
  timeout: 30000, skip: !ops.which('perl') && 'perl is not installed',
}, async () => {
  const { dir, db, sock } = setup('listenpid');
  // LISTEN_PID=1: the socket is not newsdesk's; fd 0 is /dev/null, so there is nothing to serve on.
  let proc = ops.startProcess('perl', ['-e', ACTIVATE, sock, 'other', ops.BIN, ...serveArgs(db)]);
  assert.ok(await ops.waitExit(proc, 20000), 'serve with a LISTEN_PID for another process did not end');
  assert.notEqual(proc.code, 0, `expected a refusal:\n${proc.out}`);
  assert.match(proc.out, /LISTEN_FDS|listening socket/, `the refusal does not say what is missing:\n${proc.out}`);
  assert.doesNotMatch(proc.out, ops.SANITIZER);

  proc = ops.startProcess(ops.BIN, serveArgs(db));
  assert.ok(await ops.waitExit(proc, 20000), 'serve with no socket at all did not end');
  assert.notEqual(proc.code, 0, `expected a refusal:\n${proc.out}`);
  assert.match(proc.out, /--socket/, `the refusal does not mention --socket:\n${proc.out}`);
  assert.equal(proc.out.trim().split('\n').length, 1, `expected one line:\n${proc.out}`);
  void dir;
});
