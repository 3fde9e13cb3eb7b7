package io.kerat.execution;

/** One test of a suite, as reported by the language's harness. */
public record TestResult(String name, String status, boolean passed, String message, String stackTrace,
                         long durationMs) {
}
