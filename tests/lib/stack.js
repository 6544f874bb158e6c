'use strict';
// A real newsdesk + nginx on loopback for the end-to-end and browser tests, plus helpers:
// get() (fetch, no redirects), raw() (node:http, the path sent byte for byte), tidy(), run(),
// and HTML helpers (textOf, links, elementByClass).
// Node 18 compatible, no dependencies.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const http = require('node:http');
const https = require('node:https');
const { spawn, spawnSync } = require('node:child_process');

const SRC = process.env.NEWSDESK_SRC
  ? path.resolve(process.env.NEWSDESK_SRC)
  : path.resolve(__dirname, '..', '..');
const BIN = process.env.NEWSDESK_BIN
  ? path.resolve(process.env.NEWSDESK_BIN)
  : path.join(SRC, 'build', 'newsdesk');
const NGINX = process.env.NGINX || 'nginx';
const SANITIZER_MARKS = ['AddressSanitizer', 'LeakSanitizer', 'runtime error:'];

// Where test output (screenshots) goes: NEWSDESK_BUILD_DIR, else the binary's folder when
// NEWSDESK_BIN is given (ctest passes it), else build/ in the source tree.
function buildDir() {
  if (process.env.NEWSDESK_BUILD_DIR) return path.resolve(process.env.NEWSDESK_BUILD_DIR);
  if (process.env.NEWSDESK_BIN) return path.dirname(BIN);
  return path.join(SRC, 'build');
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Runs a program to completion: {status, signal, stdout, stderr, error}.
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30000, ...opts });
  return { status: r.status, signal: r.signal, stdout: r.stdout || '', stderr: r.stderr || '', error: r.error };
}

// Runs the newsdesk binary to completion.
function newsdesk(args, opts = {}) {
  return run(BIN, args, opts);
}

function mustRun(cmd, args, opts = {}) {
  const r = run(cmd, args, opts);
  if (r.error || r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (status ${r.status}, signal ${r.signal}` +
      `${r.error ? ', ' + r.error.message : ''}):\n${r.stdout}${r.stderr}`);
  }
  return r;
}

// Runs SQL on a database file with the sqlite3 command-line shell; returns its output.
function sqlite(dbPath, sql) {
  return mustRun('sqlite3', ['-batch', '-bail', dbPath], { input: sql }).stdout;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(sockPath) {
  return new Promise((resolve) => {
    const c = net.connect(sockPath);
    c.on('connect', () => { c.destroy(); resolve(true); });
    c.on('error', () => resolve(false));
  });
}

// A child process with its output collected and its exit remembered; opts.append keeps what
// logFile holds from an earlier start of the same server.
function startChild(cmd, args, opts, logFile) {
  const { append, ...spawnOpts } = opts;
  const child = spawn(cmd, args, { ...spawnOpts, stdio: ['ignore', 'pipe', 'pipe'] });
  const st = { child, out: '', exited: false, code: null, signal: null, error: null };
  const log = fs.createWriteStream(logFile, { flags: append ? 'a' : 'w' });
  const take = (chunk) => { st.out += chunk; log.write(chunk); };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  st.done = new Promise((resolve) => {
    let pending = 3; // exit + both streams closed, so all output is in
    const step = () => { if (--pending === 0) { log.end(); resolve(); } };
    child.on('error', (e) => { st.error = e; st.exited = true; pending = 1; step(); });
    child.on('exit', (code, signal) => { st.exited = true; st.code = code; st.signal = signal; step(); });
    child.stdout.on('close', step);
    child.stderr.on('close', step);
  });
  return st;
}

async function waitExit(st, ms) {
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(false), ms); });
  const ok = await Promise.race([st.done.then(() => true), timeout]);
  clearTimeout(timer);
  return ok;
}

function describeExit(st) {
  if (st.error) return `could not start: ${st.error.message}`;
  return st.signal ? `killed by ${st.signal}` : `exit status ${st.code}`;
}

// One HTTP request with node:http (node:https for an https base), the path sent exactly as
// given. For https, opts.ca is the certificate to trust (the stack's own); without it the
// server's certificate is not checked. Resolves {status, headers, body}; never follows
// redirects.
function raw(base, reqPath, opts = {}) {
  const u = new URL(base);
  const tls = u.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (tls ? https : http).request({
      host: u.hostname,
      port: u.port,
      method: opts.method || 'GET',
      path: reqPath,
      headers: { connection: 'close', ...(opts.headers || {}) },
      agent: false,
      insecureHTTPParser: true,
      ...(tls ? { ca: opts.ca, rejectUnauthorized: Boolean(opts.ca) } : {}),
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.setTimeout(opts.timeout || 15000, () => req.destroy(new Error(`timeout: ${reqPath.slice(0, 100)}`)));
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

// A fetch() GET that does not follow redirects. Resolves {status, headers, body, url};
// headers is a Headers object (headers.get('content-type')).
async function get(base, reqPath, opts = {}) {
  const url = /^https?:/.test(reqPath) ? reqPath : base + reqPath;
  const res = await fetch(url, { redirect: 'manual', ...opts });
  const body = await res.text();
  return { status: res.status, headers: res.headers, body, url };
}

// Does this config file set base_url itself (a line "base_url = something")?
function configSetsBaseUrl(file) {
  try {
    return /^[ \t]*base_url[ \t]*=[ \t]*\S/m.test(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return false;
  }
}

// A self-signed certificate for 127.0.0.1 (P-256, one day) in dir: {cert, key, ca (the PEM)}.
function selfSignedCert(dir) {
  const cert = path.join(dir, 'tls.crt');
  const key = path.join(dir, 'tls.key');
  mustRun('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', key, '-out', cert]);
  return { cert, key, ca: fs.readFileSync(cert, 'utf8') };
}

// startStack({demo, now, db, sql, beforeServe, config, templates, threads, baseUrl, tls}):
//   demo (default true)   init the fresh database with --demo
//   db                    use a copy of this database file instead of a fresh one
//   sql                   SQL run with the sqlite3 shell on the database before serve
//   beforeServe(dbPath)   called (may be async) before serve, after sql
//   now                   NEWSDESK_NOW for the server, e.g. '2010-04-17T08:30:00Z'
//   baseUrl               NEWSDESK_BASE_URL for the server; by default the address the stack
//                         serves (its base), unless the config file sets base_url itself;
//                         null: none (the config or the environment decide)
//   tls                   also serve https, as the shipped site does (scripts/nginx-conf with
//                         a TLS port and a self-signed certificate made now): base is then the
//                         https address (and the default base_url), httpBase the plain http
//                         one (its port, port, answers /healthz and redirects the rest), ca
//                         the certificate to trust; raw() trusts it; get() is for http only
//   bin                   the newsdesk to init and serve with (default BIN)
// Resolves {base, port, dir, dbPath, socket, pid (serve's), get(path, opts), raw(path, opts),
// log(), stop()}.
async function startStack(options = {}) {
  const o = { demo: true, threads: 2, bin: BIN, ...options };
  if (!fs.existsSync(o.bin)) {
    throw new Error(`newsdesk binary not found at ${o.bin}: build it first ` +
      '(cmake -S . -B build && cmake --build build) or set NEWSDESK_BIN');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-'));
  // Started as root, nginx workers run as nobody: they must reach the socket and the files.
  fs.chmodSync(dir, 0o755);
  const dbPath = path.join(dir, 'newsdesk.db');
  const sock = path.join(dir, 'newsdesk.sock');
  const runDir = path.join(dir, 'nginx');
  const config = o.config || path.join(SRC, 'deploy', 'newsdesk.conf');
  const env = { ...process.env };
  delete env.NEWSDESK_NOW;
  if (o.now) env.NEWSDESK_NOW = o.now;

  if (o.db) {
    fs.copyFileSync(o.db, dbPath);
  } else {
    mustRun(o.bin, ['init', '--db', dbPath, ...(o.demo ? ['--demo'] : [])], { env });
  }
  if (o.sql) sqlite(dbPath, o.sql);
  if (o.beforeServe) await o.beforeServe(dbPath);

  const serveArgs = ['serve', '--db', dbPath, '--socket', sock, '--socket-mode', '0666',
    '--threads', String(o.threads),
    '--templates', o.templates || path.join(SRC, 'templates'),
    '--config', config];
  let app = null;
  let web = null;
  let base = null;
  let port = null;
  let tlsPort = null;
  const cert = o.tls ? selfSignedCert(dir) : null;

  const stopAll = async () => {
    for (const st of [web, app]) {
      if (st && !st.exited) { try { st.child.kill('SIGTERM'); } catch (e) { /* gone */ } }
    }
    const problems = [];
    for (const [name, st] of [['nginx', web], ['newsdesk', app]]) {
      if (!st) continue;
      if (!(await waitExit(st, 20000))) {
        try { st.child.kill('SIGKILL'); } catch (e) { /* gone */ }
        await waitExit(st, 5000);
        problems.push(`${name} did not stop within 20 s of SIGTERM`);
      }
    }
    return problems;
  };

  const fail = async (msg) => {
    await stopAll();
    const nginxErr = fs.existsSync(path.join(runDir, 'error.log'))
      ? fs.readFileSync(path.join(runDir, 'error.log'), 'utf8') : '';
    throw new Error(`${msg}\n--- newsdesk ${serveArgs.join(' ')} (${app ? describeExit(app) : 'not started'}):\n${app ? app.out : ''}` +
      (web ? `\n--- nginx (${web.exited ? describeExit(web) : 'running'}):\n${web.out}${nginxErr}` : ''));
  };

  // The port comes first: newsdesk's base_url is the address nginx will serve. Another process
  // may take the port between the check and nginx's bind (nginx then gives up after about
  // 2.5 s): then both start again on another port, a few times.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    if (cert) {
      do tlsPort = await freePort(); while (tlsPort === port);
      base = `https://127.0.0.1:${tlsPort}`;
    }
    const appEnv = { ...env };
    const baseUrl = o.baseUrl !== undefined ? o.baseUrl : configSetsBaseUrl(config) ? null : base;
    if (baseUrl !== null) appEnv.NEWSDESK_BASE_URL = baseUrl;
    app = startChild(o.bin, serveArgs, { env: appEnv, cwd: dir }, path.join(dir, 'newsdesk.log'));

    // Wait for newsdesk to listen.
    const t0 = Date.now();
    for (;;) {
      if (app.exited) return fail(`newsdesk serve stopped at start-up (${describeExit(app)})`);
      if (fs.existsSync(sock) && (await canConnect(sock))) break;
      if (Date.now() - t0 > 20000) return fail('newsdesk serve did not listen on its socket within 20 s');
      await sleep(50);
    }

    let confText;
    try {
      confText = mustRun(path.join(SRC, 'scripts', 'nginx-conf'),
        [String(port), sock, path.join(SRC, 'public'), runDir,
          ...(cert ? [String(tlsPort), cert.cert, cert.key] : [])]).stdout;
    } catch (e) {
      return fail(e.message);
    }
    const conf = path.join(runDir, 'nginx.conf');
    fs.writeFileSync(conf, confText);
    web = startChild(NGINX, ['-p', runDir, '-c', conf, '-e', path.join(runDir, 'error.log')],
      { cwd: dir }, path.join(dir, 'nginx.log'));
    const t1 = Date.now();
    let up = false;
    while (!web.exited && Date.now() - t1 < 20000) {
      try {
        const r = await raw(base, '/', { timeout: 5000 });
        if (r.status !== 502 && r.status !== 504) { up = true; break; }
      } catch (e) { /* not listening yet */ }
      await sleep(50);
    }
    if (up) break;
    if (web.exited && attempt < 4) {
      web = null;
      const problems = await stopAll();  // newsdesk, to start again with the next port's base_url
      if (problems.length || app.code !== 0) return fail(`newsdesk did not stop cleanly before a retry: ${problems.join('; ')}`);
      continue;
    }
    return fail(web.exited ? `nginx stopped at start-up (${describeExit(web)})`
      : 'the site did not answer GET / with other than 502/504 within 20 s');
  }

  let stopped = false;
  return {
    base,
    port,
    dir,
    dbPath,
    socket: sock,
    pid: app.child.pid,
    ...(cert ? { httpBase: `http://127.0.0.1:${port}`, tlsPort, ca: cert.ca, runDir } : {}),
    get: (p, opts) => get(base, p, opts),
    raw: (p, opts) => raw(base, p, { ca: cert ? cert.ca : undefined, ...opts }),
    log: () => app.out,
    alive: () => !app.exited,
    // Stops nginx and newsdesk with SIGTERM; throws when newsdesk did not exit 0 or its
    // output shows a sanitizer report.
    async stop() {
      if (stopped) return;
      stopped = true;
      const problems = await stopAll();
      if (app.error || app.signal || app.code !== 0) {
        problems.push(`newsdesk serve ended with ${describeExit(app)} after SIGTERM (expected exit status 0)`);
      }
      const marks = SANITIZER_MARKS.filter((m) => app.out.includes(m));
      if (marks.length) problems.push(`newsdesk output has sanitizer reports: ${marks.join(', ')}`);
      if (problems.length) {
        const msg = `${problems.join('\n')}\n--- newsdesk output:\n${app.out}`;
        process.stderr.write(msg + '\n');
        throw new Error(msg);
      }
      if (!process.env.NEWSDESK_KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Checks HTML with tidy -q -e: {ok, status, errors, warnings, messages}. ok means no errors
// (tidy exits 1 on warnings, 2 on errors).
function tidy(html) {
  const r = spawnSync('tidy', ['-q', '-e', '--show-warnings', 'yes', '--gnu-emacs', 'no'],
    { input: html, encoding: 'utf8', timeout: 30000 });
  if (r.error) throw new Error(`tidy could not run: ${r.error.message}`);
  const messages = (r.stderr || '').split('\n').filter((l) => l.trim() !== '');
  return {
    ok: r.status !== null && r.status < 2,
    status: r.status,
    errors: messages.filter((l) => /\bError:/.test(l)),
    warnings: messages.filter((l) => /\bWarning:/.test(l)),
    messages,
  };
}

// Throws unless tidy finds no errors; the message lists tidy's errors and warnings.
function assertTidy(html, label = 'page') {
  const t = tidy(html);
  if (!t.ok) {
    throw new Error(`tidy reports errors in ${label} (tidy exit ${t.status}):\n${t.messages.join('\n')}`);
  }
  return t;
}
// HTML helpers: the text of markup, its links, one element's inner HTML.

function decodeEntities(s) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    }
    return Object.prototype.hasOwnProperty.call(named, e.toLowerCase()) ? named[e.toLowerCase()] : m;
  });
}

// The text of some HTML: scripts, styles and the head dropped, tags become spaces, entities
// decoded, whitespace collapsed.
function textOf(html) {
  return decodeEntities(html
    .replace(/<head[\s\S]*?<\/head>/gi, ' ')
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

// Every <a href> in document order: [{href, text, tag}] with href entity-decoded.
function links(html) {
  const out = [];
  const re = /<a\b([^>]*)>([\s\S]*?)<\/a>/gi;
  let m;
  while ((m = re.exec(html))) {
    const h = /\bhref\s*=\s*("([^"]*)"|'([^']*)')/i.exec(m[1]);
    if (!h) continue;
    out.push({ href: decodeEntities(h[2] !== undefined ? h[2] : h[3]), text: textOf(m[2]), tag: m[0] });
  }
  return out;
}

// The path (and query) of an href, whether it is relative or absolute.
function hrefPath(href) {
  try {
    const u = new URL(href, 'http://localhost');
    return u.pathname + u.search;
  } catch (e) {
    return href;
  }
}

// Inner HTML of the first element whose class list has `cls` (no nesting of the same tag).
function elementByClass(html, cls) {
  const re = new RegExp(`<([a-z][a-z0-9]*)\\b[^>]*\\bclass\\s*=\\s*"(?:[^"]*\\s)?${cls}(?:\\s[^"]*)?"[^>]*>`, 'i');
  const m = re.exec(html);
  if (!m) return null;
  const start = m.index + m[0].length;
  const end = html.toLowerCase().indexOf(`</${m[1].toLowerCase()}>`, start);
  return end < 0 ? null : html.slice(start, end);
}

function count(haystack, needle) {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}


module.exports = {
  startChild,
  SRC, BIN, buildDir, startStack, get, raw, tidy, assertTidy, run, newsdesk, sqlite, sleep,
  mustRun, waitExit, describeExit, canConnect, freePort,
  decodeEntities, textOf, links, hrefPath, elementByClass, count,
};
