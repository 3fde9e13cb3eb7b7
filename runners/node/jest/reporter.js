'use strict';
// Jest reporter: one JSON line per test in /kerat/out/results.jsonl, appended synchronously as each test ends
// (onTestCaseResult), so that a run stopped at a limit keeps the results of the tests that finished. At the end of
// each test file, any test not reported yet is written from the file's result, and a file that could not run at
// all (an error while loading it, a failing beforeAll, no tests) becomes one "errored" entry named after the file;
// a syntax error in any submitted file becomes {"event": "compile_error"}. {"event": "done"} ends a run that
// finished by itself. Test names: the describe() titles and the test title joined with " > ", after the test
// file's name when several test files ran.
const fs = require('fs');
const path = require('path');
const { compileErrors } = require('./syntax');

const FILE = process.env.KERAT_RESULTS_FILE || '/kerat/out/results.jsonl';
const ROOT = process.env.KERAT_WORKSPACE || '/workspace';

let closed = false;
function emit(obj) {
  if (closed) return;
  fs.appendFileSync(FILE, JSON.stringify(obj) + '\n');
}

function stripAnsi(s) {
  return String(s).replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}

// drops Jest's and Node's own frames from a stack trace
function trimStack(s) {
  return stripAnsi(s).split('\n')
    .filter((l) => !/^\s+at .*(\/usr\/share\/nodejs\/|\/usr\/lib\/nodejs\/|node:internal|\/kerat\/runner\/|new Promise \(<anonymous>\))/.test(l))
    .join('\n').trim();
}

function rel(p) {
  const r = path.relative(ROOT, p);
  return r.startsWith('..') ? p : r;
}

function isAssertion(d) {
  if (!d || typeof d !== 'object') return false;
  if (d.matcherResult !== undefined) return true; // expect()
  if (d.code === 'ERR_ASSERTION' || d.name === 'AssertionError') return true; // node:assert, chai-like
  return false;
}

function testName(testPath, a) {
  const parts = [...(a.ancestorTitles || []), a.title];
  if (process.env.KERAT_JEST_PREFIX_FILE === '1') parts.unshift(rel(testPath));
  return parts.join(' > ');
}

function entry(testPath, a) {
  const name = testName(testPath, a);
  const e = { name, status: 'passed', message: null, stack_trace: null, duration_ms: Math.round(a.duration || 0) };
  if (a.status === 'pending' || a.status === 'skipped' || a.status === 'disabled') {
    e.status = 'skipped';
  } else if (a.status === 'todo') {
    e.status = 'skipped';
    e.message = 'todo';
  } else if (a.status === 'failed') {
    const details = a.failureDetails || [];
    const first = details[0];
    e.status = details.length > 0 && details.every(isAssertion) ? 'failed' : 'errored';
    const msgs = a.failureMessages || [];
    if (first && typeof first === 'object' && first.message !== undefined) {
      e.message = stripAnsi(first.message).trim();
    } else if (msgs.length > 0) {
      e.message = stripAnsi(msgs[0]).split('\n    at ')[0].trim();
    }
    if (msgs.length > 0) e.stack_trace = msgs.map(trimStack).join('\n\n');
    // an error's class: its name does not survive Jest's copy of the error, its stack's first line does
    const kind = msgs.length > 0 ? /^\s*([A-Za-z_$][\w$]*(Error|Exception))(: |$)/.exec(stripAnsi(msgs[0])) : null;
    if (e.status === 'errored' && kind && kind[1] !== 'Error' && e.message !== null && !e.message.startsWith(kind[1])) {
      e.message = `${kind[1]}: ${e.message}`;
    }
  }
  return e;
}

class KeratReporter {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
    this.seen = new Map(); // test file -> Map(name -> count written)
    this.compileError = false;
  }

  record(testPath, a) {
    const e = entry(testPath, a);
    let m = this.seen.get(testPath);
    if (!m) this.seen.set(testPath, (m = new Map()));
    m.set(e.name, (m.get(e.name) || 0) + 1);
    emit(e);
  }

  onTestCaseResult(test, a) {
    this.record(test.path, a);
  }

  onTestResult(test, result) {
    const written = new Map(this.seen.get(test.path) || []);
    for (const a of result.testResults || []) {
      const name = testName(test.path, a);
      const n = written.get(name) || 0;
      if (n > 0) {
        written.set(name, n - 1);
      } else {
        this.record(test.path, a);
      }
    }
    const err = result.testExecError || (result.failureMessage && (result.testResults || []).length === 0
      ? { message: result.failureMessage } : null);
    if (err) {
      const bad = compileErrors();
      if (bad.length > 0) {
        emit({ event: 'compile_error', message: bad.join('\n\n') });
        this.compileError = true;
        return;
      }
      const msg = stripAnsi(err.message || String(err)).trim();
      emit({
        name: rel(test.path),
        status: 'errored',
        message: msg.split('\n').slice(0, 20).join('\n'),
        stack_trace: err.stack ? trimStack(err.stack) : null,
        duration_ms: 0,
      });
    } else if (result.failureMessage && (result.testResults || []).every((a) => a.status !== 'failed')) {
      // a hook outside any test failed (afterAll...), while every test passed
      emit({ name: rel(test.path), status: 'errored', message: trimStack(result.failureMessage).split('\n').slice(0, 20).join('\n'),
        stack_trace: null, duration_ms: 0 });
    }
  }

  onRunComplete() {
    emit({ event: 'done' });
    closed = true;
  }

  getLastError() {
    return undefined;
  }
}

module.exports = KeratReporter;
module.exports.emit = emit;
