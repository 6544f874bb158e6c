'use strict';
// newsdesk behind Apache, two ways: as a plain CGI program (mod_cgid starts newsdesk for each
// request, its settings in NEWSDESK_* variables) and through mod_proxy_fcgi to the FastCGI
// server nginx also talks to. Every page type answers with the status and the body, byte for
// byte, that nginx gives; a search, an editor's login and a save work through each front; a
// misconfigured CGI answers a plain 500 that names no path, and says why in Apache's error log.
//
// All three fronts share one base_url (nginx's address): absolute URLs in the pages are the
// same, and the editor's browser sends that origin, as behind a proxy.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startStack, raw, textOf } = require('../lib/stack.js');
const { addUser, Client, articleFields, formArticle, rows } = require('../lib/admin.js');
const apache = require('../lib/apache.js');

const NOW = '2010-04-17T08:30:00Z';
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
const PW = 'a long enough password 1';
const SANITIZER_MARKS = ['AddressSanitizer', 'LeakSanitizer', 'runtime error:'];

// One URL of every page type a reader (or a robot) can ask for, and some answers that are not
// pages: a 404, a trailing-slash redirect, a bad page number.
const PAGES = [
  '/',
  '/news/europe',
  '/news/europe?page=2',
  SEED,
  `${SEED}/print`,
  '/search?q=bakiyev',
  '/search?q=kyrgyzstan+president&page=1',
  '/feeds/atom.xml',
  '/feeds/rss.xml',
  '/feeds/europe/atom.xml',
  '/feeds/europe/rss.xml',
  '/sitemap.xml',
  '/sitemaps/sections.xml',
  '/sitemaps/articles/1.xml',
  '/sitemap-news.xml',
  '/robots.txt',
  '/healthz',
  '/admin/login',
  '/news/europe/no-such-story',
  '/news/europe/',
  '/news/europe?page=x',
  '/admin',
];

const skip = apache.available() ? false : 'apache2 with mod_cgid and mod_proxy_fcgi is not installed';
let S;   // nginx + newsdesk serve
let A;   // Apache: the CGI front, the proxy_fcgi front, a misconfigured CGI front

before(async () => {
  if (skip) return;
  S = await startStack({ demo: true, now: NOW, beforeServe: (db) => addUser(db, 'ed', PW, 'editor') });
  A = await apache.startApache({
    db: S.dbPath,
    socket: S.socket,
    env: { NEWSDESK_BASE_URL: S.base, NEWSDESK_NOW: NOW },
    brokenEnv: { NEWSDESK_DB: '/nonexistent/secret-place/newsdesk.db' },
  });
});

after(async () => {
  const log = A ? A.errorLog() : '';
  if (A) await A.stop();
  if (S) await S.stop();
  const marks = SANITIZER_MARKS.filter((m) => log.includes(m));
  assert.deepEqual(marks, [], `Apache's error log (the CGI's stderr) has sanitizer reports:\n${log}`);
});

for (const front of ['cgi', 'fcgi']) {
  test(`every page type through Apache's ${front === 'cgi' ? 'mod_cgid (plain CGI)' : 'mod_proxy_fcgi'} is nginx's, byte for byte`, { skip }, async () => {
    const base = front === 'cgi' ? A.cgiBase : A.fcgiBase;
    for (const p of PAGES) {
      const want = await S.raw(p);
      const got = await raw(base, p);
      assert.equal(got.status, want.status, `${front} ${p}: status`);
      assert.equal(got.headers['content-type'], want.headers['content-type'], `${front} ${p}: type`);
      assert.equal(got.headers.location, want.headers.location, `${front} ${p}: Location`);
      assert.equal(got.headers['content-security-policy'], want.headers['content-security-policy'],
        `${front} ${p}: CSP`);
      assert.equal(got.body, want.body, `${front} ${p}: body`);
    }
    const seed = await raw(base, SEED);
    assert.match(textOf(seed.body), /Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan/);
    const search = await raw(base, '/search?q=bakiyev');
    assert.match(search.body, /kurmanbek-bakiyev-flies-to-kazakhstan/, 'the search finds the seed');
    const css = await raw(base, '/static/css/site.css');
    assert.equal(css.status, 200, 'Apache serves public/ under /static/');
  });

  test(`a HEAD through ${front} has nginx's headers and no body`, { skip }, async () => {
    const base = front === 'cgi' ? A.cgiBase : A.fcgiBase;
    const got = await raw(base, SEED, { method: 'HEAD' });
    assert.equal(got.status, 200);
    assert.equal(got.body, '');
    assert.equal(got.headers.etag, (await S.raw(SEED, { method: 'HEAD' })).headers.etag);
  });
}

// Logs in as ed through base, changes the seed's intro and saves; the public page shows it.
async function loginAndSave(base, db, intro) {
  const ed = new Client(base);
  const login = await ed.loginAttempt('ed', PW, { origin: S.base });
  assert.equal(login.status, 303, `login: ${textOf(login.body).slice(0, 300)}`);
  assert.ok(ed.cookie, 'a session cookie');
  const list = await ed.get('/admin');
  assert.equal(list.status, 200);
  assert.ok(ed.csrf, 'the admin shows a CSRF token');
  const [{ id }] = rows(db, "SELECT id FROM articles WHERE slug = 'kurmanbek-bakiyev-flies-to-kazakhstan'");
  const form = await ed.get(`/admin/articles/${id}`);
  assert.equal(form.status, 200);
  const a = formArticle(form.body);
  a.intro = intro;
  const saved = await ed.post(`/admin/articles/${id}`, articleFields({ ...a, action: 'save' }), { origin: S.base });
  assert.equal(saved.status, 303, `save: ${textOf(saved.body).slice(0, 500)}`);
  assert.match(saved.headers.location, new RegExp(`^/admin/articles/${id}\\b`));
  const forged = await ed.post(`/admin/articles/${id}`, articleFields({ ...a, action: 'save' }),
    { origin: 'http://evil.example' });
  assert.equal(forged.status, 403, 'another origin is refused, as through nginx');
  const page = await raw(base, SEED);
  assert.ok(textOf(page.body).includes(intro), 'the public page shows the saved intro');
  assert.equal(rows(db, `SELECT intro FROM articles WHERE id = ${id}`)[0].intro, intro);
}

test('an editor logs in and saves through the CGI front (its own copy of the database)', { skip }, async () => {
  await loginAndSave(A.cgiBase, A.cgiDb, 'Saved through Apache running newsdesk as CGI.');
});

test('an editor uploads a picture through the CGI front: the media worker is started for that one request', { skip }, async () => {
  const { multipart, tool } = require('../lib/media.js');
  const ed = new Client(A.cgiBase);
  assert.equal((await ed.loginAttempt('ed', PW, { origin: S.base })).status, 303);
  await ed.get('/admin/media');
  const jpeg = path.join(A.dir, 'cgi-upload.jpg');
  tool('convert', ['-size', '700x500', 'plasma:', '-quality', '90', jpeg]);
  const m = multipart([['csrf', ed.csrf], ['alt', 'Uploaded through CGI']],
    { name: 'cgi-upload.jpg', data: fs.readFileSync(jpeg), type: 'image/jpeg' });
  const r = await ed.post('/admin/media', [], { rawBody: m.body, headers: { 'content-type': m.type }, origin: S.base, timeout: 120000 });
  assert.equal(r.status, 303, `upload: ${r.status} ${textOf(r.body).slice(0, 400)}`);
  const [img] = rows(A.cgiDb, "SELECT hash FROM images WHERE alt = 'Uploaded through CGI'");
  assert.ok(img, 'the image is in the CGI front\'s database');
  const files = fs.readdirSync(path.join(path.dirname(A.cgiDb), 'photos', img.hash));
  assert.ok(files.includes('640.webp') && files.includes('640.avif') && files.includes('640.jpg'), files.join(' '));
});

// The article form is multipart, so under CGI its every save may start the media worker: with
// the image helper missing, the worker cannot start, and a form without a file must still be
// saved; one with a picture comes back as typed and unsaved, the message beside the field; the
// library's upload is refused with a 503; no message names a path.
test('under CGI without newsdesk-media, an article\'s text is still saved and an upload is refused clearly', { skip }, async () => {
  const { multipart } = require('../lib/media.js');
  const helper = path.join(A.dir, 'cgi-bin', 'newsdesk-media');
  fs.renameSync(helper, `${helper}.away`);
  try {
    const ed = new Client(A.cgiBase);
    assert.equal((await ed.loginAttempt('ed', PW, { origin: S.base })).status, 303);
    const [{ id }] = rows(A.cgiDb, "SELECT id FROM articles WHERE slug = 'kurmanbek-bakiyev-flies-to-kazakhstan'");
    const a = formArticle((await ed.get(`/admin/articles/${id}`)).body);
    a.intro = 'Saved through CGI with no image helper.';
    const m = multipart([['csrf', ed.csrf], ...articleFields({ ...a, action: 'save' })], null);
    const saved = await ed.post(`/admin/articles/${id}`, [], { rawBody: m.body, headers: { 'content-type': m.type }, origin: S.base });
    assert.equal(saved.status, 303, `save: ${saved.status} ${textOf(saved.body).slice(0, 400)}`);
    assert.equal(rows(A.cgiDb, `SELECT intro FROM articles WHERE id = ${id}`)[0].intro, a.intro);
    assert.match(A.errorLog(), /image helper newsdesk-media is in neither/);

    // The same form with a lead picture: back as typed (422), nothing saved, the reason shown.
    const before = rows(A.cgiDb, `SELECT intro, image_url FROM articles WHERE id = ${id}`)[0];
    const typed = { ...a, intro: 'Not saved: its picture cannot be taken.' };
    const withFile = multipart([['csrf', ed.csrf], ...articleFields({ ...typed, action: 'save' })],
      { name: 'lead.jpg', data: Buffer.from('\xff\xd8\xff not really') });
    const back = await ed.post(`/admin/articles/${id}`, [], { rawBody: withFile.body, headers: { 'content-type': withFile.type }, origin: S.base });
    assert.equal(back.status, 422, `save with a picture: ${back.status} ${textOf(back.body).slice(0, 400)}`);
    assert.match(textOf(back.body), /Pictures cannot be taken now: the image helper is not running/);
    assert.ok(textOf(back.body).includes(typed.intro), 'the form comes back as typed');
    assert.doesNotMatch(textOf(back.body), new RegExp(A.dir), 'the message names no path');
    assert.deepEqual(rows(A.cgiDb, `SELECT intro, image_url FROM articles WHERE id = ${id}`)[0], before);

    await ed.get('/admin/media');
    const up = multipart([['csrf', ed.csrf], ['alt', 'No helper']], { name: 'x.jpg', data: Buffer.from('\xff\xd8\xff not really') });
    const r = await ed.post('/admin/media', [], { rawBody: up.body, headers: { 'content-type': up.type }, origin: S.base });
    assert.equal(r.status, 503, `upload: ${r.status} ${textOf(r.body).slice(0, 400)}`);
    assert.match(textOf(r.body), /Pictures cannot be taken now: the image helper is not running/);
    assert.doesNotMatch(textOf(r.body), new RegExp(A.dir), 'the message names no path');
  } finally {
    fs.renameSync(`${helper}.away`, helper);
  }
});

test('an editor logs in and saves through mod_proxy_fcgi (the server nginx talks to)', { skip }, async () => {
  await loginAndSave(A.fcgiBase, S.dbPath, 'Saved through Apache mod_proxy_fcgi.');
  const viaNginx = await S.raw(SEED);
  assert.ok(textOf(viaNginx.body).includes('Saved through Apache mod_proxy_fcgi.'), 'nginx shows it too');
});

test('a misconfigured CGI answers a plain 500 naming no path, and says why in the error log', { skip }, async () => {
  const r = await raw(A.brokenBase, SEED);
  assert.equal(r.status, 500);
  assert.match(r.headers['content-type'], /^text\/plain/);
  assert.doesNotMatch(r.body, /secret-place|nonexistent|\/|NEWSDESK/);
  assert.match(r.body, /not configured correctly/);
  assert.match(A.errorLog(), /newsdesk \(CGI\):.*\/nonexistent\/secret-place\/newsdesk\.db/);
});
