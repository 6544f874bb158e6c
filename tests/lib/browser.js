'use strict';
// Debian's chromium for the browser tests, as DESIGN.md says: driven by playwright-core, with
// the flags this closed network needs and a fresh profile, which close() removes again.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildDir } = require('./stack.js');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function playwright() {
  try {
    return require('playwright-core').chromium;
  } catch (e) {
    throw new Error('playwright-core is not installed: run scripts/install-deps --test (npm ci) first');
  }
}

// A desktop-sized browser context; close() ends it and deletes its profile.
async function launchBrowser() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-chromium-'));
  const context = await playwright().launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    timeout: 60000,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Where screenshots go: the build directory's screenshots/ (made if missing).
function screenshotsDir() {
  const dir = path.join(buildDir(), 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

module.exports = { launchBrowser, screenshotsDir };
