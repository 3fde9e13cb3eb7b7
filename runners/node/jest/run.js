'use strict';
// Tests mode with Jest (Debian's jest 29): runs the submitted test files in this one process (runInBand, no
// watchman, no workers) with a configuration of our own. Whatever config the exercise ships (jest.config.js,
// package.json "jest", babel.config.js) is not read: it names npm packages that are not installed here.
// Results come from reporter.js through /kerat/out/results.jsonl, never from stdout.
const fscache = require('./fscache');
require('./codecache');
fscache.hookJest();
const path = require('path');

const ROOT = process.env.KERAT_WORKSPACE || '/workspace';
const HERE = __dirname;
const fs = require('fs');

// The test files among the request's tests: those Jest's default testMatch would pick (x.test.js, x.spec.js,
// __tests__/*.js); if none is named so, every JavaScript file that calls test()/it()/describe(). Support files
// sent along (package.json, babel.config.js, .eslintrc, fixtures, helpers) are not run as suites.
function testFiles() {
  const all = (process.env.KERAT_TEST_FILES || '').split(':').filter(Boolean)
    .filter((f) => /\.(c|m)?jsx?$/.test(f) && !/(^|\/)node_modules\//.test(f));
  const named = all.filter((f) => /(^|\/)__tests__\//.test(f) || /[./](test|spec)\.(c|m)?jsx?$/.test(f));
  if (named.length > 0) return named;
  return all.filter((f) => {
    try {
      return /(^|[^.\w$])(describe|x?test|x?it)(\.\w+)?\s*\(/.test(fs.readFileSync(path.join(ROOT, f), 'utf8'));
    } catch (e) {
      return false;
    }
  });
}
const tests = testFiles().map((f) => path.join(ROOT, f));
// several test files: reporter.js puts the file's name before each test's name ("a.test.js > suite > test")
if (tests.length > 1) process.env.KERAT_JEST_PREFIX_FILE = '1';

const config = {
  rootDir: ROOT,
  roots: [ROOT],
  testEnvironment: 'node',
  transform: { '\\.[cm]?jsx?$': path.join(HERE, 'transform.js') },
  transformIgnorePatterns: ['^/usr/', '/node_modules/'],
  moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'json', 'node'],
  // modules from Debian's packages (require('lodash') when node-lodash is in the image)
  modulePaths: ['/usr/share/nodejs', '/usr/lib/nodejs'],
  setupFilesAfterEnv: [path.join(HERE, 'setup.js')],
  reporters: [path.join(HERE, 'reporter.js')],
  testMatch: ['**/*'],
  testPathIgnorePatterns: ['/node_modules/'],
  cacheDirectory: '/tmp/jest-cache',
  watchman: false,
  haste: { forceNodeFilesystemAPI: true },
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};

// Every file is loaded as CommonJS (transform.js rewrites ES module syntax), also .mjs files and .js files under a
// package.json with "type": "module": Jest's native ES module mode needs node --experimental-vm-modules and
// then has no `jest` global, which test files written for babel-jest use.
function everythingCommonJs() {
  const Runtime = require('jest-runtime').default;
  Runtime.prototype.unstable_shouldLoadAsEsm = () => false;
}

// jest-snapshot's State.js loads InlineSnapshots.js at once, and with it @babel/core, @babel/generator,
// @babel/types and semver (about 200 modules, in this process and again in each test environment), which only
// toMatchInlineSnapshot() needs when it writes a snapshot: they are loaded when saveInlineSnapshots is called.
// (The same holds in each test environment, hence the second hook.)
// Writing a new inline snapshot back into the test file goes through Babel with the exercise's own Babel config
// (which names presets that are not installed): it is skipped; the test itself has passed.
function quietly(f) {
  try {
    return f();
  } catch (e) {
    return undefined;
  }
}

function lazyInlineSnapshots() {
  const Module = require('module');
  const isIt = (request, parentFile) => request === './InlineSnapshots'
    && typeof parentFile === 'string' && parentFile.endsWith('/jest-snapshot/build/State.js');
  const originalLoad = Module._load;
  Module._load = function load(request, parent, isMain) {
    if (isIt(request, parent && parent.filename)) {
      return { saveInlineSnapshots: (...args) => quietly(() => originalLoad.call(this, request, parent, isMain).saveInlineSnapshots(...args)) };
    }
    return originalLoad.call(this, request, parent, isMain);
  };
  const Runtime = require('jest-runtime').default;
  const originalInternal = Runtime.prototype.requireInternalModule;
  Runtime.prototype.requireInternalModule = function requireInternalModule(from, to, ...rest) {
    if (to !== undefined && isIt(to, from)) {
      const self = this;
      return { saveInlineSnapshots: (...args) => quietly(() => originalInternal.call(self, from, to, ...rest).saveInlineSnapshots(...args)) };
    }
    return originalInternal.call(this, from, to, ...rest);
  };
}

async function main() {
  everythingCommonJs();
  lazyInlineSnapshots();
  const { runCLI } = require('@jest/core');
  const argv = {
    _: tests,
    $0: 'jest',
    config: JSON.stringify(config),
    runInBand: true,
    runTestsByPath: true,
    watchman: false,
    cache: false,
    ci: false,
    passWithNoTests: true,
    color: false,
    verbose: false,
    silent: false,
    useStderr: true,
    forceExit: true,
  };
  await runCLI(argv, [ROOT]);
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write(`jest failed to run: ${e && e.stack ? e.stack : e}\n`);
  process.exit(2);
});
