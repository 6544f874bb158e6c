'use strict';
// The newsroom through nginx: people (the form with hostile input in every field), bylines set
// on the article form and shown on the article, the author page (paged at 20) and its Atom feed,
// JSON-LD authors; topics on the article, topic pages, rename and merge with 301s; corrections
// appended (shown, in JSON-LD, never edited, a new revision, Last-Modified moves); and each save
// reaching the page at once (no stale author or topic page).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, textOf, tidy } = require('../lib/stack.js');
const { addUser, rows, dump, Client, articleFields, formArticle, idFromLocation } = require('../lib/admin.js');

const NOW = '2010-04-17T08:30:00Z';
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
const PW = 'a long enough password 1';
const HOSTILE = '<script>alert(1)</script>"\'&<b>x</b>';
let S;
let ed;
let ann;
let rey;

before(async () => {
  S = await startStack({ demo: true, now: NOW, beforeServe: (db) => { addUser(db, 'ed', PW, 'editor'); addUser(db, 'ann', PW, 'admin'); addUser(db, 'rey', PW, 'reporter'); } });
  ed = new Client(S.base, { localAddress: '127.0.0.2' });
  await ed.login('ed', PW);
  ann = new Client(S.base, { localAddress: '127.0.0.3' });
  await ann.login('ann', PW);
  rey = new Client(S.base, { localAddress: '127.0.0.4' });
  await rey.login('rey', PW);
});
after(async () => { if (S) await S.stop(); });

async function edit(id, change, action = 'publish') {
  const page = await ed.get(`/admin/articles/${id}`);
  assert.equal(page.status, 200);
  const a = formArticle(page.body);
  const m = /<textarea id="bylines" name="bylines" rows="2">\n([\s\S]*?)<\/textarea>/.exec(page.body);
  const t = /<input id="topics" name="topics" value="([^"]*)"/.exec(page.body);
  const extra = { bylines: m ? m[1] : '', topics: t ? t[1].replace(/&amp;/g, '&') : '' };
  change(a, extra);
  const fields = articleFields({ ...a, action });
  fields.push(['bylines', extra.bylines], ['topics', extra.topics]);
  return ed.post(`/admin/articles/${id}`, fields);
}

test('the demo article shows its byline, topics and JSON-LD author with the page URL', async () => {
  const r = await S.get(SEED);
  assert.equal(r.status, 200);
  assert.match(r.body, /<p class="bylines">By <a class="author" rel="author" href="\/people\/rayhan-demytrie">Rayhan Demytrie<\/a>/);
  assert.match(r.body, /<a href="\/topics\/kyrgyzstan" rel="tag">Kyrgyzstan<\/a>/);
  const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(r.body)[1]);
  assert.equal(ld.author.length, 1);
  assert.equal(ld.author[0]['@type'], 'Person');
  assert.equal(ld.author[0].name, 'Rayhan Demytrie');
  assert.match(ld.author[0].url, /^https?:\/\/[^/]+\/people\/rayhan-demytrie$/);
  const p = await S.get('/people/rayhan-demytrie');
  assert.equal(p.status, 200);
  assert.match(textOf(p.body), /BBC News, Jalalabad/);
  assert.match(p.body, new RegExp(`href="${SEED}"`));
  const f = await ed.get('/people/rayhan-demytrie/atom.xml');
  assert.equal(f.status, 200);
  assert.match(f.headers['content-type'], /atom/);
  assert.match(f.body, /Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan/);
  assert.equal((await S.get('/people/nobody')).status, 404);
  assert.equal((await S.get('/people/rayhan-demytrie?page=2')).status, 404);
  assert.equal((await S.get('/people/rayhan-demytrie?page=1')).status, 301);
});

test('people: hostile input in every field is refused or escaped, nothing half-saved', async () => {
  const before = dump(S.dbPath);
  const bad = await ed.post('/admin/people', { person_name: 'X', person_slug: 'Bad Slug!', person_role: '', person_bio: '', person_portrait: '', person_user: '', action: 'save' });
  assert.equal(bad.status, 422);
  const js = await ed.post('/admin/people', { person_name: 'X', person_slug: '', person_role: '', person_bio: '', person_portrait: 'javascript:alert(1)', person_user: '', action: 'save' });
  assert.equal(js.status, 422);
  const nouser = await ed.post('/admin/people', { person_name: 'X', person_slug: '', person_role: '', person_bio: '', person_portrait: '', person_user: HOSTILE, action: 'save' });
  assert.equal(nouser.status, 422);
  assert.ok(!nouser.body.includes('<script>alert(1)'));
  const long = await ed.post('/admin/people', { person_name: 'y'.repeat(201), person_slug: '', person_role: '', person_bio: '', person_portrait: '', person_user: '', action: 'save' });
  assert.equal(long.status, 422);
  const badutf = await ed.post('/admin/people', `person_name=%FF%FE&person_slug=&action=save&csrf=${encodeURIComponent(ed.csrf)}`.split('&').map((kv) => kv.split('=')).map(([k, v]) => [k, { raw: v || '' }]));
  assert.equal(badutf.status, 422);
  assert.equal(dump(S.dbPath), before, 'nothing saved');
  const ok = await ed.post('/admin/people', { person_name: `Жанна ${HOSTILE}`, person_slug: '', person_role: HOSTILE, person_bio: `${HOSTILE}\nsecond line`, person_portrait: '/static/img/rayhan-demytrie.svg', person_user: 'ed', action: 'save' });
  assert.equal(ok.status, 303, textOf(ok.body).slice(0, 300));
  const person = rows(S.dbPath, "SELECT * FROM people WHERE user_id IS NOT NULL")[0];
  assert.equal(person.slug, 'zhanna-script-alert-1-script-b-x-b');
  assert.equal(person.role_title, HOSTILE);
  const page = await S.get(`/people/${person.slug}`);
  assert.equal(page.status, 200);
  assert.ok(!page.body.includes('<script>alert(1)'), 'escaped');
  assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  const again = await ed.post('/admin/people', { person_name: 'Other', person_slug: '', person_role: '', person_bio: '', person_portrait: '', person_user: 'ed', action: 'save' });
  assert.equal(again.status, 422, 'one account, one person');
  const taken = await ed.post('/admin/people', { person_name: 'Rayhan', person_slug: 'rayhan-demytrie', person_role: '', person_bio: '', person_portrait: '', person_user: '', action: 'save' });
  assert.equal(taken.status, 422);
  const form = await ed.get('/admin/people');
  assert.equal(form.status, 200);
  assert.ok(!form.body.includes('<script>alert(1)'));
});

test('bylines and topics from the article form; author and topic pages change at once', async () => {
  await ed.post('/admin/people', { person_name: 'Second Writer', person_slug: 'second-writer', person_role: 'BBC News, Bishkek', person_bio: '', person_portrait: '', person_user: '', action: 'save' });
  const authorBefore = await S.get('/people/second-writer');
  assert.match(textOf(authorBefore.body), /No stories yet/);
  const bad = await edit(1, (a, x) => { x.bylines = 'rayhan-demytrie\nno-such-person'; });
  assert.equal(bad.status, 422);
  assert.match(textOf(bad.body), /No person has the slug no-such-person/);
  const hostileTopic = await edit(1, (a, x) => { x.topics = '<>'; });
  assert.equal(hostileTopic.status, 422);
  const r = await edit(1, (a, x) => { x.bylines = 'rayhan-demytrie\n/people/second-writer'; x.topics = `Kyrgyzstan, Central Asia, Ош & ${HOSTILE}`; });
  assert.equal(r.status, 303, textOf(r.body).slice(0, 500));
  const art = await S.get(SEED);
  assert.match(art.body, /Rayhan Demytrie<\/a><span class="role">, BBC News, Jalalabad<\/span> and <a class="author" rel="author" href="\/people\/second-writer">Second Writer<\/a>/);
  assert.ok(!art.body.includes('<script>alert(1)'));
  const author = await S.get('/people/second-writer');
  assert.match(author.body, new RegExp(`href="${SEED}"`), 'the author page shows the new byline at once');
  const t = rows(S.dbPath, "SELECT slug, name FROM topics ORDER BY id");
  assert.ok(t.some((x) => x.slug === 'osh-script-alert-1-script-b-x-b'), JSON.stringify(t));
  const tp = await S.get('/topics/osh-script-alert-1-script-b-x-b');
  assert.equal(tp.status, 200);
  assert.ok(!tp.body.includes('<script>alert(1)'));
  const feed = await S.get('/topics/kyrgyzstan/atom.xml');
  assert.equal(feed.status, 200);
});

test('topics: rename and merge keep the old addresses with 301', async () => {
  const list = await ed.get('/admin/topics');
  assert.equal(list.status, 200);
  const ids = Object.fromEntries(rows(S.dbPath, 'SELECT slug, id FROM topics').map((x) => [x.slug, x.id]));
  const bad = await ed.post('/admin/topics', { topic_name: HOSTILE, topic_slug: 'Bad!', action: `rename:${ids.kyrgyzstan}` });
  assert.equal(bad.status, 422);
  const rn = await ed.post('/admin/topics', { topic_name: 'Kyrgyz Republic', topic_slug: '', action: `rename:${ids.kyrgyzstan}` });
  assert.equal(rn.status, 303);
  let old = await ed.get('/topics/kyrgyzstan');
  assert.equal(old.status, 301);
  assert.match(old.headers.location, /\/topics\/kyrgyz-republic$/);
  const selfMerge = await ed.post('/admin/topics', { topic_into: 'central-asia', action: `merge:${ids['central-asia']}` });
  assert.equal(selfMerge.status, 422);
  const mg = await ed.post('/admin/topics', { topic_into: 'central-asia', action: `merge:${ids.kyrgyzstan}` });
  assert.equal(mg.status, 303);
  old = await ed.get('/topics/kyrgyz-republic');
  assert.equal(old.status, 301);
  assert.match(old.headers.location, /\/topics\/central-asia$/);
  old = await ed.get('/topics/kyrgyzstan/atom.xml');
  assert.equal(old.status, 301);
  assert.match(old.headers.location, /\/topics\/central-asia\/atom.xml$/);
  const merged = await S.get('/topics/central-asia');
  assert.match(merged.body, new RegExp(`href="${SEED}"`));
  assert.equal(rows(S.dbPath, 'SELECT count(*) AS n FROM article_topics WHERE article_id = 1 AND topic_id = ' + ids['central-asia'])[0].n, 1);
});

test('topics on the form are matched, not remade: a rename, a merge and a plain save keep the article\'s topics', async () => {
  const fields = articleFields({ headline: 'Floods in Osh', section: 'asia-pacific', intro: 'Rain.', blocks: [{ text: 'Water.' }], action: 'publish' });
  fields.push(['bylines', ''], ['topics', 'Floods, Relief Aid']);
  const r = await ed.post('/admin/articles/new', fields);
  assert.equal(r.status, 303, textOf(r.body).slice(0, 300));
  const { id } = idFromLocation(r.headers.location);
  const tagsOf = () => rows(S.dbPath, `SELECT t.slug FROM article_topics x JOIN topics t ON t.id = x.topic_id WHERE x.article_id = ${id} ORDER BY x.position`).map((x) => x.slug);
  const topicCount = () => rows(S.dbPath, 'SELECT count(*) AS n FROM topics')[0].n;
  assert.deepEqual(tagsOf(), ['floods', 'relief-aid']);
  const ids = Object.fromEntries(rows(S.dbPath, 'SELECT slug, id FROM topics').map((x) => [x.slug, x.id]));
  // A save with nothing changed changes no tags.
  const before = dump(S.dbPath).split('\n').filter((l) => /article_topics|INTO topics/.test(l)).join('\n');
  assert.equal((await edit(id, () => {}, 'save')).status, 303);
  assert.equal(dump(S.dbPath).split('\n').filter((l) => /article_topics|INTO topics/.test(l)).join('\n'), before);
  // Renamed, slug kept: the form shows the new name, and saving it keeps the same topic.
  assert.equal((await ed.post('/admin/topics', { topic_name: 'Flooding', topic_slug: 'floods', action: `rename:${ids.floods}` })).status, 303);
  const n = topicCount();
  assert.equal((await edit(id, () => {}, 'save')).status, 303);
  assert.deepEqual(tagsOf(), ['floods', 'relief-aid']);
  assert.equal(topicCount(), n, 'no topic made by a plain save');
  // Typed in another case, or by its slug, it is the same topic.
  assert.equal((await edit(id, (a, x) => { x.topics = 'FLOODING, relief-aid'; }, 'save')).status, 303);
  assert.deepEqual(tagsOf(), ['floods', 'relief-aid']);
  assert.equal(topicCount(), n);
  // A comma in a name would split it on the form: refused.
  const comma = await ed.post('/admin/topics', { topic_name: 'Floods, and rain', topic_slug: 'floods', action: `rename:${ids.floods}` });
  assert.equal(comma.status, 422);
  assert.match(textOf(comma.body), /commas/);
  // Two topics of one name could not be told apart: refused.
  assert.equal((await ed.post('/admin/topics', { topic_name: 'relief aid', topic_slug: 'floods', action: `rename:${ids.floods}` })).status, 422);
  // Merged: the old name typed again finds the topic it went into instead of remaking it.
  assert.equal((await ed.post('/admin/topics', { topic_into: 'floods', action: `merge:${ids['relief-aid']}` })).status, 303);
  assert.equal((await edit(id, (a, x) => { x.topics = 'Flooding, Relief Aid'; }, 'save')).status, 303);
  assert.deepEqual(tagsOf(), ['floods']);
  assert.equal(rows(S.dbPath, "SELECT count(*) AS n FROM topics WHERE slug = 'relief-aid'")[0].n, 0);
});

test('a topic has a public page only once an article readers see has it; reporters attach only existing topics', async () => {
  const fields = articleFields({ headline: 'Draft on turnout', section: 'asia-pacific', intro: 'Low.', blocks: [{ text: 'Very low.' }], action: 'save' });
  fields.push(['bylines', ''], ['topics', 'Turnout Figures']);
  let r = await ed.post('/admin/articles/new', fields);
  assert.equal(r.status, 303, textOf(r.body).slice(0, 300));
  const { id } = idFromLocation(r.headers.location);
  assert.equal(rows(S.dbPath, "SELECT count(*) AS n FROM topics WHERE slug = 'turnout-figures'")[0].n, 1);
  assert.equal((await S.get('/topics/turnout-figures')).status, 404, 'a draft makes no public page');
  assert.equal((await S.get('/topics/turnout-figures/atom.xml')).status, 404);
  assert.equal((await edit(id, (a) => { a.publish_at = '2010-04-20T10:00'; }, 'publish')).status, 303);
  assert.equal((await S.get('/topics/turnout-figures')).status, 404, 'nor does a scheduled article');
  assert.equal((await edit(id, (a) => { a.publish_at = '2010-04-17T09:00'; }, 'publish')).status, 303);
  const page = await S.get('/topics/turnout-figures');
  assert.equal(page.status, 200);
  assert.match(page.body, /Draft on turnout/);
  assert.equal((await S.get('/topics/turnout-figures/atom.xml')).status, 200);
  // People keep their page before their first story: editors add them deliberately.
  assert.equal((await ed.post('/admin/people', { person_name: 'No Stories', person_slug: 'no-stories', person_role: '', person_bio: '', person_portrait: '', person_user: '', action: 'save' })).status, 303);
  assert.equal((await S.get('/people/no-stories')).status, 200);
  // A reporter's new topic name is refused on the form, with the text kept; an existing one is fine.
  const topicsBefore = rows(S.dbPath, 'SELECT count(*) AS n FROM topics')[0].n;
  const mine = articleFields({ headline: 'Reporter story', section: 'asia-pacific', intro: 'x', blocks: [{ text: 'y' }], action: 'save' });
  mine.push(['bylines', ''], ['topics', 'turnout figures, Brand New Topic']);
  r = await rey.post('/admin/articles/new', mine);
  assert.equal(r.status, 422);
  assert.match(textOf(r.body), /There is no topic Brand New Topic: choose an existing topic, or ask an editor to add it\./);
  assert.match(r.body, /value="turnout figures, Brand New Topic"/);
  assert.equal(rows(S.dbPath, 'SELECT count(*) AS n FROM topics')[0].n, topicsBefore);
  mine[mine.length - 1] = ['topics', 'Turnout Figures'];
  r = await rey.post('/admin/articles/new', mine);
  assert.equal(r.status, 303, textOf(r.body).slice(0, 300));
  const rid = idFromLocation(r.headers.location).id;
  assert.deepEqual(rows(S.dbPath, `SELECT t.slug FROM article_topics x JOIN topics t ON t.id = x.topic_id WHERE x.article_id = ${rid}`).map((x) => x.slug), ['turnout-figures']);
});

test('a refused note shows the article\'s form again with the message and the text as typed', async () => {
  const before = dump(S.dbPath);
  let r = await ed.post('/admin/articles/1/notes', { note_kind: 'bogus', note_text: 'Keep this <b>typed</b> text.' });
  assert.equal(r.status, 422);
  assert.match(r.body, /class="article-form"/, 'the edit form, not a bare error page');
  assert.match(textOf(r.body), /Choose Correction or Update\./);
  assert.match(r.body, /<textarea id="note-text"[^>]*>\nKeep this &lt;b&gt;typed&lt;\/b&gt; text\.<\/textarea>/);
  r = await ed.post('/admin/articles/1/notes', { note_kind: 'update', note_text: '' });
  assert.equal(r.status, 422);
  assert.match(textOf(r.body), /Write the note readers will see\./);
  assert.match(r.body, /<option value="update" selected>Update<\/option>/);
  const long = 'z'.repeat(2001);
  r = await ed.post('/admin/articles/1/notes', { note_kind: 'correction', note_text: long });
  assert.equal(r.status, 422);
  assert.match(textOf(r.body), /The note is too long/);
  assert.ok(r.body.includes(long), 'the over-long text is kept to shorten');
  const t = tidy(r.body);
  assert.deepEqual(t.errors, [], t.messages.join('\n'));
  assert.equal(dump(S.dbPath), before, 'nothing saved');
});

test('/admin/topics pages at 50, by name', async () => {
  const values = Array.from({ length: 60 }, (_, i) => `('zz-paged-${String(i).padStart(2, '0')}', 'Zz paged ${String(i).padStart(2, '0')}')`).join(', ');
  rows(S.dbPath, `INSERT INTO topics (slug, name) VALUES ${values}`);
  const total = rows(S.dbPath, 'SELECT count(*) AS n FROM topics')[0].n;
  const pages = Math.ceil(total / 50);
  const rowsOf = (html) => (html.match(/name="topic_name"/g) || []).length;
  const first = await ed.get('/admin/topics');
  assert.equal(first.status, 200);
  assert.equal(rowsOf(first.body), 50);
  assert.match(first.body, new RegExp(`Page 1 of ${pages}`));
  assert.match(first.body, new RegExp(`<p class="count">${total} topics</p>`));
  assert.match(first.body, /<a rel="next" href="\/admin\/topics\?page=2">/);
  const last = await ed.get(`/admin/topics?page=${pages}`);
  assert.equal(last.status, 200);
  assert.equal(rowsOf(last.body), total - 50 * (pages - 1));
  assert.match(last.body, /value="Zz paged 59"/);
  assert.ok(!first.body.includes('value="Zz paged 59"'));
  assert.equal((await ed.get(`/admin/topics?page=${pages + 1}`)).status, 404);
  assert.equal((await ed.get('/admin/topics?page=0')).status, 404);
  assert.equal((await ed.get('/admin/topics?page=x')).status, 404);
  const t = tidy(last.body);
  assert.deepEqual(t.errors, [], t.messages.join('\n'));
});

test('corrections: appended, shown with their time, in JSON-LD, never edited, a new revision', async () => {
  const before = await S.get(SEED);
  const revs = rows(S.dbPath, 'SELECT count(*) AS n FROM revisions WHERE article_id = 1')[0].n;
  const empty = await ed.post('/admin/articles/1/notes', { note_kind: 'correction', note_text: '' });
  assert.equal(empty.status, 422);
  const kind = await ed.post('/admin/articles/1/notes', { note_kind: HOSTILE, note_text: 'x' });
  assert.equal(kind.status, 422);
  const r = await ed.post('/admin/articles/1/notes', { note_kind: 'correction', note_text: `An earlier version of this story misspelt Jalal-Abad. ${HOSTILE}` });
  assert.equal(r.status, 303, textOf(r.body).slice(0, 300));
  const after = await ed.get(SEED);
  assert.match(textOf(after.body), /Correction, 17 April 2010 09:30 BST\s*: An earlier version of this story misspelt Jalal-Abad\./);
  assert.ok(!after.body.includes('<script>alert(1)'));
  assert.equal(after.headers['last-modified'], 'Sat, 17 Apr 2010 08:30:00 GMT');
  assert.ok(before);
  assert.match(after.body, /Page last updated at <time datetime="2010-04-17T08:30:00Z">/);
  const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(after.body)[1]);
  assert.equal(ld.correction[0]['@type'], 'CorrectionComment');
  assert.match(ld.correction[0].text, /misspelt Jalal-Abad/);
  assert.equal(rows(S.dbPath, 'SELECT count(*) AS n FROM revisions WHERE article_id = 1')[0].n, revs + 1);
  assert.throws(() => rows(S.dbPath, "UPDATE corrections SET text = 'silently'"), /never edited/);
  const notPublished = rows(S.dbPath, "SELECT id FROM articles WHERE status <> 'published' LIMIT 1");
  if (notPublished.length) {
    const np = await ed.post(`/admin/articles/${notPublished[0].id}/notes`, { note_kind: 'update', note_text: 'x' });
    assert.equal(np.status, 409);
  }
  assert.equal((await ed.post('/admin/articles/999999/notes', { note_kind: 'update', note_text: 'x' })).status, 404);
  const anon = new Client(S.base, { localAddress: '127.0.0.9' });
  const refused = await anon.post('/admin/articles/1/notes', { note_kind: 'update', note_text: 'x' });
  assert.notEqual(refused.status, 303);
});

test('corrections: a scheduled article (not yet seen by readers) takes none, and its form offers none', async () => {
  const r = await ed.post('/admin/articles/new', articleFields({
    headline: 'Scheduled for Tuesday', section: 'asia-pacific', intro: 'Not out yet.',
    publish_at: '2010-04-20T10:00', blocks: [{ text: 'Later.' }], action: 'publish',
  }));
  assert.equal(r.status, 303, textOf(r.body).slice(0, 300));
  const { id, done } = idFromLocation(r.headers.location);
  assert.equal(done, 'scheduled');
  const form = await ed.get(`/admin/articles/${id}`);
  assert.ok(!form.body.includes('class="note-form"'), 'no correction form on a scheduled article');
  const np = await ed.post(`/admin/articles/${id}/notes`, { note_kind: 'correction', note_text: 'Too early.' });
  assert.equal(np.status, 409);
  assert.equal(rows(S.dbPath, `SELECT count(*) AS n FROM corrections WHERE article_id = ${id}`)[0].n, 0);
  const live = await ed.get('/admin/articles/1');
  assert.ok(live.body.includes('class="note-form"'), 'a live article still offers it');
});

test('an author page pages at 20, newest first, and deep pages are found through the spans', async () => {
  const n = 45;
  const values = [];
  for (let i = 0; i < n; i++) values.push(`(6, 'paged-${i}', 'Paged story ${i}', 'Intro ${i}', 'published', ${1271000000 + i * 3600}, ${1271000000 + i * 3600})`);
  rows(S.dbPath, `INSERT INTO articles (section_id, slug, headline, intro, status, published_at, updated_at) VALUES ${values.join(',')};
    INSERT INTO bylines (article_id, position, person_id) SELECT id, 1, (SELECT id FROM people WHERE slug = 'second-writer') FROM articles WHERE slug LIKE 'paged-%'`);
  const p1 = await S.get('/people/second-writer');
  assert.match(textOf(p1.body), /Page 1 of 3/);
  const p3 = await S.get('/people/second-writer?page=3');
  assert.equal(p3.status, 200);
  const heads = [...p3.body.matchAll(/<h2><a href="[^"]*">([^<]*)<\/a><\/h2>/g)].map((m) => m[1]);
  assert.deepEqual(heads, ['Paged story 5', 'Paged story 4', 'Paged story 3', 'Paged story 2', 'Paged story 1', 'Paged story 0']);
  assert.equal((await S.get('/people/second-writer?page=4')).status, 404);
});

test('CommonMark in paragraphs and boxes: links, emphasis, lists; hostile markup as text; search reads words', async () => {
  const a = {
    headline: 'Markup story about volcanoes', slug: '', section: 'europe', intro: 'An intro.',
    blocks: [
      { kind: 'paragraph', text: 'Read [the report](https://example.org/zanzibarword?a=1&b=2) *now* and **today**; [bad](javascript:alert(1)) <script>alert(1)</script> [rel](/news/europe) [proto](//evil.example/x)' },
      { kind: 'paragraph', text: '- first point\n- second point' },
      { kind: 'box', image: '', name: '', byline: 'A reporter', text: 'Box with *emphasis*\n\n<img src=x onerror=alert(1)>' },
      { kind: 'paragraph', text: 'A plain paragraph, with "quotes" & ampersands.' },
    ],
  };
  const res = await ed.post('/admin/articles/new', articleFields({ ...a, action: 'publish' }));
  assert.equal(res.status, 303, textOf(res.body).slice(0, 400));
  const page = await S.get('/news/europe/markup-story-about-volcanoes');
  assert.equal(page.status, 200);
  const b = page.body;
  assert.match(b, /<p>Read <a href="https:\/\/example.org\/zanzibarword\?a=1&amp;b=2">the report<\/a> <em>now<\/em> and <strong>today<\/strong>; bad &lt;script&gt;alert\(1\)&lt;\/script&gt; <a href="\/news\/europe">rel<\/a> proto<\/p>/);
  assert.match(b, /<ul>\n<li>first point<\/li>\n<li>second point<\/li>\n<\/ul>/);
  assert.match(b, /<p>Box with <em>emphasis<\/em><\/p>\n<p>&lt;img src=x onerror=alert\(1\)&gt;<\/p>/);
  assert.match(b, /<p>A plain paragraph, with &quot;quotes&quot; &amp; ampersands.<\/p>/, 'plain text renders as before');
  assert.ok(!/javascript:/i.test(b.replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/, '')));
  assert.ok(!b.includes('<script>alert'));
  const words = await S.get('/search?q=report');
  assert.match(words.body, /Markup story about volcanoes/);
  const url = await S.get('/search?q=zanzibarword');
  assert.ok(!/Markup story about volcanoes/.test(url.body), 'a link address is not indexed');
});

// The lead and top stories of the home page, in order, as headlines.
async function homeOrder() {
  const home = (await S.get('/')).body;
  const lead = /<article class="top-story">[\s\S]*?<h2><a href="[^"]*">([^<]*)<\/a>/.exec(home);
  const top = /<ul class="top-list">([\s\S]*?)<\/ul>/.exec(home);
  return [lead && lead[1], ...(top ? [...top[1].matchAll(/<h3><a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]) : [])];
}

test('front page: editors choose the lead and top stories, versioned; scheduled ones appear when due', async () => {
  const before = await homeOrder();
  const bad = await ed.post('/admin/front', { front: `/news/europe/no-such-story\n${HOSTILE}` });
  assert.equal(bad.status, 422);
  assert.ok(!bad.body.includes('<script>alert(1)'));
  const dup = await ed.post('/admin/front', { front: '/news/asia-pacific/has-chinas-housing-bubble-burst\n/news/asia-pacific/has-chinas-housing-bubble-burst' });
  assert.equal(dup.status, 422);
  assert.deepEqual(await homeOrder(), before, 'nothing changed');
  // A scheduled story (an hour after NOW) in the second slot.
  rows(S.dbPath, `INSERT INTO articles (section_id, slug, headline, intro, status, published_at, updated_at)
    VALUES (3, 'scheduled-lead', 'A scheduled story', 'Later.', 'published', ${Date.parse(NOW) / 1000 + 3600}, ${Date.parse(NOW) / 1000 + 3600})`);
  const draft = await ed.post('/admin/front', { front: '/news/asia-pacific/has-chinas-housing-bubble-burst' });
  assert.equal(draft.status, 303);
  const ok = await ed.post('/admin/front', { front: '/news/europe/why-royal-ballet-principal-sergei-polunin-quit\n/news/europe/scheduled-lead\n/news/asia-pacific/has-chinas-housing-bubble-burst\n' });
  assert.equal(ok.status, 303, textOf(ok.body).slice(0, 300));
  const order = await homeOrder();
  assert.equal(order[0], 'Why Royal Ballet principal Sergei Polunin quit');
  assert.equal(order[1], 'Has China&#39;s housing bubble burst?');
  assert.ok(!order.includes('A scheduled story'), 'not before its time');
  assert.equal(order.length, 7, 'the newest stories fill the slots left');
  const form = await ed.get('/admin/front');
  assert.match(form.body, /\/news\/europe\/scheduled-lead/);
  const versions = rows(S.dbPath, 'SELECT f.id, u.name, count(s.position) AS n FROM front_pages f JOIN users u ON u.id = f.user_id LEFT JOIN front_page_slots s ON s.front_page_id = f.id GROUP BY f.id ORDER BY f.id');
  assert.deepEqual(versions.map((v) => [v.name, v.n]), [['ed', 1], ['ed', 3]]);
  assert.match(textOf(form.body), /Versions[\s\S]*ed/);  const audit = rows(S.dbPath, "SELECT a.user_name AS name, a.detail FROM audit_log a WHERE a.action = 'front page' ORDER BY a.id");
  assert.deepEqual(audit.map((e) => [e.name, e.detail]), [['ed', 'stories: 1'], ['ed', 'stories: 3']]);
});

test('sections: an empty one is deleted, a full one only merged, and its old addresses redirect', async () => {
  const add = await ann.post('/admin/sections', { section_name: 'Empty', section_slug: 'empty-section', section_position: '9', action: 'add' });
  assert.equal(add.status, 303);
  const id = (slug) => rows(S.dbPath, `SELECT id FROM sections WHERE slug = '${slug}'`)[0].id;
  const refused = await ann.post('/admin/sections', { action: `delete:${id('africa')}` });
  assert.equal(refused.status, 422);
  assert.match(textOf(refused.body), /Only an empty section can be deleted/);
  assert.equal((await ann.post('/admin/sections', { action: `delete:${id('empty-section')}` })).status, 303);
  assert.equal(rows(S.dbPath, "SELECT count(*) AS n FROM sections WHERE slug = 'empty-section'")[0].n, 0);
  const reporterRefused = await rey.post('/admin/sections', { action: `delete:${id('africa')}` });
  assert.equal(reporterRefused.status, 403, 'sections are the editors\'');
  const badInto = await ann.post('/admin/sections', { action: `merge:${id('africa')}`, section_into: HOSTILE });
  assert.equal(badInto.status, 422);
  const self = await ann.post('/admin/sections', { action: `merge:${id('africa')}`, section_into: 'africa' });
  assert.equal(self.status, 422);
  const story = rows(S.dbPath, "SELECT a.slug FROM articles a JOIN sections s ON s.id = a.section_id WHERE s.slug = 'africa' AND a.status = 'published' AND a.published_at <= " + Date.parse(NOW) / 1000 + ' LIMIT 1')[0].slug;
  const merged = await ann.post('/admin/sections', { action: `merge:${id('africa')}`, section_into: 'americas' });
  assert.equal(merged.status, 303, textOf(merged.body).slice(0, 300));
  let r = await ed.get('/news/africa');
  assert.equal(r.status, 301);
  assert.match(r.headers.location, /\/news\/americas$/);
  r = await ed.get(`/news/africa/${story}`);
  assert.equal(r.status, 301);
  assert.match(r.headers.location, new RegExp(`/news/americas/${story}$`));
  assert.equal((await S.get(`/news/americas/${story}`)).status, 200);
  assert.equal(rows(S.dbPath, "SELECT count(*) AS n FROM sections WHERE slug = 'africa'")[0].n, 0);
});

test('the new pages are valid HTML (tidy), and the remaining hostile fields are refused', async () => {
  for (const p of ['/people/rayhan-demytrie', '/topics/central-asia', SEED, '/people/second-writer?page=2']) {
    const r = await S.get(p);
    assert.equal(r.status, 200, p);
    const t = tidy(r.body);
    assert.deepEqual(t.errors, [], `${p}: ${t.messages.join('\n')}`);
    // Debian 12's tidy predates these HTML attributes of <picture> and lazy images
    const known = /aria-current|<source> proprietary attribute "sizes"|<img> proprietary attribute "(loading|fetchpriority)"/;
    assert.deepEqual(t.warnings.filter((w) => !known.test(w)), [], `${p}: ${t.messages.join('\n')}`);
  }
  for (const p of ['/admin/people', '/admin/people/1', '/admin/topics', '/admin/front', '/admin/articles/1', '/admin/sections']) {
    const r = await (p === '/admin/sections' ? ann : ed).get(p);
    assert.equal(r.status, 200, p);
    const t = tidy(r.body);
    assert.deepEqual(t.errors, [], `${p}: ${t.messages.join('\n')}`);
  }
  const before = dump(S.dbPath);
  const topic = rows(S.dbPath, 'SELECT id FROM topics LIMIT 1')[0].id;
  assert.equal((await ed.post('/admin/topics', { topic_into: HOSTILE, action: `merge:${topic}` })).status, 422);
  assert.equal((await ed.post('/admin/topics', { topic_name: 'x'.repeat(101), action: `rename:${topic}` })).status, 422);
  assert.equal((await ed.post('/admin/topics', { action: 'rename:99999999', topic_name: 'Nothing' })).status, 404);
  assert.equal((await ed.post('/admin/topics', { action: HOSTILE })).status, 400);
  assert.equal((await ed.post('/admin/articles/1/notes', { note_kind: 'correction', note_text: 'y'.repeat(2001) })).status, 422);
  assert.equal((await ed.post('/admin/articles/1/notes', [['note_kind', 'update'], ['note_text', { raw: '%FF%FEbad' }]])).status, 422);
  assert.equal((await ed.post('/admin/people', { person_name: 'Bio', person_bio: 'b'.repeat(2001), action: 'save' })).status, 422);
  assert.equal((await ed.post('/admin/front', { front: 'z'.repeat(6000) })).status, 422);
  assert.equal((await ed.post('/admin/people/99999', { person_name: 'Nobody', action: 'save' })).status, 404);
  assert.equal(dump(S.dbPath), before, 'nothing saved');
  for (const p of ['/people/%3Cscript%3E', '/topics/..%2F..%2Fetc', '/people/rayhan-demytrie?page=0', '/topics/central-asia?page=abc']) {
    assert.ok([400, 404].includes((await S.get(p)).status), p);
  }
});
