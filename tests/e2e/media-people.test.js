'use strict';
// Portraits from the media library, and where an image is used: the demo's correspondent has
// her uploaded portrait, shown on her page as <picture> (an address typed by hand stays <img>);
// the person form offers the library and refuses an image without alt text as the article form
// does; a person's portrait and an old revision count as uses (the list and the delete check,
// read by index, sql/013_image_uses.sql); a reporter sees the headline of no one else's draft
// on an image's page; and a database made before sql/013 gets its revisions' images counted.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startStack, textOf, decodeEntities, assertTidy } = require('../lib/stack.js');
const {
  addUser, dump, rows, Client, configWith, formFields, articleFields, idFromLocation,
} = require('../lib/admin.js');
const { upload, tool } = require('../lib/media.js');
const ops = require('../lib/ops.js');

const PW = 'a long enough password 2';
const PERSON = '/people/rayhan-demytrie';
let S;
let ed;
let rep;
let tmp;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-media-people-'));
  S = await startStack({
    demo: true,
    now: '2010-04-17T08:30:00Z',
    config: configWith(tmp, ''),
    beforeServe: (db) => { addUser(db, 'ed', PW, 'editor'); addUser(db, 'rep', PW, 'reporter'); },
  });
  ed = new Client(S.base);
  await ed.login('ed', PW);
  rep = new Client(S.base, { localAddress: '127.0.0.6' });
  await rep.login('rep', PW);
  await ed.get('/admin/media');
});

after(async () => {
  if (S) await S.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// A new picture in the library (fields: alt, caption, credit); its id, hash and address.
let pictures = 0;
async function newImage(fields = {}) {
  const name = path.join(tmp, `p${++pictures}.jpg`);
  tool('convert', ['-seed', String(pictures), '-size', '500x500', 'plasma:', '-quality', '90', name]);
  const r = await upload(ed, { name: path.basename(name), data: fs.readFileSync(name) }, fields);
  assert.equal(r.status, 303, textOf(r.body).slice(0, 300));
  const id = Number(/^\/admin\/media\/(\d+)\?done=uploaded$/.exec(r.headers.location)[1]);
  const [img] = rows(S.dbPath, `SELECT hash, width FROM images WHERE id = ${id}`);
  return { id, hash: img.hash, ref: `/photos/${img.hash}/${img.width}.jpg` };
}

function refusal(body) {
  const m = /<p class="form-error" role="alert">([^<]*)<\/p>/.exec(body);
  return m ? decodeEntities(m[1]) : '';
}

// The person form as sent, with some fields changed.
async function personFields(id, changes) {
  const form = await ed.get(`/admin/people/${id}`);
  assert.equal(form.status, 200);
  return formFields(form.body, /class="person-form"/).filter(([k]) => k !== 'csrf' && k !== 'action')
    .map(([k, v]) => [k, k in changes ? changes[k] : v]).concat([['action', 'save']]);
}

const portraitOf = (page) => /<header class="owner">\n([\s\S]*?)<h1/.exec(page)[1];

test('the demo\'s correspondent has her uploaded portrait, as <picture> on her page and in the box', async () => {
  const [p] = rows(S.dbPath, "SELECT portrait_url FROM people WHERE slug = 'rayhan-demytrie'");
  const m = /^\/photos\/([0-9a-f]{32})\/(\d+)\.jpg$/.exec(p.portrait_url);
  assert.ok(m, p.portrait_url);
  const [img] = rows(S.dbPath, `SELECT width, height, alt FROM images WHERE hash = '${m[1]}'`);
  assert.equal(img.alt, 'Rayhan Demytrie');

  const page = await S.get(PERSON);
  assert.equal(page.status, 200);
  const h = m[1];
  const portrait = portraitOf(page.body);
  assert.match(portrait, new RegExp(`^<picture class="portrait"><source type="image/avif" srcset="/photos/${h}/320\\.avif 320w, /photos/${h}/${img.width}\\.avif ${img.width}w" sizes="112px"><source type="image/webp" srcset="/photos/${h}/320\\.webp 320w, /photos/${h}/${img.width}\\.webp ${img.width}w" sizes="112px">`));
  assert.match(portrait, new RegExp(`<img class="portrait" src="/photos/${h}/${img.width}\\.jpg" srcset="/photos/${h}/320\\.jpg 320w, /photos/${h}/${img.width}\\.jpg ${img.width}w" sizes="112px" width="${img.width}" height="${img.height}" alt="Rayhan Demytrie"></picture>`));
  assert.equal((await fetch(`${S.base}/photos/${h}/320.webp`)).status, 200);
  const avif = await fetch(`${S.base}/photos/${h}/320.avif`);
  assert.equal(avif.status, 200);
  assert.equal(avif.headers.get('content-type'), 'image/avif');
  await assertTidy(page.body, PERSON);

  // The box on the seed story shows the same picture at the box's 64px.
  const seed = (await S.get('/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan')).body;
  assert.match(seed, new RegExp(`<aside class="box">\\n<picture><source type="image/avif" srcset="/photos/${h}/320\\.avif 320w[^"]*" sizes="64px"><source type="image/webp" srcset="/photos/${h}/320\\.webp 320w[^"]*" sizes="64px">`));
});

test('the person form offers the library and refuses an image without alt text; an address stays <img>', async () => {
  const form = await ed.get('/admin/people/1');
  assert.match(form.body, /<input id="person-portrait" name="person_portrait" value="[^"]*" maxlength="2048" list="media-library">/);
  assert.match(form.body, /<datalist id="media-library">\n(<option [^\n]*\n)*<option value="\/photos\/[0-9a-f]{32}\/\d+\.jpg">Rayhan Demytrie<\/option>/);
  await assertTidy(form.body, '/admin/people/1');

  // No alt text yet: refused with the article form's message, nothing saved.
  const img = await newImage();
  const before = dump(S.dbPath);
  const refused = await ed.post('/admin/people/1', await personFields(1, { person_portrait: img.ref }));
  assert.equal(refused.status, 422);
  assert.equal(refusal(refused.body), 'Give that image alt text in the media library before you use it.');
  assert.equal(dump(S.dbPath), before);
  // An address of the library's form that names no image in it.
  const gone = await ed.post('/admin/people/1', await personFields(1, { person_portrait: `/photos/${'0'.repeat(32)}/320.jpg` }));
  assert.equal(gone.status, 422);
  assert.match(refusal(gone.body), /not in the media library/);

  // With alt text: offered by the picker, saved, shown as <picture>.
  assert.equal((await ed.post(`/admin/media/${img.id}`, [['alt', 'A new portrait'], ['caption', ''], ['credit', ''], ['action', 'save']])).status, 303);
  assert.match((await ed.get('/admin/people/1')).body, new RegExp(`<option value="${img.ref}">A new portrait</option>`));
  const saved = await ed.post('/admin/people/1', await personFields(1, { person_portrait: img.ref }));
  assert.equal(saved.status, 303, refusal(saved.body));
  assert.equal(rows(S.dbPath, 'SELECT portrait_url FROM people WHERE id = 1')[0].portrait_url, img.ref);
  assert.match(portraitOf((await S.get(PERSON)).body), new RegExp(`^<picture class="portrait"><source type="image/avif" srcset="/photos/${img.hash}/320\\.avif 320w, /photos/${img.hash}/500\\.avif 500w" sizes="112px"><source type="image/webp" srcset="/photos/${img.hash}/320\\.webp 320w, /photos/${img.hash}/500\\.webp 500w" sizes="112px"><img class="portrait" src="/photos/${img.hash}/500\\.jpg" [^>]* width="500" height="500" alt="Rayhan Demytrie"></picture>\\n$`));

  // A person's portrait is a use: listed, linked to the person, and the image cannot be deleted.
  const item = await ed.get(`/admin/media/${img.id}`);
  assert.match(item.body, /<li><a href="\/admin\/people\/1">Rayhan Demytrie<\/a> \(portrait\)<\/li>/);
  assert.doesNotMatch(item.body, /value="delete"/);
  assert.equal((await ed.post(`/admin/media/${img.id}`, [['action', 'delete']])).status, 409);
  assert.equal(rows(S.dbPath, `SELECT count(*) AS n FROM images WHERE id = ${img.id}`)[0].n, 1);
  assert.equal((await fetch(`${S.base}${img.ref}`)).status, 200);

  // An address typed by hand: a plain <img>, and the image is free to go.
  const typed = await ed.post('/admin/people/1', await personFields(1, { person_portrait: 'https://example.org/rayhan.jpg' }));
  assert.equal(typed.status, 303);
  assert.equal(portraitOf((await S.get(PERSON)).body), '<img class="portrait" src="https://example.org/rayhan.jpg" alt="Rayhan Demytrie">\n');
  assert.match((await ed.get(`/admin/media/${img.id}`)).body, /Not used on any page/);
  assert.equal((await ed.post(`/admin/media/${img.id}`, [['action', 'delete']])).status, 303);
  assert.equal(rows(S.dbPath, `SELECT count(*) AS n FROM images WHERE id = ${img.id}`)[0].n, 0);
});

test('an image only an old revision names cannot be deleted (a restore would bring it back)', async () => {
  const img = await newImage({ alt: 'Once the lead' });
  const edit = async (changes) => {
    const form = await ed.get('/admin/articles/2');
    const fields = formFields(form.body).filter(([k]) => k !== 'csrf')
      .map(([k, v]) => [k, k in changes ? changes[k] : v]).concat([['action', 'save']]);
    const r = await ed.post('/admin/articles/2', fields);
    assert.equal(r.status, 303, textOf(r.body).slice(0, 300));
  };
  await edit({ image_url: img.ref, image_alt: '' });
  assert.match((await ed.get(`/admin/media/${img.id}`)).body, /href="\/admin\/articles\/2">[^<]+<\/a> \(lead image\)/);
  await edit({ image_url: '', image_alt: '' });
  assert.ok(rows(S.dbPath, `SELECT count(*) AS n FROM revision_images WHERE hash = '${img.hash}'`)[0].n >= 1);
  assert.match((await ed.get(`/admin/media/${img.id}`)).body, /Not used on any page/);
  const del = await ed.post(`/admin/media/${img.id}`, [['action', 'delete']]);
  assert.equal(del.status, 409);
  assert.match(refusal(del.body), /in a revision/);
  assert.equal(rows(S.dbPath, `SELECT count(*) AS n FROM images WHERE id = ${img.id}`)[0].n, 1);
});

test('a reporter sees "an unpublished article" for a draft not theirs; their own and published ones by headline', async () => {
  const img = await newImage({ alt: 'Shared picture' });
  const draft = (client, headline) => client.post('/admin/articles/new', articleFields({
    headline, section: 'asia-pacific', intro: 'An intro.', image_url: img.ref,
    blocks: [{ text: 'A paragraph.' }], action: 'save',
  }));
  let r = await draft(ed, 'Editor secret draft about Osh');
  assert.equal(r.status, 303, textOf(r.body).slice(0, 300));
  const secret = idFromLocation(r.headers.location).id;
  r = await draft(rep, 'Reporter own draft about Osh');
  assert.equal(r.status, 303, textOf(r.body).slice(0, 300));
  const own = idFromLocation(r.headers.location).id;
  // A published story that shows it too.
  const form = await ed.get('/admin/articles/3');
  const fields = formFields(form.body).filter(([k]) => k !== 'csrf')
    .map(([k, v]) => [k, k === 'image_url' ? img.ref : k === 'image_alt' ? '' : v]).concat([['action', 'publish']]);
  assert.equal((await ed.post('/admin/articles/3', fields)).status, 303);
  const [pub] = rows(S.dbPath, 'SELECT headline FROM articles WHERE id = 3');

  const seen = await rep.get(`/admin/media/${img.id}`);
  assert.equal(seen.status, 200);
  assert.doesNotMatch(seen.body, /Editor secret draft/);
  assert.doesNotMatch(seen.body, new RegExp(`/admin/articles/${secret}"`));
  assert.match(seen.body, /<li>an unpublished article \(lead image\)<\/li>/);
  assert.match(seen.body, new RegExp(`<li><a href="/admin/articles/${own}">Reporter own draft about Osh</a> \\(lead image\\)</li>`));
  assert.ok(seen.body.includes(`<li>${pub.headline.replace(/'/g, '&#39;')} (lead image)</li>`), 'the published headline, unlinked');
  await assertTidy(seen.body, 'the image page as a reporter');

  const all = await ed.get(`/admin/media/${img.id}`);
  assert.match(all.body, new RegExp(`<li><a href="/admin/articles/${secret}">Editor secret draft about Osh</a> \\(lead image\\)</li>`));
  assert.match(all.body, new RegExp(`<li><a href="/admin/articles/${own}">Reporter own draft about Osh</a>`));
  assert.match(all.body, new RegExp(`<li><a href="/admin/articles/3">`));
  assert.doesNotMatch(all.body, /an unpublished article/);
});

test('a database made before sql/013 gets its revisions\' images counted on migration', () => {
  const SQL = path.join(ops.SRC, 'sql');
  const migrations = fs.readdirSync(SQL).filter((f) => /^\d{3}_.*\.sql$/.test(f)).sort();
  const mine = migrations.indexOf('013_image_uses.sql');
  assert.ok(mine > 0);
  const db = path.join(tmp, 'old.db');
  const h = 'ab'.repeat(16);
  let text = '';
  for (const f of migrations.slice(0, mine)) text += fs.readFileSync(path.join(SQL, f), 'utf8') + '\n';
  text += `INSERT INTO sections (id, slug, name, position) VALUES (1, 'europe', 'Europe', 1);
INSERT INTO articles (id, section_id, slug, headline, intro, status, updated_at) VALUES (1, 1, 's', 'H', 'I', 'draft', 1);
INSERT INTO revisions (id, article_id, created_at, action, content) VALUES
  (1, 1, 1, 'saved', json_object('image_url', '/photos/${h}/640.jpg', 'blocks', json_array(json_object('image_url', '/photos/${'cd'.repeat(16)}/320.jpg')))),
  (2, 1, 2, 'saved', json_object('image_url', '/static/img/x.svg', 'intro', 'see /photos/not-a-hash/1.jpg'));
PRAGMA user_version = ${mine};\n`;
  ops.mustRun('sqlite3', ['-batch', '-bail', db], { input: `PRAGMA foreign_keys = ON;\nBEGIN;\n${text}COMMIT;\n` });
  // the first command that opens it migrates it
  const r = ops.run(ops.BIN, ['render', '--db', db, '--templates', ops.TEMPLATES, '--config', ops.CONFIG, '/']);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, ops.SANITIZER);
  const got = ops.mustRun('sqlite3', [db, 'SELECT revision_id, hash FROM revision_images ORDER BY 1, 2']).stdout.trim();
  assert.equal(got, `1|${h}\n1|${'cd'.repeat(16)}`);
});
