'use strict';
// File-system answers about the modules of Debian's packages that a Jest run loads, made at image build time beside
// the code cache (make-code-cache.sh): where each require() made by a module under /usr resolves, those modules'
// sources, and what jest-resolve asks about paths under /usr (file? directory? real path? a package.json's text).
// Under gVisor each of these is a system call served by the sandbox's kernel and the gofer; a Jest run made about
// 2 000 of them before its first test (resolution alone tries several names per require), which was about a third
// of its time. Here they are one read of one file.
// Only paths under /usr are answered, the image's own files, the same in every sandbox made from it; everything
// else (the submitted files among it) goes to the file system as before. Node's own resolution is answered only
// where a cold one could not look elsewhere first: the same global paths and node flags as at build time, and no
// ~/.node_modules or ~/.node_libraries. KERAT_FS_CACHE_WRITE=FILE records the answers instead, written at exit.
const fs = require('fs');
const Module = require('module');
const path = require('path');
const blob = require('./blob');

const FILE = process.env.KERAT_FS_CACHE || '/usr/local/lib/kerat/node/jest-fs-cache.bin';
const WRITE = process.env.KERAT_FS_CACHE_WRITE || '';
const under = (p) => typeof p === 'string' && p.startsWith('/usr/');

// What Node's resolution of a bare request depends on besides the files: its global paths (without HOME's two,
// checked apart), flags and the environment variables that change resolution.
function fingerprint() {
  const home = process.env.HOME ? [path.resolve(process.env.HOME, '.node_modules'),
    path.resolve(process.env.HOME, '.node_libraries')] : [];
  return JSON.stringify({
    version: process.version,
    globalPaths: Module.globalPaths.filter((p) => !home.includes(p)),
    execArgv: process.execArgv,
    options: process.env.NODE_OPTIONS || '',
    symlinks: process.env.NODE_PRESERVE_SYMLINKS || '',
  });
}
function homeModulesExist() {
  const home = process.env.HOME;
  return !!home && (fs.existsSync(path.resolve(home, '.node_modules'))
    || fs.existsSync(path.resolve(home, '.node_libraries')));
}

// Node's own loading, with `answer(table, key)` giving a recorded answer or undefined, and `record(table, key,
// value)`: installed before anything else is loaded.
function hookNode(answer, record, resolveOk) {
  const originalResolve = Module._resolveFilename;
  Module._resolveFilename = function resolveFilename(request, parent, isMain, options) {
    const from = parent && parent.filename;
    const plain = options === undefined && under(from) && typeof request === 'string' && request[0] !== '#'
      && !Module.isBuiltin(request);
    const key = plain ? `${path.dirname(from)}\0${request}` : null;
    if (key !== null && resolveOk) {
      const known = answer('resolve', key);
      if (known !== undefined) return known;
    }
    const filename = originalResolve.call(this, request, parent, isMain, options);
    if (key !== null && under(filename)) record('resolve', key, filename);
    return filename;
  };
  const originalJs = Module._extensions['.js'];
  Module._extensions['.js'] = function loadJs(module, filename) {
    const source = under(filename) ? answer('source', filename) : undefined;
    if (source !== undefined) {
      module._compile(source.toString('utf8'), filename);
      return;
    }
    originalJs.call(this, module, filename);
    if (under(filename)) record('source', filename, null);
  };
}

// jest-resolve's questions and jest-runtime's reads (modules loaded into each test's environment): installed after
// codecache.js, so that Jest's modules loaded here get their code cache.
function hookJest(answer, record) {
  // by file name: neither is in its package's "exports"
  const built = (pkg, file) => path.join(path.dirname(require.resolve(pkg)), file);
  const walkers = require(built('jest-resolve', 'fileWalkers.js'));
  for (const name of ['isFile', 'isDirectory', 'readPackageCached']) {
    const original = walkers[name];
    walkers[name] = function walker(p) {
      if (!under(p)) return original(p);
      const known = answer(name, p);
      if (known !== undefined) return known;
      const value = original(p);
      record(name, p, value);
      return value;
    };
  }
  const realpath = require(built('jest-util', 'tryRealpath.js'));
  const originalRealpath = realpath.default;
  realpath.default = function tryRealpath(p) {
    if (!under(p)) return originalRealpath(p);
    const known = answer('realpath', p);
    if (known !== undefined) return known;
    const value = originalRealpath(p);
    if (under(value)) record('realpath', p, value);
    return value;
  };
  const Runtime = require('jest-runtime').default;
  const originalRead = Runtime.prototype.readFileBuffer;
  Runtime.prototype.readFileBuffer = function readFileBuffer(filename) {
    if (under(filename) && !this._cacheFSBuffer.has(filename)) {
      const source = answer('source', filename);
      if (source !== undefined) this._cacheFSBuffer.set(filename, source);
    }
    const value = originalRead.call(this, filename);
    if (under(filename)) record('source', filename, null);
    return value;
  };
}

// tables: resolve, isFile, isDirectory, realpath, readPackageCached (a package.json's text, parsed once when asked),
// each a JSON object in the blob under its name; sources under "source:" + file name.
function replay(entries) {
  const tables = {};
  for (const name of ['resolve', 'isFile', 'isDirectory', 'realpath', 'readPackageCached']) {
    const data = entries.get(name);
    tables[name] = data ? JSON.parse(data.toString('utf8')) : {};
  }
  const packages = new Map();
  const answer = (table, key) => {
    if (table === 'source') return entries.get(`source:${key}`);
    const value = Object.prototype.hasOwnProperty.call(tables[table], key) ? tables[table][key] : undefined;
    if (table !== 'readPackageCached' || value === undefined) return value;
    if (!packages.has(key)) packages.set(key, JSON.parse(value));
    return packages.get(key);
  };
  const resolveOk = entries.get('fingerprint')?.toString('utf8') === fingerprint() && !homeModulesExist();
  hookNode(answer, () => {}, resolveOk);
  return () => hookJest(answer, () => {});
}

function recordTo(file) {
  const tables = { resolve: {}, isFile: {}, isDirectory: {}, realpath: {}, readPackageCached: {} };
  const sources = new Set();
  const answer = () => undefined;
  const record = (table, key, value) => {
    if (table === 'source') sources.add(key);
    else if (table === 'readPackageCached') tables[table][key] = fs.readFileSync(key, 'utf8');
    else tables[table][key] = value;
  };
  hookNode(answer, record, false);
  process.on('exit', () => {
    // merged with what an earlier run wrote to the same file
    const all = blob.read(file);
    for (const [name, table] of Object.entries(tables)) {
      const old = all.has(name) ? JSON.parse(all.get(name).toString('utf8')) : {};
      all.set(name, Buffer.from(JSON.stringify({ ...old, ...table }), 'utf8'));
    }
    for (const f of sources) all.set(`source:${f}`, fs.readFileSync(f));
    all.set('fingerprint', Buffer.from(fingerprint(), 'utf8'));
    blob.write(file, all);
  });
  return () => hookJest(answer, record);
}

function install() {
  if (WRITE) return recordTo(WRITE);
  const entries = blob.read(FILE);
  return entries.size > 0 ? replay(entries) : () => {};
}

// run.js: require('./fscache') first, then codecache.js, then hookJest().
module.exports = { hookJest: install() };
