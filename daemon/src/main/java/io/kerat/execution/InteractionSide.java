package io.kerat.execution;

import io.kerat.sandbox.SandboxResult;
import io.kerat.sandbox.StageStreams;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * One sandbox of an interaction, seen through {@link StageStreams}: its stdout goes into {@code toOther}, its stdin
 * comes from {@code fromOther}; stderr stays its own (captured and capped as always). When the sandbox ends, the
 * other side gets end of file and {@code onEnd} is told how it ended.
 */
final class InteractionSide implements StageStreams {
    private final HostPipe fromOther;
    private final HostPipe toOther;
    private final Runnable exited;
    private final Consumer<SandboxResult> onEnd;

    /** {@code exited}: told as soon as the sandbox's process is gone, before its teardown. */
    InteractionSide(HostPipe fromOther, HostPipe toOther, Runnable exited, Consumer<SandboxResult> onEnd) {
        this.fromOther = fromOther;
        this.toOther = toOther;
        this.exited = exited;
        this.onEnd = onEnd;
    }

    @Override
    public void output(boolean stderr, byte[] buf, int off, int len) {
        if (!stderr) {
            toOther.write(buf, off, len);
        }
    }

    @Override
    public boolean streamsStdin() {
        return true;
    }

    @Override
    public void pumpStdin(OutputStream stdin) throws IOException, InterruptedException {
        fromOther.drainTo(stdin);
    }

    @Override
    public void processEnded() {
        exited.run();
    }

    @Override
    public void stageEnded(SandboxResult result) {
        ended(result);
    }

    /**
     * The sandbox is gone: end of file for the other side, and {@code onEnd} told how it ended (null: its stage
     * failed without a result). May be called more than once; {@code onEnd} must not mind.
     */
    void ended(SandboxResult result) {
        toOther.close();
        onEnd.accept(result);
    }
}
