package io.kerat.http;

import io.kerat.Kerat;
import io.kerat.api.judge0.Judge0Options;

import java.util.List;

/**
 * Every dialect the daemon answers, in the order they are asked: the one list `kerat serve`, the integration tests'
 * in-process daemon and the benchmark all use. Dialects with stored submissions register their handlers when they
 * are built here, so call {@code kerat.submissions().start()} after this.
 */
public final class AllRoutes {
    private AllRoutes() {}

    public static List<Routes> of(Kerat kerat) {
        return List.of(new NativeRoutes(kerat), new SubmissionRoutes(kerat), new DialectRoutes(kerat),
                new PistonRoutes(kerat), new Judge0Routes(kerat, Judge0Options.fromEnvironment(), kerat.submissions()),
                new MetricsRoutes(kerat));
    }
}
