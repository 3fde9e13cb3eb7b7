<?php
// Kerat: the init of a pooled PHP sandbox (README, "Interpreters already started"). The daemon starts it as
// `php -r CODE` (runner.json "prestart": CODE includes what this file returns, evaluated, at global scope) with the environment of the run command (without the per-request KERAT_* variables), so
// php.ini and the extensions are those of a cold start, and no file of Kerat's is among get_included_files(). It waits
// for the hand-over line on fd 0, read byte by byte from a duplicate of fd 0 without a read buffer, so STDIN keeps the
// rest, then reads /kerat/ctl/handover (NUL-separated: mode, cwd, rlimits, argc, argv..., NAME=VALUE...). Mode "run":
// the closure below sets the rlimits, the cwd, the environment (putenv), $argv, $argc and $_SERVER as a cold
// `php <file>` has them and returns the file's absolute path, which the command line code includes at global scope, so
// the program's top-level variables are globals as in a cold start. Mode "exec", or a file a cold php treats
// differently (not a regular file, a '#!' line, a parse error): pcntl_exec of the cold command, as the shell waiter
// does. Everything happens in one closure called at once: no function, class, constant or global variable is left.
return (function () {
    $ready = '/kerat/out/.kerat-ready'; // tells the daemon the interpreter is up; gone before the program runs
    $f = @fopen($ready, 'x');
    if ($f !== false) {
        fclose($f);
    } // else the daemon hands over without waiting for it
    $in = fopen('php://fd/0', 'rb'); // a duplicate of fd 0: STDIN's own buffer stays empty
    stream_set_read_buffer($in, 0);
    while (true) {
        $c = fread($in, 1);
        if ($c === false || $c === '') {
            exit(1); // the daemon discarded this sandbox
        }
        if ($c === "\n") {
            break;
        }
    }
    fclose($in);
    @unlink($ready);
    $fields = explode("\0", file_get_contents('/kerat/ctl/handover'));
    array_pop($fields);
    [$mode, $cwd, $limits, $argc] = [$fields[0], $fields[1], $fields[2], (int) $fields[3]];
    $argv = array_slice($fields, 4, $argc);
    $env = [];
    foreach (array_slice($fields, 4 + $argc) as $kv) {
        $p = strpos($kv, '=');
        $env[substr($kv, 0, $p)] = substr($kv, $p + 1);
    }

    // the stage's rlimits, hard and soft, as the shell waiter's `ulimit -H -S` line sets them (the sandbox started
    // with the language's maxima): processes, open files, file size in bytes
    [$nproc, $nofile, $fsize] = array_map('intval', explode(' ', $limits));
    if (!@posix_setrlimit(POSIX_RLIMIT_NPROC, $nproc, $nproc) || !@posix_setrlimit(POSIX_RLIMIT_NOFILE, $nofile, $nofile)
        || !@posix_setrlimit(POSIX_RLIMIT_FSIZE, $fsize, $fsize)) {
        fwrite(STDERR, "kerat: cannot apply the limits\n");
        exit(125);
    }
    chdir($cwd);

    // the cold command, by execve: what the shell waiter's `exec` does (SIGPIPE, which php ignores, back to default)
    $cold = function () use ($argv, $env) {
        $prog = $argv[0];
        if (strpos($prog, '/') === false) {
            foreach (explode(':', $env['PATH'] ?? '') as $dir) {
                $candidate = ($dir === '' ? '.' : $dir) . '/' . $prog;
                if (is_file($candidate) && is_executable($candidate)) {
                    $prog = $candidate;
                    break;
                }
            }
        }
        if (strpos($prog, '/') === false || !file_exists($prog)) {
            fwrite(STDERR, "kerat: {$argv[0]} not found in the image\n");
            exit(127);
        }
        pcntl_signal(SIGPIPE, SIG_DFL);
        pcntl_signal(SIGXFSZ, SIG_DFL);
        @pcntl_exec($prog, array_slice($argv, 1), $env);
        fwrite(STDERR, "kerat: cannot run {$argv[0]}: " . pcntl_strerror(pcntl_get_last_error()) . "\n");
        exit(126);
    };
    if ($mode !== 'run' || $argc < 2) {
        $cold();
    }
    $script = $argv[1];
    $path = strncmp($script, '/', 1) === 0 ? $script : getcwd() . '/' . $script;
    $src = is_file($path) && is_readable($path) ? @file_get_contents($path) : false;
    if ($src === false || strncmp($src, '#!', 2) === 0) {
        $cold();
    }
    try {
        token_get_all($src, TOKEN_PARSE); // parses only: what does not parse is left to the cold php to report
    } catch (\Throwable $e) {
        $cold();
    }

    // the process as `php <file> args...` started with this environment would have it
    foreach (getenv() as $k => $v) {
        if (!array_key_exists($k, $env)) {
            putenv((string) $k);
        }
    }
    $server = [];
    foreach ($env as $k => $v) {
        putenv("$k=$v");
        $server[$k] = $v;
    }
    $args = array_slice($argv, 1);
    $now = microtime(true);
    $server += ['PHP_SELF' => $script, 'SCRIPT_NAME' => $script, 'SCRIPT_FILENAME' => $script,
        'PATH_TRANSLATED' => $script, 'DOCUMENT_ROOT' => '', 'REQUEST_TIME_FLOAT' => $now,
        'REQUEST_TIME' => (int) $now, 'argv' => $args, 'argc' => count($args)];
    $GLOBALS['_SERVER'] = $server;
    $GLOBALS['argv'] = $args;
    $GLOBALS['argc'] = count($args);
    return $path;
})();
