'use strict';
// Hostile and odd requests never get a 5xx, and the server keeps serving afterwards.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack } = require('../lib/stack.js');

const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';

let stack;
before(async () => { stack = await startStack({ demo: true }); });
after(async () => { if (stack) await stack.stop(); });

const PATHS = [
  '/news/asia-pacific/%00',
  '/news/%00/x',
  '/%00',
  `/news/${'a'.repeat(5000)}`,
  `/news/asia-pacific/${'b'.repeat(5000)}`,
  `/news/asia-pacific/${'c'.repeat(5000)}/print`,
  '/news/../etc/passwd',
  '/news/asia-pacific/../../etc/passwd',
  '/news/%2e%2e/%2e%2e/etc/passwd',
  '/news/asia-pacific/%ff%fe',
  '/news/%ff%fe',
  '/%ff%fe?%ff=%fe',
  '/news/asia-pacific/%C0%AF',
  '/news/asia-pacific/%e2%82',
  `/?q=${'x'.repeat(10 * 1024)}`,
  `${SEED}?${'a=1&'.repeat(2500)}`,
  `/news/europe?page=${'9'.repeat(5000)}`,
  '/news/europe?page=2&page=3',
  '/news//asia-pacific',
  '//news/asia-pacific',
  '/news/asia-pacific/',
  `${SEED}/`,
  `${SEED}/print/`,
  '/news/asia-pacific/%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '/news/asia-pacific/x%22%3E%3Cimg%20src%3Dx%3E',
  '/NEWS/ASIA-PACIFIC',
  '/index.php',
  '/.git/config',
  '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan%00/print',
];

for (const p of PATHS) {
  const label = p.length > 80 ? `${p.slice(0, 60)}... (${p.length} chars)` : p;
  test(`no 5xx: GET ${label}`, async () => {
    const r = await stack.raw(p);
    assert.ok(r.status < 500, `GET ${label}: status ${r.status}\n${r.body.slice(0, 300)}`);
    if (/<script>alert\(1\)|<img src=x>/i.test(r.body)) {
      assert.fail(`GET ${label}: the path is echoed unescaped`);
    }
  });
}

test('no 5xx: other methods and a form body', async () => {
  for (const [method, p] of [['POST', '/'], ['POST', SEED], ['PUT', '/news/europe'], ['DELETE', SEED],
    ['HEAD', SEED], ['OPTIONS', '/']]) {
    const r = await stack.raw(p, {
      method,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: method === 'HEAD' ? undefined : `a=${'z'.repeat(10 * 1024)}`,
    });
    assert.ok(r.status < 500, `${method} ${p}: status ${r.status}`);
  }
});

test('no 5xx: odd headers', async () => {
  const odd = [
    { cookie: 'a'.repeat(8000) },
    { cookie: '=; ;;=;%ff=%fe' },
    { 'accept-language': '*'.repeat(4000) },
    { host: 'evil.example' },
    { 'x-forwarded-for': '1.2.3.4, <script>' },
    { 'if-modified-since': 'yesterday' },
  ];
  for (const headers of odd) {
    const r = await stack.raw(SEED, { headers });
    assert.ok(r.status < 500, `GET with ${JSON.stringify(headers).slice(0, 80)}: status ${r.status}`);
  }
});

test('40 requests at once all succeed', async () => {
  const paths = [];
  for (let i = 0; i < 40; i++) paths.push([SEED, '/', '/news/europe', `${SEED}/print`][i % 4]);
  const results = await Promise.all(paths.map((p) => stack.raw(p)));
  results.forEach((r, i) => assert.equal(r.status, 200, `request ${i} ${paths[i]}: status ${r.status}`));
});

test('the server still serves the article after all that', async () => {
  assert.ok(stack.alive(), 'newsdesk is no longer running');
  const r = await stack.get(SEED);
  assert.equal(r.status, 200);
});

test('newsdesk stops cleanly on SIGTERM: exit 0, no sanitizer reports', async () => {
  const s = stack;
  stack = null;
  await s.stop();
});
