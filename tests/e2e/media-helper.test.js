'use strict';
// Where newsdesk finds newsdesk-media, the program its media jobs run (it alone links libvips):
// beside itself, else in ../libexec/newsdesk/ as cmake --install and the package put it. Without
// it, serve does not start and init --demo does not make the demo's photos, each with one line
// that names the helper; with it in libexec, serve starts and an upload works. serve opens the
// helper once, at start, and its jobs run that file: should an upgrade rename another over it,
// or someone delete it, uploads go on as before. The worker and the helper hold /dev/null as
// standard input and output (under spawn-fcgi fd 0 is the server's listening socket), and the
// helper gets no descriptor but its input and answer and no environment but TMPDIR and the
// sanitizers'. Its answer is checked, not taken on its word: a stand-in helper
// (tests/fixtures/fake_media_helper.c) that answers wrongly in one way each is refused every
// time; one that answers in time may take a moment more to exit, one that never exits is killed.
// Should the media worker itself end, serve stops with status 1 and says why, for systemd to
// start it again, even when started with SIGCHLD ignored (as init --demo then still stores every
// photo).

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const ops = require('../lib/ops.js');
const { startStack, textOf } = require('../lib/stack.js');
const { addUser, Client, rows } = require('../lib/admin.js');
const { upload, tool } = require('../lib/media.js');

const HELPER = path.join(path.dirname(ops.BIN), 'newsdesk-media');
const FAKE = path.join(process.env.NEWSDESK_BUILD_DIR || path.dirname(ops.BIN), 'tests', 'fake-newsdesk-media');
const PW = 'a long enough password 1';
const dirs = [];
const procs = [];
const stacks = [];
after(async () => {
  for (const s of stacks) await s.stop();
  for (const p of procs) await ops.stopProcess(p, 5000);
  for (const d of dirs) ops.removeDir(d);
});

// A copy of newsdesk in dir/bin, and (withHelper) of newsdesk-media in dir/libexec/newsdesk.
function installed(name, withHelper) {
  const dir = ops.tmpDir(name);
  dirs.push(dir);
  const bin = path.join(dir, 'bin', 'newsdesk');
  fs.mkdirSync(path.dirname(bin));
  fs.copyFileSync(ops.BIN, bin);
  fs.chmodSync(bin, 0o755);
  if (withHelper) {
    const helper = path.join(dir, 'libexec', 'newsdesk', 'newsdesk-media');
    fs.mkdirSync(path.dirname(helper), { recursive: true });
    fs.copyFileSync(HELPER, helper);
    fs.chmodSync(helper, 0o755);
  }
  const db = path.join(dir, 'newsdesk.db');
  ops.initDb(db, { demo: false });
  return { dir, bin, db, sock: path.join(dir, 'newsdesk.sock') };
}

test('without newsdesk-media, serve stops at start with one line naming it', { timeout: 30000 }, async () => {
  const { dir, bin, db } = installed('nohelper', false);
  const config = ops.configWithBaseUrl(dir);
  const proc = ops.startProcess(bin, ['serve', '--db', db, '--socket', path.join(dir, 's.sock'),
    '--templates', ops.TEMPLATES, '--config', config]);
  procs.push(proc);
  assert.ok(await ops.waitExit(proc, 20000), 'serve without its helper did not end');
  assert.notEqual(proc.code, 0, `expected a refusal:\n${proc.out}`);
  assert.equal(proc.out.trim().split('\n').length, 1, `expected one line:\n${proc.out}`);
  assert.match(proc.out, /newsdesk-media/);
  assert.match(proc.out, new RegExp(`${path.join(dir, 'bin')}.*libexec/newsdesk`));
  assert.doesNotMatch(proc.out, ops.SANITIZER);
});

test('without newsdesk-media, init --demo fails and says why', () => {
  const { dir, bin } = installed('nohelper-demo', false);
  const r = ops.run(bin, ['init', '--db', path.join(dir, 'demo.db'), '--demo']);
  assert.notEqual(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /image helper newsdesk-media is in neither/);
  assert.doesNotMatch(r.stderr, ops.SANITIZER);
});

// serve (bin) behind nginx with an editor, ed, logged in and on the library's page.
async function stackWithEditor(bin) {
  const S = await startStack({ bin, demo: false, beforeServe: (db) => addUser(db, 'ed', PW, 'editor') });
  stacks.push(S);
  const ed = new Client(S.base);
  await ed.login('ed', PW);
  await ed.get('/admin/media');
  return { S, ed };
}

// A new 320 x 200 JPEG, made with ImageMagick in dir: {name, data}.
function picture(dir, name) {
  tool('convert', ['-size', '320x200', 'plasma:', path.join(dir, name)]);
  return { name, data: fs.readFileSync(path.join(dir, name)) };
}

// Uploads file as ed; asserts it is stored with its renditions, returns its folder's files.
async function uploads(S, ed, file, what) {
  const r = await upload(ed, file, { alt: 'A picture' });
  assert.equal(r.status, 303, `${what}: ${r.status} ${textOf(r.body).slice(0, 300)}`);
  const [img] = rows(S.dbPath, `SELECT hash FROM images WHERE id = ${/\/admin\/media\/(\d+)/.exec(r.headers.location)[1]}`);
  const files = fs.readdirSync(path.join(S.dir, 'photos', img.hash));
  assert.ok(files.includes('320.webp') && files.includes('320.avif') && files.includes('320.jpg'), `${what}: ${files}`);
  return files;
}

test('newsdesk-media in ../libexec/newsdesk: serve starts, an upload gets its renditions, serve stops cleanly', { timeout: 60000 }, async () => {
  const { dir, bin } = installed('libexec', true);
  const { S, ed } = await stackWithEditor(bin);
  await uploads(S, ed, picture(dir, 'p.jpg'), 'through libexec/newsdesk');
  await S.stop();  // throws unless newsdesk exits 0 with no sanitizer report
});

test('newsdesk-media replaced or deleted while serve runs: uploads still run the helper serve started with', { timeout: 60000 }, async () => {
  const { dir, bin } = installed('vanished', true);
  const helper = path.join(dir, 'libexec', 'newsdesk', 'newsdesk-media');
  const { S, ed } = await stackWithEditor(bin);
  // As dpkg upgrades: a new file renamed over the old one (here one that cannot run at all).
  fs.writeFileSync(`${helper}.new`, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  fs.renameSync(`${helper}.new`, helper);
  await uploads(S, ed, picture(dir, 'p1.jpg'), 'after the helper was replaced');
  fs.unlinkSync(helper);
  await uploads(S, ed, picture(dir, 'p2.jpg'), 'after the helper was deleted');
  assert.equal((await S.get('/healthz')).status, 200);
  assert.doesNotMatch(S.log(), ops.SANITIZER);
});

// The processes whose parent is pid, from /proc.
function childrenOf(pid) {
  return fs.readdirSync('/proc').filter((d) => /^[0-9]+$/.test(d)).filter((d) => {
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
    } catch (e) { return false; }
  }).map(Number);
}

test('the media worker killed: serve finishes and ends with status 1, saying why', { timeout: 30000 }, async () => {
  const { bin, db, sock } = installed('worker-killed', true);
  const proc = await ops.startServe({ bin, db, socket: sock, threads: 2 });
  procs.push(proc);
  const workers = childrenOf(proc.pid);
  assert.equal(workers.length, 1, `expected one child, the media worker: ${workers}`);
  process.kill(workers[0], 'SIGKILL');
  assert.ok(await ops.waitExit(proc, 20000), `serve went on without its media worker:\n${proc.out}`);
  assert.equal(proc.code, 1, `serve ended with ${proc.describe()}:\n${proc.out}`);
  assert.match(proc.out, new RegExp(`the media worker \\(pid ${workers[0]}\\) ended \\(signal 9\\); stopping`));
  assert.doesNotMatch(proc.out, ops.SANITIZER);
});

// bash's trap "" CHLD ignores SIGCHLD for the program it then execs (dash's does not): as a
// service manager or a shell script that set SIG_IGN would start newsdesk.
const CHLD_IGNORED = ['-c', 'trap "" CHLD; exec "$0" "$@"'];

test('started with SIGCHLD ignored: init --demo stores every photo, and serve still hears of its worker\'s end', { timeout: 120000 }, async () => {
  const probe = ops.run('bash', [...CHLD_IGNORED, 'grep', '^SigIgn:', '/proc/self/status']);
  assert.ok((BigInt(`0x${probe.stdout.split(/\s+/)[1]}`) >> 16n) & 1n, `SIGCHLD not ignored: ${probe.stdout}${probe.stderr}`);

  const dir = ops.tmpDir('chld-ignored');
  dirs.push(dir);
  const db = path.join(dir, 'demo.db');
  const r = ops.run('bash', [...CHLD_IGNORED, ops.BIN, 'init', '--db', db, '--demo'], { timeout: 110000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const photos = fs.readdirSync(path.join(ops.SRC, 'data', 'demo-photos')).filter((f) => f.endsWith('.jpg'));
  assert.equal(rows(db, 'SELECT count(*) AS n FROM images')[0].n, photos.length, r.stderr);
  assert.doesNotMatch(r.stderr, /refused|ECHILD|could not be processed/);
  assert.doesNotMatch(r.stderr, ops.SANITIZER);

  // serve's main thread learns of its worker's end from SIGCHLD, which must reach it
  const { bin, db: db2, sock } = installed('chld-serve', true);
  const proc = ops.startProcess('bash', [...CHLD_IGNORED, bin, 'serve', '--db', db2, '--socket', sock,
    '--socket-mode', '0666', '--threads', '2', '--templates', ops.TEMPLATES, '--config', ops.CONFIG],
  { env: ops.serveEnv() });
  procs.push(proc);
  await ops.waitListening(proc, sock);
  const workers = childrenOf(proc.pid);
  assert.equal(workers.length, 1, `expected one child, the media worker: ${workers}`);
  process.kill(workers[0], 'SIGKILL');
  assert.ok(await ops.waitExit(proc, 20000), `serve did not hear of its worker's end:\n${proc.out}`);
  assert.equal(proc.code, 1, `serve ended with ${proc.describe()}:\n${proc.out}`);
  assert.match(proc.out, /the media worker \(pid \d+\) ended \(signal 9\); stopping/);
});

// The descriptors of process pid: {number: what /proc shows it is}.
function fdsOf(pid) {
  const fds = {};
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try { fds[fd] = fs.readlinkSync(`/proc/${pid}/fd/${fd}`); } catch (e) { /* closed meanwhile */ }
  }
  return fds;
}

test('under spawn-fcgi (its listening socket as fd 0) the media worker holds /dev/null as stdin and stdout, and no other socket', {
  timeout: 30000, skip: !ops.which('spawn-fcgi') && 'spawn-fcgi is not installed',
}, async () => {
  const { dir, bin, db, sock } = installed('stdio', true);
  const proc = ops.startProcess('spawn-fcgi', ['-s', sock, '-M', '0666', '-n', '--', bin, 'serve', '--db', db,
    '--threads', '2', '--templates', ops.TEMPLATES, '--config', ops.configWithBaseUrl(dir)]);
  procs.push(proc);
  await ops.waitFor(() => /serving .* on an inherited socket \(fd 0\)/.test(proc.out), 20000,
    () => `serve's start-up line:\n${proc.out}`);
  const workers = childrenOf(proc.pid);
  assert.equal(workers.length, 1, `expected one child, the media worker: ${workers}`);
  const fds = fdsOf(workers[0]);
  assert.equal(fds[0], '/dev/null', `the worker's fd 0: ${JSON.stringify(fds)}`);
  assert.equal(fds[1], '/dev/null', `the worker's fd 1: ${JSON.stringify(fds)}`);
  // fd 2 is serve's stderr (a socket pair from node): besides it, the server's end alone
  const sockets = Object.entries(fds).filter(([fd, t]) => fd !== '2' && t.startsWith('socket:'));
  assert.equal(sockets.length, 1, `the worker's only socket is the server's end: ${JSON.stringify(fds)}`);
  assert.ok(Object.values(fds).some((t) => t.endsWith('/libexec/newsdesk/newsdesk-media')),
    `the worker keeps the helper open: ${JSON.stringify(fds)}`);
  await ops.stopProcess(proc);
  assert.equal(proc.code, 0, `serve ended with ${proc.describe()}:\n${proc.out}`);
  assert.doesNotMatch(proc.out, ops.SANITIZER);
});

// Each way the stand-in helper spoils its answer (the file "mode" beside it), and the reason the
// worker's log gives for refusing it.
const SPOILED = [
  ['status', /answered, then ended with status 3: its answer is refused/],
  ['nofiles', /a folder without the files it names, or with others/],
  ['extra', /a folder without the files it names, or with others/],
  ['link', /a folder without the files it names, or with others/],
  ['flag', /a flag not 0 or 1/],
  ['wide', /a size out of range/],
  ['widths', /widths that are not the picture's/],
  ['format', /an unknown format/],
  ['message', /an unterminated string/],
  ['dotfile', /a folder without the files it names, or with others/],
];

test('the helper\'s answer is checked, not taken on its word; the helper gets /dev/null, its two descriptors and TMPDIR only', { timeout: 120000 }, async (t) => {
  assert.ok(fs.existsSync(FAKE), `the stand-in helper ${FAKE} is not built (cmake --build: target fake-newsdesk-media)`);
  const { dir, bin } = installed('spoiled', false);
  const libexec = path.join(dir, 'libexec', 'newsdesk');
  fs.mkdirSync(libexec, { recursive: true });
  fs.copyFileSync(FAKE, path.join(libexec, 'newsdesk-media'));
  fs.chmodSync(path.join(libexec, 'newsdesk-media'), 0o755);
  const mode = (m) => fs.writeFileSync(path.join(libexec, 'mode'), m);
  const tmpdir = path.join(dir, 'tmp');
  fs.mkdirSync(tmpdir);
  const saved = { TMPDIR: process.env.TMPDIR, NEWSDESK_IMAGE_JOB_SECONDS: process.env.NEWSDESK_IMAGE_JOB_SECONDS };
  process.env.TMPDIR = tmpdir;  // serve's environment, the helper's TMPDIR
  process.env.NEWSDESK_IMAGE_JOB_SECONDS = '2';  // for the helpers that answer late or linger
  let S;
  let ed;
  try {
    ({ S, ed } = await stackWithEditor(bin));
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
  let n = 0;
  const bytes = () => ({ name: 'x.jpg', data: Buffer.from(`not a picture ${n++}`) });  // a new hash each
  const incoming = () => fs.readdirSync(path.join(S.dir, 'photos', '.incoming'));

  await t.test('a sound answer is taken; the helper had /dev/null, its two descriptors and TMPDIR only', async () => {
    mode('sound');
    const ok = await upload(ed, bytes(), { alt: 'Sound' });
    assert.equal(ok.status, 303, `a sound answer is taken: ${textOf(ok.body).slice(0, 300)}`);
    const report = fs.readFileSync(path.join(libexec, 'report'), 'utf8').trim().split('\n');
    const fds = report.filter((l) => l.startsWith('fd '));
    assert.match(report.join('\n'), /^fd 0 \/dev\/null$/m);
    assert.match(report.join('\n'), /^fd 1 \/dev\/null$/m);
    assert.equal(fds.length, 5, `0, 1, 2, the upload and the answer pipe:\n${fds.join('\n')}`);
    assert.ok(fds.some((l) => /\/\.incoming\/upload-\d+$/.test(l)), fds.join('\n'));
    assert.ok(fds.some((l) => / pipe:/.test(l)), fds.join('\n'));
    // fd 2 is serve's stderr (node's pipes are socket pairs): the others are no socket, and not the helper
    assert.ok(!fds.some((l) => /newsdesk-media/.test(l) || (/socket:/.test(l) && !l.startsWith('fd 2 '))),
      `no socket, not the helper itself:\n${fds.join('\n')}`);
    const env = report.filter((l) => l.startsWith('env ')).map((l) => l.slice(4));
    assert.ok(env.includes(`TMPDIR=${tmpdir}`), env.join('\n'));
    assert.deepEqual(env.filter((e) => !/^(TMPDIR|ASAN_OPTIONS|UBSAN_OPTIONS|LSAN_OPTIONS)=/.test(e)), []);
  });

  for (const [m, why] of SPOILED) {
    await t.test(m, async () => {
      mode(m);
      const before = fs.readdirSync(path.join(S.dir, 'photos')).sort();
      const logged = S.log().length;
      const r = await upload(ed, bytes(), { alt: m });
      assert.equal(r.status, 422, `${m}: ${r.status} ${textOf(r.body).slice(0, 300)}`);
      assert.match(textOf(r.body), /The picture could not be processed/);
      assert.deepEqual(fs.readdirSync(path.join(S.dir, 'photos')).sort(), before, `${m}: no new folder`);
      assert.deepEqual(incoming(), [], `${m}: the refused folder is removed`);
      assert.match(S.log().slice(logged), why);
    });
  }

  await t.test('a helper that answers in time may exit a little after the job\'s deadline', async () => {
    mode('late');
    const r = await upload(ed, bytes(), { alt: 'Late' });
    assert.equal(r.status, 303, `${r.status} ${textOf(r.body).slice(0, 300)}`);
    assert.deepEqual(incoming(), []);
  });

  await t.test('a helper that answers but does not exit is killed and its answer refused', async () => {
    mode('linger');
    const logged = S.log().length;
    const r = await upload(ed, bytes(), { alt: 'Lingers' });
    assert.equal(r.status, 422, `${r.status} ${textOf(r.body).slice(0, 300)}`);
    assert.match(S.log().slice(logged), /answered, then ended with signal 9: its answer is refused/);
    assert.deepEqual(incoming(), []);
    const helpers = childrenOf(S.pid).flatMap(childrenOf);
    assert.deepEqual(helpers, [], 'no job left behind, running or a zombie');
  });

  // The same bytes again, the folder made by a helper that made no AVIF: the row says so then,
  // as the folder does; a complete folder with AVIF is kept, and the row still says AVIF.
  await t.test('an image uploaded again: its row\'s avif says what its folder holds', async () => {
    const same = () => ({ name: 'x.jpg', data: Buffer.from('the same bytes each time') });
    mode('sound');
    const first = await upload(ed, same(), { alt: 'Same' });
    assert.equal(first.status, 303, textOf(first.body).slice(0, 300));
    const id = /\/admin\/media\/(\d+)/.exec(first.headers.location)[1];
    const row = () => rows(S.dbPath, `SELECT hash, avif FROM images WHERE id = ${id}`)[0];
    const folder = path.join(S.dir, 'photos', row().hash);
    assert.equal(row().avif, 1);

    fs.unlinkSync(path.join(folder, '300.webp'));  // partial: replaced by the next job's folder
    mode('noavif');
    const version = () => rows(S.dbPath, 'SELECT version FROM site_state')[0].version;
    const v0 = version();
    const again = await upload(ed, same(), { alt: 'Same again' });
    assert.match(again.headers.location || '', /\?done=known$/, textOf(again.body).slice(0, 300));
    assert.deepEqual(fs.readdirSync(folder).sort(), ['300.jpg', '300.webp', 'original.jpg']);
    assert.equal(row().avif, 0, 'the row no longer names AVIF files that are gone');
    assert.ok(version() > v0, 'cached pages naming them go');

    mode('sound');  // lacking AVIF, the folder is not complete for this answer: replaced
    await upload(ed, same(), { alt: 'Same, with AVIF' });
    assert.ok(fs.readdirSync(folder).includes('300.avif'));
    assert.equal(row().avif, 1);
    mode('noavif');  // complete for this answer, kept, AVIF and all
    await upload(ed, same(), { alt: 'Same, kept' });
    assert.ok(fs.readdirSync(folder).includes('300.avif'));
    assert.equal(row().avif, 1, 'the kept folder has AVIF');
    assert.deepEqual(incoming(), []);
  });
  assert.equal(rows(S.dbPath, 'SELECT count(*) AS n FROM images')[0].n, 3, 'only the sound ones are stored');
  assert.doesNotMatch(S.log(), ops.SANITIZER);
});

// newsdesk-media run by hand, as newsdesk-media IN ANSWER FOLDER MAX_PIXELS with the upload as
// fd 3 and the answer's descriptor as fd 4: {status, signal, stderr}.
function runHelper(args, answerFd, input) {
  const { spawnSync } = require('node:child_process');
  const inFd = fs.openSync(input, 'r');
  try {
    const r = spawnSync(HELPER, args, { stdio: ['ignore', 'ignore', 'pipe', inFd, answerFd], encoding: 'utf8' });
    return { status: r.status, signal: r.signal, stderr: r.stderr };
  } finally {
    fs.closeSync(inFd);
  }
}

test('newsdesk-media takes only digits for its numbers and an existing folder of a usable length, and fails when its answer cannot be written', () => {
  const dir = ops.tmpDir('helper-args');
  dirs.push(dir);
  const input = path.join(dir, 'in.jpg');
  fs.writeFileSync(input, 'not a picture');
  const out = fs.openSync(path.join(dir, 'answer'), 'w');
  try {
    const good = runHelper(['3', '4', dir, '1000000'], out, input);
    assert.equal(good.status, 0, `the worker's own arguments: ${good.stderr}`);
    const long = path.join(dir, 'x'.repeat(200), 'y'.repeat(200), 'z'.repeat(200));
    fs.mkdirSync(long, { recursive: true });
    for (const [args, what] of [
      [['-0', '4', dir, '1000000'], 'a sign'],
      [['3', '+4', dir, '1000000'], 'a plus sign'],
      [['3', '04', dir, '1000000'], 'a leading zero'],
      [['3', '4', dir, ' 1000000'], 'a space'],
      [['3', '4', path.join(dir, 'missing'), '1000000'], 'a folder that is not there'],
      [['3', '4', input, '1000000'], 'a file for a folder'],
      [['3', '4', long, '1000000'], 'a folder path too long for its files'],
    ]) {
      const r = runHelper(args, out, input);
      assert.equal(r.status, 2, `${what}: ${r.status} ${r.signal} ${r.stderr}`);
      assert.match(r.stderr, /run by newsdesk's media worker only/);
    }
  } finally {
    fs.closeSync(out);
  }
  const readOnly = fs.openSync(path.join(dir, 'answer'), 'r');
  try {
    const r = runHelper(['3', '4', dir, '1000000'], readOnly, input);
    assert.equal(r.status, 1, `an answer that cannot be written: ${r.status} ${r.signal} ${r.stderr}`);
  } finally {
    fs.closeSync(readOnly);
  }
});
