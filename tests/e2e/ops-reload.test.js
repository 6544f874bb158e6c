'use strict';
// SIGHUP under load (systemctl reload): while 8 requests are always in flight through nginx,
// newsdesk is sent SIGHUP several times: unchanged; after the publisher changed in the config
// (the pages change); with a broken config (refused, logged with file:line, still serving the
// last good one); with a good config but a broken template (refused as a whole: the config
// change is not applied either); fixed again. Not one request may fail.

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const ops = require('../lib/ops.js');
const { textOf } = require('../lib/stack.js');

let dir, app, web, load;
after(async () => {
  if (load) await load.stop();
  if (web) await web.stop();
  if (app) await ops.stopProcess(app, 5000);
  ops.removeDir(dir);
});

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const s = path.join(from, e.name), d = path.join(to, e.name);
    if (e.isDirectory()) copyDir(s, d); else fs.copyFileSync(s, d);
  }
}

const count = (text, re) => (text.match(new RegExp(re.source, 'g')) || []).length;

test('SIGHUP reloads config and templates all or nothing, under load, without a failed request',
  { timeout: 120000 }, async () => {
    dir = ops.tmpDir('reload');
    const db = path.join(dir, 'newsdesk.db');
    const conf = path.join(dir, 'newsdesk.conf');
    const templates = path.join(dir, 'templates');
    ops.initDb(db);
    copyDir(ops.TEMPLATES, templates);
    const original = fs.readFileSync(ops.CONFIG, 'utf8');
    assert.match(original, /^publisher = BBC$/m, 'deploy/newsdesk.conf should set publisher = BBC');
    fs.writeFileSync(conf, original);
    const sock = path.join(dir, 'newsdesk.sock');
    app = await ops.startServe({ db, socket: sock, config: conf, templates, threads: 4,
      logFile: path.join(dir, 'newsdesk.log') });
    web = await ops.startNginx(sock, { runDir: path.join(dir, 'nginx') });

    const publisherOf = async () => {
      const r = await ops.request(web.base, ops.ARTICLE);
      assert.equal(r.status, 200);
      const m = /class="disclaimer"[^>]*>([^<]*)</.exec(r.body);
      assert.ok(m, 'the article has no disclaimer line');
      const text = textOf(m[1]);
      const p = /^The (.*) is not responsible for the content of external internet sites$/.exec(text);
      assert.ok(p, `unexpected disclaimer: ${text}`);
      return p[1];
    };
    assert.equal(await publisherOf(), 'BBC');

    const hup = async (re, n, what) => {
      app.child.kill('SIGHUP');
      await ops.waitFor(() => count(app.out, re) >= n, 15000, () => `${what}: log line ${re} (#${n}):\n${app.out}`);
    };
    const RELOADED = /SIGHUP: reloaded/;
    const REFUSED = /SIGHUP: reload refused[^\n]*/;

    load = ops.startLoad(web.base, [ops.ARTICLE, '/', '/news/europe', `${ops.ARTICLE}/print`, '/search?q=kyrgyz'],
      { concurrency: 8 });
    const t0 = Date.now();
    await ops.sleep(300);

    // 1. Nothing changed.
    await hup(RELOADED, 1, 'plain SIGHUP');
    assert.equal(await publisherOf(), 'BBC');
    await ops.sleep(300);

    // 2. A new publisher: the pages change.
    fs.writeFileSync(conf, original.replace(/^publisher = BBC$/m, 'publisher = Ops Reload Gazette'));
    await hup(RELOADED, 2, 'SIGHUP after the publisher changed');
    assert.equal(await publisherOf(), 'Ops Reload Gazette', 'the page still shows the old publisher after the reload');
    await ops.sleep(300);

    // 3. A broken config: refused, with file and line; the last good one stays.
    const broken = original.replace(/^publisher = BBC$/m, 'publisher = Broken Gazette');
    const lines = broken.split('\n');
    lines.splice(2, 0, 'no_such_key = 1');
    fs.writeFileSync(conf, lines.join('\n'));
    await hup(REFUSED, 1, 'SIGHUP with a broken config');
    const refusal = app.out.match(REFUSED)[0];
    assert.ok(refusal.includes(`${conf}:3`), `the refusal does not name ${conf}:3: ${refusal}`);
    assert.match(refusal, /no_such_key/);
    assert.equal(await publisherOf(), 'Ops Reload Gazette');
    await ops.sleep(300);

    // 4. A good config but a template that does not parse: the whole reload is refused.
    fs.writeFileSync(conf, original.replace(/^publisher = BBC$/m, 'publisher = Second Gazette'));
    const footer = path.join(templates, 'footer.tpl');
    const footerText = fs.readFileSync(footer, 'utf8');
    fs.writeFileSync(footer, `${footerText}{{#UNCLOSED_SECTION}}\n`);
    await hup(REFUSED, 2, 'SIGHUP with a broken template');
    const refusal2 = app.out.match(new RegExp(REFUSED.source, 'g'))[1];
    assert.match(refusal2, /footer\.tpl/, `the refusal does not name the template: ${refusal2}`);
    assert.equal(await publisherOf(), 'Ops Reload Gazette', 'a refused reload applied the config anyway');
    await ops.sleep(300);

    // 5. Fixed: both apply.
    fs.writeFileSync(footer, footerText);
    await hup(RELOADED, 3, 'SIGHUP after the template was fixed');
    assert.equal(await publisherOf(), 'Second Gazette');

    while (Date.now() - t0 < 3000) await ops.sleep(100);
    const results = await load.stop();
    load = null;

    const failed = results.filter((r) => r.status !== 200 || !r.whole);
    assert.ok(results.length >= 40, `only ${results.length} requests were made under load`);
    assert.deepEqual(failed.map((r) => `${r.path}: ${r.status} ${r.error || (r.whole ? '' : 'not a whole page')}`), [],
      `${failed.length} of ${results.length} requests failed during the reloads`);
    assert.equal(count(app.out, RELOADED), 3, `reloads logged:\n${app.out}`);

    await web.stop();
    web = null;
    await ops.stopProcess(app);
    assert.equal(app.code, 0, `newsdesk ended with ${app.describe()}:\n${app.out}`);
    assert.doesNotMatch(app.out, ops.SANITIZER);
    app = null;
  });
