'use strict';
// A small ES module -> CommonJS rewrite with acorn (one parse, no Babel: Babel's load and transform cost about
// 0.4 s of CPU on every run). It handles the import and export declarations of ordinary modules and keeps every
// statement on its own line and column range, so stack traces point at the submitted lines. It returns null for
// what it does not handle (import.meta, dynamic import(), top-level await, anything acorn cannot parse): the
// caller then uses Babel. Named imports are copied at import time (Babel reads them live through the module
// object; that differs only for a binding reassigned later by the module that exports it); exports are live getters.
const acorn = require('acorn');

const P = '__kerat_esm_';
const WRAPPER = new Set(['module', 'exports', 'require', '__dirname', '__filename', 'jest']);

function str(s) {
  return JSON.stringify(s);
}

function newlines(text) {
  const n = (text.match(/\n/g) || []).length;
  return '\n'.repeat(n);
}

function transform(src) {
  if (/\bimport\s*\.\s*meta\b|\bimport\s*\(/.test(src)) return null;
  let ast;
  try {
    ast = acorn.parse(src, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true, locations: false });
  } catch (e) {
    return null;
  }
  const edits = []; // [start, end, text]
  const getters = []; // [exported name, expression]
  let n = 0;
  const req = (source) => `require(${str(source.value)})`;
  for (const node of ast.body) {
    const text = src.slice(node.start, node.end);
    if (node.type === 'ImportDeclaration') {
      if (node.importKind === 'type') return null;
      const m = `${P}${n++}`;
      const parts = [`const ${m} = ${req(node.source)};`];
      const named = [];
      for (const s of node.specifiers) {
        // the module wrapper's own parameters cannot be declared again: `jest` from @jest/globals is that same
        // object; any other such name goes to Babel
        if (WRAPPER.has(s.local.name)) {
          if (s.local.name === 'jest' && node.source.value === '@jest/globals' && s.type === 'ImportSpecifier') continue;
          return null;
        }
        if (s.type === 'ImportDefaultSpecifier') {
          parts.push(`const ${s.local.name} = ${P}default(${m});`);
        } else if (s.type === 'ImportNamespaceSpecifier') {
          parts.push(`const ${s.local.name} = ${P}ns(${m});`);
        } else {
          const imported = s.imported.type === 'Literal' ? s.imported.value : s.imported.name;
          if (imported === 'default') {
            parts.push(`const ${s.local.name} = ${P}default(${m});`);
          } else {
            named.push(imported === s.local.name ? imported : `${str(imported)}: ${s.local.name}`);
          }
        }
      }
      if (named.length > 0) parts.push(`const { ${named.join(', ')} } = ${m};`);
      edits.push([node.start, node.end, parts.join(' ') + newlines(text)]);
    } else if (node.type === 'ExportNamedDeclaration') {
      if (node.declaration) {
        const d = node.declaration;
        if (d.type === 'VariableDeclaration') {
          for (const v of d.declarations) {
            const names = [];
            collect(v.id, names);
            for (const name of names) getters.push([name, name]);
          }
        } else if (d.id) {
          getters.push([d.id.name, d.id.name]);
        } else {
          return null;
        }
        edits.push([node.start, d.start, '']);
      } else if (node.source) {
        const m = `${P}${n++}`;
        for (const s of node.specifiers) {
          const local = s.local.type === 'Literal' ? s.local.value : s.local.name;
          const exported = s.exported.type === 'Literal' ? s.exported.value : s.exported.name;
          getters.push([exported, local === 'default' ? `${P}default(${m})` : `${m}[${str(local)}]`]);
        }
        edits.push([node.start, node.end, `const ${m} = ${req(node.source)};${newlines(text)}`]);
      } else {
        for (const s of node.specifiers) {
          const exported = s.exported.type === 'Literal' ? s.exported.value : s.exported.name;
          getters.push([exported, s.local.name]);
        }
        edits.push([node.start, node.end, newlines(text)]);
      }
    } else if (node.type === 'ExportDefaultDeclaration') {
      const d = node.declaration;
      if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) {
        getters.push(['default', d.id.name]);
        edits.push([node.start, d.start, '']);
      } else {
        const v = `${P}default_value`;
        getters.push(['default', v]);
        edits.push([node.start, d.start, `const ${v} = `]);
        if (d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') {
          // an anonymous declaration ends without a semicolon: the const needs one
          edits.push([d.end, d.end, ';']);
        }
      }
    } else if (node.type === 'ExportAllDeclaration') {
      const m = `${P}${n++}`;
      if (node.exported) {
        const exported = node.exported.type === 'Literal' ? node.exported.value : node.exported.name;
        getters.push([exported, `${P}ns(${m})`]);
        edits.push([node.start, node.end, `const ${m} = ${req(node.source)};${newlines(text)}`]);
      } else {
        edits.push([node.start, node.end, `${P}star(${req(node.source)});${newlines(text)}`]);
      }
    }
  }
  let out = '';
  let at = 0;
  for (const [s, e, t] of edits.sort((a, b) => a[0] - b[0])) {
    out += src.slice(at, s) + t;
    at = e;
  }
  out += src.slice(at);
  let hashbang = '';
  if (out.startsWith('#!')) {
    const nl = out.indexOf('\n');
    hashbang = out.slice(0, nl < 0 ? out.length : nl);
    out = out.slice(hashbang.length);
  }
  const head = ['"use strict";', 'Object.defineProperty(exports, "__esModule", { value: true });',
    `function ${P}default(m) { return m && m.__esModule ? m.default : m; }`,
    `function ${P}ns(m) { return m && m.__esModule ? m : Object.assign(Object.create(null), typeof m === "object" || typeof m === "function" ? m : {}, { default: m }); }`,
    `function ${P}star(m) { for (const k of Object.keys(m)) if (k !== "default" && !Object.prototype.hasOwnProperty.call(exports, k)) Object.defineProperty(exports, k, { enumerable: true, configurable: true, get: () => m[k] }); }`];
  for (const [name, expr] of getters) {
    head.push(`Object.defineProperty(exports, ${str(name)}, { enumerable: true, configurable: true, get: () => ${expr} });`);
  }
  const code = hashbang + head.join(' ') + out;
  // what still is not a script (top-level await...) goes to Babel
  try {
    acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true });
  } catch (e) {
    return null;
  }
  return code;
}

function collect(pattern, names) {
  if (!pattern) return;
  switch (pattern.type) {
    case 'Identifier': names.push(pattern.name); break;
    case 'ObjectPattern': for (const p of pattern.properties) collect(p.type === 'RestElement' ? p.argument : p.value, names); break;
    case 'ArrayPattern': for (const p of pattern.elements) collect(p, names); break;
    case 'RestElement': collect(pattern.argument, names); break;
    case 'AssignmentPattern': collect(pattern.left, names); break;
    default: break;
  }
}

module.exports = { transform };
