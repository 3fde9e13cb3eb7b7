'use strict';
// Loads Debian's TypeScript compiler (/usr/share/nodejs/typescript/lib/typescript.js: one file of about 10 MB that
// V8 would parse and compile again on every run) through a V8 code cache made once at image build time
// (image-setup.sh). V8 checks the cache against the source and its own flags; a rejected cache only costs the
// time it was meant to save. load(true) makes the cache instead: call save() after a compilation has run, so that
// the functions the compiler used are in it.
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

const TS = '/usr/share/nodejs/typescript/lib/typescript.js';
const CACHE = process.env.KERAT_TS_CODE_CACHE || '/usr/local/lib/kerat/typescript/typescript.cache';

function load(write) {
  const src = fs.readFileSync(TS, 'utf8');
  let cachedData;
  if (!write) {
    try {
      cachedData = fs.readFileSync(CACHE);
    } catch (e) {
      cachedData = undefined;
    }
  }
  const script = new vm.Script(Module.wrap(src), { filename: TS, cachedData });
  const mod = new Module(TS, module);
  mod.filename = TS;
  mod.paths = Module._nodeModulePaths(path.dirname(TS));
  const req = (id) => mod.require(id);
  req.resolve = (request) => Module._resolveFilename(request, mod);
  script.runInThisContext().call(mod.exports, mod.exports, req, mod, TS, path.dirname(TS));
  mod.loaded = true;
  return {
    ts: mod.exports,
    cacheRejected: cachedData !== undefined && script.cachedDataRejected === true,
    save() {
      fs.writeFileSync(CACHE, script.createCachedData());
    },
  };
}

module.exports = { load };
