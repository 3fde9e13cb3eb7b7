<?php
// Test harness: lints every submitted PHP file (a syntax error is {"event": "compile_error"}), then runs PHPUnit
// on the test files with a generated configuration that registers KeratListener, which writes the results.
declare(strict_types=1);

$results = getenv('KERAT_RESULTS_FILE') ?: '/kerat/out/results.jsonl';

function kerat_emit(string $file, array $line): void
{
    $json = json_encode($line, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE);
    file_put_contents($file, $json . "\n", FILE_APPEND);
}

function kerat_names(string $var): array
{
    return array_values(array_filter(explode(':', (string) getenv($var)), static fn ($n) => $n !== ''));
}

$sources = kerat_names('KERAT_SOURCE_FILES');
$tests = kerat_names('KERAT_TEST_FILES');

// 1. syntax check: `php -l` on each file (PHP 8.2 lints one file per call)
$errors = [];
foreach (array_unique(array_merge($sources, $tests)) as $name) {
    if (!preg_match('/\.php$/', $name)) {
        continue;
    }
    $p = proc_open([PHP_BINARY, '-n', '-d', 'display_errors=stderr', '-l', $name],
        [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
    fclose($pipes[1]);
    fclose($pipes[2]);
    if (proc_close($p) !== 0) {
        $msg = trim(preg_replace('/^Errors parsing .*$/m', '', $out));
        $errors[] = $msg === '' ? "$name: syntax error" : $msg;
    }
}
if ($errors) {
    kerat_emit($results, ['event' => 'compile_error', 'message' => implode("\n", $errors)]);
    kerat_emit($results, ['event' => 'done']);
    exit(1);
}

// 2. PHPUnit with our listener, on exactly the submitted test files
$xml = new XMLWriter();
$xml->openMemory();
$xml->setIndent(true);
$xml->startDocument('1.0', 'UTF-8');
$xml->startElement('phpunit');
$xml->writeAttribute('colors', 'false');
$xml->writeAttribute('cacheResult', 'false');
$xml->startElement('testsuites');
$xml->startElement('testsuite');
$xml->writeAttribute('name', 'kerat');
foreach ($tests as $t) {
    $xml->writeElement('file', getcwd() . '/' . $t);
}
$xml->endElement();
$xml->endElement();
$xml->startElement('listeners');
$xml->startElement('listener');
$xml->writeAttribute('class', 'KeratListener');
$xml->writeAttribute('file', __DIR__ . '/KeratListener.php');
$xml->endElement();
$xml->endElement();
$xml->endElement();
$xml->endDocument();
$config = sys_get_temp_dir() . '/kerat-phpunit.xml';
file_put_contents($config, $xml->outputMemory());

$p = proc_open(['/usr/bin/phpunit', '--configuration', $config, '--do-not-cache-result'],
    [0 => ['file', '/dev/null', 'r'], 1 => STDOUT, 2 => STDERR], $pipes);
$code = proc_close($p);
// PHPUnit ends with "No tests executed!" without ever starting the suite when the files declare no test: the run
// did finish, with no tests (an exit() inside a test leaves the "started" mark and no "done", a runtime error)
if ($code === 0 && !file_exists(sys_get_temp_dir() . '/kerat-phpunit.started')) {
    kerat_emit($results, ['event' => 'done']);
}
exit($code);
