'use strict';
// Every route, from the route table itself (`newsdesk routes`), tried with every role and with
// no session, by every method it allows (a POST with hostile text in every field it declares): a refused request answers 403 (or, a GET without a
// session, the login page) and leaves the database and its sessions file byte for byte the same
// (sqlite3 .dump); an allowed one is never 403. A route added later is walked the same way, and
// one that declares no role fails here. Then the ownership rules a route's role cannot say: a
// reporter opens and changes only their own drafts and never publishes.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, run, BIN, textOf, sqlite } = require('../lib/stack.js');
const { addUser, rows, Client, articleFields, formArticle, idFromLocation } = require('../lib/admin.js');

const NOW = '2010-04-17T08:30:00Z';
const PW = 'a newsroom password 12';
const RANK = { public: 1, reporter: 2, editor: 3, admin: 4 };
const IDENTITIES = ['none', 'reporter', 'editor', 'admin'];

let S;
const who = {};       // identity -> logged-in Client (none: a client without a session)
let ritaDraft;        // an article the reporter rita owns, a draft
let section1, slug1;  // the seed article's address

// The database and its sessions file whole (presence rows included, unlike admin.js's dump).
function dump(dbPath) {
  return sqlite(dbPath, '.dump\n') + sqlite(`${dbPath}-sessions`, '.dump\n');
}

// Every field the route declares, each holding markup, quotes, a script URL and SQL: refused,
// it must change nothing; allowed, it must be answered (a 4xx form, never a 5xx). The login
// form gets none: a failed attempt would throttle this client's address for the later logins.
const HOSTILE = '<script>alert(1)</script>"\'><img src=x onerror=alert(1)> javascript:alert(1) \'); DROP TABLE users;--';
function hostileForm(route) {
  if (route.name === 'admin_login') return [];
  return route.inputs.map((name) => [name, HOSTILE]);
}

function routeTable() {
  const r = run(BIN, ['routes']);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
}

// A concrete path for a pattern: '#' segments become ids (the first an article, the second one
// of its revisions), ':' segments the seed article's section and slug, or a plausible slug.
function concrete(pattern, articleId, revisionId) {
  let ids = 0;
  return pattern.split('/').map((seg) => {
    if (seg.startsWith('#')) return `${ids++ === 0 ? articleId : revisionId}${seg.slice(1)}`;
    if (seg === ':section') return section1;
    if (seg === ':slug') return slug1;
    if (seg.startsWith(':')) return 'a-slug';
    return seg;
  }).join('/');
}

async function login(name) {
  const c = new Client(S.base);
  await c.login(name, PW);
  return c;
}

before(async () => {
  S = await startStack({
    demo: true,
    now: NOW,
    beforeServe: (db) => {
      addUser(db, 'rita', PW, 'reporter');
      addUser(db, 'rob', PW, 'reporter');
      addUser(db, 'ed', PW, 'editor');
      addUser(db, 'ann', PW, 'admin');
    },
  });
  [{ section: section1, slug: slug1 }] = rows(S.dbPath,
    'SELECT s.slug AS section, a.slug FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.id = 1');
  who.none = new Client(S.base);
  who.reporter = await login('rita');
  who.editor = await login('ed');
  who.admin = await login('ann');
  const r = await who.reporter.post('/admin/articles/new', articleFields({
    headline: 'Rita\'s draft', section: section1, intro: 'A first line.', blocks: [{ text: 'Body.' }],
    action: 'save',
  }));
  assert.equal(r.status, 303, textOf(r.body).slice(0, 400));
  ritaDraft = idFromLocation(r.headers.location).id;
});

after(async () => { if (S) await S.stop(); });

test('every route in the table declares a role', () => {
  const table = routeTable();
  assert.ok(table.length >= 20, `the table lists its routes (${table.length})`);
  const undeclared = table.filter((r) => !(r.role in RANK)).map((r) => `${r.pattern} (${r.name})`);
  assert.deepEqual(undeclared, [], 'routes without a declared role');
  for (const r of table) {
    if (r.pattern.startsWith('/admin') && r.name !== 'admin_login') {
      assert.ok(RANK[r.role] >= RANK.reporter, `${r.pattern} needs a session (role ${r.role})`);
    }
  }
});

test('every route with every role and none: refused is 403 (or the login page) and changes nothing', async () => {
  const revs = rows(S.dbPath, `SELECT id FROM revisions WHERE article_id = ${ritaDraft} ORDER BY id`);
  let tried = 0;
  for (const route of routeTable()) {
    const need = RANK[route.role];
    assert.ok(need, `${route.pattern} declares no role`);
    for (const id of IDENTITIES) {
      const c = who[id];
      const rank = id === 'none' ? RANK.public : RANK[id];
      const allowed = rank >= need;
      // An allowed reporter is tried on their own draft; everyone else on the seed article.
      const path = concrete(route.pattern, id === 'reporter' ? ritaDraft : 1, revs[0].id);
      for (const method of [route.get && 'GET', route.post && 'POST'].filter(Boolean)) {
        if (allowed && method === 'POST' && route.name === 'admin_logout') continue;  // tried last
        const before = allowed ? null : dump(S.dbPath);
        const r = method === 'GET' ? await c.get(path) : await c.post(path, hostileForm(route));
        const label = `${method} ${path} (${route.name}, needs ${route.role}) as ${id}: ${r.status}`;
        tried++;
        if (allowed) {
          assert.notEqual(r.status, 403, label);
          assert.ok(r.status < 500, label);
          continue;
        }
        if (id === 'none' && method === 'GET') {
          assert.equal(r.status, 303, label);
          assert.equal(r.headers.location, '/admin/login', label);
        } else {
          assert.equal(r.status, 403, label);
        }
        assert.equal(r.cookies.length, 0, `${label}: no Set-Cookie`);
        assert.equal(dump(S.dbPath), before, `${label} changed the database`);
      }
    }
  }
  assert.ok(tried > 80, `requests tried: ${tried}`);
  for (const id of ['reporter', 'editor', 'admin']) {
    const r = await who[id].post('/admin/logout', []);
    assert.equal(r.status, 303, `logout as ${id}`);
    who[id] = await login({ reporter: 'rita', editor: 'ed', admin: 'ann' }[id]);
  }
});

test('a reporter opens and changes only their own drafts, and never publishes', async () => {
  const rita = who.reporter;
  const rob = await login('rob');
  const own = await rita.get(`/admin/articles/${ritaDraft}`);
  assert.equal(own.status, 200);
  assert.match(own.body, /value="submit">Submit for review</);
  assert.doesNotMatch(own.body, /value="publish"/, 'no Publish button for a reporter');
  const fields = articleFields({ ...formArticle(own.body), action: 'publish' });
  const refusals = [
    [rita, `/admin/articles/${ritaDraft}`, fields, 'publish own draft'],
    [rita, `/admin/articles/${ritaDraft}`, articleFields({ ...formArticle(own.body), action: 'return', note: 'x' }), 'send back'],
    [rita, '/admin/articles/new', articleFields({ headline: 'Straight out', section: section1, intro: 'x', blocks: [{ text: 'y' }], action: 'publish' }), 'publish a new one'],
    [rita, '/admin/articles/1', articleFields({ ...formArticle(own.body), action: 'save' }), 'save someone else\'s'],
    [rob, `/admin/articles/${ritaDraft}`, articleFields({ ...formArticle(own.body), action: 'save' }), 'another reporter saves it'],
    [rob, `/admin/articles/${ritaDraft}/revisions/${rows(S.dbPath, `SELECT min(id) AS id FROM revisions WHERE article_id = ${ritaDraft}`)[0].id}/restore`, [], 'another reporter restores it'],
  ];
  for (const [c, p, f, label] of refusals) {
    const before = dump(S.dbPath);
    const r = await c.post(p, f);
    assert.equal(r.status, 403, `${label}: ${r.status}`);
    assert.equal(dump(S.dbPath), before, `${label} changed the database`);
  }
  for (const p of ['/admin/articles/1', `/admin/articles/${ritaDraft}`, `/admin/articles/${ritaDraft}/revisions`]) {
    const c = p === '/admin/articles/1' ? rita : rob;
    assert.equal((await c.get(p)).status, 403, `GET ${p}`);
  }
  assert.match(S.log(), /403 POST \/admin\/articles\/\d+: publish needs the editor role/);
});
