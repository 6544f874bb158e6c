// Never lose work: the article form keeps a copy of what is typed in this browser's
// localStorage; reopening the article after a crash, a closed tab or a refused save offers that
// text back, shown beside the saved version. Progressive enhancement: without this script (or
// without localStorage) the form works as before. Everything shown is set as text, never markup.
// Each copy is keyed by account and article ("newsdesk-draft:USER:ID"); logging out (the admin
// bar's form, on every admin page) forgets every copy, so the next person at a shared computer
// finds none.
(function () {
  'use strict';
  var PREFIX = 'newsdesk-draft:';
  var form = document.querySelector('form.article-form[data-draft-key]');
  var logout = document.querySelector('form.logout');
  var store;
  try { store = window.localStorage; } catch (e) { return; }
  if (!store) return;
  var leaving = false;
  if (logout) {
    logout.addEventListener('submit', function () {
      leaving = true;  // nothing typed is kept after this (pagehide follows the submit)
      var keys = [];
      for (var i = 0; i < store.length; i++) {
        var k = store.key(i);
        if (k && k.indexOf(PREFIX) === 0) keys.push(k);
      }
      keys.forEach(function (k) { store.removeItem(k); });
    });
  }
  if (!form) return;
  var key = PREFIX + form.getAttribute('data-draft-key');
  var newKey = key.replace(/:[^:]*$/, ':new');
  var SKIP = { csrf: true, action: true, base_revision: true };

  function fields() {
    var out = [];
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (!el.name || SKIP[el.name] || el.type === 'submit' || el.type === 'button') continue;
      if (el.type === 'checkbox') out.push([el.name, el.checked ? el.value : '']);
      else out.push([el.name, el.value]);
    }
    return out;
  }

  function same(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) return false;
    return true;
  }

  function read() {
    try {
      var v = JSON.parse(store.getItem(key) || 'null');
      return v && Array.isArray(v.fields) ? v : null;
    } catch (e) { return null; }
  }

  function label(name, el) {
    var l = el && el.id ? form.querySelector('label[for="' + el.id + '"]') : null;
    return l ? l.textContent.replace(/\s+/g, ' ').trim() : name;
  }

  function apply(saved) {
    var byName = {};
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (!el.name || SKIP[el.name]) continue;
      (byName[el.name] = byName[el.name] || []).push(el);
    }
    var seen = {};
    saved.forEach(function (f) {
      var n = seen[f[0]] = (seen[f[0]] || 0) + 1;
      var el = byName[f[0]] && byName[f[0]][n - 1];
      if (!el) return;
      if (el.type === 'checkbox') el.checked = f[1] !== '';
      else if (el.type !== 'hidden') el.value = f[1];
    });
  }

  function offer(copy, now) {
    var box = document.createElement('section');
    box.className = 'restore';
    box.setAttribute('role', 'alert');
    var h = document.createElement('h2');
    h.textContent = 'Unsaved text from ' + new Date(copy.at).toLocaleString() + ' in this browser';
    box.appendChild(h);
    var p = document.createElement('p');
    p.textContent = 'It differs from the saved version. Restore it into the form (then Save), or discard it.';
    box.appendChild(p);
    var table = document.createElement('table');
    table.className = 'side-by-side restore-diff';
    var head = table.createTHead().insertRow();
    ['Field', 'Saved version', 'Unsaved text'].forEach(function (t) {
      var th = document.createElement('th');
      th.scope = 'col';
      th.textContent = t;
      head.appendChild(th);
    });
    var body = table.createTBody();
    var counts = {};
    var elems = form.elements;
    for (var i = 0; i < copy.fields.length; i++) {
      var f = copy.fields[i];
      var n = counts[f[0]] = (counts[f[0]] || 0) + 1;
      var cur = now.filter(function (x) { return x[0] === f[0]; })[n - 1];
      if (cur && cur[1] === f[1]) continue;
      var el = elems.namedItem(f[0]);
      if (el && el.length !== undefined && !el.tagName) el = el[n - 1];
      var row = body.insertRow();
      [label(f[0], el), cur ? cur[1] : '', f[1]].forEach(function (t) { row.insertCell().textContent = t; });
    }
    box.appendChild(table);
    var restore = document.createElement('button');
    restore.type = 'button';
    restore.textContent = 'Restore unsaved text';
    restore.addEventListener('click', function () { apply(copy.fields); box.remove(); });
    var discard = document.createElement('button');
    discard.type = 'button';
    discard.textContent = 'Discard it';
    discard.addEventListener('click', function () { store.removeItem(key); box.remove(); });
    box.appendChild(restore);
    box.appendChild(discard);
    form.parentNode.insertBefore(box, form);
  }

  var params = new URLSearchParams(location.search);
  if (params.has('done')) {  // the server holds what was typed: the copy's work is done
    store.removeItem(key);
    if (params.get('done') === 'created') store.removeItem(newKey);
  } else {
    var copy = read(), now = fields();
    if (copy && !same(copy.fields, now)) offer(copy, now);
  }

  var timer = null;
  function keep() {
    timer = null;
    if (leaving) return;
    try { store.setItem(key, JSON.stringify({ at: Date.now(), fields: fields() })); } catch (e) { /* full */ }
  }
  form.addEventListener('input', function () { if (!timer) timer = setTimeout(keep, 400); });
  form.addEventListener('change', function () { if (!timer) timer = setTimeout(keep, 400); });
  window.addEventListener('pagehide', function () { if (timer) { clearTimeout(timer); keep(); } });
})();
