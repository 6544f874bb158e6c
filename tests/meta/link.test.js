'use strict';
// What newsdesk loads at start: every CGI request pays for each shared library it links, so
// libvips, libwebp and what they bring (libheif, GLib: about ninety libraries, 20 ms a start)
// are linked by newsdesk-media alone, the program the media worker's jobs run, which the build
// puts beside newsdesk and cmake --install into LIBEXECDIR/newsdesk.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { BIN, SRC, run } = require('../lib/stack.js');

const IMAGE_LIBS = /\b(libvips|libwebp|libheif|libgobject|libglib)[^ ]*\.so/;
const HELPER = path.join(path.dirname(BIN), 'newsdesk-media');

function libraries(bin) {
  const r = run('ldd', [bin]);
  assert.equal(r.status, 0, `ldd ${bin}: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l.trim());
}

test('newsdesk links no image library', () => {
  const libs = libraries(BIN);
  const image = libs.filter((l) => IMAGE_LIBS.test(l));
  assert.deepEqual(image, [], `newsdesk links the image libraries again:\n${image.join('\n')}`);
  assert.ok(libs.length < 40, `newsdesk links ${libs.length} libraries:\n${libs.join('\n')}`);
});

test('newsdesk-media is built beside newsdesk, links libvips and libwebp, and is installed to libexec', () => {
  const libs = libraries(HELPER).join('\n');
  assert.match(libs, /libvips\.so/);
  assert.match(libs, /libwebp\.so/);
  // Run by hand, it refuses: it is not a command.
  const r = run(HELPER, []);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /media worker only/);
  const cmake = fs.readFileSync(path.join(SRC, 'CMakeLists.txt'), 'utf8');
  assert.match(cmake, /install\(TARGETS newsdesk-media RUNTIME DESTINATION \$\{CMAKE_INSTALL_LIBEXECDIR\}\/newsdesk\)/);
});
