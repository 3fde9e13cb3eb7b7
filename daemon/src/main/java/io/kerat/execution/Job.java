package io.kerat.execution;

import io.kerat.image.ImageInfo;
import io.kerat.runner.RunnerDef;
import io.kerat.sandbox.CancelToken;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Everything one request's stages share: its id and directory, runner, image, request, cancel token and trace. */
record Job(String id, Path dir, RunnerDef runner, ImageInfo image, ExecutionRequest request, CancelToken cancel,
           RunTrace trace, CompileState compile) {

    /** Whether the compile came from the cache, and the cache leases to release when the request is done. */
    static final class CompileState {
        Boolean cached;
        final List<CompileCache.Lease> leases;

        CompileState() {
            this(new ArrayList<>());
        }

        /** A state whose leases are released with another's (a checker's compile, released with the request's). */
        CompileState(List<CompileCache.Lease> leases) {
            this.leases = leases;
        }
    }
}
