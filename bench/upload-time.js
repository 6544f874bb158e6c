#!/usr/bin/env node
'use strict';
// How long an editor waits for an upload: POST /admin/media through nginx with a picture
// (argument: a file, e.g. a 24-megapixel camera JPEG), logged in, timed from the first byte
// sent to the 303; each run uploads a copy with one byte appended, so no run finds the last
// one's renditions. Prints each run and the median.
// usage: NEWSDESK_BIN=build-release/newsdesk node bench/upload-time.js FILE [RUNS]
const fs = require('node:fs');
const path = require('node:path');
const { startStack } = require('../tests/lib/stack.js');
const { addUser, Client } = require('../tests/lib/admin.js');
const { upload } = require('../tests/lib/media.js');

(async () => {
  const file = process.argv[2];
  const runs = Number(process.argv[3] || 5);
  if (!file) { console.error('usage: bench/upload-time.js FILE [RUNS]'); process.exit(2); }
  const data = fs.readFileSync(file);
  const stack = await startStack({ demo: false, beforeServe: (db) => addUser(db, 'bench', 'a long enough password 1', 'editor') });
  try {
    const ed = new Client(stack.base);
    await ed.login('bench', 'a long enough password 1');
    await ed.get('/admin/media');
    const times = [];
    for (let i = 0; i < runs; i++) {
      const copy = Buffer.concat([data, Buffer.from([i])]);
      const t0 = process.hrtime.bigint();
      const r = await upload(ed, { name: path.basename(file), data: copy }, { alt: `run ${i}` });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.status !== 303) throw new Error(`upload answered ${r.status}: ${r.body.slice(0, 300)}`);
      times.push(ms);
      console.log(`run ${i + 1}: ${ms.toFixed(0)} ms (${data.length} bytes)`);
      await ed.get('/admin/media');
    }
    times.sort((a, b) => a - b);
    console.log(`median ${times[Math.floor(times.length / 2)].toFixed(0)} ms over ${runs} runs`);
  } finally {
    await stack.stop();
  }
})().catch((e) => { console.error(e); process.exit(1); });
