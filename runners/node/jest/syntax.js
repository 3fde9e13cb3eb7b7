'use strict';
// Syntax check of every submitted JavaScript file with Babel's parser (a module or a script, whichever parses):
// "file:line:column: message" and the code frame, for a compile_error. Empty when everything parses.
const fs = require('fs');

function files() {
  return [process.env.KERAT_SOURCE_FILES, process.env.KERAT_TEST_FILES]
    .flatMap((v) => (v || '').split(':')).filter((n) => /\.(c|m)?jsx?$/.test(n));
}

function compileErrors() {
  let parser;
  let frame;
  try {
    parser = require('@babel/parser');
    frame = require('@babel/code-frame').codeFrameColumns;
  } catch (e) {
    return [];
  }
  const out = [];
  for (const n of [...new Set(files())]) {
    let src;
    try {
      src = fs.readFileSync(`${process.env.KERAT_WORKSPACE || "/workspace"}/${n}`, 'utf8');
    } catch (e) {
      continue;
    }
    try {
      parser.parse(src, { sourceType: 'unambiguous', allowReturnOutsideFunction: true, errorRecovery: false });
    } catch (e) {
      if (!e.loc) continue;
      const msg = String(e.message).replace(/\s*\(\d+:\d+\)$/, '');
      let f = '';
      try {
        f = frame(src, { start: { line: e.loc.line, column: e.loc.column + 1 } }, { highlightCode: false });
      } catch (e2) { /* no frame */ }
      out.push(`${n}:${e.loc.line}:${e.loc.column + 1}: SyntaxError: ${msg}${f ? '\n' + f : ''}`);
    }
  }
  return out;
}

module.exports = { compileErrors };
