'use strict';
// The layout of the caches made at image build time (codecache.js, fscache.js): a u32 index length, a JSON index
// [[key, offset, length]...], then the blobs. A missing or unreadable file is an empty cache.
const fs = require('fs');

function read(file) {
  const out = new Map();
  let buf;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    return out;
  }
  const n = buf.readUInt32LE(0);
  const index = JSON.parse(buf.subarray(4, 4 + n).toString('utf8'));
  const base = 4 + n;
  for (const [key, off, len] of index) out.set(key, buf.subarray(base + off, base + off + len));
  return out;
}

function write(file, entries) {
  const index = [];
  const blobs = [];
  let off = 0;
  for (const [key, data] of entries) {
    index.push([key, off, data.length]);
    blobs.push(data);
    off += data.length;
  }
  const head = Buffer.from(JSON.stringify(index), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length, 0);
  fs.writeFileSync(file, Buffer.concat([len, head, ...blobs]));
}

module.exports = { read, write };
