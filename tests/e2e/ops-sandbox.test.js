'use strict';
// The sandbox of `newsdesk serve` (src/app/sandbox.c): once started it says so in one line,
// naming the Landlock ABI (or why Landlock is off), every one of its threads runs under the
// seccomp filter with no_new_privs, and it still serves, reloads on SIGHUP and stops with exit 0
// (removing its socket), a reload included that reads a configuration replaced by rename with
// another time zone; --no-sandbox says the sandbox is off and leaves the threads unfiltered.
// That a forbidden call is refused is shown by tests/unit/test_sandbox.c.

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

const SANDBOX_ON = /^newsdesk: sandbox on: seccomp \((\d+) system calls allowed\)(?:, Landlock ABI (\d+)|; Landlock is unavailable \(([^)\n]*)\): file access is not limited)$/gm;

// serve with the configuration in a directory of its own, as /etc/newsdesk is.
async function serve(name, args = []) {
  const dir = ops.tmpDir(name);
  dirs.push(dir);
  const db = path.join(dir, 'newsdesk.db');
  const sock = path.join(dir, 'newsdesk.sock');
  const config = path.join(dir, 'etc', 'newsdesk.conf');
  fs.mkdirSync(path.dirname(config));
  fs.copyFileSync(ops.CONFIG, config);
  ops.initDb(db);
  const proc = await ops.startServe({ db, socket: sock, config, threads: 3, args,
    logFile: path.join(dir, 'newsdesk.log') });
  procs.push(proc);
  await ops.waitFor(() => /serving .* with 3 threads/.test(proc.out), 10000,
    () => `the start-up line:\n${proc.out}`);
  return { dir, db, sock, config, proc };
}

// Seccomp (0 none, 2 filter) and NoNewPrivs of every thread of pid, from /proc.
function threadStates(pid) {
  const taskDir = `/proc/${pid}/task`;
  return fs.readdirSync(taskDir).map((tid) => {
    const status = fs.readFileSync(path.join(taskDir, tid, 'status'), 'utf8');
    const field = (k) => (new RegExp(`^${k}:\\s*(\\d+)`, 'm').exec(status) || [])[1];
    return { tid, seccomp: field('Seccomp'), noNewPrivs: field('NoNewPrivs') };
  });
}

// The article through FastCGI; resolves the text from its "Page last updated" on.
async function servesAnArticle(sock, what) {
  const r = await ops.fcgiOpen(sock, ops.cgiParams(ops.ARTICLE)).reply;
  assert.equal(r.status, 200, `${what}: ${r.status} ${r.body.slice(0, 200)}`);
  const text = textOf(r.body);
  assert.match(text, /Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan/);
  const h = await ops.fcgiOpen(sock, ops.cgiParams('/healthz')).reply;
  assert.equal(h.status, 200, `${what}: /healthz ${h.body}`);
  const at = text.indexOf('Page last updated at');
  return at < 0 ? text.slice(0, 300) : text.slice(at, at + 70);
}

async function stopsCleanly(s, what) {
  await ops.stopProcess(s.proc);
  assert.equal(s.proc.forced, undefined, `${what}: newsdesk did not stop within 20 s of SIGTERM`);
  assert.equal(s.proc.code, 0, `${what}: newsdesk ended with ${s.proc.describe()}:\n${s.proc.out}`);
  assert.doesNotMatch(s.proc.out, ops.SANITIZER);
  assert.equal(fs.existsSync(s.sock), false, `${what}: the socket was not removed at exit`);
}

test('serve enters the sandbox: one line with the Landlock ABI, every thread filtered; it serves, reloads and stops', {
  timeout: 60000,
}, async (t) => {
  const s = await serve('sandbox');
  const lines = [...s.proc.out.matchAll(SANDBOX_ON)];
  assert.equal(lines.length, 1, `expected one "sandbox on" line:\n${s.proc.out}`);
  const [line, calls, abi, why] = lines[0];
  t.diagnostic(line);
  assert.ok(Number(calls) >= 40 && Number(calls) <= 120, `an odd number of allowed system calls: ${line}`);
  assert.ok(abi ? Number(abi) >= 1 : why.length > 0, line);
  assert.ok(s.proc.out.indexOf(line) < s.proc.out.indexOf('serving '),
    `the sandbox line should come before the threads serve:\n${s.proc.out}`);

  const threads = threadStates(s.proc.pid);
  assert.ok(threads.length >= 4, `expected the main thread and 3 workers, found ${threads.length}`);
  for (const th of threads) {
    assert.equal(th.seccomp, '2', `thread ${th.tid} runs without the seccomp filter (Seccomp: ${th.seccomp})`);
    assert.equal(th.noNewPrivs, '1', `thread ${th.tid} may gain privileges (NoNewPrivs: ${th.noNewPrivs})`);
  }

  assert.match(await servesAnArticle(s.sock, 'sandboxed'), /17:05 GMT, Thursday, 15 April 2010 18:05 UK/);
  // A reload after the configuration was replaced the way sed -i and editors do it (a new file
  // renamed over the old one) with another time zone: the new file and the zone's rules are
  // read under the sandbox.
  const conf = fs.readFileSync(s.config, 'utf8');
  assert.match(conf, /^timezone = Europe\/London$/m);
  fs.writeFileSync(`${s.config}.new`, conf.replace(/^timezone = .*$/m, 'timezone = America/New_York')
    .replace(/^zone_label = .*$/m, 'zone_label = New York'));
  fs.renameSync(`${s.config}.new`, s.config);
  s.proc.kill('SIGHUP');
  await ops.waitFor(() => /SIGHUP: reload/.test(s.proc.out), 10000, () => `the reload line:\n${s.proc.out}`);
  assert.match(s.proc.out, /SIGHUP: reloaded/, `the reload was refused:\n${s.proc.out}`);
  assert.match(await servesAnArticle(s.sock, 'sandboxed, after SIGHUP'), /17:05 GMT, Thursday, 15 April 2010 13:05 New York/);
  await stopsCleanly(s, 'sandboxed');
});

test('--no-sandbox: one line says the sandbox is off, and no thread is filtered', { timeout: 60000 }, async () => {
  const s = await serve('nosandbox', ['--no-sandbox']);
  assert.match(s.proc.out, /^newsdesk: sandbox off \(--no-sandbox\)/m);
  assert.doesNotMatch(s.proc.out, /sandbox on/);
  for (const th of threadStates(s.proc.pid)) assert.equal(th.seccomp, '0', `thread ${th.tid} is filtered`);
  await servesAnArticle(s.sock, 'unsandboxed');
  await stopsCleanly(s, 'unsandboxed');
});

test('serve --help documents --no-sandbox', () => {
  const r = ops.run(ops.BIN, ['serve', '--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /--no-sandbox/);
  assert.match(r.stdout, /seccomp/);
  assert.match(r.stdout, /Landlock/);
});
