package io.kerat.execution;

/** One finished sandbox: its stage directory (null when it never started) and its verdict. */
record Stage(StageDir dir, StageResult result) {
}
