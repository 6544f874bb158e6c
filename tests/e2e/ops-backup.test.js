'use strict';
// newsdesk backup while editors save: a writer commits one save after another (each save
// changes an article and adds a row, in one transaction) while `newsdesk backup` copies the
// database. The copy passes `newsdesk check`, holds every save committed before the backup
// began (and a marker row written just before it), and is one consistent snapshot: the
// article holds exactly the last save the copy has. Then the restore: the copy serves.

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const ops = require('../lib/ops.js');

const cleanups = [];
after(async () => {
  for (const f of cleanups.reverse()) await f();
});

function sql(db, text) {
  return ops.mustRun('sqlite3', ['-batch', '-bail', db], { input: `.timeout 20000\n${text}` }).stdout;
}

// One save after another in a sqlite3 process, each a transaction; st.committed is the number
// of the last save sqlite3 reported committed.
function startWriter(db, articleId) {
  const st = ops.startProcess('sqlite3', ['-batch', '-bail', db], { stdio: ['pipe', 'pipe', 'pipe'] });
  st.committed = 0;
  let running = true;
  let n = 0;
  const next = () => {
    if (!running) return;
    n++;
    st.child.stdin.write(`BEGIN IMMEDIATE;
UPDATE articles SET intro = 'save ${n}', updated_at = ${1271350000 + n} WHERE id = ${articleId};
INSERT INTO login_history (at, name, address, outcome) VALUES (${n}, 'save-${n}', 'writer', 'save');
COMMIT;
SELECT 'committed ${n}';
`);
  };
  st.child.stdout.on('data', (d) => {
    for (const m of String(d).matchAll(/committed (\d+)/g)) {
      st.committed = Math.max(st.committed, Number(m[1]));
      if (st.committed === n) next();
    }
  });
  st.child.stdin.write('.timeout 20000\n');
  next();
  st.stop = async () => { running = false; st.child.stdin.end(); await ops.waitExit(st, 20000); };
  return st;
}

test('newsdesk backup during concurrent saves: a sound, consistent copy with every earlier save',
  { timeout: 180000 }, async () => {
    const dir = ops.tmpDir('backup');
    cleanups.push(() => ops.removeDir(dir));
    const db = path.join(dir, 'newsdesk.db');
    ops.initDb(db);
    const articleId = Number(sql(db,
      "SELECT id FROM articles WHERE slug = 'kurmanbek-bakiyev-flies-to-kazakhstan';\n").trim());
    assert.ok(articleId > 0, 'the seed article is missing');
    // Some bulk, so the copy takes a while: about 30 MB of old login records.
    sql(db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120000)
INSERT INTO login_history (at, name, address, outcome)
  SELECT i, 'filler-' || i, hex(randomblob(100)), 'failure' FROM n;\n`);

    const writer = startWriter(db, articleId);
    cleanups.push(() => writer.stop());
    await ops.waitFor(() => writer.committed >= 20, 20000, () => `the writer's first saves:\n${writer.out}`);

    // The marker, committed (sqlite3 has exited) before the backup starts.
    sql(db, "INSERT INTO login_history (at, name, address, outcome) VALUES (0, 'before-backup', 'test', 'marker');\n");
    const committedBefore = writer.committed;
    const out = path.join(dir, 'backup', 'newsdesk-copy.db');
    fs.mkdirSync(path.dirname(out));
    const t0 = Date.now();
    const backup = ops.startProcess(ops.BIN, ['backup', '--db', db, out]);
    assert.ok(await ops.waitExit(backup, 120000), 'newsdesk backup did not finish within 120 s');
    const took = Date.now() - t0;
    const committedAfter = writer.committed;
    await ops.sleep(100);
    await writer.stop();
    assert.equal(backup.code, 0, `newsdesk backup: ${backup.describe()}\n${backup.out}`);
    assert.match(backup.out, /integrity ok/);
    assert.doesNotMatch(backup.out, ops.SANITIZER);
    process.stderr.write(`# backup took ${took} ms; saves committed: ${committedBefore} before, ` +
      `${committedAfter} when it ended, ${writer.committed} in all\n`);
    assert.ok(writer.committed > committedBefore, 'the writer made no saves while the backup ran');
    assert.deepEqual(fs.readdirSync(path.dirname(out)).sort(), ['newsdesk-copy.db'],
      'the backup left other files beside the copy');

    const check = ops.run(ops.BIN, ['check', '--db', out]);
    assert.equal(check.status, 0, `newsdesk check of the copy:\n${check.stdout}${check.stderr}`);
    assert.match(check.stdout, /integrity_check: ok/);
    assert.match(check.stdout, /foreign_key_check: 0 problems/);
    assert.match(check.stdout, new RegExp(`schema version: ${ops.schema()}\\b`));

    const [marker, maxSave, saves, intro] = sql(out, `SELECT count(*) FROM login_history WHERE name = 'before-backup';
SELECT coalesce(max(at), 0) FROM login_history WHERE outcome = 'save';
SELECT count(*) FROM login_history WHERE outcome = 'save';
SELECT intro FROM articles WHERE id = ${articleId};\n`).trim().split('\n');
    assert.equal(marker, '1', 'the marker row committed before the backup is not in the copy');
    assert.ok(Number(maxSave) >= committedBefore,
      `the copy has saves up to ${maxSave}, but ${committedBefore} were committed before the backup began`);
    assert.ok(Number(maxSave) <= committedAfter, `the copy has save ${maxSave}, made after the backup ended`);
    assert.equal(Number(saves), Number(maxSave), 'the copy is missing saves below its last one');
    assert.equal(intro, `save ${maxSave}`, 'the article and the log disagree: not one consistent snapshot');
    assert.equal(sql(out, "SELECT count(*) FROM login_history WHERE name LIKE 'filler-%';\n").trim(), '120000');

    // An existing OUT is refused and left as it was.
    const bytes = fs.readFileSync(out);
    const again = ops.run(ops.BIN, ['backup', '--db', db, out]);
    assert.notEqual(again.status, 0, 'a second backup onto the same file was not refused');
    assert.match(again.stderr, /overwrite|exists/i, again.stderr);
    assert.ok(bytes.equals(fs.readFileSync(out)), 'a refused backup changed the existing file');

    // Restore: the copy in place of the database, then the site serves the saved text.
    const restored = path.join(dir, 'restored.db');
    fs.copyFileSync(out, restored);
    const page = ops.run(ops.BIN, ['render', '--db', restored, '--templates', ops.TEMPLATES,
      '--config', ops.CONFIG, ops.ARTICLE]);
    assert.equal(page.status, 0, page.stderr);
    assert.match(page.stdout, /^Status: 200/);
    assert.ok(page.stdout.includes(`save ${maxSave}`), 'the restored article does not show its last save');
  });

// deploy/newsdesk-backup.service's own command, with its paths moved into a temporary
// directory: it makes a dated copy that checks sound, and prunes copies older than 14 days.
test('the command of deploy/newsdesk-backup.service makes a dated copy and prunes old ones',
  { timeout: 60000 }, () => {
    const dir = ops.tmpDir('backup-unit');
    cleanups.push(() => ops.removeDir(dir));
    const unit = fs.readFileSync(path.join(ops.SRC, 'deploy', 'newsdesk-backup.service'), 'utf8');
    const m = /^ExecStart=\/bin\/sh -c '(.*)'$/m.exec(unit);
    assert.ok(m, 'newsdesk-backup.service: ExecStart is not /bin/sh -c \'...\'');
    // systemd's own unescaping: %% is %, $$ is $.
    const state = path.join(dir, 'state');
    const script = m[1].replace(/%%/g, '%').replace(/\$\$/g, '$')
      .split('/usr/local/bin/newsdesk').join(ops.BIN)
      .split('/var/lib/newsdesk').join(state);
    assert.ok(!script.includes('/var/lib/') && !script.includes('/usr/local/'), script);
    fs.mkdirSync(state);
    ops.initDb(path.join(state, 'newsdesk.db'));
    const backups = path.join(state, 'backups');
    fs.mkdirSync(backups);
    const old = path.join(backups, 'newsdesk-20000101T000000Z.db');
    const recent = path.join(backups, 'newsdesk-20000102T000000Z.db');
    const other = path.join(backups, 'notes.txt');
    for (const f of [old, recent, other]) fs.writeFileSync(f, 'x');
    const longAgo = new Date(Date.now() - 30 * 86400 * 1000);
    fs.utimesSync(old, longAgo, longAgo);
    fs.utimesSync(other, longAgo, longAgo);
    const r = ops.run('/bin/sh', ['-c', script]);
    assert.equal(r.status, 0, `${script}\n${r.stdout}${r.stderr}`);
    const made = fs.readdirSync(backups).filter((f) => /^newsdesk-\d{8}T\d{6}Z\.db$/.test(f) && !f.startsWith('newsdesk-2000'));
    assert.equal(made.length, 1, `expected one new dated copy in ${fs.readdirSync(backups).join(', ')}`);
    assert.ok(!fs.existsSync(old), 'a copy older than 14 days was kept');
    assert.ok(fs.existsSync(recent), 'a recent copy was deleted');
    assert.ok(fs.existsSync(other), 'a file that is not a copy was deleted');
    const check = ops.run(ops.BIN, ['check', '--db', path.join(backups, made[0])]);
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });
