'use strict';
// The manual pages against the program: mandoc -T lint finds nothing; newsdesk(1) has a
// subsection for every command `newsdesk --help` lists and no other, and each subsection names
// exactly the options that command's --help prints; every NEWSDESK_* variable the program reads
// is in newsdesk(1); newsdesk.conf(5) has every key of src/core/config.c, with its variable,
// and no other. A command, option or key added without its documentation fails here.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { BIN, SRC, run } = require('../lib/stack.js');

const MAN1 = path.join(SRC, 'man', 'newsdesk.1');
const MAN5 = path.join(SRC, 'man', 'newsdesk.conf.5');

function help(args) {
  const r = run(BIN, args, { env: { PATH: process.env.PATH } });
  assert.equal(r.status, 0, `newsdesk ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const optionsOf = (text) => new Set(text.match(/--[a-z][a-z-]*/g) || []);

// newsdesk(1)'s subsections: title -> the lines under it.
function subsections(page) {
  const out = new Map();
  let current = null;
  for (const line of page.split('\n')) {
    const m = /^\.S[sh] (.*)$/.exec(line);
    if (m) {
      current = line.startsWith('.Ss') ? m[1] : null;
      if (current) out.set(current, []);
    } else if (current) {
      out.get(current).push(line);
    }
  }
  return out;
}

// The options an mdoc text names: `Fl -db` is --db.
const manOptions = (lines) => new Set([...lines.join('\n').matchAll(/\bFl -([a-z][a-z-]*)/g)].map((m) => `--${m[1]}`));

test('mandoc -T lint reports nothing for either page', () => {
  for (const page of [MAN1, MAN5]) {
    const r = run('mandoc', ['-T', 'lint', page]);
    assert.ok(!r.error, `mandoc: ${r.error && r.error.message} (scripts/install-deps installs it)`);
    // Whether the pages it refers to are installed on this machine is not the page's fault.
    const found = (r.stdout + r.stderr).split('\n')
      .filter((l) => l && !/referenced manual not found|mandoc\.db/.test(l));
    assert.deepEqual(found, [], path.basename(page));
  }
});

test('newsdesk(1) documents every command and every option --help prints, and no other', () => {
  const main = help(['--help']);
  const listed = main.slice(main.indexOf('commands:')).split('\n\n')[0].split('\n').slice(1)
    .map((l) => l.trim().split(/\s+/)[0]);
  assert.ok(listed.length >= 6, `the commands of newsdesk --help:\n${main}`);
  const sections = subsections(fs.readFileSync(MAN1, 'utf8'));
  const documented = [...sections.keys()].filter((t) => /^newsdesk [a-z]+$/.test(t)).map((t) => t.split(' ')[1]);
  assert.deepEqual(documented.sort(), [...listed].sort(), 'a subsection "newsdesk COMMAND" for each command');
  for (const cmd of listed) {
    assert.deepEqual([...manOptions(sections.get(`newsdesk ${cmd}`))].sort(),
      [...optionsOf(help([cmd, '--help']))].sort(), `newsdesk ${cmd}: the options of --help and of the page`);
  }
  const top = [...sections.keys()].find((t) => t.startsWith('newsdesk --help'));
  assert.ok(top, 'a subsection for newsdesk --help and --version');
  assert.deepEqual([...manOptions(sections.get(top))].sort(), [...optionsOf(main)].sort(), 'newsdesk --help');
});

test('the synopsis names every command', () => {
  const page = fs.readFileSync(MAN1, 'utf8');
  const synopsis = page.slice(page.indexOf('.Sh SYNOPSIS'), page.indexOf('.Sh DESCRIPTION'));
  const main = help(['--help']);
  for (const cmd of main.slice(main.indexOf('commands:')).split('\n\n')[0].split('\n').slice(1)) {
    const name = cmd.trim().split(/\s+/)[0];
    assert.match(synopsis, new RegExp(`^\\.Cm ${name}$`, 'm'), `SYNOPSIS: ${name}`);
  }
});

// Every key of config.c's table: [key, variable].
function configKeys() {
  const src = fs.readFileSync(path.join(SRC, 'src', 'core', 'config.c'), 'utf8');
  return [...src.matchAll(/"([a-z_]+)",\s*"(NEWSDESK_[A-Z_]+)"/g)].map((m) => [m[1], m[2]]);
}

test('newsdesk.conf(5) documents every configuration key with its variable, and no other', () => {
  const keys = configKeys();
  assert.ok(keys.length >= 10, 'the keys of src/core/config.c');
  const page = fs.readFileSync(MAN5, 'utf8');
  const items = page.split(/^\.It /m).slice(1);
  const documented = items.map((it) => /^Cm ([a-z_]+)\n/.exec(it)).filter(Boolean).map((m) => m[1]);
  assert.deepEqual(documented.sort(), keys.map(([k]) => k).sort());
  for (const [key, env] of keys) {
    const item = items.find((it) => it.startsWith(`Cm ${key}\n`));
    assert.match(item, new RegExp(`^\\.Ev ${env} \\.$`, 'm'), `${key}: its variable ${env}`);
    assert.match(item, /^Default[: ]/m, `${key}: its default`);
  }
});

test('newsdesk(1) names every NEWSDESK_* variable the program reads itself', () => {
  const page = fs.readFileSync(MAN1, 'utf8');
  const vars = new Set();
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(c|cc)$/.test(e.name)) {
        for (const m of fs.readFileSync(p, 'utf8').matchAll(/getenv\("(NEWSDESK_[A-Z_]+)"\)/g)) vars.add(m[1]);
      }
    }
  };
  walk(path.join(SRC, 'src'));
  assert.ok(vars.has('NEWSDESK_DB'), 'the CGI settings are found');
  for (const v of vars) assert.ok(page.includes(v), `newsdesk(1) ENVIRONMENT: ${v}`);
});
