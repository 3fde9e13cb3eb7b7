<?php
// PHPUnit 11 extension (registered by harness.php's generated configuration, loaded as its bootstrap): a tracer over
// PHPUnit's events that writes one JSON line per test to /kerat/out/results.jsonl as the test finishes, and
// {"event": "done"} when the test run has finished. Names are `Class::method` (`Class::method with data set #0`,
// `... with data set "name"`). Incomplete tests count as skipped; risky tests pass with a message, as do tests that
// trigger PHP warnings, notices or deprecations (PHPUnit 11 passes them too, listing the issue). Problems that
// keep tests from running are reported as errored tests: an invalid data provider (PHPUnit 11 wants it public and
// static), an exception in setUpBeforeClass (every test of the class), a test file whose class PHPUnit 11 cannot
// find (it must be named after the file).
declare(strict_types=1);

use PHPUnit\Event;
use PHPUnit\Event\Code\TestMethod;
use PHPUnit\Runner\Extension\Extension;
use PHPUnit\Runner\Extension\Facade;
use PHPUnit\Runner\Extension\ParameterCollection;
use PHPUnit\TextUI\Configuration\Configuration;

final class KeratExtension implements Extension
{
    public function bootstrap(Configuration $configuration, Facade $facade, ParameterCollection $parameters): void
    {
        $facade->registerTracer(new KeratTracer(getenv('KERAT_RESULTS_FILE') ?: '/kerat/out/results.jsonl'));
    }
}

final class KeratTracer implements Event\Tracer\Tracer
{
    /** whether the test run has started (harness.php: an exit before it is no test's doing) */
    public static bool $started = false;
    private ?array $current = null;
    /** @var array<string, list<string>> the tests of each test class's suite, by class name */
    private array $suiteTests = [];

    public function __construct(private readonly string $file)
    {
    }

    private function emit(array $line): void
    {
        $json = json_encode($line, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE);
        file_put_contents($this->file, $json . "\n", FILE_APPEND);
    }

    private static function name(Event\Code\Test $test): string
    {
        return $test instanceof TestMethod ? $test->nameWithClass() : $test->name();
    }

    private static function stack(Event\Code\Throwable $t): ?string
    {
        // the harness's own files are no business of the student's
        $lines = array_filter(explode("\n", $t->stackTrace()),
            static fn ($l) => $l !== '' && !str_starts_with($l, '/kerat/runner/'));
        $s = trim(implode("\n", $lines));
        return $s === '' ? null : $s;
    }

    private function mark(string $status, ?string $message, ?string $trace = null): void
    {
        // the first problem a test meets is what it is reported with (a failing test whose tearDown then errs)
        if ($this->current === null || $this->current['status'] !== 'passed') {
            return;
        }
        $this->current['status'] = $status;
        $this->current['message'] = $message;
        $this->current['stack_trace'] = $trace;
    }

    private function note(string $message): void
    {
        if ($this->current !== null && $this->current['status'] === 'passed' && $this->current['message'] === null) {
            $this->current['message'] = $message;
        }
    }

    public function trace(Event\Event $event): void
    {
        switch (true) {
            case $event instanceof Event\TestSuite\Started:
                $suite = $event->testSuite();
                if ($suite->isForTestClass()) {
                    $names = [];
                    foreach ($suite->tests() as $t) {
                        $names[] = self::name($t);
                    }
                    $this->suiteTests[$suite->name()] = $names;
                }
                break;
            case $event instanceof Event\Test\PreparationStarted:
                $this->current = ['name' => self::name($event->test()), 'status' => 'passed', 'message' => null,
                    'stack_trace' => null, 'duration_ms' => 0, 'start' => $event->telemetryInfo()->time()];
                break;
            case $event instanceof Event\Test\Failed:
                $t = $event->throwable();
                $msg = trim($t->message());
                if ($event->hasComparisonFailure()) {
                    $diff = trim($event->comparisonFailure()->diff());
                    if ($diff !== '') {
                        $msg .= "\n" . $diff;
                    }
                }
                $this->mark('failed', $msg, self::stack($t));
                break;
            case $event instanceof Event\Test\Errored:
                $t = $event->throwable();
                if ($this->current === null) {
                    // errored before it was prepared (e.g. a missing dependency): a result of its own
                    $this->emit(['name' => self::name($event->test()), 'status' => 'errored',
                        'message' => $t->className() . ': ' . $t->message(), 'stack_trace' => self::stack($t),
                        'duration_ms' => 0]);
                    break;
                }
                $this->mark('errored', $t->className() . ': ' . $t->message(), self::stack($t));
                break;
            case $event instanceof Event\Test\Skipped:
                if ($this->current === null) {
                    $this->emit(['name' => self::name($event->test()), 'status' => 'skipped',
                        'message' => $event->message(), 'stack_trace' => null, 'duration_ms' => 0]);
                    break;
                }
                $this->mark('skipped', $event->message());
                break;
            case $event instanceof Event\Test\MarkedIncomplete:
                $this->mark('skipped', 'incomplete: ' . $event->throwable()->message());
                break;
            case $event instanceof Event\Test\ConsideredRisky:
                $this->note('risky: ' . $event->message());
                break;
            case $event instanceof Event\Test\PhpWarningTriggered:
            case $event instanceof Event\Test\WarningTriggered:
                $this->note('warning: ' . $event->message() . ' (' . $event->file() . ':' . $event->line() . ')');
                break;
            case $event instanceof Event\Test\PhpunitWarningTriggered:
                $this->note('warning: ' . $event->message());
                break;
            case $event instanceof Event\Test\PhpunitErrorTriggered:
                // an invalid data provider: the test is not run at all
                $this->emit(['name' => self::name($event->test()), 'status' => 'errored',
                    'message' => trim($event->message()), 'stack_trace' => null, 'duration_ms' => 0]);
                break;
            case $event instanceof Event\Test\BeforeFirstTestMethodErrored:
                $t = $event->throwable();
                foreach ($this->suiteTests[$event->testClassName()] ?? [] as $name) {
                    $this->emit(['name' => $name, 'status' => 'errored',
                        'message' => 'setUpBeforeClass: ' . $t->className() . ': ' . $t->message(),
                        'stack_trace' => self::stack($t), 'duration_ms' => 0]);
                }
                break;
            case $event instanceof Event\TestSuite\Skipped:
                $suite = $event->testSuite();
                foreach ($this->suiteTests[$suite->name()] ?? [] as $name) {
                    $this->emit(['name' => $name, 'status' => 'skipped', 'message' => $event->message(),
                        'stack_trace' => null, 'duration_ms' => 0]);
                }
                break;
            case $event instanceof Event\TestRunner\WarningTriggered:
                // e.g. "Class X cannot be found in /workspace/X.php": a test file PHPUnit 11 cannot use
                $msg = $event->message();
                if (preg_match('/cannot be found in (\S+)/', $msg, $m) && is_file($m[1])
                    && preg_match('/\bclass\s+\w+/i', (string) file_get_contents($m[1]))) {
                    $this->emit(['name' => basename($m[1]), 'status' => 'errored',
                        'message' => $msg . ' (PHPUnit 11 runs the TestCase class named after its file: '
                            . basename($m[1]) . ' must declare class ' . basename($m[1], '.php') . ')',
                        'stack_trace' => null, 'duration_ms' => 0]);
                } else {
                    fwrite(STDERR, "PHPUnit warning: $msg\n");
                }
                break;
            case $event instanceof Event\Test\Finished:
                if ($this->current === null) {
                    $this->current = ['name' => self::name($event->test()), 'status' => 'passed', 'message' => null,
                        'stack_trace' => null, 'duration_ms' => 0];
                }
                if (isset($this->current['start'])) {
                    $this->current['duration_ms'] = (int) round(
                        $event->telemetryInfo()->time()->duration($this->current['start'])->asFloat() * 1000);
                    unset($this->current['start']);
                }
                $this->emit($this->current);
                $this->current = null;
                break;
            case $event instanceof Event\TestRunner\ExecutionStarted:
                self::$started = true;
                break;
            case $event instanceof Event\TestRunner\Finished:
                $this->emit(['event' => 'done']);
                break;
        }
    }
}
