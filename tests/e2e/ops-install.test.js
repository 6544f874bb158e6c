'use strict';
// Installing: `cmake --install` of the tested build into a temporary prefix, then the installed
// binary alone (no --templates: it finds share/newsdesk/templates beside itself) behind a
// private nginx made from deploy/nginx.conf with the installed public/ directory.
// The install runs with DESTDIR set as well, so that a path the install rules make absolute
// lands in the temporary directory and never in this machine's /etc or /var.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const ops = require('../lib/ops.js');
const { textOf } = require('../lib/stack.js');

const BUILD = path.dirname(ops.BIN);
const PREFIX = '/opt/newsdesk-test';
const haveBuild = fs.existsSync(path.join(BUILD, 'cmake_install.cmake')) && !!ops.which('cmake');

let dir, stage, root, bin, app, web, log = '';

function listFiles(top) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else out.push(p);
    }
  };
  if (fs.existsSync(top)) walk(top);
  return out;
}

before(async () => {
  if (!haveBuild) return;
  dir = ops.tmpDir('install');
  stage = path.join(dir, 'stage');
  root = path.join(stage, PREFIX);
  const r = ops.run('cmake', ['--install', BUILD, '--prefix', PREFIX],
    { env: { ...process.env, DESTDIR: stage }, timeout: 120000 });
  log = r.stdout + r.stderr;
  assert.equal(r.status, 0, `cmake --install ${BUILD} --prefix ${PREFIX} failed:\n${log}`);
  bin = path.join(root, 'bin', 'newsdesk');
  // Where nginx runs as nobody it must reach the installed files.
  for (let d = root; d.startsWith(dir); d = path.dirname(d)) fs.chmodSync(d, 0o755);
});

after(async () => {
  if (web) await web.stop();
  if (app) await ops.stopProcess(app);
  ops.removeDir(dir);
});

test('the install has the binary, templates, public files, deploy files and an example config',
  { skip: !haveBuild && `no build directory with cmake_install.cmake at ${BUILD}` }, () => {
    assert.ok(fs.statSync(bin).mode & 0o111, `${bin} is not executable`);
    // The image helper the media worker's jobs run, where newsdesk looks for it once installed
    // (init --demo below makes the demo's photos with it).
    const helper = path.join(root, 'libexec', 'newsdesk', 'newsdesk-media');
    assert.ok(fs.existsSync(helper) && fs.statSync(helper).mode & 0o111, `${helper} is not installed:\n${log}`);
    assert.ok(!fs.existsSync(path.join(root, 'bin', 'newsdesk-media')), 'newsdesk-media is not a command: not in bin/');
    const share = path.join(root, 'share', 'newsdesk');
    for (const f of ['templates/article.tpl', 'templates/footer.tpl', 'public/css/site.css',
      'public/favicon.svg', 'deploy/nginx.conf', 'deploy/newsdesk.conf', 'deploy/newsdesk.service',
      'deploy/newsdesk.socket']) {
      assert.ok(fs.existsSync(path.join(share, f)), `share/newsdesk/${f} is not installed:\n${log}`);
    }
    const conf = listFiles(stage).filter((f) => f.endsWith('/etc/newsdesk/newsdesk.conf'));
    assert.ok(conf.length === 1, `expected one etc/newsdesk/newsdesk.conf, found: ${conf.join(', ') || 'none'}`);
  });

// README / issue: a prefix other than /usr/local and /usr keeps the configuration and the state
// directory inside it (P/etc/newsdesk, P/var/lib/newsdesk).
test('an install with --prefix P stays inside P',
  { skip: !haveBuild && 'no build directory', },
  () => {
    const outside = listFiles(stage).filter((f) => !f.startsWith(root + path.sep));
    const dirsOutside = ['etc', 'var'].map((d) => path.join(stage, d)).filter((d) => fs.existsSync(d));
    assert.deepEqual([...outside, ...dirsOutside], [],
      `installed outside the prefix ${PREFIX} (with DESTDIR ${stage}):\n` +
      log.split('\n').filter((l) => l.includes(stage) && !l.includes(root)).join('\n'));
    assert.ok(fs.existsSync(path.join(root, 'etc', 'newsdesk', 'newsdesk.conf')), 'no P/etc/newsdesk/newsdesk.conf');
    assert.ok(fs.existsSync(path.join(root, 'var', 'lib', 'newsdesk')), 'no P/var/lib/newsdesk');
  });

test('the installed binary serves the site behind nginx, with its own templates and public files',
  { skip: !haveBuild && 'no build directory', timeout: 120000 }, async () => {
    const share = path.join(root, 'share', 'newsdesk');
    // Mark the installed footer, so the pages prove which templates were used.
    const footer = path.join(share, 'templates', 'footer.tpl');
    const text = fs.readFileSync(footer, 'utf8');
    assert.ok(text.includes('</footer>'), 'footer.tpl has no </footer>');
    fs.writeFileSync(footer, text.replace('</footer>', '<p class="installed-copy">installed templates</p>\n</footer>'));

    const db = path.join(dir, 'newsdesk.db');
    ops.initDb(db, { bin });
    const conf = listFiles(stage).find((f) => f.endsWith('/etc/newsdesk/newsdesk.conf')) ||
      path.join(share, 'deploy', 'newsdesk.conf');
    const sock = path.join(dir, 'newsdesk.sock');
    app = await ops.startServe({ bin, db, socket: sock, templates: null, config: conf, cwd: '/' });
    const runDir = path.join(dir, 'nginx');
    web = await ops.startNginx(sock, { runDir, publicDir: path.join(share, 'public') });

    const home = await ops.request(web.base, '/');
    assert.equal(home.status, 200, `GET /: ${home.status}\n${home.body.slice(0, 500)}\n${app.out}`);
    assert.ok(ops.wholePage(home), 'GET / is not a whole page');
    assert.match(home.body, /installed templates/, 'the home page was not made from the installed templates');

    const article = await ops.request(web.base, ops.ARTICLE);
    assert.equal(article.status, 200);
    assert.match(textOf(article.body), /Kyrgyz ex-leader Kurmanbek Bakiyev flies to Kazakhstan/);
    assert.match(article.body, /installed templates/);

    const css = await ops.request(web.base, '/static/css/site.css');
    assert.equal(css.status, 200, '/static/css/site.css from the installed public/');
    assert.match(css.headers['content-type'] || '', /^text\/css/);
    assert.equal(css.body, fs.readFileSync(path.join(share, 'public', 'css', 'site.css'), 'utf8'));
    assert.match(css.headers['cache-control'] || '', /max-age=31536000/);

    const health = await ops.request(web.base, '/healthz');
    assert.equal(health.status, 200, `/healthz: ${health.body}`);
    assert.match(health.headers['content-type'] || '', /^text\/plain/);
    assert.match(health.body, /^ok schema \d+\n?$/);

    const metrics = await ops.request(web.base, '/metrics');
    assert.equal(metrics.status, 200);
    const parsed = ops.parsePrometheus(metrics.body);
    assert.ok(parsed.families.has('newsdesk_build_info'), 'no newsdesk_build_info');
    const home200 = ops.metricValue(parsed, 'newsdesk_requests_total', { route: 'home', status: '200' });
    assert.ok(home200 >= 1, `newsdesk_requests_total{route="home",status="200"} is ${home200}`);

    await web.stop();
    web = null;
    await ops.stopProcess(app);
    assert.equal(app.code, 0, `installed newsdesk ended with ${app.describe()}:\n${app.out}`);
    assert.doesNotMatch(app.out, ops.SANITIZER);
    app = null;
  });
