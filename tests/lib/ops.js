'use strict';
// Helpers for the operations tests (tests/e2e/ops-*.test.js): newsdesk started any way ops
// start it (--socket, spawn-fcgi, systemd socket activation), a private nginx from
// deploy/nginx.conf in front of any socket, an HTTP client that checks a reply is complete,
// a steady load, a FastCGI client for talking to newsdesk without nginx, and a strict parser
// of the Prometheus text format.
// Node 18 compatible, no dependencies.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const http = require('node:http');
const zlib = require('node:zlib');
const { spawn, spawnSync } = require('node:child_process');
const { SRC, BIN, run, sleep, mustRun, waitExit, canConnect, freePort } = require('./stack.js');

const NGINX = process.env.NGINX || 'nginx';
const TEMPLATES = path.join(SRC, 'templates');
const CONFIG = path.join(SRC, 'deploy', 'newsdesk.conf');
const PUBLIC = path.join(SRC, 'public');
const ARTICLE = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
const SANITIZER = /AddressSanitizer|LeakSanitizer|runtime error:/;
// The site's public address in the ops tests (serve requires base_url): nginx on a loopback
// port stands in for the machine behind it, as TLS or a load balancer would be in front.
const BASE_URL = 'https://news.example.org';

// The schema version this newsdesk expects, from `newsdesk --version`.
let schemaVersion = null;
function schema() {
  if (schemaVersion === null) {
    const m = /schema version (\d+)/.exec(run(BIN, ['--version']).stdout);
    if (!m) throw new Error(`newsdesk --version does not give the schema version (${BIN})`);
    schemaVersion = Number(m[1]);
  }
  return schemaVersion;
}

// A fresh temporary directory that nginx's workers (nobody, when started as root) may enter.
function tmpDir(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `newsdesk-${name}-`));
  fs.chmodSync(dir, 0o755);
  return dir;
}

function removeDir(dir) {
  if (dir && !process.env.NEWSDESK_KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
}

function which(cmd) {
  for (const d of (process.env.PATH || '/usr/bin:/bin').split(':').concat(['/usr/sbin', '/sbin'])) {
    const p = path.join(d, cmd);
    try { fs.accessSync(p, fs.constants.X_OK); return p; } catch (e) { /* next */ }
  }
  return null;
}

// ---- processes ----

// A child process with its output collected (st.out), its exit remembered, and
// st.done resolving once it exited and both streams closed.
function startProcess(cmd, args, opts = {}) {
  const { logFile, ...spawnOpts } = opts;
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOpts });
  const st = { child, pid: child.pid, out: '', exited: false, code: null, signal: null, error: null };
  const log = logFile ? fs.createWriteStream(logFile) : null;
  const take = (chunk) => { st.out += chunk; if (log) log.write(chunk); };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  st.done = new Promise((resolve) => {
    let pending = 3;
    const step = () => { if (--pending === 0) { if (log) log.end(); resolve(); } };
    child.on('error', (e) => { st.error = e; st.exited = true; pending = 1; step(); });
    child.on('exit', (code, signal) => { st.exited = true; st.code = code; st.signal = signal; step(); });
    child.stdout.on('close', step);
    child.stderr.on('close', step);
  });
  st.kill = (sig = 'SIGTERM') => { if (!st.exited) { try { child.kill(sig); } catch (e) { /* gone */ } } };
  st.describe = () => (st.error ? `could not start: ${st.error.message}`
    : st.exited ? (st.signal ? `killed by ${st.signal}` : `exit status ${st.code}`) : 'running');
  return st;
}

// SIGTERM (then SIGKILL after ms); resolves the process state.
async function stopProcess(st, ms = 20000) {
  if (!st) return st;
  st.kill('SIGTERM');
  if (!(await waitExit(st, ms))) {
    st.kill('SIGKILL');
    await waitExit(st, 5000);
    st.forced = true;
  }
  return st;
}

// Polls fn (may be async) until it returns a truthy value; throws after ms with what().
async function waitFor(fn, ms, what) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await sleep(25);
  }
}

// Waits until st (a newsdesk process) accepts connections on sockPath, or fails with its output.
async function waitListening(st, sockPath, ms = 20000) {
  await waitFor(async () => {
    if (st.exited) throw new Error(`newsdesk stopped at start-up (${st.describe()}):\n${st.out}`);
    return fs.existsSync(sockPath) && canConnect(sockPath);
  }, ms, () => `newsdesk to listen on ${sockPath}; its output:\n${st.out}`);
}

// How many connections wait in the accept queue of the listening unix socket at sockPath
// (ss's Recv-Q), or null when ss (iproute2) is not there to tell.
function acceptQueue(sockPath) {
  if (!which('ss')) return null;
  const r = run('ss', ['-xlnH', 'src', sockPath]);
  const line = r.stdout.split('\n').find((l) => l.includes(sockPath));
  if (r.status !== 0 || !line) return null;
  const n = Number(line.trim().split(/\s+/)[2]);
  return Number.isInteger(n) ? n : null;
}

// Waits until newsdesk has accepted every connection made to sockPath (the accept queue is
// empty), at least minMs; without ss, just minMs plus a margin.
async function waitAccepted(sockPath, minMs = 300, ms = 10000) {
  const t0 = Date.now();
  await sleep(minMs);
  if (acceptQueue(sockPath) === null) { await sleep(500); return false; }
  await waitFor(() => acceptQueue(sockPath) === 0, ms - minMs, `every connection to ${sockPath} to be accepted`);
  return Date.now() - t0;
}

// newsdesk init with the binary bin (default NEWSDESK_BIN).
function initDb(dbPath, { demo = true, bin = BIN, env } = {}) {
  return mustRun(bin, ['init', '--db', dbPath, ...(demo ? ['--demo'] : [])], { env: env || process.env });
}

// The environment serve runs with in the ops tests: env (default this process's) with
// NEWSDESK_BASE_URL set to baseUrl (default BASE_URL; null: left as env has it).
function serveEnv(env, baseUrl) {
  const out = { ...(env || process.env) };
  const b = baseUrl === undefined ? BASE_URL : baseUrl;
  if (b !== null) out.NEWSDESK_BASE_URL = b;
  return out;
}

// The shipped config with base_url = BASE_URL added, written as dir/newsdesk.conf: for serve
// started by a launcher that passes it no environment of ours (systemd-socket-activate).
function configWithBaseUrl(dir) {
  const file = path.join(dir, 'newsdesk.conf');
  fs.writeFileSync(file, `${fs.readFileSync(CONFIG, 'utf8')}\nbase_url = ${BASE_URL}\n`);
  return file;
}

// newsdesk serve on its own socket. opts: db, socket, bin, threads, templates (null: none
// given), config, env, baseUrl (see serveEnv), args (more arguments), logFile. Resolves the
// process once it listens.
async function startServe(opts) {
  const args = ['serve', '--db', opts.db, '--socket', opts.socket, '--socket-mode', '0666',
    '--threads', String(opts.threads || 4)];
  if (opts.templates !== null) args.push('--templates', opts.templates || TEMPLATES);
  if (opts.config !== null) args.push('--config', opts.config || CONFIG);
  const st = startProcess(opts.bin || BIN, args.concat(opts.args || []),
    { env: serveEnv(opts.env, opts.baseUrl), cwd: opts.cwd, logFile: opts.logFile });
  st.args = args;
  await waitListening(st, opts.socket);
  return st;
}

// ---- a private nginx from deploy/nginx.conf ----

// The config scripts/nginx-conf makes for this socket and public directory.
function nginxConf(port, sock, publicDir, runDir) {
  return mustRun(path.join(SRC, 'scripts', 'nginx-conf'), [String(port), sock, publicDir, runDir]).stdout;
}

// The same config with the optional micro-cache of deploy/nginx.conf switched on the way
// its comments say (the "#cache# " prefixes removed), its cache kept inside runDir.
function withMicroCache(conf, runDir) {
  const out = conf.replace(/^([ \t]*)#cache# /gm, '$1')
    .split('/var/cache/nginx/newsdesk').join(path.join(runDir, 'cache'));
  if (out === conf) throw new Error('deploy/nginx.conf has no "#cache# " lines to switch on');
  return out;
}

// Starts nginx in front of sock; opts: publicDir, runDir, transform(conf, runDir).
// Resolves {base, port, runDir, proc, errorLog(), stop()}; waits until it answers.
async function startNginx(sock, opts = {}) {
  const runDir = opts.runDir;
  const publicDir = opts.publicDir || PUBLIC;
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    let conf = nginxConf(port, sock, publicDir, runDir);
    if (opts.transform) conf = opts.transform(conf, runDir);
    const confPath = path.join(runDir, 'nginx.conf');
    fs.writeFileSync(confPath, conf);
    const proc = startProcess(NGINX, ['-p', runDir, '-c', confPath, '-e', path.join(runDir, 'error.log')],
      { logFile: path.join(runDir, 'nginx.out') });
    const base = `http://127.0.0.1:${port}`;
    const t0 = Date.now();
    let up = false;
    while (!proc.exited && Date.now() - t0 < 20000) {
      if (await new Promise((resolve) => {
        const c = net.connect(port, '127.0.0.1');
        c.on('connect', () => { c.destroy(); resolve(true); });
        c.on('error', () => resolve(false));
      })) { up = true; break; }
      await sleep(25);
    }
    const errorLog = () => { try { return fs.readFileSync(path.join(runDir, 'error.log'), 'utf8'); } catch (e) { return ''; } };
    if (up) {
      return { base, port, runDir, proc, confPath, errorLog, stop: () => stopProcess(proc) };
    }
    await stopProcess(proc);
    if (attempt >= 4 || !proc.exited) {
      throw new Error(`nginx did not start (${proc.describe()}):\n${proc.out}\n${errorLog()}`);
    }
  }
}

// ---- HTTP ----

// One request with node:http. opts: method, headers, body, localAddress, timeout, gunzip.
// Resolves {status, headers, body (string), bytes (Buffer), complete, elapsed, started,
// ended}: complete means the body arrived whole (its length matches Content-Length when there is
// one; a chunked body ended with its last chunk). Rejects on a network error or a reply cut off.
function request(base, reqPath, opts = {}) {
  const u = new URL(base);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: u.hostname,
      port: u.port,
      method: opts.method || 'GET',
      path: reqPath,
      headers: { connection: 'close', ...(opts.headers || {}) },
      agent: false,
      localAddress: opts.localAddress,
    }, (res) => {
      const chunks = [];
      let aborted = false;
      res.on('aborted', () => { aborted = true; });
      res.on('data', (c) => chunks.push(c));
      res.on('error', (e) => reject(new Error(`${reqPath.slice(0, 80)}: reply cut off: ${e.message}`)));
      res.on('end', () => {
        let bytes = Buffer.concat(chunks);
        const cl = res.headers['content-length'];
        const complete = !aborted && res.complete && (cl === undefined || Number(cl) === bytes.length);
        if (opts.gunzip && res.headers['content-encoding'] === 'gzip') bytes = zlib.gunzipSync(bytes);
        resolve({
          status: res.statusCode, headers: res.headers, bytes, body: bytes.toString('utf8'),
          complete, started, ended: Date.now(), elapsed: Date.now() - started,
        });
      });
    });
    req.setTimeout(opts.timeout || 30000, () => req.destroy(new Error(`timeout: ${reqPath.slice(0, 80)}`)));
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

// A page is whole when its HTML ends with </html>.
function wholePage(r) {
  return r.complete && /<\/html>\s*$/i.test(r.body);
}

// Keeps `concurrency` requests in flight (paths taken in turn) until stop() is called; every
// result is recorded: {path, status, complete, whole, body, error, started, ended}.
function startLoad(base, paths, { concurrency = 8, check } = {}) {
  const results = [];
  let running = true;
  let n = 0;
  const loop = async () => {
    while (running) {
      const p = paths[n++ % paths.length];
      const t = Date.now();
      try {
        const r = await request(base, p, { timeout: 20000 });
        results.push({ path: p, status: r.status, complete: r.complete, whole: wholePage(r),
          body: r.body, started: t, ended: Date.now(), note: check ? check(r) : null });
      } catch (e) {
        results.push({ path: p, status: 0, error: e.message, started: t, ended: Date.now() });
      }
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return {
    results,
    async stop() { running = false; await Promise.all(loops); return results; },
  };
}

// ---- FastCGI, straight to newsdesk's socket ----

const FCGI = { BEGIN_REQUEST: 1, END_REQUEST: 3, PARAMS: 4, STDIN: 5, STDOUT: 6, STDERR: 7 };

function fcgiRecord(type, id, content) {
  const body = content || Buffer.alloc(0);
  const pad = (8 - (body.length % 8)) % 8;
  const h = Buffer.alloc(8);
  h[0] = 1; h[1] = type; h.writeUInt16BE(id, 2); h.writeUInt16BE(body.length, 4); h[6] = pad;
  return Buffer.concat([h, body, Buffer.alloc(pad)]);
}

function fcgiLength(n) {
  if (n < 128) return Buffer.from([n]);
  const b = Buffer.alloc(4);
  b.writeUInt32BE((n | 0x80000000) >>> 0);
  return b;
}

function fcgiParams(params) {
  const parts = [];
  for (const [k, v] of Object.entries(params)) {
    const kb = Buffer.from(k), vb = Buffer.from(String(v));
    parts.push(fcgiLength(kb.length), fcgiLength(vb.length), kb, vb);
  }
  return Buffer.concat(parts);
}

// The bytes of one whole FastCGI request (responder, connection closed after it).
function fcgiRequestBytes(params, stdin = Buffer.alloc(0)) {
  const begin = Buffer.from([0, 1, 0, 0, 0, 0, 0, 0]);
  const p = fcgiParams(params);
  const recs = [fcgiRecord(FCGI.BEGIN_REQUEST, 1, begin)];
  for (let i = 0; i < p.length; i += 65535) recs.push(fcgiRecord(FCGI.PARAMS, 1, p.subarray(i, i + 65535)));
  recs.push(fcgiRecord(FCGI.PARAMS, 1));
  if (stdin.length) recs.push(fcgiRecord(FCGI.STDIN, 1, stdin));
  recs.push(fcgiRecord(FCGI.STDIN, 1));
  return Buffer.concat(recs);
}

// The usual CGI parameters for GET path.
function cgiParams(reqPath, extra = {}) {
  const [p, q = ''] = reqPath.split('?');
  return {
    REQUEST_METHOD: 'GET', REQUEST_URI: reqPath, DOCUMENT_URI: p, SCRIPT_NAME: p, QUERY_STRING: q,
    SERVER_PROTOCOL: 'HTTP/1.1', GATEWAY_INTERFACE: 'CGI/1.1', REMOTE_ADDR: '127.0.0.1',
    REMOTE_PORT: '40000', SERVER_ADDR: '127.0.0.1', SERVER_PORT: '80', SERVER_NAME: 'localhost',
    HTTP_HOST: 'localhost', CONTENT_LENGTH: '', CONTENT_TYPE: '', ...extra,
  };
}

// Opens a FastCGI connection and sends the first `first` bytes of the request at once;
// send() sends the rest. Resolves (via .reply) {status, headers, body, stderr, appStatus, ended}
// when the server ends the request; rejects when the connection fails or closes early.
function fcgiOpen(sockPath, params, { first } = {}) {
  const bytes = fcgiRequestBytes(params);
  const cut = first === undefined ? bytes.length : first;
  const sock = net.connect(sockPath);
  let buf = Buffer.alloc(0);
  let stdout = Buffer.alloc(0);
  let stderr = '';
  let connected = false;
  const reply = new Promise((resolve, reject) => {
    sock.on('connect', () => { connected = true; sock.write(bytes.subarray(0, cut)); });
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 8) {
        const type = buf[1], len = buf.readUInt16BE(4), pad = buf[6];
        if (buf.length < 8 + len + pad) break;
        const content = buf.subarray(8, 8 + len);
        buf = buf.subarray(8 + len + pad);
        if (type === FCGI.STDOUT) stdout = Buffer.concat([stdout, content]);
        else if (type === FCGI.STDERR) stderr += content.toString('utf8');
        else if (type === FCGI.END_REQUEST) {
          const text = stdout.toString('utf8');
          const split = text.indexOf('\r\n\r\n');
          const head = split < 0 ? text : text.slice(0, split);
          const headers = {};
          for (const line of head.split('\r\n')) {
            const i = line.indexOf(':');
            if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
          }
          const status = headers.status ? parseInt(headers.status, 10) : 200;
          resolve({ status, headers, body: split < 0 ? '' : text.slice(split + 4), stderr,
            appStatus: content.readUInt32BE(0), ended: Date.now() });
          sock.destroy();
        }
      }
    });
    sock.on('error', (e) => reject(new Error(`FastCGI connection ${connected ? 'failed' : 'refused'}: ${e.message}`)));
    sock.on('close', () => reject(new Error('FastCGI connection closed before the end of the request')));
  });
  reply.catch(() => {});
  return {
    reply,
    send() { sock.write(bytes.subarray(cut)); },
    destroy() { sock.destroy(); },
    get connected() { return connected; },
  };
}

// ---- the Prometheus text format (version 0.0.4), parsed strictly ----

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function parseValue(s, where) {
  if (s === '+Inf' || s === 'Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  if (s === 'NaN') return NaN;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) throw new Error(`${where}: bad value '${s}'`);
  return Number(s);
}

// Parses an exposition; throws on anything the format does not allow or that makes no sense
// (a sample before its TYPE, a family declared twice or split, a duplicate series, a counter
// below 0, histogram buckets out of order or decreasing, +Inf missing or not equal to _count).
// Returns {families: Map name -> {help, type, samples: [{name, labels, value}]}, samples}.
function parsePrometheus(text) {
  if (!text.endsWith('\n')) throw new Error('the exposition does not end with a newline');
  const families = new Map();
  const samples = [];
  const seen = new Set();
  const closed = new Set();
  let current = null;
  const familyOf = (name) => {
    if (families.has(name)) return name;
    for (const suffix of ['_bucket', '_sum', '_count']) {
      if (name.endsWith(suffix)) {
        const base = name.slice(0, -suffix.length);
        const f = families.get(base);
        if (f && (f.type === 'histogram' || (f.type === 'summary' && suffix !== '_bucket'))) return base;
      }
    }
    return null;
  };
  const enter = (name, where) => {
    if (current !== name) {
      if (closed.has(name)) throw new Error(`${where}: family ${name} appears in two separate groups`);
      if (current) closed.add(current);
      current = name;
    }
  };
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((line, i) => {
    const where = `line ${i + 1}`;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (!m) return; // a plain comment
      const [, kind, name, rest = ''] = m;
      if (!METRIC_NAME.test(name)) throw new Error(`${where}: bad metric name '${name}'`);
      enter(name, where);
      const f = families.get(name) || { name, help: null, type: null, samples: [] };
      families.set(name, f);
      if (kind === 'HELP') {
        if (f.help !== null) throw new Error(`${where}: second HELP for ${name}`);
        if (/\\[^\\n]/.test(rest.replace(/\\\\/g, ''))) throw new Error(`${where}: bad escape in HELP of ${name}`);
        f.help = rest;
      } else {
        if (f.type !== null) throw new Error(`${where}: second TYPE for ${name}`);
        if (f.samples.length) throw new Error(`${where}: TYPE of ${name} after its samples`);
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) {
          throw new Error(`${where}: unknown TYPE '${rest}' for ${name}`);
        }
        f.type = rest;
      }
      return;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?[ \t]+(\S+)(?:[ \t]+(-?\d+))?[ \t]*$/.exec(line);
    if (!m) throw new Error(`${where}: not a sample line: ${JSON.stringify(line)}`);
    const [, name, , labelText, valueText] = m;
    const labels = {};
    if (labelText !== undefined) {
      let s = labelText;
      while (s.length) {
        const lm = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/.exec(s);
        if (!lm) throw new Error(`${where}: bad labels {${labelText}}`);
        if (!LABEL_NAME.test(lm[1]) || lm[1].startsWith('__')) throw new Error(`${where}: bad label name ${lm[1]}`);
        if (Object.prototype.hasOwnProperty.call(labels, lm[1])) throw new Error(`${where}: label ${lm[1]} twice`);
        labels[lm[1]] = lm[2].replace(/\\(["\\n])/g, (x, c) => (c === 'n' ? '\n' : c));
        s = s.slice(lm[0].length);
        if (lm[3] === ',' && !s.length) break; // a trailing comma is allowed
      }
    }
    const value = parseValue(valueText, where);
    const fam = familyOf(name);
    if (!fam) throw new Error(`${where}: sample ${name} has no TYPE line before it`);
    const f = families.get(fam);
    if (!f.type) throw new Error(`${where}: sample ${name} before the TYPE of ${fam}`);
    enter(fam, where);
    const key = name + JSON.stringify(Object.entries(labels).sort());
    if (seen.has(key)) throw new Error(`${where}: series ${key} twice`);
    seen.add(key);
    if (f.type === 'counter' && !(value >= 0)) throw new Error(`${where}: counter ${name} is ${valueText}`);
    const sample = { name, labels, value };
    f.samples.push(sample);
    samples.push(sample);
  });
  for (const f of families.values()) {
    if (!f.type) throw new Error(`family ${f.name} has no TYPE`);
    if (f.type === 'histogram') checkHistogram(f);
  }
  return { families, samples };
}

function checkHistogram(f) {
  const groups = new Map();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const g = groups.get(key) || { buckets: [], sum: null, count: null };
    groups.set(key, g);
    if (s.name === `${f.name}_bucket`) {
      if (le === undefined) throw new Error(`${f.name}_bucket without le`);
      g.buckets.push({ le: parseValue(le, `${f.name} le`), value: s.value });
    } else if (s.name === `${f.name}_sum`) g.sum = s.value;
    else if (s.name === `${f.name}_count`) g.count = s.value;
    else throw new Error(`histogram ${f.name} has a sample ${s.name}`);
  }
  if (!groups.size) throw new Error(`histogram ${f.name} has no samples`);
  for (const [key, g] of groups) {
    const where = `histogram ${f.name}${key === '[]' ? '' : ' ' + key}`;
    if (!g.buckets.length) throw new Error(`${where}: no buckets`);
    for (let i = 1; i < g.buckets.length; i++) {
      if (!(g.buckets[i].le > g.buckets[i - 1].le)) throw new Error(`${where}: bucket le ${g.buckets[i].le} after ${g.buckets[i - 1].le}`);
      if (g.buckets[i].value < g.buckets[i - 1].value) throw new Error(`${where}: bucket le=${g.buckets[i].le} holds fewer than the one before`);
    }
    const last = g.buckets[g.buckets.length - 1];
    if (last.le !== Infinity) throw new Error(`${where}: no le="+Inf" bucket`);
    if (g.count === null || g.sum === null) throw new Error(`${where}: _sum or _count missing`);
    if (last.value !== g.count) throw new Error(`${where}: +Inf bucket ${last.value} != _count ${g.count}`);
    if (g.buckets.some((b) => !Number.isInteger(b.value) || b.value < 0)) throw new Error(`${where}: a bucket is not a whole count`);
    if (!(g.sum >= 0)) throw new Error(`${where}: _sum ${g.sum} below 0`);
  }
}

// The value of one series (name and exactly these labels), or undefined.
function metricValue(parsed, name, labels = {}) {
  const want = JSON.stringify(Object.entries(labels).sort());
  const s = parsed.samples.find((x) => x.name === name && JSON.stringify(Object.entries(x.labels).sort()) === want);
  return s ? s.value : undefined;
}

module.exports = {
  SRC, BIN, TEMPLATES, CONFIG, PUBLIC, ARTICLE, SANITIZER, BASE_URL, serveEnv, configWithBaseUrl,
  schema, tmpDir, removeDir, which, mustRun, run, sleep,
  startProcess, waitExit, stopProcess, waitFor, canConnect, waitListening, freePort,
  acceptQueue, waitAccepted,
  initDb, startServe, nginxConf, withMicroCache, startNginx,
  request, wholePage, startLoad,
  fcgiOpen, fcgiRequestBytes, cgiParams,
  parsePrometheus, metricValue,
};
