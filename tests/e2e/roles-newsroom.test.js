'use strict';
// The newsroom through nginx: a reporter submits, an editor sends back with a note and then
// publishes (the review queue and its count); the users page (add, role, disable, enable) with
// hostile input in every field; the audit log (who, when, from where, escaped, pruned by age);
// "NAME is editing this (since HH:MM)". Clock pinned: 08:30 GMT is 09:30 in London.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, textOf, assertTidy } = require('../lib/stack.js');
const {
  addUser, dump, rows, Client, articleFields, formArticle, idFromLocation, raw, articleRows,
} = require('../lib/admin.js');

const NOW = '2010-04-17T08:30:00Z';
const NOW_S = Date.parse(NOW) / 1000;
const PW = 'a newsroom password 12';
const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)',
  "Robert'); DROP TABLE users;--"];

let S;
let rita, ed, ann, rob;

before(async () => {
  S = await startStack({
    demo: true,
    now: NOW,
    beforeServe: (db) => {
      addUser(db, 'rita', PW, 'reporter');
      addUser(db, 'rob', PW, 'reporter');
      addUser(db, 'ed', PW, 'editor');
      addUser(db, 'ann', PW, 'admin');
    },
  });
  rita = new Client(S.base, { localAddress: '127.0.0.21' });
  await rita.login('rita', PW);
  ed = new Client(S.base, { localAddress: '127.0.0.22' });
  await ed.login('ed', PW);
  ann = new Client(S.base, { localAddress: '127.0.0.23' });
  await ann.login('ann', PW);
  rob = new Client(S.base, { localAddress: '127.0.0.24' });
  await rob.login('rob', PW);
});

after(async () => { if (S) await S.stop(); });

function queueCount(html) {
  const m = /In review: (\d+)/.exec(html);
  return m ? Number(m[1]) : null;
}

test('a reporter submits; the editor sends it back with a note, then publishes it', async () => {
  let r = await rita.post('/admin/articles/new', articleFields({
    headline: 'Osh market reopens', section: 'asia-pacific', intro: 'Traders returned.',
    blocks: [{ text: 'Stalls opened at dawn.' }], action: 'submit',
  }));
  assert.equal(r.status, 303, textOf(r.body).slice(0, 300));
  const { id, done } = idFromLocation(r.headers.location);
  assert.equal(done, 'submitted');
  assert.equal(rows(S.dbPath, `SELECT status FROM articles WHERE id = ${id}`)[0].status, 'draft');

  const queue = await ed.get('/admin?status=review');
  assert.equal(queue.status, 200);
  assert.equal(queueCount(queue.body), 1);
  assert.match(queue.body, /<h1>Review queue<\/h1>/);
  assert.match(queue.body, /in review \(1\)/);
  assert.match(queue.body, new RegExp(`href="/admin/articles/${id}">Osh market reopens</a>`));
  assert.match(queue.body, /<td>rita<\/td>/, 'the reporter is named');
  await assertTidy(queue.body, 'the review queue');

  let form = await ed.get(`/admin/articles/${id}`);
  assert.match(form.body, /In review: submitted by rita/);
  assert.match(form.body, /value="return">Send back</);
  await assertTidy(form.body, 'the article in review, as the editor sees it');
  const fields = formArticle(form.body);
  // Sending back needs a note; a hostile one is kept as text and shown escaped.
  r = await ed.post(`/admin/articles/${id}`, articleFields({ ...fields, action: 'return' }));
  assert.equal(r.status, 422);
  assert.match(r.body, /Say what to change before sending it back\./);
  const note = `Check the second quote.\n${HOSTILE.join('\n')}`;
  r = await ed.post(`/admin/articles/${id}`, [...articleFields({ ...fields, action: 'return' }), ['note', note]]);
  assert.equal(r.status, 303);
  assert.equal(idFromLocation(r.headers.location).done, 'returned');
  assert.equal(rows(S.dbPath, `SELECT note FROM article_desk WHERE article_id = ${id}`)[0].note, note);
  assert.equal(queueCount((await ed.get('/admin')).body), 0);

  form = await rita.get(`/admin/articles/${id}`);
  assert.equal(form.status, 200);
  assert.match(form.body, /Sent back by ed at/);
  assert.match(form.body, /Check the second quote\./);
  assert.ok(!form.body.includes('<script>alert'), 'the note is escaped');
  assert.match(form.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  await assertTidy(form.body, 'the returned article');

  r = await rita.post(`/admin/articles/${id}`, articleFields({ ...formArticle(form.body), intro: 'Traders returned on Friday.', action: 'submit' }));
  assert.equal(r.status, 303);
  assert.equal(queueCount((await ed.get('/admin')).body), 1);

  form = await ed.get(`/admin/articles/${id}`);
  r = await ed.post(`/admin/articles/${id}`, articleFields({ ...formArticle(form.body), action: 'publish' }));
  assert.equal(r.status, 303);
  assert.equal(idFromLocation(r.headers.location).done, 'published');
  assert.equal(rows(S.dbPath, `SELECT status FROM articles WHERE id = ${id}`)[0].status, 'published');
  assert.equal(queueCount((await ed.get('/admin')).body), 0);
  // Out of review, it cannot be sent back.
  form = await ed.get(`/admin/articles/${id}`);
  assert.doesNotMatch(form.body, /value="return"/);
  const before = dump(S.dbPath);
  r = await ed.post(`/admin/articles/${id}`, [...articleFields({ ...formArticle(form.body), action: 'return' }), ['note', 'late']]);
  assert.equal(r.status, 409);
  assert.equal(dump(S.dbPath), before);
  // Published, it is no longer the reporter's to change.
  assert.equal((await rita.get(`/admin/articles/${id}`)).status, 403);
  const audit = rows(S.dbPath, `SELECT user_name, address, action, detail FROM audit_log WHERE detail = 'article ${id}' ORDER BY id`);
  assert.deepEqual(audit.map((a) => a.action), ['send back', 'publish']);
  assert.equal(audit[1].user_name, 'ed');
  assert.equal(audit[1].address, '127.0.0.22');
});

test('submitting is one transaction with the save: when the review state cannot be written, nothing is saved (503)', async () => {
  let r = await rita.post('/admin/articles/new', articleFields({
    headline: 'Jalal-Abad curfew', section: 'asia-pacific', intro: 'A curfew.', blocks: [{ text: 'From 8pm.' }], action: 'save',
  }));
  assert.equal(r.status, 303);
  const { id } = idFromLocation(r.headers.location);
  const form = await rita.get(`/admin/articles/${id}`);
  const revs = rows(S.dbPath, `SELECT count(*) AS n FROM revisions WHERE article_id = ${id}`)[0].n;
  rows(S.dbPath, "CREATE TRIGGER test_desk_fails BEFORE UPDATE ON article_desk BEGIN SELECT RAISE(ABORT, 'desk down'); END");
  try {
    r = await rita.post(`/admin/articles/${id}`, articleFields({ ...formArticle(form.body), intro: 'A curfew from 8pm.', action: 'submit' }));
    assert.equal(r.status, 503, 'not "Submitted" when it is not in the queue');
    assert.match(textOf(r.body), /Could not save/);
    assert.match(r.body, /A curfew from 8pm\./, 'the typed text is kept');
  } finally {
    rows(S.dbPath, 'DROP TRIGGER test_desk_fails');
  }
  assert.equal(rows(S.dbPath, `SELECT review FROM article_desk WHERE article_id = ${id}`)[0].review, 'none');
  assert.equal(rows(S.dbPath, `SELECT intro FROM articles WHERE id = ${id}`)[0].intro, 'A curfew.');
  assert.equal(rows(S.dbPath, `SELECT count(*) AS n FROM revisions WHERE article_id = ${id}`)[0].n, revs);
  r = await rita.post(`/admin/articles/${id}`, articleFields({ ...formArticle(form.body), intro: 'A curfew from 8pm.', action: 'submit' }));
  assert.equal(r.status, 303);
  assert.equal(rows(S.dbPath, `SELECT review FROM article_desk WHERE article_id = ${id}`)[0].review, 'submitted');
});

test('the note refuses what no field takes: too long, bad UTF-8, control characters', async () => {
  const r0 = await rita.post('/admin/articles/new', articleFields({
    headline: 'Second story', section: 'asia-pacific', intro: 'x', blocks: [{ text: 'y' }], action: 'submit',
  }));
  const { id } = idFromLocation(r0.headers.location);
  const fields = articleFields({ ...formArticle((await ed.get(`/admin/articles/${id}`)).body), action: 'return' });
  for (const [label, value] of [['2,001 characters', 'n'.repeat(2001)], ['bad UTF-8', raw('%FF%FEbad')],
    ['a NUL', raw('a%00b')], ['an escape character', raw('a%1Bb')]]) {
    const before = dump(S.dbPath);
    const r = await ed.post(`/admin/articles/${id}`, [...fields, ['note', value]]);
    assert.equal(r.status, 422, `${label}: ${r.status}`);
    assert.equal(dump(S.dbPath), before, `${label} changed the database`);
  }
});

test('users page: add, change role, disable and enable; hostile input refused or escaped', async () => {
  let r = await ann.get('/admin/users');
  assert.equal(r.status, 200);
  assert.match(r.body, /<td>rita<\/td>/);
  await assertTidy(r.body, 'the users page');
  const refusals = [
    [[['action', 'add'], ['name', '<script>'], ['password', PW], ['role', 'editor']], /Users/, 'a name with markup is a name without spaces: allowed below'],
    [[['action', 'add'], ['name', 'has space'], ['password', PW], ['role', 'editor']], /no spaces/, 'a space'],
    [[['action', 'add'], ['name', 'x'.repeat(65)], ['password', PW], ['role', 'editor']], /1 to 64/, 'too long'],
    [[['action', 'add'], ['name', raw('bad%FFname')], ['password', PW], ['role', 'editor']], /no spaces/, 'bad UTF-8'],
    [[['action', 'add'], ['name', 'nina'], ['password', 'password'], ['role', 'editor']], /common/, 'a common password'],
    [[['action', 'add'], ['name', 'nina'], ['password', 'short'], ['role', 'editor']], /at least 8/, 'a short password'],
    [[['action', 'add'], ['name', 'nina'], ['password', PW], ['role', 'superuser']], /reporter, editor or admin/, 'an unknown role'],
    [[['action', 'add'], ['name', 'nina'], ['password', PW], ['role', '<script>']], /reporter, editor or admin/, 'a hostile role'],
    [[['action', 'add'], ['name', 'RITA'], ['password', PW], ['role', 'editor']], /already exists/, 'a taken name'],
    [[['action', 'role'], ['name', 'ann'], ['role', 'reporter']], /yourself or change your own role/, 'demoting oneself'],
    [[['action', 'disable'], ['name', 'ann']], /yourself/, 'disabling oneself'],
    [[['action', 'role'], ['name', 'nobody'], ['role', 'editor']], /No user of that name/, 'no such user'],
    [[['action', 'explode'], ['name', 'rita']], /Choose Add/, 'an unknown action'],
  ];
  for (const [fields, message, label] of refusals.slice(1)) {
    const before = dump(S.dbPath);
    r = await ann.post('/admin/users', fields);
    assert.ok(r.status === 422 || r.status === 400, `${label}: ${r.status}`);
    assert.match(r.body, message, label);
    assert.equal(dump(S.dbPath), before, `${label} changed the database`);
  }
  // A name with markup but no spaces is a valid name: stored as typed, shown escaped.
  r = await ann.post('/admin/users', refusals[0][0]);
  assert.equal(r.status, 303);
  r = await ann.get('/admin/users');
  assert.ok(!r.body.includes('<td><script>'), 'escaped');
  assert.match(r.body, /<td>&lt;script&gt;<\/td>/);

  r = await ann.post('/admin/users', [['action', 'add'], ['name', 'nina'], ['password', PW], ['role', 'reporter']]);
  assert.equal(r.status, 303);
  const nina = new Client(S.base, { localAddress: '127.0.0.24' });
  await nina.login('nina', PW);
  assert.equal((await nina.get('/admin/sections')).status, 403, 'a reporter');
  r = await ann.post('/admin/users', [['action', 'role'], ['name', 'nina'], ['role', 'editor']]);
  assert.equal(r.status, 303);
  assert.equal((await nina.get('/admin/sections')).status, 200, 'the same session, now an editor');
  r = await ann.post('/admin/users', [['action', 'disable'], ['name', 'nina']]);
  assert.equal(r.status, 303);
  assert.equal((await nina.get('/admin')).status, 303, 'disabled: her session ended');
  assert.equal((await nina.loginAttempt('nina', PW)).status, 200, 'and she cannot log in');
  r = await ann.post('/admin/users', [['action', 'enable'], ['name', 'nina']]);
  assert.equal(r.status, 303);
  // (Not logged in again: on a pinned clock her failed attempt above throttles her name for good.)
  assert.equal(rows(S.dbPath, "SELECT disabled FROM users WHERE name = 'nina'")[0].disabled, 0);
  const actions = rows(S.dbPath, "SELECT action, detail FROM audit_log WHERE user_name = 'ann' AND action NOT IN ('login') ORDER BY id");
  assert.deepEqual(actions.map((a) => `${a.action}: ${a.detail}`), [
    'user added: <script> as editor', 'user added: nina as reporter', 'role changed: nina to editor',
    'user disabled: nina', 'user enabled: nina',
  ]);
});

test('audit log: logins and failed logins with their address, escaped; admins only; pruned by age', async () => {
  rows(S.dbPath, `INSERT INTO audit_log (at, user_name, address, action) VALUES (${NOW_S - 366 * 86400}, 'old', '10.0.0.1', 'publish'), (${NOW_S - 364 * 86400}, 'recent', '10.0.0.2', 'publish')`);
  const mallory = new Client(S.base, { localAddress: '127.0.0.31' });
  const r0 = await mallory.loginAttempt(HOSTILE[1], 'wrong password here');
  assert.equal(r0.status, 200);
  // The next change written prunes what is past audit_keep_days.
  assert.equal((await ann.post('/admin/users', [['action', 'role'], ['name', 'rita'], ['role', 'reporter']])).status, 303);
  const page = await ann.get('/admin/audit');
  assert.equal(page.status, 200);
  await assertTidy(page.body, 'the audit log');
  const text = textOf(page.body);
  assert.match(text, /ann\s+127\.0\.0\.23\s+role changed\s+rita to reporter/);
  assert.match(text, /ann\s+127\.0\.0\.23\s+login\b/);
  assert.match(text, /127\.0\.0\.31\s+login failed/);
  assert.match(text, /ed\s+127\.0\.0\.22\s+publish\s+article \d+/);
  // Newest first, the two logs merged: the role change (last) comes before every login.
  assert.ok(text.indexOf('role changed') < text.indexOf('login failed'));
  assert.ok(!page.body.includes('<img src=x'), 'a hostile name is escaped');
  assert.match(page.body, /&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.match(page.body, /kept 365 days/);
  const names = rows(S.dbPath, "SELECT user_name FROM audit_log WHERE user_name IN ('old', 'recent')").map((x) => x.user_name);
  assert.deepEqual(names, ['recent'], 'the entry past 365 days went when the next was written');
  for (const c of [rita, ed]) assert.equal((await c.get('/admin/audit')).status, 403);
  for (const p of ['?page=0', '?page=99', '?page=51', '?page=1%3Cx', '?page=-1', '?page=1e3']) {
    assert.equal((await ann.get(`/admin/audit${p}`)).status, 404, p);
  }
});

test('user add --role: reporter, editor or admin, nothing else', () => {
  const { run, BIN } = require('../lib/stack.js');
  for (const role of ['superuser', 'Admin', '', 'public']) {
    const r = run(BIN, ['user', 'add', 'vera', '--db', S.dbPath, '--role', role], { input: `${PW}\n` });
    assert.equal(r.status, 2, `--role '${role}': ${r.status}`);
    assert.match(r.stderr, /--role is reporter, editor or admin/);
  }
  const r = run(BIN, ['user', 'add', 'vera', '--db', S.dbPath, '--role', 'reporter'], { input: `${PW}\n` });
  assert.equal(r.status, 0, r.stderr);
  assert.match(run(BIN, ['user', 'list', '--db', S.dbPath]).stdout, /^vera\s+reporter\s+active/m);
});

test('presence: an article someone else opened lately says who and since when', async () => {
  let r = await ed.get('/admin/articles/1');
  assert.doesNotMatch(r.body, /is editing this/);
  r = await ann.get('/admin/articles/1');
  assert.match(r.body, /<p class="presence" role="status">ed is editing this \(since 09:30\)<\/p>/);
  r = await ed.get('/admin/articles/1');
  assert.match(r.body, /ann is editing this \(since 09:30\)/);
  assert.doesNotMatch(r.body, /ed is editing this/);
  // Seen more than five minutes ago: no longer there.
  rows(S.dbPath, `ATTACH '${S.dbPath}-sessions' AS sf; UPDATE sf.presence SET seen_at = ${NOW_S - 301} WHERE user_name = 'ed'`);
  r = await ann.get('/admin/articles/1');
  assert.doesNotMatch(r.body, /is editing this/);
});

test('a reporter lists only their own articles: the list, its count, the review queue and its count', async () => {
  let r = await rob.post('/admin/articles/new', articleFields({
    headline: 'Rob in Bishkek', section: 'asia-pacific', intro: 'x', blocks: [{ text: 'y' }], action: 'submit',
  }));
  assert.equal(r.status, 303);
  const robs = idFromLocation(r.headers.location).id;
  r = await rita.post('/admin/articles/new', articleFields({
    headline: 'Rita in Osh', section: 'asia-pacific', intro: 'x', blocks: [{ text: 'y' }], action: 'save',
  }));
  assert.equal(r.status, 303);
  const ritaId = rows(S.dbPath, "SELECT id FROM users WHERE name = 'rita'")[0].id;
  const own = rows(S.dbPath, `SELECT article_id FROM article_desk WHERE owner_id = ${ritaId} ORDER BY article_id`).map((x) => x.article_id);
  const ownInReview = rows(S.dbPath, `SELECT count(*) AS n FROM article_desk WHERE owner_id = ${ritaId} AND review = 'submitted'`)[0].n;
  assert.ok(own.length >= 1);
  const list = await rita.get('/admin');
  assert.equal(list.status, 200);
  assert.deepEqual(articleRows(list.body).map((x) => x.id).sort((a, b) => a - b), own);
  assert.match(list.body, new RegExp(`<p class="count">${own.length} articles</p>`));
  assert.equal(queueCount(list.body), ownInReview);
  const drafts = await rita.get('/admin?status=draft&section=asia-pacific');
  assert.ok(articleRows(drafts.body).every((x) => own.includes(x.id) && x.status === 'draft'));
  const queue = await rita.get('/admin?status=review');
  assert.ok(!articleRows(queue.body).some((x) => x.id === robs), "another reporter's submission is not listed");
  assert.equal(articleRows(queue.body).length, ownInReview);
  // Editors still see everything.
  const all = await ed.get('/admin?status=review');
  assert.ok(articleRows(all.body).some((x) => x.id === robs));
  const edList = await ed.get('/admin');
  assert.ok(articleRows(edList.body).some((x) => !own.includes(x.id)));
  assert.equal((await rita.get('/admin?page=2')).status, 404);
});
