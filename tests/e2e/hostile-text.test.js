'use strict';
// Hostile text that is still text, through nginx: Unicode noncharacters are refused at the form
// like bad bytes.

const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { startStack } = require('../lib/stack.js');
const { addUser, dump, rows, Client, articleFields, formArticle, fieldErrors, summaryErrors } = require('../lib/admin.js');

const NOW = '2010-04-17T08:30:00Z';
const PW = 'a long enough password 1';
const FFFD = '\uFFFD';

describe('noncharacters in a form field are refused like bytes that are not text', () => {
  let stack;
  let ed;
  before(async () => {
    stack = await startStack({ demo: true, now: NOW, beforeServe: (db) => addUser(db, 'ed', PW) });
    ed = new Client(stack.base);
    await ed.login('ed', PW);
  });
  after(async () => { if (stack) await stack.stop(); });

  let serial = 0;
  const article = (over) => ({
    headline: `Noncharacters at the door ${++serial}`, slug: '', section: 'europe',
    intro: 'An intro.', blocks: [{ kind: 'paragraph', text: 'A paragraph.' }], action: 'save', ...over,
  });
  const NONCHARS = [0xFDD0, 0xFDE7, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x1FFFF, 0x5FFFE, 0x10FFFE, 0x10FFFF];

  for (const cp of NONCHARS) {
    const name = `U+${cp.toString(16).toUpperCase()}`;
    test(`${name} in the headline, the intro or a paragraph: 422, the field named, shown as U+FFFD, nothing saved`, async () => {
      const ch = String.fromCodePoint(cp);
      for (const [field, over] of [
        ['headline', { headline: `Ash ${ch} cloud ${++serial}` }],
        ['intro', { intro: `An ${ch} intro.` }],
        ['paragraph', { blocks: [{ kind: 'paragraph', text: `Line one\n${ch}\nline two` }] }],
      ]) {
        const before = dump(stack.dbPath);
        const r = await ed.post('/admin/articles/new', articleFields(article(over)));
        assert.equal(r.status, 422, `${name} in the ${field}: status ${r.status}`);
        assert.ok(summaryErrors(r.body).items.some((e) => e.includes('contains bytes that are not text')),
          `${name} in the ${field}: ${JSON.stringify(summaryErrors(r.body))}`);
        assert.ok(fieldErrors(r.body).some((e) => e.includes('not text')), `${name} in the ${field}: no message beside it`);
        assert.ok(!r.body.includes(ch), `${name} in the ${field}: the page shows it back as it came`);
        const shown = formArticle(r.body);
        const value = field === 'paragraph' ? shown.blocks[0].text : shown[field];
        assert.ok(value.includes(FFFD), `${name} in the ${field}: not shown as U+FFFD: ${JSON.stringify(value)}`);
        assert.equal(dump(stack.dbPath), before, `${name} in the ${field}: something was saved`);
      }
    });
  }

  test('their neighbours are characters, and are kept exactly', async () => {
    const text = 'Edges \uFDCF \uFDF0 \uFFFC \uFFFD \u{1FFFD} \u{10000} \u{10FFFD} end';
    const r = await ed.post('/admin/articles/new', articleFields(article({ headline: text, intro: text })));
    assert.equal(r.status, 303, `status ${r.status}: ${JSON.stringify(summaryErrors(r.body))}`);
    const saved = rows(stack.dbPath, "SELECT headline, intro FROM articles WHERE headline LIKE 'Edges %'");
    assert.deepEqual(saved, [{ headline: text, intro: text }]);
  });

  test('a search for a noncharacter gets no 5xx and is not echoed', async () => {
    const r = await stack.get(`/search?q=${encodeURIComponent('ash \uFFFF')}`);
    assert.ok(r.status < 500, `status ${r.status}`);
    assert.ok(!r.body.includes('\uFFFF'), 'the noncharacter is echoed');
    assert.ok(r.body.includes('characters that are not text'), 'no word about the characters left out');
  });
});
