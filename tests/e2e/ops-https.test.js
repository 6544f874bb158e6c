'use strict';
// The shipped nginx site over TLS, end to end: scripts/nginx-conf with a TLS port and a
// self-signed certificate made at test time, newsdesk with base_url the https address. Pages
// over https carry Strict-Transport-Security; plain http answers /healthz to the machine itself
// and redirects everything else (the admin's login first of all) to https; logging in over
// https sets the __Host- session cookie, Secure, HttpOnly, SameSite=Strict, without Domain,
// and that cookie opens /admin over https.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const tls = require('node:tls');
const { SRC, startStack } = require('../lib/stack.js');
const { addUser, Client, request, rows, sessionCookie, sessionsFile } = require('../lib/admin.js');
const ops = require('../lib/ops.js');

const ARTICLE = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
const PW = 'over tls only 2010';
const SITE = fs.readFileSync(path.join(SRC, 'deploy', 'nginx.conf'), 'utf8');

let S;
before(async () => {
  S = await startStack({ tls: true, demo: true, beforeServe: (db) => addUser(db, 'ted', PW, 'editor') });
});
after(async () => { if (S) await S.stop(); });

// The server { } blocks of the shipped site, as text.
function servers(text) {
  const out = [];
  const re = /^server \{$/gm;
  let m;
  while ((m = re.exec(text))) {
    const end = text.indexOf('\n}', m.index);
    out.push(text.slice(m.index, end + 2));
  }
  return out;
}

test('the shipped site: TLS on 443 with certificate paths to fill in, TLSv1.2 and TLSv1.3, HSTS; port 80 redirects', () => {
  const [plain, secure, ...rest] = servers(SITE);
  assert.equal(rest.length, 0, 'deploy/nginx.conf should have two server blocks: port 80, then 443');
  assert.match(plain, /^\s*listen 80;/m);
  assert.match(plain, /^\s*return 301 https:\/\/\$host\$request_uri;/m, 'port 80 does not redirect to https');
  assert.doesNotMatch(plain, /^\s*location \/admin/m, 'port 80 serves /admin');
  assert.match(secure, /^\s*listen 443 ssl;/m);
  assert.match(secure, /^\s*ssl_certificate \/etc\/ssl\/\S+;/m);
  assert.match(secure, /^\s*ssl_certificate_key \/etc\/ssl\/\S+;/m);
  assert.match(secure, /^\s*ssl_protocols TLSv1\.2 TLSv1\.3;/m);
  assert.match(secure, /^\s*add_header Strict-Transport-Security "max-age=\d+[^"]*" always;/m);
  // nginx drops the server's add_header lines in a location that has its own: each repeats HSTS.
  const locations = secure.split(/^\s*location /m).slice(1);
  for (const loc of locations) {
    for (const prefix of ['', '#cache# ']) {
      if (!new RegExp(`^\\s*${prefix}add_header `, 'm').test(loc)) continue;
      assert.match(loc, new RegExp(`^\\s*${prefix}add_header Strict-Transport-Security `, 'm'),
        `location ${loc.split('\n')[0]} has add_header lines of its own but no HSTS`);
    }
  }
});

test('the article over https: 200 with Strict-Transport-Security, on TLSv1.3 and TLSv1.2', async () => {
  const r = await S.raw(ARTICLE);
  assert.equal(r.status, 200, `GET ${ARTICLE} over https: ${r.status}`);
  assert.match(r.body, /Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan/);
  const m = /^max-age=(\d+)/.exec(r.headers['strict-transport-security'] || '');
  assert.ok(m, `no Strict-Transport-Security on the article: ${JSON.stringify(r.headers)}`);
  assert.ok(Number(m[1]) >= 31536000, `HSTS max-age ${m[1]} is less than a year`);
  // Every answer of the https server carries it, nginx's own files and errors too.
  for (const p of ['/', '/static/css/site.css', '/favicon.ico', '/admin/login', '/news/nowhere', '/feeds/atom.xml']) {
    const x = await S.raw(p);
    assert.ok(x.headers['strict-transport-security'], `GET ${p} over https (${x.status}): no Strict-Transport-Security`);
  }
  // The canonical address is the https one.
  assert.ok(r.body.includes(`<link rel="canonical" href="${S.base}${ARTICLE}">`), 'the canonical link is not the https address');
  const port = Number(new URL(S.base).port);
  for (const version of ['TLSv1.3', 'TLSv1.2']) {
    const got = await new Promise((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port, ca: S.ca, minVersion: version, maxVersion: version }, () => {
        const p = s.getProtocol();
        s.end();
        resolve(p);
      });
      s.on('error', reject);
    });
    assert.equal(got, version);
  }
});

test('plain http redirects to https (the admin first); /healthz still answers the machine itself', async () => {
  for (const p of ['/admin/login', '/admin', '/admin/articles/1', '/', `${ARTICLE}?x=1`, '/feeds/atom.xml']) {
    const r = await request(S.httpBase, p);
    assert.ok([301, 308].includes(r.status), `GET ${p} over http: ${r.status}`);
    assert.equal(r.headers.location, `${S.base}${p}`, `GET ${p} over http`);
  }
  // A login sent over http never reaches newsdesk: no cookie, nothing logged.
  const before = rows(sessionsFile(S.dbPath), 'SELECT count(*) AS n FROM login_log')[0].n;
  const post = await request(S.httpBase, '/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: S.httpBase },
    body: `name=ted&password=${encodeURIComponent(PW)}`,
  });
  assert.ok([301, 308].includes(post.status), `POST /admin/login over http: ${post.status}`);
  assert.equal(post.headers.location, `${S.base}/admin/login`);
  assert.deepEqual(post.cookies, []);
  assert.equal(rows(sessionsFile(S.dbPath), 'SELECT count(*) AS n FROM login_log')[0].n, before, 'newsdesk saw the login sent over http');
  const health = await request(S.httpBase, '/healthz');
  assert.equal(health.status, 200, `/healthz over http: ${health.status}`);
  assert.match(health.body, /^ok schema \d+/);
});

test('logging in over https sets __Host-newsdesk_session (Path=/, Secure, HttpOnly, SameSite=Strict, no Domain), which opens /admin', async () => {
  const c = new Client(S.base, { ca: S.ca });
  const form = await c.get('/admin/login');
  assert.equal(form.status, 200);
  assert.deepEqual(form.cookies, [], 'the login form set a cookie');
  const r = await c.loginAttempt('ted', PW);
  assert.equal(r.status, 303, `login over https: ${r.status}\n${r.body.slice(0, 300)}`);
  assert.equal(r.headers.location, '/admin');
  const ck = sessionCookie(r.cookies);
  assert.ok(ck, `no session cookie: ${JSON.stringify(r.cookies)}`);
  assert.equal(ck.name, '__Host-newsdesk_session', ck.line);
  assert.match(ck.value, /^[A-Za-z0-9_-]{20,}$/, ck.line);
  assert.match(ck.line, /^__Host-newsdesk_session=[^;]+; Path=\/; /, ck.line);
  assert.equal(ck.attrs.path, '/');
  assert.equal(ck.attrs.secure, true, `not Secure: ${ck.line}`);
  assert.equal(ck.attrs.httponly, true, `not HttpOnly: ${ck.line}`);
  assert.equal(ck.attrs.samesite, 'Strict', ck.line);
  assert.ok(!('domain' in ck.attrs), `a __Host- cookie must not have a Domain: ${ck.line}`);

  const admin = await c.get('/admin');
  assert.equal(admin.status, 200, `GET /admin over https with the cookie: ${admin.status}`);
  assert.ok(c.csrf, 'the admin page has no CSRF token');
  assert.ok(admin.headers['strict-transport-security'], '/admin over https without HSTS');
  // The same cookie over plain http is never taken: nginx sends it to https.
  const plain = await request(S.httpBase, '/admin', { headers: { cookie: c.cookie } });
  assert.ok([301, 308].includes(plain.status), `GET /admin over http with the cookie: ${plain.status}`);
  // The http origin is not the site's: a form posted from it is refused.
  const cross = await c.post('/admin/logout', [], { origin: S.httpBase });
  assert.equal(cross.status, 403, `POST /admin/logout from ${S.httpBase}: ${cross.status}`);
  const out = await c.post('/admin/logout', []);
  assert.equal(out.status, 303, `logout over https: ${out.status}`);
});

test('nginx takes the https site without a warning, as shipped and with the micro-cache on', () => {
  const log = fs.readFileSync(path.join(S.runDir, 'error.log'), 'utf8');
  assert.doesNotMatch(log, /\[warn\]|\[emerg\]|\[alert\]/, log);
  const dir = ops.tmpDir('https-t');
  try {
    const cert = path.join(dir, 'tls.crt');
    const key = path.join(dir, 'tls.key');
    fs.writeFileSync(cert, S.ca);
    fs.copyFileSync(path.join(S.dir, 'tls.key'), key);
    const conf = ops.mustRun(path.join(SRC, 'scripts', 'nginx-conf'),
      ['8080', path.join(dir, 'newsdesk.sock'), ops.PUBLIC, dir, '8443', cert, key]).stdout;
    const cached = ops.withMicroCache(conf, dir);
    assert.match(cached, /add_header X-Cache-Status[^\n]*\n\s*add_header Strict-Transport-Security /);
    fs.writeFileSync(path.join(dir, 'cache.conf'), cached);
    const r = ops.run('nginx', ['-t', '-q', '-p', dir, '-c', path.join(dir, 'cache.conf'), '-e', path.join(dir, 'error.log')]);
    const out = `${r.stdout}${r.stderr}${fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : ''}`;
    assert.equal(r.status, 0, `nginx -t with TLS and the micro-cache:\n${out}`);
    assert.doesNotMatch(out, /\[warn\]|\[emerg\]/, out);
  } finally {
    ops.removeDir(dir);
  }
});

// Can this machine use another loopback address as a client address (Linux routes all of
// 127/8 to lo)? Then the burst comes from a client of its own.
function loopbackUsable(addr) {
  return new Promise((resolve) => {
    const c = require('node:net').connect({ host: '127.0.0.1', port: new URL(S.base).port, localAddress: addr });
    c.on('connect', () => { c.destroy(); resolve(true); });
    c.on('error', () => resolve(false));
  });
}

test('the shipped site rate-limits login POSTs per client address, answering 429', () => {
  assert.match(SITE, /^limit_req_zone \$\S+ zone=newsdesk_login:\d+m rate=\d+r\/m;$/m,
    'no limit_req_zone at the http level of deploy/nginx.conf');
  const secure = servers(SITE)[1];
  const login = /^\s*location = \/admin\/login \{([\s\S]*?)^\s*\}/m.exec(secure);
  assert.ok(login, 'the https server has no location = /admin/login');
  assert.match(login[1], /^\s*limit_req zone=newsdesk_login burst=\d+ nodelay;/m);
  assert.match(login[1], /^\s*limit_req_status 429;/m);
  assert.match(login[1], /^\s*include fastcgi_params;/m);
});

test('a burst of 30 login POSTs from one client gets 429s from nginx; readers still get 200', { timeout: 120000 }, async () => {
  const attacker = (await loopbackUsable('127.0.0.77')) ? '127.0.0.77' : '127.0.0.1';
  // Every attempt newsdesk sees is one line of its log, whatever its outcome (checked, throttled,
  // or turned away while other passwords are being checked).
  const count = () => (S.log().match(new RegExp(`login name=nobody-\\d+ address=${attacker.replace(/\./g, '\\.')} `, 'g')) || []).length;
  const before = count();
  const post = (i) => request(S.base, '/admin/login', {
    method: 'POST',
    ca: S.ca,
    localAddress: attacker,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: S.base },
    body: `name=nobody-${i}&password=guess-number-${i}`,
    timeout: 60000,
  });
  const burst = Promise.all(Array.from({ length: 30 }, (_, i) => post(i)));
  const reading = [request(S.base, '/', { ca: S.ca }), request(S.base, ARTICLE, { ca: S.ca })];
  const answers = await burst;
  const statuses = answers.map((r) => r.status).join(' ');
  // nginx's own 429 has none of newsdesk's headers (newsdesk's throttle also answers 429).
  const fromNginx = answers.filter((r) => r.status === 429 && !r.headers['content-security-policy']);
  assert.ok(fromNginx.length > 0, `no 429 from nginx among 30 login POSTs at once: ${statuses}`);
  assert.ok(fromNginx.length < 30, `nginx let no login through: ${statuses}`);
  for (const r of answers) assert.ok([200, 429].includes(r.status), `a login POST answered ${r.status}: ${statuses}`);
  assert.equal(count() - before, 30 - fromNginx.length, 'newsdesk saw a login nginx refused, or missed one it passed');
  // Readers, and the same client reading, are not limited.
  for (const r of await Promise.all(reading)) assert.equal(r.status, 200);
  assert.equal((await request(S.base, '/', { ca: S.ca, localAddress: attacker })).status, 200);
  assert.equal((await request(S.base, '/admin/login', { ca: S.ca, localAddress: attacker })).status, 200,
    'the login form itself (GET) is limited');
});
