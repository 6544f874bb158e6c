'use strict';
// A private Apache (Debian's apache2) on loopback as two more fronts for newsdesk: mod_cgid
// running newsdesk as a plain CGI program per request, and mod_proxy_fcgi passing requests to a
// running newsdesk's FastCGI socket. Its ServerRoot, pid file, logs and cgid socket live in a
// temporary directory, as stack.js does for nginx; both fronts serve public/ under /static/.
// Node 18 compatible, no dependencies.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { SRC, BIN, run, mustRun, freePort, raw, sleep, startChild, waitExit, describeExit } = require('./stack.js');

const APACHE = process.env.APACHE || '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';

function available() {
  return fs.existsSync(APACHE) && fs.existsSync(path.join(MODULES, 'mod_cgid.so')) &&
    fs.existsSync(path.join(MODULES, 'mod_proxy_fcgi.so'));
}

// Started as root, Apache's children (and the CGI programs they start) run as nobody.
function childUser() {
  if (process.getuid() !== 0) return null;
  const uid = Number(mustRun('id', ['-u', 'nobody']).stdout.trim());
  const gid = Number(mustRun('id', ['-g', 'nobody']).stdout.trim());
  const group = mustRun('id', ['-gn', 'nobody']).stdout.trim();
  return { uid, gid, group };
}

function chownTree(p, user) {
  if (!user) return;
  fs.chownSync(p, user.uid, user.gid);
  if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) chownTree(path.join(p, e), user);
}

function quote(s) {
  if (/["\\\n]/.test(s)) throw new Error(`path not fit for an Apache config: ${s}`);
  return `"${s}"`;
}

// Writes the config for three fresh ports and starts Apache in the foreground.
async function startOnce(dir, cgiDir, user, cgiDb, opts) {
  const ports = [];
  while (ports.length < 3) {
    const p = await freePort();
    if (!ports.includes(p)) ports.push(p);
  }
  const [cgiPort, fcgiPort, brokenPort] = ports;
  const settings = {
    NEWSDESK_DB: cgiDb,
    NEWSDESK_TEMPLATES: path.join(dir, 'templates'),
    NEWSDESK_CONFIG: path.join(dir, 'newsdesk.conf'),
    ...opts.env,
  };
  const setEnv = (env) => Object.entries(env).map(([k, v]) => `    SetEnv ${k} ${quote(v)}`).join('\n');
  const sanitizers = ['ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS'].filter((k) => process.env[k]);
  const cgiHost = (port, env) => `
<VirtualHost 127.0.0.1:${port}>
    ScriptAliasMatch "^/(?!static/)(.*)$" ${quote(path.join(cgiDir, 'newsdesk'))}
${setEnv(env)}
${sanitizers.map((k) => `    PassEnv ${k}`).join('\n')}
</VirtualHost>`;
  const conf = `# newsdesk tests: a private Apache (tests/lib/apache.js)
ServerRoot ${quote(dir)}
ServerName 127.0.0.1
PidFile ${quote(path.join(dir, 'apache2.pid'))}
ErrorLog ${quote(path.join(dir, 'error.log'))}
LogLevel warn
DefaultRuntimeDir ${quote(dir)}
Mutex file:${dir} default
ScriptSock ${quote(path.join(dir, 'cgid.sock'))}
${user ? `User nobody\nGroup ${user.group}` : ''}
LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so
LoadModule authz_core_module ${MODULES}/mod_authz_core.so
LoadModule alias_module ${MODULES}/mod_alias.so
LoadModule mime_module ${MODULES}/mod_mime.so
LoadModule env_module ${MODULES}/mod_env.so
LoadModule cgid_module ${MODULES}/mod_cgid.so
LoadModule proxy_module ${MODULES}/mod_proxy.so
LoadModule proxy_fcgi_module ${MODULES}/mod_proxy_fcgi.so
TypesConfig /etc/mime.types
Listen 127.0.0.1:${cgiPort}
Listen 127.0.0.1:${fcgiPort}
Listen 127.0.0.1:${brokenPort}
DocumentRoot ${quote(path.join(dir, 'public'))}
Alias /static/ ${quote(path.join(dir, 'public') + '/')}
<Directory />
    Require all denied
</Directory>
<Directory ${quote(path.join(dir, 'public'))}>
    Require all granted
</Directory>
<Directory ${quote(cgiDir)}>
    Options +ExecCGI
    Require all granted
</Directory>
${cgiHost(cgiPort, settings)}
${cgiHost(brokenPort, { ...settings, ...opts.brokenEnv })}
<VirtualHost 127.0.0.1:${fcgiPort}>
    ProxyPass /static/ !
    ProxyPass / ${quote(`unix:${opts.socket}|fcgi://localhost/`)}
</VirtualHost>
`;
  const confPath = path.join(dir, 'apache2.conf');
  fs.writeFileSync(confPath, conf);
  const check = run(APACHE, ['-d', dir, '-f', confPath, '-t']);
  if (check.status !== 0) throw new Error(`apache2 -t refused the config:\n${check.stderr}\n${conf}`);
  const web = startChild(APACHE, ['-d', dir, '-f', confPath, '-D', 'FOREGROUND'], { cwd: dir },
    path.join(dir, 'apache2.out'));
  const bases = [cgiPort, fcgiPort].map((p) => `http://127.0.0.1:${p}`);
  return { web, bases, brokenPort };
}

// Waits until both fronts answer: true, or false when Apache stopped (a port was taken).
async function answers(web, bases, errorLog) {
  const t0 = Date.now();
  for (const base of bases) {
    for (;;) {
      if (web.exited) return false;
      try {
        await raw(base, '/robots.txt', { timeout: 5000 });
        break;
      } catch (e) { /* not listening yet */ }
      if (Date.now() - t0 > 20000) throw new Error(`apache2 did not answer within 20 s:\n${errorLog()}`);
      await sleep(50);
    }
  }
  return true;
}

// opts: db (a database file the CGI front gets a copy of, owned by the user the CGI runs as),
// socket (a running newsdesk's FastCGI socket, for the proxy_fcgi front), env (NEWSDESK_*
// settings for the CGI program), brokenEnv (settings of a third, misconfigured CGI front).
// Resolves {cgiBase, fcgiBase, brokenBase, dir, cgiDb, errorLog(), stop()}.
async function startApache(opts) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-apache-'));
  fs.chmodSync(dir, 0o755);
  const user = childUser();
  // What the CGI program reads, copied where its user can reach it (a checkout may be private).
  const cgiDir = path.join(dir, 'cgi-bin');
  const data = path.join(dir, 'data');
  fs.mkdirSync(cgiDir);
  fs.mkdirSync(data);
  fs.copyFileSync(BIN, path.join(cgiDir, 'newsdesk'));
  fs.chmodSync(path.join(cgiDir, 'newsdesk'), 0o755);
  // Its image helper, beside it as in a build tree (uploads run it).
  fs.copyFileSync(path.join(path.dirname(BIN), 'newsdesk-media'), path.join(cgiDir, 'newsdesk-media'));
  fs.chmodSync(path.join(cgiDir, 'newsdesk-media'), 0o755);
  fs.cpSync(path.join(SRC, 'templates'), path.join(dir, 'templates'), { recursive: true });
  fs.cpSync(path.join(SRC, 'public'), path.join(dir, 'public'), { recursive: true });
  fs.copyFileSync(path.join(SRC, 'deploy', 'newsdesk.conf'), path.join(dir, 'newsdesk.conf'));
  const cgiDb = path.join(data, 'newsdesk.db');
  mustRun('sqlite3', [opts.db, `.backup '${cgiDb.replace(/'/g, "''")}'`]);
  chownTree(data, user);

  // Another process may take a port between the check and Apache's bind: then Apache stops at
  // start-up, and starts again on other ports, a few times.
  let web;
  let bases;
  let brokenPort;
  const errorLog = () => {
    const f = path.join(dir, 'error.log');
    return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '';
  };
  for (let attempt = 1; ; attempt++) {
    ({ web, bases, brokenPort } = await startOnce(dir, cgiDir, user, cgiDb, opts));
    let up;
    try {
      up = await answers(web, bases, errorLog);
    } catch (e) {
      web.child.kill('SIGKILL');  // it answered nothing in 20 s: none of its output is wanted
      throw e;
    }
    if (up) break;
    if (attempt === 4) throw new Error(`apache2 stopped at start-up (${describeExit(web)}):\n${web.out}${errorLog()}`);
  }
  return {
    cgiBase: bases[0],
    fcgiBase: bases[1],
    brokenBase: `http://127.0.0.1:${brokenPort}`,
    dir,
    cgiDb,
    errorLog,
    async stop() {
      if (!web.exited) web.child.kill('SIGTERM');
      if (!(await waitExit(web, 20000))) {
        web.child.kill('SIGKILL');
        await waitExit(web, 5000);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

module.exports = { available, startApache };
