package io.kerat.execution;

import io.kerat.oci.SpecBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A stage's argv and environment, from the runner's templates and the request. Pure. */
final class Commands {
    private Commands() {}

    static List<String> argv(Job job, List<String> argvTemplate, List<String> extraArgs) {
        List<String> argv = new ArrayList<>();
        for (String a : argvTemplate) {
            argv.add(expand(a, job.request().entrypoint()));
        }
        if (extraArgs != null) {
            argv.addAll(extraArgs);
        }
        return argv;
    }

    static Map<String, String> environment(Job job, Map<String, String> cmdEnv) {
        Map<String, String> env = new TreeMap<>(SpecBuilder.baseEnv());
        env.putAll(job.runner().env());
        if (cmdEnv != null) {
            env.putAll(cmdEnv);
        }
        env.put("KERAT_ENTRYPOINT", job.request().entrypoint());
        env.put("KERAT_SOURCE_FILES", joinNames(job.request().files()));
        if (job.request().tests() != null && !job.request().tests().isEmpty()) {
            env.put("KERAT_TEST_FILES", joinNames(job.request().tests()));
            if (job.request().framework() != null) {
                env.put("KERAT_FRAMEWORK", job.request().framework());
            }
        }
        return env;
    }

    static String expand(String arg, String entrypoint) {
        String stem = entrypoint;
        int slash = stem.lastIndexOf('/');
        int dot = stem.lastIndexOf('.');
        if (dot > slash + 0 && dot > 0) {
            stem = stem.substring(0, dot);
        }
        return arg.replace("{entrypoint}", entrypoint)
                .replace("{entrypoint_stem}", stem)
                .replace("{entrypoint_class}", stem.replace('/', '.'));
    }

    private static String joinNames(List<SourceFile> files) {
        StringBuilder b = new StringBuilder();
        for (SourceFile f : files) {
            if (b.length() > 0) {
                b.append(':');
            }
            b.append(f.name());
        }
        return b.toString();
    }
}
