'use strict';
// The Debian package's metadata (scripts/package builds it; tests/package/scenario tries it in
// a fresh Debian 12 root): the changelog's version is CMake's; debian/control builds with every
// library scripts/install-deps installs for the build; the maintainer scripts are sh and keep
// debhelper's token; the package takes templates/, public/ and the man pages from
// `cmake --install`, whole, so that a new template or file needs no packaging change.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { SRC, run } = require('../lib/stack.js');

const read = (...p) => fs.readFileSync(path.join(SRC, ...p), 'utf8');

test('debian/changelog carries the version CMake builds', () => {
  const cmake = /project\(newsdesk VERSION ([0-9.]+)/.exec(read('CMakeLists.txt'))[1];
  const r = run('dpkg-parsechangelog', ['-l', path.join(SRC, 'debian', 'changelog'), '-S', 'Version']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout.trim(), new RegExp(`^${cmake.replace(/\./g, '\\.')}([+~-]|$)`));
  assert.equal(read('debian', 'source', 'format').trim(), '3.0 (native)');
});

test('debian/control builds with every library scripts/install-deps installs', () => {
  const control = read('debian', 'control');
  const buildDeps = /^Build-Depends:([\s\S]*?)^\S/m.exec(control)[1];
  const deps = new Set(buildDeps.split(',').map((d) => d.trim().split(/[\s(|]/)[0]).filter(Boolean));
  const installed = read('scripts', 'install-deps').match(/\blib[a-z0-9.+-]*-dev\b/g);
  for (const lib of new Set(installed)) {
    if (lib === 'libcmocka-dev') continue;  // the unit tests only, which the package does not build
    assert.ok(deps.has(lib), `debian/control Build-Depends lacks ${lib}`);
  }
  assert.match(control, /^Package: newsdesk$/m);
  assert.match(control, /^Depends:.*\$\{shlibs:Depends\}.*adduser/m);
});

test('the maintainer scripts and rules', () => {
  for (const f of ['newsdesk.postinst', 'newsdesk.postrm']) {
    const text = read('debian', f);
    assert.match(text, /^#!\/bin\/sh\n/, f);
    assert.match(text, /^set -e$/m, f);
    assert.match(text, /^#DEBHELPER#$/m, f);
    const r = run('sh', ['-n', path.join(SRC, 'debian', f)]);
    assert.equal(r.status, 0, `${f}: ${r.stderr}`);
  }
  assert.ok(fs.statSync(path.join(SRC, 'debian', 'rules')).mode & 0o111, 'debian/rules is executable');
  assert.ok(fs.statSync(path.join(SRC, 'scripts', 'package')).mode & 0o111, 'scripts/package is executable');
  assert.match(read('debian', 'newsdesk.postinst'), /newsdesk init --db \/var\/lib\/newsdesk\/newsdesk\.db/);
  assert.doesNotMatch(read('debian', 'newsdesk.postinst'), /--demo/, 'never the demo content');
  // The state directory's mode as the unit makes it: nginx must pass through to photos/.
  const made = /-m (0\d+) \/var\/lib\/newsdesk$/m.exec(read('debian', 'newsdesk.postinst'));
  const unit = /^StateDirectoryMode=(0\d+)$/m.exec(read('deploy', 'newsdesk.service'));
  assert.ok(made && unit, 'both name the mode');
  assert.equal(made[1], unit[1]);
  assert.match(read('debian', 'newsdesk.postrm'), /"\$1" = purge[\s\S]*rm -rf \/var\/lib\/newsdesk/);
});

test('cmake --install takes templates/, public/ and the man pages whole', () => {
  const cm = read('CMakeLists.txt');
  assert.match(cm, /install\(DIRECTORY templates\/ DESTINATION \$\{CMAKE_INSTALL_DATADIR\}\/newsdesk\/templates\)/);
  assert.match(cm, /install\(DIRECTORY public\/ DESTINATION \$\{CMAKE_INSTALL_DATADIR\}\/newsdesk\/public\)/);
  assert.match(cm, /install\(FILES man\/newsdesk\.1 /);
  assert.match(cm, /install\(FILES man\/newsdesk\.conf\.5 /);
});
