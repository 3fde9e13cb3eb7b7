<?php
// PHPUnit 9 listener (registered by harness.php's generated configuration): writes one JSON line per test to
// /kerat/out/results.jsonl and {"event": "done"} when the outermost suite has ended. Incomplete tests count as
// skipped; risky tests pass with a message; warnings (e.g. a broken data provider) are failures.
declare(strict_types=1);

use PHPUnit\Framework\AssertionFailedError;
use PHPUnit\Framework\ExceptionWrapper;
use PHPUnit\Framework\Test;
use PHPUnit\Framework\TestCase;
use PHPUnit\Framework\TestFailure;
use PHPUnit\Framework\TestListener;
use PHPUnit\Framework\TestListenerDefaultImplementation;
use PHPUnit\Framework\TestSuite;
use PHPUnit\Framework\Warning;
use PHPUnit\Util\Filter;

final class KeratListener implements TestListener
{
    use TestListenerDefaultImplementation;

    private int $depth = 0;
    private ?array $current = null;
    private string $file;

    public function __construct()
    {
        $this->file = getenv('KERAT_RESULTS_FILE') ?: '/kerat/out/results.jsonl';
    }

    private function emit(array $line): void
    {
        $json = json_encode($line, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE);
        file_put_contents($this->file, $json . "\n", FILE_APPEND);
    }

    private static function name(Test $test): string
    {
        if ($test instanceof TestCase) {
            return get_class($test) . '::' . $test->getName();
        }
        return method_exists($test, 'toString') ? $test->toString() : get_class($test);
    }

    private static function trace(\Throwable $t): string
    {
        $trace = Filter::getFilteredStacktrace($t);
        // the harness's own files are no business of the student's
        $lines = array_filter(explode("\n", $trace), static fn ($l) => strpos($l, '/kerat/runner/') !== 0);
        return trim(implode("\n", $lines));
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

    public function startTestSuite(TestSuite $suite): void
    {
        if ($this->depth === 0) {
            // tells the harness that the tests started: from here on, an early exit is the tests' doing
            touch(sys_get_temp_dir() . '/kerat-phpunit.started');
        }
        $this->depth++;
    }

    public function endTestSuite(TestSuite $suite): void
    {
        if (--$this->depth === 0) {
            $this->emit(['event' => 'done']);
        }
    }

    public function startTest(Test $test): void
    {
        $this->current = ['name' => self::name($test), 'status' => 'passed', 'message' => null,
            'stack_trace' => null, 'duration_ms' => 0];
    }

    public function addError(Test $test, \Throwable $t, float $time): void
    {
        $class = $t instanceof ExceptionWrapper ? $t->getClassName() : get_class($t);
        $this->mark('errored', $class . ': ' . $t->getMessage(), self::trace($t));
    }

    public function addFailure(Test $test, AssertionFailedError $e, float $time): void
    {
        $this->mark('failed', trim(TestFailure::exceptionToString($e)), self::trace($e));
    }

    public function addWarning(Test $test, Warning $e, float $time): void
    {
        $this->mark('failed', 'warning: ' . $e->getMessage(), self::trace($e));
    }

    public function addIncompleteTest(Test $test, \Throwable $t, float $time): void
    {
        $this->mark('skipped', 'incomplete: ' . $t->getMessage());
    }

    public function addSkippedTest(Test $test, \Throwable $t, float $time): void
    {
        $this->mark('skipped', $t->getMessage());
    }

    public function addRiskyTest(Test $test, \Throwable $t, float $time): void
    {
        if ($this->current !== null && $this->current['status'] === 'passed' && $this->current['message'] === null) {
            $this->current['message'] = 'risky: ' . $t->getMessage();
        }
    }

    public function endTest(Test $test, float $time): void
    {
        if ($this->current === null) {
            $this->current = ['name' => self::name($test), 'status' => 'passed', 'message' => null,
                'stack_trace' => null];
        }
        $this->current['duration_ms'] = (int) round($time * 1000);
        $this->emit($this->current);
        $this->current = null;
    }
}
