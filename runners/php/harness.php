<?php
// Test harness: lints every submitted PHP file (a syntax error is {"event": "compile_error"}), then runs PHPUnit 11
// in this process on exactly the submitted test files, with a generated configuration that loads KeratExtension
// (its bootstrap), whose tracer writes the results. Framework: "phpunit" (the only one; KERAT_FRAMEWORK, when given,
// is that). Test files written for another PHP test framework are a compile_error naming it.
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

function kerat_fail(string $file, string $message): never
{
    kerat_emit($file, ['event' => 'compile_error', 'message' => $message]);
    kerat_emit($file, ['event' => 'done']);
    exit(1);
}

$sources = kerat_names('KERAT_SOURCE_FILES');
$tests = kerat_names('KERAT_TEST_FILES');

// 1. syntax check: one `php -l` over all files (PHP 8.3+ lints several files in one call)
$php = array_values(array_filter(array_unique(array_merge($sources, $tests)), static fn ($n) => str_ends_with($n, '.php')));
if ($php) {
    $p = proc_open(array_merge([PHP_BINARY, '-n', '-d', 'display_errors=stderr', '-l'], $php),
        [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
    fclose($pipes[1]);
    fclose($pipes[2]);
    if (proc_close($p) !== 0) {
        $msg = trim(preg_replace(['/^Errors parsing .*$/m', '/^No syntax errors detected in .*$/m'], '', $out));
        kerat_fail($results, $msg === '' ? 'syntax error' : preg_replace("/\n{2,}/", "\n", $msg));
    }
}

// 2. the framework: PHPUnit, or a clear refusal of another one
$framework = getenv('KERAT_FRAMEWORK') ?: null;
if ($framework === null) {
    $all = '';
    foreach ($tests as $t) {
        $all .= @file_get_contents($t) . "\n";
    }
    $other = null;
    if (preg_match('/\bPHPUnit_Framework_TestCase\b/', $all)) {
        $other = 'PHPUnit 5 or older (PHPUnit_Framework_TestCase)';
    } elseif (!preg_match('/PHPUnit\\\\|\bTestCase\b/', $all)) {
        if (preg_match('/^\s*(?:test|it|describe)\s*\(\s*[\'"]/m', $all)) {
            $other = 'Pest';
        } elseif (preg_match('/extends\s+\\\\?(?:UnitTestCase|WebTestCase)\b/', $all)) {
            $other = 'SimpleTest';
        } elseif (preg_match('/Codeception|extends\s+\\\\?Cest\b|\$I->/', $all)) {
            $other = 'Codeception';
        } elseif (preg_match('/atoum/', $all)) {
            $other = 'atoum';
        }
    }
    if ($other !== null) {
        kerat_fail($results, "the tests are written for $other, which is not supported here: PHP tests run with PHPUnit 11 (classes extending PHPUnit\\Framework\\TestCase)");
    }
}

// 3. PHPUnit in this process, with KeratExtension, on exactly the submitted test files
$xml = new XMLWriter();
$xml->openMemory();
$xml->setIndent(true);
$xml->startDocument('1.0', 'UTF-8');
$xml->startElement('phpunit');
$xml->writeAttribute('colors', 'false');
$xml->writeAttribute('cacheResult', 'false');
$xml->writeAttribute('bootstrap', __DIR__ . '/KeratExtension.php');
$xml->startElement('testsuites');
$xml->startElement('testsuite');
$xml->writeAttribute('name', 'kerat');
foreach ($tests as $t) {
    if (str_ends_with($t, '.php')) {
        $xml->writeElement('file', getcwd() . '/' . $t);
    }
}
$xml->endElement();
$xml->endElement();
$xml->startElement('extensions');
$xml->startElement('bootstrap');
$xml->writeAttribute('class', 'KeratExtension');
$xml->endElement();
$xml->endElement();
$xml->endElement();
$xml->endDocument();
$config = sys_get_temp_dir() . '/kerat-phpunit.xml';
file_put_contents($config, $xml->outputMemory());

// PHPUnit exits without running anything when the files declare no test (it shows its help): the run did finish,
// with no tests. An exit() inside a test (after the run started) or a fatal error leaves no "done": a runtime error.
register_shutdown_function(static function () use ($results): void {
    if (class_exists('KeratTracer', false) && KeratTracer::$started) {
        return;
    }
    $e = error_get_last();
    if ($e !== null && in_array($e['type'], [E_ERROR, E_PARSE, E_CORE_ERROR, E_COMPILE_ERROR, E_USER_ERROR], true)) {
        return;
    }
    kerat_emit($results, ['event' => 'done']);
});
if (!ini_get('date.timezone')) {
    ini_set('date.timezone', 'UTC');
}
define('PHPUNIT_COMPOSER_INSTALL', '/usr/share/php/PHPUnit/Autoload.php');
require PHPUNIT_COMPOSER_INSTALL;
$_SERVER['argv'] = $argv = ['phpunit', '--configuration', $config, '--do-not-cache-result'];
$_SERVER['argc'] = $argc = count($argv);
exit((new PHPUnit\TextUI\Application)->run($argv));
