# Test harness: loads every test file into this process and runs their Minitest tests once, with a reporter that
# writes one JSON line per test to /kerat/out/results.jsonl and a final {"event": "done"} once the run ended.
# A syntax error in a test file or in code it loads is reported as {"event": "compile_error"}; any other error
# while loading a file becomes an "errored" entry named after the file.
require 'json'
require 'minitest'

module Kerat
  RESULTS = ENV.fetch('KERAT_RESULTS_FILE', '/kerat/out/results.jsonl')

  def self.text(s)
    s.to_s.dup.force_encoding(Encoding::UTF_8).scrub
  end

  def self.emit(obj)
    File.open(RESULTS, 'a') { |f| f.write(JSON.generate(obj) + "\n") }
  end

  def self.backtrace(lines)
    Minitest.filter_backtrace(lines || []).reject { |l| l.start_with?('/kerat/runner/', '<internal:') }.join("\n")
  end

  # Records each test's outcome as soon as Minitest has it.
  class Reporter < Minitest::AbstractReporter
    def record(result)
      failure = result.failure
      entry = { 'name' => "#{result.klass}##{result.name}", 'status' => 'passed', 'message' => nil,
                'stack_trace' => nil, 'duration_ms' => (result.time * 1000).round }
      if result.skipped?
        entry['status'] = 'skipped'
        entry['message'] = Kerat.text(failure.message)
      elsif failure.is_a?(Minitest::UnexpectedError)
        e = failure.error
        entry['status'] = 'errored'
        entry['message'] = Kerat.text("#{e.class}: #{e.message}")
        entry['stack_trace'] = Kerat.text(Kerat.backtrace(e.backtrace))
      elsif failure
        entry['status'] = 'failed'
        entry['message'] = Kerat.text(failure.message)
        entry['stack_trace'] = Kerat.text(Kerat.backtrace(failure.backtrace))
      end
      Kerat.emit(entry)
    end
  end
end

module Minitest
  def self.plugin_kerat_init(_options)
    reporter << Kerat::Reporter.new
  end
end
Minitest.extensions << 'kerat'
# test files usually `require "minitest/autorun"`: the harness runs the tests itself, exactly once
Minitest.class_variable_set(:@@installed_at_exit, true)

$LOAD_PATH.unshift(Dir.pwd)
ENV.fetch('KERAT_TEST_FILES', '').split(':').reject(&:empty?).each do |f|
  begin
    load File.expand_path(f)
  rescue SyntaxError => e
    Kerat.emit('event' => 'compile_error', 'message' => Kerat.text(e.message))
    Kerat.emit('event' => 'done')
    exit 1
  rescue StandardError, ScriptError => e
    Kerat.emit('name' => f, 'status' => 'errored', 'message' => Kerat.text("cannot load #{f}: #{e.class}: #{e.message}"),
               'stack_trace' => Kerat.text(Kerat.backtrace(e.backtrace)), 'duration_ms' => 0)
    $kerat_load_failed = true
  end
end

ok = Minitest.run(['--seed', '1'])
Kerat.emit('event' => 'done')
exit(ok && !$kerat_load_failed ? 0 : 1)
