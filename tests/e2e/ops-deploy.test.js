'use strict';
// The deploy/ files as shipped: the systemd units pass `systemd-analyze verify` without a
// warning and keep the hardening and socket settings docs/operations.md describes; the nginx
// site, made private by scripts/nginx-conf, passes `nginx -t` as it is and with its optional
// micro-cache switched on.

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const ops = require('../lib/ops.js');

const DEPLOY = path.join(ops.SRC, 'deploy');
const read = (f) => fs.readFileSync(path.join(DEPLOY, f), 'utf8');
const UNITS = ['newsdesk.socket', 'newsdesk.service', 'newsdesk-backup.service', 'newsdesk-backup.timer'];
const dirs = [];
after(() => { for (const d of dirs) ops.removeDir(d); });

// A unit file's settings as [section, key, value] triples.
function unitSettings(text) {
  const out = [];
  let section = null;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#') || t.startsWith(';')) continue;
    const s = /^\[(.+)\]$/.exec(t);
    if (s) { section = s[1]; continue; }
    const kv = /^([A-Za-z]+)=(.*)$/.exec(t);
    assert.ok(kv, `not a setting: ${t}`);
    out.push([section, kv[1], kv[2]]);
  }
  return out;
}

function has(settings, section, key, value) {
  return settings.some(([s, k, v]) => s === section && k === key && (value === undefined || v === value));
}

test('newsdesk.service runs serve as its own user, sandboxed, reloads with SIGHUP', () => {
  const s = unitSettings(read('newsdesk.service'));
  const want = {
    Unit: [['Requires', 'newsdesk.socket'], ['After', 'newsdesk.socket']],
    Service: [
      ['ExecStart', '/usr/local/bin/newsdesk serve --db /var/lib/newsdesk/newsdesk.db --config /etc/newsdesk/newsdesk.conf'],
      ['User', 'newsdesk'], ['Group', 'newsdesk'], ['StateDirectory', 'newsdesk'],
      ['ExecReload', '/bin/kill -HUP $MAINPID'], ['KillSignal', 'SIGTERM'], ['Restart', 'on-failure'],
      ['UMask', '0077'], ['ProtectSystem', 'strict'], ['ProtectHome', 'yes'], ['PrivateTmp', 'yes'],
      ['NoNewPrivileges', 'yes'], ['PrivateDevices', 'yes'], ['ProtectKernelTunables', 'yes'],
      ['ProtectKernelModules', 'yes'], ['ProtectKernelLogs', 'yes'], ['ProtectControlGroups', 'yes'],
      ['RestrictAddressFamilies', 'AF_UNIX'], ['RestrictNamespaces', 'yes'], ['LockPersonality', 'yes'],
      ['MemoryDenyWriteExecute', 'yes'], ['RestrictRealtime', 'yes'], ['SystemCallArchitectures', 'native'],
      ['CapabilityBoundingSet', ''], ['ReadWritePaths', '/var/lib/newsdesk'],
    ],
  };
  for (const [section, pairs] of Object.entries(want)) {
    for (const [k, v] of pairs) assert.ok(has(s, section, k, v), `newsdesk.service lacks [${section}] ${k}=${v}`);
  }
  assert.ok(!has(s, 'Service', 'DynamicUser', 'yes'), 'DynamicUser=yes would change the owner of the database');
  assert.ok(!s.some(([, k, v]) => k === 'ExecStart' && /--socket/.test(v)), 'the socket comes from newsdesk.socket');
  // systemd must wait longer than nginx lets a page render before it kills newsdesk.
  const stop = s.find(([, k]) => k === 'TimeoutStopSec');
  const nginxRead = /fastcgi_read_timeout\s+(\d+)s;/.exec(read('nginx.conf'));
  if (stop && nginxRead) assert.ok(parseInt(stop[2], 10) > Number(nginxRead[1]), 'TimeoutStopSec <= fastcgi_read_timeout');
});

test('newsdesk.socket: the path nginx uses, owned by newsdesk, reachable by www-data only', () => {
  const s = unitSettings(read('newsdesk.socket'));
  for (const [k, v] of [['ListenStream', '/run/newsdesk/newsdesk.sock'], ['SocketUser', 'newsdesk'],
    ['SocketGroup', 'www-data'], ['SocketMode', '0660'], ['DirectoryMode', '0755']]) {
    assert.ok(has(s, 'Socket', k, v), `newsdesk.socket lacks ${k}=${v}`);
  }
  assert.ok(!has(s, 'Socket', 'Accept', 'yes'), 'Accept=yes would start one newsdesk per connection');
  assert.ok(has(s, 'Install', 'WantedBy', 'sockets.target'));
  assert.ok(read('nginx.conf').includes('unix:/run/newsdesk/newsdesk.sock'), 'nginx.conf passes to another socket');
});

test('systemd-analyze verify accepts every unit without a warning', {
  timeout: 60000,
  skip: !ops.which('systemd-analyze') && 'systemd-analyze is not installed (package systemd)',
}, () => {
  // A root holding what the units name: systemd's own units, the binary, /bin/kill.
  const root = ops.tmpDir('units');
  dirs.push(root);
  const copyDir = (from, to) => {
    fs.mkdirSync(to, { recursive: true });
    for (const e of fs.readdirSync(from, { withFileTypes: true })) {
      const a = path.join(from, e.name), b = path.join(to, e.name);
      if (e.isDirectory()) copyDir(a, b);
      else if (e.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(a), b);
      else fs.copyFileSync(a, b);
    }
  };
  for (const d of ['/usr/lib/systemd/system', '/lib/systemd/system']) {
    if (fs.existsSync(d)) { copyDir(d, path.join(root, 'usr/lib/systemd/system')); break; }
  }
  fs.mkdirSync(path.join(root, 'usr/local/bin'), { recursive: true });
  fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(root, 'etc/systemd/system'), { recursive: true });
  fs.copyFileSync(ops.BIN, path.join(root, 'usr/local/bin/newsdesk'));
  fs.chmodSync(path.join(root, 'usr/local/bin/newsdesk'), 0o755);
  for (const [prog, at] of [['kill', 'bin/kill'], ['sh', 'bin/sh']]) {
    fs.copyFileSync(ops.which(prog) || `/bin/${prog}`, path.join(root, at));
    fs.chmodSync(path.join(root, at), 0o755);
  }
  for (const u of UNITS) fs.copyFileSync(path.join(DEPLOY, u), path.join(root, 'etc/systemd/system', u));
  const r = ops.run('systemd-analyze', ['verify', `--root=${root}`, ...UNITS],
    { env: { ...process.env, SYSTEMD_LOG_LEVEL: 'notice' } });
  assert.equal(r.status, 0, `systemd-analyze verify:\n${r.stdout}${r.stderr}`);
  assert.equal((r.stdout + r.stderr).trim(), '', `systemd-analyze verify warns:\n${r.stdout}${r.stderr}`);
});

test('newsdesk-backup runs as newsdesk, daily, into the state directory', () => {
  const s = unitSettings(read('newsdesk-backup.service'));
  for (const [k, v] of [['Type', 'oneshot'], ['User', 'newsdesk'], ['Group', 'newsdesk'], ['UMask', '0077'],
    ['ProtectSystem', 'strict'], ['ReadWritePaths', '/var/lib/newsdesk']]) {
    assert.ok(has(s, 'Service', k, v), `newsdesk-backup.service lacks ${k}=${v}`);
  }
  const t = unitSettings(read('newsdesk-backup.timer'));
  assert.ok(has(t, 'Timer', 'OnCalendar') && has(t, 'Timer', 'Persistent', 'true') && has(t, 'Install', 'WantedBy', 'timers.target'));
});

test('the nginx site keeps the strings scripts/nginx-conf substitutes', () => {
  const site = read('nginx.conf');
  for (const s of ['listen 80;', 'unix:/run/newsdesk/newsdesk.sock', '/usr/local/share/newsdesk/public', 'include fastcgi_params;']) {
    assert.ok(site.includes(s), `deploy/nginx.conf lost "${s}"`);
  }
  // Every location that passes to newsdesk includes the parameters.
  const passes = (site.match(/^\s*fastcgi_pass /gm) || []).length;
  assert.equal((site.match(/^\s*include fastcgi_params;/gm) || []).length, passes);
});

test('nginx -t accepts the site, as shipped and with the micro-cache switched on', {
  skip: !ops.which('nginx') && 'nginx is not installed',
}, () => {
  const dir = ops.tmpDir('nginx-t');
  dirs.push(dir);
  const conf = ops.nginxConf(8080, path.join(dir, 'newsdesk.sock'), ops.PUBLIC, dir);
  for (const [name, text] of [['plain.conf', conf], ['cache.conf', ops.withMicroCache(conf, dir)]]) {
    fs.writeFileSync(path.join(dir, name), text);
    const r = ops.run('nginx', ['-t', '-q', '-p', dir, '-c', path.join(dir, name), '-e', path.join(dir, 'error.log')]);
    assert.equal(r.status, 0, `nginx -t ${name}:\n${r.stdout}${r.stderr}`);
    const warnings = `${r.stderr}${fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : ''}`;
    assert.doesNotMatch(warnings, /\[warn\]|\[emerg\]/, `nginx -t ${name} warns:\n${warnings}`);
  }
  const cached = ops.withMicroCache(conf, dir);
  for (const d of ['fastcgi_cache_path', 'fastcgi_cache newsdesk;', 'fastcgi_cache_key $scheme$request_method$host$request_uri;',
    'fastcgi_cache_lock on;', 'fastcgi_cache_use_stale updating error timeout;', 'fastcgi_cache_background_update on;',
    'fastcgi_cache_bypass', 'fastcgi_no_cache']) {
    assert.ok(cached.includes(d), `the micro-cache lacks ${d}`);
  }
  assert.ok(!/^\s*fastcgi_cache_valid/m.test(cached), 'fastcgi_cache_valid would override newsdesk\'s Cache-Control');
});
