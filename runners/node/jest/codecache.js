'use strict';
// V8 code cache for the modules of Debian's packages (Jest, Babel and their dependencies: about 800 files that
// every Jest run compiles again). The image is built with a cache made by one run of Jest at build time
// (oci-bundles/node/image.json); at run time it is read once, and V8 checks every entry against the source it is
// given (a changed or foreign entry is rejected and the module is compiled as usual). Files outside /usr are never
// cached. KERAT_CODE_CACHE_WRITE=FILE makes a cache instead, written when the process exits.
const blob = require('./blob');
const Module = require('module');
const path = require('path');
const vm = require('vm');

const FILE = process.env.KERAT_CODE_CACHE || '/usr/local/lib/kerat/node/jest-code-cache.bin';
const WRITE = process.env.KERAT_CODE_CACHE_WRITE || '';

function install() {
  const cache = WRITE ? new Map() : blob.read(FILE);
  if (!WRITE && cache.size === 0) return;
  const made = new Map();
  const original = Module.prototype._compile;
  Module.prototype._compile = function compile(content, filename) {
    if (!filename.startsWith('/usr/') || !filename.endsWith('.js')) return original.call(this, content, filename);
    const wrapper = Module.wrap(content.charCodeAt(0) === 0xfeff ? content.slice(1) : content);
    const script = new vm.Script(wrapper, {
      filename,
      cachedData: cache.get(filename),
      importModuleDynamically: undefined,
    });
    if (WRITE) made.set(filename, script);
    const fn = script.runInThisContext({ displayErrors: true });
    const mod = this;
    const require = function require(id) { return mod.require(id); };
    require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    return fn.call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
  };
  // the same for the modules Jest loads into each test's environment itself (expect, jest-circus, ...)
  const Runtime = require('jest-runtime').default;
  const originalScript = Runtime.prototype.createScriptFromCode;
  Runtime.prototype.createScriptFromCode = function createScriptFromCode(scriptSource, filename) {
    if (!filename.startsWith('/usr/') || !filename.endsWith('.js')) return originalScript.call(this, scriptSource, filename);
    const key = `jest:${filename}`;
    let script;
    try {
      script = new vm.Script(this.wrapCodeInModuleWrapper(scriptSource), {
        columnOffset: this._fileTransforms.get(filename)?.wrapperLength,
        displayErrors: true,
        filename,
        cachedData: cache.get(key),
      });
    } catch (e) {
      return originalScript.call(this, scriptSource, filename);
    }
    if (WRITE) made.set(key, script);
    return script;
  };
  if (WRITE) {
    process.on('exit', () => {
      // merged with what an earlier run wrote to the same file
      const all = blob.read(WRITE);
      for (const [f, script] of made) all.set(f, script.createCachedData());
      blob.write(WRITE, all);
    });
  }
}

install();
