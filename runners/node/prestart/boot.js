'use strict';
// Kerat: the init of a pooled Node sandbox (README, "Interpreters already started"). The daemon starts it as
// `node -r /kerat/runner/prestart/boot.js /kerat/runner/prestart/main.js` with the environment of the run command
// (without the per-request KERAT_* variables). As a preload (-r) it runs inside Node's own start-up, before
// node:internal/main/run_main_module calls Module.runMain: it waits there for the hand-over line on fd 0 (read byte
// by byte, so the program's stdin stays intact), reads /kerat/ctl/handover (NUL-separated: mode, cwd, rlimits,
// argc, argv..., NAME=VALUE...), and for mode "run" makes the process what `node <file> args...` is at that point
// (argv, execArgv, environment, cwd, rlimits, empty module caches); Node then runs the program itself, so its
// stack, exit paths and event loop are a cold start's. The placeholder main.js is never loaded: Module._findPath
// answers for it once with the program's path (as a cold start resolves it) and is restored before the program runs.
// Mode "exec", and any file a cold node would not simply load as CommonJS (.mjs, .cjs, "type": "module", no .js, a
// file that does not compile as CommonJS: Node 20 then tries it as an ES module), runs the cold command: Node 20
// has no execve, so as a child with this process's stdio, whose exit status or signal this process then takes.
// Tests mode (`sh test-run.sh`): the script picks the framework as a child; for Jest this process then becomes
// `node jest/run.js` as for mode "run" (jestInProcess).
(function kerat(fs, Module) {
  const isMain = require('worker_threads').isMainThread;
  delete require.cache[__filename];
  if (!isMain) {
    // a Worker of the program inherits the preload: it leaves nothing (a cold worker's caches are empty here)
    for (const k of Object.keys(Module._pathCache)) {
      delete Module._pathCache[k];
    }
    unpreload();
    return;
  }
  const PLACEHOLDER = require('path').resolve(process.argv[1]);
  const TEST_RUN = '/kerat/runner/test-run.sh';
  const JEST_RUN = '/kerat/runner/jest/run.js';
  const READY = '/kerat/out/.kerat-ready';
  let limiter = startLimiter();
  try {
    fs.closeSync(fs.openSync(READY, 'wx', 0o644));
  } catch (e) {
    // the daemon then hands over without waiting for it
  }
  const one = Buffer.alloc(1);
  for (;;) {
    let n;
    try {
      n = fs.readSync(0, one, 0, 1, null);
    } catch (e) {
      if (e.code === 'EAGAIN' || e.code === 'EINTR') {
        continue;
      }
      throw e;
    }
    if (n === 0) {
      process.reallyExit(1); // the daemon discarded this sandbox
    }
    if (one[0] === 10) {
      break;
    }
  }
  try {
    fs.unlinkSync(READY);
  } catch (e) {
    // not there
  }
  const raw = fs.readFileSync('/kerat/ctl/handover');
  const fields = [];
  for (let i = 0, j; (j = raw.indexOf(0, i)) >= 0; i = j + 1) {
    fields.push(raw.toString('utf8', i, j));
  }
  let mode = fields[0];
  const cwd = fields[1];
  const limits = fields[2].split(' ').map(Number);
  const argc = Number(fields[3]);
  const argv = fields.slice(4, 4 + argc);
  const env = {};
  for (const kv of fields.slice(4 + argc)) {
    const eq = kv.indexOf('=');
    env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  if (argc < 2) {
    mode = 'exec';
  }
  process.chdir(cwd);
  // RLIMIT_NPROC counts threads: node's own (main, V8's workers...) exist already here, while a cold node under a
  // limit this low could not start them (it stalls): such a stage runs the cold command, as does anything else
  // this process cannot run as a cold node would
  const tasks = fs.readdirSync('/proc/self/task').length + (limiter !== null ? 1 : 0);
  let main = mode === 'run' && limits[0] > tasks ? commonJsMain(require('path').resolve(argv[1])) : null;
  if (main === null && mode === 'exec' && limits[0] > tasks && argv.length === 2 && argv[0] === '/bin/sh'
      && argv[1] === TEST_RUN) {
    main = jestInProcess();
  }
  if (main === null) {
    rlimits(limits[0] + tasks, limits[1], limits[2]); // this process's threads (and the helper) wait beside it
    execCold(argv, env);
    return;
  }
  rlimits(limits[0], limits[1], limits[2]);

  // the process as `node <file> args...` started with this environment is at this point
  for (const k of Object.keys(process.env)) {
    if (!Object.prototype.hasOwnProperty.call(env, k)) {
      delete process.env[k];
    }
  }
  for (const k of Object.keys(env).sort()) {
    process.env[k] = env[k];
  }
  process.argv.length = 0;
  process.argv.push(process.execPath, main.argv1, ...argv.slice(2));
  unpreload();
  for (const k of Object.keys(Module._cache)) {
    delete Module._cache[k];
  }
  for (const k of Object.keys(Module._pathCache)) {
    delete Module._pathCache[k];
  }
  const findPath = Module._findPath;
  let calls = 0;
  // run_main_module resolves its entry twice (resolveMainPath, then Module._load): both get the program's path,
  // resolved by Node's own _findPath as in a cold start; the original is back before the program's first line
  Module._findPath = function (request, paths, isMain) {
    if (request === PLACEHOLDER && isMain) {
      if (++calls === 2) {
        Module._findPath = findPath;
      }
      return findPath.call(this, main.argv1, paths, isMain);
    }
    return findPath.call(this, request, paths, isMain);
  };

  /** The options a cold start lacks: `-r <this file>` out of process.execArgv and process._preload_modules. */
  function unpreload() {
    const i = process.execArgv.indexOf(__filename);
    if (i > 0 && (process.execArgv[i - 1] === '-r' || process.execArgv[i - 1] === '--require')) {
      process.execArgv.splice(i - 1, 2);
    }
    const d = Object.getOwnPropertyDescriptor(process, '_preload_modules');
    if (d && Array.isArray(d.value) && d.value.includes(__filename)) {
      Object.defineProperty(process, '_preload_modules', {...d, value: d.value.filter(m => m !== __filename)});
    }
  }

  /** The program's paths if a cold `node <file>` would load it as CommonJS from that file, else null. */
  function commonJsMain(argv1) {
    try {
      if (!argv1.endsWith('.js')) {
        return null;
      }
      const real = fs.realpathSync(argv1);
      if (!real.endsWith('.js') || !fs.statSync(real).isFile() || packageType(real) !== 'commonjs') {
        return null;
      }
      let src = fs.readFileSync(real, 'utf8');
      if (src.charCodeAt(0) === 0xfeff) {
        src = src.slice(1);
      }
      if (src.startsWith('#!')) {
        src = '//' + src.slice(2);
      }
      // a file that does not compile as CommonJS: the cold node prints its own SyntaxError, or runs it as an ES
      // module (Node 20.19 detects module syntax)
      require('vm').compileFunction(src, ['exports', 'require', 'module', '__filename', '__dirname'],
          {filename: real});
      return {argv1, real};
    } catch (e) {
      return null;
    }
  }

  /** The type of the package scope of `file` ("commonjs" when none or unset); null when uncertain. */
  function packageType(file) {
    const path = require('path');
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      if (path.basename(dir) === 'node_modules') {
        return null;
      }
      const pj = path.join(dir, 'package.json');
      let text = null;
      try {
        text = fs.readFileSync(pj, 'utf8');
      } catch (e) {
        if (e.code !== 'ENOENT' && e.code !== 'ENOTDIR') {
          return null;
        }
      }
      if (text !== null) {
        const type = JSON.parse(text).type;
        return type === undefined || type === 'commonjs' ? 'commonjs' : null;
      }
      if (dir === path.dirname(dir)) {
        return 'commonjs';
      }
    }
  }

  /**
   * Node has no setrlimit, and a process started at hand-over costs about as much as the whole warm start (a fork of
   * node and an exec: 60-300 ms under gVisor on a loaded 2-core machine). So a small perl (perl-base is Essential in
   * Debian) is started now, while the sandbox idles, blocked on its stdin; at hand-over it gets one line
   * "syscall-number pid nproc nofile fsize", calls prlimit64 on this process for each (soft = hard), answers "ok" and
   * ends. Null (then /usr/bin/prlimit at hand-over) where there is no perl or no known syscall number.
   */
  function startLimiter() {
    const nr = {x64: 302, arm64: 261}[process.arch];
    if (nr === undefined || !fs.existsSync('/usr/bin/perl')) {
      return null;
    }
    try {
      const c = require('child_process').spawn('/usr/bin/perl', ['-e', '$|=1; while (my $l=<STDIN>) { '
        + 'my ($nr,$pid,@v)=split(" ",$l); my @r=(6,7,1); for my $i (0..2) { my $b=pack("QQ",$v[$i],$v[$i]); '
        + 'if (syscall($nr+0,$pid+0,$r[$i],$b,0) != 0) { print "fail $!\\n"; exit 1 } } print "ok\\n"; }'],
      {stdio: ['pipe', 'pipe', 'ignore'], env: {}});
      c.unref();
      c.stdin.unref();
      c.stdout.unref();
      return c.pid === undefined ? null : {nr, c};
    } catch (e) {
      return null;
    }
  }

  /**
   * Tests mode (`sh test-run.sh`): the script runs here as a child with KERAT_JEST_HANDOFF=1 and a pipe on fd 3, under
   * the stage's limits (with this process's tasks beside it, as for the cold command). When it picks Jest it only says
   * so on fd 3 and ends: this process then becomes `node /kerat/runner/jest/run.js` in /workspace, the command the
   * script would have run (its environment with the PWD and OLDPWD the script's `cd` exported), and returns its paths
   * (null: run it cold). Any other outcome (node:test, a compile_error, a
   * failure) is the script's own: this process ends as it did.
   */
  function jestInProcess() {
    rlimits(limits[0] + tasks, limits[1], limits[2], true);
    const r = require('child_process').spawnSync('/bin/sh', [TEST_RUN], {
      argv0: argv[0], env: {...env, KERAT_JEST_HANDOFF: '1'}, stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
      cwd: process.cwd(), maxBuffer: Infinity,
    });
    const said = r.output && r.output[3] ? String(r.output[3]).split('\0') : [];
    if (r.error || r.signal || r.status !== 0 || said.length !== 4 || said[0] !== 'jest') {
      endAs(r, argv[0]);
    }
    env.PWD = said[1]; // exported by the script's `cd`, as the cold node has them
    env.OLDPWD = said[2];
    process.chdir('/workspace');
    argv.length = 0;
    argv.push('/usr/bin/node', JEST_RUN);
    const m = commonJsMain(JEST_RUN);
    if (m === null) {
      execCold(argv, env);
    }
    return m;
  }

  /** Asks the limiter (see startLimiter) to set the rlimits; true when it did. Its pipes are closed unless `keep`. */
  function limitByHelper(nproc, nofile, fsize, keep) {
    const {nr, c} = limiter;
    let answer = '';
    try {
      const out = c.stdout._handle.fd;
      fs.writeSync(c.stdin._handle.fd, nr + ' ' + process.pid + ' ' + nproc + ' ' + nofile + ' ' + fsize + '\n');
      const buf = Buffer.alloc(64);
      const nap = new Int32Array(new SharedArrayBuffer(4));
      const deadline = Date.now() + 10000;
      while (!answer.includes('\n') && Date.now() < deadline) {
        let n;
        try {
          n = fs.readSync(out, buf, 0, buf.length, null);
        } catch (e) {
          if (e.code !== 'EAGAIN') {
            break;
          }
          Atomics.wait(nap, 0, 0, 1);
          continue;
        }
        if (n === 0) {
          break;
        }
        answer += buf.toString('latin1', 0, n);
      }
    } catch (e) {
      // then prlimit
    }
    if (!keep || answer !== 'ok\n') {
      c.stdin.destroy(); // (closes the pipes' descriptors now; the exit is reaped by the event loop)
      c.stdout.destroy();
      limiter = null;
    }
    return answer === 'ok\n';
  }

  /** The stage's rlimits, hard and soft (Node has no setrlimit), skipped if already so. */
  function rlimits(nproc, nofile, fsize, keep) {
    const want = {'Max processes': nproc, 'Max open files': nofile, 'Max file size': fsize};
    try {
      const have = fs.readFileSync('/proc/self/limits', 'latin1');
      if (Object.keys(want).every(k => new RegExp('^' + k + ' +' + want[k] + ' +' + want[k] + ' ', 'm').test(have))) {
        if (limiter !== null && !keep) {
          limiter.c.stdin.destroy();
          limiter.c.stdout.destroy();
          limiter = null;
        }
        return;
      }
    } catch (e) {
      // then set them
    }
    if (limiter !== null && limitByHelper(nproc, nofile, fsize, keep)) {
      return;
    }
    const r = require('child_process').spawnSync('/usr/bin/prlimit', ['--pid', String(process.pid),
      '--nproc=' + nproc, '--nofile=' + nofile, '--fsize=' + fsize], {stdio: ['ignore', 'ignore', 'inherit']});
    if (r.status !== 0) {
      fs.writeSync(2, 'kerat: cannot apply the limits\n');
      process.reallyExit(125);
    }
  }

  /**
   * The cold command, as the shell waiter's `exec` would run it (signals at their defaults, the stage's stdio and
   * environment), but as a child; this process then ends as it did: its exit code, or killed by its signal.
   */
  function execCold(args, environment) {
    const file = lookPath(args[0], environment.PATH);
    if (file === null) {
      fs.writeSync(2, 'kerat: ' + args[0] + ' not found in the image\n');
      process.reallyExit(127);
    }
    const r = require('child_process').spawnSync(file, args.slice(1), {
      argv0: args[0], env: environment, stdio: 'inherit', cwd: process.cwd(), maxBuffer: Infinity,
    });
    endAs(r, args[0]);
  }

  /** Ends this process as the child of spawnSync result `r` (running `name`) ended. */
  function endAs(r, name) {
    if (r.error) {
      fs.writeSync(2, 'kerat: cannot run ' + name + ': ' + r.error.message + '\n');
      process.reallyExit(126);
    }
    if (r.signal) {
      const noop = () => {};
      try {
        process.on(r.signal, noop); // and off: libuv puts the signal back to SIG_DFL (Node ignores SIGPIPE)
        process.removeListener(r.signal, noop);
      } catch (e) {
        // SIGKILL, SIGSTOP: default already
      }
      process.kill(process.pid, r.signal);
      process.reallyExit(128 + require('os').constants.signals[r.signal]); // not reached
    }
    process.reallyExit(r.status);
  }

  function lookPath(name, path) {
    const candidates = name.includes('/') ? [name]
      : (path === undefined ? '/usr/local/bin:/usr/bin:/bin' : path).split(':').map(d => (d || '.') + '/' + name);
    for (const c of candidates) {
      try {
        fs.accessSync(c, fs.constants.X_OK);
        if (fs.statSync(c).isFile()) {
          return c;
        }
      } catch (e) {
        // next
      }
    }
    return null;
  }
})(require('fs'), require('module'));
