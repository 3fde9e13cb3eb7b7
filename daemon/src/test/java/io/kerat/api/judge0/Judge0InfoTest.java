package io.kerat.api.judge0;

import io.kerat.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Judge0InfoTest {
    /** Every key of the Config model of Judge0's Python SDK (it needs all of them). */
    static final Set<String> SDK_CONFIG_KEYS = Set.of("allow_enable_network",
            "allow_enable_per_process_and_thread_memory_limit", "allow_enable_per_process_and_thread_time_limit",
            "allowed_languages_for_compile_options", "callbacks_max_tries", "callbacks_timeout", "cpu_extra_time",
            "cpu_time_limit", "enable_additional_files", "enable_batched_submissions", "enable_callbacks",
            "enable_command_line_arguments", "enable_compiler_options", "enable_network",
            "enable_per_process_and_thread_memory_limit", "enable_per_process_and_thread_time_limit",
            "enable_submission_delete", "enable_wait_result", "maintenance_mode", "max_cpu_extra_time",
            "max_cpu_time_limit", "max_extract_size", "max_file_size", "max_max_file_size",
            "max_max_processes_and_or_threads", "max_memory_limit", "max_number_of_runs",
            "max_processes_and_or_threads", "max_queue_size", "max_stack_limit", "max_submission_batch_size",
            "max_wall_time_limit", "memory_limit", "number_of_runs", "redirect_stderr_to_stdout", "stack_limit",
            "submission_cache_duration", "use_docs_as_homepage", "wall_time_limit");

    @Test
    void configInfoHasEveryKeyTheSdkNeedsInJudge0Units() {
        Settings s = Settings.fromEnvironment(Map.of("KERAT_HOME", "/nonexistent-kerat-home"));
        Map<String, Object> c = Judge0Info.configInfo(s, Judge0Options.defaults(), true);
        assertEquals(new TreeSet<>(SDK_CONFIG_KEYS), new TreeSet<>(c.keySet()));
        assertEquals(3.0, c.get("cpu_time_limit"));
        assertEquals(30.0, c.get("max_cpu_time_limit"));
        assertEquals(5.0, c.get("wall_time_limit"));
        assertEquals(262144L, c.get("memory_limit"));
        assertEquals(2097152L, c.get("max_memory_limit"));
        assertEquals(16384L, c.get("max_file_size"));
        assertEquals(20, c.get("max_number_of_runs"));
        assertEquals("1.13.1", Judge0Info.about().get("version"), "the SDK picks its language table by this version");
    }
}
