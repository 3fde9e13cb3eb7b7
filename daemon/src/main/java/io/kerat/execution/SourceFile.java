package io.kerat.execution;

/** A submitted file: a validated relative name and its decoded bytes. */
public record SourceFile(String name, byte[] content) {
}
