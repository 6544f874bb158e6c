'use strict';
// Load with faults: wrk reads the article page for 60 s over 64 connections while two editors
// save continuously and one address floods the login form. Readers get nothing but 2xx, editors
// never a 5xx, the flood only 200 and 429. The reader latencies are printed (p50, p99) for the
// record; speed is the benchmark's business, not this test's.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const { startStack } = require('../lib/stack.js');
const { addUser, Client, formFields } = require('../lib/admin.js');

const SECONDS = 60;
const SEED = '/news/asia-pacific/kurmanbek-bakiyev-flies-to-kazakhstan';
const PW = 'Load-Test-Editor-Password-3';
let S;

before(async () => {
  S = await startStack({ threads: 8 });
  addUser(S.dbPath, 'load1', PW);
  addUser(S.dbPath, 'load2', PW);
});
after(async () => { if (S) await S.stop(); });

// wrk's summary: requests, errors, non-2xx/3xx answers and the latency percentiles.
function runWrk(url, seconds) {
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', ['-t', '2', '-c', '64', '-d', `${seconds}s`, '--timeout', '10s', '--latency', url]);
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited ${code}:\n${out}`));
      const num = (re) => { const m = re.exec(out); return m ? Number(m[1]) : 0; };
      const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      resolve({
        out,
        requests: num(/(\d+) requests in/),
        non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
        errors: errors ? errors.slice(1).map(Number).reduce((a, b) => a + b, 0) : 0,
        p50: (/\s50%\s+(\S+)/.exec(out) || [])[1],
        p99: (/\s99%\s+(\S+)/.exec(out) || [])[1],
      });
    });
  });
}

async function editor(name, address, id, until) {
  const c = new Client(S.base, { localAddress: address });
  await c.login(name, PW);
  const statuses = [];
  for (let n = 1; Date.now() < until; n++) {
    const page = await c.get(`/admin/articles/${id}`);
    statuses.push(page.status);
    if (page.status !== 200) continue;
    const fields = formFields(page.body).map(([k, v]) => [k, k === 'headline' ? `${name} under load ${n}` : v]);
    statuses.push((await c.post(`/admin/articles/${id}`, [...fields, ['action', 'save']])).status);
  }
  return statuses;
}

async function flood(until) {
  const c = new Client(S.base, { localAddress: '127.0.0.66' });
  const statuses = [];
  for (let i = 0; Date.now() < until; i++) statuses.push((await c.loginAttempt(`guess${i % 5}`, `wrong-${i}`)).status);
  return statuses;
}

test(`${SECONDS} s of readers at 64 connections, two editors saving, one address flooding the login`,
  { timeout: (SECONDS + 60) * 1000 }, async (t) => {
    const until = Date.now() + SECONDS * 1000;
    const [readers, ed1, ed2, floods] = await Promise.all([
      runWrk(`${S.base}${SEED}`, SECONDS),
      editor('load1', '127.0.0.61', 9, until),
      editor('load2', '127.0.0.62', 12, until),
      flood(until),
    ]);
    t.diagnostic(`readers: ${readers.requests} requests, p50 ${readers.p50}, p99 ${readers.p99}; ` +
      `editors: ${ed1.length + ed2.length} requests; login flood: ${floods.length} attempts`);
    assert.ok(readers.requests > 0, readers.out);
    assert.equal(readers.errors, 0, `socket errors for readers:\n${readers.out}`);
    assert.equal(readers.non2xx, 0, `readers got answers other than 2xx:\n${readers.out}`);
    for (const [name, statuses] of [['load1', ed1], ['load2', ed2]]) {
      assert.ok(statuses.length >= 10, `${name} made only ${statuses.length} requests`);
      assert.deepEqual(statuses.filter((s) => s >= 500), [], `${name} got 5xx`);
      assert.deepEqual([...new Set(statuses)].sort(), [200, 303], `${name}: ${[...new Set(statuses)]}`);
    }
    assert.ok(floods.length >= 10, `the flood made only ${floods.length} attempts`);
    assert.deepEqual([...new Set(floods)].filter((s) => s !== 200 && s !== 429), [],
      `the login flood got ${[...new Set(floods)]}`);
    assert.ok(S.alive(), 'newsdesk died under load');
  });
