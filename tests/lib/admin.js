'use strict';
// Helpers for the admin tests: editors' accounts (newsdesk user add), an HTTP client that
// keeps a session cookie and sends forms (node:http, so the body goes byte for byte and the
// client address can be chosen), the article form as fields, reading a form back out of a page,
// and the database as text (sqlite3 .dump) to prove that a refused request changed nothing.
// Node 18 compatible, no dependencies; uses tests/lib/stack.js for the stack itself.

const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const https = require('node:https');
const { BIN, run, sqlite, decodeEntities, textOf } = require('./stack.js');

// ---- accounts ----

// Adds an editor with `newsdesk user add NAME --db FILE --role ROLE`, the password on stdin.
function addUser(dbPath, name, password, role = 'editor') {
  const r = run(BIN, ['user', 'add', name, '--db', dbPath, '--role', role], { input: `${password}\n` });
  if (r.error || r.status !== 0) {
    throw new Error(`newsdesk user add ${name} failed (status ${r.status}): ${r.stdout}${r.stderr}`);
  }
  return r;
}

// Runs `newsdesk user ARGS...` with optional stdin; {status, stdout, stderr}.
function userCmd(args, input) {
  return run(BIN, ['user', ...args], input === undefined ? {} : { input });
}

// ---- the database as text ----

// The sessions file beside a database: sessions, login throttling and the login log.
function sessionsFile(dbPath) {
  return `${dbPath}-sessions`;
}

// The whole database and its sessions file as SQL text (sqlite3 .dump): equal dumps mean
// logically equal stores.
// Left out: the presence rows (who has an article's form open), which opening a form writes,
// as a GET may; a refused request never reaches them.
function dump(dbPath) {
  const sessions = sessionsFile(dbPath);
  const kept = fs.existsSync(sessions) ? sqlite(sessions, '.dump\n') : '';
  return sqlite(dbPath, '.dump\n') + kept.split('\n').filter((l) => !l.startsWith('INSERT INTO presence ')).join('\n');
}

// Rows of a query as objects, column name to value (sqlite3 .mode json).
function rows(dbPath, sql) {
  const out = sqlite(dbPath, `.mode json\n${sql};\n`).trim();
  return out ? JSON.parse(out) : [];
}

// Rows of a query over a database with its sessions file attached as sf (sf.sessions ...).
function rowsWithSessions(dbPath, sql) {
  return rows(dbPath, `ATTACH '${sessionsFile(dbPath).replace(/'/g, "''")}' AS sf;\n${sql}`);
}

// A consistent copy of a live database (sqlite3 .backup), for a second stack with another clock.
function backup(dbPath, toPath) {
  if (fs.existsSync(toPath)) fs.rmSync(toPath);
  sqlite(dbPath, `.backup '${toPath.replace(/'/g, "''")}'\n`);
  return toPath;
}

// ---- HTTP ----

// One request with node:http (node:https for an https base). opts: method, headers, body
// (string or Buffer), localAddress (the client address nginx sees, e.g. '127.0.0.7'), timeout,
// ca (https: the certificate to trust, required). Resolves {status, headers, body, cookies}
// (cookies: the Set-Cookie lines); never follows redirects.
function request(base, reqPath, opts = {}) {
  const u = new URL(base);
  const tls = u.protocol === 'https:';
  if (tls && !opts.ca) throw new Error(`request to ${base}: https needs the certificate to trust (opts.ca)`);
  return new Promise((resolve, reject) => {
    const req = (tls ? https : http).request({
      host: u.hostname,
      port: u.port,
      method: opts.method || 'GET',
      path: reqPath,
      headers: { connection: 'close', ...(opts.headers || {}) },
      agent: false,
      localAddress: opts.localAddress,
      ...(tls ? { ca: opts.ca } : {}),
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const sc = res.headers['set-cookie'];
        resolve({
          status: res.statusCode,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          cookies: Array.isArray(sc) ? sc : sc ? [sc] : [],
        });
      });
      res.on('error', reject);
    });
    req.setTimeout(opts.timeout || 30000, () => req.destroy(new Error(`timeout: ${opts.method || 'GET'} ${reqPath.slice(0, 100)}`)));
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

// A raw, already percent-encoded value for form(): form([['bt', raw('%FF%FE')]]).
function raw(encoded) {
  return { raw: encoded };
}

// application/x-www-form-urlencoded from [[name, value], ...] (or an object), in order.
function form(fields) {
  const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
  return pairs.map(([k, v]) => {
    const value = v && typeof v === 'object' && 'raw' in v ? v.raw : encodeURIComponent(String(v));
    return `${encodeURIComponent(k)}=${value}`;
  }).join('&');
}

// The value of the first hidden csrf field of a page, or null.
function csrfOf(html) {
  const m = /<input type="hidden" name="csrf" value="([^"]*)">/.exec(html);
  return m ? decodeEntities(m[1]) : null;
}

// The session cookie of a Set-Cookie list: {name, value, attrs (lowercase keys), line} or null.
function sessionCookie(cookies) {
  for (const line of cookies) {
    const m = /^((?:__Host-)?newsdesk_session)=([^;]*)(.*)$/.exec(line);
    if (!m) continue;
    const attrs = {};
    for (const part of m[3].split(';').map((s) => s.trim()).filter(Boolean)) {
      const eq = part.indexOf('=');
      attrs[(eq < 0 ? part : part.slice(0, eq)).toLowerCase()] = eq < 0 ? true : part.slice(eq + 1);
    }
    return { name: m[1], value: m[2], attrs, line };
  }
  return null;
}

// An editor's browser, minus the browser: a cookie jar of one cookie, the CSRF token of the last
// admin page seen, and the same-origin Origin header on every POST unless told otherwise.
class Client {
  constructor(base, opts = {}) {
    this.base = base;
    this.localAddress = opts.localAddress;
    this.ca = opts.ca;      // https: the certificate to trust
    this.cookie = null;   // "newsdesk_session=..."
    this.csrf = null;
  }

  _headers(extra = {}) {
    const h = { ...extra };
    if (this.cookie && !('cookie' in h)) h.cookie = this.cookie;
    for (const k of Object.keys(h)) if (h[k] === null || h[k] === undefined) delete h[k];
    return h;
  }

  _take(res) {
    const c = sessionCookie(res.cookies);
    if (c) this.cookie = c.value ? `${c.name}=${c.value}` : null;
    const t = csrfOf(res.body);
    if (t) this.csrf = t;
    return res;
  }

  async get(p, opts = {}) {
    return this._take(await request(this.base, p, {
      localAddress: this.localAddress, ca: this.ca, ...opts, headers: this._headers(opts.headers),
    }));
  }

  // POSTs a form. fields: pairs or object; the csrf field is added first unless fields have one
  // or opts.csrf === false (opts.csrf as a string sends that token). opts.origin: the Origin
  // header (default the site's own; null sends none); opts.headers: more headers.
  async post(p, fields = [], opts = {}) {
    let pairs = Array.isArray(fields) ? fields.slice() : Object.entries(fields);
    const hasCsrf = pairs.some(([k]) => k === 'csrf');
    if (!hasCsrf && opts.csrf !== false) {
      const token = typeof opts.csrf === 'string' ? opts.csrf : this.csrf;
      if (token !== null && token !== undefined) pairs = [['csrf', token], ...pairs];
    }
    const body = opts.rawBody !== undefined ? opts.rawBody : form(pairs);
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      origin: opts.origin === undefined ? this.base : opts.origin,
      ...(opts.headers || {}),
    };
    return this._take(await request(this.base, p, {
      localAddress: this.localAddress, ca: this.ca, method: 'POST', body, headers: this._headers(headers),
      timeout: opts.timeout,
    }));
  }

  // Logs in through POST /admin/login; throws unless it answers 303 to /admin with a cookie.
  async login(name, password) {
    const r = await this.loginAttempt(name, password);
    if (r.status !== 303 || r.headers.location !== '/admin' || !this.cookie) {
      throw new Error(`login as ${name} failed: ${r.status} ${r.headers.location || ''}\n${textOf(r.body).slice(0, 300)}`);
    }
    await this.get('/admin');  // picks up the CSRF token
    if (!this.csrf) throw new Error('GET /admin after login shows no csrf field');
    return r;
  }

  async loginAttempt(name, password, opts = {}) {
    return this.post('/admin/login', [['name', name], ['password', password]], { csrf: false, ...opts });
  }
}

// ---- the article form ----

// The article form's fields, in the order the page sends them. a: {headline, slug, section,
// intro, publish_at, image_url, image_alt, image_caption, sponsor, sponsor_url, promos,
// blocks: [{kind, text, image, name, byline, media}], links: [{source, title, url, time, reg}],
// base_revision, action}. Values may be raw() for bytes that are not text.
function articleFields(a) {
  const f = [];
  f.push(['base_revision', a.base_revision === undefined ? '' : String(a.base_revision)]);
  for (const k of ['headline', 'slug', 'section', 'intro', 'publish_at', 'image_url', 'image_alt',
    'image_caption']) {
    f.push([k, a[k] === undefined ? '' : a[k]]);
  }
  for (const b of a.blocks || []) {
    f.push(['bk', b.kind || 'paragraph']);
    f.push(['bt', b.text === undefined ? '' : b.text]);
    f.push(['bi', b.image === undefined ? '' : b.image]);
    f.push(['bn', b.name === undefined ? '' : b.name]);
    f.push(['bb', b.byline === undefined ? '' : b.byline]);
    f.push(['bm', b.media === undefined ? '' : b.media]);
  }
  for (const k of ['sponsor', 'sponsor_url']) f.push([k, a[k] === undefined ? '' : a[k]]);
  (a.links || []).forEach((l, i) => {
    f.push(['ls', l.source === undefined ? '' : l.source]);
    f.push(['lt', l.title === undefined ? '' : l.title]);
    f.push(['lu', l.url === undefined ? '' : l.url]);
    f.push(['lp', l.time === undefined ? '' : l.time]);
    if (l.reg) f.push(['lr', String(i)]);
  });
  f.push(['promos', a.promos === undefined ? '' : a.promos]);
  if (a.action) f.push(['action', a.action]);
  return f;
}

function attr(tag, name) {
  const m = new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`, 'i').exec(tag);
  if (m) return decodeEntities(m[1]);
  return new RegExp(`\\s${name}(?=[\\s>/])`, 'i').test(tag) ? '' : null;
}

// The fields a browser would send from the first <form> whose opening tag matches `which`
// (a RegExp; default the article form): [[name, value], ...] in document order; unchecked boxes
// and buttons left out. A textarea's first newline is dropped, as HTML parsers do.
function formFields(html, which = /class="article-form"/) {
  const re = /<form\b[^>]*>/gi;
  let m;
  let start = -1;
  while ((m = re.exec(html))) {
    if (which.test(m[0])) { start = m.index + m[0].length; break; }
  }
  if (start < 0) return null;
  const end = html.indexOf('</form>', start);
  const body = html.slice(start, end < 0 ? html.length : end);
  const out = [];
  const tagRe = /<(input|textarea|select)\b[^>]*>/gi;
  while ((m = tagRe.exec(body))) {
    const tag = m[0];
    const kind = m[1].toLowerCase();
    const name = attr(tag, 'name');
    if (name === null) continue;
    if (kind === 'input') {
      const type = (attr(tag, 'type') || 'text').toLowerCase();
      if (type === 'submit' || type === 'button' || type === 'image') continue;
      if ((type === 'checkbox' || type === 'radio') && attr(tag, 'checked') === null) continue;
      out.push([name, attr(tag, 'value') || '']);
    } else if (kind === 'textarea') {
      const close = body.indexOf('</textarea>', m.index + tag.length);
      let text = decodeEntities(body.slice(m.index + tag.length, close));
      if (text.startsWith('\r\n')) text = text.slice(2);
      else if (text.startsWith('\n')) text = text.slice(1);
      out.push([name, text]);
      tagRe.lastIndex = close;
    } else {
      const close = body.indexOf('</select>', m.index);
      const opts = body.slice(m.index + tag.length, close);
      const optRe = /<option\b[^>]*>/gi;
      let o;
      let chosen = null;
      let first = null;
      while ((o = optRe.exec(opts))) {
        if (first === null) first = attr(o[0], 'value') || '';
        if (attr(o[0], 'selected') !== null) { chosen = attr(o[0], 'value') || ''; break; }
      }
      out.push([name, chosen !== null ? chosen : first || '']);
      tagRe.lastIndex = close;
    }
  }
  return out;
}

// The article form read back into the shape articleFields() takes.
function formArticle(html) {
  const f = formFields(html);
  if (!f) return null;
  const one = (k) => { const p = f.find(([n]) => n === k); return p ? p[1] : undefined; };
  const all = (k) => f.filter(([n]) => n === k).map(([, v]) => v);
  const a = {};
  for (const k of ['base_revision', 'headline', 'slug', 'section', 'intro', 'publish_at', 'image_url',
    'image_alt', 'image_caption', 'sponsor', 'sponsor_url', 'promos', 'csrf']) {
    a[k] = one(k);
  }
  const bk = all('bk'); const bt = all('bt'); const bi = all('bi'); const bn = all('bn');
  const bb = all('bb'); const bm = all('bm');
  a.blocks = bk.map((kind, i) => ({ kind, text: bt[i], image: bi[i], name: bn[i], byline: bb[i], media: bm[i] }));
  const ls = all('ls'); const lt = all('lt'); const lu = all('lu'); const lp = all('lp');
  const lr = new Set(all('lr'));
  a.links = ls.map((source, i) => ({ source, title: lt[i], url: lu[i], time: lp[i], reg: lr.has(String(i)) }));
  return a;
}

// The article id of a 303 Location such as /admin/articles/12?done=created.
function idFromLocation(loc) {
  const m = /^\/admin\/articles\/(\d+)(?:\?done=([a-z]+))?$/.exec(loc || '');
  return m ? { id: Number(m[1]), done: m[2] || null } : null;
}

// The texts of the field-error spans and of the error summary's items.
function fieldErrors(html) {
  const out = [];
  const re = /<span class="field-error">([\s\S]*?)<\/span>/g;
  let m;
  while ((m = re.exec(html))) out.push(textOf(m[1]));
  return out;
}

function summaryErrors(html) {
  const m = /<section class="form-errors"[\s\S]*?<\/section>/.exec(html);
  if (!m) return null;
  const h = /<h2[^>]*>([\s\S]*?)<\/h2>/.exec(m[0]);
  const items = [];
  const re = /<li>([\s\S]*?)<\/li>/g;
  let li;
  while ((li = re.exec(m[0]))) items.push(textOf(li[1]));
  return { heading: h ? textOf(h[1]) : '', items };
}

// Rows of the admin's article table: [{id, headline, status, section, editor, changed}].
function articleRows(html) {
  const t = /<table class="article-table">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html);
  if (!t) return null;
  const out = [];
  const re = /<tr>([\s\S]*?)<\/tr>/g;
  let m;
  while ((m = re.exec(t[1]))) {
    const cells = [];
    const cre = /<td>([\s\S]*?)<\/td>/g;
    let c;
    while ((c = cre.exec(m[1]))) cells.push(c[1]);
    const link = /<a href="\/admin\/articles\/(\d+)">([\s\S]*?)<\/a>/.exec(cells[0] || '');
    out.push({
      id: link ? Number(link[1]) : null,
      headline: link ? textOf(link[2]) : '',
      status: textOf(cells[1] || ''),
      section: textOf(cells[2] || ''),
      editor: textOf(cells[3] || ''),
      changed: textOf(cells[4] || ''),
    });
  }
  return out;
}

// Rows of a revisions page: [{rev, current, action, editor, when, restorable}].
function revisionRows(html) {
  const t = /<table class="revisions">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html);
  if (!t) return null;
  const out = [];
  const re = /<tr>([\s\S]*?)<\/tr>/g;
  let m;
  while ((m = re.exec(t[1]))) {
    const cells = [];
    const cre = /<td>([\s\S]*?)<\/td>/g;
    let c;
    while ((c = cre.exec(m[1]))) cells.push(c[1]);
    out.push({
      rev: Number(textOf(cells[0] || '').split(' ')[0]),
      current: /\(current\)/.test(cells[0] || ''),
      action: textOf(cells[1] || ''),
      editor: textOf(cells[2] || ''),
      when: textOf(cells[3] || ''),
      restorable: /\/restore"/.test(cells[6] || ''),
    });
  }
  return out;
}

// Lines of a diff table: [{cls, mark, text}].
function diffRows(html) {
  const t = /<table class="diff-lines">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html);
  if (!t) return null;
  const out = [];
  const re = /<tr class="([^"]*)"><td class="mark">([\s\S]*?)<\/td><td>([\s\S]*?)<\/td><\/tr>/g;
  let m;
  while ((m = re.exec(t[1]))) out.push({ cls: m[1], mark: decodeEntities(m[2]), text: decodeEntities(m[3]) });
  return out;
}

// A config file for startStack({config}): the deploy config plus `extra` lines.
function configWith(dir, extra) {
  const { SRC } = require('./stack.js');
  const text = fs.readFileSync(path.join(SRC, 'deploy', 'newsdesk.conf'), 'utf8');
  const file = path.join(dir, `newsdesk-${process.pid}-${Date.now()}.conf`);
  fs.writeFileSync(file, `${text}\n${extra}\n`);
  return file;
}

module.exports = {
  addUser, userCmd, dump, rows, rowsWithSessions, sessionsFile, backup, request, raw, form, csrfOf, sessionCookie, Client,
  articleFields, formFields, formArticle, idFromLocation, fieldErrors, summaryErrors,
  articleRows, revisionRows, diffRows, configWith,
};
