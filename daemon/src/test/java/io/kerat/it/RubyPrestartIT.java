package io.kerat.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.kerat.Kerat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15: a pooled Ruby sandbox whose init is the interpreter itself, started ahead ({@code runners/ruby/prestart/
 * boot.rb}), runs the program as a cold {@code ruby main.rb} would: each probe runs cold, then warm; the answers must
 * be identical, and each warm run must have been run by the started interpreter ({@link PrestartProbes}).
 */
class RubyPrestartIT {
    private static final String INFO = """
            x = 1
            p $0, $PROGRAM_NAME, $0.encoding, $0.frozen?, __FILE__, __dir__, __method__, self, ARGV
            p ARGV.map(&:encoding), ARGV.map(&:frozen?), binding.local_variables
            p $LOADED_FEATURES
            p $LOAD_PATH
            p global_variables.sort, Object.constants.sort, private_methods.sort.size, Object.instance_methods.size
            p ENV.to_h.sort # (runsc passes a cold start's environment in no fixed order)
            p Dir.pwd, Dir.children('/kerat/out').sort, Dir.children('/workspace').sort
            p %i[NPROC NOFILE FSIZE].map { |r| Process.getrlimit(r) }
            p Encoding.default_external, Encoding.default_internal, $stdout.sync, $stdin.external_encoding, $VERBOSE
            p $stdin.read
            p RubyVM::InstructionSequence.compile_option[:frozen_string_literal], "lit".frozen?
            require_relative 'helper'
            p Helper.where, $LOADED_FEATURES.grep(/helper/)
            puts 'main' if __FILE__ == $0
            """;
    private static final String HELPER = "module Helper\n  def self.where = __dir__\nend\n";
    private static final PrestartProbes PROBES = new PrestartProbes("ruby");

    static {
        PrestartProbes p = PROBES;
        p.probe("info", "main.rb", "in put", List.of("a", "b c", "ü", "--flag"), "main.rb", INFO, "helper.rb", HELPER);
        p.probe("info in a subdirectory", "app/main.rb", null, List.of(), "app/main.rb", INFO, "app/helper.rb", HELPER);
        p.probe("stdin echo, binary", "main.rb", "GO\n\u0000\r\n\u00e9\u20ac\ud83d\ude00\nx", List.of(), "main.rb",
                "$stdin.binmode\nfirst = $stdin.gets\nrest = $stdin.read\n$stdout.write(first, '|', rest)\np first, rest\n");
        p.probe("gets then read", "main.rb", "line one\nline two\n", List.of(), "main.rb",
                "a = gets\np a, $stdin.read, $_\n");
        p.probe("exit 3", "main.rb", null, List.of(), "main.rb", "puts 'before'\nexit 3\n");
        p.probe("exit! 5", "main.rb", null, List.of(), "main.rb",
                "at_exit { puts 'never' }\n$stdout.write('x')\n$stdout.flush\nexit! 5\n");
        p.probe("abort('msg')", "main.rb", null, List.of(), "main.rb", "at_exit { puts 'at exit' }\nabort('a message')\n");
        p.probe("uncaught exception, chained, highlighted", "main.rb", null, List.of(), "main.rb", """
                def inner
                  nil.upcase
                end
                def outer
                  inner
                rescue NoMethodError
                  raise ArgumentError, 'wrapped'
                end
                puts 'start'
                outer
                """);
        p.probe("uncaught exception in a required file", "main.rb", null, List.of(),
                "main.rb", "require_relative 'lib'\nLib.boom\n", "lib.rb", "module Lib\n  def self.boom = 1 / 0\nend\n");
        p.probe("at_exit order and threads", "main.rb", null, List.of(), "main.rb", """
                at_exit { puts "at_exit 1 #{$!.inspect}" }
                at_exit { puts 'at_exit 2' }
                t = Thread.new { sleep 0.2; puts 'thread ends' }
                Thread.new { sleep }
                puts "main ends #{Thread.list.size}"
                t.join
                exit 4
                """);
        p.probe("Interrupt", "main.rb", null, List.of(), "main.rb", "puts 'x'\nraise Interrupt\n");
        p.probe("SIGTERM to itself", "main.rb", null, List.of(), "main.rb",
                "puts 'x'\n$stdout.flush\nProcess.kill('TERM', Process.pid)\nsleep 3\nputs 'not reached'\n");
        p.probe("syntax error (the cold command runs)", "main.rb", null, List.of(), "main.rb", "puts 'a'\nx = (\n");
        p.probe("parser warning", "main.rb", null, List.of(), "main.rb", "x = 1\nif x = 2 then puts x end\n");
        p.probe("__END__ and DATA (the cold command runs)", "main.rb", null, List.of(), "main.rb",
                "p DATA.read\n__END__\nhello\n");
        p.probe("magic comment, top-level return", "main.rb", null, List.of(), "main.rb",
                "# frozen_string_literal: true\np 'lit'.frozen?, __LINE__\nreturn\nputs 'not reached'\n");
        p.probe("the request's own rlimits", "main.rb", null, List.of(), "main.rb", """
                p %i[NPROC NOFILE FSIZE].map { |r| Process.getrlimit(r) }
                begin
                  File.binwrite('/tmp/big', 'x' * (2 << 20))
                rescue SystemCallError => e
                  p e.class
                end
                p File.size('/tmp/big')
                """).put("limits", Map.of("processes", 8L, "file_size_bytes", 1L << 20));
        p.probe("large output", "main.rb", null, List.of(), "main.rb", "puts 'y' * 300_000\nputs 'end'\n");
    }

    @BeforeAll
    static void start() throws Exception {
        ItSupport.daemon("ruby");
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        Kerat k = ItSupport.daemon();
        k.executor().configurePool(Map.of("ruby", 0), 1L << 30);
        ItSupport.assertNothingLeft();
    }

    @Test
    void warmRunsAreIdenticalToColdOnes() throws Exception {
        Map<String, JsonNode> cold = PROBES.compare(ItSupport.daemon("ruby"));
        // the probes did exercise what they name
        assertEquals(3, cold.get("exit 3").path("run").path("exit_code").asInt());
        assertEquals(5, cold.get("exit! 5").path("run").path("exit_code").asInt());
        assertEquals(4, cold.get("at_exit order and threads").path("run").path("exit_code").asInt());
        assertTrue(cold.get("at_exit order and threads").path("run").path("stdout").asText()
                .endsWith("thread ends\nat_exit 2\nat_exit 1 #<SystemExit: exit>\n"), cold.get("at_exit order and threads")::toString);
        String chained = cold.get("uncaught exception, chained, highlighted").path("run").path("stderr").asText();
        assertTrue(chained.contains("main.rb:2:in `inner': undefined method `upcase' for nil (NoMethodError)")
                && chained.contains("^^^^^^^") && chained.contains("from main.rb:10:in `<main>'"), chained);
        assertTrue(cold.get("info").path("run").path("stdout").asText().contains("KERAT_ENTRYPOINT"));
        assertTrue(cold.get("info").path("run").path("stdout").asText().contains("\"in put\"\n"));
        assertTrue(cold.get("parser warning").path("run").path("stderr").asText().contains("warning"));
        assertEquals("\"hello\\n\"\n", cold.get("__END__ and DATA (the cold command runs)").path("run")
                .path("stdout").asText());
    }

    /** What tells the started interpreter from a cold one: the process's original argv[0] names the bootstrap. */
    @Test
    void theStartedInterpreterRunsTheProgramItself() throws Exception {
        Kerat k = ItSupport.daemon("ruby");
        ItSupport.enablePool("ruby", 1);
        Map<String, Object> req = ItSupport.run("ruby", "main.rb", "main.rb", "p Process.argv0, $0");
        long before = k.executor().poolInterpreterRuns();
        JsonNode warm = PrestartProbes.servedWarm(k, req);
        assertEquals("\"/kerat/runner/prestart/boot.rb\"\n\"main.rb\"\n", warm.path("run").path("stdout").asText(),
                warm::toString);
        assertEquals(before + 1, k.executor().poolInterpreterRuns());

        // tests mode runs another command (ruby --disable-gems harness.rb): the started interpreter execs it
        Map<String, Object> tests = ItSupport.run("ruby", "calc.rb", "calc.rb", "def add(a, b) = a + b\n");
        tests.put("tests", ItSupport.files("test_calc.rb", "require 'minitest/autorun'\nrequire 'calc'\n"
                + "class TestCalc < Minitest::Test\n  def test_add = assert_equal(3, add(1, 2))\nend\n"));
        JsonNode t = PrestartProbes.testsServedWarm(k, tests);
        assertEquals("ok", t.path("status").asText(), t::toString);
        assertEquals("passed", ItSupport.testNamed(t, "TestCalc#test_add").path("status").asText(), t::toString);
    }
}
