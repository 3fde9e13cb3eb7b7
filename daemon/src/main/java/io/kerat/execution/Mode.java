package io.kerat.execution;

/** What a request asks for. */
public enum Mode {
    /** Run the program once with the request's stdin. */
    RUN,
    /** Compile once, run once per stdin case, compare outputs. */
    CASES,
    /** Run the language's test framework over the files plus the test files. */
    TESTS
}
