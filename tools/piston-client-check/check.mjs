// Usage: node check.mjs <base url>   (e.g. http://127.0.0.1:8080)
// Drives the real piston-client against Kerat and exits non-zero on the first mismatch.
import piston from 'piston-client';

const server = process.argv[2];
if (!server) {
  console.error('usage: node check.mjs <base url>');
  process.exit(2);
}
const client = piston({ server });
let failures = 0;

function check(name, ok, got) {
  if (ok) {
    console.log(`ok   ${name}`);
  } else {
    failures++;
    console.log(`FAIL ${name}: ${JSON.stringify(got)}`);
  }
}

const runtimes = await client.runtimes();
check('runtimes() is a list', Array.isArray(runtimes), runtimes);
const python = Array.isArray(runtimes) && runtimes.find(r => r.language === 'python');
check('runtimes() has python with a version and aliases',
  python && /^3\.\d+/.test(python.version) && Array.isArray(python.aliases) && python.aliases.includes('py'), python);
const c = Array.isArray(runtimes) && runtimes.find(r => r.language === 'c');
check('runtimes() has c (runtime gcc)', c && c.runtime === 'gcc', c);

const hello = await client.execute('python', 'print("Hello World!")');
check('execute(python, code)', hello.language === 'python' && hello.run && hello.run.stdout === 'Hello World!\n'
  && hello.run.output === 'Hello World!\n' && hello.run.code === 0 && hello.run.signal === null, hello);

const withFiles = await client.execute({
  language: 'python',
  files: [
    { name: 'main.py', content: 'import sys, helper\nprint(helper.greet(sys.stdin.readline().strip()), sys.argv[1:])' },
    { name: 'helper.py', content: 'def greet(n):\n    return "hi " + n\n' },
  ],
  stdin: 'piston',
  args: ['a', 'b'],
});
check('execute with files, stdin and args', withFiles.run && withFiles.run.stdout === "hi piston ['a', 'b']\n", withFiles);

const defaults = await client.execute('python', 'import sys\nprint(sys.argv[1:])');
check('default args 1 2 3', defaults.run && defaults.run.stdout === "['1', '2', '3']\n", defaults);

const compiled = await client.execute('c', '#include <stdio.h>\nint main(void) { puts("compiled"); return 0; }\n');
check('execute(c, code) compiles and runs', compiled.compile && compiled.compile.code === 0 && compiled.run
  && compiled.run.stdout === 'compiled\n', compiled);

const broken = await client.execute('c', 'int main( {');
check('a compile error', broken.compile && broken.compile.code !== 0 && broken.run
  && broken.run.code === broken.compile.code && broken.run.stderr === broken.compile.stderr, broken);

const failing = await client.execute('python', 'import sys\nsys.stderr.write("bad\\n")\nsys.exit(4)');
check('a failing run', failing.run && failing.run.code === 4 && failing.run.stderr === 'bad\n'
  && failing.run.status === 'RE', failing);

if (failures > 0) {
  console.log(`${failures} check(s) failed`);
  process.exit(1);
}
console.log('all checks passed');
