'use strict';
// The media library end to end, with real pictures made now (ImageMagick, exiftool, vips):
// uploads through nginx's form path, renditions served by nginx from the media directory,
// EXIF orientation applied and every tag stripped, transparency kept in WebP, a 60-megapixel
// bomb refused from its header, a picture that is really SVG or HTML refused, a truncated JPEG
// refused while the server keeps serving, CSRF and size limits refusing and storing nothing,
// alt text before use, deleting an unused image and its files but never a used one, and the
// article page's <picture>, srcset and social preview of an uploaded lead image.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startStack, textOf, decodeEntities, assertTidy } = require('../lib/stack.js');
const { addUser, dump, rows, Client, configWith, formFields, idFromLocation } = require('../lib/admin.js');
const { upload, tool, exif, vipsHeader } = require('../lib/media.js');

const PW = 'a long enough password 1';
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
let S;
let ed;
let rep;
let tmp;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-media-'));
  S = await startStack({
    demo: true,
    now: '2010-04-17T08:30:00Z',
    config: configWith(tmp, 'upload_max_mb = 2'),
    beforeServe: (db) => { addUser(db, 'ed', PW, 'editor'); addUser(db, 'rep', PW, 'reporter'); },
  });
  ed = new Client(S.base);
  await ed.login('ed', PW);
  rep = new Client(S.base, { localAddress: '127.0.0.5' });
  await rep.login('rep', PW);
  await ed.get('/admin/media');
});

after(async () => {
  if (S) await S.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const file = (name) => path.join(tmp, name);
const imageRows = () => rows(S.dbPath, 'SELECT * FROM images ORDER BY id');
const mediaDirs = () => fs.readdirSync(path.join(S.dir, 'photos')).filter((n) => !n.startsWith('.'));

// Fetches a URL of the site into a file; the response.
async function fetchTo(url, to) {
  const r = await fetch(S.base + url);
  if (r.ok) fs.writeFileSync(to, Buffer.from(await r.arrayBuffer()));
  return r;
}

async function uploadFile(name, fields = {}, type) {
  return upload(ed, { name, data: fs.readFileSync(file(name)), type }, fields);
}

// The id an upload was stored as (303 to /admin/media/ID?done=...).
function uploadedId(r) {
  assert.equal(r.status, 303, `upload: ${r.status} ${textOf(r.body).slice(0, 400)}`);
  const m = /^\/admin\/media\/(\d+)\?done=/.exec(r.headers.location);
  assert.ok(m, r.headers.location);
  return Number(m[1]);
}

function refusal(r) {
  const m = /<p class="form-error" role="alert">([^<]*)<\/p>/.exec(r.body);
  return m ? decodeEntities(m[1]) : '';
}

test('a JPEG with EXIF orientation 6 and GPS comes out upright, with no metadata in any file', async () => {
  // 600x400 as stored, red at the top: shown rotated 90 degrees clockwise, 400x600, red on the right.
  tool('convert', ['-size', '400x600', 'gradient:red-blue', '-rotate', '90', '-quality', '92', file('turned.jpg')]);
  tool('convert', ['-size', '600x400', 'gradient:red-blue', '-quality', '92', file('sideways.jpg')]);
  tool('exiftool', ['-q', '-overwrite_original', '-Orientation#=6', '-GPSLatitude=40.53', '-GPSLatitudeRef=N',
    '-GPSLongitude=72.80', '-GPSLongitudeRef=E', '-Make=Canon', '-Model=EOS 5D', '-Artist=A Photographer',
    file('sideways.jpg')]);
  const before = exif(file('sideways.jpg'));
  assert.equal(before['EXIF:Orientation'], 'Rotate 90 CW');
  assert.ok(before['EXIF:GPSLatitude'] || before['Composite:GPSLatitude']);

  const r = await uploadFile('sideways.jpg', { alt: 'A gradient', credit: 'Photo: Test Agency' });
  const id = uploadedId(r);
  const [img] = rows(S.dbPath, `SELECT * FROM images WHERE id = ${id}`);
  assert.equal(img.width, 400);
  assert.equal(img.height, 600);
  assert.equal(img.format, 'jpeg');
  assert.equal(img.avif, 1);
  assert.equal(img.uploaded_by, 'ed');
  assert.equal(img.credit, 'Photo: Test Agency');

  const page = await ed.get(`/admin/media/${id}`);
  assert.equal(page.status, 200);
  const files = [...page.body.matchAll(/href="(\/photos\/[0-9a-f]{32}\/[^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(files.map((f) => path.basename(f)), ['320.jpg', '320.webp', '320.avif', '400.jpg', '400.webp', '400.avif', 'original.jpg']);
  for (const url of files) {
    const to = file(path.basename(url).replace(/^/, `${id}-`));
    const res = await fetchTo(url, to);
    assert.equal(res.status, 200, url);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable', url);
    const tags = Object.keys(exif(to));
    const leaked = tags.filter((t) => /^(EXIF|XMP|IPTC|MakerNotes|ICC_Profile):/.test(t) || /GPS/.test(t));
    assert.deepEqual(leaked, [], `${url} still carries ${leaked.join(', ')}`);
    assert.ok(Number(vipsHeader(to, 'height')) > Number(vipsHeader(to, 'width')), `${url} is not upright`);
  }
  // Red on the right, blue on the left, as the camera meant it.
  const jpg = file(`${id}-320.jpg`);
  const [lr, , lb] = tool('vips', ['getpoint', jpg, '5', '240']).trim().split(/\s+/).map(Number);
  const [rr, , rb] = tool('vips', ['getpoint', jpg, '314', '240']).trim().split(/\s+/).map(Number);
  assert.ok(rr > rb && lb > lr, `left ${lr},${lb} right ${rr},${rb}`);
});

test('a PNG with transparency keeps it in WebP (and gets white behind it in JPEG)', async () => {
  tool('convert', ['-size', '300x200', 'xc:none', '-fill', 'red', '-draw', 'circle 150,100 150,160', file('dot.png')]);
  const id = uploadedId(await uploadFile('dot.png', { alt: 'A red dot' }, 'image/png'));
  const [img] = rows(S.dbPath, `SELECT hash, alpha, widths FROM images WHERE id = ${id}`);
  assert.equal(img.alpha, 1);
  assert.equal(img.widths, 1);  // narrower than 320: one rendition, at its own width
  const webp = file('dot.webp');
  assert.equal((await fetchTo(`/photos/${img.hash}/300.webp`, webp)).status, 200);
  assert.equal(vipsHeader(webp, 'bands'), '4');
  const [, , , a] = tool('vips', ['getpoint', webp, '2', '2']).trim().split(/\s+/).map(Number);
  assert.equal(a, 0, 'the corner stays transparent');
  const jpg = file('dot.jpg');
  assert.equal((await fetchTo(`/photos/${img.hash}/300.jpg`, jpg)).status, 200);
  assert.deepEqual(tool('vips', ['getpoint', jpg, '2', '2']).trim().split(/\s+/).map(Number).map((v) => v > 240), [true, true, true]);
});

test('a 16-bit PNG, a WebP and an animated GIF (its first frame) are taken, by their bytes whatever their names', async () => {
  tool('convert', ['-size', '500x300', 'gradient:navy-orange', '-depth', '16', file('deep.png')]);
  tool('vips', ['copy', file('deep.png'), `${file('pic.webp')}[Q=80]`]);
  tool('convert', ['-size', '200x100', 'xc:red', '-size', '200x100', 'xc:blue', '-loop', '0', file('anim.gif')]);
  fs.copyFileSync(file('anim.gif'), file('anim-named.png'));  // the name says PNG: the bytes decide
  for (const [name, format, w] of [['deep.png', 'png', 500], ['pic.webp', 'webp', 500], ['anim-named.png', 'gif', 200]]) {
    const id = uploadedId(await uploadFile(name, { alt: name }, 'image/png'));
    const [img] = rows(S.dbPath, `SELECT hash, format, width FROM images WHERE id = ${id}`);
    assert.deepEqual([img.format, img.width], [format, w], name);
    const out = file(`${name}.out.jpg`);
    assert.equal((await fetchTo(`/photos/${img.hash}/${Math.min(320, w)}.jpg`, out)).status, 200, name);
    if (format === 'gif') {  // the first frame: red
      const [r, g, b] = tool('vips', ['getpoint', out, '10', '10']).trim().split(/\s+/).map(Number);
      assert.ok(r > 200 && g < 50 && b < 50, `first frame ${r},${g},${b}`);
    }
  }
});

test('a 60-megapixel PNG is refused from its header, fast, and nothing is stored', async () => {
  tool('vips', ['black', file('bomb.png'), '10000', '6000']);
  assert.ok(fs.statSync(file('bomb.png')).size < 2 << 20, 'the bomb fits under the upload limit');
  const db = dump(S.dbPath);
  const dirs = mediaDirs();
  const t0 = Date.now();
  const r = await uploadFile('bomb.png', { alt: 'Nothing' }, 'image/png');
  const ms = Date.now() - t0;
  assert.equal(r.status, 422);
  assert.match(refusal(r), /more pixels than the limit of 50 megapixels/);
  assert.ok(ms < 5000, `took ${ms} ms: it was decoded?`);
  assert.equal(dump(S.dbPath), db);
  assert.deepEqual(mediaDirs(), dirs);
});

test('a .jpg that is really SVG or HTML is refused, and nothing is stored', async () => {
  const db = dump(S.dbPath);
  const dirs = mediaDirs();
  for (const [name, text] of [
    ['drawing.jpg', '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'],
    ['page.jpg', '<!doctype html><html><body><script>alert(1)</script></body></html>'],
  ]) {
    fs.writeFileSync(file(name), text);
    const r = await uploadFile(name, { alt: 'x' }, 'image/jpeg');
    assert.equal(r.status, 422, name);
    assert.match(refusal(r), /not a JPEG, PNG, WebP, GIF, HEIC or AVIF picture/, name);
  }
  assert.equal(dump(S.dbPath), db);
  assert.deepEqual(mediaDirs(), dirs);
});

test('a truncated JPEG is refused and the server keeps serving', async () => {
  tool('convert', ['-size', '800x600', 'plasma:', '-quality', '90', file('whole.jpg')]);
  const whole = fs.readFileSync(file('whole.jpg'));
  fs.writeFileSync(file('cut.jpg'), whole.subarray(0, Math.floor(whole.length / 2)));
  const db = dump(S.dbPath);
  const r = await uploadFile('cut.jpg', { alt: 'Cut short' });
  assert.equal(r.status, 422);
  assert.match(refusal(r), /could not be read/);
  assert.equal(dump(S.dbPath), db);
  assert.equal((await S.get(SEED)).status, 200);
  assert.ok(S.alive());
});

test('an upload without the CSRF token gets 403 and stores nothing', async () => {
  const db = dump(S.dbPath);
  const dirs = mediaDirs();
  const r = await upload(ed, { name: 'whole.jpg', data: fs.readFileSync(file('whole.jpg')) }, { alt: 'x' }, { csrf: false });
  assert.equal(r.status, 403);
  assert.equal(dump(S.dbPath), db);
  assert.deepEqual(mediaDirs(), dirs);
});

test('an upload over upload_max_mb gets 413 with a clear message and stores nothing', async () => {
  const db = dump(S.dbPath);
  const dirs = mediaDirs();
  const big = Buffer.concat([fs.readFileSync(file('whole.jpg')), Buffer.alloc(3 << 20)]);
  const r = await upload(ed, { name: 'big.jpg', data: big }, { alt: 'x' });
  assert.equal(r.status, 413);
  assert.match(textOf(r.body), /The file is too large: an upload may be at most 2 MB\. Nothing was stored\./);
  assert.equal(dump(S.dbPath), db);
  assert.deepEqual(mediaDirs(), dirs);
});

test('the same picture twice is one image', async () => {
  const first = uploadedId(await uploadFile('whole.jpg', { alt: 'Plasma' }));
  const again = await uploadFile('whole.jpg', { alt: 'Plasma again' });
  assert.equal(again.status, 303);
  assert.equal(again.headers.location, `/admin/media/${first}?done=known`);
  assert.equal(rows(S.dbPath, "SELECT count(*) AS n FROM images WHERE alt LIKE 'Plasma%'")[0].n, 1);
});

test('a known picture uploaded again while the insert fails keeps its files', async () => {
  const [img] = rows(S.dbPath, "SELECT hash FROM images WHERE alt = 'Plasma'");
  const files = fs.readdirSync(path.join(S.dir, 'photos', img.hash)).sort();
  assert.ok(files.includes('640.jpg'));
  rows(S.dbPath, "CREATE TRIGGER no_images BEFORE INSERT ON images BEGIN SELECT RAISE(ABORT, 'refused'); END");
  try {
    const r = await uploadFile('whole.jpg', { alt: 'Plasma once more' });
    assert.equal(r.status, 503);
  } finally {
    rows(S.dbPath, 'DROP TRIGGER no_images');
  }
  assert.deepEqual(fs.readdirSync(path.join(S.dir, 'photos', img.hash)).sort(), files);
  assert.equal((await fetch(`${S.base}/photos/${img.hash}/640.jpg`)).status, 200);
});

// A delete cut short (the worker killed between two files) leaves HASH/ with some files: the
// same picture uploaded again must not take that folder for complete.
test('a known picture whose folder lost files gets them back when uploaded again', async () => {
  const [img] = rows(S.dbPath, "SELECT hash FROM images WHERE alt = 'Plasma'");
  const folder = path.join(S.dir, 'photos', img.hash);
  const files = fs.readdirSync(folder).sort();
  for (const f of ['640.webp', 'original.jpg']) fs.unlinkSync(path.join(folder, f));
  const r = await uploadFile('whole.jpg', { alt: 'Plasma, whole again' });
  assert.equal(r.status, 303, `${r.status} ${textOf(r.body).slice(0, 300)}`);
  assert.match(r.headers.location, /\?done=known$/);
  assert.deepEqual(fs.readdirSync(folder).sort(), files);
  assert.equal((await fetch(`${S.base}/photos/${img.hash}/640.webp`)).status, 200);
});

// A file or a link where HASH/ should be (left by hand, or by a tool) must not block the picture
// for good, and a link is never followed: what it points at stays as it was.
test('a known picture whose folder is a stray file or link gets a folder when uploaded again', async () => {
  const [img] = rows(S.dbPath, "SELECT hash FROM images WHERE alt = 'Plasma'");
  const folder = path.join(S.dir, 'photos', img.hash);
  const files = fs.readdirSync(folder).sort();
  const elsewhere = path.join(tmp, 'elsewhere');
  fs.mkdirSync(elsewhere);
  fs.writeFileSync(path.join(elsewhere, 'keep.txt'), 'not the media directory\'s');
  for (const [what, make] of [['a file', () => fs.writeFileSync(folder, 'stray')],
    ['a link', () => fs.symlinkSync(elsewhere, folder)]]) {
    fs.rmSync(folder, { recursive: true });
    make();
    const r = await uploadFile('whole.jpg', { alt: 'Plasma, whole again' });
    assert.equal(r.status, 303, `${what}: ${r.status} ${textOf(r.body).slice(0, 300)}`);
    assert.ok(fs.lstatSync(folder).isDirectory(), `${what}: HASH/ is a folder again`);
    assert.deepEqual(fs.readdirSync(folder).sort(), files, what);
    assert.deepEqual(fs.readdirSync(path.join(S.dir, 'photos', '.incoming')), [], what);
  }
  assert.deepEqual(fs.readdirSync(elsewhere), ['keep.txt'], 'the link was not followed');
});

// The worker refuses an answer over 100,000 pixels a side: the helper refuses such a picture
// from its header, before decoding it, and says why.
test('a picture over 100,000 pixels a side is refused from its header, saying so', async () => {
  tool('vips', ['black', file('panorama.png'), '150000', '10']);  // ImageMagick's policy refuses it
  const logged = S.log().length;
  const r = await uploadFile('panorama.png', { alt: 'Too long' }, 'image/png');
  assert.equal(r.status, 422, `${r.status} ${textOf(r.body).slice(0, 300)}`);
  assert.match(textOf(r.body), /The picture is 150000 by 10 pixels: newsdesk takes at most 100000 on a side/);
  assert.doesNotMatch(S.log().slice(logged), /answer .* is refused/);
  assert.equal(rows(S.dbPath, "SELECT count(*) AS n FROM images WHERE alt = 'Too long'")[0].n, 0);
});

test('the library searches texts; an image needs alt text before a page uses it', async () => {
  tool('convert', ['-size', '1600x900', 'plasma:', '-quality', '90', file('wide.jpg')]);
  const id = uploadedId(await uploadFile('wide.jpg', { caption: 'Crowds in Osh', credit: 'Photo: Reuters' }));
  const [img] = rows(S.dbPath, `SELECT hash, widths FROM images WHERE id = ${id}`);
  assert.equal(img.widths, 0b11111);  // 320 640 960 1280, and 1600 (its own width) for 1920
  const list = await ed.get('/admin/media?q=reuters');
  assert.match(list.body, new RegExp(`/admin/media/${id}"`));
  assert.doesNotMatch((await ed.get('/admin/media?q=nothing-like-this')).body, new RegExp(`/admin/media/${id}"`));

  // Used before it has alt text: refused beside the field.
  const ref = `/photos/${img.hash}/1600.jpg`;
  const form = await ed.get('/admin/articles/1');
  assert.match(form.body, /<datalist id="media-library">/);
  const fields = formFields(form.body).map(([k, v]) => [k, k === 'image_url' ? ref : k === 'image_alt' ? '' : v]);
  const refused = await ed.post('/admin/articles/1', fields.filter(([k]) => k !== 'csrf').concat([['action', 'save']]));
  assert.equal(refused.status, 422);
  assert.match(textOf(refused.body), /Give that image alt text in the media library before you use it/);

  // With alt text it is offered by the picker and saves; the article's alt comes from it.
  const saved = await ed.post(`/admin/media/${id}`, [['alt', 'Crowds at the rally'], ['caption', 'Crowds in Osh'], ['credit', 'Photo: Reuters'], ['action', 'save']]);
  assert.equal(saved.status, 303);
  const form2 = await ed.get('/admin/articles/1');
  assert.match(form2.body, new RegExp(`<option value="${ref}">Crowds at the rally</option>`));
  const fields2 = formFields(form2.body).map(([k, v]) => [k, k === 'image_url' ? ref : k === 'image_alt' ? '' : v]);
  const ok = await ed.post('/admin/articles/1', fields2.filter(([k]) => k !== 'csrf').concat([['action', 'publish']]));
  assert.equal(ok.status, 303, textOf(ok.body).slice(0, 500));
  assert.equal(rows(S.dbPath, 'SELECT image_alt FROM articles WHERE id = 1')[0].image_alt, 'Crowds at the rally');

  // The reader's page: <picture>, srcset at every width, size set, eager, credit; previews at 1200.
  const page = (await S.get(SEED)).body;
  const lead = /<figure class="lead-image">([\s\S]*?)<\/figure>/.exec(page)[1];
  const avifs = [320, 640, 960, 1280, 1600].map((w) => `/photos/${img.hash}/${w}.avif ${w}w`).join(', ');
  assert.ok(lead.trimStart().startsWith(`<picture><source type="image/avif" srcset="${avifs}" sizes="(min-width: 732px) 700px, calc(100vw - 2rem)"><source type="image/webp"`), lead.slice(0, 300));
  const avif = file('lead.avif');
  assert.equal((await fetchTo(`/photos/${img.hash}/1600.avif`, avif)).status, 200);
  // An AVIF file (ISO media, brand avif) that libvips decodes at its width.
  assert.equal(fs.readFileSync(avif).subarray(4, 12).toString('latin1'), 'ftypavif');
  assert.equal(vipsHeader(avif, 'width'), '1600');
  assert.match(lead, new RegExp(`<source type="image/webp" srcset="/photos/${img.hash}/320.webp 320w, /photos/${img.hash}/640.webp 640w, /photos/${img.hash}/960.webp 960w, /photos/${img.hash}/1280.webp 1280w, /photos/${img.hash}/1600.webp 1600w" sizes="\\(min-width: 732px\\) 700px, calc\\(100vw - 2rem\\)">`));
  assert.match(lead, /width="1600" height="900" alt="Crowds at the rally" fetchpriority="high">/);
  assert.match(lead, /<span class="credit">Photo: Reuters<\/span>/);
  assert.match(page, new RegExp(`<meta property="og:image" content="${S.base}/photos/${img.hash}/1200.jpg">`));
  assert.match(page, /<meta property="og:image:width" content="1200">\n<meta property="og:image:height" content="675">/);
  const og = await fetch(`${S.base}/photos/${img.hash}/1200.jpg`);
  assert.equal(og.status, 200);

  // An image uploaded before AVIF renditions were made (sql/014's avif = 0) is named without them.
  rows(S.dbPath, `UPDATE images SET avif = 0, alt = alt WHERE id = ${id}`);
  const older = /<figure class="lead-image">([\s\S]*?)<\/figure>/.exec((await S.get(SEED)).body)[1];
  assert.ok(older.trimStart().startsWith('<picture><source type="image/webp"'), older.slice(0, 200));
  assert.doesNotMatch(older, /avif/);
  rows(S.dbPath, `UPDATE images SET avif = 1, alt = alt WHERE id = ${id}`);

  // In use: it says where, and cannot be deleted.
  const used = await ed.get(`/admin/media/${id}`);
  assert.match(used.body, /href="\/admin\/articles\/1">Kyrgyz ex-leader[^<]*<\/a> \(lead image\)/);
  const del = await ed.post(`/admin/media/${id}`, [['action', 'delete']]);
  assert.equal(del.status, 409);
  assert.equal(rows(S.dbPath, `SELECT count(*) AS n FROM images WHERE id = ${id}`)[0].n, 1);
  assert.equal((await fetch(`${S.base}/photos/${img.hash}/640.jpg`)).status, 200);
});

test('a reporter describes only pictures of their own that readers see nowhere; a save sends all three texts', async () => {
  const texts = (alt) => [['alt', alt], ['caption', 'A caption'], ['credit', 'A credit'], ['action', 'save']];
  const [others] = rows(S.dbPath, "SELECT id FROM images WHERE alt = 'Plasma'");
  const db = dump(S.dbPath);
  assert.doesNotMatch((await rep.get(`/admin/media/${others.id}`)).body, /name="alt"/, 'no form to fill in vain');
  assert.match((await ed.get(`/admin/media/${others.id}`)).body, /name="alt"/);
  assert.equal((await rep.post(`/admin/media/${others.id}`, texts('Renamed by a reporter'))).status, 403);
  assert.equal(dump(S.dbPath), db);
  // Their own, unused: theirs to describe.
  tool('convert', ['-size', '640x480', 'gradient:white-black', '-quality', '90', file('reps.jpg')]);
  const own = uploadedId(await upload(rep, { name: 'reps.jpg', data: fs.readFileSync(file('reps.jpg')) }, { alt: 'Mine' }));
  assert.match((await rep.get(`/admin/media/${own}`)).body, /name="alt"/);
  assert.equal((await rep.post(`/admin/media/${own}`, texts('Still mine'))).status, 303);
  assert.equal(rows(S.dbPath, `SELECT alt FROM images WHERE id = ${own}`)[0].alt, 'Still mine');
  // A field left out is refused, not read as empty.
  const missing = await rep.post(`/admin/media/${own}`, [['alt', 'No caption sent'], ['credit', ''], ['action', 'save']]);
  assert.equal(missing.status, 422);
  assert.equal(rows(S.dbPath, `SELECT alt FROM images WHERE id = ${own}`)[0].alt, 'Still mine');
  // Their own but on a published article (the seed's lead image): an editor's to change.
  const [lead] = rows(S.dbPath, "SELECT id, uploaded_by FROM images WHERE alt = 'Crowds at the rally'");
  rows(S.dbPath, `UPDATE images SET uploaded_by = 'rep' WHERE id = ${lead.id}`);
  try {
    const before = dump(S.dbPath);
    assert.equal((await rep.post(`/admin/media/${lead.id}`, texts('Live at once'))).status, 403);
    assert.equal(dump(S.dbPath), before);
  } finally {
    rows(S.dbPath, `UPDATE images SET uploaded_by = '${lead.uploaded_by}' WHERE id = ${lead.id}`);
  }
  assert.equal((await ed.post(`/admin/media/${own}`, texts('An editor may'))).status, 303);
});

test('the article form uploads a lead image itself (multipart, no script): it joins the library with the form\'s alt text', async () => {
  tool('convert', ['-size', '1300x800', 'gradient:green-yellow', '-quality', '90', file('lead.jpg')]);
  const form = await ed.get('/admin/articles/2');
  assert.match(form.body, /<form method="post" action="\/admin\/articles\/2" class="article-form" data-draft-key="[^"]*" enctype="multipart\/form-data">/);
  assert.match(form.body, /<input id="image_file" name="file" type="file"/);
  const fields = formFields(form.body).filter(([k]) => k !== 'file')
    .map(([k, v]) => [k, k === 'image_url' ? '' : k === 'image_alt' ? 'Green into yellow' : v]);
  const { multipart } = require('../lib/media.js');
  const m = multipart(fields.concat([['action', 'save']]), { name: 'lead.jpg', data: fs.readFileSync(file('lead.jpg')) });
  const r = await ed.post('/admin/articles/2', [], { rawBody: m.body, headers: { 'content-type': m.type } });
  assert.equal(r.status, 303, textOf(r.body).slice(0, 500));
  const [img] = rows(S.dbPath, "SELECT id, hash, alt, width FROM images WHERE alt = 'Green into yellow'");
  assert.equal(img.width, 1300);
  const [a] = rows(S.dbPath, 'SELECT image_url, image_alt FROM articles WHERE id = 2');
  assert.equal(a.image_url, `/photos/${img.hash}/1300.jpg`);
  assert.equal(a.image_alt, 'Green into yellow');

  // A file that is no picture: the form comes back with the reason beside the field, unsaved.
  const before = dump(S.dbPath);
  fs.writeFileSync(file('notes.jpg'), 'just some text');
  const bad = multipart(fields.concat([['action', 'save']]), { name: 'notes.jpg', data: fs.readFileSync(file('notes.jpg')) });
  const refused = await ed.post('/admin/articles/2', [], { rawBody: bad.body, headers: { 'content-type': bad.type } });
  assert.equal(refused.status, 422);
  assert.match(textOf(refused.body), /not a JPEG, PNG, WebP, GIF, HEIC or AVIF picture/);
  assert.equal(dump(S.dbPath), before);
});

test('the article form uploads a box\'s portrait and a media block\'s poster too, each with its block\'s text as alt text; a refused one says which', async () => {
  tool('convert', ['-size', '500x500', 'gradient:orange-purple', '-quality', '90', file('face.jpg')]);
  tool('convert', ['-size', '1000x560', 'plasma:', '-quality', '90', file('poster.jpg')]);
  const form = await ed.get('/admin/articles/1');
  const box = /<label for="bf(\d+)">Or upload a portrait/.exec(form.body)[1];
  const media = /<label for="bf(\d+)">Or upload a poster/.exec(form.body)[1];
  assert.match(form.body, new RegExp(`<input id="bf${box}" name="bf${box}" type="file" accept="image/jpeg,`));
  assert.match(form.body, new RegExp(`<input id="bf${media}" name="bf${media}" type="file" accept="image/jpeg,`));
  const fields = formFields(form.body).filter(([k]) => k !== 'file' && !/^bf\d+$/.test(k));
  const { multipart } = require('../lib/media.js');
  const send = (fs2, files) => {
    const m = multipart(fs2, files);
    return ed.post('/admin/articles/1', [], { rawBody: m.body, headers: { 'content-type': m.type }, timeout: 120000 });
  };
  const blocksBefore = rows(S.dbPath, "SELECT kind, name, text FROM blocks WHERE article_id = 1 AND kind != 'paragraph' ORDER BY position");
  const boxName = blocksBefore.find((b) => b.kind === 'box').name;
  const caption = blocksBefore.find((b) => b.kind === 'media').text;

  // A file that is no picture in the portrait's field: the form comes back as typed, the
  // reason beside the box, nothing stored (the poster's good file not either).
  const before = dump(S.dbPath);
  const typed = fields.map(([k, v]) => [k, k === 'headline' ? 'A headline typed, not saved' : v]);
  const refused = await send(typed.concat([['action', 'save']]), [
    { field: `bf${box}`, name: 'face.jpg', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') },
  ]);
  assert.equal(refused.status, 422);
  assert.match(textOf(refused.body), new RegExp(`Block ${Number(box) + 1}: The portrait file was not taken: This file is not a JPEG, PNG, WebP, GIF, HEIC or AVIF picture`));
  assert.match(refused.body, /value="A headline typed, not saved"/);
  assert.equal(dump(S.dbPath), before);

  // Both pictures: each joins the library with its block's text as alt text, and the block names it.
  const r = await send(fields.concat([['action', 'save']]), [
    { field: `bf${box}`, name: 'face.jpg', data: fs.readFileSync(file('face.jpg')) },
    { field: `bf${media}`, name: 'poster.jpg', data: fs.readFileSync(file('poster.jpg')) },
  ]);
  assert.equal(r.status, 303, textOf(r.body).slice(0, 500));
  const [portrait] = rows(S.dbPath, `SELECT hash, width, avif FROM images WHERE alt = '${boxName.replace(/'/g, "''")}' AND width = 500`);
  const [poster] = rows(S.dbPath, `SELECT hash, width FROM images WHERE alt = '${caption.replace(/'/g, "''")}' AND width = 1000`);
  assert.ok(portrait && poster, 'both pictures are in the library');
  const after = rows(S.dbPath, "SELECT kind, image_url FROM blocks WHERE article_id = 1 AND kind != 'paragraph' ORDER BY position");
  assert.equal(after.find((b) => b.kind === 'box').image_url, `/photos/${portrait.hash}/500.jpg`);
  assert.equal(after.find((b) => b.kind === 'media').image_url, `/photos/${poster.hash}/1000.jpg`);
  const page = (await S.get(SEED)).body;
  assert.match(page, new RegExp(`<aside class="box">\\n<picture><source type="image/avif" srcset="/photos/${portrait.hash}/320\\.avif 320w, /photos/${portrait.hash}/500\\.avif 500w" sizes="64px">`));
  assert.match(page, new RegExp(` poster="/photos/${poster.hash}/640\\.jpg"`));  // a poster has no srcset: the 640

  // A file under a name no form gives, or one field's file twice: a bad request, nothing stored.
  const before2 = dump(S.dbPath);
  const face = fs.readFileSync(file('face.jpg'));
  for (const files of [[{ field: 'bf01', name: 'a.jpg', data: face }], [{ field: 'portrait', name: 'a.jpg', data: face }],
    [{ field: `bf${box}`, name: 'a.jpg', data: face }, { field: `bf${box}`, name: 'b.jpg', data: face }]]) {
    assert.equal((await send(fields.concat([['action', 'save']]), files)).status, 400, files.map((f) => f.field).join(' '));
  }
  assert.equal(dump(S.dbPath), before2);
});

test('the library, an image\'s page, the article form and the pages that show photos are tidy', async () => {
  const [img] = rows(S.dbPath, 'SELECT id FROM images ORDER BY id DESC LIMIT 1');
  for (const p of ['/admin/media', '/admin/media?q=plasma', `/admin/media/${img.id}`, '/admin/articles/1']) {
    const r = await ed.get(p);
    assert.equal(r.status, 200, p);
    assertTidy(r.body, p);
  }
  for (const p of [SEED, '/', '/news/asia-pacific']) {
    const r = await S.get(p);
    assert.equal(r.status, 200, p);
    assertTidy(r.body, p);
    if (p !== '/') assert.match(r.body, /srcset="\/photos\/[0-9a-f]{32}\/320\.jpg 320w, /, `${p} has srcsets`);
  }
});

test('an unused image can be deleted, and its files go with it', async () => {
  tool('convert', ['-size', '700x500', 'plasma:', '-quality', '90', file('spare.jpg')]);
  const id = uploadedId(await uploadFile('spare.jpg', { alt: 'Spare' }));
  const [img] = rows(S.dbPath, `SELECT hash FROM images WHERE id = ${id}`);
  assert.equal((await fetch(`${S.base}/photos/${img.hash}/640.jpg`)).status, 200);
  // A reporter uploads and describes pictures but does not delete them, nor see the button.
  assert.doesNotMatch((await rep.get(`/admin/media/${id}`)).body, /value="delete"/);
  assert.match((await ed.get(`/admin/media/${id}`)).body, /value="delete"/);
  assert.equal((await rep.post(`/admin/media/${id}`, [['action', 'delete']])).status, 403);
  assert.equal(rows(S.dbPath, `SELECT count(*) AS n FROM images WHERE id = ${id}`)[0].n, 1);
  const del = await ed.post(`/admin/media/${id}`, [['action', 'delete']]);
  assert.equal(del.status, 303);
  assert.equal(rows(S.dbPath, `SELECT count(*) AS n FROM images WHERE id = ${id}`)[0].n, 0);
  assert.equal((await fetch(`${S.base}/photos/${img.hash}/640.jpg`)).status, 404);
  assert.ok(!mediaDirs().includes(img.hash));
});

test('the media directory\'s .incoming folder is not served', async () => {
  assert.equal((await fetch(`${S.base}/photos/.incoming/`)).status, 404);
  // A missing picture is not cached for a year: it may be uploaded yet.
  const missing = await fetch(`${S.base}/photos/${'0'.repeat(32)}/640.jpg`);
  assert.equal(missing.status, 404);
  assert.doesNotMatch(missing.headers.get('cache-control') || '', /immutable/);
  const static404 = await fetch(`${S.base}/static/no-such-file.css`);
  assert.equal(static404.status, 404);
  assert.doesNotMatch(static404.headers.get('cache-control') || '', /immutable/);
});

// The processes under newsdesk serve: {pid, ppid, comm} from /proc.
function processes() {
  const out = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      out.push({ pid: Number(d), ppid, cmd });
    } catch (e) { /* gone */ }
  }
  return out;
}

test('a decoder that dies mid-decode (SIGKILL: a sanitizer build would report a SIGSEGV) costs that upload only: the worker and the server go on', async () => {
  const all = processes();
  const server = all.find((p) => p.cmd.includes('serve') && p.cmd.includes(S.socket));
  assert.ok(server, 'newsdesk serve is running');
  const worker = all.find((p) => p.ppid === server.pid);
  assert.ok(worker, 'the media worker is its child');
  tool('convert', ['-size', '6000x4000', 'gradient:red-blue', '-quality', '90', file('large.jpg')]);
  const data = fs.readFileSync(file('large.jpg'));
  assert.ok(data.length < 2 << 20, `${data.length} bytes fit the test's 2 MB limit`);
  const pending = upload(ed, { name: 'large.jpg', data }, { alt: 'Large' });
  let killed = null;
  for (let i = 0; i < 400 && !killed; i++) {  // the job's child, while it decodes
    const job = processes().find((p) => p.ppid === worker.pid);
    if (job) { process.kill(job.pid, 'SIGKILL'); killed = job.pid; }
    else await new Promise((r) => setTimeout(r, 10));
  }
  assert.ok(killed, 'the job ran in a child of the worker');
  const r = await pending;
  assert.equal(r.status, 422);
  assert.match(refusal(r), /its decoder failed or took too long/);
  assert.equal(rows(S.dbPath, "SELECT count(*) AS n FROM images WHERE alt = 'Large'")[0].n, 0);
  assert.equal((await S.get(SEED)).status, 200);
  assert.ok(S.alive());
  assert.ok(processes().some((p) => p.pid === worker.pid), 'the worker lives on');
  assert.equal(uploadedId(await upload(ed, { name: 'large.jpg', data }, { alt: 'Large' })) > 0, true);
});

test('a decoder that hangs is killed at image_job_seconds: that upload fails, the next one works', async () => {
  const H = await startStack({
    demo: false,
    config: configWith(tmp, 'image_job_seconds = 2\nupload_max_mb = 2'),
    beforeServe: (db) => {
      addUser(db, 'ed', PW, 'editor');
      // What a killed job and a killed upload left an hour ago: the worker sweeps them at start.
      const incoming = path.join(path.dirname(db), 'photos', '.incoming');
      fs.mkdirSync(path.join(incoming, 'deadbeef-1-0'), { recursive: true });
      fs.writeFileSync(path.join(incoming, 'deadbeef-1-0', '640.jpg'), 'x');
      fs.writeFileSync(path.join(incoming, 'upload-1'), 'x');
      const hourAgo = new Date(Date.now() - 3600e3);
      for (const n of ['deadbeef-1-0/640.jpg', 'deadbeef-1-0', 'upload-1']) fs.utimesSync(path.join(incoming, n), hourAgo, hourAgo);
    },
  });
  try {
    const client = new Client(H.base);
    await client.login('ed', PW);
    await client.get('/admin/media');
    const all = processes();
    const server = all.find((p) => p.cmd.includes('serve') && p.cmd.includes(H.socket));
    const worker = all.find((p) => p.ppid === server.pid);
    const data = fs.readFileSync(file('large.jpg'));
    const t0 = Date.now();
    const pending = upload(client, { name: 'large.jpg', data }, { alt: 'Hangs' });
    pending.catch(() => {});  // awaited below; a failed assertion before then stops the stack
    // Above stdio, the job soon holds no socket (the worker's to the server) nor database file.
    const openFiles = (pid) => fs.readdirSync(`/proc/${pid}/fd`).filter((n) => Number(n) > 2).map((n) => {
      try { return fs.readlinkSync(`/proc/${pid}/fd/${n}`); } catch { return ''; }
    });
    const inherited = (fds) => fds.some((l) => l.startsWith('socket:') || l.includes('.db'));
    let stopped = null;
    let fds = [];
    for (let i = 0; i < 400 && !stopped; i++) {
      const job = processes().find((p) => p.ppid === worker.pid);
      if (job) {
        for (let j = 0; j < 50 && inherited(fds = openFiles(job.pid)); j++) await new Promise((r) => setTimeout(r, 10));
        process.kill(job.pid, 'SIGSTOP');
        stopped = job.pid;
      } else await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(stopped, 'the job ran in a child of the worker');
    assert.ok(!inherited(fds), `the job's fds: ${fds.join(' ')}`);
    assert.deepEqual(fs.readdirSync(path.join(H.dir, 'photos', '.incoming')).filter((n) => n.startsWith('deadbeef') || n === 'upload-1'), [],
      'the leftovers of killed jobs are swept');
    const r = await pending;
    const ms = Date.now() - t0;
    assert.equal(r.status, 422);
    assert.match(refusal(r), /its decoder failed or took too long/);
    assert.ok(ms >= 1900 && ms < 10000, `answered after ${ms} ms`);
    assert.ok(!processes().some((p) => p.pid === stopped), 'the stopped job is gone');
    assert.equal(rows(H.dbPath, 'SELECT count(*) AS n FROM images')[0].n, 0);
    assert.deepEqual(fs.readdirSync(path.join(H.dir, 'photos')), ['.incoming']);
    assert.deepEqual(fs.readdirSync(path.join(H.dir, 'photos', '.incoming')), []);
    assert.ok(uploadedId(await upload(client, { name: 'whole.jpg', data: fs.readFileSync(file('whole.jpg')) }, { alt: 'Fine' })) > 0);
  } finally {
    await H.stop();
  }
});
