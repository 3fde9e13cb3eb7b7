package io.kerat.sandbox;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A live view of a request's sandboxes, for clients that take output as it comes and give input as they type
 * (Piston's WebSocket sessions, the interleaved {@code output} of Piston's execute; later the pipes of
 * interactive problems). Called from the sandbox's I/O threads: implementations must be thread-safe and must not
 * block for long in {@link #output}. Every limit of the stage still applies: output past the stage's cap is never
 * passed on, and the wall clock runs whether or not input comes.
 */
public interface StageStreams {
    /** A sandbox for {@code stage} ("compile", "run", ...) is about to start. */
    default void stageStarted(String stage) {
    }

    /**
     * A chunk of the program's output as it was read, in arrival order per stream; only bytes within the stage's
     * output cap are passed on.
     */
    void output(boolean stderr, byte[] buf, int off, int len);

    /**
     * True when chunks of stdout and stderr must arrive in the order the program wrote them (one thread then reads
     * both pipes; such a stage never takes a pre-started sandbox from the warm pool, whose readers already run).
     */
    default boolean needsOrder() {
        return false;
    }

    /** True when {@link #pumpStdin} supplies standard input instead of the request's fixed stdin. */
    default boolean streamsStdin() {
        return false;
    }

    /**
     * Writes standard input as it arrives and returns when there is no more (the runner then closes it). The
     * thread is interrupted when the sandbox ends; a write then fails with an {@link IOException}.
     */
    default void pumpStdin(OutputStream stdin) throws IOException, InterruptedException {
    }

    /** The sandbox of the stage last started has ended with {@code result}. */
    default void stageEnded(SandboxResult result) {
    }
}
