// Test harness: loads every test file (CommonJS or ES module) into this process, where node:test runs the tests
// they declare and reporter.mjs records them. A syntax error in a test file or in a module it loads is reported
// as {"event": "compile_error"}; any other error while loading a file becomes an "errored" entry for that file.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeEach } from 'node:test';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { emit, done, state, trim } from './results.mjs';

const files = (process.env.KERAT_TEST_FILES || '').split(':').filter(Boolean);

// 'beforeExit' fires only when the event loop drained by itself, never after process.exit()
process.on('beforeExit', () => { state.drained = true; });
process.on('exit', () => {
  // the run ended by itself, but no test was ever declared, so the reporter never ran: the run still finished
  // (an exit() from a test, before or while the reporter runs, leaves no "done": a runtime error)
  if (state.loaded && state.drained && !state.reporterStarted) done();
});

// `node --check` on every submitted JavaScript file: the compiler's own messages, with file, line and a caret
// (an ES module's SyntaxError carries neither). Empty when the SyntaxError came from running code (JSON.parse...).
function syntaxErrors() {
  const all = [process.env.KERAT_SOURCE_FILES, process.env.KERAT_TEST_FILES]
    .flatMap((v) => (v || '').split(':')).filter((n) => /\.(c|m)?js$/.test(n));
  const out = [];
  const acorn = loadAcorn();
  for (const n of [...new Set(all)]) {
    if (acorn) {
      const msg = acornCheck(acorn, n);
      if (msg !== undefined) {
        if (msg !== null) out.push(msg);
        continue;
      }
    }
    const r = spawnSync(process.execPath, ['--check', n], { encoding: 'utf8', timeout: 10000 });
    if (r.status !== 0) {
      out.push(trim(r.stderr || r.error || `node --check ${n} failed`).replace(/\n+Node\.js v[\d.]+\s*$/, '').trim());
    }
  }
  return out;
}

// acorn (in the image with Jest) parses in this process: a `node --check` child costs about a second of CPU
// under gVisor. null: the file parses; a message: it does not; undefined: cannot tell (then node --check).
function loadAcorn() {
  try {
    return createRequire(import.meta.url)('/usr/share/nodejs/acorn');
  } catch (e) {
    return null;
  }
}

function acornCheck(acorn, n) {
  let src;
  try {
    src = readFileSync(n, 'utf8');
  } catch (e) {
    return undefined;
  }
  const kinds = /\.mjs$/.test(n) ? ['module'] : /\.cjs$/.test(n) ? ['script'] : ['script', 'module'];
  let first = null;
  for (const sourceType of kinds) {
    try {
      acorn.parse(src, { ecmaVersion: 'latest', sourceType, allowHashBang: true, allowReturnOutsideFunction: sourceType === 'script' });
      return null;
    } catch (e) {
      if (!e.loc) return undefined;
      if (first === null) first = e;
    }
  }
  // a script that fails where a module parses was handled above; report the first kind's error
  const line = src.split('\n')[first.loc.line - 1] || '';
  const message = String(first.message).replace(/\s*\(\d+:\d+\)$/, '');
  return `${n}:${first.loc.line}\n${line}\n${' '.repeat(first.loc.column)}^\n\nSyntaxError: ${message}`;
}

function text(e) {
  return e && e.stack ? trim(e.stack) : String(e);
}

// Before every test (nested ones too: hooks of the root are inherited), one turn of the event loop. node:test
// runs synchronous tests back to back in microtasks and hands their events to the reporter only on later ticks,
// so a test that never returns (`while (true) {}`) would keep every earlier result from being written; with this
// yield the results of the tests that ended are in results.jsonl before the next test starts.
beforeEach(() => new Promise((resolve) => setImmediate(resolve)));

for (const f of files) {
  try {
    await import(pathToFileURL(path.resolve(f)).href);
  } catch (e) {
    if (e instanceof SyntaxError || (e && e.name === 'SyntaxError')) {
      const bad = syntaxErrors();
      if (bad.length > 0) {
        emit({ event: 'compile_error', message: bad.join('\n') });
        done();
        process.exit(1);
      }
    }
    emit({ name: f, status: 'errored', message: `cannot load ${f}: ${e && e.message !== undefined ? e.message : e}`,
      stack_trace: text(e), duration_ms: 0 });
    process.exitCode = 1;
  }
}
state.loaded = true;
