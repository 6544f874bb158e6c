'use strict';
// Helpers for the media tests: pictures made at test time with ImageMagick, exiftool and vips
// (Debian's imagemagick, libimage-exiftool-perl, libvips-tools), and multipart uploads as a
// browser sends them. Node 18 compatible, no dependencies.

const crypto = require('node:crypto');
const { mustRun } = require('./stack.js');

// A multipart/form-data body: fields [[name, value], ...] then the file part (if any).
function multipart(fields, file) {
  const boundary = `----newsdeskTest${crypto.randomBytes(8).toString('hex')}`;
  const chunks = [];
  for (const [k, v] of fields) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of Array.isArray(file) ? file : file ? [file] : []) {  // f.field: "file" unless named
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field || 'file'}"; ` +
      `filename="${f.name}"\r\nContent-Type: ${f.type || 'image/jpeg'}\r\n\r\n`));
    chunks.push(f.data);
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

// POSTs an upload to /admin/media as the client's editor (csrf first unless opts.csrf false).
async function upload(client, file, fields = {}, opts = {}) {
  const pairs = Object.entries(fields);
  if (opts.csrf !== false) pairs.unshift(['csrf', client.csrf]);
  const m = multipart(pairs, file);
  return client.post('/admin/media', [], {
    rawBody: m.body, headers: { 'content-type': m.type }, timeout: opts.timeout || 120000,
  });
}

// Runs a tool, throwing on failure; returns stdout.
function tool(cmd, args, opts = {}) {
  return mustRun(cmd, args, { timeout: 120000, ...opts }).stdout;
}

// exiftool's view of a file: {group:tag: value} (-G -j).
function exif(file) {
  return JSON.parse(tool('exiftool', ['-j', '-G', '-a', file]))[0];
}

// vips's header field of a file, as text.
function vipsHeader(file, field) {
  return tool('vipsheader', ['-f', field, file]).trim();
}

module.exports = { multipart, upload, tool, exif, vipsHeader };
