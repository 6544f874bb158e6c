'use strict';
// import wordpress --uploads DIR end to end: the WordPress fixture plus a few attachments made
// for this test (a picture without alt text, an HTML page named .jpg, a symbolic link out of the
// folder, a path with ".."), with real PNG and JPEG files made now by ImageMagick at the paths the
// export names. The pictures go into the media library through the upload pipeline, the pages
// show them as <picture> from /photos/, refusals keep their remote address with a report line,
// and a second run adds no image.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { SRC, startStack, newsdesk, textOf } = require('../lib/stack.js');
const { addUser, rows, Client } = require('../lib/admin.js');
const { tool, exif } = require('../lib/media.js');

const FIXTURE = path.join(SRC, 'tests', 'fixtures', 'wordpress', 'export.xml');
const NOW = '2010-04-17T08:30:00Z';
const T = { timeout: 120000, killSignal: 'SIGKILL', env: { ...process.env, NEWSDESK_NOW: NOW } };
const PW = 'a long enough password 1';
const SITE = 'http://news.example.test';
const UP = `${SITE}/wp-content/uploads`;

function attachment(id, file, alt) {
  const meta = alt === '' ? '' : `<wp:postmeta><wp:meta_key><![CDATA[_wp_attachment_image_alt]]></wp:meta_key>
    <wp:meta_value><![CDATA[${alt}]]></wp:meta_value></wp:postmeta>`;
  return `<item><title><![CDATA[IMG_${id}]]></title><link>${SITE}/?attachment_id=${id}</link>
    <guid isPermaLink="false">${UP}/${file}</guid><content:encoded><![CDATA[]]></content:encoded>
    <excerpt:encoded><![CDATA[Caption ${id}]]></excerpt:encoded><wp:post_id>${id}</wp:post_id>
    <wp:post_date_gmt><![CDATA[2010-04-15 08:00:00]]></wp:post_date_gmt>
    <wp:status><![CDATA[inherit]]></wp:status><wp:post_type><![CDATA[attachment]]></wp:post_type>
    <wp:attachment_url><![CDATA[${UP}/${file}]]></wp:attachment_url>${meta}</item>\n`;
}

function post(id, slug, thumbnail, body = `<p>A post whose featured image is attachment ${thumbnail}.</p>`) {
  return `<item><title><![CDATA[Picture test ${slug}]]></title><link>${SITE}/2010/04/16/${slug}/</link>
    <guid isPermaLink="false">${SITE}/?p=${id}</guid>
    <content:encoded><![CDATA[${body}]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>${id}</wp:post_id>
    <wp:post_date_gmt><![CDATA[2010-04-16 08:00:00]]></wp:post_date_gmt>
    <wp:post_name><![CDATA[${slug}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
    <category domain="category" nicename="europe"><![CDATA[Europe]]></category>
    <wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key>
    <wp:meta_value><![CDATA[${thumbnail}]]></wp:meta_value></wp:postmeta></item>\n`;
}

let dir;
let S;
let first;
let uploads;
let exportXml;
let ed;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-import-media-'));
  uploads = path.join(dir, 'uploads');
  const april = path.join(uploads, '2010', '04');
  fs.mkdirSync(april, { recursive: true });
  const magick = (...args) => tool('convert', args);
  magick('-size', '900x600', 'gradient:red-blue', path.join(april, 'bakiyev.png'));
  magick('-size', '640x400', 'gradient:green-yellow', path.join(april, 'osh.png'));
  magick('-size', '500x300', 'gradient:white-black', path.join(april, 'noalt.jpg'));
  // WordPress's smaller copy of osh.png, which a body names: the original goes into the library.
  magick(path.join(april, 'osh.png'), '-resize', '300x', path.join(april, 'osh-300x188.png'));
  fs.writeFileSync(path.join(april, 'fake.jpg'), '<!DOCTYPE html><html><body>not a picture</body></html>\n');
  magick('-size', '300x200', 'xc:orange', path.join(dir, 'outside.jpg'));
  // Stored on its side with EXIF orientation 6 and a camera's position: upright and stripped.
  magick('-size', '400x200', 'gradient:navy-pink', path.join(april, 'turned.jpg'));
  tool('exiftool', ['-q', '-overwrite_original', '-Orientation#=6', '-GPSLatitude=40.5', '-GPSLatitudeRef=N', path.join(april, 'turned.jpg')]);
  fs.symlinkSync(path.join(dir, 'outside.jpg'), path.join(april, 'escape.jpg'));
  const extra = attachment(901, '2010/04/fake.jpg', 'Not really a picture') +
    attachment(902, '2010/04/noalt.jpg', '') +
    attachment(903, '2010/04/escape.jpg', 'A link out of the folder') +
    attachment(904, '2010/../../outside.jpg', 'Dot dot') +
    attachment(905, '2010/04/turned.jpg', 'Turned on its side') +
    post(911, 'fake-lead', 901) + post(912, 'noalt-lead', 902) + post(913, 'escape-lead', 903) +
    post(914, 'smaller-copy', 5, `<p>Text.</p><figure><img src="${UP}/2010/04/osh-300x188.png" alt=""/></figure>`);
  exportXml = path.join(dir, 'export.xml');
  fs.writeFileSync(exportXml, fs.readFileSync(FIXTURE, 'utf8').replace('</channel>', `${extra}</channel>`));
  S = await startStack({
    demo: false,
    now: NOW,
    beforeServe: (db) => {
      const r = newsdesk(['import', 'wordpress', '--db', db, '--uploads', uploads, '--report',
        path.join(dir, 'notes.txt'), exportXml], T);
      assert.equal(r.status, 0, `import: ${r.stdout}\n${r.stderr}`);
      first = r;
      addUser(db, 'ed', PW, 'editor');
    },
  });
  ed = new Client(S.base);
  await ed.login('ed', PW);
});

after(async () => {
  if (S) await S.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const leadOf = (slug) => rows(S.dbPath, `SELECT image_url, image_alt FROM articles WHERE slug = '${slug}'`)[0];

test('the report times the images apart and gives each refusal a line', () => {
  assert.match(first.stdout, /images: 4 processed, 1 refused, \d+\.\d\d s/);
  assert.match(first.stdout, /0 already in the library, 2 not found, 1 without alt text/);
  assert.match(first.stderr, /import: images: 4 processed, 1 refused, [\d.]+ s/);
  const notes = fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8');
  assert.match(notes, /image\thttp:\/\/news\.example\.test\/wp-content\/uploads\/2010\/04\/fake\.jpg: refused: .*not a JPEG.*\(remote address kept\)/);
  assert.match(notes, /image\t.*noalt\.jpg: in the library without alt text, so the pages keep the remote address/);
  assert.match(notes, /image\t.*escape\.jpg: its path leaves --uploads/);
  assert.match(notes, /image\t.*2010\/\.\.\/\.\.\/outside\.jpg: its path leaves --uploads/);
});

test('the pictures are in the media library with their alt text and captions, uploaded by import', async () => {
  const imgs = rows(S.dbPath, 'SELECT hash, alt, caption, credit, uploaded_by, format FROM images ORDER BY alt');
  assert.deepEqual(imgs.map((i) => [i.alt, i.caption, i.credit, i.uploaded_by, i.format]), [
    ['', 'Caption 902', '', 'import', 'jpeg'],
    ['Kurmanbek Bakiyev in Osh', 'Mr Bakiyev in Osh on 15 April 2010', '', 'import', 'png'],
    ['Supporters in Osh', 'Supporters gathered in Osh', '', 'import', 'png'],
    ['Turned on its side', 'Caption 905', '', 'import', 'jpeg'],
  ]);
  // Their AVIF renditions were made, as an upload's are, and the library says so.
  assert.equal(rows(S.dbPath, 'SELECT count(*) AS n FROM images WHERE avif = 0')[0].n, 0);
  for (const i of imgs) assert.ok(fs.readdirSync(path.join(S.dir, 'photos', i.hash)).some((f) => f.endsWith('.avif')), i.hash);
  // The upload's pipeline: EXIF orientation applied, metadata stripped from what readers get.
  const turned = rows(S.dbPath, "SELECT hash, width, height FROM images WHERE alt = 'Turned on its side'")[0];
  assert.deepEqual([turned.width, turned.height], [200, 400]);
  const rendition = path.join(S.dir, 'photos', turned.hash, '200.jpg');
  const tags = exif(rendition);
  assert.equal(tags['EXIF:GPSLatitude'], undefined, 'the position reached a rendition');
  assert.equal(tags['EXIF:Orientation'], undefined);
  const page = textOf((await ed.get('/admin/media')).body);
  assert.ok(page.includes('Kurmanbek Bakiyev in Osh'), 'the library lists the imported pictures');
  assert.ok(page.includes('Supporters in Osh'));
});

test("the lead image is a <picture> from the library; its renditions are served under /photos/", async () => {
  const lead = leadOf('kyrgyz-ex-leader-flies');
  assert.match(lead.image_url, /^\/photos\/[0-9a-f]{32}\/\d+\.jpg$/);
  const hash = lead.image_url.split('/')[2];
  const r = await S.get('/news/asia-pacific/kyrgyz-ex-leader-flies');
  assert.equal(r.status, 200);
  assert.match(r.body, /<picture>/);
  assert.ok(r.body.includes(`/photos/${hash}/`), 'the page names the library image');
  assert.ok(!r.body.includes(`${UP}/2010/04/bakiyev.png`), 'the remote address is gone');
  for (const f of [lead.image_url.split('/')[3], '320.webp', '320.jpg']) {
    const img = await fetch(`${S.base}/photos/${hash}/${f}`);
    assert.equal(img.status, 200, f);
    assert.match(img.headers.get('content-type'), /^image\/(jpeg|webp)$/);
    assert.ok((await img.arrayBuffer()).byteLength > 100);
  }
  // The classic post's body image (the same file) is the same library image, with its own alt.
  assert.deepEqual(leadOf('markets-rally'), { image_url: lead.image_url, image_alt: 'Trading floor' });
  const osh = rows(S.dbPath, "SELECT hash FROM images WHERE alt = 'Supporters in Osh'")[0].hash;
  const body = rows(S.dbPath, `SELECT a.slug, p.value, p.label FROM import_pending p
    JOIN articles a ON a.id = p.article_id WHERE p.kind = 'image' ORDER BY a.slug`);
  assert.deepEqual(body.map((b) => [b.slug, b.value.split('/')[2], b.label]), [
    ['kyrgyz-ex-leader-flies', osh, 'Supporters in Osh'],
    ['smaller-copy', osh, 'Supporters in Osh'],   // osh-300x188.png: its original, and its alt
  ], 'body images name the library image');
});

test('a refused file, a picture without alt text and a path out of --uploads keep their remote address', async () => {
  assert.equal(leadOf('fake-lead').image_url, `${UP}/2010/04/fake.jpg`);
  assert.equal(leadOf('noalt-lead').image_url, `${UP}/2010/04/noalt.jpg`);
  assert.equal(leadOf('escape-lead').image_url, `${UP}/2010/04/escape.jpg`);
  const r = await S.get('/news/europe/fake-lead');
  assert.equal(r.status, 200);
  assert.ok(r.body.includes(`${UP}/2010/04/fake.jpg`));
});

test('a second run processes nothing again and adds no image', () => {
  const before = rows(S.dbPath, 'SELECT hash FROM images ORDER BY hash').map((i) => i.hash);
  const r = newsdesk(['import', 'wordpress', '--db', S.dbPath, '--uploads', uploads, exportXml], T);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /images: 0 processed, 1 refused/);
  assert.match(r.stdout, /4 already in the library/);
  assert.deepEqual(rows(S.dbPath, 'SELECT hash FROM images ORDER BY hash').map((i) => i.hash), before);
  assert.match(leadOf('kyrgyz-ex-leader-flies').image_url, /^\/photos\//, 'still the library image');
  assert.equal(newsdesk(['check', '--db', S.dbPath], T).status, 0);
});

test('without --uploads the remote addresses are kept', () => {
  const db = path.join(dir, 'plain.db');
  newsdesk(['init', '--db', db], T);
  const r = newsdesk(['import', 'wordpress', '--db', db, exportXml], T);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /addresses kept: no --uploads/);
  assert.doesNotMatch(r.stdout, /images: /);
  assert.equal(rows(db, 'SELECT count(*) AS n FROM images')[0].n, 0);
  assert.equal(rows(db, "SELECT image_url FROM articles WHERE slug = 'kyrgyz-ex-leader-flies'")[0].image_url,
    `${UP}/2010/04/bakiyev.png`);
});
