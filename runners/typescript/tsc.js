'use strict';
// Compile stage (run, cases and tests modes): `node tsc.js run|test` type-checks and compiles the submitted
// TypeScript with Debian's compiler (its API, in this one process: the same checker and emitter as the `tsc`
// command) from /workspace into /kerat/build, keeping relative paths (main.ts -> /kerat/build/main.js, with a
// source map). Any error (syntax or type) is printed as tsc prints it ("main.ts(3,7): error TS2322: ...") on
// stderr, nothing is emitted (noEmitOnError) and the exit status is 1: a compile_error. In tests mode the test
// files are compiled too, so a type error in a test is also a compile_error.
// Options: see README.md. A submitted tsconfig.json is read for its compilerOptions (its files/include are not:
// the submitted files are the program); what the sandbox needs is set over it.
const fs = require('fs');
const path = require('path');

const WS = process.env.KERAT_WORKSPACE || '/workspace';
const OUT = process.env.KERAT_TS_OUT || '/kerat/build';
const mode = process.argv[2] === 'test' ? 'test' : 'run';
const names = (v) => (process.env[v] || '').split(':').filter(Boolean);
const all = [...new Set([...names('KERAT_SOURCE_FILES'), ...(mode === 'test' ? names('KERAT_TEST_FILES') : [])])];

const { ts } = require('/usr/local/lib/kerat/typescript/tsload.js').load(false);

const isTs = (f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f);
const isDts = (f) => /\.d\.ts$/.test(f);
const isJs = (f) => /\.js$/.test(f);
const roots = all.filter((f) => (isTs(f) || isDts(f) || isJs(f)) && !/(^|\/)node_modules\//.test(f));

const formatHost = {
  getCurrentDirectory: () => WS,
  getCanonicalFileName: (f) => f,
  getNewLine: () => '\n',
};

function fail(diagnostics) {
  process.stderr.write(ts.formatDiagnostics(diagnostics, formatHost));
  process.exit(1);
}

if (!roots.some(isTs)) {
  process.stderr.write('no .ts file was submitted\n');
  process.exit(1);
}

// defaults when no tsconfig.json came with the submission
let options = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.NodeJs,
  esModuleInterop: true,
  allowJs: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  forceConsistentCasingInFileNames: true,
  strict: false,
};
const tsconfig = path.join(WS, 'tsconfig.json');
if (all.includes('tsconfig.json') && fs.existsSync(tsconfig)) {
  const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (read.error) fail([read.error]);
  // only compilerOptions (and what `extends` brings) count; the file list is the submission
  const parsed = ts.parseJsonConfigFileContent({ ...read.config, files: [], include: [] }, ts.sys, WS, undefined, tsconfig);
  const errors = parsed.errors.filter((d) => d.code !== 18002 && d.code !== 18003); // "no inputs" / "files empty"
  if (errors.length > 0) fail(errors);
  options = parsed.options;
  if (options.skipLibCheck === undefined) options.skipLibCheck = true; // the @types/node of Debian targets TS 5
}
// what the sandbox needs, over any tsconfig.json
const nodeModules = options.module === ts.ModuleKind.Node16 || options.module === ts.ModuleKind.NodeNext;
if (!nodeModules) {
  // node runs the output as CommonJS (.js, no package.json "type"): ES module output would not load
  options.module = ts.ModuleKind.CommonJS;
  if (options.moduleResolution === undefined || options.moduleResolution === ts.ModuleResolutionKind.Classic) {
    options.moduleResolution = ts.ModuleResolutionKind.NodeJs;
  }
}
if (options.typeRoots === undefined) options.typeRoots = ['/usr/share/nodejs/@types'];
if (options.types === undefined) options.types = mode === 'test' ? ['node', 'jest'] : ['node'];
if (mode === 'test' && options.paths === undefined) {
  // Jest's own types from Debian's jest package (import { expect, jest } from '@jest/globals'), where Jest finds the
  // module at run time. Only that name: a '*' mapping onto /usr/share/nodejs would also turn 'util' into Debian's
  // npm polyfill of that name instead of node's builtin module.
  options.paths = { '@jest/globals': ['/usr/share/nodejs/@jest/globals'] };
  options.pathsBasePath = WS;
}
Object.assign(options, {
  outDir: OUT,
  rootDir: WS,
  noEmit: false,
  noEmitOnError: true,
  emitDeclarationOnly: false,
  declaration: false,
  declarationMap: false,
  composite: false,
  incremental: false,
  tsBuildInfoFile: undefined,
  outFile: undefined,
  out: undefined,
  sourceMap: true,
  inlineSourceMap: false,
  inlineSources: false,
  sourceRoot: undefined,
  mapRoot: undefined,
  noLib: false,
  listFiles: false,
  listEmittedFiles: false,
  extendedDiagnostics: false,
  diagnostics: false,
  generateTrace: undefined,
  watch: false,
});

// Module resolution probes many paths that do not exist (node_modules at every level, each extension), some of them
// many times over; under gVisor each probe is a round trip to the gofer. Within one compile the answers cannot
// change: they are remembered.
const host = ts.createCompilerHost(options);
for (const name of ['fileExists', 'directoryExists']) {
  const original = host[name].bind(host);
  const seen = new Map();
  host[name] = (p) => {
    let v = seen.get(p);
    if (v === undefined) {
      v = original(p);
      seen.set(p, v);
    }
    return v;
  };
}
const program = ts.createProgram(roots.map((f) => path.join(WS, f)), options, host);
const pre = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
if (pre.length > 0) fail(pre);
const emitted = program.emit();
const errs = emitted.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
if (errs.length > 0 || emitted.emitSkipped) fail(errs);

// every other submitted file (data, .json, .mjs, package.json) beside the output, where the compiled code finds it
for (const f of all) {
  if (isTs(f) || isDts(f)) continue;
  const dst = path.join(OUT, f);
  if (fs.existsSync(dst)) continue;
  try {
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    fs.copyFileSync(path.join(WS, f), dst);
  } catch (e) {
    // a directory or an unreadable file: the program sees the workspace's copy at run time anyway
  }
}
