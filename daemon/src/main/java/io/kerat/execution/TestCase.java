package io.kerat.execution;

/** One stdin case; {@code expectedOutput} null means "just run it". */
public record TestCase(byte[] stdin, String expectedOutput) {
}
