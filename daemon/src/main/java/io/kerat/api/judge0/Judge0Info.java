package io.kerat.api.judge0;

import io.kerat.config.Limits;
import io.kerat.config.Settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bodies of {@code GET /about}, {@code /config_info} and {@code /system_info}: Kerat's real values in Judge0's keys and units. */
public final class Judge0Info {
    /** The Judge0 CE version whose API this dialect speaks. */
    public static final String VERSION = "1.13.1";
    /** Judge0's limit on submissions per batch. */
    public static final int MAX_BATCH = 20;

    private Judge0Info() {}

    public static Map<String, Object> about() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", VERSION);
        m.put("homepage", null);
        m.put("source_code", null);
        m.put("maintainer", "Kerat (the Judge0 CE " + VERSION + " API on gVisor sandboxes)");
        return m;
    }

    /**
     * Judge0's {@code config_info}: Kerat's defaults and maxima of the run stage (of languages without their own
     * limits) in seconds and KB; {@code stack_limit} is bounded only by the memory limit in Kerat. With the store
     * ({@code async}), the queue and the callbacks are the store's.
     */
    public static Map<String, Object> configInfo(Settings s, Judge0Options o, boolean callbacks) {
        Limits d = s.runDefaults();
        Limits m = s.runMaximum();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("maintenance_mode", false);
        c.put("enable_wait_result", true);
        c.put("enable_compiler_options", true);
        c.put("allowed_languages_for_compile_options", List.of("C", "C++"));
        c.put("enable_command_line_arguments", true);
        c.put("enable_submission_delete", o.enableSubmissionDelete());
        c.put("enable_callbacks", callbacks);
        c.put("callbacks_max_tries", s.submissions().callbackAttempts());
        c.put("callbacks_timeout", s.submissions().callbackTimeoutMs() / 1000.0);
        c.put("enable_additional_files", true);
        c.put("max_queue_size", callbacks ? s.submissions().maxQueued() : s.queue());
        c.put("cpu_time_limit", d.cpuTimeMs() / 1000.0);
        c.put("max_cpu_time_limit", m.cpuTimeMs() / 1000.0);
        c.put("cpu_extra_time", 0.0);
        c.put("max_cpu_extra_time", m.cpuTimeMs() / 1000.0);
        c.put("wall_time_limit", d.wallTimeMs() / 1000.0);
        c.put("max_wall_time_limit", m.wallTimeMs() / 1000.0);
        c.put("memory_limit", d.memoryBytes() / 1024);
        c.put("max_memory_limit", m.memoryBytes() / 1024);
        c.put("stack_limit", Math.min(64000, d.memoryBytes() / 1024));
        c.put("max_stack_limit", m.memoryBytes() / 1024);
        c.put("max_processes_and_or_threads", d.processes());
        c.put("max_max_processes_and_or_threads", m.processes());
        c.put("enable_per_process_and_thread_time_limit", false);
        c.put("allow_enable_per_process_and_thread_time_limit", true);
        c.put("enable_per_process_and_thread_memory_limit", false);
        c.put("allow_enable_per_process_and_thread_memory_limit", true);
        c.put("max_file_size", d.fileSizeBytes() / 1024);
        c.put("max_max_file_size", m.fileSizeBytes() / 1024);
        c.put("number_of_runs", 1);
        c.put("max_number_of_runs", o.maxNumberOfRuns());
        c.put("redirect_stderr_to_stdout", false);
        c.put("max_extract_size", s.maxTotalFileBytes() / 1024);
        c.put("enable_batched_submissions", true);
        c.put("max_submission_batch_size", MAX_BATCH);
        c.put("submission_cache_duration", 0.0);
        c.put("use_docs_as_homepage", false);
        c.put("allow_enable_network", false);
        c.put("enable_network", false);
        return c;
    }

    public static Map<String, Object> systemInfo(Settings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Architecture", System.getProperty("os.arch"));
        m.put("CPU(s)", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("Kernel", System.getProperty("os.version"));
        m.put("Sandbox", "gVisor (runsc, platform " + s.platform() + ")");
        m.put("Concurrency", String.valueOf(s.concurrency()));
        return m;
    }
}
