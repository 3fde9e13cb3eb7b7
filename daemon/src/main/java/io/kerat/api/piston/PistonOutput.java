package io.kerat.api.piston;

import io.kerat.sandbox.StageStreams;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Records each stage's stdout and stderr chunks in the order they were read, for Piston's {@code output} field
 * (both streams interleaved). Only what the sandbox kept within its output cap arrives here.
 */
public final class PistonOutput implements StageStreams {
    private final Map<String, ByteArrayOutputStream> stages = new HashMap<>();
    private ByteArrayOutputStream current;

    @Override
    public boolean needsOrder() {
        return true;
    }

    @Override
    public synchronized void stageStarted(String stage) {
        current = stages.computeIfAbsent(stage, s -> new ByteArrayOutputStream());
    }

    @Override
    public synchronized void output(boolean stderr, byte[] buf, int off, int len) {
        if (current != null) {
            current.write(buf, off, len);
        }
    }

    /** The interleaved output of {@code stage}, or null when no sandbox ran for it. */
    public synchronized byte[] of(String stage) {
        ByteArrayOutputStream b = stages.get(stage);
        return b == null ? null : b.toByteArray();
    }
}
