# RSpec, in-process (RSpec::Core::Runner, as the `rspec` command does), with a formatter that reports each example
# as it ends. RSpec's own report goes to /dev/null. A `.rspec` options file counts only when it was sent among the
# test files (a student's `.rspec` is ignored).
require 'rspec/core'

module Kerat
  class RSpecFormatter
    RSpec::Core::Formatters.register self, :example_passed, :example_failed, :example_pending

    FAILURES = %w[RSpec::Expectations::ExpectationNotMetError RSpec::Mocks::MockExpectationError
                  RSpec::Core::Pending::PendingExampleFixedError].freeze

    def initialize(_output)
      @names = {}
    end

    def example_passed(notification)
      emit(notification.example, 'passed')
    end

    def example_pending(notification)
      ex = notification.example
      emit(ex, 'skipped', ex.execution_result.pending_message)
    end

    def example_failed(notification)
      ex = notification.example
      e = ex.execution_result.exception
      failure = e.class.ancestors.any? { |a| FAILURES.include?(a.name.to_s) }
      message = failure ? e.message.to_s.strip : "#{e.class}: #{e.message}"
      trace = RSpec.configuration.backtrace_formatter.format_backtrace(e.backtrace || [], ex.metadata)
      emit(ex, failure ? 'failed' : 'errored', message, Kerat.backtrace(trace))
    end

    private

    def emit(example, status, message = nil, trace = nil)
      name = example.full_description.to_s
      name = example.location.to_s if name.strip.empty?
      name = "#{name} (#{example.location})" if @names.key?(name)
      @names[name] = true
      Kerat.add('name' => Kerat.text(name), 'status' => status, 'message' => Kerat.text(message),
                'stack_trace' => Kerat.text(trace),
                'duration_ms' => ((example.execution_result.run_time || 0) * 1000).round)
    end
  end

  # Errors outside examples (a spec file that raises while loading, a failing before(:suite) hook): RSpec reports
  # them through this method; each becomes an errored entry.
  module NonExampleErrors
    def notify_non_example_exception(exception, context_description)
      file = context_description.to_s[%r{loading (?:\./)?(\S+?)\.?(?:\s|\z)}, 1]
      name = file || context_description.to_s
      Kerat.add('name' => Kerat.text(name), 'status' => 'errored',
                'message' => Kerat.text("#{file ? "error while loading #{file}" : context_description.to_s.chomp('.')}: " \
                                        "#{exception.class}: #{exception.message}"),
                'stack_trace' => Kerat.text(Kerat.backtrace(
                  RSpec.configuration.backtrace_formatter.format_backtrace(exception.backtrace || []))),
                'duration_ms' => 0)
      super
    end
  end
  RSpec::Core::Reporter.prepend(NonExampleErrors)
end

RSpec::Core::Runner.disable_autorun!

tests = Kerat.split_names(ENV['KERAT_TEST_FILES'])
rb = tests.select { |f| f.end_with?('.rb') }
specs = rb.select { |f| f.end_with?('_spec.rb') }
specs = rb.reject { |f| %w[spec_helper.rb rails_helper.rb].include?(File.basename(f)) } if specs.empty?
options = tests.find { |f| File.basename(f) == '.rspec' } || File::NULL

null = File.open(File::NULL, 'w')
RSpec.configuration.add_formatter(Kerat::RSpecFormatter, null)
status = 1
begin
  status = RSpec::Core::Runner.run(['--options', options, '--no-color', '--'] + specs, $stderr, null)
  Kerat.finish
rescue SystemExit => e
  # `exit` in a spec or in the tested code ends the session: the examples that finished are kept, no "done"
  $stderr.puts("the test session ended with exit(#{e.status})") rescue nil
end
$stdout.flush rescue nil
$stderr.flush rescue nil
exit!(status.is_a?(Integer) ? status : 1)
