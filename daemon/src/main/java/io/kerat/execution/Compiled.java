package io.kerat.execution;

import java.nio.file.Path;

/** A compile's outcome and, when it succeeded, the directory later stages get read-only at /kerat/build. */
record Compiled(StageResult result, Path build) {
}
