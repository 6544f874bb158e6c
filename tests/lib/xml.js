'use strict';
// XML checks for the feed and sitemap tests: well-formedness and schema validity with
// xmllint (libxml2-utils), against the schemas in tests/fixtures/schemas/, and a few small
// readers of a document's elements. Node 18 compatible, no dependencies.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const SCHEMAS = path.resolve(__dirname, '..', 'fixtures', 'schemas');

// Runs xmllint on the text (written to a temporary file): {ok, status, output}.
function xmllint(args, text) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsdesk-xml-'));
  const file = path.join(dir, 'doc.xml');
  try {
    fs.writeFileSync(file, text);
    const r = spawnSync('xmllint', [...args, file], { encoding: 'utf8', timeout: 60000 });
    if (r.error) throw new Error(`xmllint could not run (install libxml2-utils): ${r.error.message}`);
    return { ok: r.status === 0, status: r.status, output: `${r.stdout || ''}${r.stderr || ''}`.trim() };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function schemaPath(name) {
  const p = path.join(SCHEMAS, name);
  if (!fs.existsSync(p)) throw new Error(`no schema ${p}`);
  return p;
}

// Each returns xmllint's verdict; the assert* forms throw with xmllint's messages.
const wellFormed = (text) => xmllint(['--noout', '--nonet'], text);
const relaxng = (schema, text) => xmllint(['--noout', '--nonet', '--relaxng', schemaPath(schema)], text);
const xsd = (schema, text) => xmllint(['--noout', '--nonet', '--schema', schemaPath(schema)], text);

function check(r, what, label) {
  if (!r.ok) throw new Error(`${label} is not ${what} (xmllint exit ${r.status}):\n${r.output.slice(0, 4000)}`);
  return r;
}
const assertWellFormed = (text, label = 'document') => check(wellFormed(text), 'well-formed XML', label);
const assertRelaxNG = (schema, text, label = 'document') => check(relaxng(schema, text), `valid against ${schema}`, label);
const assertXSD = (schema, text, label = 'document') => check(xsd(schema, text), `valid against ${schema}`, label);

// Small readers for documents already known to be well-formed. Element names are given as
// written in the document (with their prefix, such as news:title).

function decodeXml(s) {
  return s
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (m, t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;'))
    .replace(/&(#x[0-9a-f]+|#[0-9]+|lt|gt|amp|quot|apos);/gi, (m, e) => {
      if (e[0] === '#') {
        return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
      }
      return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[e.toLowerCase()];
    });
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The inner XML of every <name ...>...</name> (not nested in itself), in order.
function elements(xml, name) {
  const re = new RegExp(`<${escapeRe(name)}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${escapeRe(name)}>)`, 'g');
  const out = [];
  let m;
  while ((m = re.exec(xml))) out.push(m[1] === undefined ? '' : m[1]);
  return out;
}

// The decoded text of the first <name> inside xml, or null.
function textOf(xml, name) {
  const all = elements(xml, name);
  return all.length ? decodeXml(all[0]).trim() : null;
}

// The attributes of every <name .../> or <name ...> start tag: [{attr: value}].
function startTags(xml, name) {
  const re = new RegExp(`<${escapeRe(name)}(\\s[^>]*?)?\\s*/?>`, 'g');
  const out = [];
  let m;
  while ((m = re.exec(xml))) {
    const attrs = {};
    const are = /([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
    let a;
    while ((a = are.exec(m[1] || ''))) attrs[a[1]] = decodeXml(a[3] !== undefined ? a[3] : a[4]);
    out.push(attrs);
  }
  return out;
}

// RFC 3339 date-time (full date, full time, zone required): the instant in ms, or NaN.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
function parseRfc3339(s) {
  const m = RFC3339.exec(s);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, sec, , zone] = m;
  if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +sec > 60) return NaN;
  const t = Date.parse(s.toUpperCase());
  if (!Number.isFinite(t)) return NaN;
  // Date.parse rolls 31 April over to 1 May: the calendar date must survive the round trip.
  const off = /^[Zz]$/.test(zone) ? 0 : (zone[0] === '-' ? -1 : 1) * (+zone.slice(1, 3) * 60 + +zone.slice(4, 6));
  const local = new Date(t + off * 60000);
  if (local.getUTCFullYear() !== +y || local.getUTCMonth() + 1 !== +mo || local.getUTCDate() !== +d) return NaN;
  return t;
}

module.exports = {
  SCHEMAS, xmllint, wellFormed, relaxng, xsd, assertWellFormed, assertRelaxNG, assertXSD,
  decodeXml, elements, textOf, startTags, parseRfc3339,
};
