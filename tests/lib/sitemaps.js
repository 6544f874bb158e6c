'use strict';
// The whole sitemap as a crawler reads it: /sitemap.xml, a sitemap index valid against
// siteindex.xsd, then every file it names, each valid against sitemap.xsd, with at most 50,000
// URLs, served as its own cacheable document (strong ETag, Last-Modified, public lifetime).

const assert = require('node:assert/strict');
const { assertXSD, elements, textOf, decodeXml } = require('./xml.js');

const XML_TYPE = /^application\/xml; charset=utf-8$/;

// {index, files: [{path, body, headers, urls}], urls: [{loc, lastmod, file}]} for a stack
// (startStack's); every URL as listed, so duplicates show.
async function readSitemaps(stack) {
  const index = await stack.raw('/sitemap.xml');
  assert.equal(index.status, 200, `/sitemap.xml: ${index.status}`);
  assert.match(index.headers['content-type'], XML_TYPE, '/sitemap.xml: content type');
  assertXSD('siteindex.xsd', index.body, '/sitemap.xml');
  const locs = elements(index.body, 'sitemap').map((s) => textOf(s, 'loc'));
  assert.ok(locs.length >= 1 && locs.length <= 50000, `/sitemap.xml names ${locs.length} files`);
  const files = [];
  const urls = [];
  for (const loc of locs) {
    assert.ok(loc.startsWith(`${stack.base}/sitemaps/`), `index entry ${loc} is not a sitemap file of this site`);
    const p = loc.slice(stack.base.length);
    const r = await stack.raw(p);
    assert.equal(r.status, 200, `${p}: ${r.status}`);
    assert.match(r.headers['content-type'], XML_TYPE, `${p}: content type`);
    assertXSD('sitemap.xsd', r.body, p);
    assert.match(r.headers.etag || '', /^"[^"]+"$/, `${p}: no strong ETag`);
    assert.ok(r.headers['last-modified'], `${p}: no Last-Modified`);
    assert.match(r.headers['cache-control'] || '', /public/, `${p}: not publicly cacheable`);
    const fileUrls = elements(r.body, 'url').map((u) => ({
      loc: decodeXml(elements(u, 'loc')[0]).trim(), lastmod: textOf(u, 'lastmod'), file: p,
    }));
    assert.ok(fileUrls.length >= 1 && fileUrls.length <= 50000, `${p}: ${fileUrls.length} URLs`);
    files.push({ path: p, body: r.body, headers: r.headers, urls: fileUrls });
    urls.push(...fileUrls);
  }
  return { index: index.body, files, urls };
}

module.exports = { readSitemaps };
