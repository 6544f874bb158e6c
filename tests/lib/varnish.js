'use strict';
// A real Varnish on loopback in front of one or more stacks (tests/lib/stack.js), with the VCL
// scripts/varnish-conf makes from deploy/varnish.vcl: startVarnish({port, backends}).
// Runs as root or not: `-j none` keeps varnishd as the user who started it, in a work
// directory of its own under the system's temporary directory.
// Node 18 compatible, no dependencies.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { SRC, mustRun, run, raw, sleep, waitExit, freePort, startChild } = require('./stack.js');

const VARNISHD = process.env.VARNISHD || 'varnishd';

// The varnishd processes of this instance: the manager (our child) and the cache process it
// forks (found through /proc, by parent).
function children(pid) {
  const out = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(d));
    } catch (e) { /* gone */ }
  }
  return out;
}

// startVarnish({port, backends: ['127.0.0.1:8080', ...]}): resolves {base, port, dir, stop(),
// start(), pause(), resume(), log(), stat(field)}. port: the one to listen on (default: a free
// one); stop() and start() again keep it, with an empty cache.
async function startVarnish(o) {
  const port = o.port || await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-varnish-'));
  fs.chmodSync(dir, 0o755);
  const vcl = path.join(dir, 'newsdesk.vcl');
  fs.writeFileSync(vcl, mustRun(path.join(SRC, 'scripts', 'varnish-conf'), [String(port), ...o.backends]).stdout);
  const base = `http://127.0.0.1:${port}`;
  const workDir = path.join(dir, 'work');
  let st = null;

  const start = async () => {
    st = startChild(VARNISHD, ['-F', '-j', 'none', '-n', workDir, '-a', `127.0.0.1:${port}`,
      '-f', vcl, '-s', 'malloc,64m', '-p', 'default_grace=0', '-p', 'thread_pools=1',
      '-p', 'thread_pool_min=10', '-T', 'none'], { append: true }, path.join(dir, 'varnishd.log'));
    const t0 = Date.now();
    for (;;) {
      if (st.exited) throw new Error(`varnishd stopped at start-up (${st.code}, ${st.signal}):\n${st.out}${st.error || ''}`);
      try {
        const r = await raw(base, '/varnish-is-up', { timeout: 2000 });
        if (r.headers['x-varnish']) return;
      } catch (e) { /* not yet */ }
      if (Date.now() - t0 > 30000) throw new Error(`varnishd did not answer on ${base} within 30 s:\n${st.out}`);
      await sleep(100);
    }
  };

  const stop = async () => {
    if (!st || st.exited) return;
    for (const pid of children(st.child.pid)) { try { process.kill(pid, 'SIGCONT'); } catch (e) { /* gone */ } }
    try { st.child.kill('SIGCONT'); } catch (e) { /* gone */ }
    st.child.kill('SIGTERM');
    if (!(await waitExit(st, 15000))) {
      st.child.kill('SIGKILL');
      await waitExit(st, 5000);
    }
  };

  // SIGSTOP / SIGCONT to the manager and its cache process: connections are still accepted by
  // the kernel but never answered, as with a cache that hangs.
  const signalAll = (sig) => {
    for (const pid of [st.child.pid, ...children(st.child.pid)]) process.kill(pid, sig);
  };

  await start();
  return {
    base,
    port,
    dir,
    start,
    stop,
    pause: () => signalAll('SIGSTOP'),
    resume: () => signalAll('SIGCONT'),
    log: () => (st ? st.out : ''),
    // One counter of varnishstat (e.g. MAIN.cache_hit), or null.
    stat(field) {
      const r = run('varnishstat', ['-n', workDir, '-1', '-f', field]);
      const m = new RegExp(`^${field.replace(/\./g, '\\.')}\\s+(\\d+)`, 'm').exec(r.stdout);
      return m ? Number(m[1]) : null;
    },
    async close() {
      await stop();
      if (!process.env.NEWSDESK_KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

module.exports = { startVarnish };
