<?php
// Kerat: what the started interpreter's command line code (runner.json "prestart") does with an exception the program
// did not catch (boot.php). It drops the frame of that code's `include` of the program from the exception's trace and
// from those of its previous ones, then does what php does with an uncaught exception in a cold `php <file>`: calls
// the program's exception handler if it set one (unset during the call, as php does; the script then ends normally),
// else throws it again, uncaught, so that php prints it (stack trace, "thrown in") and ends with 255. (php -r code's
// own uncaught exceptions skip the handler, hence the call here.) The global that held the exception is unset first.
(function () {
    $e = $GLOBALS['__kerat_uncaught'];
    unset($GLOBALS['__kerat_uncaught']);
    for ($c = $e; $c !== null; $c = $c->getPrevious()) {
        $trace = $c->getTrace();
        $n = count($trace);
        while ($n > 0 && ($trace[$n - 1]['file'] ?? null) === 'Command line code') {
            array_pop($trace);
            $n--;
        }
        if ($n !== count($c->getTrace())) {
            (new \ReflectionProperty($c instanceof \Exception ? \Exception::class : \Error::class, 'trace'))
                ->setValue($c, $trace);
        }
    }
    $handler = set_exception_handler(null);
    if ($handler === null) {
        throw $e;
    }
    $handler($e);
})();
